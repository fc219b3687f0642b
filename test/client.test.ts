import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { AbortError, ArangoClient, ArangoClientError, ArangoServerError, ClientClosedError, TimeoutError, type Database } from 'arangots';
import { realServer, startTestServer, type TestServer } from './helpers/server.js';
import { recordingHttpClient } from './helpers/recording-http.js';

let server: TestServer;
const clients: ArangoClient[] = [];

function client(options: ConstructorParameters<typeof ArangoClient>[0] = {}): ArangoClient {
  const c = new ArangoClient({ hosts: server.urls, ...options });
  clients.push(c);
  return c;
}

function login(c: ArangoClient, name = '_system'): Promise<Database> {
  return c.db(name, { username: server.username, password: server.password });
}

/** Coordinator id of every host, asked with pinned requests (works against a real cluster too). */
async function serverIdsByHost(db: Database, hosts: readonly string[]): Promise<string[]> {
  const ids: string[] = [];
  for (const hostId of hosts) {
    const res = await db.request<{ id: string }>({ method: 'GET', path: '/_admin/server/id', hostId });
    ids.push(res.body.id);
  }
  return ids;
}

beforeAll(async () => {
  server = await startTestServer({ coordinators: 3 });
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await server.close();
});

describe('ArangoClient', () => {
  it('defaults to http://127.0.0.1:8529', () => {
    const c = new ArangoClient();
    clients.push(c);
    expect(c.hosts().map((h) => h.id)).toEqual(['http://127.0.0.1:8529']);
    expect(c.maxTries).toBe(3);
  });

  it('round-robin answers rotate over the (three) coordinator ids in order', async () => {
    const c = client({ hostResolver: 'roundrobin' });
    const db = await login(c);
    const hosts = c.hosts().map((h) => h.id);
    // The emulator runs three coordinators; ARANGO_URL may list another number.
    const n = server.urls.length;
    const expected = await serverIdsByHost(db, hosts);
    expect(new Set(expected).size).toBe(n);
    const seen: string[] = [];
    for (let i = 0; i < 3 * n; i++) seen.push(await db.cluster.serverId());
    // the rotation may start anywhere, but then follows the host order
    const start = expected.indexOf(seen[0] as string);
    expect(start).toBeGreaterThanOrEqual(0);
    expect(seen).toEqual(Array.from({ length: 3 * n }, (_, i) => expected[(start + i) % n]));
  });

  it('random spreads 100 calls per coordinator (300 for three) with each between 60 and 140', async () => {
    const c = client({ hostResolver: 'random' });
    const db = await login(c);
    const counts = new Map<string, number>();
    const n = server.urls.length;
    for (let i = 0; i < 100 * n; i++) {
      const id = await db.cluster.serverId();
      counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    expect(counts.size).toBe(n);
    for (const n of counts.values()) {
      expect(n).toBeGreaterThanOrEqual(60);
      expect(n).toBeLessThanOrEqual(140);
    }
  });

  it('db() with verify checks the server and the credentials before returning', async () => {
    const c = client();
    const db = await c.db('_system', { username: server.username, password: server.password, verify: true });
    expect(db.name).toBe('_system');
    await expect(c.db('_system', { username: server.username, password: `${server.password}-wrong`, verify: true })).rejects.toMatchObject({
      name: 'ArangoServerError',
      httpCode: 401,
    });
    await expect(c.db('no_such_database_xyz', { username: server.username, password: server.password, verify: true })).rejects.toMatchObject({
      httpCode: 404,
      errorNum: 1228,
    });
  });

  it('sends x-arango-driver with the package version and no accept-encoding unless asked', async () => {
    const rec = recordingHttpClient();
    const c = client({ httpClient: rec.factory });
    const db = await login(c);
    await db.cluster.serverRole();
    const version = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
    const sent = rec.log.at(-1);
    expect(sent?.headers['x-arango-driver']).toBe(`arangots/${version}`);
    expect(sent?.headers['accept-encoding']).toBeUndefined();
    expect(rec.options?.connections).toBeGreaterThanOrEqual(64);
  });

  it('leaves undefined and null query values out', async () => {
    const rec = recordingHttpClient();
    const c = client({ httpClient: rec.factory });
    const db = await login(c);
    await db.request({ method: 'GET', path: '/_api/version', query: { details: undefined, x: null, a: 'b c', list: ['1', '2'] } });
    expect(rec.log.at(-1)?.path).toBe('/_db/_system/_api/version?a=b%20c&list=1&list=2');
  });

  it('encodes the database name as one path segment', async () => {
    const rec = recordingHttpClient();
    const c = client({ httpClient: rec.factory });
    const db = await login(c, 'a b?c%d#e');
    await expect(db.request({ method: 'GET', path: '/_api/version' })).rejects.toBeInstanceOf(ArangoServerError);
    expect(rec.log.at(-1)?.path).toBe('/_db/a%20b%3Fc%25d%23e/_api/version');
  });

  it('refuses database names ArangoDB refuses, so none becomes a dot segment or leaves its segment', async () => {
    const rec = recordingHttpClient();
    const c = client({ httpClient: rec.factory });
    for (const name of ['.', '..', '.hidden', 'a/../b', 'a:b', '1abc', ' pad', 'tab\tname', 'x'.repeat(129)]) {
      const err = await c.db(name).catch((e: unknown) => e);
      expect(err, name).toBeInstanceOf(ArangoClientError);
      expect((err as Error).message).toContain('is not one ArangoDB accepts');
    }
    const sys = await login(c);
    expect(() => sys.database('..')).toThrow(ArangoClientError);
    await expect(sys.createDatabase('..')).rejects.toBeInstanceOf(ArangoClientError);
    await expect(sys.deleteDatabase('.')).rejects.toBeInstanceOf(ArangoClientError);
    // Extended (Unicode) names are fine.
    expect(sys.database('Ünïcødé-データ').name).toBe('Ünïcødé-データ');
    expect(rec.log.some((r) => /\/_db\/\.{1,2}\//.test(r.path))).toBe(false);
  });

  it('an aborted signal cancels the call with AbortError', async () => {
    const c = client();
    const db = await login(c);
    const ac = new AbortController();
    ac.abort(new Error('user gave up'));
    await expect(db.cluster.serverId({ signal: ac.signal })).rejects.toBeInstanceOf(AbortError);
  });

  it.skipIf(realServer)('abort cancels a request on the wire, timeout bounds the whole call', async () => {
    const emulator = server.emulator!;
    for (const co of emulator.coordinators) co.setLatency(2_000);
    try {
      const c = client();
      const db = await login(c);
      const ac = new AbortController();
      const pending = db.cluster.serverId({ signal: ac.signal });
      setTimeout(() => ac.abort(), 20);
      const aborted = await pending.catch((e: unknown) => e);
      expect(aborted).toBeInstanceOf(AbortError);
      expect((aborted as AbortError).code).toBe('ARANGO_ABORTED');

      const timedOut = await db.cluster.serverId({ timeout: 50 }).catch((e: unknown) => e);
      expect(timedOut).toBeInstanceOf(TimeoutError);
      expect((timedOut as TimeoutError).timeout).toBe(50);
      expect((timedOut as TimeoutError).code).toBe('ARANGO_TIMEOUT');

      // the client default applies when the call gives none
      const c2 = client({ timeout: 50 });
      const db2 = await login(c2);
      await expect(db2.cluster.serverId()).rejects.toBeInstanceOf(TimeoutError);
    } finally {
      for (const co of emulator.coordinators) co.setLatency(0);
    }
  });

  it('close() is idempotent, closes the HTTP layer, and later calls fail with ClientClosedError', async () => {
    const rec = recordingHttpClient();
    const c = new ArangoClient({ hosts: server.urls, httpClient: rec.factory });
    const db = await login(c);
    await db.cluster.serverId();
    await c.close();
    await c.close();
    expect(rec.closed).toBe(1);
    const err = await db.cluster.serverId().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ClientClosedError);
    expect((err as ClientClosedError).code).toBe('ARANGO_CLIENT_CLOSED');
    await expect(c.db('_system')).rejects.toBeInstanceOf(ClientClosedError);
  });

  it('close() leaves no open sockets behind', async () => {
    const sockets = (): number => process.getActiveResourcesInfo().filter((r) => r === 'TCPSocketWrap').length;
    const before = sockets();
    const c = new ArangoClient({ hosts: server.urls });
    const db = await login(c);
    await Promise.all(Array.from({ length: 30 }, () => db.cluster.serverId()));
    expect(sockets()).toBeGreaterThan(before);
    await c.close();
    // server-side halves of the connections close when they see the FIN; wait for that
    await vi.waitUntil(() => sockets() <= before, { timeout: 20_000, interval: 20 }).catch(() => undefined);
    expect(sockets()).toBeLessThanOrEqual(before);
  });

  it('errors carry the caller stack, not undici frames', async () => {
    const c = client();
    const db = await login(c);
    const err = await db.request({ method: 'GET', path: '/_api/no-such-endpoint' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ArangoServerError);
    const stack = (err as Error).stack ?? '';
    expect(stack.split('\n')[0]).toContain('ArangoServerError');
    expect(stack).toContain('client.test.ts');
    expect(stack).not.toContain('undici');
  });
});
