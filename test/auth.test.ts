import { inspect } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startCluster, type EmulatorCluster } from 'arangots-emulator';
import { ArangoClient, ArangoServerError, NetworkError, NoHostAvailableError, TimeoutError } from 'arangots';
import { realServer, startTestServer, type TestServer } from './helpers/server.js';
import { recordingHttpClient } from './helpers/recording-http.js';

let server: TestServer;
let open: ArangoClient[] = [];

beforeAll(async () => {
  server = await startTestServer({ coordinators: 3 });
});
afterEach(async () => {
  await Promise.all(open.map((c) => c.close()));
  open = [];
});
afterAll(async () => {
  await server.close();
});

function track(c: ArangoClient): ArangoClient {
  open.push(c);
  return c;
}

/** Everything an application could print or ship about an error, cause chain included. */
export function everythingAbout(err: unknown): string {
  const parts: string[] = [inspect(err, { depth: 10, showHidden: true })];
  let current: unknown = err;
  for (let i = 0; i < 10 && current !== undefined && current !== null; i++) {
    if (current instanceof Error) {
      parts.push(current.message, String(current), current.stack ?? '', JSON.stringify(current), JSON.stringify(Object.entries(current)));
      current = current.cause;
    } else {
      parts.push(String(current), JSON.stringify(current) ?? '');
      break;
    }
  }
  return parts.join('\n');
}

function expectFreeOf(err: unknown, secrets: readonly string[]): void {
  const text = everythingAbout(err);
  for (const secret of secrets) expect(text).not.toContain(secret);
}

describe('basic auth', () => {
  it('works with the right password', async () => {
    const c = track(new ArangoClient({ hosts: server.urls }));
    const db = await c.db('_system', { username: server.username, password: server.password });
    expect(typeof (await db.cluster.serverId())).toBe('string');
  });

  it('a wrong password gives a 401 ArangoServerError free of the password everywhere', async () => {
    const password = 'Wr0ng-Passw0rd-Secret';
    const c = track(new ArangoClient({ hosts: server.urls }));
    const db = await c.db('_system', { username: server.username, password });
    const err = await db.cluster.serverId().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ArangoServerError);
    const e = err as ArangoServerError;
    expect(e.httpCode).toBe(401);
    expect(e.errorNum).toBe(11);
    expect(e.method).toBe('GET');
    expect(e.url).toMatch(/\/_db\/_system\/_admin\/server\/id$/);
    expect(e.response.headers['www-authenticate']).toBeUndefined();
    const basic = Buffer.from(`${server.username}:${password}`).toString('base64');
    expectFreeOf(err, [password, basic, 'Basic ']);
  });

  it('network failures and timeouts carry no credential either', async () => {
    const password = 'An0ther-Secret-Pw';
    const basic = Buffer.from(`${server.username}:${password}`).toString('base64');
    // a port nobody listens on: refused everywhere
    const dead = track(new ArangoClient({ hosts: 'http://127.0.0.1:1', hostBackoff: { initial: 5, max: 10 } }));
    const deadDb = await dead.db('_system', { username: server.username, password });
    const refused = await deadDb.cluster.serverId().catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(NoHostAvailableError);
    expect((refused as NoHostAvailableError).attempts.length).toBe(3);
    expect((refused as NoHostAvailableError).cause).toBeInstanceOf(NetworkError);
    expect(((refused as NoHostAvailableError).cause as NetworkError).errno).toBe('ECONNREFUSED');
    expectFreeOf(refused, [password, basic]);

    const write = await deadDb.request({ method: 'POST', path: '/_api/document/x', body: { password } }).catch((e: unknown) => e);
    expect(write).toBeInstanceOf(NoHostAvailableError);
    expectFreeOf(write, [password, basic]);

    if (!realServer) {
      const slow = server.emulator!.coordinators;
      for (const co of slow) co.setLatency(1_000);
      try {
        const c = track(new ArangoClient({ hosts: server.urls }));
        const db = await c.db('_system', { username: server.username, password: server.password });
        const timedOut = await db.cluster.serverId({ timeout: 30 }).catch((e: unknown) => e);
        expect(timedOut).toBeInstanceOf(TimeoutError);
        const serverBasic = Buffer.from(`${server.username}:${server.password}`).toString('base64');
        expectFreeOf(timedOut, [server.password, serverBasic]);
      } finally {
        for (const co of slow) co.setLatency(0);
      }
    }
  });

  // Stops a coordinator of the emulator mid-request.
  it.skipIf(realServer)('a reset connection reports a NetworkError free of credentials', async () => {
    const co = server.emulator!.coordinators[0]!;
    co.setLatency(10_000);
    const c = track(new ArangoClient({ hosts: co.url }));
    const db = await c.db('_system', { username: server.username, password: server.password });
    const before = co.traffic.requests;
    const pending = db.request({ method: 'POST', path: '/_api/cursor', body: { query: 'RETURN 1' } }).catch((e: unknown) => e);
    // stop only once the coordinator has read the request: a stop before that is a plain refusal
    await vi.waitUntil(() => co.traffic.requests > before, { timeout: 20_000, interval: 5 });
    await co.stop();
    const err = await pending;
    co.setLatency(0);
    await co.start();
    expect(err).toBeInstanceOf(NetworkError);
    expect((err as NetworkError).mayHaveBeenApplied).toBe(true);
    expectFreeOf(err, [server.password, Buffer.from(`${server.username}:${server.password}`).toString('base64')]);
  });
});

describe('JWT sessions', () => {
  it('logs in with /_open/auth once and sends the bearer token', async () => {
    const rec = recordingHttpClient();
    const c = track(new ArangoClient({ hosts: server.urls, httpClient: rec.factory }));
    const db = await c.db('_system', { authMethod: 'jwt', username: server.username, password: server.password });
    for (let i = 0; i < 3; i++) await db.cluster.serverId();
    const logins = rec.log.filter((x) => x.path === '/_open/auth');
    expect(logins).toHaveLength(1);
    expect(logins[0]?.method).toBe('POST');
    const calls = rec.log.filter((x) => x.path.endsWith('/_admin/server/id'));
    expect(calls).toHaveLength(3);
    for (const call of calls) {
      expect(call.headers.authorization).toMatch(/^bearer [\w-]+\.[\w-]+\.[\w-]+$/);
      expect(call.status).toBe(200);
    }
  });

  it('renews the token before it expires, from the token’s own exp', async () => {
    const rec = recordingHttpClient();
    const c = track(new ArangoClient({ hosts: server.urls, httpClient: rec.factory }));
    // A margin longer than the server's token lifetime: every token is "about to expire" at once.
    const db = await c.db('_system', { authMethod: 'jwt', username: server.username, password: server.password, refreshMargin: 48 * 3600_000 });
    await db.cluster.serverId();
    await db.cluster.serverId();
    await vi.waitUntil(() => rec.log.filter((x) => x.path === '/_open/auth').length >= 2, { timeout: 20_000, interval: 10 });
    await db.cluster.serverId();
    // background renewals may still be on the wire
    await vi.waitUntil(() => rec.log.every((x) => x.status !== undefined), { timeout: 20_000, interval: 10 });
    const logins = rec.log.filter((x) => x.path === '/_open/auth');
    expect(logins.length).toBeGreaterThanOrEqual(2);
    // renewal happened ahead of time: no request was ever refused
    expect(rec.log.map((x) => x.status)).toEqual(rec.log.map(() => 200));
    const tokens = new Set(rec.log.filter((x) => x.path.endsWith('/_admin/server/id')).map((x) => x.headers.authorization));
    expect(tokens.size).toBeGreaterThanOrEqual(1);
  });

  it('renews once after a 401 with errorNum 11 and re-sends the request', async () => {
    const rec = recordingHttpClient();
    const c = track(new ArangoClient({ hosts: server.urls, httpClient: rec.factory }));
    const db = await c.db('_system', { authMethod: 'jwt', username: server.username, password: server.password });
    await db.cluster.serverId();
    // the server stops accepting the current token (as after a secret rotation or a session expiry)
    let corrupted = false;
    rec.rewrite = (req) => {
      if (req.path.endsWith('/_admin/server/role') && !corrupted) {
        corrupted = true;
        req.headers.authorization = `${req.headers.authorization ?? ''}x`;
      }
    };
    expect(await db.cluster.serverRole()).toBe('COORDINATOR');
    const tail = rec.log.slice(-3).map((x) => `${x.method} ${x.path.replace(/^\/_db\/_system/, '')} ${x.status}`);
    expect(tail).toEqual(['GET /_admin/server/role 401', 'POST /_open/auth 200', 'GET /_admin/server/role 200']);
  });

  it('does not loop when the renewed token is refused too', async () => {
    const rec = recordingHttpClient();
    const c = track(new ArangoClient({ hosts: server.urls, httpClient: rec.factory }));
    const db = await c.db('_system', { authMethod: 'jwt', username: server.username, password: server.password });
    rec.rewrite = (req) => {
      if (req.path.endsWith('/_admin/server/role')) req.headers.authorization = 'bearer not.a.token';
    };
    await expect(db.cluster.serverRole()).rejects.toMatchObject({ httpCode: 401, errorNum: 11 });
    expect(rec.log.filter((x) => x.path.endsWith('/_admin/server/role'))).toHaveLength(2);
  });

  it('a wrong password fails the login with a 401 free of the password', async () => {
    const password = 'Jwt-Wr0ng-Secret';
    const c = track(new ArangoClient({ hosts: server.urls }));
    const db = await c.db('_system', { authMethod: 'jwt', username: server.username, password });
    const err = await db.cluster.serverId().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ArangoServerError);
    expect((err as ArangoServerError).httpCode).toBe(401);
    expectFreeOf(err, [password]);
    // verify: true surfaces it at db()
    await expect(c.db('_system', { authMethod: 'jwt', username: server.username, password, verify: true })).rejects.toMatchObject({ httpCode: 401 });
  });
});

describe('tokens', () => {
  it('superuserToken makes an HS256 JWT with ArangoDB’s claims', () => {
    const token = ArangoClient.superuserToken('s3cret', { serverId: 'myclient', exp: 2_000_000_000 });
    const [header, payload, signature] = token.split('.');
    expect(JSON.parse(Buffer.from(header!, 'base64url').toString())).toEqual({ alg: 'HS256', typ: 'JWT' });
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString()) as Record<string, unknown>;
    expect(claims).toMatchObject({ iss: 'arangodb', server_id: 'myclient', exp: 2_000_000_000 });
    expect(claims.iat).toBeTypeOf('number');
    expect(signature).toMatch(/^[\w-]{43}$/);
    expect(() => ArangoClient.superuserToken('')).toThrow(/secret/);
  });

  describe.skipIf(realServer)('against a server with a JWT secret', () => {
    let emulator: EmulatorCluster;
    const secret = 'emulator-jwt-secret-for-tests';
    beforeAll(async () => {
      emulator = await startCluster({ coordinators: 2, rootPassword: 'pw-unused', jwtSecret: secret, port: 0 });
    });
    afterAll(async () => {
      await emulator.close();
    });

    it('a superuser token signed with the secret is accepted', async () => {
      const c = track(new ArangoClient({ hosts: emulator.urls }));
      const db = await c.db('_system', { token: ArangoClient.superuserToken(secret), verify: true });
      expect(await db.cluster.serverRole()).toBe('COORDINATOR');
    });

    it('a token signed with another secret is refused, and never echoed', async () => {
      const token = ArangoClient.superuserToken('not-the-secret');
      const c = track(new ArangoClient({ hosts: emulator.urls }));
      const err = await c.db('_system', { token, verify: true }).catch((e: unknown) => e);
      expect(err).toMatchObject({ httpCode: 401, errorNum: 11 });
      expectFreeOf(err, [token, token.split('.')[2]!]);
    });

    it('an expired superuser token is refused', async () => {
      const c = track(new ArangoClient({ hosts: emulator.urls }));
      const token = ArangoClient.superuserToken(secret, { exp: Math.floor(Date.now() / 1000) - 10 });
      await expect(c.db('_system', { token, verify: true })).rejects.toMatchObject({ httpCode: 401 });
    });
  });
});
