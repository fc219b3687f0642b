/**
 * AQL resource limits as the driver sees them, against the emulator or a real server
 * (ARANGO_URL): ranges too big to build, a query over its memoryLimit, too deep nesting, and
 * a CPU-bound query stopped by maxRuntime or by kill().
 */
import { describe, expect, it } from 'vitest';
import { ArangoServerError, errors } from 'arangots';
import { realServer } from './helpers/server.js';
import { serverError, useTestDatabase } from './helpers/database.js';

const ctx = useTestDatabase('aqllimits', { coordinators: 2 });

describe('AQL resource limits', () => {
  it('a range past 10 million values cannot be built (400 / 1504); its length and a FOR over it can', async () => {
    for (const query of ['RETURN RANGE(1, 10, 1e-300)', 'RETURN 1..20000000']) {
      const err = await serverError(ctx.db.aql.execute(query));
      expect([err.httpCode, err.errorNum]).toEqual([400, errors.ERROR_QUERY_NUMBER_OUT_OF_RANGE]);
    }
    expect(await (await ctx.db.aql.execute('RETURN LENGTH(1..20000000)')).all()).toEqual([20000000]);
    expect(await (await ctx.db.aql.execute('FOR i IN 1..20000000 LIMIT 2 RETURN i')).all()).toEqual([1, 2]);
  });

  it('a query over its memoryLimit fails with 500 / 32', async () => {
    const err = await serverError(ctx.db.aql.execute('FOR i IN 1..100000 SORT i RETURN i', { memoryLimit: 100000 }));
    expect([err.httpCode, err.errorNum]).toEqual([500, errors.ERROR_RESOURCE_LIMIT]);
  });

  it('too deep nesting is a 400 query error, not a crash', async () => {
    const err = await serverError(ctx.db.aql.execute(`RETURN 0${' + 1'.repeat(600)}`));
    expect(err.httpCode).toBe(400);
    expect(err.errorNum).toBe(errors.ERROR_QUERY_TOO_MUCH_NESTING);
    const not = await serverError(ctx.db.aql.execute(`RETURN ${'NOT '.repeat(30000)}true`));
    expect(not.httpCode).toBe(400);
    // ArangoDB's grammar may run out of parser stack first (1501); the emulator counts the depth (1524)
    expect(realServer ? [errors.ERROR_QUERY_PARSE, errors.ERROR_QUERY_TOO_MUCH_NESTING] : [errors.ERROR_QUERY_TOO_MUCH_NESTING]).toContain(not.errorNum);
  });

  it('maxRuntime stops a CPU-bound query with 410 / 1500', async () => {
    const started = Date.now();
    const err = await serverError(ctx.db.aql.execute('LET n = LENGTH((FOR i IN 1..1000000000 FILTER i < 0 RETURN i)) RETURN n', { maxRuntime: 1 }));
    expect([err.httpCode, err.errorNum]).toEqual([410, errors.ERROR_QUERY_KILLED]);
    expect(Date.now() - started).toBeLessThan(30_000);
  });

  it('kill() stops a CPU-bound query, which fails with 1500', async () => {
    await ctx.db.aql.setTracking({ enabled: true });
    const text = 'FOR i IN 1..1000000000 FOR j IN 1..10 FILTER i < 0 RETURN i';
    const settled = ctx.db.aql.execute(text).then(() => undefined, (e: unknown) => e);
    let id: string | undefined;
    for (let i = 0; i < 200 && id === undefined; i++) {
      await new Promise((r) => setTimeout(r, 50));
      id = (await ctx.db.aql.queries()).find((q) => q.query === text)?.id;
    }
    expect(id).toBeDefined();
    await ctx.db.aql.kill(id ?? '');
    const err = await settled;
    expect(err).toBeInstanceOf(ArangoServerError);
    expect((err as ArangoServerError).errorNum).toBe(errors.ERROR_QUERY_KILLED);
  });
});
