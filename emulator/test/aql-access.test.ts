import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, startServer, type EmulatorCluster } from 'arangots-emulator';
import { call, PASSWORD, type RawResponse } from './http.js';

/** AQL checks the caller's rights on every data source it touches (TransactionState::checkCollectionPermission). */

const U: [string, string] = ['reader', 'r-pw'];
let cluster: EmulatorCluster;
let single: EmulatorCluster;

async function setUp(url: string): Promise<void> {
  const ok = async (r: Promise<RawResponse>): Promise<void> => expect((await r).status).toBeLessThan(300);
  for (const name of ['open', 'readonly', 'hidden']) await ok(call(url, 'POST', '/_api/collection', { body: { name } }));
  await ok(call(url, 'POST', '/_api/collection', { body: { name: 'e', type: 3 } }));
  await ok(call(url, 'POST', '/_api/document/open', { body: { _key: 'a' } }));
  await ok(call(url, 'POST', '/_api/document/hidden', { body: { _key: 'h1', secret: 's3cr3t' } }));
  await ok(call(url, 'POST', '/_api/document/e', { body: { _from: 'open/a', _to: 'hidden/h1' } }));
  await ok(call(url, 'POST', '/_api/gharial', { body: { name: 'g', edgeDefinitions: [{ collection: 'e', from: ['open'], to: ['hidden'] }] } }));
  await ok(call(url, 'POST', '/_api/view', { body: { name: 'v', type: 'arangosearch', links: { hidden: { includeAllFields: true } } } }));
  await ok(call(url, 'POST', '/_api/user', { body: { user: U[0], passwd: U[1] } }));
  await ok(call(url, 'PUT', `/_api/user/${U[0]}/database/_system`, { body: { grant: 'rw' } }));
  await ok(call(url, 'PUT', `/_api/user/${U[0]}/database/_system/readonly`, { body: { grant: 'ro' } }));
  await ok(call(url, 'PUT', `/_api/user/${U[0]}/database/_system/hidden`, { body: { grant: 'none' } }));
}

beforeAll(async () => {
  cluster = await startCluster({ coordinators: 1, rootPassword: PASSWORD });
  single = await startServer({ rootPassword: PASSWORD });
  await setUp(cluster.urls[0] as string);
  await setUp(single.urls[0] as string);
});
afterAll(async () => {
  await Promise.all([cluster.close(), single.close()]);
});

function query(url: string, q: string, bindVars: Record<string, unknown> = {}, options: Record<string, unknown> = {}): Promise<RawResponse> {
  return call(url, 'POST', '/_api/cursor', { auth: U, body: { query: q, bindVars, options } });
}

function refused(r: RawResponse, errorNum: number, message: string): void {
  expect(r.status).toBe(403);
  expect(r.json).toEqual({ error: true, code: 403, errorNum, errorMessage: message });
  expect(r.text).not.toContain('s3cr3t');
}

const forbiddenAtRun = 'AQL: forbidden: hidden [read] (while executing)';
const forbiddenAtSetUp = 'AQL: forbidden: hidden [read] (while parsing)';

describe('AQL data-source permissions', () => {
  it('DOCUMENT() on a forbidden collection is 403 / 11, never the document', async () => {
    for (const url of [cluster.urls[0] as string, single.urls[0] as string]) {
      refused(await query(url, 'RETURN DOCUMENT("hidden/h1")'), 11, forbiddenAtRun);
      refused(await query(url, 'RETURN DOCUMENT("hidden", "h1")'), 11, forbiddenAtRun);
      refused(await query(url, 'RETURN DOCUMENT(@id)', { id: 'hidden/h1' }), 11, forbiddenAtRun);
      refused(await query(url, 'FOR id IN ["open/a", "hidden/h1"] RETURN DOCUMENT(id)'), 11, forbiddenAtRun);
      // an unknown collection is still just null
      expect((await query(url, 'RETURN DOCUMENT("nosuch/x")')).json.result).toEqual([null]);
      expect((await query(url, 'RETURN DOCUMENT("open/a")._key')).json.result).toEqual(['a']);
    }
  });

  it('collections read or written: 403 / 11 without access, 403 / 1004 writing read-only', async () => {
    const url = cluster.urls[0] as string;
    refused(await query(url, 'FOR d IN hidden RETURN d'), 11, forbiddenAtSetUp);
    refused(await query(url, 'FOR d IN @@c RETURN d', { '@c': 'hidden' }), 11, forbiddenAtSetUp);
    refused(await query(url, 'RETURN LENGTH(hidden)'), 11, forbiddenAtSetUp);
    refused(await query(url, 'RETURN COLLECTION_COUNT("hidden")'), 11, forbiddenAtRun);
    refused(await query(url, 'INSERT {} INTO hidden'), 11, 'AQL: forbidden: hidden [write] (while parsing)');
    refused(await query(url, 'INSERT {} INTO readonly'), 1004, 'AQL: read only: readonly [write] (while parsing)');
    refused(await query(url, 'FOR d IN open UPDATE d WITH { x: 1 } IN readonly'), 1004, 'AQL: read only: readonly [write] (while parsing)');
    expect((await query(url, 'FOR d IN readonly RETURN d')).status).toBe(201);
    expect((await query(url, 'INSERT {} INTO open RETURN NEW._key')).status).toBe(201);
    // a stream cursor and an explain check the same
    const stream = await query(url, 'FOR d IN hidden RETURN d', {}, { stream: true });
    expect(stream.status).toBe(403);
    expect(stream.json).toMatchObject({ errorNum: 11 });
    const explain = await call(url, 'POST', '/_api/explain', { auth: U, body: { query: 'FOR d IN hidden RETURN d' } });
    expect(explain.status).toBe(403);
    expect(explain.json).toMatchObject({ errorNum: 11 });
  });

  it('COLLECTIONS() lists only what the caller may read', async () => {
    const r = await query(cluster.urls[0] as string, 'RETURN COLLECTIONS()[* FILTER !STARTS_WITH(CURRENT.name, "_")].name');
    expect(r.json.result).toEqual([['e', 'open', 'readonly']]);
    const root = await call(cluster.urls[0] as string, 'POST', '/_api/cursor', { body: { query: 'RETURN COLLECTIONS()[* FILTER CURRENT.name == "hidden"]' } });
    const [entry] = (root.json.result as Array<Array<{ _id: string; name: string }>>)[0] ?? [];
    expect(entry?.name).toBe('hidden');
    expect(entry?._id).toMatch(/^\d+$/);
  });

  it('graphs, traversals, shortest paths and views check the collections behind them', async () => {
    const url = cluster.urls[0] as string;
    refused(await query(url, 'FOR v IN 1 OUTBOUND "open/a" GRAPH "g" RETURN v'), 11, forbiddenAtSetUp);
    refused(await query(url, 'FOR v IN OUTBOUND SHORTEST_PATH "open/a" TO "hidden/h1" GRAPH "g" RETURN v'), 11, forbiddenAtSetUp);
    refused(await query(url, 'WITH hidden FOR v IN 1 OUTBOUND "open/a" e RETURN v'), 11, forbiddenAtSetUp);
    refused(await query(url, 'FOR d IN v SEARCH true RETURN d'), 11, forbiddenAtSetUp);
    // on a single server an anonymous traversal reaches vertex collections at run time
    refused(await query(single.urls[0] as string, 'FOR v IN 1 OUTBOUND "open/a" e RETURN v'), 11, forbiddenAtRun);
    refused(await query(single.urls[0] as string, 'FOR v IN OUTBOUND SHORTEST_PATH "open/a" TO "hidden/h1" e RETURN v._key'), 11, forbiddenAtRun);
  });

  it('skipInaccessibleCollections still treats them as empty; root reads everything', async () => {
    const url = cluster.urls[0] as string;
    expect((await query(url, 'FOR d IN hidden RETURN d', {}, { skipInaccessibleCollections: true })).json.result).toEqual([]);
    const root = await call(url, 'POST', '/_api/cursor', { body: { query: 'RETURN DOCUMENT("hidden/h1").secret' } });
    expect(root.json.result).toEqual(['s3cr3t']);
  });

  it('the results cache does not hand a cached read to someone who may not read it', async () => {
    const url = single.urls[0] as string;
    expect((await call(url, 'PUT', '/_api/query-cache/properties', { body: { mode: 'on' } })).status).toBe(200);
    try {
      // the traversal reaches `hidden` only at run time
      const q = 'FOR v IN 1 OUTBOUND "open/a" e RETURN v';
      const first = await call(url, 'POST', '/_api/cursor', { body: { query: q } });
      expect(first.json.result).toMatchObject([{ secret: 's3cr3t' }]);
      const second = await call(url, 'POST', '/_api/cursor', { body: { query: q } });
      expect(second.json.cached).toBe(true);
      refused(await query(url, q), 11, forbiddenAtRun);
    } finally {
      await call(url, 'PUT', '/_api/query-cache/properties', { body: { mode: 'off' } });
    }
  });
});
