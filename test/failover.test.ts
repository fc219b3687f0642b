/**
 * Fault tests against the emulator: coordinators are stopped, restarted, slowed down and made to
 * answer 503 while the client keeps working. Skipped against a real server (no fault injection).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  ArangoClient,
  ArangoServerError,
  NetworkError,
  NoHostAvailableError,
  TimeoutError,
  path,
  type Database,
} from 'arangots';
import type { Coordinator } from 'arangots-emulator';
import { realServer, startTestServer, uniqueName, type TestServer } from './helpers/server.js';
import { recordingHttpClient } from './helpers/recording-http.js';

let server: TestServer;
let open: ArangoClient[] = [];

beforeAll(async () => {
  server = await startTestServer({ coordinators: 3 });
});
afterEach(async () => {
  await Promise.all(open.map((c) => c.close()));
  open = [];
  for (const co of server.emulator?.coordinators ?? []) {
    await co.start();
    co.setLatency(0);
    co.failNext(0);
  }
});
afterAll(async () => {
  await server.close();
});

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Sends a request to a slowed-down coordinator and resolves once the coordinator has READ it: a
 * stop after that hits a request in flight. (A fixed pause before the stop is not enough on a
 * loaded machine: the request may still sit in the client, and then the stop is a clean refusal.)
 * The latency is far longer than the wait, so the answer never comes before the stop.
 */
async function inFlight<T>(co: Coordinator, send: () => Promise<T>): Promise<{ pending: Promise<T> }> {
  co.setLatency(10_000);
  const before = co.traffic.requests;
  const pending = send();
  // keep a rejection from being reported as unhandled while we wait
  pending.catch(() => undefined);
  await vi.waitUntil(() => co.traffic.requests > before, { timeout: 20_000, interval: 5 });
  return { pending };
}

async function connect(options: ConstructorParameters<typeof ArangoClient>[0] = {}): Promise<{ c: ArangoClient; db: Database }> {
  const c = new ArangoClient({ hosts: server.urls, hostBackoff: { initial: 20, max: 200 }, ...options });
  open.push(c);
  return { c, db: await c.db('_system', { username: server.username, password: server.password }) };
}

async function collection(db: Database): Promise<string> {
  const name = uniqueName('fo');
  await db.request({ method: 'POST', path: '/_api/collection', body: { name } });
  return name;
}

describe.skipIf(realServer)('failover', () => {
  it('a read in flight when its coordinator dies is retried elsewhere', async () => {
    const { db } = await connect({ hostResolver: 'single' });
    const co = server.emulator!.coordinators[0]!;
    const { pending } = await inFlight(co, () => db.request({ method: 'GET', path: '/_api/version' }));
    await co.stop();
    const res = await pending;
    expect(res.status).toBe(200);
    expect(res.hostId).toBe(server.urls[1]);
  });

  it('a write in flight when its coordinator dies is reported as possibly applied, never re-sent', async () => {
    const rec = recordingHttpClient();
    const { db } = await connect({ hostResolver: 'single', httpClient: rec.factory });
    const name = await collection(db);
    const co = server.emulator!.coordinators[0]!;
    const pending = (await inFlight(co, () => db.request({ method: 'POST', path: path`/_api/document/${name}`, body: { _key: 'k1' } }))).pending.catch((e: unknown) => e);
    await co.stop();
    const err = await pending;
    expect(err).toBeInstanceOf(NetworkError);
    const e = err as NetworkError;
    expect(e.mayHaveBeenApplied).toBe(true);
    expect(e.code).toBe('ARANGO_NETWORK_ERROR');
    expect(e.hostId).toBe(server.urls[0]);
    expect(e.message).toMatch(/may have been applied/);
    expect(e.cause).toBeInstanceOf(Error);
    expect(rec.log.filter((x) => x.method === 'POST' && x.path.includes('/_api/document/'))).toHaveLength(1);
  });

  it('the same write marked idempotent is retried on another host', async () => {
    const { db } = await connect({ hostResolver: 'single' });
    const name = await collection(db);
    const co = server.emulator!.coordinators[0]!;
    // a read sent as PUT (documented as safe to repeat), so the caller marks it idempotent
    const { pending } = await inFlight(co, () => db.request({ method: 'PUT', path: path`/_api/document/${name}`, query: { onlyget: true }, body: [{ _key: 'x' }], idempotent: true }));
    await co.stop();
    expect((await pending).hostId).toBe(server.urls[1]);
  });

  it('a write to a refusing coordinator is retried on another host whatever its method', async () => {
    const { db } = await connect({ hostResolver: 'single' });
    const name = await collection(db);
    await server.emulator!.coordinators[0]!.stop();
    const res = await db.request<{ _key: string }>({ method: 'POST', path: path`/_api/document/${name}`, body: { _key: 'k2' } });
    expect(res.hostId).toBe(server.urls[1]);
    expect(res.body._key).toBe('k2');
  });

  it('503 answers move the request to the next host and mark the first down', async () => {
    const { c, db } = await connect({ hostResolver: 'single' });
    const name = await collection(db);
    const downs: string[] = [];
    c.on('hostDown', ({ host, reason }) => downs.push(`${host.id} ${reason}`));
    server.emulator!.coordinators[0]!.failNext(1, 503, 503);
    expect((await db.request({ method: 'GET', path: '/_api/version' })).hostId).toBe(server.urls[1]);
    expect(downs).toEqual([`${server.urls[0]} HTTP 503 errorNum 503`]);

    // shutting down (30) and queue full (21003) too, even for writes: the server refused them
    const { db: db2 } = await connect({ hostResolver: 'single' });
    server.emulator!.coordinators[0]!.failNext(1, 503, 30);
    expect((await db2.request({ method: 'POST', path: path`/_api/document/${name}`, body: {} })).hostId).toBe(server.urls[1]);
    const { db: db3 } = await connect({ hostResolver: 'single' });
    server.emulator!.coordinators[0]!.failNext(1, 503, 21003);
    expect((await db3.request({ method: 'GET', path: '/_api/version' })).hostId).toBe(server.urls[1]);
  });

  it('other error statuses are answers, not failovers', async () => {
    const { c, db } = await connect({ hostResolver: 'single' });
    server.emulator!.coordinators[0]!.failNext(1, 500);
    await expect(db.request({ method: 'GET', path: '/_api/version' })).rejects.toMatchObject({ httpCode: 500, hostId: server.urls[0] });
    await expect(db.request({ method: 'GET', path: '/_api/collection/no-such-collection' })).rejects.toMatchObject({ httpCode: 404, errorNum: 1203 });
    expect(c.hosts().every((h) => h.state === 'up')).toBe(true);
  });

  it('when every try fails the error lists each host and why', async () => {
    const { db } = await connect({ maxTries: 4 });
    for (const co of server.emulator!.coordinators) await co.stop();
    const err = await db.request({ method: 'GET', path: '/_api/version' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NoHostAvailableError);
    const e = err as NoHostAvailableError;
    expect(e.code).toBe('ARANGO_NO_HOST_AVAILABLE');
    expect(e.attempts).toHaveLength(4);
    expect(new Set(e.attempts.map((a) => a.hostId))).toEqual(new Set(server.urls));
    for (const a of e.attempts) expect(a.reason).toMatch(/ECONNREFUSED/);
    for (const url of server.urls) expect(e.message).toContain(url);
  });

  it('503 on every host ends in NoHostAvailableError with the server answers listed', async () => {
    const { db } = await connect({ maxTries: 3 });
    for (const co of server.emulator!.coordinators) co.failNext(5, 503, 30);
    const err = await db.request({ method: 'GET', path: '/_api/version' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NoHostAvailableError);
    expect((err as NoHostAvailableError).attempts.map((a) => a.reason)).toEqual(Array(3).fill(expect.stringMatching(/HTTP 503 errorNum 30/)));
    expect((err as NoHostAvailableError).cause).toBeInstanceOf(ArangoServerError);
  });

  it('the deadline covers every retry', async () => {
    const { db } = await connect();
    for (const co of server.emulator!.coordinators) co.failNext(1_000, 503, 503);
    const err = await db.request({ method: 'GET', path: '/_api/version', timeout: 150 }).catch((e: unknown) => e);
    // either the tries or the deadline ran out first; both are bounded and typed
    expect(err instanceof TimeoutError || err instanceof NoHostAvailableError).toBe(true);
  });

  it('retryOnConflict re-sends on 409/1200 only when asked', async () => {
    const { db } = await connect({ hostResolver: 'single' });
    const name = await collection(db);
    const co = server.emulator!.coordinators[0]!;
    co.failNext(2, 409, 1200);
    await expect(db.request({ method: 'POST', path: path`/_api/document/${name}`, body: {}, retryOnConflict: 1 })).rejects.toMatchObject({ httpCode: 409, errorNum: 1200 });
    co.failNext(2, 409, 1200);
    const res = await db.request({ method: 'POST', path: path`/_api/document/${name}`, body: {}, retryOnConflict: 2 });
    expect(res.status).toBe(202);
  });

  it('a pinned request is never moved; a dead owner is named in the error', async () => {
    const { c, db } = await connect();
    const owner = server.urls[2]!;
    expect((await db.request({ method: 'GET', path: '/_api/version', hostId: owner })).hostId).toBe(owner);
    await server.emulator!.coordinators[2]!.stop();
    const err = await db.request({ method: 'GET', path: '/_api/version', hostId: owner }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NetworkError);
    expect((err as NetworkError).hostId).toBe(owner);
    expect((err as NetworkError).message).toMatch(new RegExp(`pinned to ${owner}.*owns`));
    expect(c.hosts().find((h) => h.id === owner)?.state).toBe('down');
    // unpinned requests carry on
    expect((await db.request({ method: 'GET', path: '/_api/version' })).status).toBe(200);
  });

  it('stream-transaction follow-ups go to the coordinator that owns the transaction', async () => {
    const rec = recordingHttpClient();
    const { db } = await connect({ hostResolver: 'roundrobin', httpClient: rec.factory });
    const name = await collection(db);
    const begin = await db.request<{ result: { id: string } }>({ method: 'POST', path: '/_api/transaction/begin', body: { collections: { write: [name] } } });
    const id = begin.body.result.id;
    for (let i = 0; i < 3; i++) {
      const status = await db.request({ method: 'GET', path: path`/_api/transaction/${id}`, hostId: begin.hostId });
      expect(status.hostId).toBe(begin.hostId);
    }
    const commit = await db.request({ method: 'PUT', path: path`/_api/transaction/${id}`, hostId: begin.hostId });
    expect(commit.hostId).toBe(begin.hostId);
    expect(new Set(rec.log.filter((x) => x.path.includes('/_api/transaction/')).map((x) => x.origin))).toEqual(new Set([begin.hostId]));
  });

  it(
    'under mixed load with a coordinator stopped and restarted twice: no read fails, no write is doubled or lost',
    async () => {
      const seconds = Number(process.env.FAILOVER_SECONDS ?? 6);
      const { c, db } = await connect({ hostResolver: 'roundrobin', hostBackoff: { initial: 50, max: 300 } });
      const name = await collection(db);
      await db.request({ method: 'POST', path: path`/_api/document/${name}`, body: { _key: 'seed', v: 1 } });
      const victim = server.emulator!.coordinators[1]!;
      const stats = { reads: 0, readFailures: [] as unknown[], written: new Set<string>(), maybe: new Set<string>(), writeErrors: [] as unknown[] };
      const end = Date.now() + seconds * 1000;
      let seq = 0;
      const worker = async (w: number): Promise<void> => {
        while (Date.now() < end) {
          if ((seq++ & 1) === 0) {
            try {
              const res = await db.request<{ v: number }>({ method: 'GET', path: path`/_api/document/${name}/seed` });
              if (res.body.v !== 1) throw new Error('bad read');
              stats.reads++;
            } catch (err) {
              stats.readFailures.push(err);
            }
          } else {
            const key = `w${w}-${seq}`;
            try {
              await db.request({ method: 'POST', path: path`/_api/document/${name}`, body: { _key: key } });
              stats.written.add(key);
            } catch (err) {
              if ((err instanceof NetworkError || err instanceof TimeoutError) && err.mayHaveBeenApplied) stats.maybe.add(key);
              else stats.writeErrors.push(err);
            }
          }
        }
      };
      const chaos = (async () => {
        const step = (seconds * 1000) / 6;
        for (let round = 0; round < 2; round++) {
          await sleep(step);
          await victim.stop();
          await sleep(step);
          await victim.start();
        }
      })();
      const started = Date.now();
      await Promise.all([chaos, ...Array.from({ length: 48 }, (_, w) => worker(w))]);
      const elapsed = (Date.now() - started) / 1000;
      const total = stats.reads + stats.written.size + stats.maybe.size + stats.writeErrors.length;
      console.log(`failover load: ${total} requests in ${elapsed.toFixed(1)} s (${Math.round(total / elapsed)}/s), ${stats.maybe.size} writes reported as possibly applied`);

      expect(stats.readFailures).toEqual([]);
      expect(stats.writeErrors).toEqual([]);
      // read back every key that was or may have been written, and count the collection
      const candidates = [...stats.written, ...stats.maybe];
      const found = await db.request<({ _key?: string; error?: boolean })[]>({
        method: 'PUT',
        path: path`/_api/document/${name}`,
        query: { onlyget: true },
        body: candidates.map((_key) => ({ _key })),
      });
      const stored = new Set(found.body.filter((d) => d.error !== true && d._key !== undefined).map((d) => d._key as string));
      for (const key of stats.written) expect(stored.has(key)).toBe(true);
      const count = await db.request<{ count: number }>({ method: 'GET', path: path`/_api/collection/${name}/count` });
      // nothing but the seed and the found keys: every write happened at most once (keys are unique)
      expect(count.body.count).toBe(stored.size + 1);

      // after the last restart the host is used again
      await vi.waitUntil(() => c.hosts().find((h) => h.id === victim.url)?.state === 'up', { timeout: 20_000, interval: 10 });
      const after = new Set<string>();
      for (let i = 0; i < 6; i++) after.add((await db.request({ method: 'GET', path: '/_api/version' })).hostId);
      expect(after.has(victim.url)).toBe(true);
    },
    60_000,
  );
});
