import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArangoClient, ArangoClientError, ArangoServerError, errors, type Database } from 'arangots';
import { startTestServer, uniqueName, type TestServer } from './helpers/server.js';

let server: TestServer;
let root: ArangoClient;
let system: Database;
let db: Database;
const userClients: ArangoClient[] = [];
const alice = uniqueName('alice');
const bob = uniqueName('bob');

async function as(username: string, password: string, database: string): Promise<Database> {
  const c = new ArangoClient({ hosts: server.urls });
  userClients.push(c);
  return c.db(database, { username, password });
}

async function failure(p: Promise<unknown>): Promise<ArangoServerError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ArangoServerError);
  return err as ArangoServerError;
}

beforeAll(async () => {
  server = await startTestServer();
  root = new ArangoClient({ hosts: server.urls });
  system = await root.db('_system', { username: server.username, password: server.password });
  db = await system.createDatabase(uniqueName('users'));
  await db.createCollection('notes');
  await db.createCollection('secrets');
});

afterAll(async () => {
  await system?.users.delete(alice, { ignoreMissing: true });
  await system?.users.delete(bob, { ignoreMissing: true });
  await system?.dropDatabase(db.name, { ignoreMissing: true });
  for (const c of userClients) await c.close();
  await root?.close();
  await server?.close();
});

describe('user accounts', () => {
  it('creates, reads, lists, updates and replaces users', async () => {
    const created = await system.users.create({ username: alice, password: 'pw-alice', extra: { team: 'a' } });
    expect(created).toEqual({ user: alice, active: true, extra: { team: 'a' } });
    expect(await system.users.has(alice)).toBe(true);
    expect((await system.users.get(alice)).extra).toEqual({ team: 'a' });
    expect((await system.users.list()).map((u) => u.user)).toEqual(expect.arrayContaining(['root', alice]));

    const updated = await system.users.update(alice, { extra: { team: 'b' } });
    expect(updated.extra).toEqual({ team: 'b' });
    const replaced = await system.users.replace(alice, { passwd: 'pw-alice', active: true });
    expect(replaced.extra).toEqual({});
  });

  it('a duplicate user is 409 / ERROR_USER_DUPLICATE; a missing one 404 / ERROR_USER_NOT_FOUND', async () => {
    expect((await failure(system.users.create({ user: alice }))).errorNum).toBe(errors.ERROR_USER_DUPLICATE);
    const missing = await failure(system.users.get('nobody-here'));
    expect(missing.httpCode).toBe(404);
    expect(missing.errorNum).toBe(errors.ERROR_USER_NOT_FOUND);
    expect(await system.users.has('nobody-here')).toBe(false);
    expect(await system.users.delete('nobody-here', { ignoreMissing: true })).toBe(false);
  });

  it('refuses bad input before sending, without echoing passwords', async () => {
    await expect(system.users.create({})).rejects.toBeInstanceOf(ArangoClientError);
    const err = await system.users.create({ user: 'x', passwd: 'secret-1', password: 'secret-2' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ArangoClientError);
    expect(String((err as Error).message)).not.toMatch(/secret/);
    await expect(system.users.grant(alice, db.name, 'write' as 'rw')).rejects.toBeInstanceOf(ArangoClientError);
  });
});

describe('permissions', () => {
  it('grants, reads and resets database and collection levels', async () => {
    await system.users.grant(alice, db.name, 'rw');
    await system.users.grant(alice, db.name, 'secrets', 'none');
    expect(await system.users.permission(alice, db.name)).toBe('rw');
    expect(await system.users.permission(alice, db.name, 'secrets')).toBe('none');
    const levels = await system.users.permissions(alice);
    expect(levels[db.name]).toBe('rw');
    const full = await system.users.permissions(alice, { full: true });
    expect(full[db.name]?.collections?.secrets).toBe('none');

    await system.users.grant(alice, db.name, 'notes', 'ro');
    expect(await system.users.permission(alice, db.name, 'notes')).toBe('ro');
    await system.users.resetPermission(alice, db.name, 'notes');
    expect(await system.users.permission(alice, db.name, 'notes')).not.toBe('ro');
  });

  it('the server enforces them: writes to a read-only collection are 403 / ERROR_FORBIDDEN', async () => {
    await system.users.grant(alice, db.name, 'notes', 'ro');
    const asAlice = await as(alice, 'pw-alice', db.name);
    expect(await asAlice.collection('notes').count()).toBe(0);
    const denied = await failure(asAlice.collection('notes').insert({ text: 'hi' }));
    expect(denied.httpCode).toBe(403);
    expect(denied.errorNum).toBe(errors.ERROR_FORBIDDEN);
    const hidden = await failure(asAlice.collection('secrets').count());
    expect([401, 403]).toContain(hidden.httpCode);
    expect(hidden.errorNum).toBe(errors.ERROR_FORBIDDEN);
  });

  it('a user without access to the database is refused with 401 / ERROR_FORBIDDEN', async () => {
    await system.users.create({ user: bob, passwd: 'pw-bob' });
    const asBob = await as(bob, 'pw-bob', db.name);
    const err = await failure(asBob.collection('notes').count());
    expect(err.httpCode).toBe(401);
    expect(err.errorNum).toBe(errors.ERROR_FORBIDDEN);
  });

  it('a non-admin cannot manage users (403 / ERROR_FORBIDDEN) but can read itself', async () => {
    const asBob = await as(bob, 'pw-bob', '_system');
    expect((await asBob.users.get(bob)).user).toBe(bob);
    const err = await failure(asBob.users.create({ user: uniqueName('mallory'), passwd: 'x' }));
    expect([401, 403]).toContain(err.httpCode);
    expect(err.errorNum).toBe(errors.ERROR_FORBIDDEN);
    const other = await failure(asBob.users.get(alice));
    expect([401, 403]).toContain(other.httpCode);
  });

  it('a wrong password is 401 and the error carries no credentials', async () => {
    const wrong = await as(alice, 'not-the-password', db.name);
    const err = await failure(wrong.collection('notes').count());
    expect(err.httpCode).toBe(401);
    expect(JSON.stringify(err.toJSON())).not.toContain('not-the-password');
    expect(err.message).not.toContain('not-the-password');
  });

  it('revoking the database level removes access', async () => {
    await system.users.revoke(alice, db.name);
    const asAlice = await as(alice, 'pw-alice', db.name);
    const err = await failure(asAlice.collection('notes').count());
    expect(err.httpCode).toBe(401);
  });

  it('deletes users', async () => {
    expect(await system.users.delete(bob)).toBe(true);
    expect(await system.users.has(bob)).toBe(false);
  });
});

describe('access tokens (3.12)', () => {
  let supported = false;
  beforeAll(async () => {
    supported = await system.users.accessTokens(alice).then(
      () => true,
      (e: unknown) => !(e instanceof ArangoServerError && e.httpCode === 404 && e.errorNum === errors.ERROR_HTTP_NOT_FOUND),
    );
  });

  it('validates input before sending', async () => {
    await expect(system.users.createAccessToken(alice, { name: '', validUntil: 1 })).rejects.toBeInstanceOf(ArangoClientError);
    await expect(system.users.createAccessToken(alice, { name: 'x', validUntil: Number.NaN })).rejects.toBeInstanceOf(ArangoClientError);
    await expect(system.users.deleteAccessToken(alice, 1.5)).rejects.toBeInstanceOf(ArangoClientError);
  });

  it('creates, lists and deletes a token (skipped where the server has no token API)', async (ctx) => {
    if (!supported) ctx.skip();
    const token = await system.users.createAccessToken(alice, { name: 'ci', validUntil: Math.floor(Date.now() / 1000) + 3600 });
    expect(token.token.length).toBeGreaterThan(0);
    const listed = await system.users.accessTokens(alice);
    expect(listed.map((t) => t.name)).toContain('ci');
    expect(listed.every((t) => !('token' in t))).toBe(true);
    await system.users.deleteAccessToken(alice, token.id);
    expect((await system.users.accessTokens(alice)).map((t) => t.name)).not.toContain('ci');
  });
});
