/**
 * Persistent indexes over array elements (`tags[*]`, `items[*].name`): creation and its
 * validation (TRI_ParseAttributeString, IndexFactory::validateFieldsDefinition), the entries
 * RocksDBVPackIndex::buildIndexValues makes (deduplication, unique constraints within and
 * across documents, non-arrays, nulls, sparse), and AQL's use of them for `value IN doc.attr`
 * (SortedIndexAttributeMatcher::accessFitsIndex), with results checked against the same query
 * without the index (`disableIndex`) over random documents.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, type EmulatorCluster } from '../src/cluster.js';
import { call, PASSWORD } from './http.js';

let cluster: EmulatorCluster;
let base: string;
const DB = '/_db/_system';
type Node = Record<string, unknown> & { type: string; id: number; dependencies: number[] };

beforeAll(async () => {
  cluster = await startCluster({ coordinators: 1, rootPassword: PASSWORD });
  base = cluster.urls[0] as string;
});

afterAll(async () => {
  await cluster.close();
});

const collection = async (name: string, docs: unknown[] = []): Promise<void> => {
  const c = await call(base, 'POST', `${DB}/_api/collection`, { body: { name } });
  expect(c.status).toBe(200);
  if (docs.length > 0) await insert(name, docs);
};
const insert = async (name: string, docs: unknown): Promise<{ status: number; json: Record<string, unknown> }> =>
  call(base, 'POST', `${DB}/_api/document/${name}`, { body: docs });
const createIndex = async (coll: string, body: Record<string, unknown>): Promise<{ status: number; json: Record<string, unknown> }> =>
  call(base, 'POST', `${DB}/_api/index?collection=${coll}`, { body });
const explain = async (query: string, bindVars: Record<string, unknown> = {}): Promise<{ nodes: Node[]; rules: string[] }> => {
  const r = await call(base, 'POST', `${DB}/_api/explain`, { body: { query, bindVars } });
  expect(r.status, JSON.stringify(r.json)).toBe(200);
  return r.json.plan as { nodes: Node[]; rules: string[] };
};
const usedIndex = async (query: string, bindVars: Record<string, unknown> = {}): Promise<string | undefined> => {
  const n = (await explain(query, bindVars)).nodes.find((x) => x.type === 'IndexNode');
  return (n?.['indexes'] as { name: string }[] | undefined)?.[0]?.name;
};
const cursor = async (query: string, bindVars: Record<string, unknown> = {}, options: Record<string, unknown> = {}): Promise<{ result: unknown[]; extra: Record<string, unknown> }> => {
  const r = await call(base, 'POST', `${DB}/_api/cursor`, { body: { query, bindVars, options, batchSize: 10_000 } });
  expect(r.status, JSON.stringify(r.json)).toBe(201);
  expect(r.json.hasMore).toBe(false);
  return { result: r.json.result as unknown[], extra: r.json.extra as Record<string, unknown> };
};
const keysOf = async (query: string, bindVars: Record<string, unknown> = {}): Promise<string[]> =>
  ((await cursor(query, bindVars)).result as string[]).sort();

describe('creating array indexes (POST /_api/index)', () => {
  beforeAll(async () => {
    await collection('arrdefs');
  });

  it('reports the definition as 3.12 does, and an identical request returns the same index', async () => {
    const r = await createIndex('arrdefs', { type: 'persistent', fields: ['tags[*]', 'items[*].name'] });
    expect(r.status).toBe(201);
    expect(r.json).toMatchObject({
      fields: ['tags[*]', 'items[*].name'], type: 'persistent', unique: false, sparse: false, deduplicate: true, estimates: true,
      cacheEnabled: false, selectivityEstimate: 1, isNewlyCreated: true,
    });
    const again = await createIndex('arrdefs', { type: 'persistent', fields: ['tags[*]', 'items[*].name'] });
    expect(again.status).toBe(200);
    expect(again.json).toMatchObject({ id: r.json.id, isNewlyCreated: false });
    const noDedup = await createIndex('arrdefs', { type: 'persistent', fields: ['other[*]'], deduplicate: false, unique: true });
    expect(noDedup.json).toMatchObject({ deduplicate: false, unique: true });
    const list = await call(base, 'GET', `${DB}/_api/index?collection=arrdefs`);
    expect((list.json.indexes as { fields: string[] }[]).map((i) => i.fields)).toEqual([['_key'], ['tags[*]', 'items[*].name'], ['other[*]']]);
  });

  const refused: [string, Record<string, unknown>, number, string][] = [
    ['two expansions in one field', { type: 'persistent', fields: ['a[*].b[*]'] }, 10, 'cannot use multiple [*] expansions for a single index field'],
    ['an index other than [*]', { type: 'persistent', fields: ['a[0]'] }, 1220, 'can only use [*] for indexes'],
    ['[*] followed by a name without a dot', { type: 'persistent', fields: ['a[*]b'] }, 1220, 'can only use [*] for indexes'],
    ['an unclosed [*', { type: 'persistent', fields: ['a[*'] }, 1220, 'can only use [*] for indexes'],
    ['[*] in a ttl index', { type: 'ttl', fields: ['a[*]'], expireAfter: 10 }, 10, 'cannot use [*] expansion for this type of index'],
    ['[*] in a geo index', { type: 'geo', fields: ['a[*]'] }, 10, 'cannot use [*] expansion for this type of index'],
    ['[*] in a fulltext index', { type: 'fulltext', fields: ['a[*]'] }, 10, 'cannot use [*] expansion for this type of index'],
    ['[*] in an mdi index', { type: 'mdi', fields: ['a[*]', 'b'], fieldValueTypes: 'double' }, 10, 'cannot use [*] expansion for this type of index'],
    ['[*] in storedValues', { type: 'persistent', fields: ['a'], storedValues: ['b[*]'] }, 10, 'cannot use [*] expansion for this type of index'],
    ['the same field twice', { type: 'persistent', fields: ['a[*]', 'a[*]'] }, 10, 'duplicate attribute name in index fields list'],
    ['a field in storedValues too', { type: 'persistent', fields: ['a', 'b'], storedValues: ['b'] }, 10, 'duplicate attribute name (overlap between index fields and index stored values list)'],
    ['_id below an expansion', { type: 'persistent', fields: ['a[*]._id'] }, 10, '_id attribute cannot be indexed'],
  ];
  for (const [what, body, errorNum, message] of refused) {
    it(`refuses ${what} (400 / ${errorNum})`, async () => {
      const r = await createIndex('arrdefs', body);
      expect(r.status).toBe(400);
      expect(r.json).toMatchObject({ error: true, code: 400, errorNum, errorMessage: message });
    });
  }
});

describe('index entries as buildIndexValues makes them', () => {
  it('a unique array index: one document may repeat a value (deduplicated), two may not', async () => {
    await collection('uarr');
    expect((await createIndex('uarr', { type: 'persistent', fields: ['tags[*]'], unique: true, name: 'u' })).status).toBe(201);
    expect((await insert('uarr', { _key: 'a', tags: ['x', 'y', 'x'] })).status).toBe(202);
    const dup = await insert('uarr', { _key: 'b', tags: ['z', 'y'] });
    expect(dup.status).toBe(409);
    expect(dup.json).toMatchObject({ errorNum: 1210, errorMessage: "unique constraint violated - in index u of type persistent over 'tags[*]'; conflicting key: a" });
    // non-arrays, empty arrays, missing attributes are not in the index: no conflict among them
    for (const doc of [{ tags: null }, { tags: null }, { tags: [] }, { tags: [] }, {}, {}, { tags: 'x' }, { tags: { y: 1 } }]) {
      expect((await insert('uarr', doc)).status).toBe(202);
    }
    // an explicit null element is indexed, once
    expect((await insert('uarr', { tags: [null] })).status).toBe(202);
    expect((await insert('uarr', { tags: [null, 'q'] })).json).toMatchObject({ errorNum: 1210 });
    // objects compare by value: key order does not matter
    expect((await insert('uarr', { tags: [{ p: 1, q: 2 }] })).status).toBe(202);
    expect((await insert('uarr', { tags: [{ q: 2, p: 1 }] })).json).toMatchObject({ errorNum: 1210 });
    // an update that keeps its own values is fine; one that takes another document's is not
    expect((await call(base, 'PATCH', `${DB}/_api/document/uarr/a`, { body: { tags: ['y', 'w'] } })).status).toBe(202);
    expect((await call(base, 'PATCH', `${DB}/_api/document/uarr/a`, { body: { tags: [null] } })).status).toBe(409);
    // the value 'x' left the index with the update
    expect((await insert('uarr', { _key: 'c', tags: ['x'] })).status).toBe(202);
    // removed documents release their values
    expect((await call(base, 'DELETE', `${DB}/_api/document/uarr/c`)).status).toBe(202);
    expect((await insert('uarr', { tags: ['x'] })).status).toBe(202);
  });

  it('deduplicate: false refuses a document repeating a value (409 / 1210, no conflicting key)', async () => {
    await collection('nodedup');
    await createIndex('nodedup', { type: 'persistent', fields: ['tags[*]'], unique: true, deduplicate: false, name: 'nd' });
    const r = await insert('nodedup', { tags: ['foobar', 'bar', 'bar'] });
    expect(r.status).toBe(409);
    expect(r.json).toMatchObject({ errorNum: 1210, errorMessage: "unique constraint violated - in index nd of type persistent over 'tags[*]'" });
    expect((await insert('nodedup', { tags: ['foobar', 'bar'] })).status).toBe(202);
    // a non-unique index with deduplicate: false takes repeats (they are one entry)
    await collection('nodedup2', [{ tags: ['a', 'a'] }]);
    expect((await createIndex('nodedup2', { type: 'persistent', fields: ['tags[*]'], deduplicate: false })).status).toBe(201);
    expect(await keysOf('FOR d IN nodedup2 FILTER "a" IN d.tags RETURN d.tags[0]')).toEqual(['a']);
  });

  it('a unique index cannot be created over documents that break it (400 / 1210)', async () => {
    await collection('late', [{ _key: 'p', tags: ['a', 'b'] }, { _key: 'q', tags: ['b'] }, { _key: 'r', tags: ['c', 'c'] }]);
    const across = await createIndex('late', { type: 'persistent', fields: ['tags[*]'], unique: true });
    expect(across.status).toBe(400);
    expect(across.json).toMatchObject({ errorNum: 1210 });
    expect(String(across.json.errorMessage)).toMatch(/conflicting key: [pq]$/);
    await call(base, 'DELETE', `${DB}/_api/document/late/q`);
    const within = await createIndex('late', { type: 'persistent', fields: ['tags[*]'], unique: true, deduplicate: false });
    expect(within.status).toBe(400);
    expect(within.json).toMatchObject({ errorNum: 1210 });
    expect((await createIndex('late', { type: 'persistent', fields: ['tags[*]'], unique: true })).status).toBe(201);
  });

  it('a later expanded field without an array gives an entry that unique indexes count (finishWithNones)', async () => {
    await collection('later');
    await createIndex('later', { type: 'persistent', fields: ['a', 'tags[*]'], unique: true, name: 'at' });
    expect((await insert('later', { a: 1, tags: ['x'] })).status).toBe(202);
    expect((await insert('later', { a: 1, tags: ['y'] })).status).toBe(202);
    expect((await insert('later', { a: 1 })).status).toBe(202);
    // [1, <no value>] again
    expect((await insert('later', { a: 1, tags: 'not an array' })).json).toMatchObject({ errorNum: 1210 });
    expect((await insert('later', { a: 2, tags: [] })).status).toBe(202);
  });

  it('sparse: the array part keeps nulls, the other fields leave documents out (the documented examples)', async () => {
    await collection('sparsearr');
    await createIndex('sparsearr', { type: 'persistent', fields: ['tags[*]', 'name'], sparse: true, unique: true });
    for (const doc of [
      { tags: null, name: 'alice' }, { tags: [], name: 'alice' }, { tags: [1, 2, 3] }, { tags: [1, 2, 3], name: null },
      { tags: [1, 2, 3] }, { tags: [1, 2, 3], name: null },
    ]) expect((await insert('sparsearr', doc)).status).toBe(202);
    expect((await insert('sparsearr', { tags: [1, 2, 3], name: 'alice' })).status).toBe(202);
    expect((await insert('sparsearr', { tags: [3], name: 'alice' })).json).toMatchObject({ errorNum: 1210 });
    expect((await insert('sparsearr', { tags: [null], name: 'bob' })).status).toBe(202);
    expect((await insert('sparsearr', { tags: [null], name: 'bob' })).json).toMatchObject({ errorNum: 1210 });
  });

  it('reports a selectivity estimate over the entries (distinct / all)', async () => {
    await collection('sel', [{ tags: ['a', 'b'] }, { tags: ['a'] }, { tags: ['c', 'c'] }, { tags: 'x' }]);
    const r = await createIndex('sel', { type: 'persistent', fields: ['tags[*]'] });
    // entries a, b, a, c: 3 distinct of 4
    expect(r.json.selectivityEstimate).toBe(0.75);
  });
});

describe('AQL reads array indexes for value IN doc.attr', () => {
  beforeAll(async () => {
    await collection('posts', [
      { _key: 'p1', tags: ['foobar', 'baz', 'quux'], items: [{ name: 'a' }, { name: 'b' }], n: 1 },
      { _key: 'p2', tags: ['baz', 'baz'], items: [{ name: 'b' }, { other: 1 }, 'str'], n: 2 },
      { _key: 'p3', tags: 'baz', items: { name: 'a' }, n: 3 },
      { _key: 'p4', tags: [null, ['baz']], items: [], n: 4 },
      { _key: 'p5', n: 5 },
    ]);
    await createIndex('posts', { type: 'persistent', fields: ['tags[*]'], name: 'tags' });
    await createIndex('posts', { type: 'persistent', fields: ['items[*].name'], name: 'names' });
  });

  const cases: [string, string | undefined, string[]][] = [
    ['FOR d IN posts FILTER "baz" IN d.tags RETURN d._key', 'tags', ['p1', 'p2']],
    ['FOR d IN posts FILTER "baz" IN d.tags[*] RETURN d._key', 'tags', ['p1', 'p2']],
    ['FOR d IN posts FILTER null IN d.tags RETURN d._key', 'tags', ['p4']],
    ['FOR d IN posts FILTER ["baz"] IN d.tags RETURN d._key', 'tags', ['p4']],
    ['FOR d IN posts FILTER "b" IN d.items[*].name RETURN d._key', 'names', ['p1', 'p2']],
    // the elements without a name are indexed as null
    ['FOR d IN posts FILTER null IN d.items[*].name RETURN d._key', 'names', ['p2']],
    // without [*] the sub-attribute path is no element lookup
    ['FOR d IN posts FILTER "b" IN d.items.name RETURN d._key', undefined, []],
    // the documented forms that do not use the array index
    ['FOR d IN posts FILTER d.tags ANY == "baz" RETURN d._key', undefined, ['p1', 'p2']],
    ['FOR d IN posts FILTER d.tags == "baz" RETURN d._key', undefined, ['p3']],
    ['FOR d IN posts FILTER "baz" == d.tags RETURN d._key', undefined, ['p3']],
    ['FOR d IN posts FILTER d.tags IN "baz" RETURN d._key', undefined, []],
    ['FOR d IN posts FILTER d.tags[*] == "baz" RETURN d._key', undefined, []],
    ['FOR d IN posts FILTER d.n IN d.tags RETURN d._key', undefined, []],
    ['FOR d IN posts FILTER "baz" IN d.tags AND d.n > 1 RETURN d._key', 'tags', ['p2']],
  ];
  for (const [q, name, keys] of cases) {
    it(`${q}: ${name ?? 'scans'}`, async () => {
      expect(await usedIndex(q)).toBe(name);
      expect(await keysOf(q)).toEqual(keys);
      expect(await keysOf(q.replace('FOR d IN posts', 'FOR d IN posts OPTIONS { disableIndex: true }'))).toEqual(keys);
    });
  }

  it('the IndexNode: the index, the IN condition as written, the FILTER gone', async () => {
    const plan = await explain('FOR d IN posts FILTER @v IN d.tags RETURN d', { v: 'baz' });
    expect(plan.nodes.map((n) => n.type)).toEqual(['SingletonNode', 'IndexNode', 'ReturnNode']);
    expect(plan.rules).toEqual(['use-indexes', 'remove-filter-covered-by-index', 'remove-unnecessary-calculations-2']);
    const node = plan.nodes[1] as Node;
    expect(node['indexes']).toEqual([expect.objectContaining({ type: 'persistent', name: 'tags', fields: ['tags[*]'], unique: false, sparse: false, deduplicate: true })]);
    const cond = node['condition'] as { type: string; subNodes: { type: string; subNodes: { type: string; subNodes: Record<string, unknown>[] }[] }[] };
    expect(cond.type).toBe('n-ary or');
    const inNode = cond.subNodes[0]?.subNodes[0];
    expect(inNode?.type).toBe('compare in');
    // AstNode::toVelocyPack: IN operators carry `sorted`, not `excludesNull`
    expect(Object.keys(inNode as object)).toEqual(['type', 'typeID', 'sorted', 'subNodes']);
    expect(inNode).toMatchObject({ typeID: 31, sorted: false });
    expect(inNode?.subNodes[0]).toMatchObject({ type: 'value', value: 'baz' });
    expect(inNode?.subNodes[1]).toMatchObject({ type: 'attribute access', name: 'tags' });
    // 5 documents, selectivity 5 distinct of 6 entries: 1 / (5/6) = 1.2 expected
    expect(node['estimatedNrItems']).toBe(1);
  });

  it('profile counts the entries read as scannedIndex, nothing as scannedFull', async () => {
    const { extra } = await cursor('FOR d IN posts FILTER "baz" IN d.tags RETURN d', {}, { profile: 1 });
    expect(extra['stats']).toMatchObject({ scannedIndex: 2, scannedFull: 0, filtered: 0 });
    const scan = await cursor('FOR d IN posts OPTIONS { disableIndex: true } FILTER "baz" IN d.tags RETURN d', {}, { profile: 1 });
    expect(scan.extra['stats']).toMatchObject({ scannedIndex: 0, scannedFull: 5, filtered: 3 });
  });

  it('a sparse index needs a constant value; the value must not read the loop variable', async () => {
    await collection('sp', [{ tags: ['a'] }, { tags: [null] }]);
    await createIndex('sp', { type: 'persistent', fields: ['tags[*]'], sparse: true, name: 'sp' });
    expect(await usedIndex('FOR d IN sp FILTER null IN d.tags RETURN d')).toBe('sp');
    expect(await usedIndex('FOR x IN ["a"] FOR d IN sp FILTER x IN d.tags RETURN d')).toBeUndefined();
    expect(await usedIndex('FOR x IN ["a"] FOR d IN posts FILTER x IN d.tags RETURN d')).toBe('tags');
    expect(await keysOf('FOR x IN ["baz", "quux"] FOR d IN posts FILTER x IN d.tags RETURN d._key')).toEqual(['p1', 'p1', 'p2']);
  });

  it('a prefix lookup on a combined index reads each document once, also those without the array (hasMultipleExpansions)', async () => {
    await collection('combo', [
      { _key: 'c1', a: 1, tags: ['x', 'y', 'z'] }, { _key: 'c2', a: 1 }, { _key: 'c3', a: 1, tags: [] }, { _key: 'c4', a: 2, tags: ['x'] },
    ]);
    await createIndex('combo', { type: 'persistent', fields: ['a', 'tags[*]'], name: 'atags' });
    expect(await usedIndex('FOR d IN combo FILTER d.a == 1 RETURN d')).toBe('atags');
    expect(await keysOf('FOR d IN combo FILTER d.a == 1 RETURN d._key')).toEqual(['c1', 'c2', 'c3']);
    expect(await keysOf('FOR d IN combo FILTER d.a == 1 AND "y" IN d.tags RETURN d._key')).toEqual(['c1']);
    expect(await keysOf('FOR d IN combo FILTER d.a IN [1, 2] AND "x" IN d.tags RETURN d._key')).toEqual(['c1', 'c4']);
  });

  it('two element lookups on one field: the index takes one, the FILTER keeps the other', async () => {
    const q = 'FOR d IN posts FILTER "baz" IN d.tags AND "quux" IN d.tags RETURN d._key';
    const plan = await explain(q.replace('d._key', 'd'));
    expect(plan.nodes.map((n) => n.type)).toEqual(['SingletonNode', 'IndexNode', 'CalculationNode', 'FilterNode', 'ReturnNode']);
    // matchAttributes counts one lookup per element comparison (values = 2): 2 × 1 / (5/6), floored
    expect(plan.nodes[1]?.['estimatedNrItems']).toBe(2);
    expect(plan.rules).toContain('remove-filter-covered-by-index');
    expect(await keysOf(q)).toEqual(['p1']);
  });

  it('index hints name an array index; a forced hint it cannot serve fails (400 / 1577)', async () => {
    expect(await usedIndex('FOR d IN posts OPTIONS { indexHint: "tags", forceIndexHint: true } FILTER "baz" IN d.tags RETURN d')).toBe('tags');
    const r = await call(base, 'POST', `${DB}/_api/cursor`, { body: { query: 'FOR d IN posts OPTIONS { indexHint: "tags", forceIndexHint: true } FILTER d.tags == "baz" RETURN d' } });
    expect(r.status).toBe(400);
    expect(r.json).toMatchObject({ errorNum: 1577 });
  });

  it("a sparse index over a sub-attribute serves null IN … with the nulls it holds: the server's answer, not the scan's", async () => {
    // Index::canUseConditionPart lets a sparse index serve `null IN d.items[*].name` (its null
    // check is commented out: nulls inside arrays are indexed), but buildIndexValues leaves out
    // elements without the sub-attribute: the server returns only explicit `name: null`
    await collection('spn', [{ _key: 'explicit', items: [{ name: null }] }, { _key: 'missing', items: [{}] }, { _key: 'scalar', items: [1] }]);
    await createIndex('spn', { type: 'persistent', fields: ['items[*].name'], sparse: true, name: 'spn' });
    const q = 'FOR d IN spn FILTER null IN d.items[*].name RETURN d._key';
    expect(await usedIndex(q)).toBe('spn');
    expect(await keysOf(q)).toEqual(['explicit']);
    expect(await keysOf(q.replace('FOR d IN spn', 'FOR d IN spn OPTIONS { disableIndex: true }'))).toEqual(['explicit', 'missing', 'scalar']);
  });

  it('unique values a stream transaction wrote are reserved until it ends', async () => {
    await collection('utx');
    await createIndex('utx', { type: 'persistent', fields: ['tags[*]'], unique: true, name: 'utx' });
    const t = await call(base, 'POST', `${DB}/_api/transaction/begin`, { body: { collections: { write: ['utx'] } } });
    const id = (t.json.result as { id: string }).id;
    expect((await call(base, 'POST', `${DB}/_api/document/utx`, { body: { tags: ['a', 'b'] }, headers: { 'x-arango-trx-id': id } })).status).toBe(202);
    // the same transaction: a unique constraint violation; another writer: a write-write conflict
    const own = await call(base, 'POST', `${DB}/_api/document/utx`, { body: { tags: ['b'] }, headers: { 'x-arango-trx-id': id } });
    expect(own.json).toMatchObject({ errorNum: 1210 });
    const other = await insert('utx', { tags: ['c', 'a'] });
    expect(other.json).toMatchObject({ errorNum: 1200 });
    await call(base, 'DELETE', `${DB}/_api/transaction/${id}`);
    expect((await insert('utx', { tags: ['c', 'a'] })).status).toBe(202);
  });

  it('a stream transaction reads its own writes through the index', async () => {
    const t = await call(base, 'POST', `${DB}/_api/transaction/begin`, { body: { collections: { write: ['posts'] } } });
    const id = (t.json.result as { id: string }).id;
    const h = { 'x-arango-trx-id': id };
    await call(base, 'POST', `${DB}/_api/document/posts`, { body: { _key: 'p6', tags: ['baz'] }, headers: h });
    await call(base, 'PATCH', `${DB}/_api/document/posts/p1`, { body: { tags: ['other'] }, headers: h });
    const r = await call(base, 'POST', `${DB}/_api/cursor`, { body: { query: 'FOR d IN posts FILTER "baz" IN d.tags RETURN d._key' }, headers: h });
    expect((r.json.result as string[]).sort()).toEqual(['p2', 'p6']);
    expect(await keysOf('FOR d IN posts FILTER "baz" IN d.tags RETURN d._key')).toEqual(['p1', 'p2']);
    await call(base, 'DELETE', `${DB}/_api/transaction/${id}`);
  });
});

describe('an OR through several index lookups (getBestIndexHandlesForFilterCondition)', () => {
  beforeAll(async () => {
    await collection('ors', [
      { _key: 'o1', tags: ['a', 'b'], n: 1 }, { _key: 'o2', tags: ['a'], m: 3 }, { _key: 'o3', n: 2, m: 3 }, { _key: 'o4', tags: ['c'], n: 2 }, { _key: 'o5' },
    ]);
    await createIndex('ors', { type: 'persistent', fields: ['tags[*]'], name: 'otags' });
    await createIndex('ors', { type: 'persistent', fields: ['n'], name: 'on' });
    await createIndex('ors', { type: 'persistent', fields: ['m'], name: 'om' });
  });

  it('one index per branch, the branches as the condition, the FILTER kept (only use-indexes)', async () => {
    const plan = await explain('FOR d IN ors FILTER "a" IN d.tags OR d.n == 2 RETURN d');
    expect(plan.nodes.map((n) => n.type)).toEqual(['SingletonNode', 'IndexNode', 'CalculationNode', 'FilterNode', 'ReturnNode']);
    expect(plan.rules).toEqual(['use-indexes']);
    const node = plan.nodes[1] as Node;
    expect((node['indexes'] as { name: string }[]).map((i) => i.name)).toEqual(['otags', 'on']);
    const cond = node['condition'] as { type: string; subNodes: { type: string; subNodes: { type: string }[] }[] };
    expect(cond.type).toBe('n-ary or');
    expect(cond.subNodes.map((s) => [s.type, s.subNodes.map((x) => x.type)])).toEqual([['n-ary and', ['compare in']], ['n-ary and', ['compare ==']]]);
  });

  it('each document once, branch by branch; scannedIndex counts what the lookups return', async () => {
    const r = await cursor('FOR d IN ors FILTER "a" IN d.tags OR d.n == 2 OR d.m == 3 RETURN d._key', {}, { profile: 1 });
    // otags: o1, o2; on: o3, o4; om: o2 (again), o3 (again)
    expect(r.result).toEqual(['o1', 'o2', 'o3', 'o4']);
    expect(r.extra['stats']).toMatchObject({ scannedIndex: 4, scannedFull: 0, filtered: 0 });
    expect(await usedIndex('FOR d IN ors FILTER "a" IN d.tags OR d.n == 2 OR d.m == 3 RETURN d')).toBe('otags');
  });

  it('branches of one attribute are sorted by their lower bound (sortOrs)', async () => {
    const plan = await explain('FOR d IN ors FILTER d.n > 1 OR d.n < 1 OR d.n == 1 RETURN d');
    const cond = (plan.nodes[1] as Node)['condition'] as { subNodes: { subNodes: { type: string }[] }[] };
    expect(cond.subNodes.map((s) => s.subNodes[0]?.type)).toEqual(['compare <', 'compare ==', 'compare >']);
    expect(((plan.nodes[1] as Node)['indexes'] as { name: string }[]).map((i) => i.name)).toEqual(['on', 'on', 'on']);
    expect((await cursor('FOR d IN ors FILTER d.n > 1 OR d.n < 1 OR d.n == 1 RETURN d._key')).result).toEqual(['o2', 'o5', 'o1', 'o3', 'o4']);
  });

  it('a branch no index serves: the collection is scanned', async () => {
    expect(await usedIndex('FOR d IN ors FILTER d.m == 3 OR d.other == 1 RETURN d')).toBeUndefined();
    expect(await keysOf('FOR d IN ors FILTER d.m == 3 OR d.other == 1 RETURN d._key')).toEqual(['o2', 'o3']);
  });

  it('a SORT after the OR stays', async () => {
    const plan = await explain('FOR d IN ors FILTER "a" IN d.tags OR d.n == 2 SORT d.n DESC RETURN d');
    expect(plan.nodes.map((n) => n.type)).toContain('SortNode');
    expect(plan.nodes.map((n) => n.type)).toContain('IndexNode');
    expect((await cursor('FOR d IN ors FILTER "a" IN d.tags OR d.n == 2 SORT d.n DESC, d._key RETURN d._key')).result).toEqual(['o3', 'o4', 'o1', 'o2']);
  });
});

