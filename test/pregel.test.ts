import { describe, expect, it } from 'vitest';
import { ArangoClientError, ArangoServerError, errors } from 'arangots';
import { useTestDatabase } from './helpers/database.js';

const ctx = useTestDatabase('pregel');

describe('Pregel (removed in ArangoDB 3.12)', () => {
  it('each call is sent to /_api/control_pregel and the 404 / ERROR_HTTP_NOT_FOUND is surfaced', async () => {
    const calls: [() => Promise<unknown>, string][] = [
      [() => ctx.db.pregel.createJob({ algorithm: 'pagerank', graphName: 'g', params: { maxGSS: 10, store: false } }), 'POST'],
      [() => ctx.db.pregel.job('123'), 'GET'],
      [() => ctx.db.pregel.jobs(), 'GET'],
      [() => ctx.db.pregel.deleteJob(123), 'DELETE'],
    ];
    for (const [call, method] of calls) {
      const err = await call().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(ArangoServerError);
      expect((err as ArangoServerError).httpCode).toBe(404);
      expect((err as ArangoServerError).errorNum).toBe(errors.ERROR_HTTP_NOT_FOUND);
      expect((err as ArangoServerError).method).toBe(method);
      expect((err as ArangoServerError).url).toContain('/_api/control_pregel');
    }
  });

  it('refuses an ambiguous job definition before sending', async () => {
    await expect(ctx.db.pregel.createJob({ algorithm: 'wcc' })).rejects.toBeInstanceOf(ArangoClientError);
    await expect(ctx.db.pregel.createJob({ algorithm: 'wcc', graphName: 'g', vertexCollections: ['v'], edgeCollections: ['e'] })).rejects.toBeInstanceOf(
      ArangoClientError,
    );
    await expect(ctx.db.pregel.createJob({ algorithm: 'wcc', vertexCollections: ['v'] })).rejects.toBeInstanceOf(ArangoClientError);
  });
});
