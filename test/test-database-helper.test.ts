import { describe, expect, it } from 'vitest';
import { ArangoClientError, ArangoServerError } from 'arangots';
import { serverError, useTestDatabase } from './helpers/database.js';

const ctx = useTestDatabase('helper');
// Read at module level, before beforeAll ran: the helper must say so rather than hand out undefined.
const early = ((): unknown => {
  try {
    return ctx.db;
  } catch (e: unknown) {
    return e;
  }
})();

describe('useTestDatabase', () => {
  it('refuses reads before beforeAll ran, naming the field', () => {
    expect(early).toBeInstanceOf(Error);
    expect((early as Error).message).toMatch(/useTestDatabase\('helper'\): db is not set up/);
  });

  it('hands out a fresh database on the test server, logged in through _system', async () => {
    expect(ctx.db.name).toMatch(/^helper_/);
    expect(await ctx.sys.hasDatabase(ctx.db.name)).toBe(true);
    expect(ctx.client.hosts().length).toBe(ctx.server.urls.length);
    expect(ctx.started().db?.name).toBe(ctx.db.name);
  });

  it('serverError returns the server error and fails on anything else', async () => {
    const err = await serverError(ctx.db.collection('missing').properties());
    expect(err).toBeInstanceOf(ArangoServerError);
    expect(err.httpCode).toBe(404);
    await expect(serverError(Promise.resolve(1))).rejects.toThrow();
    await expect(serverError(Promise.reject(new ArangoClientError('local')))).rejects.toThrow();
  });
});
