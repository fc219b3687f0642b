import { execFileSync } from 'node:child_process';
import diagnostics from 'node:diagnostics_channel';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createTlsServer, type Server as TlsServer } from 'node:tls';
import { connect as netConnect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArangoClient, ArangoClientError, ConnectionFailure, NoHostAvailableError, UndiciHttpClient, type HttpClient, type HttpRequest } from 'arangots';
import { realServer, startTestServer, type TestServer } from './helpers/server.js';
import { recordingHttpClient } from './helpers/recording-http.js';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ coordinators: 3 });
});
afterAll(async () => {
  await server.close();
});

describe('HttpClient interface', () => {
  it('a custom HttpClient object carries every request and is closed with the client', async () => {
    const inner = new UndiciHttpClient({ connections: 8, keepAliveTimeout: 5_000, connectTimeout: 5_000 });
    const sent: HttpRequest[] = [];
    let closed = 0;
    // the README's example: a layer that adds a header to every request
    const custom: HttpClient = {
      request(req) {
        req.headers['x-request-source'] = 'billing-service';
        sent.push(req);
        return inner.request(req);
      },
      async close() {
        closed++;
        await inner.close();
      },
    };
    const c = new ArangoClient({ hosts: server.urls, httpClient: custom });
    const db = await c.db('_system', { username: server.username, password: server.password });
    await db.cluster.serverId();
    await db.cluster.serverRole();
    expect(sent).toHaveLength(2);
    expect(sent.every((r) => r.headers['x-request-source'] === 'billing-service')).toBe(true);
    expect(new Set(sent.map((r) => r.origin))).toEqual(new Set(server.urls.slice(0, 2)));
    await c.close();
    expect(closed).toBe(1);
  });

  it('a factory receives the connection and TLS options', async () => {
    const rec = recordingHttpClient();
    const tls = { rejectUnauthorized: false, ca: '-----BEGIN CERTIFICATE-----\n…' };
    const c = new ArangoClient({ hosts: server.urls, httpClient: rec.factory, connections: 17, keepAliveTimeout: 1234, connectTimeout: 999, tls });
    expect(rec.options).toEqual({ connections: 17, keepAliveTimeout: 1234, connectTimeout: 999, tls });
    await c.close();
    expect(rec.closed).toBe(1);
  });

  it('refuses something that is not an HttpClient', () => {
    expect(() => new ArangoClient({ httpClient: {} as HttpClient })).toThrow(ArangoClientError);
    expect(() => new ArangoClient({ httpClient: (() => ({ request: 1 })) as unknown as () => HttpClient })).toThrow(/httpClient/);
  });
});

describe('UndiciHttpClient', () => {
  it('reports a refused connection as not sent', async () => {
    const http = new UndiciHttpClient({ connections: 1, keepAliveTimeout: 1_000, connectTimeout: 1_000 });
    try {
      const err = await http.request({ origin: 'http://127.0.0.1:1', method: 'POST', path: '/', headers: {}, body: 'x' }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ConnectionFailure);
      expect((err as ConnectionFailure).requestSent).toBe(false);
      expect((err as ConnectionFailure).code).toBe('ECONNREFUSED');
    } finally {
      await http.close();
    }
  });

  it('keeps connections alive: 50 sequential requests reuse their sockets', async () => {
    const c = new ArangoClient({ hosts: server.urls[0]! });
    const connected = diagnostics.channel('undici:client:connected');
    let connections = 0;
    const onConnect = (): void => {
      connections++;
    };
    connected.subscribe(onConnect);
    try {
      const db = await c.db('_system', { username: server.username, password: server.password });
      for (let i = 0; i < 50; i++) await db.cluster.serverId();
      // undici validates an idle socket for one event-loop turn before reusing it, so a request sent
      // right after the previous answer may open a second socket; never more
      expect(connections).toBeGreaterThanOrEqual(1);
      expect(connections).toBeLessThanOrEqual(2);
    } finally {
      connected.unsubscribe(onConnect);
      await c.close();
    }
  });

  it.skipIf(realServer)('reconnects after the server dropped its keep-alive sockets', async () => {
    const co = server.emulator!.coordinators[0]!;
    const c = new ArangoClient({ hosts: co.url, hostBackoff: { initial: 10, max: 20 } });
    try {
      const db = await c.db('_system', { username: server.username, password: server.password });
      await db.cluster.serverId();
      await co.stop();
      await co.start();
      expect(typeof (await db.cluster.serverId())).toBe('string');
    } finally {
      await c.close();
    }
  });
});

describe.skipIf(realServer)('TLS', () => {
  let dir: string;
  let proxy: TlsServer;
  let proxyUrl: string;
  let ca: string;
  let opensslAvailable = true;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'arangots-tls-'));
    try {
      execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
    } catch {
      opensslAvailable = false;
      return;
    }
    ca = readFileSync(join(dir, 'cert.pem'), 'utf8');
    // A TLS terminator in front of the first emulator coordinator (as a load balancer would be).
    const target = new URL(server.urls[0] as string);
    proxy = createTlsServer({ key: readFileSync(join(dir, 'key.pem')), cert: ca }, (socket) => {
      const upstream = netConnect(Number(target.port), target.hostname);
      socket.pipe(upstream).pipe(socket);
      socket.on('error', () => upstream.destroy());
      upstream.on('error', () => socket.destroy());
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const address = proxy.address();
    proxyUrl = `https://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
  });

  afterAll(async () => {
    if (proxy !== undefined) await new Promise<void>((resolve) => proxy.close(() => resolve()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('trusts a CA given in tls.ca', async (ctx) => {
    if (!opensslAvailable) ctx.skip();
    const c = new ArangoClient({ hosts: proxyUrl, tls: { ca } });
    try {
      const db = await c.db('_system', { username: server.username, password: server.password });
      expect(typeof (await db.cluster.serverId())).toBe('string');
    } finally {
      await c.close();
    }
  });

  it('refuses an unknown certificate by default, and accepts it with rejectUnauthorized: false', async (ctx) => {
    if (!opensslAvailable) ctx.skip();
    const strict = new ArangoClient({ hosts: proxyUrl, hostBackoff: { initial: 5, max: 10 } });
    try {
      const db = await strict.db('_system', { username: server.username, password: server.password });
      const err = await db.cluster.serverId().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(NoHostAvailableError);
      expect((err as NoHostAvailableError).attempts[0]?.reason).toMatch(/self-signed|SELF_SIGNED|certificate/i);
    } finally {
      await strict.close();
    }
    const lax = new ArangoClient({ hosts: proxyUrl, tls: { rejectUnauthorized: false } });
    try {
      const db = await lax.db('_system', { username: server.username, password: server.password });
      expect(typeof (await db.cluster.serverId())).toBe('string');
    } finally {
      await lax.close();
    }
  });
});
