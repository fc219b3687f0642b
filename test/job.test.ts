import { describe, expect, it } from 'vitest';
import { ArangoClientError, ArangoServerError, AsyncJob, AsyncJobPendingError, TimeoutError, errors, type Collection, type Database, type DatabaseInfo } from 'arangots';
import { realServer } from './helpers/server.js';
import { useTestDatabase } from './helpers/database.js';

const ctx = useTestDatabase('job', { clientOptions: { hostResolver: 'roundrobin' } });

describe('async jobs', () => {
  it('a stored job resolves to a handle whose result is fetched later and parsed like the call', async () => {
    const adb = ctx.db.beginAsyncExecution({ returnResult: true });
    const job = await adb.properties();
    expect(job).toBeInstanceOf(AsyncJob);
    expect(job.id).toMatch(/^\d+$/);
    expect(job.hostId).toBeDefined();
    const info: DatabaseInfo = await job.wait({ pollInterval: 5 });
    expect(info.name).toBe(ctx.db.name);
    // the server hands a result out once
    const again = await job.result().catch((e: unknown) => e);
    expect(again).toBeInstanceOf(ArangoServerError);
    expect((again as ArangoServerError).httpCode).toBe(404);
  });

  it('status is done once finished; every follow-up goes to the owning coordinator', async () => {
    const adb = ctx.db.beginAsyncExecution();
    const job = await adb.cluster.serverId();
    let status = await job.status();
    for (let i = 0; i < 100 && status !== 'done'; i++) {
      await new Promise((r) => setTimeout(r, 5));
      status = await job.status();
    }
    expect(status).toBe('done');
    expect(await ctx.db.asyncJobs('done', { hostId: job.hostId ?? '' })).toContain(job.id);
    const id = await job.result();
    // serverId() names the coordinator that ran the job: the one that owns it
    const owner = await ctx.db.request({ method: 'GET', path: '/_admin/server/id', hostId: job.hostId ?? '' });
    expect(id).toBe((owner.body as { id: string }).id);
  });

  it.skipIf(realServer)('status/result/clear are sent only to the owning coordinator', async () => {
    const coords = ctx.server.emulator?.coordinators ?? [];
    const adb = ctx.db.beginAsyncExecution();
    const job = await adb.properties();
    const before = coords.map((c) => c.requestCount);
    for (let i = 0; i < 5; i++) await job.status();
    await job.wait({ pollInterval: 5 });
    const delta = coords.map((c, i) => c.requestCount - (before[i] ?? 0));
    expect(delta.filter((d) => d > 0)).toHaveLength(1);
    expect(Math.max(...delta)).toBeGreaterThanOrEqual(6);
  });

  it('collection calls become jobs too; an operation error surfaces from result()', async () => {
    const coll = await ctx.db.createCollection<{ x: number }>('jobs_c');
    const adb = ctx.db.beginAsyncExecution();
    const ins = await adb.collection<{ x: number }>('jobs_c').insert({ _key: 'one', x: 1 });
    const meta = await ins.wait({ pollInterval: 5 });
    expect(meta._key).toBe('one');
    expect((await coll.get('one'))?.x).toBe(1);
    const dup = await adb.collection<{ x: number }>('jobs_c').insert({ _key: 'one', x: 2 });
    const err = await dup.wait({ pollInterval: 5 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ArangoServerError);
    expect((err as ArangoServerError).errorNum).toBe(errors.ERROR_ARANGO_UNIQUE_CONSTRAINT_VIOLATED);
    const sum = await adb.collection('jobs_c').checksum();
    expect(await sum.wait({ pollInterval: 5 })).toBe(await coll.checksum());
    await expect((adb.collection('jobs_c') as unknown as Collection).importBulk([{ x: 1 }])).rejects.toBeInstanceOf(ArangoClientError);
    // a graceful miss keeps the call's own parse: null, not an error
    const miss = await adb.collection('jobs_c').get('absent');
    expect(await miss.wait({ pollInterval: 5 })).toBeNull();
  });

  it('fire-and-forget calls resolve to undefined and still run', async () => {
    const coll = await ctx.db.createCollection('fire');
    const fdb = ctx.db.beginAsyncExecution({ returnResult: false });
    expect(await fdb.collection('fire').insert({ _key: 'f' })).toBeUndefined();
    let found = false;
    for (let i = 0; i < 100 && !found; i++) {
      found = await coll.has('f');
      if (!found) await new Promise((r) => setTimeout(r, 5));
    }
    expect(found).toBe(true);
  });

  it('clear, cancel and listing; an unknown job is 404', async () => {
    const adb = ctx.db.beginAsyncExecution();
    const job = await adb.properties();
    await job.wait({ pollInterval: 5 }).catch(() => undefined);
    const j2 = await adb.properties();
    while ((await j2.status()) !== 'done') await new Promise((r) => setTimeout(r, 5));
    expect(await j2.clear()).toBe(true);
    expect(await j2.clear({ ignoreMissing: true })).toBe(false);
    const gone = await j2.status().catch((e: unknown) => e);
    expect((gone as ArangoServerError).httpCode).toBe(404);
    const j3 = await adb.properties();
    expect(await j3.cancel()).toBe(true);
    expect(await ctx.db.clearAsyncJobs({ hostId: j3.hostId ?? '' })).toBe(true);
    expect(await ctx.db.asyncJobs('done', { hostId: j3.hostId ?? '' })).not.toContain(j3.id);
    expect(Array.isArray(await ctx.db.asyncJobs('pending'))).toBe(true);
    const unknown = await ctx.db.job('99999999').status().catch((e: unknown) => e);
    expect((unknown as ArangoServerError).httpCode).toBe(404);
  });

  it('a job that is still running: status pending, result() throws AsyncJobPendingError', async () => {
    const adb = ctx.db.beginAsyncExecution();
    const job = await adb.request({ method: 'POST', path: '/_api/cursor', body: { query: 'RETURN SLEEP(1)' } }, (r) => r.body as { result: unknown[] });
    const status = await job.status();
    if (status === 'pending') {
      await expect(job.result()).rejects.toBeInstanceOf(AsyncJobPendingError);
      // a wait bounded by timeout gives up while the job still runs
      await expect(job.wait({ timeout: 100, pollInterval: 20 })).rejects.toBeInstanceOf(TimeoutError);
    }
    const res = await job.wait({ pollInterval: 20 }).catch((e: unknown) => e);
    // servers without SLEEP() (or AQL) answer with an error: still the job's own outcome
    if (!(res instanceof ArangoServerError)) expect((res as { result: unknown[] }).result).toEqual([null]);
  });

  it('multi-request calls are refused on an async database, before sending', async () => {
    const adb = ctx.db.beginAsyncExecution() as unknown as Database;
    await expect(adb.collection('x').all()).rejects.toBeInstanceOf(ArangoClientError);
    await expect(adb.withTransaction({ read: 'x' }, async () => 1)).rejects.toBeInstanceOf(ArangoClientError);
    expect(() => adb.beginAsyncExecution()).toThrow(ArangoClientError);
    expect(() => ctx.db.job('')).toThrow(ArangoClientError);
    await expect(ctx.db.asyncJobs('later' as 'done')).rejects.toBeInstanceOf(ArangoClientError);
  });
});
