/**
 * Smaller 3.12 server behaviours clients rely on (issue 19 items 2, 13, 15; sources re-read), as raw requests
 * through the driver so they run against ARANGO_URL too.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { ArangoServerError, type Database } from 'arangots';
import { useTestDatabase } from './helpers/database.js';
import { uniqueName } from './helpers/server.js';

const ctx = useTestDatabase('details');

/** Jobs belong to the coordinator that queued them: every job request goes to the first one. */
async function send<T>(db: Database, method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; body: T; headers: Record<string, unknown> }> {
  const hostId = new URL(ctx.server.urls[0] ?? '').origin;
  const res = await db.request<T>({ method: method as 'GET', path, hostId, ...(body === undefined ? {} : { body }), ...(headers ? { headers } : {}), allowStatus: [202, 204, 400, 404] });
  return { status: res.status, body: res.body, headers: res.headers as Record<string, unknown> };
}

beforeAll(async () => {
  await ctx.db.createCollection('imports');
});

describe('import', () => {
  it('a final line ending (LF or CRLF) is not an empty line', async () => {
    for (const text of ['{"_key":"a"}\r\n{"_key":"b"}\r\n', '{"_key":"c"}\n{"_key":"d"}\n']) {
      const res = await ctx.db.request<{ created: number; empty: number; errors: number }>({
        method: 'POST',
        path: '/_api/import?collection=imports&type=documents',
        rawBody: text,
        contentType: 'text/plain; charset=utf-8',
      });
      expect(res.body).toMatchObject({ created: 2, empty: 0, errors: 0 });
    }
    // an empty line in the middle still counts as one
    const mid = await ctx.db.request<{ created: number; empty: number }>({
      method: 'POST',
      path: '/_api/import?collection=imports&type=documents',
      rawBody: '{"_key":"e"}\n\n{"_key":"f"}\n',
      contentType: 'text/plain; charset=utf-8',
    });
    expect(mid.body).toMatchObject({ created: 2, empty: 1 });
  });
});

describe('users', () => {
  // RestUsersHandler's StoreUser (3.12 source): PATCH replaces `extra` with a non-empty object and
  // keeps it otherwise; PUT makes a new record, so `extra` is exactly what was sent.
  it('PATCH replaces extra when it is a non-empty object and keeps it otherwise; PUT replaces it', async () => {
    const user = uniqueName('u');
    await ctx.sys.request({ method: 'POST', path: '/_api/user', body: { user, passwd: 'pw', extra: { a: 1, nested: { x: 1 } } } });
    try {
      const patch = (body: unknown) => ctx.sys.request<{ extra: Record<string, unknown> }>({ method: 'PATCH', path: `/_api/user/${encodeURIComponent(user)}`, body });
      expect((await patch({ active: true })).body.extra).toEqual({ a: 1, nested: { x: 1 } });
      expect((await patch({ extra: {} })).body.extra).toEqual({ a: 1, nested: { x: 1 } });
      expect((await patch({ extra: { b: 2, nested: { y: 2 } } })).body.extra).toEqual({ b: 2, nested: { y: 2 } });
      const replaced = await ctx.sys.request<{ extra: Record<string, unknown> }>({ method: 'PUT', path: `/_api/user/${encodeURIComponent(user)}`, body: { passwd: 'pw', extra: { c: 3 } } });
      expect(replaced.body.extra).toEqual({ c: 3 });
      const bare = await ctx.sys.request<{ extra: Record<string, unknown> }>({ method: 'PUT', path: `/_api/user/${encodeURIComponent(user)}`, body: { passwd: 'pw' } });
      expect(bare.body.extra).toEqual({});
    } finally {
      await ctx.sys.request({ method: 'DELETE', path: `/_api/user/${encodeURIComponent(user)}`, allowStatus: [404] });
    }
  });
});

describe('async jobs', () => {
  it('GET /_api/job/{unknown type} is a bad parameter (400); an unknown numeric id 404', async () => {
    const bad = await send<{ errorNum: number }>(ctx.db, 'GET', '/_api/job/sometype');
    expect(bad.status).toBe(400);
    const unknown = await send<{ errorNum: number }>(ctx.db, 'GET', '/_api/job/123456789');
    expect(unknown.status).toBe(404);
  });

  it('DELETE /_api/job/expired removes pending jobs older than the stamp too', async () => {
    const started = await send<unknown>(ctx.db, 'POST', '/_api/cursor', { query: 'RETURN SLEEP(2)' }, { 'x-arango-async': 'store' });
    expect(started.status).toBe(202);
    const id = String(started.headers['x-arango-async-id']);
    expect((await send<unknown>(ctx.db, 'GET', `/_api/job/${id}`)).status).toBe(204);
    const stamp = Date.now() / 1000 + 1;
    const removed = await send<{ result: boolean }>(ctx.db, 'DELETE', `/_api/job/expired?stamp=${stamp}`);
    expect(removed.body).toMatchObject({ result: true });
    const after = await send<unknown>(ctx.db, 'GET', `/_api/job/${id}`).catch((e: unknown) => e);
    expect(after instanceof ArangoServerError ? after.httpCode : (after as { status: number }).status).toBe(404);
  });

  it('a finished job counts from its end: a stamp between its start and its end keeps it (AsyncJobManager::finishAsyncJob)', async () => {
    const serverTime = async (): Promise<number> => (await send<{ time: number }>(ctx.db, 'GET', '/_admin/time')).body.time;
    const started = await send<unknown>(ctx.db, 'POST', '/_api/cursor', { query: 'RETURN SLEEP(1)' }, { 'x-arango-async': 'store' });
    const id = String(started.headers['x-arango-async-id']);
    const midway = (await serverTime()) + 0.2;
    let status = 204;
    for (let i = 0; i < 300 && status === 204; i++) {
      await new Promise((r) => setTimeout(r, 50));
      status = (await send<unknown>(ctx.db, 'GET', `/_api/job/${id}`)).status;
    }
    expect(status).toBe(200);
    await send(ctx.db, 'DELETE', `/_api/job/expired?stamp=${midway}`);
    expect((await send<unknown>(ctx.db, 'GET', `/_api/job/${id}`)).status).toBe(200);
    await send(ctx.db, 'DELETE', `/_api/job/${id}`);
  });
});

describe('query timings', () => {
  it('executionTime and profile phases have sub-millisecond precision (never 0 for a query that ran)', async () => {
    const cursor = await ctx.db.aql.execute('FOR i IN 1..10 RETURN i', { profile: true });
    await cursor.all();
    const time = cursor.extra.stats?.executionTime ?? 0;
    expect(time).toBeGreaterThan(0);
    expect(time).toBeLessThan(30);
    const profile = cursor.extra.profile as Record<string, number> | undefined;
    expect(profile?.parsing ?? 0).toBeGreaterThan(0);
  });
});
