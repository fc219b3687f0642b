import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, signJwt, verifyJwt, type EmulatorCluster } from 'arangots-emulator';
import { call, PASSWORD } from './http.js';

const SECRET = 'emulator-test-secret';
let cluster: EmulatorCluster;
let url: string;

beforeAll(async () => {
  cluster = await startCluster({ coordinators: 2, rootPassword: PASSWORD, jwtSecret: SECRET });
  url = cluster.urls[0] as string;
});
afterAll(() => cluster.close());

function decodePayload(jwt: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
}

describe('authentication', () => {
  it('answers 401 / 11 with www-authenticate without credentials', async () => {
    const r = await call(url, 'GET', '/_api/version', { auth: null });
    expect(r.status).toBe(401);
    expect(r.json).toEqual({ error: true, code: 401, errorNum: 11, errorMessage: 'not authorized to execute this request' });
    expect(r.headers['www-authenticate']).toBe('Bearer token_type="JWT", realm="ARANGODB"');
    const omit = await call(url, 'GET', '/_api/version', { auth: null, headers: { 'x-omit-www-authenticate': 'true' } });
    expect(omit.status).toBe(401);
    expect(omit.headers['www-authenticate']).toBeUndefined();
  });

  it('answers 401 for a wrong password and never echoes it', async () => {
    const r = await call(url, 'GET', '/_api/version', { auth: ['root', 'wrong-password-xyz'] });
    expect(r.status).toBe(401);
    expect(r.json.errorNum).toBe(11);
    expect(r.text).not.toContain('wrong-password-xyz');
    expect((await call(url, 'GET', '/_api/version', { auth: ['nobody', PASSWORD] })).status).toBe(401);
  });

  it('accepts basic auth', async () => {
    expect((await call(url, 'GET', '/_api/version')).status).toBe(200);
  });

  it('leaves /_open/* and availability open', async () => {
    expect((await call(url, 'GET', '/_admin/server/availability', { auth: null })).status).toBe(200);
    const r = await call(url, 'POST', '/_open/auth', { auth: null, body: { username: 'root', password: 'nope' } });
    expect(r.status).toBe(401);
  });

  it('issues HS256 session tokens with /_open/auth, usable on every coordinator', async () => {
    const r = await call(url, 'POST', '/_open/auth', { auth: null, body: { username: 'root', password: PASSWORD } });
    expect(r.status).toBe(200);
    const jwt = r.json.jwt as string;
    const claims = decodePayload(jwt);
    expect(claims).toMatchObject({ preferred_username: 'root', iss: 'arangodb' });
    expect((claims.exp as number) - (claims.iat as number)).toBe(3600);
    expect(verifyJwt(jwt, SECRET)).not.toBeNull();
    for (const u of cluster.urls) {
      expect((await call(u, 'GET', '/_admin/server/id', { auth: jwt })).status).toBe(200);
    }
  });

  it('validates the /_open/auth body', async () => {
    const r = await call(url, 'POST', '/_open/auth', { auth: null, body: { username: 'root' } });
    expect(r.status).toBe(400);
    const bad = await call(url, 'POST', '/_open/auth', { auth: null, rawBody: '{nope' });
    expect(bad.status).toBe(400);
    expect(bad.json.errorNum).toBe(600);
  });

  it('refuses tampered, foreign, expired and issuer-less tokens', async () => {
    const now = Math.floor(Date.now() / 1000);
    const good = signJwt({ preferred_username: 'root', iss: 'arangodb', iat: now, exp: now + 60 }, SECRET);
    expect((await call(url, 'GET', '/_api/version', { auth: good })).status).toBe(200);
    const [h, p] = good.split('.');
    const tampered = `${h}.${Buffer.from(JSON.stringify({ preferred_username: 'root', iss: 'arangodb', exp: now + 999 })).toString('base64url')}.${good.split('.')[2]}`;
    expect((await call(url, 'GET', '/_api/version', { auth: tampered })).status).toBe(401);
    expect(p).toBeDefined();
    const foreign = signJwt({ preferred_username: 'root', iss: 'arangodb', exp: now + 60 }, 'other-secret');
    expect((await call(url, 'GET', '/_api/version', { auth: foreign })).status).toBe(401);
    const expired = signJwt({ preferred_username: 'root', iss: 'arangodb', iat: now - 7200, exp: now - 3600 }, SECRET);
    expect((await call(url, 'GET', '/_api/version', { auth: expired })).status).toBe(401);
    const noIss = signJwt({ preferred_username: 'root', exp: now + 60 }, SECRET);
    expect((await call(url, 'GET', '/_api/version', { auth: noIss })).status).toBe(401);
    expect((await call(url, 'GET', '/_api/version', { auth: 'not.a.jwt' })).status).toBe(401);
  });

  it('accepts superuser tokens signed with the JWT secret', async () => {
    const token = signJwt({ iss: 'arangodb', server_id: 'setup' }, SECRET);
    const r = await call(url, 'GET', '/_api/database', { auth: token });
    expect(r.status).toBe(200);
    expect(r.json.result).toContain('_system');
  });

  it('refuses inactive users', async () => {
    await call(url, 'POST', '/_api/user', { body: { user: 'sleepy', passwd: 'zz', active: false } });
    expect((await call(url, 'GET', '/_api/version', { auth: ['sleepy', 'zz'] })).status).toBe(401);
    const login = await call(url, 'POST', '/_open/auth', { auth: null, body: { username: 'sleepy', password: 'zz' } });
    expect(login.status).toBe(401);
  });
});

describe('access tokens', () => {
  it('creates, lists, uses and deletes access tokens', async () => {
    await call(url, 'POST', '/_api/user', { body: { user: 'tok', passwd: 'secret-pw' } });
    await call(url, 'PUT', '/_api/user/tok/database/_system', { body: { grant: 'ro' } });
    const validUntil = Math.floor(Date.now() / 1000) + 3600;
    const created = await call(url, 'POST', '/_api/token/tok', { auth: ['tok', 'secret-pw'], body: { name: 'ci', valid_until: validUntil } });
    expect(created.status).toBe(200);
    expect(created.json).toMatchObject({ name: 'ci', valid_until: validUntil, active: true, id: expect.any(Number) });
    const token = created.json.token as string;
    expect((await call(url, 'GET', '/_api/version', { auth: ['tok', token] })).status).toBe(200);
    const login = await call(url, 'POST', '/_open/auth', { auth: null, body: { password: token } });
    expect(decodePayload(login.json.jwt as string).preferred_username).toBe('tok');
    const list = await call(url, 'GET', '/_api/token/tok', { auth: ['tok', 'secret-pw'] });
    const tokens = list.json.tokens as Array<Record<string, unknown>>;
    expect(tokens).toHaveLength(1);
    expect(tokens[0]).not.toHaveProperty('token');
    expect(JSON.stringify(list.json)).not.toContain(token);
    expect((await call(url, 'POST', '/_api/token/tok', { auth: ['tok', 'secret-pw'], body: { name: 'ci', valid_until: validUntil } })).status).toBe(409);
    expect((await call(url, 'GET', '/_api/token/root', { auth: ['tok', 'secret-pw'] })).status).toBe(403);
    expect((await call(url, 'GET', '/_api/token/ghost')).status).toBe(404);
    expect((await call(url, 'POST', '/_api/token/tok', { body: [] })).json).toMatchObject({ code: 400, errorNum: 10 });
    await call(url, 'DELETE', `/_api/token/tok/${String(tokens[0]?.id)}`);
    expect((await call(url, 'GET', '/_api/version', { auth: ['tok', token] })).status).toBe(401);
  });

  it('without valid_until creates a token that does not expire (issue 19 item 3)', async () => {
    const created = await call(url, 'POST', '/_api/token/root', { body: { name: 'forever' } });
    expect(created.status).toBe(200);
    expect(created.json).toMatchObject({ name: 'forever', valid_until: 0, active: true });
    const token = created.json.token as string;
    // 3.12's token layout: `v1.` + hex of {e, c, u, r}; the fingerprint shows its last 6 characters.
    const inner = JSON.parse(Buffer.from(token.slice(3), 'hex').toString('utf8')) as Record<string, unknown>;
    expect(inner).toMatchObject({ e: 0, u: 'root', c: created.json.created_at });
    expect(created.json.fingerprint).toBe(`v1...${token.slice(-6)}`);
    expect((await call(url, 'GET', '/_api/version', { auth: ['root', token] })).status).toBe(200);
    await call(url, 'DELETE', `/_api/token/root/${String(created.json.id)}`);
  });

  it('basic auth with an empty user name and a token authenticates as its owner (item 4)', async () => {
    await call(url, 'POST', '/_api/user', { body: { user: 'owner4', passwd: 'pw4' } });
    await call(url, 'PUT', '/_api/user/owner4/database/_system', { body: { grant: 'ro' } });
    const created = await call(url, 'POST', '/_api/token/owner4', { body: { name: 't4', valid_until: Math.floor(Date.now() / 1000) + 600 } });
    const token = created.json.token as string;
    const who = await call(url, 'GET', '/_api/user/owner4', { auth: ['', token] });
    expect(who.status).toBe(200);
    // acting as owner4, not as root: another user's record is forbidden
    expect((await call(url, 'GET', '/_api/user/root', { auth: ['', token] })).status).toBe(403);
    // a named user must be the owner
    expect((await call(url, 'GET', '/_api/version', { auth: ['root', token] })).status).toBe(401);
    expect((await call(url, 'GET', '/_api/version', { auth: ['', 'v1.not-a-token'] })).status).toBe(401);
    expect((await call(url, 'GET', '/_api/version', { auth: ['', ''] })).status).toBe(401);
  });

  it('refuses expired access tokens', async () => {
    const past = Math.floor(Date.now() / 1000) - 10;
    const created = await call(url, 'POST', '/_api/token/root', { body: { name: 'old', valid_until: past } });
    expect(created.json.active).toBe(false);
    expect((await call(url, 'GET', '/_api/version', { auth: ['root', created.json.token as string] })).status).toBe(401);
  });
});

describe('authentication disabled', () => {
  it('serves everything without credentials and has no /_open/auth', async () => {
    const c = await startCluster({ coordinators: 1, authentication: false });
    try {
      const u = c.urls[0] as string;
      expect((await call(u, 'GET', '/_api/database', { auth: null })).status).toBe(200);
      const r = await call(u, 'POST', '/_open/auth', { auth: null, body: { username: 'root', password: '' } });
      expect(r.status).toBe(404);
    } finally {
      await c.close();
    }
  });
});
