import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArangoClient, ArangoClientError, ArangoServerError, errors, type Database } from 'arangots';
import { uniqueName } from './helpers/server.js';
import { serverError, useTestDatabase } from './helpers/database.js';

const ctx = useTestDatabase('users');
const userClients: ArangoClient[] = [];
const alice = uniqueName('alice');
const bob = uniqueName('bob');

async function as(username: string, password: string, database: string): Promise<Database> {
  const c = new ArangoClient({ hosts: ctx.server.urls });
  userClients.push(c);
  return c.db(database, { username, password });
}

beforeAll(async () => {
  await ctx.db.createCollection('notes');
  await ctx.db.createCollection('secrets');
});

// Runs before the helper's afterAll (vitest runs after-hooks in reverse), so the database is still there.
afterAll(async () => {
  const { sys } = ctx.started();
  await sys?.users.delete(alice, { ignoreMissing: true });
  await sys?.users.delete(bob, { ignoreMissing: true });
  for (const c of userClients) await c.close();
});

describe('user accounts', () => {
  it('creates, reads, lists, updates and replaces users', async () => {
    const created = await ctx.sys.users.create({ username: alice, password: 'pw-alice', extra: { team: 'a' } });
    expect(created).toEqual({ user: alice, active: true, extra: { team: 'a' } });
    expect(await ctx.sys.users.has(alice)).toBe(true);
    expect((await ctx.sys.users.get(alice)).extra).toEqual({ team: 'a' });
    expect((await ctx.sys.users.list()).map((u) => u.user)).toEqual(expect.arrayContaining(['root', alice]));

    const updated = await ctx.sys.users.update(alice, { extra: { team: 'b' } });
    expect(updated.extra).toEqual({ team: 'b' });
    const replaced = await ctx.sys.users.replace(alice, { passwd: 'pw-alice', active: true });
    expect(replaced.extra).toEqual({});
  });

  it('a duplicate user is 409 / ERROR_USER_DUPLICATE; a missing one 404 / ERROR_USER_NOT_FOUND', async () => {
    expect((await serverError(ctx.sys.users.create({ user: alice }))).errorNum).toBe(errors.ERROR_USER_DUPLICATE);
    const missing = await serverError(ctx.sys.users.get('nobody-here'));
    expect(missing.httpCode).toBe(404);
    expect(missing.errorNum).toBe(errors.ERROR_USER_NOT_FOUND);
    expect(await ctx.sys.users.has('nobody-here')).toBe(false);
    expect(await ctx.sys.users.delete('nobody-here', { ignoreMissing: true })).toBe(false);
  });

  it('refuses bad input before sending, without echoing passwords', async () => {
    await expect(ctx.sys.users.create({})).rejects.toBeInstanceOf(ArangoClientError);
    const err = await ctx.sys.users.create({ user: 'x', passwd: 'secret-1', password: 'secret-2' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ArangoClientError);
    expect(String((err as Error).message)).not.toMatch(/secret/);
    await expect(ctx.sys.users.grant(alice, ctx.db.name, 'write' as 'rw')).rejects.toBeInstanceOf(ArangoClientError);
  });
});

describe('permissions', () => {
  it('grants, reads and resets database and collection levels', async () => {
    await ctx.sys.users.grant(alice, ctx.db.name, 'rw');
    await ctx.sys.users.grant(alice, ctx.db.name, 'secrets', 'none');
    expect(await ctx.sys.users.permission(alice, ctx.db.name)).toBe('rw');
    expect(await ctx.sys.users.permission(alice, ctx.db.name, 'secrets')).toBe('none');
    const levels = await ctx.sys.users.permissions(alice);
    expect(levels[ctx.db.name]).toBe('rw');
    const full = await ctx.sys.users.permissions(alice, { full: true });
    expect(full[ctx.db.name]?.collections?.secrets).toBe('none');

    await ctx.sys.users.grant(alice, ctx.db.name, 'notes', 'ro');
    expect(await ctx.sys.users.permission(alice, ctx.db.name, 'notes')).toBe('ro');
    await ctx.sys.users.resetPermission(alice, ctx.db.name, 'notes');
    expect(await ctx.sys.users.permission(alice, ctx.db.name, 'notes')).not.toBe('ro');
  });

  it('the server enforces them: writes to a read-only collection are 403 / ERROR_FORBIDDEN', async () => {
    await ctx.sys.users.grant(alice, ctx.db.name, 'notes', 'ro');
    const asAlice = await as(alice, 'pw-alice', ctx.db.name);
    expect(await asAlice.collection('notes').count()).toBe(0);
    const denied = await serverError(asAlice.collection('notes').insert({ text: 'hi' }));
    expect(denied.httpCode).toBe(403);
    expect(denied.errorNum).toBe(errors.ERROR_FORBIDDEN);
    const hidden = await serverError(asAlice.collection('secrets').count());
    expect([401, 403]).toContain(hidden.httpCode);
    expect(hidden.errorNum).toBe(errors.ERROR_FORBIDDEN);
  });

  it('a user without access to the database is refused with 401 / ERROR_FORBIDDEN', async () => {
    await ctx.sys.users.create({ user: bob, passwd: 'pw-bob' });
    const asBob = await as(bob, 'pw-bob', ctx.db.name);
    const err = await serverError(asBob.collection('notes').count());
    expect(err.httpCode).toBe(401);
    expect(err.errorNum).toBe(errors.ERROR_FORBIDDEN);
  });

  it('a non-admin cannot manage users (403 / ERROR_FORBIDDEN) but can read itself', async () => {
    const asBob = await as(bob, 'pw-bob', '_system');
    expect((await asBob.users.get(bob)).user).toBe(bob);
    const err = await serverError(asBob.users.create({ user: uniqueName('mallory'), passwd: 'x' }));
    expect([401, 403]).toContain(err.httpCode);
    expect(err.errorNum).toBe(errors.ERROR_FORBIDDEN);
    const other = await serverError(asBob.users.get(alice));
    expect([401, 403]).toContain(other.httpCode);
  });

  it('a wrong password is 401 and the error carries no credentials', async () => {
    const wrong = await as(alice, 'not-the-password', ctx.db.name);
    const err = await serverError(wrong.collection('notes').count());
    expect(err.httpCode).toBe(401);
    expect(JSON.stringify(err.toJSON())).not.toContain('not-the-password');
    expect(err.message).not.toContain('not-the-password');
  });

  it('revoking the database level removes access', async () => {
    await ctx.sys.users.revoke(alice, ctx.db.name);
    const asAlice = await as(alice, 'pw-alice', ctx.db.name);
    const err = await serverError(asAlice.collection('notes').count());
    expect(err.httpCode).toBe(401);
  });

  it('deletes users', async () => {
    expect(await ctx.sys.users.delete(bob)).toBe(true);
    expect(await ctx.sys.users.has(bob)).toBe(false);
  });
});

describe('access tokens (3.12)', () => {
  let supported = false;
  beforeAll(async () => {
    supported = await ctx.sys.users.accessTokens(alice).then(
      () => true,
      (e: unknown) => !(e instanceof ArangoServerError && e.httpCode === 404 && e.errorNum === errors.ERROR_HTTP_NOT_FOUND),
    );
  });

  it('validates input before sending', async () => {
    await expect(ctx.sys.users.createAccessToken(alice, { name: '', validUntil: 1 })).rejects.toBeInstanceOf(ArangoClientError);
    await expect(ctx.sys.users.createAccessToken(alice, { name: 'x', validUntil: Number.NaN })).rejects.toBeInstanceOf(ArangoClientError);
    await expect(ctx.sys.users.deleteAccessToken(alice, 1.5)).rejects.toBeInstanceOf(ArangoClientError);
  });

  it('creates, lists and deletes a token (skipped where the server has no token API)', async (t) => {
    if (!supported) t.skip();
    const token = await ctx.sys.users.createAccessToken(alice, { name: 'ci', validUntil: Math.floor(Date.now() / 1000) + 3600 });
    expect(token.token.length).toBeGreaterThan(0);
    const listed = await ctx.sys.users.accessTokens(alice);
    expect(listed.map((t) => t.name)).toContain('ci');
    expect(listed.every((t) => !('token' in t))).toBe(true);
    await ctx.sys.users.deleteAccessToken(alice, token.id);
    expect((await ctx.sys.users.accessTokens(alice)).map((t) => t.name)).not.toContain('ci');
  });

  it('without validUntil the token does not expire; an empty user name with the token acts as its owner (issue 19 items 3, 4)', async (t) => {
    if (!supported) t.skip();
    await ctx.sys.users.grant(alice, ctx.db.name, 'rw');
    const token = await ctx.sys.users.createAccessToken(alice, { name: 'forever' });
    try {
      expect(token.active).toBe(true);
      expect((await ctx.sys.users.accessTokens(alice)).find((x) => x.name === 'forever')?.active).toBe(true);
      const byToken = await as('', token.token, ctx.db.name);
      expect(await byToken.collection('notes').count()).toBeGreaterThanOrEqual(0);
      // the request acts as alice: root's token list is another user's, so 403
      const denied = await serverError(byToken.request({ method: 'GET', path: '/_api/token/root' }));
      expect(denied.httpCode).toBe(403);
    } finally {
      await ctx.sys.users.deleteAccessToken(alice, token.id);
    }
  });
});
