import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArangoClient, ArangoClientError, ArangoServerError, errors, type Database } from 'arangots';
import { startTestServer, realServer, uniqueName, type TestServer } from './helpers/server.js';

let server: TestServer;
let client: ArangoClient;
let system: Database;
let db: Database;

beforeAll(async () => {
  server = await startTestServer();
  client = new ArangoClient({ hosts: server.urls });
  system = await client.db('_system', { username: server.username, password: server.password });
  db = await system.createDatabase(uniqueName('foxx'));
});

afterAll(async () => {
  await system?.dropDatabase(db.name, { ignoreMissing: true });
  await client?.close();
  await server?.close();
});

async function failure(p: Promise<unknown>): Promise<ArangoServerError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ArangoServerError);
  return err as ArangoServerError;
}

describe('Foxx service management', () => {
  it('lists the installed services', async () => {
    const services = await db.foxx.services(true);
    expect(Array.isArray(services)).toBe(true);
  });

  it('an unknown mount is 400 / ERROR_SERVICE_NOT_FOUND; the mount travels as a query parameter', async () => {
    const err = await failure(db.foxx.service('/no/such/service'));
    expect(err.httpCode).toBe(400);
    expect(err.errorNum).toBe(errors.ERROR_SERVICE_NOT_FOUND);
    expect(err.errorMessage).toContain('/no/such/service');
    for (const call of [
      () => db.foxx.config('/none'),
      () => db.foxx.dependencies('/none'),
      () => db.foxx.scripts('/none'),
      () => db.foxx.readme('/none'),
      () => db.foxx.swagger('/none'),
      () => db.foxx.download('/none'),
    ]) {
      expect((await failure(call())).errorNum).toBe(errors.ERROR_SERVICE_NOT_FOUND);
    }
  });

  it.skipIf(realServer)('installing code is refused by the emulator with 403 / ERROR_SERVICE_API_DISABLED', async () => {
    for (const call of [
      () => db.foxx.createService('/svc', { source: 'https://example.com/service.zip' }, { development: true }),
      () => db.foxx.createService('/svc', { zip: new Uint8Array([0x50, 0x4b, 0x03, 0x04]) }),
      () => db.foxx.createService('/svc', { javascript: 'module.exports = {};' }),
      () => db.foxx.replaceService('/svc', { source: '/tmp/svc' }, { force: true }),
      () => db.foxx.updateService('/svc', { source: '/tmp/svc' }),
      () => db.foxx.updateConfig('/svc', { a: 1 }),
      () => db.foxx.replaceDependencies('/svc', { dep: '/other' }),
      () => db.foxx.runScript('/svc', 'setup'),
      () => db.foxx.runTests('/svc', { reporter: 'suite' }),
      () => db.foxx.enableDevelopment('/svc'),
    ]) {
      const err = await failure(call());
      expect(err.httpCode).toBe(403);
      expect(err.errorNum).toBe(errors.ERROR_SERVICE_API_DISABLED);
    }
  });

  it('commit is accepted', async () => {
    await db.foxx.commit(false);
  });

  it('refuses bad mounts and sources before sending', async () => {
    await expect(db.foxx.service('no-slash')).rejects.toBeInstanceOf(ArangoClientError);
    await expect(db.foxx.createService('/svc', {} as never)).rejects.toBeInstanceOf(ArangoClientError);
    await expect(db.foxx.runScript('/svc', '')).rejects.toBeInstanceOf(ArangoClientError);
  });
});
