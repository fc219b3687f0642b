/**
 * Per-call options (`signal`, `timeout`) travel in the same last object as a method's own options
 * in every module. These tests check both halves of that contract: the call options reach the
 * transport (an aborted signal stops the call before anything is sent), and they never leak into
 * the request as query parameters or body fields.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AbortError, ArangoClient, type Database, type HttpRequest } from 'arangots';
import { recordingHttpClient, type Recorder } from './helpers/recording-http.js';
import { startTestServer, uniqueName, type TestServer } from './helpers/server.js';

let server: TestServer;
let client: ArangoClient;
let rec: Recorder;
let system: Database;
let db: Database;
/** Bodies of the requests sent, by the order they were sent (the recorder notes only sizes). */
const bodies: { path: string; body: string }[] = [];

beforeAll(async () => {
  server = await startTestServer();
  rec = recordingHttpClient();
  rec.rewrite = (req: HttpRequest) => {
    const body = req.body === undefined ? '' : typeof req.body === 'string' ? req.body : Buffer.from(req.body).toString('utf8');
    bodies.push({ path: req.path, body });
  };
  client = new ArangoClient({ hosts: server.urls, httpClient: rec.factory });
  system = await client.db('_system', { username: server.username, password: server.password });
  db = await system.createDatabase(uniqueName('callopts'));
  await db.createCollection('people');
  await db.createEdgeCollection('knows');
  await db.createGraph('social', [{ collection: 'knows', from: ['people'], to: ['people'] }]);
});

afterAll(async () => {
  await system?.deleteDatabase(db.name, { ignoreMissing: true });
  await client?.close();
  await server?.close();
});

/** The rejection of `call`, checked to be the driver's abort error raised before sending. */
async function abortedBeforeSending(call: () => Promise<unknown>): Promise<void> {
  const sentBefore = rec.log.length;
  const err = await call().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AbortError);
  expect(err).toMatchObject({ code: 'ARANGO_ABORTED', mayHaveBeenApplied: false });
  expect(rec.log.length).toBe(sentBefore);
}

describe('an already-aborted signal in the merged options', () => {
  const aborted = (): AbortSignal => AbortSignal.abort(new Error('stop'));

  it('stops admin, AQL, graph, user, view, task and query calls before anything is sent', async () => {
    await abortedBeforeSending(() => db.version({ details: true, signal: aborted() }));
    await abortedBeforeSending(() => db.metrics({ parse: true, signal: aborted() }));
    await abortedBeforeSending(() => db.aql.explain('RETURN 1', { signal: aborted() }));
    await abortedBeforeSending(() => db.aql.execute('RETURN 1', { batchSize: 1, signal: aborted() }));
    await abortedBeforeSending(() => db.graph('social').drop({ dropCollections: true, signal: aborted() }));
    await abortedBeforeSending(() => db.graph('social').vertexCollection('people').insert({ _key: 'a' }, { returnNew: true, signal: aborted() }));
    await abortedBeforeSending(() => system.users.create({ user: uniqueName('u'), passwd: 'pw', signal: aborted() }));
    await abortedBeforeSending(() => db.createView(uniqueName('v'), { type: 'arangosearch', signal: aborted() }));
    await abortedBeforeSending(() => db.tasks.create({ command: 'return 1;', signal: aborted() }));
  });

  it('left the server untouched', async () => {
    expect(await db.hasGraph('social')).toBe(true);
    expect(await db.graph('social').hasVertex('people/a')).toBe(false);
  });
});

describe('call options in the same object never reach the request', () => {
  function lastRequest(pathPrefix: string): { path: string; body: string } {
    const found = bodies.filter((b) => b.path.startsWith(pathPrefix)).at(-1);
    if (found === undefined) throw new Error(`no request to ${pathPrefix}`);
    return found;
  }

  it('version: details is a query parameter, signal and timeout are not', async () => {
    const live = new AbortController();
    const info = await db.version({ details: true, signal: live.signal, timeout: 30_000 });
    expect(info.details).toBeDefined();
    const sent = lastRequest(`/_db/${db.name}/_api/version`);
    expect(sent.path).toContain('details=true');
    expect(sent.path).not.toMatch(/timeout|signal/);
  });

  it('metrics keeps its parse overload with call options beside it', async () => {
    const families = await db.metrics({ parse: true, timeout: 30_000 });
    expect(Array.isArray(families)).toBe(true);
    expect(lastRequest(`/_db/${db.name}/_admin/metrics`).path).not.toMatch(/timeout|parse/);
  });

  it('explain and query: timeout is not put in the body', async () => {
    await db.aql.explain('RETURN 1', { maxNumberOfPlans: 1, timeout: 30_000 });
    const explained = JSON.parse(lastRequest(`/_db/${db.name}/_api/explain`).body) as Record<string, unknown>;
    expect(explained).toEqual({ query: 'RETURN 1', options: { maxNumberOfPlans: 1 } });

    const cursor = await db.aql.execute('FOR i IN 1..3 RETURN i', { batchSize: 2, timeout: 30_000 });
    expect(await cursor.all()).toEqual([1, 2, 3]);
    const create = bodies.filter((b) => b.path === `/_db/${db.name}/_api/cursor`).at(-1);
    const created = JSON.parse(create?.body ?? '{}') as Record<string, unknown>;
    expect(created).not.toHaveProperty('timeout');
    expect(created.batchSize).toBe(2);
  });

  it('query-management flags and view properties leave timeout out', async () => {
    await db.aql.queries({ timeout: 30_000 });
    expect(lastRequest(`/_db/${db.name}/_api/query/current`).path).not.toMatch(/timeout/);

    const view = await db.createView(uniqueName('v'), { type: 'arangosearch', timeout: 30_000 });
    expect(JSON.parse(lastRequest(`/_db/${db.name}/_api/view`).body)).not.toHaveProperty('timeout');
    await view.updateProperties({ consolidationIntervalMsec: 1234, timeout: 30_000 });
    const patched = JSON.parse(lastRequest(`/_db/${db.name}/_api/view/`).body) as Record<string, unknown>;
    expect(patched).toEqual({ consolidationIntervalMsec: 1234 });
  });

  it('graph writes: returnNew is a query parameter, timeout is not', async () => {
    const res = await db.graph('social').vertexCollection('people').insert({ _key: 'b' }, { returnNew: true, timeout: 30_000 });
    expect(res.new).toMatchObject({ _key: 'b' });
    const sent = lastRequest(`/_db/${db.name}/_api/gharial/social/vertex/people`);
    expect(sent.path).toContain('returnNew=true');
    expect(sent.path).not.toMatch(/timeout/);
  });
});
