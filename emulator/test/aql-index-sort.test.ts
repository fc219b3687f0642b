/**
 * Indexes that serve a SORT (sort-condition.ts, index-choice.ts): the use-indexes rule picks an
 * index for the FILTER and the SORT together, use-index-for-sort removes the SortNode when the
 * index order is the sort order; plans as 3.12 prints them (IndexNode `ascending`,
 * `needsGatherNodeSort`, `sortElements`, empty `condition`), sparse and primary indexes, and a
 * differential check against the same queries with `disableIndex`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, type EmulatorCluster } from '../src/cluster.js';
import { call, PASSWORD } from './http.js';
import { compare } from '../src/aql/compare.js';
import type { Value } from '../src/aql/ast.js';

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

const collection = async (name: string, docs: unknown[] = [], type = 2): Promise<void> => {
  const r = await call(base, 'POST', `${DB}/_api/collection`, { body: { name, type } });
  expect(r.status).toBe(200);
  if (docs.length > 0) expect((await call(base, 'POST', `${DB}/_api/document/${name}`, { body: docs })).status).toBe(202);
};
const index = async (coll: string, body: Record<string, unknown>): Promise<{ id: string; name: string }> => {
  const r = await call(base, 'POST', `${DB}/_api/index?collection=${coll}`, { body });
  return { id: (r.json.id as string).split('/')[1] as string, name: r.json.name as string };
};
const explain = async (query: string, bindVars: Record<string, unknown> = {}): Promise<{ nodes: Node[]; rules: string[] }> => {
  const r = await call(base, 'POST', `${DB}/_api/explain`, { body: { query, bindVars } });
  expect(r.status, JSON.stringify(r.json)).toBe(200);
  return r.json.plan as { nodes: Node[]; rules: string[] };
};
const cursor = async (query: string, options: Record<string, unknown> = {}): Promise<{ result: unknown[]; extra: Record<string, unknown> }> => {
  const r = await call(base, 'POST', `${DB}/_api/cursor`, { body: { query, options, batchSize: 10000 } });
  expect(r.status, JSON.stringify(r.json)).toBe(201);
  return { result: r.json.result as unknown[], extra: r.json.extra as Record<string, unknown> };
};
const types = (p: { nodes: Node[] }): string[] => p.nodes.map((n) => n.type);
const indexNode = (p: { nodes: Node[] }): Node => p.nodes.find((n) => n.type === 'IndexNode') as Node;

describe('SORT on the fields of a persistent index', () => {
  beforeAll(async () => {
    await collection('srt', Array.from({ length: 10 }, (_, i) => ({ _key: `k${i}`, a: i % 3, b: 9 - i, c: i })));
    await index('srt', { type: 'persistent', fields: ['a', 'b'] });
  });

  it('removes the SortNode: the IndexNode reads the whole index in order (use-indexes, then use-index-for-sort)', async () => {
    const p = await explain('FOR d IN srt SORT d.a, d.b RETURN d');
    expect(types(p)).toEqual(['SingletonNode', 'IndexNode', 'ReturnNode']);
    expect(p.rules).toEqual(['use-indexes', 'use-index-for-sort', 'remove-unnecessary-calculations-2']);
    const n = indexNode(p);
    // the initial plan: 1 singleton, 2 scan, 3 and 4 the sort's calculations, 5 sort, 6 return
    expect(n.id).toBe(7);
    expect(n).toMatchObject({
      needsGatherNodeSort: true, condition: {}, sorted: true, ascending: true, useCache: true,
      sortElements: [
        { inVariable: { id: 0, name: 'd', isFullDocumentFromCollection: true }, ascending: true, path: ['a'] },
        { inVariable: { id: 0, name: 'd', isFullDocumentFromCollection: true }, ascending: true, path: ['b'] },
      ],
      // IndexNode::estimateCost without a condition: 1 + 10 documents
      estimatedCost: 11, estimatedNrItems: 10,
    });
    // sortElements sits right after needsGatherNodeSort, as the server writes it
    const keys = Object.keys(n);
    expect(keys.indexOf('sortElements')).toBe(keys.indexOf('needsGatherNodeSort') + 1);
    const { result } = await cursor('FOR d IN srt SORT d.a, d.b RETURN [d.a, d.b]');
    expect(result).toEqual([[0, 0], [0, 3], [0, 6], [0, 9], [1, 2], [1, 5], [1, 8], [2, 1], [2, 4], [2, 7]]);
  });

  it('a descending SORT reads the index backwards (ascending: false)', async () => {
    const p = await explain('FOR d IN srt SORT d.a DESC, d.b DESC RETURN d');
    expect(types(p)).toEqual(['SingletonNode', 'IndexNode', 'ReturnNode']);
    expect(indexNode(p)).toMatchObject({ ascending: false, sortElements: [{ ascending: false, path: ['a'] }, { ascending: false, path: ['b'] }] });
    expect(indexNode(p)).not.toHaveProperty('reverse');
    const { result } = await cursor('FOR d IN srt SORT d.a DESC, d.b DESC RETURN [d.a, d.b]');
    expect(result).toEqual([[2, 7], [2, 4], [2, 1], [1, 8], [1, 5], [1, 2], [0, 9], [0, 6], [0, 3], [0, 0]]);
  });

  it('a prefix of the index fields is enough; mixed directions are not', async () => {
    expect(types(await explain('FOR d IN srt SORT d.a DESC RETURN d'))).toEqual(['SingletonNode', 'IndexNode', 'ReturnNode']);
    const mixed = await explain('FOR d IN srt SORT d.a ASC, d.b DESC RETURN d');
    expect(types(mixed)).toEqual(['SingletonNode', 'EnumerateCollectionNode', 'CalculationNode', 'CalculationNode', 'SortNode', 'ReturnNode']);
    expect(mixed.rules).toEqual([]);
    // an index field out of order does not help
    expect(types(await explain('FOR d IN srt SORT d.b RETURN d'))).toContain('SortNode');
  });

  it('a SORT the index covers only in part: the index order is used, the SortNode stays', async () => {
    const p = await explain('FOR d IN srt SORT d.a, d.c RETURN d');
    expect(types(p)).toEqual(['SingletonNode', 'IndexNode', 'CalculationNode', 'CalculationNode', 'SortNode', 'ReturnNode']);
    expect(p.rules).toEqual(['use-indexes']);
    expect(indexNode(p)).toMatchObject({ needsGatherNodeSort: false, condition: {}, ascending: true });
    expect(indexNode(p)).not.toHaveProperty('sortElements');
    const { result } = await cursor('FOR d IN srt SORT d.a, d.c RETURN d.c');
    expect(result).toEqual([0, 3, 6, 9, 1, 4, 7, 2, 5, 8]);
  });

  it('equality on the leading field and SORT on the next: one lookup, in order', async () => {
    const p = await explain('FOR d IN srt FILTER d.a == 1 SORT d.b DESC RETURN d.b');
    expect(types(p)).toEqual(['SingletonNode', 'IndexNode', 'CalculationNode', 'ReturnNode']);
    expect(p.rules).toEqual(['use-indexes', 'remove-filter-covered-by-index', 'use-index-for-sort', 'remove-unnecessary-calculations-2']);
    expect(indexNode(p)).toMatchObject({ ascending: false, sortElements: [{ ascending: false, path: ['b'] }] });
    expect((indexNode(p)['condition'] as { subNodes: { subNodes: unknown[] }[] }).subNodes[0]?.subNodes).toHaveLength(1);
    const { result, extra } = await cursor('FOR d IN srt FILTER d.a == 1 SORT d.b DESC RETURN d.b');
    expect(result).toEqual([8, 5, 2]);
    expect(extra['stats']).toMatchObject({ scannedIndex: 3, scannedFull: 0, filtered: 0 });
    // the fixed field may be named in the SORT too
    expect(types(await explain('FOR d IN srt FILTER d.a == 1 SORT d.a, d.b RETURN d'))).not.toContain('SortNode');
  });

  it('a range on the sorted field, either direction', async () => {
    for (const dir of ['ASC', 'DESC']) {
      const q = `FOR d IN srt FILTER d.a > 0 SORT d.a ${dir} RETURN d.a`;
      const p = await explain(q);
      expect(types(p)).toEqual(['SingletonNode', 'IndexNode', 'CalculationNode', 'ReturnNode']);
      expect(indexNode(p)['ascending']).toBe(dir === 'ASC');
      const { result, extra } = await cursor(q);
      expect(result).toEqual(dir === 'ASC' ? [1, 1, 1, 2, 2, 2] : [2, 2, 2, 1, 1, 1]);
      expect(extra['stats']).toMatchObject({ scannedIndex: 6, scannedFull: 0 });
    }
  });

  it('SORT + LIMIT streams the index: the first rows are read, no more', async () => {
    const q = 'FOR d IN srt SORT d.a DESC, d.b DESC LIMIT 2 RETURN d.c';
    const { result, extra } = await cursor(q);
    expect(result).toEqual([2, 5]);
    expect((extra['stats'] as { scannedIndex: number }).scannedIndex).toBeLessThan(10);
    expect(types(await explain(q))).toEqual(['SingletonNode', 'IndexNode', 'LimitNode', 'CalculationNode', 'ReturnNode']);
  });

  it('a FOR in an inner loop keeps its SORT: its index order holds per outer row only', async () => {
    const q = 'FOR x IN 1..2 FOR d IN srt SORT d.a, d.b RETURN [x, d.a]';
    expect(types(await explain(q))).toContain('SortNode');
    const { result } = await cursor(q);
    expect((result as number[][]).map((r) => r[1])).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2]);
    // a subquery's FOR is not an inner loop of the outer query
    const sub = 'FOR x IN 1..2 LET s = (FOR d IN srt SORT d.a DESC LIMIT 1 RETURN d.a) RETURN s';
    expect((await explain(sub)).nodes.find((n) => n.type === 'SubqueryNode')).toBeDefined();
    expect((await cursor(sub)).result).toEqual([[2], [2]]);
  });

  it('profile counts the index reads, not a full scan', async () => {
    const { extra } = await cursor('FOR d IN srt SORT d.a RETURN d.c', { profile: 2 });
    expect(extra['stats']).toMatchObject({ scannedIndex: 10, scannedFull: 0 });
    const nodes = (extra['stats'] as { nodes: { id: number; items: number }[] }).nodes;
    // Singleton, IndexNode, the RETURN's calculation, Return: no SortNode left to report
    expect(nodes.map((n) => n.items)).toEqual([1, 10, 10, 10]);
  });

  it('a forced hint that cannot sort is an error when there is no FILTER', async () => {
    await index('srt', { type: 'persistent', fields: ['c'], name: 'onC' });
    const r = await call(base, 'POST', `${DB}/_api/cursor`, { body: { query: 'FOR d IN srt OPTIONS { indexHint: "onC", forceIndexHint: true } SORT d.a RETURN d' } });
    expect(r.status).toBe(400);
    expect(r.json.errorNum).toBe(1577);
    // the hinted index is taken when it can sort
    const p = await explain('FOR d IN srt OPTIONS { indexHint: "onC", forceIndexHint: true } SORT d.c RETURN d');
    expect((indexNode(p)['indexes'] as { name: string }[])[0]?.name).toBe('onC');
  });
});

describe('a stream transaction sorts its own writes with the committed entries', () => {
  it('persistent and primary index order, both directions', async () => {
    await collection('own', [{ _key: 'b', v: 2 }, { _key: 'd', v: 4 }]);
    await index('own', { type: 'persistent', fields: ['v'] });
    const begin = await call(base, 'POST', `${DB}/_api/transaction/begin`, { body: { collections: { write: ['own'] } } });
    const id = (begin.json.result as { id: string }).id;
    const inTrx = async (query: string): Promise<unknown[]> => {
      const r = await call(base, 'POST', `${DB}/_api/cursor`, { body: { query }, headers: { 'x-arango-trx-id': id } });
      expect(r.status, JSON.stringify(r.json)).toBe(201);
      return r.json.result as unknown[];
    };
    await inTrx("INSERT { _key: 'a', v: 3 } INTO own");
    await inTrx("INSERT { _key: 'c', v: 1 } INTO own");
    await inTrx("UPDATE 'd' WITH { v: 0 } IN own");
    expect(types(await explain('FOR d IN own SORT d.v DESC RETURN d._key'))).not.toContain('SortNode');
    expect(await inTrx('FOR d IN own SORT d.v DESC RETURN d._key')).toEqual(['a', 'b', 'c', 'd']);
    expect(await inTrx('FOR d IN own SORT d.v RETURN d._key')).toEqual(['d', 'c', 'b', 'a']);
    expect(await inTrx('FOR d IN own SORT d._key DESC RETURN d.v')).toEqual([0, 1, 2, 3]);
    // outside the transaction: only the committed documents
    expect((await cursor('FOR d IN own SORT d.v DESC RETURN d._key')).result).toEqual(['d', 'b']);
    await call(base, 'DELETE', `${DB}/_api/transaction/${id}`);
  });
});

describe('an index dropped while a streaming cursor reads it in order', () => {
  it('the rest of the query still comes sorted', async () => {
    await collection('gone', Array.from({ length: 20 }, (_, i) => ({ a: (i * 7) % 20 })));
    const idx = await index('gone', { type: 'persistent', fields: ['a'] });
    const q = 'FOR x IN 1..4 LET s = (FOR d IN gone SORT d.a DESC RETURN d.a) RETURN s';
    expect((await explain(q)).nodes.some((n) => JSON.stringify(n).includes('"SortNode"'))).toBe(false);
    const first = await call(base, 'POST', `${DB}/_api/cursor`, { body: { query: q, batchSize: 1, options: { stream: true } } });
    expect(first.status).toBe(201);
    const out = [...(first.json.result as number[][])];
    await call(base, 'DELETE', `${DB}/_api/index/gone/${idx.id}`);
    let res = first;
    while (res.json.hasMore) {
      res = await call(base, 'POST', `${DB}/_api/cursor/${String(first.json.id)}`);
      expect(res.status).toBe(200);
      out.push(...(res.json.result as number[][]));
    }
    const want = Array.from({ length: 20 }, (_, i) => 19 - i);
    expect(out).toEqual([want, want, want, want]);
  });
});

describe('choosing between an index for the FILTER and one for the SORT (findIndexHandleForAndNode costs)', () => {
  it('sorting many filtered rows costs more than filtering 1000 rows: the SORT index wins, the FILTER stays', async () => {
    // a: 2 values (500 rows each), b: unique
    await collection('pick', Array.from({ length: 1000 }, (_, i) => ({ a: i % 2, b: i })));
    const onA = await index('pick', { type: 'persistent', fields: ['a'] });
    const onB = await index('pick', { type: 'persistent', fields: ['b'] });
    // a: filter log2(1000) + 500 * 0.05 = 34.97, sort of 500 rows 0.01 * 500 + 1.05 * 500 * log2(500) = 4712.7
    // b: filter 1000 * 1.5 = 1500, sort 0 (covered)
    const p = await explain('FOR d IN pick FILTER d.a == 1 SORT d.b RETURN d');
    expect((indexNode(p)['indexes'] as { id: string }[])[0]?.id).toBe(onB.id);
    expect(indexNode(p)['condition']).toEqual({});
    expect(types(p)).toEqual(['SingletonNode', 'IndexNode', 'CalculationNode', 'FilterNode', 'ReturnNode']);
    const { result } = await cursor('FOR d IN pick FILTER d.a == 1 SORT d.b LIMIT 3 RETURN d.b');
    expect(result).toEqual([1, 3, 5]);
    // unique equality: the filter index wins, the SortNode stays
    const q = await explain('FOR d IN pick FILTER d.b == 7 SORT d.a RETURN d');
    expect((indexNode(q)['indexes'] as { id: string }[])[0]?.id).toBe(onB.id);
    expect(types(q)).toContain('SortNode');
    expect(onA.id).not.toBe(onB.id);
  });
});

describe('sparse indexes sort only what the FILTER proves non-null', () => {
  beforeAll(async () => {
    await collection('sp', [{ _key: '1', a: 3 }, { _key: '2', a: null }, { _key: '3' }, { _key: '4', a: 1 }, { _key: '5', a: 'x' }]);
    await index('sp', { type: 'persistent', fields: ['a'], sparse: true });
  });

  it('a plain SORT cannot use it (the index has no entry for null or missing values)', async () => {
    expect(types(await explain('FOR d IN sp SORT d.a RETURN d'))).toContain('SortNode');
    const { result } = await cursor('FOR d IN sp SORT d.a RETURN d._key');
    expect(result.slice(2)).toEqual(['4', '1', '5']);
    expect(result.slice(0, 2).sort()).toEqual(['2', '3']);
  });

  it('a FILTER that excludes null lets it sort; the range FILTER it also answers', async () => {
    const p = await explain('FOR d IN sp FILTER d.a > 0 SORT d.a DESC RETURN d._key');
    expect(types(p)).toEqual(['SingletonNode', 'IndexNode', 'CalculationNode', 'ReturnNode']);
    expect((await cursor('FOR d IN sp FILTER d.a > 0 SORT d.a DESC RETURN d._key')).result).toEqual(['5', '1', '4']);
    // `!= null` is no lookup condition, but proves non-null: the index serves the SORT, the FILTER stays
    const q = await explain('FOR d IN sp FILTER d.a != null SORT d.a RETURN d._key');
    expect(types(q)).toEqual(['SingletonNode', 'IndexNode', 'CalculationNode', 'FilterNode', 'CalculationNode', 'ReturnNode']);
    expect(indexNode(q)['condition']).toEqual({});
    expect((await cursor('FOR d IN sp FILTER d.a != null SORT d.a RETURN d._key')).result).toEqual(['4', '1', '5']);
    // `< x` can match null: no
    expect(types(await explain('FOR d IN sp FILTER d.a < 5 SORT d.a RETURN d'))).toContain('SortNode');
  });
});

describe('the primary and edge indexes', () => {
  it('SORT d._key reads the primary index, in its byte order; SORT d._id does not', async () => {
    await collection('pk', ['b', 'B', 'a', '_z', 'A1', '9'].map((k) => ({ _key: k })));
    const p = await explain('FOR d IN pk SORT d._key RETURN d._key');
    expect(types(p)).toEqual(['SingletonNode', 'IndexNode', 'CalculationNode', 'ReturnNode']);
    expect(indexNode(p)).toMatchObject({ indexes: [{ type: 'primary', name: 'primary' }], condition: {}, sortElements: [{ path: ['_key'], ascending: true }] });
    // RocksDB's primary index compares key bytes; AQL's SORT compares strings by collation
    expect((await cursor('FOR d IN pk SORT d._key RETURN d._key')).result).toEqual(['9', 'A1', 'B', '_z', 'a', 'b']);
    expect((await cursor('FOR d IN pk SORT d._key DESC RETURN d._key')).result).toEqual(['b', 'a', '_z', 'B', 'A1', '9']);
    expect((await cursor('FOR d IN pk OPTIONS { disableIndex: true } SORT d._key RETURN d._key')).result).toEqual(['_z', '9', 'a', 'A1', 'b', 'B']);
    expect(types(await explain('FOR d IN pk SORT d._id RETURN d'))).toContain('SortNode');
    // keys looked up by IN come in key order too
    const q = 'FOR d IN pk FILTER d._key IN ["b", "a", "B"] SORT d._key DESC RETURN d._key';
    expect(types(await explain(q))).not.toContain('SortNode');
    expect((await cursor(q)).result).toEqual(['b', 'a', 'B']);
  });

  it('the edge index cannot sort', async () => {
    await collection('vx', [{ _key: 'x' }]);
    await collection('ed', [{ _from: 'vx/x', _to: 'vx/x' }, { _from: 'vx/b', _to: 'vx/a' }], 3);
    for (const q of ['FOR e IN ed SORT e._from RETURN e', 'FOR e IN ed SORT e._to DESC RETURN e']) {
      expect(types(await explain(q))).toEqual(['SingletonNode', 'EnumerateCollectionNode', 'CalculationNode', 'SortNode', 'ReturnNode']);
    }
  });
});

describe('differential: every query gives the same rows with and without its index', () => {
  // a deterministic generator, so a failure can be replayed
  let seed = 12345;
  const rnd = (n: number): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  const pool: unknown[] = [
    null, false, true, 0, -1, 1, 2.5, -0.5, 1e9, 'a', 'A', 'b', 'B', 'é', 'e', 'Z', '10', '9', '', 'aa',
    [], [1], [1, 2], ['a'], [null], {}, { x: 1 }, { x: 2 }, { y: 'a' },
  ];
  const value = (): unknown => pool[rnd(pool.length)];
  const docs = Array.from({ length: 400 }, (_, i) => {
    const d: Record<string, unknown> = { _key: String(i).padStart(4, '0'), n: rnd(5) };
    // some documents lack the attributes altogether
    if (rnd(10) > 0) d['a'] = value();
    if (rnd(10) > 0) d['b'] = value();
    return d;
  });

  beforeAll(async () => {
    await collection('diff', docs);
    await index('diff', { type: 'persistent', fields: ['a', 'b'] });
    await index('diff', { type: 'persistent', fields: ['b'], sparse: true });
    await index('diff', { type: 'persistent', fields: ['n', 'a'] });
  });

  const bodies = [
    'SORT d.a', 'SORT d.a DESC', 'SORT d.a, d.b', 'SORT d.a DESC, d.b DESC', 'SORT d.b', 'SORT d.b DESC', 'SORT d.a, d.n',
    'SORT d._key', 'SORT d._key DESC', 'SORT d.n, d.a', 'SORT d.n DESC, d.a DESC',
    'FILTER d.a == 1 SORT d.b', 'FILTER d.a == "a" SORT d.b DESC', 'FILTER d.a == null SORT d.b', 'FILTER d.a == null SORT d.b DESC',
    'FILTER d.a > 0 SORT d.a', 'FILTER d.a >= "a" SORT d.a DESC', 'FILTER d.a < "b" SORT d.a', 'FILTER d.a > 0 AND d.a < "zz" SORT d.a DESC',
    'FILTER d.b != null SORT d.b', 'FILTER d.b > false SORT d.b DESC', 'FILTER d.b >= [] SORT d.b',
    'FILTER d.n == 2 SORT d.a', 'FILTER d.n == 3 SORT d.a DESC', 'FILTER d.n IN [1, 3] SORT d.n, d.a', 'FILTER d.n IN [1, 3] SORT d.n DESC, d.a DESC',
    'FILTER d.n == 1 AND d.a > 0 SORT d.a', 'FILTER d._key IN ["0001", "0100", "0007"] SORT d._key DESC',
    'LET x = d.a SORT x', 'LET x = d.a FILTER d.n == 4 SORT x DESC',
    'LET x = d.n FILTER x == 2 SORT d.a', 'LET x = d.a FILTER x > 0 SORT x DESC', 'LET x = d.b FILTER x != null SORT x',
  ];
  const limits = ['', ' LIMIT 7', ' LIMIT 3, 20'];

  it(`${bodies.length * limits.length} queries over 400 documents of mixed types`, async () => {
    let compared = 0;
    let sortsRemoved = 0;
    for (const body of bodies) {
      for (const limit of limits) {
        const sortExprs = (/SORT (.*)$/.exec(body) as RegExpExecArray)[1] as string;
        // the sort keys in order, then every document's key: ties may come in another order
        const ret = ` RETURN { k: [${sortExprs.replace(/ (ASC|DESC)/g, '')}], key: d._key }`;
        const withIndex = `FOR d IN diff ${body}${limit}${ret}`;
        const without = `FOR d IN diff OPTIONS { disableIndex: true } ${body}${limit}${ret}`;
        const a = (await cursor(withIndex)).result as { k: unknown; key: string }[];
        const b = (await cursor(without)).result as { k: unknown; key: string }[];
        // equal under AQL's comparison ([] and [null] are equal, and tie)
        expect(a.length, withIndex).toBe(b.length);
        const differ = a.findIndex((x, i) => compare(x.k as Value, (b[i] as { k: Value }).k) !== 0);
        expect(differ, `${withIndex}: row ${differ}`).toBe(-1);
        if (limit === '') expect(a.map((x) => x.key).sort(), withIndex).toEqual(b.map((x) => x.key).sort());
        if (!types(await explain(withIndex)).includes('SortNode')) sortsRemoved++;
        compared++;
      }
    }
    expect(compared).toBe(bodies.length * limits.length);
    // most of these are served by an index: the check is not vacuous
    expect(sortsRemoved).toBeGreaterThan(compared / 2);
  });
});

describe('FILTERs on LET variables (ConditionFinder substitutes simple LETs)', () => {
  beforeAll(async () => {
    await collection('products');
    await index('products', { type: 'persistent', fields: ['id'] });
    for (let i = 0; i < 10; i++) await call(base, 'POST', `${DB}/_api/document/products`, { body: { id: i } });
  });

  it('RestExplainOptimizerRules: LET a = p.id FILTER a == 4 … SORT p.id is one index lookup, sorted', async () => {
    const q = 'FOR p IN products LET a = p.id FILTER a == 4 LET name = p.name SORT p.id LIMIT 1 RETURN name';
    const p = await explain(q);
    const n = indexNode(p);
    // the 3.12.10 transcript: the same node id, condition, sort elements and cost
    expect(n).toMatchObject({ id: 11, dependencies: [1], estimatedCost: 4.3719280948873624, estimatedNrItems: 1, needsGatherNodeSort: true, ascending: true });
    expect(n['condition']).toEqual({ type: 'n-ary or', typeID: 63, subNodes: [{ type: 'n-ary and', typeID: 62, subNodes: [{ type: 'compare ==', typeID: 25, excludesNull: false, subNodes: [{ type: 'attribute access', typeID: 35, name: 'id', subNodes: [{ type: 'reference', typeID: 45, name: 'p', id: 0, subqueryReference: false }] }, { type: 'value', typeID: 40, value: 4, vTypeID: 2 }] }] }] });
    expect((n['sortElements'] as { ascending: boolean; path: string[] }[]).map((e) => [e.ascending, e.path])).toEqual([[true, ['id']]]);
    for (const r of ['use-indexes', 'remove-filter-covered-by-index', 'use-index-for-sort', 'remove-unnecessary-calculations-2']) expect(p.rules).toContain(r);
    expect(types(p)).not.toContain('FilterNode');
    expect(types(p)).not.toContain('SortNode');
    const { result, extra } = await cursor(q);
    expect(result).toEqual([null]);
    expect(extra['stats']).toMatchObject({ scannedIndex: 1, scannedFull: 0 });
  });

  it('a LET of _key reaches the primary index; LETs chain', async () => {
    const keys = (await cursor('FOR p IN products SORT p.id LIMIT 3 RETURN p._key')).result as string[];
    const q = `FOR p IN products LET k = p._key LET j = k FILTER j == "${keys[1] as string}" RETURN p.id`;
    const p = await explain(q);
    expect(indexNode(p)).toMatchObject({ indexes: [{ type: 'primary' }] });
    expect(types(p)).not.toContain('FilterNode');
    expect((await cursor(q)).result).toEqual([1]);
  });

  it('a part that reads a LET the index cannot see stays in its FILTER', async () => {
    // NOOPT keeps the value out of the optimizer's reach, as a function call does
    const q = 'FOR p IN products LET r = NOOPT(7) FILTER p.id >= 5 AND p.id != r RETURN p.id';
    const p = await explain(q);
    expect(types(p)).toContain('FilterNode');
    expect((indexNode(p)['condition'] as { subNodes: { subNodes: unknown[] }[] }).subNodes[0]?.subNodes).toHaveLength(1);
    const { result, extra } = await cursor(q);
    expect((result as number[]).sort()).toEqual([5, 6, 8, 9]);
    expect(extra['stats']).toMatchObject({ scannedIndex: 5, scannedFull: 0, filtered: 1 });
    // nothing left for the index: a scan
    const only = 'FOR p IN products LET r = NOOPT(3) FILTER p.id == r RETURN p.id';
    expect(types(await explain(only))).toContain('EnumerateCollectionNode');
    expect((await cursor(only)).result).toEqual([3]);
    // an expression of the attribute is no lookup
    expect(types(await explain('FOR p IN products LET x = p.id * 2 FILTER x == 4 RETURN p'))).toContain('EnumerateCollectionNode');
  });
});
