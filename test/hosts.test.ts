import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArangoClient, ArangoClientError } from 'arangots';
import { realServer, startTestServer, type TestServer } from './helpers/server.js';

function refused(hosts: unknown): ArangoClientError {
  try {
    new ArangoClient({ hosts: hosts as string });
  } catch (err) {
    expect(err).toBeInstanceOf(ArangoClientError);
    return err as ArangoClientError;
  }
  throw new Error(`hosts ${JSON.stringify(hosts)} were accepted`);
}

describe('hosts option', () => {
  it('takes one URL, an array, or a comma-separated string with spaces', async () => {
    const ids = (hosts: string | string[]): string[] => {
      const c = new ArangoClient({ hosts });
      const out = c.hosts().map((h) => h.id);
      void c.close();
      return out;
    };
    expect(ids('http://10.0.0.1:8529')).toEqual(['http://10.0.0.1:8529']);
    expect(ids(['http://10.0.0.1:8529', 'https://db.example.com:8530'])).toEqual(['http://10.0.0.1:8529', 'https://db.example.com:8530']);
    expect(ids('http://10.0.0.1:8529 , http://10.0.0.2:8529,http://10.0.0.3:8529')).toEqual([
      'http://10.0.0.1:8529',
      'http://10.0.0.2:8529',
      'http://10.0.0.3:8529',
    ]);
  });

  it('normalises hosts to stable ids', () => {
    const c = new ArangoClient({ hosts: ['HTTP://DB.Example.COM:8529/', 'http://[::1]:8530', 'https://db.example.com:443'] });
    expect(c.hosts().map((h) => h.id)).toEqual(['http://db.example.com:8529', 'http://[::1]:8530', 'https://db.example.com']);
    void c.close();
  });

  it('refuses an empty list', () => {
    expect(refused('').message).toMatch(/empty/);
    expect(refused([]).message).toMatch(/empty/);
    expect(refused(' , ').message).toMatch(/empty/);
    expect(refused('http://a:8529,,http://b:8529').message).toMatch(/empty entry/);
  });

  it('refuses non-http(s) URLs and garbage, naming the value', () => {
    expect(refused('ftp://files.example.com').message).toContain('ftp://files.example.com');
    expect(refused('tcp://127.0.0.1:8529').message).toMatch(/http:\/\/ or https:\/\//);
    expect(refused('not a url').message).toContain('"not a url"');
    expect(refused('127.0.0.1:8529').message).toContain('127.0.0.1:8529');
    expect(refused([42]).message).toMatch(/string/);
    expect(refused(42).message).toMatch(/expected a URL/);
  });

  it('refuses a path, a query or a fragment', () => {
    expect(refused('http://127.0.0.1:8529/_db/shop').message).toMatch(/has a path \(\/_db\/shop\)/);
    expect(refused('http://127.0.0.1:8529?db=x').message).toMatch(/query string/);
    expect(refused('http://127.0.0.1:8529/#x').message).toMatch(/fragment/);
  });

  it('refuses duplicate hosts', () => {
    expect(refused('http://127.0.0.1:8529,http://127.0.0.1:8529/').message).toMatch(/listed twice/);
  });

  it('refuses credentials in a URL without ever echoing them', () => {
    for (const hosts of ['http://root:s3cr3t-pw@127.0.0.1:8529', 'http://root:s3cr3t-pw@127.0.0.1:8529/path', 'root:s3cr3t-pw@host', 'ftp://root:s3cr3t-pw@h', 'http://127.0.0.1:8529, http://root:s3cr3t-pw@h/x']) {
      const err = refused(hosts);
      const everything = [err.message, String(err), err.stack ?? '', JSON.stringify(err)].join('\n');
      expect(everything).not.toContain('s3cr3t');
    }
    expect(refused('http://root:s3cr3t-pw@127.0.0.1:8529').message).toMatch(/embeds credentials/);
  });

  it('bounds maxTries by the host count and defaults it to 3 × hosts', () => {
    const hosts = 'http://a:1,http://b:2,http://c:3';
    const c = new ArangoClient({ hosts });
    expect(c.maxTries).toBe(9);
    void c.close();
    expect(() => new ArangoClient({ hosts, maxTries: 2 })).toThrow(/maxTries must be an integer of at least the number of hosts \(3\), got 2/);
    expect(() => new ArangoClient({ hosts, maxTries: 3.5 })).toThrow(ArangoClientError);
    const d = new ArangoClient({ hosts, maxTries: 3 });
    expect(d.maxTries).toBe(3);
    void d.close();
  });

  it('refuses misspelt options instead of ignoring them', async () => {
    expect(() => new ArangoClient({ host: 'http://a:1' } as never)).toThrow(/unknown option "host" \(did you mean "hosts"\?\)/);
    const c = new ArangoClient();
    await expect(c.db('_system', { user: 'root' } as never)).rejects.toThrow(/client.db\(\): unknown option "user" \(did you mean "username"\?\)/);
    await c.close();
  });

  it('refuses bad numeric options', () => {
    expect(() => new ArangoClient({ timeout: -1 })).toThrow(/timeout/);
    expect(() => new ArangoClient({ connections: 0 })).toThrow(/connections/);
    expect(() => new ArangoClient({ compression: { threshold: -5 } })).toThrow(/compression.threshold/);
    expect(() => new ArangoClient({ compression: { encoding: 'br' as 'gzip' } })).toThrow(/compression.encoding/);
  });
});

describe('host health', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ coordinators: 3 });
  });
  afterAll(async () => {
    await server.close();
  });

  it('client.hosts() reports state and in-flight requests', async () => {
    const c = new ArangoClient({ hosts: server.urls });
    try {
      const db = await c.db('_system', { username: server.username, password: server.password });
      const hosts = c.hosts();
      expect(hosts).toHaveLength(server.urls.length);
      // db() sent nothing yet, so no response time is known either
      const fresh = { requests: 0, answers: 0, networkErrors: 0, timeouts: 0, retries: 0, hedges: 0, hedgesWon: 0, ejections: 0, recent: { samples: 0 } };
      // before any latency is known an attempt gets the cold-start attempt timeout
      for (const h of hosts) expect(h).toEqual({ id: h.url, url: h.url, state: 'up', inFlight: 0, failures: 0, attemptTimeout: 1000, stats: fresh });
      const pending = Promise.all([db.cluster.serverId(), db.cluster.serverId(), db.cluster.serverId()]);
      expect(c.hosts().reduce((n, h) => n + h.inFlight, 0)).toBe(3);
      await pending;
      expect(c.hosts().reduce((n, h) => n + h.inFlight, 0)).toBe(0);
      for (const h of c.hosts()) expect(h.latency).toBeGreaterThan(0);
      // the window and counters behind the gray-failure decisions
      for (let i = 0; i < 9; i++) await db.cluster.serverId();
      for (const h of c.hosts()) {
        expect(h.stats).toMatchObject({ requests: 4, answers: 4, networkErrors: 0, timeouts: 0, retries: 0, ejections: 0 });
        expect(h.stats.recent.samples).toBe(4);
        const { p50, p95, p99, max } = h.stats.recent;
        expect(p50).toBeGreaterThan(0);
        expect(p50! <= p95! && p95! <= p99! && p99! <= max!).toBe(true);
      }
    } finally {
      await c.close();
    }
  });

  it.skipIf(realServer)('a refusing host goes down with growing back-off, is probed, and comes back', async () => {
    const emulator = server.emulator!;
    const target = emulator.coordinators[1]!;
    const c = new ArangoClient({ hosts: server.urls, hostBackoff: { initial: 20, max: 80 } });
    const events: string[] = [];
    c.on('hostDown', ({ host, reason }) => events.push(`down ${host.id} ${reason}`));
    c.on('hostUp', ({ host }) => events.push(`up ${host.id}`));
    try {
      const db = await c.db('_system', { username: server.username, password: server.password });
      await target.stop();
      // reads go on while one host refuses
      for (let i = 0; i < 6; i++) await db.cluster.serverId();
      const down = c.hosts().find((h) => h.id === target.url);
      expect(down?.state).toBe('down');
      expect(down?.downUntil).toBeTypeOf('number');
      expect(events[0]).toMatch(new RegExp(`^down ${target.url} .*ECONNREFUSED`));
      // failed probes grow the failure count (and with it the back-off)
      await expect.poll(() => c.hosts().find((h) => h.id === target.url)?.failures ?? 0, { timeout: 20_000, interval: 10 }).toBeGreaterThanOrEqual(3);
      const upAgain = new Promise<void>((resolve) => c.once('hostUp', () => resolve()));
      await target.start();
      await upAgain;
      expect(c.hosts().find((h) => h.id === target.url)).toMatchObject({ state: 'up', failures: 0 });
      expect(events.at(-1)).toBe(`up ${target.url}`);
      // and it is used again
      const answered = new Set<string>();
      for (let i = 0; i < 6; i++) answered.add((await db.request({ method: 'GET', path: '/_api/version' })).hostId);
      expect(answered.has(target.url)).toBe(true);
    } finally {
      await target.start();
      await c.close();
    }
  });
});
