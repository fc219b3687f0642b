import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArangoClient, ArangoClientError, ArangoServerError, errors, type Database } from 'arangots';
import { destructiveAllowed, startTestServer, uniqueName, type TestServer } from './helpers/server.js';

let server: TestServer;
let client: ArangoClient;
let userClient: ArangoClient;
let system: Database;
let db: Database;
let asUser: Database;
const username = uniqueName('plain');

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
  client = new ArangoClient({ hosts: server.urls });
  system = await client.db('_system', { username: server.username, password: server.password });
  db = await system.createDatabase(uniqueName('admin'));
  await db.createCollection('things');
  await system.users.create({ user: username, passwd: 'pw' });
  await system.users.grant(username, db.name, 'rw');
  userClient = new ArangoClient({ hosts: server.urls });
  asUser = await userClient.db(db.name, { username, password: 'pw' });
});

afterAll(async () => {
  await system?.setServerMode('default').catch(() => undefined);
  await system?.users.delete(username, { ignoreMissing: true });
  await system?.dropDatabase(db.name, { ignoreMissing: true });
  await userClient?.close();
  await client?.close();
  await server?.close();
});

describe('server information', () => {
  it('version, with and without details', async () => {
    const v = await db.version();
    expect(v.server).toBe('arango');
    expect(v.version).toMatch(/^3\.12\./);
    expect(v.details).toBeUndefined();
    const d = await db.version({ details: true });
    expect(typeof d.details?.role).toBe('string');
  });

  it('engine and status', async () => {
    expect((await db.engine()).name).toBe('rocksdb');
    const s = await db.serverStatus();
    expect(s.server).toBe('arango');
    expect(typeof s.pid).toBe('number');
    expect(['SINGLE', 'COORDINATOR']).toContain(s.serverInfo.role);
  });

  it('time is a Unix timestamp in seconds', async () => {
    const t = await db.time();
    expect(Math.abs(t - Date.now() / 1000)).toBeLessThan(3600);
  });

  it('statistics and their description', async () => {
    const stats = await db.statistics();
    expect(stats.enabled).toBe(true);
    expect(typeof stats.server.uptime).toBe('number');
    const desc = await db.statisticsDescription();
    expect(desc.groups.length).toBeGreaterThan(0);
    expect(desc.figures.every((f) => typeof f.identifier === 'string')).toBe(true);
  });

  it('metrics as text and parsed', async () => {
    const text = await db.metrics();
    expect(text).toMatch(/^# (HELP|TYPE) arangodb_/m);
    const parsed = await db.metrics({ parse: true });
    expect(parsed.length).toBeGreaterThan(0);
    for (const m of parsed) {
      expect(m.name).toMatch(/^[a-zA-Z_:][a-zA-Z0-9_:]*$/);
      expect(['counter', 'gauge', 'histogram', 'summary', 'untyped']).toContain(m.type);
    }
    // Every family of the text is in the parsed structure.
    const typed = [...text.matchAll(/^# TYPE (\S+)/gm)].map((x) => x[1]);
    expect(parsed.map((m) => m.name)).toEqual(expect.arrayContaining(typed));
  });

  it('license, deployment id, TLS, support info', async () => {
    const license = await db.license();
    expect(typeof license).toBe('object');
    expect(typeof (await db.admin.deploymentId())).toBe('string');
    const tls = await system.tls();
    expect(typeof tls).toBe('object');
    const info = await db.supportInfo();
    expect(['single', 'cluster']).toContain(info.deployment.type);
    expect(typeof info.date).toBe('string');
  });

  it('an invalid license is refused by the server; an empty one before sending', async () => {
    const err = await failure(db.setLicense('bm90IGEgbGljZW5zZQ=='));
    expect(err.httpCode).toBe(400);
    await expect(db.setLicense('')).rejects.toBeInstanceOf(ArangoClientError);
  });

  it('routing reload and compaction are accepted', async () => {
    await db.reloadRouting();
    expect(await system.compact({ changeLevel: false })).toEqual({});
  });
});

describe('logs and log levels', () => {
  it('reads, sets and resets log levels', async () => {
    const before = await system.logLevels();
    expect(typeof before.general).toBe('string');
    const after = await system.setLogLevels({ general: 'DEBUG' });
    expect(after.general).toBe('DEBUG');
    const reset = await system.resetLogLevels();
    expect(reset.general).not.toBe('DEBUG');
    const appenders = await system.logLevels({ withAppenders: true });
    expect(appenders).toHaveProperty('global');
  });

  it('log entries follow server events and filter', async () => {
    // The event logged is a switch to read-only mode, which a shared server must not see.
    if (destructiveAllowed) {
      await system.setServerMode('readonly');
      await system.setServerMode('default');
      const found = await system.logEntries({ search: 'server mode set to readonly', sort: 'desc' });
      expect(found.messages.length).toBeGreaterThan(0);
      expect(found.messages[0]?.message).toContain('server mode set to readonly');
    }
    const page = await system.logEntries({ size: 1 });
    expect(page.messages.length).toBe(1);
    expect(page.total).toBeGreaterThanOrEqual(1);
    await expect(system.logEntries({ upto: 'info', level: 'info' })).rejects.toBeInstanceOf(ArangoClientError);
  });

  it('log APIs need administrate rights: 403 / ERROR_FORBIDDEN for a plain user', async () => {
    const err = await failure(asUser.logEntries());
    expect([401, 403]).toContain(err.httpCode);
    expect(err.errorNum).toBe(errors.ERROR_FORBIDDEN);
  });
});

describe('server mode', () => {
  // Makes the whole deployment read-only for a moment.
  it.skipIf(!destructiveAllowed)('read-only mode refuses writes with 403 / ERROR_ARANGO_READ_ONLY and is reported', async () => {
    expect(await db.serverMode()).toBe('default');
    expect(await system.setServerMode('readonly')).toBe('readonly');
    try {
      expect(await db.serverMode()).toBe('readonly');
      const availability = await db.availability();
      // ArangoDB 3.12 answers 503 in read-only mode; a server may also report the mode.
      expect(availability.available ? availability.mode : 'readonly').toBe('readonly');
      const err = await failure(db.collection('things').insert({ a: 1 }));
      expect(err.httpCode).toBe(403);
      expect(err.errorNum).toBe(errors.ERROR_ARANGO_READ_ONLY);
    } finally {
      await system.setServerMode('default');
    }
    expect((await db.availability()).available).toBe(true);
    await db.collection('things').insert({ a: 2 });
  });

  it('a plain user cannot change the mode; bad modes are refused before sending', async () => {
    const err = await failure(asUser.setServerMode('readonly'));
    expect([401, 403]).toContain(err.httpCode);
    expect(err.errorNum).toBe(errors.ERROR_FORBIDDEN);
    await expect(db.setServerMode('off' as 'default')).rejects.toBeInstanceOf(ArangoClientError);
  });
});

describe('Enterprise-only administration', () => {
  it('JWT secret reload is answered with the server error where unavailable', async () => {
    const result = await system.jwtSecrets().then(
      (r) => r,
      (e: unknown) => e,
    );
    if (result instanceof ArangoServerError) {
      expect(result.httpCode).toBe(404);
      expect(result.errorNum).toBe(errors.ERROR_HTTP_NOT_FOUND);
    } else {
      expect(result).toHaveProperty('active');
    }
  });
});
