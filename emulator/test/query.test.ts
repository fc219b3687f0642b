import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, startServer, type EmulatorCluster } from '../src/cluster.js';
import { call, PASSWORD } from './http.js';

let cluster: EmulatorCluster;
/** The results cache is a single-server feature (coordinators never serve from it). */
let single: EmulatorCluster;
let a: string;
let b: string;
let s: string;
const DB = '/_db/_system';

beforeAll(async () => {
  cluster = await startCluster({ coordinators: 2, rootPassword: PASSWORD });
  a = cluster.urls[0] as string;
  b = cluster.urls[1] as string;
  await call(a, 'POST', `${DB}/_api/collection`, { body: { name: 'products' } });
  await call(a, 'POST', `${DB}/_api/collection`, { body: { name: 'explained' } });
  single = await startServer({ rootPassword: PASSWORD });
  s = single.urls[0] as string;
  await call(s, 'POST', `${DB}/_api/collection`, { body: { name: 'products' } });
});
afterAll(async () => {
  await cluster.close();
  await single.close();
});

describe('/_api/query and /_api/explain', () => {
  it('parses a query and lists its collections and bind parameters', async () => {
    const r = await call(a, 'POST', `${DB}/_api/query`, { body: { query: 'FOR p IN products FILTER p.x > @min RETURN p' } });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ error: false, code: 200, parsed: true, collections: ['products'], bindVars: ['min'] });
    const ast = r.json.ast as { type: string; subNodes: { type: string }[] }[];
    expect(ast[0]?.type).toBe('root');
    expect(ast[0]?.subNodes.map((n) => n.type)).toEqual(['for', 'filter', 'return']);
    // the AST of ArangoDB's own example (RestQueryValid, 3.12.10 transcript: references say
    // whether they name a subquery's result, and the answer carries warnings)
    const ex = await call(a, 'POST', `${DB}/_api/query`, { body: { query: 'FOR i IN 1..100 FILTER i > 10 LIMIT 2 RETURN i * 3' } });
    expect(ex.json).toEqual({
      error: false, code: 200, parsed: true, collections: [], bindVars: [],
      ast: [{ type: 'root', subNodes: [
        { type: 'for', subNodes: [{ type: 'variable', name: 'i', id: 0 }, { type: 'range', subNodes: [{ type: 'value', value: 1 }, { type: 'value', value: 100 }] }, { type: 'no-op' }] },
        { type: 'filter', subNodes: [{ type: 'compare >', subNodes: [{ type: 'reference', name: 'i', id: 0, subqueryReference: false }, { type: 'value', value: 10 }] }] },
        { type: 'limit', subNodes: [{ type: 'value', value: 0 }, { type: 'value', value: 2 }] },
        { type: 'return', subNodes: [{ type: 'times', subNodes: [{ type: 'reference', name: 'i', id: 0, subqueryReference: false }, { type: 'value', value: 3 }] }] },
      ] }],
      warnings: [],
    });
    const sub = await call(a, 'POST', `${DB}/_api/query`, { body: { query: 'LET s = (FOR x IN 1..2 RETURN x) RETURN s' } });
    expect(JSON.stringify(sub.json.ast)).toContain('"type":"reference","name":"s","id":0,"subqueryReference":true');
    const bad = await call(a, 'POST', `${DB}/_api/query`, { body: { query: 'FOR i IN 1..100 FILTER i = 1 LIMIT 2 RETURN i * 3' } });
    expect([bad.status, bad.json.errorNum]).toEqual([400, 1501]);
  });

  it('explains a plan, with ArangoDB’s errors for bind parameters and collections', async () => {
    const r = await call(a, 'POST', `${DB}/_api/explain`, { body: { query: 'FOR p IN products RETURN p' } });
    expect(r.status).toBe(200);
    const plan = r.json.plan as { nodes: { type: string }[]; collections: unknown[]; isModificationQuery: boolean };
    expect(plan.nodes.map((n) => n.type)).toEqual(['SingletonNode', 'EnumerateCollectionNode', 'ReturnNode']);
    expect(plan.collections).toEqual([{ name: 'products', type: 'read' }]);
    expect(plan.isModificationQuery).toBe(false);
    expect(r.json.cacheable).toBe(true);
    const all = await call(a, 'POST', `${DB}/_api/explain`, { body: { query: 'RETURN 1', options: { allPlans: true } } });
    expect(Array.isArray(all.json.plans)).toBe(true);
    const missing = await call(a, 'POST', `${DB}/_api/explain`, { body: { query: 'FOR p IN products FILTER p.id == @id LIMIT 2 RETURN p.n' } });
    expect([missing.status, missing.json.errorNum, missing.json.errorMessage]).toEqual([400, 1551, "no value specified for declared bind parameter 'id' (while parsing)"]);
    const bound = await call(a, 'POST', `${DB}/_api/explain`, {
      body: { query: 'FOR p IN @@src FOR q IN products INSERT { p, q } INTO @@dst', bindVars: { '@src': 'products', '@dst': 'explained' } },
    });
    expect(bound.status).toBe(200);
    const bp = bound.json.plan as { collections: unknown[]; isModificationQuery: boolean; nodes: { type: string; collection?: string }[] };
    expect(bp.collections).toEqual([{ name: 'explained', type: 'write' }, { name: 'products', type: 'read' }]);
    expect(bp.isModificationQuery).toBe(true);
    // 3.12.10's recorded plans name the collection, not the database (RestExplainValid)
    expect(bp.nodes.find((n) => n.type === 'EnumerateCollectionNode')).toMatchObject({ collection: 'products', satellite: false, isSatelliteOf: null });
    expect(bp.nodes.find((n) => n.type === 'EnumerateCollectionNode')).not.toHaveProperty('database');
    expect(bp.nodes.find((n) => n.type === 'InsertNode')).toMatchObject({ collection: 'explained' });
    expect(bound.json.cacheable).toBe(false);
    expect(Object.keys(bound.json).sort()).toEqual(['cacheable', 'code', 'error', 'plan', 'stats', 'warnings']);
    expect(Object.keys(bp).sort()).toEqual(['asyncPrefetchNodes', 'collections', 'estimatedCost', 'estimatedNrItems', 'isModificationQuery', 'nodes', 'rules', 'variables']);
    expect(Object.keys(bound.json.stats as object).sort()).toEqual(['executionTime', 'peakMemoryUsage', 'plansCreated', 'rules', 'rulesExecuted', 'rulesSkipped']);
    const withColl = await call(a, 'POST', `${DB}/_api/explain`, { body: { query: 'WITH explained FOR i IN 1..2 RETURN RAND()' } });
    expect((withColl.json.plan as { collections: unknown[] }).collections).toEqual([{ name: 'explained', type: 'read' }]);
    expect(withColl.json.cacheable).toBe(false);
    const coll = await call(a, 'POST', `${DB}/_api/explain`, { body: { query: 'FOR p IN nope RETURN p' } });
    expect([coll.status, coll.json.errorNum]).toEqual([404, 1203]);
  });
});

describe('query tracking', () => {
  it('reads and changes the tracking properties', async () => {
    const r = await call(a, 'GET', `${DB}/_api/query/properties`);
    expect(r.json).toEqual({ error: false, code: 200, enabled: true, trackSlowQueries: true, trackBindVars: true, maxSlowQueries: 64, slowQueryThreshold: 10, slowStreamingQueryThreshold: 10, maxQueryStringLength: 4096 });
    const p = await call(a, 'PUT', `${DB}/_api/query/properties`, { body: { slowQueryThreshold: 0.05 } });
    expect(p.json.slowQueryThreshold).toBe(0.05);
    const bad = await call(a, 'PUT', `${DB}/_api/query/properties`, { body: { enabled: 'yes' } });
    expect(bad.status).toBe(400);
  });

  it('logs slow queries per coordinator and clears them', async () => {
    await call(a, 'POST', `${DB}/_api/cursor`, { body: { query: 'RETURN SLEEP(0.1)' } });
    const slow = await call(a, 'GET', `${DB}/_api/query/slow`);
    const list = slow.json as unknown as { query: string; state: string; runTime: number; exitCode: number }[];
    const entry = list.find((q) => q.query === 'RETURN SLEEP(0.1)');
    expect(entry).toMatchObject({ state: 'finished', exitCode: 0 });
    expect(entry?.runTime).toBeGreaterThan(0);
    // every coordinator lists every coordinator's slow queries (fan-out), unless asked for its own
    const fromB = (await call(b, 'GET', `${DB}/_api/query/slow`)).json as unknown as { query: string }[];
    expect(fromB.map((q) => q.query)).toContain('RETURN SLEEP(0.1)');
    expect((await call(b, 'GET', `${DB}/_api/query/slow?local=true`)).json).toEqual([]);
    // tracking properties are each coordinator's own: b still has the default threshold
    expect((await call(b, 'GET', `${DB}/_api/query/properties`)).json.slowQueryThreshold).toBe(10);
    expect((await call(a, 'DELETE', `${DB}/_api/query/slow`)).json).toEqual({ error: false, code: 200 });
    expect((await call(a, 'GET', `${DB}/_api/query/slow`)).json).toEqual([]);
  });

  it('kills through another coordinator and answers 404/1591 for unknown ids', async () => {
    const running = call(a, 'POST', `${DB}/_api/cursor`, { body: { query: 'RETURN SLEEP(10)' } });
    let id: string | undefined;
    for (let i = 0; i < 100 && !id; i++) {
      await new Promise((r) => setTimeout(r, 20));
      id = ((await call(a, 'GET', `${DB}/_api/query/current`)).json as unknown as { id: string; query: string; state: string }[]).find((q) => q.query === 'RETURN SLEEP(10)')?.id;
    }
    expect(id).toBeDefined();
    const kill = await call(b, 'DELETE', `${DB}/_api/query/${id as string}`);
    expect(kill.status).toBe(200);
    expect(kill.headers['x-arango-request-forwarded-to']).toBe(cluster.coordinators[0]?.id);
    expect((await running).json.errorNum).toBe(1500);
    const unknown = await call(a, 'DELETE', `${DB}/_api/query/12345`);
    expect([unknown.status, unknown.json.errorNum]).toEqual([404, 1591]);
  });

  it('counts the optimizer rules run and skipped as a 3.12 Community server does', async () => {
    const explain = async (url: string, query: string, options: Record<string, unknown> = {}): Promise<Record<string, unknown>> =>
      (await call(url, 'POST', `${DB}/_api/explain`, { body: { query, options } })).json.stats as Record<string, unknown>;
    // the Enterprise server of the transcripts registers one more rule (late-materialization-offset-info): 59 there
    expect(await explain(s, 'FOR p IN products RETURN p')).toMatchObject({ rulesExecuted: 58, rulesSkipped: 0, plansCreated: 1 });
    expect(await explain(s, 'FOR p IN products RETURN p', { optimizer: { rules: ['-all', '+use-index-for-sort', '+use-index-range'] } }))
      .toMatchObject({ rulesExecuted: 6, rulesSkipped: 52 });
    // remove-unnecessary-calculations-2 removed the filter's calculation and another is left: it runs again
    expect(await explain(s, 'FOR p IN products FILTER p._key == "a" RETURN p.v')).toMatchObject({ rulesExecuted: 59 });
    expect(await explain(s, 'FOR p IN products FILTER p._key == "a" RETURN p')).toMatchObject({ rulesExecuted: 58 });
    // coordinators register the cluster-only rules too
    expect(await explain(a, 'FOR p IN products RETURN p')).toMatchObject({ rulesExecuted: 70, rulesSkipped: 0 });
    const timed = await explain(s, 'FOR p IN products RETURN p', { profile: 2 });
    expect(Object.keys(timed['rules'] as object)).toEqual(expect.arrayContaining(['use-indexes', 'specialize-collect', 'splice-subqueries']));
  });

  it('lists the optimizer rules the server registers: cluster-only ones on coordinators only', async () => {
    const names = async (url: string): Promise<string[]> => ((await call(url, 'GET', `${DB}/_api/query/rules`)).json as unknown as { name: string }[]).map((r) => r.name);
    const single = await names(s);
    expect(single).toHaveLength(63);
    expect(single.slice(0, 3)).toEqual(['replace-function-with-index', 'inline-subqueries', 'replace-like-with-range']);
    expect(single[single.length - 1]).toBe('splice-subqueries');
    expect(single).not.toContain('scatter-in-cluster');
    const coordinator = await names(a);
    expect(coordinator).toContain('scatter-in-cluster');
    expect(coordinator).toHaveLength(75);
  });

  it('lists optimizer rules', async () => {
    const r = await call(a, 'GET', `${DB}/_api/query/rules`);
    const rules = r.json as unknown as { name: string; flags: Record<string, boolean> }[];
    expect(rules.find((x) => x.name === 'use-indexes')?.flags).toMatchObject({ hidden: false, canBeDisabled: true });
  });
});

describe('query results cache', () => {
  it('serves repeated queries from the cache when on, and notices data changes', async () => {
    const props = await call(s, 'PUT', `${DB}/_api/query-cache/properties`, { body: { mode: 'on', maxResults: 10 } });
    expect(props.json).toMatchObject({ mode: 'on', maxResults: 10 });
    await call(s, 'POST', `${DB}/_api/cursor`, { body: { query: 'INSERT { v: 1 } INTO products' } });
    const q = { query: 'FOR p IN products RETURN p.v' };
    expect((await call(s, 'POST', `${DB}/_api/cursor`, { body: q })).json.cached).toBe(false);
    const hit = await call(s, 'POST', `${DB}/_api/cursor`, { body: q });
    expect([hit.json.cached, hit.json.result]).toEqual([true, [1]]);
    const entries = await call(s, 'GET', `${DB}/_api/query-cache/entries`);
    expect((entries.json as unknown as { query: string; hits: number }[])[0]).toMatchObject({ query: q.query, hits: 1, results: 1 });
    await call(s, 'POST', `${DB}/_api/cursor`, { body: { query: 'INSERT { v: 2 } INTO products' } });
    const fresh = await call(s, 'POST', `${DB}/_api/cursor`, { body: q });
    expect(fresh.json.cached).toBe(false);
    expect((fresh.json.result as number[]).sort()).toEqual([1, 2]);
    expect((await call(s, 'DELETE', `${DB}/_api/query-cache`)).json).toEqual({ error: false, code: 200 });
    expect((await call(s, 'GET', `${DB}/_api/query-cache/entries`)).json).toEqual([]);
    await call(s, 'PUT', `${DB}/_api/query-cache/properties`, { body: { mode: 'off' } });
    expect((await call(s, 'GET', `${DB}/_api/query-plan-cache`)).json).toEqual([]);
  });

  it('a coordinator never serves from it, as in a 3.12 cluster', async () => {
    await call(a, 'PUT', `${DB}/_api/query-cache/properties`, { body: { mode: 'on' } });
    try {
      const q = { query: 'FOR p IN products RETURN p.v', options: { cache: true } };
      for (const url of [a, a, b]) expect((await call(url, 'POST', `${DB}/_api/cursor`, { body: q })).json.cached).toBe(false);
    } finally {
      await call(a, 'PUT', `${DB}/_api/query-cache/properties`, { body: { mode: 'off' } });
    }
  });
});

describe('query results cache options and invalidation', () => {
  const run = async (body: Record<string, unknown>): Promise<{ cached: unknown; result: unknown }> => {
    const r = await call(s, 'POST', `${DB}/_api/cursor`, { body });
    expect(r.status).toBe(201);
    return { cached: r.json.cached, result: r.json.result };
  };

  it('in demand mode reads cache from options (3.12) or the top level, the top level winning', async () => {
    await call(s, 'POST', `${DB}/_api/collection`, { body: { name: 'demand' } });
    await call(s, 'POST', `${DB}/_api/cursor`, { body: { query: 'INSERT { v: 1 } INTO demand' } });
    await call(s, 'PUT', `${DB}/_api/query-cache/properties`, { body: { mode: 'demand' } });
    try {
      const q = 'FOR d IN demand RETURN d.v';
      expect(await run({ query: q })).toEqual({ cached: false, result: [1] });
      expect((await run({ query: q })).cached).toBe(false);
      expect((await run({ query: q, options: { cache: true } })).cached).toBe(false);
      expect(await run({ query: q, options: { cache: true } })).toEqual({ cached: true, result: [1] });
      expect((await run({ query: q, cache: true })).cached).toBe(true);
      expect((await run({ query: q, cache: false, options: { cache: true } })).cached).toBe(false);
      // fullCount is part of the key: its answer carries stats.fullCount
      const lq = 'FOR d IN demand LIMIT 0, 1 RETURN d.v';
      const full = await call(s, 'POST', `${DB}/_api/cursor`, { body: { query: lq, options: { cache: true, fullCount: true } } });
      await call(s, 'POST', `${DB}/_api/cursor`, { body: { query: lq, options: { cache: true } } });
      const plain = await call(s, 'POST', `${DB}/_api/cursor`, { body: { query: lq, options: { cache: true } } });
      const fullAgain = await call(s, 'POST', `${DB}/_api/cursor`, { body: { query: lq, options: { cache: true, fullCount: true } } });
      expect([full.json.cached, plain.json.cached, fullAgain.json.cached]).toEqual([false, true, true]);
      expect((fullAgain.json.extra as { stats: { fullCount?: number } }).stats.fullCount).toBe(1);
      expect((plain.json.extra as { stats: { fullCount?: number } }).stats.fullCount).toBeUndefined();
    } finally {
      await call(s, 'PUT', `${DB}/_api/query-cache/properties`, { body: { mode: 'off' } });
    }
  });

  it('drops a cached result after any committed change: write, truncate, recreate, transaction commit', async () => {
    await call(s, 'POST', `${DB}/_api/collection`, { body: { name: 'inval' } });
    await call(s, 'PUT', `${DB}/_api/query-cache/properties`, { body: { mode: 'on' } });
    try {
      const q = { query: 'FOR d IN inval SORT d.v RETURN d.v' };
      const warm = async (expected: unknown[]): Promise<void> => {
        expect(await run(q)).toEqual({ cached: false, result: expected });
        expect(await run(q)).toEqual({ cached: true, result: expected });
      };
      await call(s, 'POST', `${DB}/_api/document/inval`, { body: { _key: 'k', v: 1 } });
      await warm([1]);
      // same count, same key: only the content changes
      await call(s, 'PUT', `${DB}/_api/document/inval/k`, { body: { v: 2 } });
      await warm([2]);
      await call(s, 'PUT', `${DB}/_api/collection/inval/truncate`);
      await warm([]);
      await call(s, 'DELETE', `${DB}/_api/collection/inval`);
      await call(s, 'POST', `${DB}/_api/collection`, { body: { name: 'inval' } });
      await call(s, 'POST', `${DB}/_api/document/inval`, { body: { v: 3 } });
      await warm([3]);
      const trx = await call(s, 'POST', `${DB}/_api/transaction/begin`, { body: { collections: { write: ['inval'] } } });
      const id = (trx.json.result as { id: string }).id;
      await call(s, 'POST', `${DB}/_api/document/inval`, { body: { v: 4 }, headers: { 'x-arango-trx-id': id } });
      // not committed yet: the cached result still stands
      expect(await run(q)).toEqual({ cached: true, result: [3] });
      await call(s, 'PUT', `${DB}/_api/transaction/${id}`);
      await warm([3, 4]);
    } finally {
      await call(s, 'PUT', `${DB}/_api/query-cache/properties`, { body: { mode: 'off' } });
    }
  });
});

describe('/_api/aqlfunction', () => {
  it('stores, lists and deletes user functions; calling one needs JavaScript', async () => {
    const c = await call(a, 'POST', `${DB}/_api/aqlfunction`, { body: { name: 'myfns::double', code: 'function (x) { return x * 2; }', isDeterministic: true } });
    expect([c.status, c.json.isNewlyCreated]).toEqual([201, true]);
    const again = await call(a, 'POST', `${DB}/_api/aqlfunction`, { body: { name: 'myfns::double', code: 'function (x) { return 2 * x; }' } });
    expect([again.status, again.json.isNewlyCreated]).toEqual([200, false]);
    const list = await call(a, 'GET', `${DB}/_api/aqlfunction?namespace=myfns`);
    expect(list.json.result).toEqual([{ name: 'myfns::double', code: 'function (x) { return 2 * x; }', isDeterministic: false }]);
    const run = await call(a, 'POST', `${DB}/_api/cursor`, { body: { query: 'RETURN MYFNS::DOUBLE(2)' } });
    expect([run.status, run.json.errorNum]).toEqual([501, 9]);
    const badName = await call(a, 'POST', `${DB}/_api/aqlfunction`, { body: { name: 'nonamespace', code: 'function () {}' } });
    expect([badName.status, badName.json.errorNum]).toEqual([400, 1580]);
    const badCode = await call(a, 'POST', `${DB}/_api/aqlfunction`, { body: { name: 'a::b', code: 'not js' } });
    expect([badCode.status, badCode.json.errorNum]).toEqual([400, 1581]);
    const del = await call(a, 'DELETE', `${DB}/_api/aqlfunction/myfns::double`);
    expect(del.json).toEqual({ error: false, code: 200, deletedCount: 1 });
    const gone = await call(a, 'DELETE', `${DB}/_api/aqlfunction/myfns::double`);
    expect([gone.status, gone.json.errorNum]).toEqual([404, 1582]);
  });
});
