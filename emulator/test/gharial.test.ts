import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'undici';
import { startCluster, type EmulatorCluster } from '../src/cluster.js';

let cluster: EmulatorCluster;
const AUTH = `Basic ${Buffer.from('root:pw').toString('base64')}`;

interface Answer {
  status: number;
  body: Record<string, unknown>;
  headers: Record<string, string | string[] | undefined>;
}

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}, coord = 0): Promise<Answer> {
  const url = (cluster.urls[coord] ?? '') + path;
  const res = await request(url, {
    method: method as 'GET',
    headers: { authorization: AUTH, 'content-type': 'application/json', ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.body.text();
  return { status: res.statusCode, body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>), headers: res.headers };
}

const G = '/_db/gdb/_api/gharial';

/** Asks the collection API; anything but 200 or 404 / 1203 is a failure of the test. */
async function collectionExists(name: string): Promise<boolean> {
  const r = await call('GET', `/_db/gdb/_api/collection/${name}`);
  if (r.status === 200) return true;
  expect(r.status).toBe(404);
  expect(r.body.errorNum).toBe(1203);
  return false;
}

beforeAll(async () => {
  cluster = await startCluster({ coordinators: 2, rootPassword: 'pw' });
  const r = await call('POST', '/_api/database', { name: 'gdb' });
  expect(r.status).toBe(201);
});

afterAll(async () => {
  await cluster.close();
});

describe('graph management', () => {
  it('creates a graph with its collections and echoes the options', async () => {
    const r = await call('POST', G, {
      name: 'social',
      edgeDefinitions: [{ collection: 'relation', from: ['male', 'female'], to: ['female', 'male'] }],
      orphanCollections: ['lonely'],
      options: { numberOfShards: 3, replicationFactor: 2, writeConcern: 1 },
    });
    expect(r.status).toBe(202);
    expect(r.body.error).toBe(false);
    expect(r.body.code).toBe(202);
    const g = r.body.graph as Record<string, unknown>;
    expect(g).toMatchObject({
      _key: 'social',
      _id: '_graphs/social',
      name: 'social',
      edgeDefinitions: [{ collection: 'relation', from: ['female', 'male'], to: ['female', 'male'] }],
      orphanCollections: ['lonely'],
      numberOfShards: 3,
      replicationFactor: 2,
      writeConcern: 1,
      isSmart: false,
      isDisjoint: false,
      isSatellite: false,
    });
    expect(typeof g._rev).toBe('string');
    for (const c of ['relation', 'male', 'female', 'lonely']) {
      const info = await call('GET', `/_db/gdb/_api/collection/${c}/properties`);
      expect(info.status).toBe(200);
      expect(info.body.type).toBe(c === 'relation' ? 3 : 2);
      expect(info.body.numberOfShards).toBe(3);
    }
  });

  it('answers 201 with waitForSync and stores smart options', async () => {
    const r = await call('POST', `${G}?waitForSync=true`, {
      name: 'smart',
      edgeDefinitions: [],
      isSmart: true,
      options: { smartGraphAttribute: 'region', numberOfShards: 2 },
    });
    expect(r.status).toBe(201);
    expect(r.body.graph).toMatchObject({ isSmart: true, smartGraphAttribute: 'region', numberOfShards: 2 });
  });

  it('refuses a duplicate graph, a missing name and a malformed edge definition', async () => {
    const dup = await call('POST', G, { name: 'social', edgeDefinitions: [] });
    expect(dup.status).toBe(409);
    expect(dup.body.errorNum).toBe(1925);
    const noName = await call('POST', G, { edgeDefinitions: [] });
    expect(noName.status).toBe(400);
    expect(noName.body.errorNum).toBe(1922);
    const bad = await call('POST', G, { name: 'broken', edgeDefinitions: [{ collection: 'x', from: 'a', to: ['b'] }] });
    expect(bad.status).toBe(400);
    expect(bad.body.errorNum).toBe(1923);
  });

  it('refuses an edge collection used with other vertex collections in another graph', async () => {
    const r = await call('POST', G, { name: 'other', edgeDefinitions: [{ collection: 'relation', from: ['male'], to: ['male'] }] });
    expect(r.status).toBe(400);
    expect(r.body.errorNum).toBe(1921);
  });

  it('lists and gets graphs, 404/1924 for an unknown one', async () => {
    const list = await call('GET', G);
    expect(list.status).toBe(200);
    expect((list.body.graphs as Array<{ name: string }>).map((g) => g.name)).toEqual(['smart', 'social']);
    const one = await call('GET', `${G}/social`, undefined, {}, 1);
    expect(one.status).toBe(200);
    expect((one.body.graph as { name: string }).name).toBe('social');
    const missing = await call('GET', `${G}/nope`);
    expect(missing.status).toBe(404);
    expect(missing.body.errorNum).toBe(1924);
  });

  it('lists vertex and edge collections', async () => {
    const v = await call('GET', `${G}/social/vertex`);
    expect(v.body).toEqual({ error: false, code: 200, collections: ['female', 'lonely', 'male'] });
    const e = await call('GET', `${G}/social/edge`);
    expect(e.body).toEqual({ error: false, code: 200, collections: ['relation'] });
  });

  it('adds and removes orphan vertex collections', async () => {
    const add = await call('POST', `${G}/social/vertex`, { collection: 'extra' });
    expect(add.status).toBe(202);
    expect((add.body.graph as { orphanCollections: string[] }).orphanCollections).toEqual(['lonely', 'extra']);
    const again = await call('POST', `${G}/social/vertex`, { collection: 'extra' });
    expect(again.status).toBe(400);
    expect(again.body.errorNum).toBe(1938);
    const used = await call('POST', `${G}/social/vertex`, { collection: 'male' });
    expect(used.body.errorNum).toBe(1929);
    const notOrphan = await call('DELETE', `${G}/social/vertex/male`);
    expect(notOrphan.status).toBe(400);
    expect(notOrphan.body.errorNum).toBe(1928);
    const rm = await call('DELETE', `${G}/social/vertex/extra?dropCollection=true`);
    expect(rm.status).toBe(202);
    expect((rm.body.graph as { orphanCollections: string[] }).orphanCollections).toEqual(['lonely']);
    expect(await collectionExists('extra')).toBe(false);
  });

  it('adds, replaces and removes edge definitions', async () => {
    const add = await call('POST', `${G}/social/edge`, { collection: 'works_in', from: ['female', 'male'], to: ['city'] });
    expect(add.status).toBe(202);
    const defs = (add.body.graph as { edgeDefinitions: unknown[] }).edgeDefinitions;
    expect(defs).toContainEqual({ collection: 'works_in', from: ['female', 'male'], to: ['city'] });
    const dup = await call('POST', `${G}/social/edge`, { collection: 'works_in', from: ['male'], to: ['city'] });
    expect(dup.status).toBe(400);
    expect(dup.body.errorNum).toBe(1920);

    // `lonely` is used by the new definition, so it stops being an orphan.
    const rep = await call('PUT', `${G}/social/edge/works_in`, { collection: 'works_in', from: ['male', 'lonely'], to: ['city'] });
    expect(rep.status).toBe(202);
    const g = rep.body.graph as { edgeDefinitions: unknown[]; orphanCollections: string[] };
    expect(g.edgeDefinitions).toContainEqual({ collection: 'works_in', from: ['lonely', 'male'], to: ['city'] });
    expect(g.orphanCollections).toEqual([]);
    const unknown = await call('PUT', `${G}/social/edge/nothere`, { collection: 'nothere', from: ['a'], to: ['b'] });
    expect(unknown.status).toBe(404);
    expect(unknown.body.errorNum).toBe(1930);

    // Removing it turns the vertex collections only it used into orphans.
    const rm = await call('DELETE', `${G}/social/edge/works_in?dropCollections=true`);
    expect(rm.status).toBe(202);
    const after = rm.body.graph as { edgeDefinitions: Array<{ collection: string }>; orphanCollections: string[] };
    expect(after.edgeDefinitions.map((d) => d.collection)).toEqual(['relation']);
    expect(after.orphanCollections).toEqual(['city', 'lonely']);
    expect(await collectionExists('works_in')).toBe(false);
  });
});

describe('vertices and edges through the graph', () => {
  it('creates, reads, updates and replaces vertices', async () => {
    const c = await call('POST', `${G}/social/vertex/female?returnNew=true`, { _key: 'alice', name: 'Alice' });
    expect(c.status).toBe(202);
    const v = c.body.vertex as Record<string, string>;
    expect(v).toEqual({ _id: 'female/alice', _key: 'alice', _rev: v._rev });
    expect(c.body.new).toMatchObject({ _key: 'alice', name: 'Alice' });
    expect(c.headers.etag).toBe(v._rev);

    const r = await call('GET', `${G}/social/vertex/female/alice`, undefined, {}, 1);
    expect(r.status).toBe(200);
    expect(r.body.vertex).toMatchObject({ _id: 'female/alice', name: 'Alice' });
    const notModified = await call('GET', `${G}/social/vertex/female/alice`, undefined, { 'if-none-match': `"${v._rev}"` });
    expect(notModified.status).toBe(304);
    const wrongRev = await call('GET', `${G}/social/vertex/female/alice`, undefined, { 'if-match': '"_nope"' });
    expect(wrongRev.status).toBe(412);
    expect(wrongRev.body.errorNum).toBe(1200);

    const u = await call('PATCH', `${G}/social/vertex/female/alice?returnOld=true&returnNew=true&keepNull=false`, { age: 26, name: null });
    expect(u.status).toBe(202);
    const um = u.body.vertex as Record<string, string>;
    expect(um._oldRev).toBe(v._rev);
    expect(um._rev).not.toBe(v._rev);
    expect(u.body.old).toMatchObject({ name: 'Alice' });
    expect(u.body.new).toMatchObject({ age: 26 });
    expect(u.body.new).not.toHaveProperty('name');

    const stale = await call('PUT', `${G}/social/vertex/female/alice`, { name: 'x' }, { 'if-match': v._rev ?? '' });
    expect(stale.status).toBe(412);
    const rep = await call('PUT', `${G}/social/vertex/female/alice?waitForSync=true`, { name: 'Alice Cooper' }, { 'if-match': um._rev ?? '' });
    expect(rep.status).toBe(200);
    expect((await call('GET', `${G}/social/vertex/female/alice`)).body.vertex).not.toHaveProperty('age');
  });

  it('refuses vertices of collections outside the graph and unknown keys', async () => {
    await call('POST', '/_db/gdb/_api/collection', { name: 'outside' });
    const r = await call('POST', `${G}/social/vertex/outside`, { a: 1 });
    expect(r.status).toBe(404);
    expect(r.body.errorNum).toBe(1949);
    const missing = await call('GET', `${G}/social/vertex/female/nobody`);
    expect(missing.status).toBe(404);
    expect(missing.body.errorNum).toBe(1202);
  });

  it('creates edges only between vertices of the graph', async () => {
    await call('POST', `${G}/social/vertex/male`, { _key: 'bob' });
    const e = await call('POST', `${G}/social/edge/relation?returnNew=true`, { _key: 'e1', _from: 'female/alice', _to: 'male/bob', type: 'friend' });
    expect(e.status).toBe(202);
    expect(e.body.edge).toMatchObject({ _id: 'relation/e1', _key: 'e1' });
    expect(e.body.new).toMatchObject({ _from: 'female/alice', _to: 'male/bob' });

    const outside = await call('POST', `${G}/social/edge/relation`, { _from: 'outside/x', _to: 'male/bob' });
    expect(outside.status).toBe(404);
    expect(outside.body.errorNum).toBe(1947);
    const noVertex = await call('POST', `${G}/social/edge/relation`, { _from: 'female/nobody', _to: 'male/bob' });
    expect(noVertex.status).toBe(404);
    expect(noVertex.body.errorNum).toBe(1202);
    const noTo = await call('POST', `${G}/social/edge/relation`, { _from: 'female/alice' });
    expect(noTo.status).toBe(400);
    expect(noTo.body.errorNum).toBe(1233);
    const notEdgeColl = await call('POST', `${G}/social/edge/male`, { _from: 'female/alice', _to: 'male/bob' });
    expect(notEdgeColl.status).toBe(404);
    expect(notEdgeColl.body.errorNum).toBe(1930);

    const got = await call('GET', `${G}/social/edge/relation/e1`);
    expect(got.body.edge).toMatchObject({ _from: 'female/alice', _to: 'male/bob', type: 'friend' });
    const upd = await call('PATCH', `${G}/social/edge/relation/e1`, { since: 2001 });
    expect(upd.status).toBe(202);
    const badUpd = await call('PATCH', `${G}/social/edge/relation/e1`, { _to: 'outside/x' });
    expect(badUpd.body.errorNum).toBe(1947);
    const rep = await call('PUT', `${G}/social/edge/relation/e1?returnOld=true`, { _from: 'male/bob', _to: 'female/alice' });
    expect(rep.status).toBe(202);
    expect(rep.body.old).toMatchObject({ since: 2001 });
  });

  it('removing a vertex removes its edges', async () => {
    await call('POST', `${G}/social/vertex/male`, { _key: 'carl' });
    await call('POST', `${G}/social/edge/relation`, { _key: 'e2', _from: 'male/carl', _to: 'female/alice' });
    await call('POST', `${G}/social/edge/relation`, { _key: 'e3', _from: 'male/bob', _to: 'male/carl' });
    const rm = await call('DELETE', `${G}/social/vertex/male/carl?returnOld=true`);
    expect(rm.status).toBe(202);
    expect(rm.body).toMatchObject({ error: false, code: 202, removed: true, old: { _key: 'carl' } });
    expect((await call('GET', `${G}/social/edge/relation/e2`)).status).toBe(404);
    expect((await call('GET', `${G}/social/edge/relation/e3`)).status).toBe(404);
    expect((await call('GET', `${G}/social/edge/relation/e1`)).status).toBe(200);

    const again = await call('DELETE', `${G}/social/vertex/male/carl`);
    expect(again.status).toBe(404);
    expect(again.body.errorNum).toBe(1202);
    const edgeRm = await call('DELETE', `${G}/social/edge/relation/e1?waitForSync=true`);
    expect(edgeRm.status).toBe(200);
    expect(edgeRm.body).toEqual({ error: false, code: 200, removed: true });
  });

  it('drops a graph with its collections unless another graph uses them', async () => {
    const shared = await call('POST', G, { name: 'g2', edgeDefinitions: [{ collection: 'relation', from: ['female', 'male'], to: ['female', 'male'] }] });
    expect(shared.status).toBe(202);
    const drop = await call('DELETE', `${G}/g2?dropCollections=true`);
    expect(drop.status).toBe(202);
    expect(drop.body).toEqual({ error: false, code: 202, removed: true });
    expect(await collectionExists('relation')).toBe(true);
    const dropSocial = await call('DELETE', `${G}/social?dropCollections=true`);
    expect(dropSocial.status).toBe(202);
    expect(await collectionExists('relation')).toBe(false);
    expect((await call('GET', `${G}/social`)).status).toBe(404);
    expect((await call('DELETE', `${G}/social`)).body.errorNum).toBe(1924);
  });
});

describe('rights and stream transactions', () => {
  it('refuses graph changes without rights: 401 without database access, 403 read-only', async () => {
    expect((await call('POST', '/_api/user', { user: 'ro', passwd: 'r' })).status).toBe(201);
    expect((await call('PUT', '/_api/user/ro/database/gdb', { grant: 'ro' })).status).toBe(200);
    expect((await call('POST', '/_api/user', { user: 'none', passwd: 'n' })).status).toBe(201);
    const ro = { authorization: `Basic ${Buffer.from('ro:r').toString('base64')}` };
    const none = { authorization: `Basic ${Buffer.from('none:n').toString('base64')}` };
    const body = { name: 'denied', edgeDefinitions: [] };
    const r1 = await call('POST', G, body, ro);
    expect(r1.status).toBe(403);
    expect(r1.body.errorNum).toBe(11);
    const r2 = await call('POST', G, body, none);
    expect(r2.status).toBe(401);
    expect(r2.body.errorNum).toBe(11);
    expect((await call('GET', G, undefined, ro)).status).toBe(200);
  });

  it('writes vertices inside a stream transaction, visible after commit', async () => {
    const g = await call('POST', G, { name: 'trx', edgeDefinitions: [{ collection: 'te', from: ['tv'], to: ['tv'] }] });
    expect(g.status).toBe(202);
    const begin = await call('POST', '/_db/gdb/_api/transaction/begin', { collections: { write: ['tv', 'te'] } });
    expect(begin.status).toBe(201);
    const id = (begin.body.result as { id: string }).id;
    const ins = await call('POST', `${G}/trx/vertex/tv`, { _key: 'x' }, { 'x-arango-trx-id': id });
    expect(ins.status).toBe(202);
    expect((await call('GET', `${G}/trx/vertex/tv/x`)).status).toBe(404);
    expect((await call('GET', `${G}/trx/vertex/tv/x`, undefined, { 'x-arango-trx-id': id })).status).toBe(200);
    expect((await call('PUT', `/_db/gdb/_api/transaction/${id}`)).status).toBe(200);
    expect((await call('GET', `${G}/trx/vertex/tv/x`)).status).toBe(200);
    // A finished transaction cannot be used any more (the store decides 404/1655 or 410/1654).
    const gone = await call('POST', `${G}/trx/vertex/tv`, {}, { 'x-arango-trx-id': id });
    expect([1654, 1655]).toContain(gone.body.errorNum);
  });
});
