import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, type EmulatorCluster } from '../src/cluster.js';
import { call, PASSWORD } from './http.js';

let cluster: EmulatorCluster;
let base: string;
const DB = '/_db/_system';

beforeAll(async () => {
  cluster = await startCluster({ coordinators: 1, rootPassword: PASSWORD });
  base = cluster.urls[0] as string;
  for (const name of ['big', 'lines', 'list', 'auto', 'tab', 'dups', 'all', 'over', 'tabpos']) {
    await call(base, 'POST', `${DB}/_api/collection`, { body: { name } });
  }
  await call(base, 'POST', `${DB}/_api/collection`, { body: { name: 'links', type: 3 } });
});

afterAll(async () => {
  await cluster.close();
});

const imp = (query: string, rawBody: string) => call(base, 'POST', `${DB}/_api/import?${query}`, { rawBody });

describe('/_api/import', () => {
  it('imports 100 000 documents as JSON lines', async () => {
    const lines: string[] = [];
    for (let i = 0; i < 100_000; i++) lines.push(JSON.stringify({ _key: `k${i}`, i, tag: i % 7 }));
    const r = await imp('collection=big&type=documents', lines.join('\n'));
    expect(r.status).toBe(201);
    expect(r.json).toEqual({ error: false, created: 100_000, errors: 0, empty: 0, updated: 0, ignored: 0 });
    expect((await call(base, 'GET', `${DB}/_api/collection/big/count`)).json.count).toBe(100_000);
    expect((await call(base, 'GET', `${DB}/_api/document/big/k99999`)).json.i).toBe(99_999);
  });

  it('JSON lines, array, auto and tabular bodies, counting empty lines', async () => {
    const l = await imp('collection=lines&type=documents', '{ "_key": "abc", "v": 25 }\n{ "_key": "foo" }\n{ "name": "x" }\n');
    // the final line ending ends the last line (RestImportHandler stops at the end of the body)
    expect(l.json).toEqual({ error: false, created: 3, errors: 0, empty: 0, updated: 0, ignored: 0 });
    const m = await imp('collection=lines&type=documents', '{ "_key": "m1" }\n\n{ "_key": "m2" }');
    expect(m.json).toMatchObject({ created: 2, errors: 0, empty: 1 });
    const a = await imp('collection=list&type=list', '[{ "_key": "abc" }, { "v": 1 }, {}]');
    expect(a.json).toMatchObject({ created: 3, errors: 0, empty: 0 });
    const arr = await imp('collection=list&type=array', '[{ "_key": "def" }]');
    expect(arr.json).toMatchObject({ created: 1 });
    const au1 = await imp('collection=auto&type=auto', '[{ "v": 1 }, { "v": 2 }]');
    const au2 = await imp('collection=auto&type=auto', '{ "v": 3 }\n{ "v": 4 }');
    expect([au1.json.created, au2.json.created]).toEqual([2, 2]);
    const t = await imp('collection=tab', '[ "_key", "value1", "value2" ]\n[ "abc", 25, "test" ]\n[ "foo", "bar", null ]\n');
    expect(t.json).toMatchObject({ created: 2, errors: 0, empty: 0 });
    expect((await call(base, 'GET', `${DB}/_api/document/tab/foo`)).json).toMatchObject({ _key: 'foo', value1: 'bar' });
    expect((await call(base, 'GET', `${DB}/_api/document/tab/foo`)).json).not.toHaveProperty('value2');
  });

  it('an unparseable line is an error (not an empty line), with details naming it', async () => {
    const r = await imp('collection=lines&type=documents&details=true', '{ "_key": "ok1" }\nnot json');
    expect(r.json).toMatchObject({ created: 1, errors: 1, empty: 0 });
    // Lines are numbered from 1 (RestImportHandler's createFromJson), and the line is shown as "context".
    expect(r.json.details).toEqual(['at position 2: invalid JSON type (expecting object, probably parse error), offending context: not json']);
  });

  it('tabular format: line, ignoreMissing, wrong number of values, and insertion errors numbered among inserted documents', async () => {
    await imp('collection=tabpos', '["_key"]\n["t1"]');
    const body = '["_key","v"]\n["t0",1]\n["t2"]\nnot json\n\n["t1",2]\n["t3",3,4]\n7';
    const r = await imp('collection=tabpos&details=true&line=10', body);
    expect(r.json).toMatchObject({ created: 1, errors: 5, empty: 1 });
    // Refused rows at their line (after `line`); the duplicate t1 at its place among the two that reached the insert.
    expect(r.json.details).toEqual([
      'at position 12: wrong number of JSON values (got 1, expected 2)',
      'at position 13: invalid JSON type (expecting object, probably parse error), offending context: not json',
      'at position 16: wrong number of JSON values (got 3, expected 2)',
      'at position 17: no valid JSON array data',
      'at position 1: creating document failed with error \'unique constraint violated\', offending document: {"_key":"t1","v":2}',
    ]);
    const loose = await imp('collection=tabpos&ignoreMissing=true', '["_key","v"]\n["t4"]\n["t5",5,"extra"]');
    expect(loose.json).toMatchObject({ created: 2, errors: 0 });
    expect((await call(base, 'GET', `${DB}/_api/document/tabpos/t5`)).json).toMatchObject({ _key: 't5', v: 5 });
    expect((await call(base, 'GET', `${DB}/_api/document/tabpos/t4`)).json).not.toHaveProperty('v');
  });

  it('onDuplicate error/update/replace/ignore with details', async () => {
    await imp('collection=dups&type=documents', '{ "_key": "a", "x": 1, "y": 1 }');
    const err = await imp('collection=dups&type=documents&details=true', '{ "_key": "a", "x": 2 }\n{ "_key": "b" }');
    expect(err.json).toMatchObject({ created: 1, errors: 1, updated: 0, ignored: 0 });
    expect(err.json.details).toEqual([
      'at position 0: creating document failed with error \'unique constraint violated\', offending document: {"_key":"a","x":2}',
    ]);
    const upd = await imp('collection=dups&type=documents&onDuplicate=update', '{ "_key": "a", "x": 3 }');
    expect(upd.json).toMatchObject({ created: 0, updated: 1 });
    expect((await call(base, 'GET', `${DB}/_api/document/dups/a`)).json).toMatchObject({ x: 3, y: 1 });
    const rep = await imp('collection=dups&type=documents&onDuplicate=replace', '{ "_key": "a", "z": 1 }');
    expect(rep.json).toMatchObject({ updated: 1 });
    expect((await call(base, 'GET', `${DB}/_api/document/dups/a`)).json).not.toHaveProperty('y');
    const ign = await imp('collection=dups&type=documents&onDuplicate=ignore', '{ "_key": "a", "q": 1 }\n{ "_key": "c" }');
    expect(ign.json).toMatchObject({ created: 1, ignored: 1 });
    const bad = await imp('collection=dups&type=documents&details=true', '[1]\n{ "_key": "bad key" }');
    expect(bad.json).toMatchObject({ errors: 2 });
    // A JSON value that is no object is refused at its line; the bad key at its place among the inserted.
    expect(bad.json.details).toEqual([
      'at position 1: invalid JSON type (expecting object), offending document: [1]',
      'at position 0: creating document failed with error \'illegal document key\', offending document: {"_key":"bad key"}',
    ]);
  });

  it('complete=true is all or nothing: the first error rolls the whole import back (409/1210)', async () => {
    await imp('collection=all&type=documents', '{ "_key": "exists" }');
    const r = await imp('collection=all&type=documents&complete=true', '{ "_key": "n1" }\n{ "_key": "n2" }\n{ "_key": "exists" }');
    expect([r.status, r.json.errorNum, r.json.errorMessage]).toEqual([409, 1210, 'unique constraint violated']);
    expect((await call(base, 'GET', `${DB}/_api/collection/all/count`)).json.count).toBe(1);
    expect((await call(base, 'GET', `${DB}/_api/document/all/n1`)).status).toBe(404);
    const ok = await imp('collection=all&type=documents&complete=true', '{ "_key": "n1" }\n{ "_key": "n2" }');
    expect(ok.json).toMatchObject({ created: 2 });
    expect((await call(base, 'GET', `${DB}/_api/collection/all/count`)).json.count).toBe(3);
  });

  it('complete=true and an unparseable line: the documents before it are imported, the rest not (RestImportHandler stops reading there); a refused tabular row fails the request', async () => {
    await call(base, 'POST', `${DB}/_api/collection`, { body: { name: 'halt' } });
    const r = await imp('collection=halt&type=documents&complete=true&details=true', '{ "_key": "h1" }\n{ "_key": "h2" }\n{ "_key": \n{ "_key": "h4" }');
    expect(r.status).toBe(201);
    expect(r.json).toEqual({
      error: false,
      created: 2,
      errors: 1,
      empty: 0,
      updated: 0,
      ignored: 0,
      details: ['at position 3: invalid JSON type (expecting object, probably parse error), offending context: { "_key":'],
    });
    const keys = await call(base, 'POST', `${DB}/_api/cursor`, { body: { query: 'FOR d IN halt SORT d._key RETURN d._key' } });
    expect(keys.json.result).toEqual(['h1', 'h2']);
    // A JSON value that is not an object still fails the whole request.
    const notObject = await imp('collection=halt&type=documents&complete=true', '{ "_key": "h5" }\n[1]');
    expect([notObject.status, notObject.json.errorNum]).toEqual([400, 1227]);
    const tab = await imp('collection=halt&complete=true', '["_key","v"]\n["t1",1]\n["t2"]\n["t3",3]');
    expect([tab.status, tab.json.errorNum, tab.json.errorMessage]).toEqual([500, 4, 'internal error']);
    expect((await call(base, 'GET', `${DB}/_api/collection/halt/count`)).json.count).toBe(2);
  });

  it('overwrite=true truncates first', async () => {
    await imp('collection=over&type=documents', '{}\n{}\n{}');
    await imp('collection=over&type=documents&overwrite=true', '{ "_key": "only" }');
    expect((await call(base, 'GET', `${DB}/_api/collection/over/count`)).json.count).toBe(1);
  });

  it('edges: fromPrefix/toPrefix and missing _from/_to reported per document', async () => {
    const r = await imp('collection=links&type=documents&fromPrefix=products&toPrefix=products', '{ "_from": "1", "_to": "2" }\n{ "_from": "other/3", "_to": "4" }');
    expect(r.json).toMatchObject({ created: 2, errors: 0 });
    const list = await call(base, 'PUT', `${DB}/_api/document/links?onlyget=true`, { body: [] });
    expect(list.status).toBe(200);
    const bad = await imp('collection=links&type=list&details=true', '[ { "name": "some name" } ]');
    expect(bad.json).toEqual({
      error: false, created: 0, errors: 1, empty: 0, updated: 0, ignored: 0,
      details: ['at position 1: missing \'_from\' or \'_to\' attribute, offending document: {"name":"some name"}'],
    });
  });

  it('answers 404/1203 for unknown collections and 400 for bodies that do not match the type', async () => {
    const nf = await imp('collection=nothing&type=documents', '{}');
    expect([nf.status, nf.json.errorNum]).toEqual([404, 1203]);
    const list = await imp('collection=list&type=list', '{ }');
    expect([list.status, list.json.errorMessage]).toEqual([400, 'expecting a JSON array in the request']);
    const noColl = await imp('type=documents', '{}');
    expect(noColl.status).toBe(400);
  });
});
