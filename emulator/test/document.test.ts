import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, type EmulatorCluster } from '../src/cluster.js';
import { call, PASSWORD } from './http.js';

let cluster: EmulatorCluster;
let base: string;
const DB = '/_db/_system';

beforeAll(async () => {
  cluster = await startCluster({ coordinators: 2, rootPassword: PASSWORD });
  base = cluster.urls[0] as string;
  for (const name of ['products', 'rev', 'multi', 'opts', 'silent']) {
    await call(base, 'POST', `${DB}/_api/collection`, { body: { name } });
  }
  await call(base, 'POST', `${DB}/_api/collection`, { body: { name: 'links', type: 3 } });
  await call(base, 'POST', `${DB}/_api/collection`, { body: { name: 'synced', waitForSync: true } });
});

afterAll(async () => {
  await cluster.close();
});

describe('single documents', () => {
  it('creates (202, etag, location), reads (200) and answers 404/1202 and 404/1203', async () => {
    const c = await call(base, 'POST', `${DB}/_api/document/products`, { body: { Hello: 'World' } });
    expect(c.status).toBe(202);
    const key = c.json._key as string;
    expect(c.json).toEqual({ _id: `products/${key}`, _key: key, _rev: c.json._rev });
    expect(c.headers.etag).toBe(`"${String(c.json._rev)}"`);
    expect(c.headers.location).toBe(`/_db/_system/_api/document/products/${key}`);

    const g = await call(base, 'GET', `${DB}/_api/document/products/${key}`);
    expect(g.status).toBe(200);
    expect(g.json).toEqual({ _key: key, _id: `products/${key}`, _rev: c.json._rev, Hello: 'World' });
    expect(g.headers.etag).toBe(`"${String(c.json._rev)}"`);

    // another coordinator sees the same data
    const other = await call(cluster.urls[1] as string, 'GET', `${DB}/_api/document/products/${key}`);
    expect(other.json.Hello).toBe('World');

    const missing = await call(base, 'GET', `${DB}/_api/document/products/nope`);
    expect([missing.status, missing.json.errorNum, missing.json.errorMessage]).toEqual([404, 1202, 'document not found']);
    const noColl = await call(base, 'POST', `${DB}/_api/document/nocoll`, { body: {} });
    expect([noColl.status, noColl.json.errorNum, noColl.json.errorMessage]).toEqual([
      404, 1203, 'collection or view not found: nocoll',
    ]);
  });

  it('answers 201 with waitForSync (parameter or collection property)', async () => {
    expect((await call(base, 'POST', `${DB}/_api/document/products?waitForSync=true`, { body: {} })).status).toBe(201);
    expect((await call(base, 'POST', `${DB}/_api/document/synced`, { body: {} })).status).toBe(201);
    const d = await call(base, 'POST', `${DB}/_api/document/synced`, { body: { _key: 'x' } });
    expect((await call(base, 'DELETE', `${DB}/_api/document/synced/x`)).status).toBe(200);
    expect(d.status).toBe(201);
  });

  it('rejects bad keys with 400/1221, duplicates with 409/1210, bad JSON with 400/600', async () => {
    const bad = await call(base, 'POST', `${DB}/_api/document/products`, { body: { _key: 'a b' } });
    expect([bad.status, bad.json.errorNum]).toEqual([400, 1221]);
    const long = await call(base, 'POST', `${DB}/_api/document/products`, { body: { _key: 'k'.repeat(255) } });
    expect([long.status, long.json.errorNum]).toEqual([400, 1221]);
    await call(base, 'POST', `${DB}/_api/document/products`, { body: { _key: 'dup' } });
    const dup = await call(base, 'POST', `${DB}/_api/document/products`, { body: { _key: 'dup' } });
    expect([dup.status, dup.json.errorNum]).toEqual([409, 1210]);
    expect(dup.json.errorMessage).toBe("unique constraint violated - in index primary of type primary over '_key'; conflicting key: dup");
    const json = await call(base, 'POST', `${DB}/_api/document/products`, { rawBody: '{ 1: "World" }' });
    expect([json.status, json.json.errorNum]).toEqual([400, 600]);
  });

  it('replaces and updates with _oldRev, returnNew/returnOld, keepNull and mergeObjects', async () => {
    const c = await call(base, 'POST', `${DB}/_api/document/products`, {
      body: { _key: 'p1', one: 'world', numbers: { one: 1, empty: null }, inhabitants: { china: 1 } },
    });
    const rep = await call(base, 'PATCH', `${DB}/_api/document/products/p1?keepNull=false&returnOld=true&returnNew=true`, {
      body: { hello: null, one: null, numbers: { four: 4 } },
    });
    expect(rep.status).toBe(202);
    expect(rep.json._oldRev).toBe(c.json._rev);
    expect(rep.json._rev).not.toBe(c.json._rev);
    expect(rep.json.old).toMatchObject({ one: 'world' });
    expect(rep.json.new).toEqual({
      _key: 'p1', _id: 'products/p1', _rev: rep.json._rev, numbers: { one: 1, empty: null, four: 4 }, inhabitants: { china: 1 },
    });
    const noMerge = await call(base, 'PATCH', `${DB}/_api/document/products/p1?mergeObjects=false&returnNew=true`, {
      body: { inhabitants: { pakistan: 2 } },
    });
    expect((noMerge.json.new as Record<string, unknown>).inhabitants).toEqual({ pakistan: 2 });
    const put = await call(base, 'PUT', `${DB}/_api/document/products/p1?returnNew=true`, { body: { only: true } });
    expect(put.json.new).toEqual({ _key: 'p1', _id: 'products/p1', _rev: put.json._rev, only: true });
    const missing = await call(base, 'PUT', `${DB}/_api/document/products/nothere`, { body: {} });
    expect([missing.status, missing.json.errorNum]).toEqual([404, 1202]);
  });

  it('If-Match mismatch answers 412/1200 with _id, _key, _rev and etag; If-None-Match gives 304', async () => {
    const c = await call(base, 'POST', `${DB}/_api/document/rev`, { body: { _key: 'r1', v: 1 } });
    const rev = c.json._rev as string;
    const upd = await call(base, 'PUT', `${DB}/_api/document/rev/r1`, { body: { v: 2 } });
    const cur = upd.json._rev as string;
    for (const method of ['PUT', 'PATCH', 'DELETE']) {
      const r = await call(base, method, `${DB}/_api/document/rev/r1`, { body: { v: 3 }, headers: { 'if-match': `"${rev}"` } });
      expect(r.status).toBe(412);
      expect(r.json).toEqual({
        error: true, code: 412, errorNum: 1200, errorMessage: 'conflict, _rev values do not match', _id: 'rev/r1', _key: 'r1', _rev: cur,
      });
      expect(r.headers.etag).toBe(`"${cur}"`);
    }
    const g412 = await call(base, 'GET', `${DB}/_api/document/rev/r1`, { headers: { 'if-match': `"${rev}"` } });
    expect([g412.status, g412.json._rev]).toEqual([412, cur]);
    const g304 = await call(base, 'GET', `${DB}/_api/document/rev/r1`, { headers: { 'if-none-match': `"${cur}"` } });
    expect(g304.status).toBe(304);
    expect(g304.text).toBe('');
    const g200 = await call(base, 'GET', `${DB}/_api/document/rev/r1`, { headers: { 'if-none-match': `"${rev}"` } });
    expect(g200.status).toBe(200);
    // ignoreRevs=false makes the body's _rev a precondition
    const ign = await call(base, 'PATCH', `${DB}/_api/document/rev/r1?ignoreRevs=false`, { body: { _rev: rev, v: 4 } });
    expect([ign.status, ign.json.errorNum]).toEqual([412, 1200]);
    const okm = await call(base, 'PATCH', `${DB}/_api/document/rev/r1`, { body: { v: 5 }, headers: { 'if-match': cur } });
    expect(okm.status).toBe(202);
  });

  it('HEAD answers status and etag without a body', async () => {
    const c = await call(base, 'POST', `${DB}/_api/document/rev`, { body: { _key: 'h1' } });
    const h = await call(base, 'HEAD', `${DB}/_api/document/rev/h1`);
    expect(h.status).toBe(200);
    expect(h.text).toBe('');
    expect(h.headers.etag).toBe(`"${String(c.json._rev)}"`);
    expect((await call(base, 'HEAD', `${DB}/_api/document/rev/none`)).status).toBe(404);
    expect((await call(base, 'HEAD', `${DB}/_api/document/rev/h1`, { headers: { 'if-none-match': `"${String(c.json._rev)}"` } })).status).toBe(304);
    expect((await call(base, 'HEAD', `${DB}/_api/document/rev/h1`, { headers: { 'if-match': '"other"' } })).status).toBe(412);
  });

  it('overwriteMode ignore/update/replace/conflict and overwrite=true', async () => {
    const first = await call(base, 'POST', `${DB}/_api/document/opts`, { body: { _key: 'o', a: 1, b: 1 } });
    const ign = await call(base, 'POST', `${DB}/_api/document/opts?overwriteMode=ignore&returnNew=true`, { body: { _key: 'o', a: 9 } });
    expect(ign.status).toBe(202);
    expect(ign.json).toEqual({ _id: 'opts/o', _key: 'o', _rev: first.json._rev });
    const upd = await call(base, 'POST', `${DB}/_api/document/opts?overwriteMode=update&returnNew=true&returnOld=true`, { body: { _key: 'o', a: 2 } });
    expect(upd.json._oldRev).toBe(first.json._rev);
    expect(upd.json.new).toMatchObject({ a: 2, b: 1 });
    expect(upd.json.old).toMatchObject({ a: 1, b: 1 });
    const rep = await call(base, 'POST', `${DB}/_api/document/opts?overwrite=true&returnNew=true`, { body: { _key: 'o', c: 3 } });
    expect(rep.json.new).toEqual({ _key: 'o', _id: 'opts/o', _rev: rep.json._rev, c: 3 });
    const conflict = await call(base, 'POST', `${DB}/_api/document/opts?overwriteMode=conflict`, { body: { _key: 'o' } });
    expect([conflict.status, conflict.json.errorNum]).toEqual([409, 1210]);
    const badMode = await call(base, 'POST', `${DB}/_api/document/opts?overwriteMode=sideways`, { body: {} });
    expect(badMode.status).toBe(400);
  });

  it('versionAttribute only writes newer versions', async () => {
    await call(base, 'POST', `${DB}/_api/document/opts`, { body: { _key: 'v', ver: 5, data: 'a' } });
    await call(base, 'PUT', `${DB}/_api/document/opts/v?versionAttribute=ver`, { body: { ver: 4, data: 'old' } });
    expect((await call(base, 'GET', `${DB}/_api/document/opts/v`)).json.data).toBe('a');
    await call(base, 'PUT', `${DB}/_api/document/opts/v?versionAttribute=ver`, { body: { ver: 6, data: 'new' } });
    expect((await call(base, 'GET', `${DB}/_api/document/opts/v`)).json.data).toBe('new');
  });

  it('silent returns {} and removal answers 202 with returnOld', async () => {
    const s = await call(base, 'POST', `${DB}/_api/document/silent?silent=true`, { body: { _key: 's' } });
    expect([s.status, s.json]).toEqual([202, {}]);
    const d = await call(base, 'DELETE', `${DB}/_api/document/silent/s?returnOld=true`);
    expect(d.status).toBe(202);
    expect(d.json.old).toMatchObject({ _key: 's' });
    expect((await call(base, 'DELETE', `${DB}/_api/document/silent/s`)).json.errorNum).toBe(1202);
  });

  it('validates edges: 400/1233 without valid _from/_to', async () => {
    const bad = await call(base, 'POST', `${DB}/_api/document/links`, { body: { _from: 'products/1' } });
    expect([bad.status, bad.json.errorNum]).toEqual([400, 1233]);
    const ok = await call(base, 'POST', `${DB}/_api/document/links?returnNew=true`, { body: { _from: 'products/1', _to: 'products/2' } });
    expect(ok.status).toBe(202);
    expect(Object.keys(ok.json.new as object).slice(0, 5)).toEqual(['_key', '_id', '_from', '_to', '_rev']);
  });

  it('legacy POST /_api/document?collection= works', async () => {
    const r = await call(base, 'POST', `${DB}/_api/document?collection=products`, { body: { legacy: true } });
    expect(r.status).toBe(202);
    expect(String(r.json._id)).toMatch(/^products\//);
  });
});

describe('multi-document calls', () => {
  it('create many with a mixed batch: errors in place and x-arango-error-codes', async () => {
    const r = await call(base, 'POST', `${DB}/_api/document/multi?returnNew=true`, {
      body: [{ _key: 111 }, { _key: 'abc', v: 1 }, { _key: 'abc' }, 'not an object', {}],
    });
    expect(r.status).toBe(202);
    const out = r.json as unknown as Array<Record<string, unknown>>;
    expect(out).toHaveLength(5);
    expect(out[0]).toEqual({ error: true, errorNum: 1221, errorMessage: 'illegal document key' });
    expect(out[1]).toMatchObject({ _id: 'multi/abc', _key: 'abc', new: { v: 1 } });
    expect(out[2]).toMatchObject({ error: true, errorNum: 1210 });
    expect(out[3]).toMatchObject({ error: true, errorNum: 1227 });
    expect(out[4]).toHaveProperty('_key');
    expect(JSON.parse(String(r.headers['x-arango-error-codes']))).toEqual({ 1221: 1, 1210: 1, 1227: 1 });
  });

  it('reads many (onlyget), updates, replaces and removes many', async () => {
    await call(base, 'POST', `${DB}/_api/document/multi`, { body: [{ _key: 'm1', n: 1 }, { _key: 'm2', n: 2 }] });
    const get = await call(base, 'PUT', `${DB}/_api/document/multi?onlyget=true`, { body: ['m1', { _key: 'm2' }, 'zz'] });
    expect(get.status).toBe(200);
    const docs = get.json as unknown as Array<Record<string, unknown>>;
    expect(docs[0]).toMatchObject({ _key: 'm1', n: 1 });
    expect(docs[1]).toMatchObject({ _key: 'm2', n: 2 });
    expect(docs[2]).toEqual({ error: true, errorNum: 1202, errorMessage: 'document not found' });
    expect(get.headers['x-arango-error-codes']).toBe('{"1202":1}');

    const upd = await call(base, 'PATCH', `${DB}/_api/document/multi?returnNew=true`, { body: [{ _key: 'm1', x: 1 }, { _key: 'nope' }, { x: 1 }] });
    const u = upd.json as unknown as Array<Record<string, unknown>>;
    expect(u[0]).toMatchObject({ _key: 'm1', new: { n: 1, x: 1 } });
    expect(u[0]?._oldRev).toBeDefined();
    expect(u[1]).toMatchObject({ error: true, errorNum: 1202 });
    expect(u[2]).toMatchObject({ error: true, errorNum: 1226 });

    const rep = await call(base, 'PUT', `${DB}/_api/document/multi?returnNew=true`, { body: [{ _key: 'm2', y: 1 }] });
    expect((rep.json as unknown as Array<Record<string, unknown>>)[0]).toMatchObject({ new: { y: 1 } });

    const conflict = await call(base, 'DELETE', `${DB}/_api/document/multi?ignoreRevs=false`, {
      body: [{ _key: 'm1', _rev: 'non-matching revision' }, { _key: 'm2', _rev: 'non-matching revision' }],
    });
    expect(conflict.status).toBe(202);
    expect(conflict.headers['x-arango-error-codes']).toBe('{"1200":2}');
    expect((conflict.json as unknown as unknown[])[0]).toEqual({ error: true, errorNum: 1200, errorMessage: 'conflict, _rev values do not match' });

    const del = await call(base, 'DELETE', `${DB}/_api/document/multi?returnOld=true`, { body: ['m1', 'multi/m2', 'other/m3'] });
    const dl = del.json as unknown as Array<Record<string, unknown>>;
    expect(dl[0]).toMatchObject({ _id: 'multi/m1', old: { x: 1 } });
    expect(dl[1]).toMatchObject({ _id: 'multi/m2' });
    expect(dl[2]).toMatchObject({ error: true, errorNum: 1202 });
  });

  it('silent many returns {} on success and only the errors otherwise', async () => {
    const ok = await call(base, 'POST', `${DB}/_api/document/silent?silent=true`, { body: [{}, {}] });
    expect(ok.json).toEqual({});
    const partial = await call(base, 'POST', `${DB}/_api/document/silent?silent=true`, { body: [{ _key: 'q' }, { _key: 'q' }] });
    expect(partial.json).toEqual([expect.objectContaining({ error: true, errorNum: 1210 })]);
  });
});

describe('permissions', () => {
  it('a read-only user reads but cannot write (403/11); a user without access gets 401', async () => {
    await call(base, 'POST', '/_api/user', { body: { user: 'reader', passwd: 'r' } });
    await call(base, 'PUT', '/_api/user/reader/database/_system', { body: { grant: 'ro' } });
    await call(base, 'POST', `${DB}/_api/document/products`, { body: { _key: 'perm' } });
    const read = await call(base, 'GET', `${DB}/_api/document/products/perm`, { auth: ['reader', 'r'] });
    expect(read.status).toBe(200);
    const write = await call(base, 'POST', `${DB}/_api/document/products`, { body: {}, auth: ['reader', 'r'] });
    expect([write.status, write.json.errorNum]).toEqual([403, 11]);
    const ddl = await call(base, 'POST', `${DB}/_api/collection`, { body: { name: 'nope' }, auth: ['reader', 'r'] });
    expect(ddl.status).toBe(403);
    const anon = await call(base, 'GET', `${DB}/_api/document/products/perm`, { auth: null });
    expect(anon.status).toBe(401);
  });
});

describe('bad input', () => {
  it('never crashes the store APIs: every odd body gets an ArangoDB envelope below 500', async () => {
    await call(base, 'POST', `${DB}/_api/collection`, { body: { name: 'fuzz' } });
    await call(base, 'POST', `${DB}/_api/document/fuzz`, { body: { _key: 'k' } });
    const bodies = ['null', '5', '"text"', '[]', '[null]', '[5, "x", []]', '{}', '{"name":{}}', '{"_key":{}}', '{"_key":"k","_from":7}', '{ broken', ''];
    const targets: Array<[string, string]> = [
      ['POST', '/_api/document/fuzz'], ['PUT', '/_api/document/fuzz'], ['PATCH', '/_api/document/fuzz'], ['DELETE', '/_api/document/fuzz'],
      ['PUT', '/_api/document/fuzz?onlyget=true'], ['PUT', '/_api/document/fuzz/k'], ['PATCH', '/_api/document/fuzz/k'],
      ['POST', '/_api/collection'], ['PUT', '/_api/collection/fuzz/properties'], ['PUT', '/_api/collection/fuzz/responsibleShard'],
      ['POST', '/_api/index?collection=fuzz'], ['POST', '/_api/import?collection=fuzz&type=documents'],
      ['POST', '/_api/import?collection=fuzz&type=list'], ['POST', '/_api/import?collection=fuzz'],
      ['POST', '/_api/transaction/begin'],
    ];
    for (const [method, path] of targets) {
      for (const rawBody of bodies) {
        const r = await call(base, method, `${DB}${path}`, { rawBody });
        expect(r.status, `${method} ${path} ${rawBody} → ${r.text}`).toBeLessThan(500);
        if (r.status >= 400) expect(r.json, `${method} ${path} ${rawBody}`).toMatchObject({ error: true, code: r.status });
      }
    }
  });
});
