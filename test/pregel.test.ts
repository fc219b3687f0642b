import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArangoClient, ArangoClientError, ArangoServerError, errors, type Database } from 'arangots';
import { startTestServer, uniqueName, type TestServer } from './helpers/server.js';

let server: TestServer;
let client: ArangoClient;
let system: Database;
let db: Database;

beforeAll(async () => {
  server = await startTestServer();
  client = new ArangoClient({ hosts: server.urls });
  system = await client.db('_system', { username: server.username, password: server.password });
  db = await system.createDatabase(uniqueName('pregel'));
});

afterAll(async () => {
  await system?.dropDatabase(db.name, { ignoreMissing: true });
  await client?.close();
  await server?.close();
});

describe('Pregel (removed in ArangoDB 3.12)', () => {
  it('each call is sent to /_api/control_pregel and the 404 / ERROR_HTTP_NOT_FOUND is surfaced', async () => {
    const calls: [() => Promise<unknown>, string][] = [
      [() => db.pregel.createJob({ algorithm: 'pagerank', graphName: 'g', params: { maxGSS: 10, store: false } }), 'POST'],
      [() => db.pregel.job('123'), 'GET'],
      [() => db.pregel.jobs(), 'GET'],
      [() => db.pregel.deleteJob(123), 'DELETE'],
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
    await expect(db.pregel.createJob({ algorithm: 'wcc' })).rejects.toBeInstanceOf(ArangoClientError);
    await expect(db.pregel.createJob({ algorithm: 'wcc', graphName: 'g', vertexCollections: ['v'], edgeCollections: ['e'] })).rejects.toBeInstanceOf(
      ArangoClientError,
    );
    await expect(db.pregel.createJob({ algorithm: 'wcc', vertexCollections: ['v'] })).rejects.toBeInstanceOf(ArangoClientError);
  });
});
