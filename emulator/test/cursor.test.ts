import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, type EmulatorCluster } from '../src/cluster.js';
import { call, PASSWORD, type RawResponse } from './http.js';

let cluster: EmulatorCluster;
let a: string;
let b: string;
const DB = '/_db/_system';

beforeAll(async () => {
  cluster = await startCluster({ coordinators: 2, rootPassword: PASSWORD });
  a = cluster.urls[0] as string;
  b = cluster.urls[1] as string;
  await call(a, 'POST', `${DB}/_api/collection`, { body: { name: 'products' } });
  const r = await cursor(a, { query: 'FOR i IN 1..20 INSERT { _key: TO_STRING(i), n: i, even: i % 2 == 0 } INTO products' });
  expect(r.status).toBe(201);
});

afterAll(async () => {
  await cluster.close();
});

function cursor(url: string, body: Record<string, unknown>, headers: Record<string, string> = {}): Promise<RawResponse> {
  return call(url, 'POST', `${DB}/_api/cursor`, { body, headers });
}

describe('POST /_api/cursor', () => {
  it('answers small results in one batch with ArangoDB’s shape', async () => {
    const r = await cursor(a, { query: 'FOR p IN products FILTER p.n <= 2 SORT p.n RETURN p.n', count: true });
    expect(r.status).toBe(201);
    expect(r.json.result).toEqual([1, 2]);
    expect(r.json.hasMore).toBe(false);
    expect(r.json.id).toBeUndefined();
    expect(r.json.count).toBe(2);
    expect(r.json.cached).toBe(false);
    expect(r.json.error).toBe(false);
    expect(r.json.code).toBe(201);
    const stats = (r.json.extra as { stats: Record<string, number> }).stats;
    expect(stats.scannedFull).toBe(20);
    expect(stats.filtered).toBe(18);
    expect(stats.writesExecuted).toBe(0);
    expect((r.json.extra as { warnings: unknown[] }).warnings).toEqual([]);
  });

  it('streams 10 000 values over 100 batches of 100', async () => {
    const first = await cursor(a, { query: 'FOR i IN 1..10000 RETURN i', batchSize: 100, count: true });
    expect(first.status).toBe(201);
    expect(first.json.count).toBe(10000);
    const seen: number[] = [...(first.json.result as number[])];
    let batches = 1;
    let res = first;
    while (res.json.hasMore) {
      res = await call(a, 'POST', `${DB}/_api/cursor/${first.json.id as string}`);
      expect(res.status).toBe(200);
      expect(res.json.code).toBe(200);
      seen.push(...(res.json.result as number[]));
      batches++;
    }
    expect(batches).toBe(100);
    expect(seen).toEqual(Array.from({ length: 10000 }, (_, i) => i + 1));
    // exhausted cursors are gone
    const gone = await call(a, 'POST', `${DB}/_api/cursor/${first.json.id as string}`);
    expect(gone.status).toBe(404);
    expect(gone.json.errorNum).toBe(1600);
    expect(gone.json.errorMessage).toBe('cursor not found');
  });

  it('serves stream cursors lazily, with extra only in the last batch', async () => {
    const first = await cursor(a, { query: 'FOR i IN 1..1000000 RETURN i', batchSize: 3, options: { stream: true } });
    expect(first.status).toBe(201);
    expect(first.json.result).toEqual([1, 2, 3]);
    expect(first.json.hasMore).toBe(true);
    expect(first.json.extra).toBeUndefined();
    expect(first.json.count).toBeUndefined();
    const del = await call(a, 'DELETE', `${DB}/_api/cursor/${first.json.id as string}`);
    expect(del.status).toBe(202);
    expect(del.json).toEqual({ id: first.json.id, error: false, code: 202 });
    const small = await cursor(a, { query: 'FOR i IN 1..4 RETURN i', batchSize: 2, options: { stream: true } });
    const last = await call(a, 'PUT', `${DB}/_api/cursor/${small.json.id as string}`);
    expect(last.json.result).toEqual([3, 4]);
    expect(last.json.hasMore).toBe(false);
    expect(last.json.extra).toBeDefined();
  });

  it('reports fullCount with LIMIT', async () => {
    const r = await cursor(a, { query: 'FOR i IN 1..1000 FILTER i > 500 LIMIT 10 RETURN i', count: true, options: { fullCount: true } });
    expect(r.json.result).toEqual([501, 502, 503, 504, 505, 506, 507, 508, 509, 510]);
    const stats = (r.json.extra as { stats: Record<string, number> }).stats;
    expect(stats.fullCount).toBe(500);
    expect(stats.filtered).toBe(500);
  });

  it('retries the latest batch with allowRetry and nextBatchId', async () => {
    const first = await cursor(a, { query: 'FOR i IN 1..5 RETURN i', batchSize: 2, options: { allowRetry: true } });
    expect(first.json.nextBatchId).toBe('2');
    const id = first.json.id as string;
    const second = await call(a, 'POST', `${DB}/_api/cursor/${id}/2`);
    expect(second.json.result).toEqual([3, 4]);
    expect(second.json.nextBatchId).toBe('3');
    const again = await call(a, 'POST', `${DB}/_api/cursor/${id}/2`);
    expect(again.json.result).toEqual([3, 4]);
    const third = await call(a, 'POST', `${DB}/_api/cursor/${id}/3`);
    expect(third.json.result).toEqual([5]);
    expect(third.json.hasMore).toBe(false);
    expect(third.json.nextBatchId).toBeUndefined();
    const bad = await call(a, 'POST', `${DB}/_api/cursor/${id}/7`);
    expect(bad.status).toBe(404);
    expect((await call(a, 'DELETE', `${DB}/_api/cursor/${id}`)).status).toBe(202);
  });

  it('serves a cursor of one coordinator through another, marked as forwarded', async () => {
    const first = await cursor(a, { query: 'FOR i IN 1..6 RETURN i', batchSize: 2 });
    const id = first.json.id as string;
    const viaB = await call(b, 'POST', `${DB}/_api/cursor/${id}`);
    expect(viaB.status).toBe(200);
    expect(viaB.json.result).toEqual([3, 4]);
    expect(viaB.headers['x-arango-request-forwarded-to']).toBe(cluster.coordinators[0]?.id);
    const viaA = await call(a, 'POST', `${DB}/_api/cursor/${id}`);
    expect(viaA.json.result).toEqual([5, 6]);
    expect(viaA.headers['x-arango-request-forwarded-to']).toBeUndefined();
  });

  it('answers errors with ArangoDB’s numbers and messages', async () => {
    const empty = await call(a, 'POST', `${DB}/_api/cursor`);
    expect([empty.status, empty.json.errorNum, empty.json.errorMessage]).toEqual([400, 1502, 'query is empty']);
    const parse = await cursor(a, { query: 'FOR i IN 1..100 FILTER i = 1 LIMIT 2 RETURN i * 3' });
    expect([parse.status, parse.json.errorNum]).toEqual([400, 1501]);
    // a run words setup errors as Query::execute does: "AQL: " and the phase (the 3.9 transcript
    // without them is of /_api/query, which reports the bare parser message)
    expect(parse.json.errorMessage).toBe("AQL: syntax error, unexpected assignment near '= 1 LIMIT 2 RETURN i * 3' at position 1:26 (while parsing)");
    const streamed = await cursor(a, { query: 'FOR i IN 1..100 FILTER i = 1 LIMIT 2 RETURN i * 3', options: { stream: true } });
    expect([streamed.status, streamed.json.errorNum, streamed.json.errorMessage]).toEqual([400, 1501, "syntax error, unexpected assignment near '= 1 LIMIT 2 RETURN i * 3' at position 1:26"]);
    const coll = await cursor(a, { query: 'FOR u IN unknowncoll LIMIT 2 RETURN u' });
    expect([coll.status, coll.json.errorNum, coll.json.errorMessage]).toEqual([404, 1203, 'AQL: collection or view not found: unknowncoll (while parsing)']);
    const missing = await cursor(a, { query: 'RETURN @x' });
    expect([missing.status, missing.json.errorNum]).toEqual([400, 1551]);
    const extra = await cursor(a, { query: 'RETURN 1', bindVars: { y: 1 } });
    expect([extra.status, extra.json.errorNum]).toEqual([400, 1552]);
    const collType = await cursor(a, { query: 'FOR d IN @@c RETURN d', bindVars: { '@c': 5 } });
    expect([collType.status, collType.json.errorNum]).toEqual([400, 1553]);
    const fn = await cursor(a, { query: 'RETURN NO_SUCH_FUNCTION(1)' });
    expect([fn.status, fn.json.errorNum]).toEqual([400, 1540]);
    const doc = await cursor(a, { query: "REMOVE 'nope' IN products" });
    expect([doc.status, doc.json.errorNum, doc.json.errorMessage]).toEqual([404, 1202, 'AQL: document not found (while executing)']);
    const unknown = await call(a, 'POST', `${DB}/_api/cursor/123123`);
    expect([unknown.status, unknown.json.errorNum]).toEqual([404, 1600]);
    const noId = await call(a, 'PUT', `${DB}/_api/cursor`);
    expect([noId.status, noId.json.errorNum]).toEqual([400, 400]);
  });

  it('puts runtime warnings into extra.warnings, or fails with failOnWarning', async () => {
    const r = await cursor(a, { query: 'RETURN 1 / 0' });
    expect(r.json.result).toEqual([null]);
    expect((r.json.extra as { warnings: unknown[] }).warnings).toEqual([{ code: 1562, message: 'division by zero' }]);
    const f = await cursor(a, { query: 'RETURN 1 / 0', options: { failOnWarning: true } });
    expect([f.status, f.json.errorNum]).toEqual([400, 1562]);
  });

  it('writes with OPTIONS, NEW and OLD, and counts ignored writes', async () => {
    await call(a, 'POST', `${DB}/_api/collection`, { body: { name: 'w' } });
    const ins = await cursor(a, { query: "FOR i IN 1..3 INSERT { _key: CONCAT('k', i), v: i } INTO w RETURN NEW.v" });
    expect(ins.json.result).toEqual([1, 2, 3]);
    expect((ins.json.extra as { stats: Record<string, number> }).stats.writesExecuted).toBe(3);
    const upd = await cursor(a, { query: "FOR d IN w FILTER d.v >= 2 UPDATE d WITH { v: d.v * 10, x: null } IN w OPTIONS { keepNull: false } SORT NEW.v RETURN [OLD.v, NEW.v, HAS(NEW, 'x')]" });
    expect(upd.json.result).toEqual([[2, 20, false], [3, 30, false]]);
    const ign = await cursor(a, { query: "REMOVE 'missing' IN w OPTIONS { ignoreErrors: true }" });
    expect(ign.status).toBe(201);
    expect((ign.json.extra as { stats: Record<string, number> }).stats.writesIgnored).toBe(1);
    const ups = await cursor(a, { query: "UPSERT { _key: 'k1' } INSERT { _key: 'k1', v: 0 } UPDATE { v: OLD.v + 100 } IN w RETURN NEW.v" });
    expect(ups.json.result).toEqual([101]);
    const ups2 = await cursor(a, { query: "UPSERT { _key: 'k9' } INSERT { _key: 'k9', v: 9 } UPDATE { v: OLD.v + 100 } IN w RETURN NEW.v" });
    expect(ups2.json.result).toEqual([9]);
    const after = await cursor(a, { query: 'FOR d IN w INSERT { v: d.v } INTO w FOR x IN w RETURN x' });
    expect([after.status, after.json.errorNum]).toEqual([400, 1579]);
    const rep = await cursor(a, { query: "REPLACE 'k1' WITH { only: true } IN w RETURN NEW" });
    const replaced = (rep.json.result as Record<string, unknown>[])[0] ?? {};
    expect(Object.keys(replaced).sort()).toEqual(['_id', '_key', '_rev', 'only']);
    const conflict = await cursor(a, { query: "INSERT { _key: 'k1' } INTO w" });
    expect([conflict.status, conflict.json.errorNum]).toEqual([409, 1210]);
  });

  it('kills a running query: the creating request answers 410/1500', async () => {
    const running = cursor(a, { query: 'RETURN SLEEP(10)' });
    let id: string | undefined;
    for (let i = 0; i < 100 && !id; i++) {
      await new Promise((r) => setTimeout(r, 20));
      const cur = await call(a, 'GET', `${DB}/_api/query/current`);
      const q = (cur.json as unknown as { id: string; query: string }[]).find((x) => x.query === 'RETURN SLEEP(10)');
      id = q?.id;
    }
    expect(id).toBeDefined();
    const kill = await call(a, 'DELETE', `${DB}/_api/query/${id as string}`);
    expect(kill.status).toBe(200);
    const r = await running;
    expect([r.status, r.json.errorNum, r.json.errorMessage]).toEqual([410, 1500, 'query killed']);
  });

  it('kills a long loop too', async () => {
    const running = cursor(a, { query: 'FOR i IN 1..100000000000 FILTER i < 0 RETURN i' });
    let id: string | undefined;
    for (let i = 0; i < 100 && !id; i++) {
      await new Promise((r) => setTimeout(r, 20));
      const cur = await call(a, 'GET', `${DB}/_api/query/current`);
      id = (cur.json as unknown as { id: string; query: string }[]).find((x) => x.query.startsWith('FOR i IN 1..100000000000'))?.id;
    }
    expect(id).toBeDefined();
    expect((await call(a, 'DELETE', `${DB}/_api/query/${id as string}`)).status).toBe(200);
    expect((await running).json.errorNum).toBe(1500);
  });

  it('enforces maxRuntime', async () => {
    const r = await cursor(a, { query: 'RETURN SLEEP(5)', options: { maxRuntime: 0.1 } });
    expect([r.status, r.json.errorNum]).toEqual([410, 1500]);
  });

  it('runs inside a stream transaction given x-arango-trx-id', async () => {
    await call(a, 'POST', `${DB}/_api/collection`, { body: { name: 'tx' } });
    const begin = await call(a, 'POST', `${DB}/_api/transaction/begin`, { body: { collections: { write: ['tx'] } } });
    const trx = (begin.json.result as { id: string }).id;
    await cursor(a, { query: "INSERT { _key: 'in-tx' } INTO tx" }, { 'x-arango-trx-id': trx });
    const inside = await cursor(a, { query: 'FOR d IN tx RETURN d._key' }, { 'x-arango-trx-id': trx });
    expect(inside.json.result).toEqual(['in-tx']);
    const outside = await cursor(a, { query: 'FOR d IN tx RETURN d._key' });
    expect(outside.json.result).toEqual([]);
    await call(a, 'PUT', `${DB}/_api/transaction/${trx}`);
    expect((await cursor(a, { query: 'FOR d IN tx RETURN d._key' })).json.result).toEqual(['in-tx']);
  });

  it('adds profile information on request', async () => {
    const r = await cursor(a, { query: 'RETURN 1', options: { profile: 2 } });
    const extra = r.json.extra as Record<string, unknown>;
    expect(Object.keys(extra['profile'] as object)).toContain('executing');
    expect(extra['plan']).toBeDefined();
    expect((extra['stats'] as { nodes: unknown[] }).nodes.length).toBeGreaterThan(0);
  });

  it('profile 2 counts rows per plan node: items, filtered, calls, with explain’s node ids', async () => {
    type Stat = { id: number; calls: number; parallel: number; items: number; filtered: number; runtime: number; fetching: number };
    type Node = { id: number; type: string; subquery?: { nodes: Node[] } };
    const profiled = async (query: string): Promise<{ byType: (t: string, n?: number) => Stat; ids: number[]; planIds: number[] }> => {
      const r = await cursor(a, { query, options: { profile: 2 } });
      expect(r.status).toBe(201);
      const extra = r.json.extra as { stats: { nodes: Stat[] }; plan: { nodes: Node[] } };
      const flat = (ns: Node[]): Node[] => ns.flatMap((n) => [n, ...flat(n.subquery?.nodes ?? [])]);
      const plan = flat(extra.plan.nodes);
      const explained = flat(((await call(a, 'POST', `${DB}/_api/explain`, { body: { query } })).json.plan as { nodes: Node[] }).nodes);
      expect(plan.map((n) => [n.id, n.type])).toEqual(explained.map((n) => [n.id, n.type]));
      const byType = (t: string, i = 0): Stat => {
        const node = plan.filter((n) => n.type === t)[i] as Node;
        return extra.stats.nodes.find((s) => s.id === node.id) as Stat;
      };
      return { byType, ids: extra.stats.nodes.map((s) => s.id), planIds: plan.map((n) => n.id) };
    };
    const f = await profiled('FOR p IN products FILTER p.even RETURN p.n');
    expect(f.ids).toEqual([...f.planIds].sort((x, y) => x - y));
    expect(f.byType('SingletonNode')).toMatchObject({ calls: 1, items: 1, parallel: 0 });
    expect(f.byType('EnumerateCollectionNode')).toMatchObject({ calls: 1, items: 20, filtered: 0 });
    expect(f.byType('CalculationNode', 0)).toMatchObject({ items: 20 }); // p.even, once per document
    expect(f.byType('FilterNode')).toMatchObject({ items: 10, filtered: 10 });
    expect(f.byType('CalculationNode', 1)).toMatchObject({ items: 10 }); // p.n, once per match
    expect(f.byType('ReturnNode')).toMatchObject({ calls: 1, items: 10 });

    // a subquery's nodes run once per outer row; LIMIT stops what is before it
    const s = await profiled('FOR p IN products FILTER p.n <= 4 LET sq = (FOR i IN 1..p.n RETURN i) SORT p.n DESC LIMIT 1, 2 RETURN sq');
    expect(s.ids).toEqual([...s.planIds].sort((x, y) => x - y));
    expect(s.byType('SingletonNode', 1)).toMatchObject({ items: 4 });
    expect(s.byType('EnumerateListNode')).toMatchObject({ items: 1 + 2 + 3 + 4 });
    expect(s.byType('SubqueryNode')).toMatchObject({ items: 4 });
    expect(s.byType('SortNode')).toMatchObject({ items: 3 });
    expect(s.byType('LimitNode')).toMatchObject({ items: 2 });
    expect(s.byType('ReturnNode', 1)).toMatchObject({ items: 2 });

    // the constant calculation moved up runs once; nothing before a NoResultsNode runs at all
    const c = await profiled('FOR i IN 1..2500 RETURN 7');
    expect(c.byType('EnumerateListNode')).toMatchObject({ items: 2500, calls: 3 });
    expect(c.byType('CalculationNode', 1)).toMatchObject({ items: 1, calls: 1 });
    const none = await profiled('FOR p IN products FILTER 1 == 2 RETURN p');
    expect(none.byType('EnumerateCollectionNode')).toMatchObject({ calls: 0, items: 0 });
    expect(none.byType('NoResultsNode')).toMatchObject({ calls: 1, items: 0 });

    // below profile 2 there are no per-node statistics
    const plain = await cursor(a, { query: 'FOR p IN products RETURN p', options: { profile: 1 } });
    expect((plain.json.extra as { stats: Record<string, unknown> }).stats).not.toHaveProperty('nodes');
  });

  it('requires WITH for vertex collections a cluster traversal reaches', async () => {
    await call(a, 'POST', `${DB}/_api/collection`, { body: { name: 'vx' } });
    await call(a, 'POST', `${DB}/_api/collection`, { body: { name: 'ex', type: 3 } });
    await cursor(a, { query: "FOR k IN ['1', '2'] INSERT { _key: k } INTO vx" });
    await cursor(a, { query: "INSERT { _from: 'vx/1', _to: 'vx/2' } INTO ex" });
    const without = await cursor(a, { query: "FOR v IN 1..1 OUTBOUND 'vx/1' ex RETURN v._key" });
    expect([without.status, without.json.errorNum]).toEqual([500, 1521]);
    const withIt = await cursor(a, { query: "WITH vx FOR v IN 1..1 OUTBOUND 'vx/1' ex RETURN v._key" });
    expect(withIt.json.result).toEqual(['2']);
  });

  it('checks collection permissions, or skips inaccessible collections on request', async () => {
    await call(a, 'POST', `${DB}/_api/collection`, { body: { name: 'secret' } });
    await cursor(a, { query: "INSERT { _key: 's' } INTO secret" });
    await call(a, 'POST', '/_api/user', { body: { user: 'bob', passwd: 'pw' } });
    await call(a, 'PUT', '/_api/user/bob/database/_system', { body: { grant: 'ro' } });
    await call(a, 'PUT', '/_api/user/bob/database/_system/secret', { body: { grant: 'none' } });
    const asBob = (body: Record<string, unknown>): Promise<RawResponse> => call(a, 'POST', `${DB}/_api/cursor`, { body, auth: ['bob', 'pw'] });
    const refused = await asBob({ query: 'FOR d IN secret RETURN d' });
    expect([refused.status, refused.json.errorNum]).toEqual([403, 11]);
    const skipped = await asBob({ query: 'FOR d IN secret RETURN d', options: { skipInaccessibleCollections: true } });
    expect([skipped.status, skipped.json.result]).toEqual([201, []]);
    // read-only access and a write: ERROR_ARANGO_READ_ONLY, as TransactionState::checkCollectionPermission
    const write = await asBob({ query: "INSERT {} INTO products" });
    expect([write.status, write.json.errorNum]).toEqual([403, 1004]);
  });

  it('looks documents up by _key / _id through the primary index', async () => {
    const r = await cursor(a, { query: 'FOR p IN products FILTER p._key == @k RETURN p.n', bindVars: { k: '7' } });
    expect(r.json.result).toEqual([7]);
    const stats = (r.json.extra as { stats: Record<string, number> }).stats;
    expect([stats.scannedFull, stats.scannedIndex]).toEqual([0, 1]);
    const byId = await cursor(a, { query: "FOR x IN ['products/3', 'other/3', 'products/nope'] FOR p IN products FILTER p._id == x RETURN p.n" });
    expect(byId.json.result).toEqual([3]);
  });

  it('expires idle cursors after their ttl', async () => {
    const r = await cursor(a, { query: 'FOR i IN 1..3 RETURN i', batchSize: 1, ttl: 0.05 });
    await new Promise((res) => setTimeout(res, 120));
    const late = await call(a, 'POST', `${DB}/_api/cursor/${r.json.id as string}`);
    expect([late.status, late.json.errorNum]).toEqual([404, 1600]);
  });

  it('validates cursor options', async () => {
    const r = await cursor(a, { query: 'RETURN 1', batchSize: 0 });
    expect([r.status, r.json.errorNum]).toEqual([400, 10]);
  });

  it('enforces memoryLimit and caps warnings at maxWarningCount', async () => {
    const big = await cursor(a, { query: 'FOR i IN 1..100000 RETURN { i, pad: "xxxxxxxxxxxxxxxx" }', memoryLimit: 100000 });
    expect([big.status, big.json.errorNum]).toEqual([500, 32]);
    const warn = await cursor(a, { query: 'FOR i IN 1..20 RETURN i / 0', options: { maxWarningCount: 3 } });
    expect((warn.json.extra as { warnings: unknown[] }).warnings).toHaveLength(3);
  });

  it('rolls back every write of a failing query', async () => {
    await call(a, 'POST', `${DB}/_api/collection`, { body: { name: 'atomic' } });
    const r = await cursor(a, { query: "FOR k IN ['a', 'b', 'a'] INSERT { _key: k } INTO atomic" });
    expect([r.status, r.json.errorNum]).toEqual([409, 1210]);
    expect((await cursor(a, { query: 'FOR d IN atomic RETURN d._key' })).json.result).toEqual([]);
    const ok = await cursor(a, { query: "FOR k IN ['a', 'b'] INSERT { _key: k } INTO atomic RETURN NEW._key" });
    expect(ok.json.result).toEqual(['a', 'b']);
    expect((await call(a, 'GET', `${DB}/_api/document/atomic/a`)).status).toBe(200);
    const tx = await call(a, 'GET', `${DB}/_api/transaction`);
    expect((tx.json.transactions as unknown[]).length).toBe(0);
  });

  it('records each submitted query for /_admin/server/aql-queries on the coordinator that got it', async () => {
    const text = 'FOR p IN products FILTER p.n == @n RETURN p.n';
    expect((await cursor(b, { query: text, bindVars: { n: 3 } })).json.result).toEqual([3]);
    const list = (r: RawResponse): { query: string; bindVars: unknown; database: string; timeStamp: string }[] =>
      (r.json.result as { queries: { query: string; bindVars: unknown; database: string; timeStamp: string }[] }).queries;
    const onB = list(await call(b, 'GET', '/_admin/server/aql-queries'));
    expect(onB[0]).toMatchObject({ query: text, bindVars: { n: 3 }, database: '_system' });
    expect(Number.isNaN(Date.parse(onB[0]?.timeStamp ?? ''))).toBe(false);
    expect(list(await call(a, 'GET', '/_admin/server/aql-queries')).some((q) => q.query === text)).toBe(false);
  });

  it('refuses new cursors with 503/30 during a soft shutdown, and serves the open ones', async () => {
    const c = await startCluster({ coordinators: 2, rootPassword: PASSWORD });
    try {
      const z = c.coordinators[1];
      if (!z) throw new Error('missing coordinator');
      const open = await cursor(z.url, { query: 'FOR i IN 1..4 RETURN i', batchSize: 2 });
      // a pending async job keeps the soft shutdown going (it waits for the job)
      const job = await call(z.url, 'POST', `${DB}/_api/cursor`, { body: { query: 'RETURN SLEEP(0.5)' }, headers: { 'x-arango-async': 'store' } });
      expect(job.status).toBe(202);
      expect((await call(z.url, 'DELETE', '/_admin/shutdown?soft=true')).status).toBe(200);
      const refused = await cursor(z.url, { query: 'RETURN 1' });
      expect([refused.status, refused.json.errorNum, refused.json.errorMessage]).toEqual([503, 30, 'shutdown in progress']);
      expect((await call(z.url, 'POST', `${DB}/_api/cursor/${open.json.id as string}`)).json.result).toEqual([3, 4]);
      expect((await cursor(c.urls[0] as string, { query: 'RETURN 1' })).status).toBe(201);
    } finally {
      await c.close();
    }
  });

  it('refuses follow-ups for a cursor whose coordinator is stopped (404/1449)', async () => {
    const first = await cursor(b, { query: 'FOR i IN 1..4 RETURN i', batchSize: 2 });
    const owner = cluster.coordinators[1];
    await owner?.stop();
    try {
      const r = await call(a, 'POST', `${DB}/_api/cursor/${first.json.id as string}`);
      expect([r.status, r.json.errorNum]).toEqual([404, 1449]);
    } finally {
      await owner?.start();
    }
    // The restarted owner lost the cursor, as a restarted ArangoDB coordinator does.
    const again = await call(a, 'POST', `${DB}/_api/cursor/${first.json.id as string}`);
    expect([again.status, again.json.errorNum]).toEqual([404, 1600]);
  });
});
