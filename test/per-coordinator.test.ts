/**
 * What a cluster shares and what each coordinator keeps (issue 19 item 21). In 3.12 the lists of
 * running and slow queries fan out over every coordinator (RestQueryHandler: `fanout` unless
 * `local=true`), while server settings stay with the server that was asked: query tracking
 * properties, results-cache properties, log levels and structured-log parameters. Needs two
 * coordinators: against ARANGO_URL, list at least two.
 */
import { describe, expect, it } from 'vitest';
import type { Database } from 'arangots';
import { useTestDatabase } from './helpers/database.js';
import { realServer } from './helpers/server.js';

const ctx = useTestDatabase('percoord', { coordinators: 2 });
const enoughCoordinators = !realServer || (process.env.ARANGO_URL ?? '').split(',').filter((s) => s.trim() !== '').length >= 2;

function hosts(): [string, string] {
  const [a, b] = ctx.server.urls.map((u) => new URL(u).origin);
  return [a ?? '', b ?? ''];
}

async function on<T>(db: Database, host: string, method: string, path: string, body?: unknown): Promise<T> {
  const res = await db.request<T>({ method: method as 'GET', path, hostId: host, ...(body === undefined ? {} : { body }) });
  return res.body;
}

describe.skipIf(!enoughCoordinators)('per-coordinator settings and cluster-wide query lists', () => {
  it('lists slow and running queries of every coordinator, and only its own with local=true', async () => {
    const [a, b] = hosts();
    const db = ctx.db;
    const before = await on<{ slowQueryThreshold: number }>(db, a, 'GET', '/_api/query/properties');
    try {
      await on(db, a, 'PUT', '/_api/query/properties', { slowQueryThreshold: 0.05 });
      // tracking properties are the coordinator's own
      expect((await on<{ slowQueryThreshold: number }>(db, b, 'GET', '/_api/query/properties')).slowQueryThreshold).toBe(before.slowQueryThreshold);
      await db.request({ method: 'POST', path: '/_api/cursor', body: { query: 'RETURN SLEEP(0.2)' }, hostId: a });
      const everywhere = await on<{ query: string }[]>(db, b, 'GET', '/_api/query/slow');
      expect(everywhere.map((q) => q.query)).toContain('RETURN SLEEP(0.2)');
      const own = await on<{ query: string }[]>(db, b, 'GET', '/_api/query/slow?local=true');
      expect(own.map((q) => q.query)).not.toContain('RETURN SLEEP(0.2)');

      const running = db.request({ method: 'POST', path: '/_api/cursor', body: { query: 'RETURN SLEEP(3)' }, hostId: a }).catch(() => undefined);
      let seen: { id: string; query: string }[] = [];
      // a deadline, not a number of polls: on a loaded machine the query may start late
      for (const until = Date.now() + 20_000; Date.now() < until && !seen.some((q) => q.query === 'RETURN SLEEP(3)');) {
        seen = await on<{ id: string; query: string }[]>(db, b, 'GET', '/_api/query/current');
        if (!seen.some((q) => q.query === 'RETURN SLEEP(3)')) await new Promise((r) => setTimeout(r, 20));
      }
      const q = seen.find((x) => x.query === 'RETURN SLEEP(3)');
      expect(q).toBeDefined();
      expect((await on<{ query: string }[]>(db, b, 'GET', '/_api/query/current?local=true')).map((x) => x.query)).not.toContain('RETURN SLEEP(3)');
      // killing through b is forwarded to the owner
      await on(db, b, 'DELETE', `/_api/query/${q?.id ?? ''}`);
      await running;
    } finally {
      await on(db, a, 'PUT', '/_api/query/properties', { slowQueryThreshold: before.slowQueryThreshold });
    }
  });

  it('keeps results-cache properties, log levels and structured-log parameters per coordinator', async () => {
    const [a, b] = hosts();
    const sys = ctx.sys;
    const cacheBefore = await on<{ mode: string }>(sys, a, 'GET', '/_api/query-cache/properties');
    const levelsBefore = await on<Record<string, string>>(sys, a, 'GET', '/_admin/log/level');
    const structuredBefore = await on<Record<string, boolean>>(sys, a, 'GET', '/_admin/log/structured');
    const newMode = cacheBefore.mode === 'demand' ? 'off' : 'demand';
    const newLevel = levelsBefore.queries === 'DEBUG' ? 'INFO' : 'DEBUG';
    try {
      await on(sys, a, 'PUT', '/_api/query-cache/properties', { mode: newMode });
      expect((await on<{ mode: string }>(sys, a, 'GET', '/_api/query-cache/properties')).mode).toBe(newMode);
      expect((await on<{ mode: string }>(sys, b, 'GET', '/_api/query-cache/properties')).mode).not.toBe(newMode);

      await on(sys, a, 'PUT', '/_admin/log/level', { queries: newLevel });
      expect((await on<Record<string, string>>(sys, a, 'GET', '/_admin/log/level')).queries).toBe(newLevel);
      expect((await on<Record<string, string>>(sys, b, 'GET', '/_admin/log/level')).queries).not.toBe(newLevel);

      // only enabled parameters are listed (RestAdminLogHandler), each as true
      const set = await on<Record<string, boolean>>(sys, a, 'PUT', '/_admin/log/structured', { database: true, url: false });
      expect(set.database).toBe(true);
      expect(set).not.toHaveProperty('url');
      const other = await on<Record<string, boolean>>(sys, b, 'GET', '/_admin/log/structured');
      if (structuredBefore.database !== true) expect(other).not.toHaveProperty('database');
    } finally {
      await on(sys, a, 'PUT', '/_api/query-cache/properties', { mode: cacheBefore.mode });
      await on(sys, a, 'PUT', '/_admin/log/level', { queries: levelsBefore.queries ?? 'INFO' });
      await on(sys, a, 'PUT', '/_admin/log/structured', { database: structuredBefore.database === true });
    }
  });
});
