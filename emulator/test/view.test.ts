import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'undici';
import { startCluster, startServer, type EmulatorCluster } from '../src/cluster.js';

const AUTH = `Basic ${Buffer.from('root:pw').toString('base64')}`;

interface Answer {
  status: number;
  body: Record<string, unknown>;
}

async function call(base: string, method: string, path: string, body?: unknown): Promise<Answer> {
  const res = await request(base + path, {
    method: method as 'GET',
    headers: { authorization: AUTH, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.body.text();
  return { status: res.statusCode, body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>) };
}

let cluster: EmulatorCluster;
let single: EmulatorCluster;
const c = (method: string, path: string, body?: unknown): Promise<Answer> => call(cluster.urls[0] ?? '', method, path, body);
const V = '/_db/vdb/_api/view';

beforeAll(async () => {
  cluster = await startCluster({ coordinators: 2, rootPassword: 'pw' });
  single = await startServer({ rootPassword: 'pw' });
  expect((await c('POST', '/_api/database', { name: 'vdb' })).status).toBe(201);
  expect((await c('POST', '/_db/vdb/_api/collection', { name: 'books' })).status).toBe(200);
  expect((await c('POST', '/_db/vdb/_api/collection', { name: 'films' })).status).toBe(200);
});

afterAll(async () => {
  await cluster.close();
  await single.close();
});

describe('arangosearch views', () => {
  it('creates a view with defaults and normalised links', async () => {
    const r = await c('POST', V, {
      name: 'products',
      type: 'arangosearch',
      commitIntervalMsec: 500,
      primarySort: [{ field: 'title', direction: 'desc' }],
      links: { books: { fields: { title: { analyzers: ['text_en'] } } } },
    });
    expect(r.status).toBe(201);
    expect(r.body).not.toHaveProperty('error');
    expect(r.body).toMatchObject({
      name: 'products',
      type: 'arangosearch',
      cleanupIntervalStep: 2,
      commitIntervalMsec: 500,
      consolidationIntervalMsec: 1000,
      // the 3.12.7+ tier policy (3.12.10 transcripts)
      consolidationPolicy: { type: 'tier', segmentsBytesMax: 8589934592, maxSkewThreshold: 0.4, minDeletionRatio: 0.5 },
      primarySort: [{ field: 'title', asc: false }],
      primarySortCompression: 'lz4',
      storedValues: [],
      writebufferActive: 0,
      writebufferIdle: 64,
      writebufferSizeMax: 33554432,
      links: {
        books: {
          analyzers: ['identity'],
          fields: { title: { analyzers: ['text_en'] } },
          includeAllFields: false,
          storeValues: 'none',
          trackListPositions: false,
        },
      },
    });
    expect(typeof r.body.id).toBe('string');
    expect(typeof r.body.globallyUniqueId).toBe('string');
  });

  it('refuses duplicates (also of collection names), bad names, bad types, unknown links', async () => {
    expect((await c('POST', V, { name: 'products', type: 'arangosearch' })).body).toMatchObject({ code: 409, errorNum: 1207 });
    expect((await c('POST', V, { name: 'books', type: 'arangosearch' })).body).toMatchObject({ code: 409, errorNum: 1207 });
    expect((await c('POST', V, { name: '1bad', type: 'arangosearch' })).body).toMatchObject({ code: 400, errorNum: 1208 });
    expect((await c('POST', V, { name: 'v', type: 'magic' })).body).toMatchObject({ code: 400, errorNum: 10 });
    expect((await c('POST', V, { type: 'arangosearch' })).body).toMatchObject({ code: 400, errorNum: 10 });
    expect((await c('POST', V, { name: 'v', type: 'arangosearch', links: { nothere: {} } })).body).toMatchObject({ code: 404, errorNum: 1203 });
    const badAnalyzer = await c('POST', V, { name: 'v', type: 'arangosearch', links: { books: { analyzers: ['nope'] } } });
    expect(badAnalyzer.body).toMatchObject({ code: 400, errorNum: 10 });
    expect((await c('GET', `${V}/v`)).status).toBe(404);
  });

  it('lists and gets views by name or id', async () => {
    const list = await c('GET', V);
    expect(list.status).toBe(200);
    const result = list.body.result as Array<Record<string, unknown>>;
    expect(result.map((v) => v.name)).toEqual(['products']);
    expect(Object.keys(result[0] ?? {}).sort()).toEqual(['globallyUniqueId', 'id', 'name', 'type']);
    const byName = await c('GET', `${V}/products`);
    expect(byName.body).toMatchObject({ error: false, code: 200, name: 'products', type: 'arangosearch' });
    const byId = await call(cluster.urls[1] ?? '', 'GET', `${V}/${String(byName.body.id)}`);
    expect(byId.body.name).toBe('products');
    const props = await c('GET', `${V}/products/properties`);
    expect(props.body).toMatchObject({ error: false, code: 200, commitIntervalMsec: 500 });
    const missing = await c('GET', `${V}/nope/properties`);
    expect(missing.body).toMatchObject({ code: 404, errorNum: 1203 });
  });

  it('PATCH merges links and mutable properties, PUT replaces them', async () => {
    const patched = await c('PATCH', `${V}/products/properties`, {
      consolidationIntervalMsec: 2000,
      links: { films: { includeAllFields: true } },
      writebufferIdle: 1,
    });
    expect(patched.status).toBe(200);
    expect(patched.body).not.toHaveProperty('error');
    expect(patched.body).toMatchObject({ commitIntervalMsec: 500, consolidationIntervalMsec: 2000, writebufferIdle: 64 });
    expect(Object.keys(patched.body.links as object).sort()).toEqual(['books', 'films']);
    const removed = await c('PATCH', `${V}/products/properties`, { links: { books: null } });
    expect(Object.keys(removed.body.links as object)).toEqual(['films']);
    const replaced = await c('PUT', `${V}/products/properties`, { links: { books: {} } });
    expect(replaced.status).toBe(200);
    // Replacing resets the mutable properties that were not given.
    expect(replaced.body).toMatchObject({ commitIntervalMsec: 1000, consolidationIntervalMsec: 1000 });
    expect(Object.keys(replaced.body.links as object)).toEqual(['books']);
    const bad = await c('PATCH', `${V}/products/properties`, { commitIntervalMsec: -1 });
    expect(bad.body).toMatchObject({ code: 400, errorNum: 10 });
    expect((await c('GET', `${V}/products/properties`)).body.commitIntervalMsec).toBe(1000);
  });

  it('does not rename views in a cluster, but does on a single server', async () => {
    const inCluster = await c('PUT', `${V}/products/rename`, { name: 'catalog' });
    expect(inCluster.body).toMatchObject({ code: 501, errorNum: 1470 });
    const s = (method: string, path: string, body?: unknown): Promise<Answer> => call(single.urls[0] ?? '', method, path, body);
    expect((await s('POST', '/_api/view', { name: 'products', type: 'arangosearch' })).status).toBe(201);
    expect((await s('POST', '/_api/view', { name: 'other', type: 'arangosearch' })).status).toBe(201);
    const renamed = await s('PUT', '/_api/view/products/rename', { name: 'catalog' });
    // 3.12.10 answers a rename with the view's full properties, bare like a properties change
    expect(renamed.body).toMatchObject({ name: 'catalog', type: 'arangosearch', consolidationPolicy: { type: 'tier', maxSkewThreshold: 0.4 } });
    expect(renamed.body).not.toHaveProperty('error');
    expect((await s('GET', '/_api/view/products')).status).toBe(404);
    expect((await s('PUT', '/_api/view/catalog/rename', { name: 'other' })).body).toMatchObject({ code: 409, errorNum: 1207 });
  });

  it('drops a view', async () => {
    const r = await c('DELETE', `${V}/products`);
    expect(r.body).toEqual({ error: false, code: 200, result: true });
    expect((await c('DELETE', `${V}/products`)).body).toMatchObject({ code: 404, errorNum: 1203 });
  });
});

describe('search-alias views', () => {
  it('creates with inverted indexes, adds and removes them', async () => {
    const idx = await c('POST', '/_db/vdb/_api/index?collection=books', { type: 'inverted', name: 'inv_title', fields: ['title'] });
    expect([200, 201]).toContain(idx.status);
    const idx2 = await c('POST', '/_db/vdb/_api/index?collection=films', { type: 'inverted', name: 'inv_films', fields: ['name'] });
    expect([200, 201]).toContain(idx2.status);
    const r = await c('POST', V, { name: 'alias', type: 'search-alias', indexes: [{ collection: 'books', index: 'inv_title' }] });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ name: 'alias', type: 'search-alias', indexes: [{ collection: 'books', index: 'inv_title' }] });
    const add = await c('PATCH', `${V}/alias/properties`, { indexes: [{ collection: 'films', index: 'inv_films' }] });
    expect(add.body.indexes).toEqual([
      { collection: 'books', index: 'inv_title' },
      { collection: 'films', index: 'inv_films' },
    ]);
    const del = await c('PATCH', `${V}/alias/properties`, { indexes: [{ collection: 'books', index: 'inv_title', operation: 'del' }] });
    expect(del.body.indexes).toEqual([{ collection: 'films', index: 'inv_films' }]);
    const put = await c('PUT', `${V}/alias/properties`, { indexes: [] });
    expect(put.body.indexes).toEqual([]);
    const missingIndex = await c('PATCH', `${V}/alias/properties`, { indexes: [{ collection: 'books', index: 'nope' }] });
    expect(missingIndex.body).toMatchObject({ code: 404, errorNum: 1212 });
    const list = await c('GET', V);
    expect((list.body.result as Array<{ type: string }>).map((v) => v.type)).toEqual(['search-alias']);
  });
});
