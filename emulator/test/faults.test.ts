import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startCluster, type Coordinator, type EmulatorCluster } from 'arangots-emulator';
import { call, ioTurns, PASSWORD } from './http.js';

let cluster: EmulatorCluster;
let a: Coordinator;
let b: Coordinator;
let c: Coordinator;

beforeAll(async () => {
  cluster = await startCluster({ coordinators: 3, rootPassword: PASSWORD });
  [a, b, c] = cluster.coordinators as [Coordinator, Coordinator, Coordinator];
});
afterAll(() => cluster.close());

async function databases(url: string): Promise<string[]> {
  return (await call(url, 'GET', '/_api/database')).json.result as string[];
}

describe('stop() and start()', () => {
  it('stops one coordinator while the others keep serving the same data', async () => {
    await call(a.url, 'POST', '/_api/database', { body: { name: 'before_stop' } });
    const port = b.port;
    await b.stop();
    expect(b.running).toBe(false);
    await expect(call(b.url, 'GET', '/_api/version')).rejects.toMatchObject({ code: 'ECONNREFUSED' });

    // The cluster keeps working without b: writes on a are visible on c.
    await call(a.url, 'POST', '/_api/database', { body: { name: 'during_stop' } });
    expect(await databases(c.url)).toEqual(expect.arrayContaining(['before_stop', 'during_stop']));

    // Health marks the stopped coordinator, endpoints leave it out.
    const health = (await call(a.url, 'GET', '/_admin/cluster/health')).json.Health as Record<string, { Status: string; SyncStatus?: string }>;
    expect(health[b.id]?.Status).toBe('BAD');
    expect(health[a.id]?.Status).toBe('GOOD');
    const endpoints = (await call(c.url, 'GET', '/_api/cluster/endpoints')).json.endpoints as Array<{ endpoint: string }>;
    expect(endpoints.map((e) => e.endpoint)).toEqual([a.url, c.url].map((u) => u.replace('http://', 'tcp://')));

    await b.start();
    expect(b.running).toBe(true);
    expect(b.port).toBe(port);
    // Nothing was lost: b serves everything written before and during its stop.
    expect(await databases(b.url)).toEqual(expect.arrayContaining(['before_stop', 'during_stop']));
    expect((await call(b.url, 'GET', '/_admin/server/id')).json.id).toBe(b.id);
  });

  it('destroys open connections on stop', async () => {
    // far longer than it takes to see the request arrive: the stop always comes first
    b.setLatency(10_000);
    const before = b.traffic.requests;
    const pending = call(b.url, 'GET', '/_api/version');
    pending.catch(() => undefined);
    await vi.waitUntil(() => b.traffic.requests > before, { timeout: 20_000, interval: 5 });
    await b.stop();
    b.setLatency(0);
    await expect(pending).rejects.toThrow();
    await b.start();
    expect((await call(b.url, 'GET', '/_api/version')).status).toBe(200);
  });

  it('stop() and start() are idempotent', async () => {
    await c.stop();
    await c.stop();
    // Let the client notice the destroyed keep-alive socket before reusing the pool.
    await ioTurns();
    await c.start();
    await c.start();
    expect((await call(c.url, 'GET', '/_api/version')).status).toBe(200);
  });

  it('answers 404 / 1449 for ids owned by a stopped coordinator', async () => {
    const owner = cluster.state.nodes.get(c.id);
    if (!owner) throw new Error('owner missing');
    const trx = cluster.state.newTransactionId(owner.shortId);
    await c.stop();
    try {
      const r = await call(a.url, 'GET', '/_api/version', { headers: { 'x-arango-trx-id': trx } });
      expect(r.status).toBe(404);
      expect(r.json).toMatchObject({ error: true, code: 404, errorNum: 1449 });
    } finally {
      await c.start();
    }
    const again = await call(a.url, 'GET', '/_api/version', { headers: { 'x-arango-trx-id': trx } });
    expect(again.headers['x-arango-request-forwarded-to']).toBe(c.id);
  });
});

describe('a restart loses what the coordinator owned', () => {
  it('drops its cursors, aborts its stream transactions and forgets its job results', async () => {
    const coll = 'restart_docs';
    expect((await call(a.url, 'POST', '/_api/collection', { body: { name: coll } })).status).toBe(200);
    await call(a.url, 'POST', `/_api/document/${coll}`, { body: { _key: 'kept' } });

    const begin = await call(a.url, 'POST', '/_api/transaction/begin', { body: { collections: { write: [coll] } } });
    const trx = (begin.json.result as { id: string }).id;
    const trxHeaders = { 'x-arango-trx-id': trx };
    expect((await call(a.url, 'POST', `/_api/document/${coll}`, { body: { _key: 'uncommitted' }, headers: trxHeaders })).status).toBe(202);

    const query = { query: 'FOR i IN 1..3 RETURN i', batchSize: 1 };
    const cursorA = (await call(a.url, 'POST', '/_api/cursor', { body: query })).json.id as string;
    const cursorB = (await call(b.url, 'POST', '/_api/cursor', { body: query })).json.id as string;

    const accepted = await call(a.url, 'GET', '/_api/version', { headers: { 'x-arango-async': 'store' } });
    expect(accepted.status).toBe(202);
    const job = accepted.headers['x-arango-async-id'] as string;
    await vi.waitUntil(async () => (await call(a.url, 'GET', `/_api/job/${job}`)).status === 200, { timeout: 20_000, interval: 5 });
    expect((await call(a.url, 'GET', `/_api/job/${job}`)).status).toBe(200);

    await a.stop();
    // the client pool sees its keep-alive sockets to a closed before it is used again
    await ioTurns();
    await a.start();

    const follow = await call(a.url, 'PUT', `/_api/cursor/${cursorA}`);
    expect(follow.status).toBe(404);
    expect(follow.json).toMatchObject({ error: true, code: 404, errorNum: 1600 });

    const status = await call(a.url, 'GET', `/_api/transaction/${trx}`);
    expect((status.json.result as { status: string }).status).toBe('aborted');
    const useAgain = await call(a.url, 'GET', `/_api/document/${coll}/kept`, { headers: trxHeaders });
    expect(useAgain.status).toBe(410);
    expect(useAgain.json).toMatchObject({ error: true, code: 410, errorNum: 1654 });
    expect((await call(a.url, 'GET', `/_api/document/${coll}/uncommitted`)).status).toBe(404);
    expect((await call(a.url, 'GET', `/_api/document/${coll}/kept`)).status).toBe(200);

    const fetched = await call(a.url, 'PUT', `/_api/job/${job}`);
    expect(fetched.status).toBe(404);
    expect(fetched.json).toMatchObject({ error: true, code: 404, errorNum: 404 });
    expect((await call(a.url, 'GET', '/_api/job/done')).json).not.toContain(job);

    // b's cursor lives on, and is still forwarded to b when asked on a.
    const other = await call(a.url, 'PUT', `/_api/cursor/${cursorB}`);
    expect(other.status).toBe(200);
    expect(other.headers['x-arango-request-forwarded-to']).toBe(b.id);
    expect(other.json).toMatchObject({ id: cursorB, result: [2], hasMore: true });
  });
});

describe('failNext() and setLatency()', () => {
  it('answers the next requests with ArangoDB\'s 503 envelope, then recovers', async () => {
    a.failNext(2);
    for (let i = 0; i < 2; i++) {
      const r = await call(a.url, 'GET', '/_api/version');
      expect(r.status).toBe(503);
      expect(r.json).toEqual({ error: true, code: 503, errorNum: 503, errorMessage: 'service unavailable' });
      expect(r.headers.server).toBe('ArangoDB');
    }
    expect((await call(a.url, 'GET', '/_api/version')).status).toBe(200);
    // Other coordinators are unaffected.
    a.failNext(1);
    expect((await call(b.url, 'GET', '/_api/version')).status).toBe(200);
    expect((await call(a.url, 'GET', '/_api/version')).status).toBe(503);
  });

  it('uses the given status and errorNum', async () => {
    a.failNext(1, 500, 4);
    expect((await call(a.url, 'GET', '/_api/version')).json).toMatchObject({ code: 500, errorNum: 4, errorMessage: 'internal error' });
    a.failNext(1, 503, 30);
    expect((await call(a.url, 'GET', '/_api/version')).json).toMatchObject({ code: 503, errorNum: 30, errorMessage: 'shutdown in progress' });
    a.failNext(1, 408);
    expect((await call(a.url, 'GET', '/_api/version')).json).toMatchObject({ code: 408, errorNum: 408 });
  });

  it('refuses bad fault parameters', () => {
    expect(() => a.failNext(-1)).toThrow(RangeError);
    expect(() => a.failNext(1, 99)).toThrow(RangeError);
    expect(() => a.setLatency(-5)).toThrow(RangeError);
  });

  it('reports latency as queue time', async () => {
    c.setLatency(25);
    try {
      const r = await call(c.url, 'GET', '/_api/version');
      expect(r.headers['x-arango-queue-time-seconds']).toBe('0.025000');
    } finally {
      c.setLatency(0);
    }
    expect((await call(c.url, 'GET', '/_api/version')).headers['x-arango-queue-time-seconds']).toBe('0.000000');
  });
});

describe('requestCount', () => {
  it('counts the requests each coordinator served', async () => {
    const before = cluster.coordinators.map((x) => x.requestCount);
    await call(a.url, 'GET', '/_api/version');
    await call(a.url, 'GET', '/_api/version');
    await call(c.url, 'GET', '/_api/nope');
    a.failNext(1);
    await call(a.url, 'GET', '/_api/version');
    const after = cluster.coordinators.map((x) => x.requestCount);
    expect(after.map((n, i) => n - (before[i] ?? 0))).toEqual([3, 0, 1]);
  });
});
