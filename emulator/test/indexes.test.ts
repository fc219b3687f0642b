import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, type EmulatorCluster } from '../src/cluster.js';
import { call, PASSWORD } from './http.js';

let cluster: EmulatorCluster;
let base: string;
const DB = '/_db/_system';

beforeAll(async () => {
  cluster = await startCluster({ coordinators: 1, rootPassword: PASSWORD });
  base = cluster.urls[0] as string;
  for (const name of ['products', 'sessions', 'places', 'texts', 'intervals', 'uniq']) {
    await call(base, 'POST', `${DB}/_api/collection`, { body: { name } });
  }
  await call(base, 'POST', `${DB}/_api/collection`, { body: { name: 'rel', type: 3 } });
});

afterAll(async () => {
  await cluster.close();
});

const create = (coll: string, body: unknown) => call(base, 'POST', `${DB}/_api/index?collection=${coll}`, { body });

describe('/_api/index', () => {
  it('lists the primary index (and the edge index of edge collections)', async () => {
    const r = await call(base, 'GET', `${DB}/_api/index?collection=products`);
    expect(r.json.indexes).toEqual([
      { fields: ['_key'], id: 'products/0', name: 'primary', selectivityEstimate: 1, sparse: false, type: 'primary', unique: true },
    ]);
    expect(Object.keys(r.json.identifiers as object)).toEqual(['products/0']);
    const e = await call(base, 'GET', `${DB}/_api/index?collection=rel`);
    expect((e.json.indexes as Array<{ type: string; fields: string[] }>)[1]).toMatchObject({ type: 'edge', fields: ['_from', '_to'] });
    const primary = await call(base, 'GET', `${DB}/_api/index/products/0`);
    expect(primary.json).toMatchObject({ id: 'products/0', type: 'primary', error: false, code: 200 });
  });

  it('creates a persistent index (201), returns it again (200), gets and deletes it', async () => {
    const c = await create('products', { type: 'persistent', fields: ['a', 'b'], storedValues: ['c'] });
    expect(c.status).toBe(201);
    expect(c.json).toMatchObject({
      deduplicate: true, estimates: true, cacheEnabled: false, fields: ['a', 'b'], isNewlyCreated: true, selectivityEstimate: 1,
      sparse: false, type: 'persistent', unique: false, storedValues: ['c'], error: false, code: 201,
    });
    expect(String(c.json.name)).toMatch(/^idx_[0-9]+$/);
    expect(String(c.json.id)).toMatch(/^products\/[0-9]+$/);
    const again = await create('products', { type: 'persistent', fields: ['a', 'b'] });
    expect(again.status).toBe(200);
    expect(again.json).toMatchObject({ id: c.json.id, isNewlyCreated: false, code: 200 });
    const hash = await create('products', { type: 'hash', fields: ['a', 'b'] });
    expect(hash.json.id).toBe(c.json.id);
    const got = await call(base, 'GET', `${DB}/_api/index/${String(c.json.id)}`);
    expect(got.json).toMatchObject({ id: c.json.id, name: c.json.name });
    const byName = await call(base, 'GET', `${DB}/_api/index/products/${String(c.json.name)}`);
    expect(byName.json.id).toBe(c.json.id);
    const del = await call(base, 'DELETE', `${DB}/_api/index/${String(c.json.id)}`);
    expect(del.json).toEqual({ id: c.json.id, error: false, code: 200 });
    const gone = await call(base, 'GET', `${DB}/_api/index/${String(c.json.id)}`);
    expect([gone.status, gone.json.errorNum]).toEqual([404, 1212]);
    expect((await call(base, 'DELETE', `${DB}/_api/index/${String(c.json.id)}`)).json.errorNum).toBe(1212);
    expect((await call(base, 'DELETE', `${DB}/_api/index/products/0`)).status).toBe(403);
  });

  it('creates ttl, geo, fulltext, mdi, mdi-prefixed, inverted and vector indexes in ArangoDB shapes', async () => {
    const ttl = await create('sessions', { type: 'ttl', fields: ['createdAt'], expireAfter: 3600 });
    expect(ttl.json).toMatchObject({ type: 'ttl', expireAfter: 3600, fields: ['createdAt'], sparse: true, unique: false, estimates: false, isNewlyCreated: true });
    const ttl2 = await create('sessions', { type: 'ttl', fields: ['other'], expireAfter: 1 });
    expect(ttl2.status).toBe(400);
    const geo = await create('places', { type: 'geo', fields: ['lat', 'lng'] });
    expect(geo.json).toMatchObject({ type: 'geo', geoJson: false, bestIndexedLevel: 17, worstIndexedLevel: 4, maxNumCoverCells: 8, sparse: true });
    const ft = await create('texts', { type: 'fulltext', fields: ['text'] });
    expect(ft.json).toMatchObject({ type: 'fulltext', minLength: 2, sparse: true, unique: false });
    const mdi = await create('intervals', { type: 'mdi', fields: ['from', 'to'], fieldValueTypes: 'double' });
    expect(mdi.json).toMatchObject({ type: 'mdi', fieldValueTypes: 'double', fields: ['from', 'to'], unique: false, sparse: false });
    const zkd = await create('intervals', { type: 'zkd', fields: ['x', 'y'], fieldValueTypes: 'double' });
    expect(zkd.json).toMatchObject({ type: 'zkd', isNewlyCreated: true });
    const pref = await create('intervals', { type: 'mdi-prefixed', fields: ['from', 'to'], prefixFields: ['kind'], fieldValueTypes: 'double' });
    expect(pref.json).toMatchObject({ type: 'mdi-prefixed', prefixFields: ['kind'] });
    const noPrefix = await create('intervals', { type: 'mdi-prefixed', fields: ['from'], fieldValueTypes: 'double' });
    expect(noPrefix.status).toBe(400);
    const noType = await create('intervals', { type: 'mdi', fields: ['from'] });
    expect(noType.status).toBe(400);
    const inv = await create('texts', { type: 'inverted', fields: ['title', { name: 'body', analyzer: 'text_en' }], name: 'inv' });
    expect(inv.json).toMatchObject({ type: 'inverted', name: 'inv', fields: [{ name: 'title' }, { name: 'body', analyzer: 'text_en' }], analyzer: 'identity' });
    const vec = await create('places', { type: 'vector', fields: ['emb'], params: { metric: 'cosine', dimension: 4, nLists: 1 } });
    expect(vec.json).toMatchObject({ type: 'vector', params: { metric: 'cosine', dimension: 4 } });
    const badVec = await create('places', { type: 'vector', fields: ['emb'], params: { metric: 'manhattan', dimension: 4 } });
    expect(badVec.status).toBe(400);
  });

  it('rejects bad definitions (400) and unknown collections (404/1203)', async () => {
    expect((await create('products', { type: 'magic', fields: ['a'] })).status).toBe(400);
    expect((await create('products', { type: 'persistent' })).status).toBe(400);
    expect((await create('products', { type: 'persistent', fields: ['_id'] })).status).toBe(400);
    expect((await create('products', { type: 'primary', fields: ['_key'] })).status).toBe(400);
    const nf = await create('nowhere', { type: 'persistent', fields: ['a'] });
    expect([nf.status, nf.json.errorNum]).toEqual([404, 1203]);
    const noColl = await call(base, 'GET', `${DB}/_api/index`);
    expect(noColl.status).toBe(400);
    await create('products', { type: 'persistent', fields: ['q'], name: 'named' });
    const clash = await create('products', { type: 'persistent', fields: ['r'], name: 'named' });
    expect([clash.status, clash.json.errorNum]).toEqual([409, 1207]);
  });

  it('enforces unique indexes over HTTP (409/1210 with the conflicting key) and refuses them over duplicates (400/1210)', async () => {
    const idx = await create('uniq', { type: 'persistent', fields: ['email'], unique: true, sparse: true, name: 'byEmail' });
    expect(idx.json.unique).toBe(true);
    await call(base, 'POST', `${DB}/_api/document/uniq`, { body: { _key: 'a', email: 'x@example.com' } });
    const dup = await call(base, 'POST', `${DB}/_api/document/uniq`, { body: { _key: 'b', email: 'x@example.com' } });
    expect([dup.status, dup.json.errorNum]).toEqual([409, 1210]);
    expect(dup.json.errorMessage).toBe("unique constraint violated - in index byEmail of type persistent over 'email'; conflicting key: a");
    await call(base, 'POST', `${DB}/_api/document/uniq`, { body: { _key: 'c', other: 'y' } });
    expect((await call(base, 'POST', `${DB}/_api/document/uniq`, { body: { _key: 'd', other: 'y' } })).status).toBe(202);
    // non-sparse: a missing attribute is indexed as null, so two documents without it collide
    const nulls = await create('uniq', { type: 'persistent', fields: ['absent'], unique: true });
    expect([nulls.status, nulls.json.errorNum]).toEqual([400, 1210]);
    const over = await create('uniq', { type: 'persistent', fields: ['other'], unique: true });
    expect([over.status, over.json.errorNum]).toEqual([400, 1210]);
  });
});
