/**
 * `client.stats()`: whole calls in total, and per host the same statistics `client.hosts()` shows
 * (one source of truth), against the emulator with real faults.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArangoClient } from 'arangots';
import { realServer, startTestServer, uniqueName, type TestServer } from './helpers/server.js';

let server: TestServer;
const open: ArangoClient[] = [];

beforeAll(async () => {
  server = await startTestServer({ coordinators: 2 });
});
afterAll(async () => {
  await Promise.all(open.map((c) => c.close()));
  await server.close();
});

async function connect(): Promise<{ client: ArangoClient; db: Awaited<ReturnType<ArangoClient['db']>> }> {
  const client = new ArangoClient({ hosts: server.urls, hostResolver: 'roundrobin', hostBackoff: { initial: 20, max: 200 } });
  open.push(client);
  return { client, db: await client.db('_system', { username: server.username, password: server.password }) };
}

describe('client.stats()', () => {
  it('counts calls, failures by kind and latency; per host it is hosts()[i].stats', async () => {
    const { client, db } = await connect();
    const before = client.stats().total.calls;
    for (let i = 0; i < 6; i++) await db.version();
    await expect(db.collection(uniqueName('missing')).count()).rejects.toMatchObject({ code: 'ARANGO_SERVER_ERROR' });
    const s = client.stats();
    expect(s.total.calls - before).toBe(7);
    expect(s.total.inFlight).toBe(0);
    expect(s.total.failures).toEqual({ ARANGO_SERVER_ERROR: 1 });
    expect(s.total.latency.samples).toBeGreaterThanOrEqual(7);
    expect(s.total.latency.p50).toBeGreaterThan(0);
    expect(s.hosts.map((h) => h.id)).toEqual(server.urls);
    const hosts = client.hosts();
    for (const [i, h] of s.hosts.entries()) {
      const info = hosts[i]!;
      expect(h.attempts).toBe(info.stats.requests);
      expect(h.answers).toBe(info.stats.answers);
      expect(h.failures).toEqual({ network: info.stats.networkErrors, timeout: info.stats.timeouts });
      expect(h.latency.samples).toBe(info.stats.recent.samples);
      expect(h.attempts).toBeGreaterThan(0); // round-robin reached both
    }
    expect(s.total.attempts).toBe(s.hosts.reduce((n, h) => n + h.attempts, 0));
  });

  it.skipIf(realServer)('a retried read: one call, two attempts, a retry on the second host', async () => {
    const { client, db } = await connect();
    await db.version();
    const before = client.stats();
    for (const co of server.emulator!.coordinators) co.failNext(1, 503);
    try {
      await db.version();
    } finally {
      for (const co of server.emulator!.coordinators) co.failNext(0);
    }
    const after = client.stats();
    expect(after.total.calls - before.total.calls).toBe(1);
    expect(after.total.attempts - before.total.attempts).toBeGreaterThanOrEqual(2);
    expect(after.total.retries - before.total.retries).toBeGreaterThanOrEqual(1);
    expect(after.total.failures).toEqual(before.total.failures);
  });

  it.skipIf(realServer)('calls in flight, and a refused host counted as a network failure of that host', async () => {
    const dead = 'http://127.0.0.1:1';
    const client = new ArangoClient({ hosts: [dead, ...server.urls], hostResolver: 'fallback', hostBackoff: { initial: 60_000, max: 60_000 } });
    open.push(client);
    const db = await client.db('_system', { username: server.username, password: server.password });
    const co = server.emulator!.coordinators[0]!;
    co.setLatency(300);
    try {
      const pending = db.version();
      await expect.poll(() => client.stats().total.inFlight, { timeout: 5_000 }).toBe(1);
      await pending;
    } finally {
      co.setLatency(0);
    }
    const s = client.stats();
    expect(s.total.inFlight).toBe(0);
    expect(s.hosts[0]).toMatchObject({ id: dead, failures: { network: 1, timeout: 0 } });
    expect(s.hosts[0]!.state).toBe('down');
  });
});
