/**
 * The emulator's share of 3.12's use-indexes rule for persistent indexes (index-choice.ts,
 * store/sorted-index.ts): the plan as the 3.12.10 transcripts show it, the choice between
 * indexes by the server's cost model, sparse-index rules, and index reads that see what the
 * reader should (a stream transaction's own writes, updates, removals, a dropped index).
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
  await call(base, 'POST', `${DB}/_api/collection`, { body: { name } });
  if (docs.length > 0) await call(base, 'POST', `${DB}/_api/document/${name}`, { body: docs });
};
const index = async (coll: string, body: Record<string, unknown>): Promise<{ id: string; name: string }> => {
  const r = await call(base, 'POST', `${DB}/_api/index?collection=${coll}`, { body });
  return { id: (r.json.id as string).split('/')[1] as string, name: r.json.name as string };
};
const explain = async (query: string, bindVars: Record<string, unknown> = {}): Promise<{ nodes: Node[]; rules: string[]; variables: { id: number }[] }> => {
  const r = await call(base, 'POST', `${DB}/_api/explain`, { body: { query, bindVars } });
  expect(r.status).toBe(200);
  return r.json.plan as { nodes: Node[]; rules: string[]; variables: { id: number }[] };
};
const usedIndex = async (query: string): Promise<string | undefined> => {
  const n = (await explain(query)).nodes.find((x) => x.type === 'IndexNode');
  return (n?.['indexes'] as { name: string }[] | undefined)?.[0]?.name;
};
const cursor = async (query: string, options: Record<string, unknown> = {}, headers: Record<string, string> = {}): Promise<{ result: unknown[]; extra: Record<string, unknown> }> => {
  const r = await call(base, 'POST', `${DB}/_api/cursor`, { body: { query, options, batchSize: 1000 }, headers });
  expect(r.status, JSON.stringify(r.json)).toBe(201);
  return { result: r.json.result as unknown[], extra: r.json.extra as Record<string, unknown> };
};

describe('the plan, as the 3.12.10 transcripts show it (RestExplainAllPlans, RestExplainOptimizerRules)', () => {
  it('an IndexNode over the persistent index, with the id the rule gives it and the server cost estimate', async () => {
    await collection('products');
    const idx = await index('products', { type: 'persistent', fields: ['id'] });
    const empty = await explain('FOR p IN products FILTER p.id == 25 RETURN p');
    // the initial plan had 1 Singleton, 2 scan, 3 calculation, 4 filter, 5 return; the IndexNode is 6
    expect(empty.nodes.map((n) => [n.type, n.id, n.dependencies])).toEqual([['SingletonNode', 1, []], ['IndexNode', 6, [1]], ['ReturnNode', 5, [6]]]);
    expect(empty.nodes[1]).toMatchObject({ estimatedCost: 1, estimatedNrItems: 0 });
    expect(empty.nodes[1]?.['indexes']).toEqual([
      { id: idx.id, type: 'persistent', name: idx.name, fields: ['id'], selectivityEstimate: 1, unique: false, sparse: false, deduplicate: true, estimates: true, cacheEnabled: false },
    ]);
    expect(empty.rules).toEqual(['use-indexes', 'remove-filter-covered-by-index', 'remove-unnecessary-calculations-2']);
    // the filter's temporary variable is still declared
    expect(empty.variables.map((v) => v.id)).toEqual([1, 0]);
    const condition = empty.nodes[1]?.['condition'] as { type: string; subNodes: { type: string; subNodes: { type: string }[] }[] };
    expect(condition.type).toBe('n-ary or');
    expect(condition.subNodes[0]?.subNodes.map((s) => s.type)).toEqual(['compare ==']);

    await call(base, 'POST', `${DB}/_api/document/products`, { body: Array.from({ length: 10 }, (_, i) => ({ id: i })) });
    const ten = await explain('FOR p IN products FILTER p.id == 4 RETURN p');
    // SortedIndexAttributeMatcher: log2(10) seek + 0.05 per document, one document expected
    expect(ten.nodes[1]).toMatchObject({ type: 'IndexNode', estimatedCost: 4.3719280948873624, estimatedNrItems: 1 });
  });

  it("the condition shows bind parameters' values, as the server injects them before optimizing", async () => {
    const plan = await explain('FOR p IN products FILTER p.id == @id RETURN p', { id: 7 });
    const condition = plan.nodes.find((n) => n.type === 'IndexNode')?.['condition'] as { subNodes: { subNodes: { subNodes: unknown[] }[] }[] };
    expect(condition.subNodes[0]?.subNodes[0]?.subNodes[1]).toEqual({ type: 'value', typeID: 40, value: 7, vTypeID: 2 });
  });

  it('a FILTER the index covers in part stays, after the IndexNode', async () => {
    const plan = await explain('FOR p IN products FILTER p.id == 4 AND p.name == "x" RETURN p');
    expect(plan.nodes.map((n) => n.type)).toEqual(['SingletonNode', 'IndexNode', 'CalculationNode', 'FilterNode', 'ReturnNode']);
    // remove-filter-covered-by-index replaces the calculation by one of what is left (a new node, next id)
    expect(plan.rules).toEqual(['use-indexes', 'remove-filter-covered-by-index']);
    const [, indexed, calc, filter] = plan.nodes as [Node, Node, Node, Node];
    expect(calc.id).toBe(indexed.id + 1);
    expect(filter.dependencies).toEqual([calc.id]);
    expect((calc['expression'] as { type: string; subNodes: { name?: string }[] }).type).toBe('compare ==');
    expect((calc['expression'] as { subNodes: { name?: string }[] }).subNodes[0]?.name).toBe('name');
  });

  it('a primary-index lookup that answers part of an AND rewrites the FILTER the same way', async () => {
    const plan = await explain('FOR p IN products FILTER p._key IN ["a", "b"] AND p.id > 3 RETURN p');
    const indexed = plan.nodes.find((n) => n.type === 'IndexNode') as Node;
    expect((indexed['indexes'] as { type: string }[])[0]?.type).toBe('primary');
    expect(plan.rules).toEqual(['use-indexes', 'remove-filter-covered-by-index']);
    const calc = plan.nodes.find((n) => n.type === 'CalculationNode') as Node;
    expect(calc.id).toBe(indexed.id + 1);
    expect((calc['expression'] as { type: string }).type).toBe('compare >');
  });

  it('profile 2 counts the rows the IndexNode produced and the rows the leftover FILTER dropped', async () => {
    const { extra, result } = await cursor('FOR p IN products FILTER p.id >= 3 AND p.id != 5 RETURN p.id', { profile: 2 });
    expect(result).toEqual([3, 4, 6, 7, 8, 9]);
    const plan = (extra['plan'] as { nodes: Node[] }).nodes;
    const stats = extra['stats'] as { nodes: { id: number; items: number; filtered: number }[]; scannedIndex: number; scannedFull: number; filtered: number };
    const of = (type: string): { items: number; filtered: number } | undefined => stats.nodes.find((s) => s.id === plan.find((n) => n.type === type)?.id);
    expect(of('IndexNode')).toMatchObject({ items: 7, filtered: 0 });
    expect(of('FilterNode')).toMatchObject({ items: 6, filtered: 1 });
    expect(stats).toMatchObject({ scannedIndex: 7, scannedFull: 0, filtered: 1 });
  });
});

describe('choosing among indexes (findIndexHandleForAndNode: lowest estimated cost)', () => {
  beforeAll(async () => {
    // a: 10 distinct values, b: 100, c: 2
    await collection('choice', Array.from({ length: 100 }, (_, i) => ({ a: i % 10, b: i, c: i % 2, u: `k${i}` })));
  });

  it('more fields looked up by equality beat a one-field prefix; a unique index beats a non-unique one', async () => {
    await index('choice', { type: 'persistent', fields: ['a'], name: 'a' });
    expect(await usedIndex('FOR d IN choice FILTER d.a == 1 RETURN d')).toBe('a');
    await index('choice', { type: 'persistent', fields: ['a', 'b'], name: 'a_b' });
    expect(await usedIndex('FOR d IN choice FILTER d.a == 1 AND d.b == 11 RETURN d')).toBe('a_b');
    // on `a` alone a_b borrows a's estimate (10 documents) and costs less per extra field: 0.02 + 2 %
    expect(await usedIndex('FOR d IN choice FILTER d.a == 1 RETURN d')).toBe('a_b');
    await index('choice', { type: 'persistent', fields: ['u'], name: 'u' });
    await index('choice', { type: 'persistent', fields: ['u'], name: 'u_unique', unique: true });
    expect(await usedIndex('FOR d IN choice FILTER d.u == "k5" RETURN d')).toBe('u_unique');
  });

  it('the better selectivity estimate wins', async () => {
    await index('choice', { type: 'persistent', fields: ['c'], name: 'c' });
    // c == 1 leaves 50 documents to filter, a == 3 ten
    expect(await usedIndex('FOR d IN choice FILTER d.c == 1 AND d.a == 3 RETURN d')).toBe('a_b');
    const ex = await explain('FOR d IN choice FILTER d.c == 1 RETURN d');
    const entry = (ex.nodes.find((n) => n.type === 'IndexNode')?.['indexes'] as { selectivityEstimate: number }[])[0];
    expect(entry?.selectivityEstimate).toBe(0.02);
    const { result, extra } = await cursor('FOR d IN choice FILTER d.c == 1 AND d.a == 3 RETURN d.b');
    expect((result as number[]).sort((x, y) => x - y)).toEqual([3, 13, 23, 33, 43, 53, 63, 73, 83, 93]);
    expect(extra['stats']).toMatchObject({ scannedIndex: 10, filtered: 0, scannedFull: 0 });
  });

  it('the primary index wins for _key', async () => {
    await index('choice', { type: 'persistent', fields: ['_key'], name: 'key_copy' });
    const doc = (await cursor('FOR d IN choice FILTER d.b == 7 RETURN d._key')).result[0] as string;
    expect(await usedIndex(`FOR d IN choice FILTER d._key == "${doc}" AND d.a == 7 RETURN d`)).toBe('primary');
  });

  it('an index with array expansion is not read for plain comparisons', async () => {
    await collection('tagged', [{ tags: ['x', 'y'] }, { tags: ['y'] }]);
    await index('tagged', { type: 'persistent', fields: ['tags[*]'] });
    expect(await usedIndex('FOR d IN tagged FILTER d.tags == ["y"] RETURN d')).toBeUndefined();
    expect((await cursor('FOR d IN tagged FILTER d.tags == ["y"] RETURN d.tags')).result).toEqual([['y']]);
  });
});

describe('sparse indexes (Index::canUseConditionPart)', () => {
  beforeAll(async () => {
    await collection('sparse', [{ s: 1 }, { s: 2 }, { s: null }, {}, { s: 7 }, { s: 'x' }, { s: 2, t: 1 }, { s: 3, t: 2 }]);
    await index('sparse', { type: 'persistent', fields: ['s'], sparse: true, name: 's' });
    await index('sparse', { type: 'persistent', fields: ['s', 't'], sparse: true, name: 's_t' });
  });

  const cases: [string, string | undefined, number[] | undefined][] = [
    ['FOR d IN sparse FILTER d.s == 2 RETURN d.s', 's', [2, 2]],
    ['FOR d IN sparse FILTER d.s == null RETURN d.s', undefined, undefined],
    ['FOR d IN sparse FILTER d.s < 3 RETURN d.s', undefined, undefined],
    ['FOR d IN sparse FILTER d.s != null AND d.s < 3 RETURN d.s', 's', [1, 2, 2]],
    ['FOR d IN sparse FILTER d.s >= 2 AND d.s <= 3 RETURN d.s', 's', [2, 2, 3]],
    ['FOR d IN sparse FILTER d.s IN [1, 7] RETURN d.s', 's', [1, 7]],
    ['FOR d IN sparse FILTER d.s IN [1, null] RETURN d.s', undefined, undefined],
    ['FOR d IN sparse FILTER d.s > 2 RETURN d.s', 's', [3, 7]],
    ['FOR d IN sparse FILTER d.s == 2 AND d.t == 1 RETURN d.s', 's_t', [2]],
  ];
  for (const [q, name, numbers] of cases) {
    it(`${q}: ${name ?? 'scans'}`, async () => {
      expect(await usedIndex(q)).toBe(name);
      const { result, extra } = await cursor(q);
      if (numbers) expect((result as unknown[]).filter((v) => typeof v === 'number').sort()).toEqual(numbers);
      expect((extra['stats'] as { scannedFull: number }).scannedFull).toBe(name === undefined ? 8 : 0);
    });
  }
});

describe('what an index read sees', () => {
  beforeAll(async () => {
    await collection('seen', [{ _key: 'a', v: 1 }, { _key: 'b', v: 2 }, { _key: 'c', v: 2 }, { _key: 'd', v: 3 }]);
    await index('seen', { type: 'persistent', fields: ['v'], name: 'v' });
  });
  const keys = async (q: string, headers: Record<string, string> = {}): Promise<unknown[]> => (await cursor(q, {}, headers)).result;

  it('equal values come in key order, ranges in value order', async () => {
    expect(await keys('FOR d IN seen FILTER d.v >= 1 RETURN d._key')).toEqual(['a', 'b', 'c', 'd']);
    expect(await keys('FOR d IN seen FILTER d.v IN [3, 2] RETURN d._key')).toEqual(['b', 'c', 'd']);
  });

  it('updates and removals move documents in the index', async () => {
    await call(base, 'PATCH', `${DB}/_api/document/seen/a`, { body: { v: 2 } });
    await call(base, 'DELETE', `${DB}/_api/document/seen/c`);
    expect(await keys('FOR d IN seen FILTER d.v == 2 RETURN d._key')).toEqual(['a', 'b']);
    expect(await keys('FOR d IN seen FILTER d.v == 1 RETURN d._key')).toEqual([]);
  });

  it("a stream transaction reads its own writes through the index; others do not see them", async () => {
    const begin = await call(base, 'POST', `${DB}/_api/transaction/begin`, { body: { collections: { write: ['seen'] } } });
    const trx = { 'x-arango-trx-id': (begin.json.result as { id: string }).id };
    await cursor("INSERT { _key: 'e', v: 2 } INTO seen", {}, trx);
    await cursor("UPDATE 'b' WITH { v: 9 } IN seen", {}, trx);
    expect(await keys('FOR d IN seen FILTER d.v == 2 RETURN d._key', trx)).toEqual(['a', 'e']);
    expect(await keys('FOR d IN seen FILTER d.v > 2 RETURN d._key', trx)).toEqual(['d', 'b']);
    expect(await keys('FOR d IN seen FILTER d.v == 2 RETURN d._key')).toEqual(['a', 'b']);
    await call(base, 'PUT', `${DB}/_api/transaction/${trx['x-arango-trx-id']}`);
    expect(await keys('FOR d IN seen FILTER d.v == 2 RETURN d._key')).toEqual(['a', 'e']);
  });

  it('an index created over existing documents is used at once; a dropped one is not', async () => {
    await collection('late', [{ w: 1 }, { w: 2 }, { w: 2 }]);
    const idx = await index('late', { type: 'persistent', fields: ['w'], name: 'w' });
    const used = await cursor('FOR d IN late FILTER d.w == 2 RETURN d.w');
    expect(used.result).toEqual([2, 2]);
    expect(used.extra['stats']).toMatchObject({ scannedIndex: 2, scannedFull: 0 });
    await call(base, 'DELETE', `${DB}/_api/index/late/${idx.id}`);
    const scanned = await cursor('FOR d IN late FILTER d.w == 2 RETURN d.w');
    expect(scanned.result).toEqual([2, 2]);
    expect(scanned.extra['stats']).toMatchObject({ scannedIndex: 0, scannedFull: 3 });
  });

  it('truncate empties the index', async () => {
    await call(base, 'PUT', `${DB}/_api/collection/late/truncate`);
    await index('late', { type: 'persistent', fields: ['w'], name: 'w2' });
    await call(base, 'POST', `${DB}/_api/document/late`, { body: [{ w: 5 }] });
    await call(base, 'PUT', `${DB}/_api/collection/late/truncate`);
    expect(await keys('FOR d IN late FILTER d.w == 5 RETURN d')).toEqual([]);
  });
});

describe('ORs and index hints', () => {
  beforeAll(async () => {
    await collection('hinted', Array.from({ length: 30 }, (_, i) => ({ a: i % 5, b: i % 3 })));
    await index('hinted', { type: 'persistent', fields: ['a'], name: 'ha' });
    await index('hinted', { type: 'persistent', fields: ['b'], name: 'hb' });
  });

  it('an OR of == / IN on one attribute is one IN lookup (Condition::optimize)', async () => {
    const q = 'FOR d IN hinted FILTER d.a == 4 OR d.a IN [1, 4] RETURN d.a';
    const plan = await explain(q);
    const node = plan.nodes.find((n) => n.type === 'IndexNode');
    expect((node?.['indexes'] as { name: string }[])[0]?.name).toBe('ha');
    expect(plan.nodes.some((n) => n.type === 'FilterNode')).toBe(false);
    const { result, extra } = await cursor(q);
    expect(result).toEqual([1, 1, 1, 1, 1, 1, 4, 4, 4, 4, 4, 4]);
    expect(extra['stats']).toMatchObject({ scannedIndex: 12, scannedFull: 0, filtered: 0 });
    // different attributes: one lookup per branch (aql-array-index.test.ts, ORs)
    const two = (await explain('FOR d IN hinted FILTER d.a == 4 OR d.b == 1 RETURN d')).nodes.find((n) => n.type === 'IndexNode');
    expect((two?.['indexes'] as { name: string }[]).map((i) => i.name)).toEqual(['ha', 'hb']);
  });

  it('indexHint picks a hinted index that serves the condition; disableIndex scans', async () => {
    const q = (opts: string): string => `FOR d IN hinted OPTIONS ${opts} FILTER d.a == 1 AND d.b == 2 RETURN d.a`;
    const free = await usedIndex(q('{}'));
    const other = free === 'ha' ? 'hb' : 'ha';
    expect(await usedIndex(q(`{ indexHint: "${other}" }`))).toBe(other);
    expect(await usedIndex(q('{ indexHint: ["nope", "hb"] }'))).toBe('hb');
    const disabled = await explain(q('{ disableIndex: true }'));
    const scan = disabled.nodes.find((n) => n.type === 'EnumerateCollectionNode');
    expect(scan?.['indexHint']).toEqual({ forced: false, lookahead: 1, type: 'disabled' });
    const { result, extra } = await cursor(q('{ disableIndex: true }'));
    expect(result).toEqual([1, 1]);
    expect(extra['stats']).toMatchObject({ scannedFull: 30, scannedIndex: 0 });
  });

  it('a forced hint nothing can serve fails the query and its explain with 400 / 1577', async () => {
    const q = 'FOR d IN hinted OPTIONS { indexHint: "hb", forceIndexHint: true } FILTER d.a == 1 RETURN d';
    for (const path of ['/_api/cursor', '/_api/explain']) {
      const r = await call(base, 'POST', `${DB}${path}`, { body: { query: q } });
      expect([r.status, r.json.errorNum]).toEqual([400, 1577]);
      expect(r.json.errorMessage).toContain('could not use index hint to serve query; {"indexHint":{"forced":true,"lookahead":1,"type":"simple","hint":["hb"]}}');
    }
    const served = await cursor('FOR d IN hinted OPTIONS { indexHint: "hb", forceIndexHint: true } FILTER d.b == 1 RETURN d.b');
    expect(served.result).toHaveLength(10);
  });

  it('GET /_api/index reports the selectivity estimate the plan uses', async () => {
    const r = await call(base, 'GET', `${DB}/_api/index?collection=hinted`);
    const list = r.json.indexes as { name: string; selectivityEstimate?: number }[];
    expect(list.find((i) => i.name === 'ha')?.selectivityEstimate).toBeCloseTo(5 / 30, 10);
    await index('hinted', { type: 'persistent', fields: ['b', 'a'], name: 'no_estimates', estimates: false });
    const again = (await call(base, 'GET', `${DB}/_api/index?collection=hinted`)).json.indexes as { name: string; selectivityEstimate?: number }[];
    expect(again.find((i) => i.name === 'no_estimates')).not.toHaveProperty('selectivityEstimate');
  });
});

describe('several FILTERs after the FOR (ConditionFinder combines them)', () => {
  beforeAll(async () => {
    await collection('multi', Array.from({ length: 40 }, (_, i) => ({ a: i % 4, b: i % 10, c: i })));
    await index('multi', { type: 'persistent', fields: ['a', 'b'], name: 'mab' });
  });

  it('two FILTERs serve one two-field lookup; both are removed', async () => {
    const q = 'FOR d IN multi FILTER d.a == 1 FILTER d.b == 5 RETURN d.c';
    const plan = await explain(q);
    expect(plan.nodes.map((n) => n.type)).toEqual(['SingletonNode', 'IndexNode', 'CalculationNode', 'ReturnNode']);
    const condition = plan.nodes[1]?.['condition'] as { subNodes: { subNodes: unknown[] }[] };
    expect(condition.subNodes[0]?.subNodes).toHaveLength(2);
    const { result, extra } = await cursor(q);
    expect(result).toEqual([5, 25]);
    expect(extra['stats']).toMatchObject({ scannedIndex: 2, scannedFull: 0, filtered: 0 });
  });

  it('a FILTER the index does not serve stays and filters', async () => {
    const q = 'FOR d IN multi FILTER d.a == 2 FILTER d.c > 20 RETURN d.c';
    const plan = await explain(q);
    expect(plan.nodes.filter((n) => n.type === 'FilterNode')).toHaveLength(1);
    const { result, extra } = await cursor(q);
    expect((result as number[]).sort((x, y) => x - y)).toEqual([22, 26, 30, 34, 38]);
    expect(extra['stats']).toMatchObject({ scannedIndex: 10, scannedFull: 0, filtered: 5 });
  });
});

describe('an index dropped while a streaming cursor reads it', () => {
  it('the rest of the query scans, with the same results', async () => {
    await collection('dropped', Array.from({ length: 30 }, (_, i) => ({ a: i % 3, i })));
    const idx = await index('dropped', { type: 'persistent', fields: ['a'], name: 'da' });
    const q = 'FOR x IN 0..2 FOR d IN dropped FILTER d.a == x RETURN d.i';
    const first = await call(base, 'POST', `${DB}/_api/cursor`, { body: { query: q, batchSize: 5, options: { stream: true } } });
    expect(first.status).toBe(201);
    const out = [...(first.json.result as number[])];
    await call(base, 'DELETE', `${DB}/_api/index/dropped/${idx.id}`);
    let res = first;
    while (res.json.hasMore) {
      res = await call(base, 'POST', `${DB}/_api/cursor/${String(first.json.id)}`);
      expect(res.status).toBe(200);
      out.push(...(res.json.result as number[]));
    }
    expect(out.sort((x, y) => x - y)).toEqual(Array.from({ length: 30 }, (_, i) => i));
    const stats = (res.json.extra as { stats: { scannedIndex: number; scannedFull: number } }).stats;
    expect(stats.scannedIndex).toBeGreaterThan(0);
    expect(stats.scannedFull).toBeGreaterThan(0);
  });
});
