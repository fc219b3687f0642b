import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArangoClient, ArangoClientError, ArangoServerError, errors, type Database } from 'arangots';
import { destructiveAllowed, realServer, uniqueName } from './helpers/server.js';
import { serverError, useTestDatabase } from './helpers/database.js';

const ctx = useTestDatabase('admin');
let userClient: ArangoClient;
let asUser: Database;
const username = uniqueName('plain');

beforeAll(async () => {
  await ctx.db.createCollection('things');
  await ctx.sys.users.create({ user: username, passwd: 'pw' });
  await ctx.sys.users.grant(username, ctx.db.name, 'rw');
  userClient = new ArangoClient({ hosts: ctx.server.urls });
  asUser = await userClient.db(ctx.db.name, { username, password: 'pw' });
});

// Runs before the helper's afterAll (vitest runs after-hooks in reverse), so the database is still there.
afterAll(async () => {
  const { sys } = ctx.started();
  await sys?.setServerMode('default').catch(() => undefined);
  await sys?.users.delete(username, { ignoreMissing: true });
  await userClient?.close();
});

describe('server information', () => {
  it('version, with and without details', async () => {
    const v = await ctx.db.version();
    expect(v.server).toBe('arango');
    expect(v.version).toMatch(/^3\.12\./);
    expect(v.details).toBeUndefined();
    const d = await ctx.db.version({ details: true });
    expect(typeof d.details?.role).toBe('string');
  });

  it('engine and status', async () => {
    expect((await ctx.db.engine()).name).toBe('rocksdb');
    const s = await ctx.db.serverStatus();
    expect(s.server).toBe('arango');
    expect(typeof s.pid).toBe('number');
    expect(['SINGLE', 'COORDINATOR']).toContain(s.serverInfo.role);
  });

  it('time is a Unix timestamp in seconds', async () => {
    const t = await ctx.db.time();
    expect(Math.abs(t - Date.now() / 1000)).toBeLessThan(3600);
  });

  it('statistics and their description', async () => {
    const stats = await ctx.db.statistics();
    expect(stats.enabled).toBe(true);
    expect(typeof stats.server.uptime).toBe('number');
    const desc = await ctx.db.statisticsDescription();
    expect(desc.groups.length).toBeGreaterThan(0);
    expect(desc.figures.every((f) => typeof f.identifier === 'string')).toBe(true);
  });

  it('metrics as text and parsed', async () => {
    const text = await ctx.db.metrics();
    expect(text).toMatch(/^# (HELP|TYPE) arangodb_/m);
    const parsed = await ctx.db.metrics({ parse: true });
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
    const license = await ctx.db.license();
    expect(typeof license).toBe('object');
    expect(typeof (await ctx.db.admin.deploymentId())).toBe('string');
    const tls = await ctx.sys.tls();
    expect(typeof tls).toBe('object');
    const info = await ctx.db.supportInfo();
    expect(['single', 'cluster']).toContain(info.deployment.type);
    expect(typeof info.date).toBe('string');
  });

  it('a license is refused by the server (Community Edition: 501, Enterprise: 400 for an invalid key); an empty one before sending', async () => {
    const err = await serverError(ctx.db.setLicense('bm90IGEgbGljZW5zZQ=='));
    if (realServer) expect([400, 501]).toContain(err.httpCode);
    else expect([err.httpCode, err.errorNum]).toEqual([501, errors.ERROR_ONLY_ENTERPRISE]);
    await expect(ctx.db.setLicense('')).rejects.toBeInstanceOf(ArangoClientError);
  });

  it('routing reload and compaction are accepted', async () => {
    await ctx.db.reloadRouting();
    expect(await ctx.sys.compact({ changeLevel: false })).toEqual({});
  });
});

describe('logs and log levels', () => {
  it('reads, sets and resets log levels', async () => {
    const before = await ctx.sys.logLevels();
    expect(typeof before.general).toBe('string');
    const after = await ctx.sys.setLogLevels({ general: 'DEBUG' });
    expect(after.general).toBe('DEBUG');
    const reset = await ctx.sys.resetLogLevels();
    expect(reset.general).not.toBe('DEBUG');
    const appenders = await ctx.sys.logLevels({ withAppenders: true });
    expect(appenders).toHaveProperty('global');
  });

  it('log entries follow server events and filter', async () => {
    // The event logged is a switch to read-only mode, which a shared server must not see.
    if (destructiveAllowed) {
      await ctx.sys.setServerMode('readonly');
      await ctx.sys.setServerMode('default');
      const found = await ctx.sys.logEntries({ search: 'server mode set to readonly', sort: 'desc' });
      expect(found.messages.length).toBeGreaterThan(0);
      expect(found.messages[0]?.message).toContain('server mode set to readonly');
    }
    const page = await ctx.sys.logEntries({ size: 1 });
    expect(page.messages.length).toBe(1);
    expect(page.total).toBeGreaterThanOrEqual(1);
    await expect(ctx.sys.logEntries({ upto: 'info', level: 'info' })).rejects.toBeInstanceOf(ArangoClientError);
  });

  it('log APIs need administrate rights: 403 / ERROR_FORBIDDEN for a plain user', async () => {
    const err = await serverError(asUser.logEntries());
    expect([401, 403]).toContain(err.httpCode);
    expect(err.errorNum).toBe(errors.ERROR_FORBIDDEN);
  });
});

describe('server mode', () => {
  // Makes the whole deployment read-only for a moment.
  it.skipIf(!destructiveAllowed)('read-only mode refuses writes with 403 / ERROR_ARANGO_READ_ONLY and is reported', async () => {
    expect(await ctx.db.serverMode()).toBe('default');
    expect(await ctx.sys.setServerMode('readonly')).toBe('readonly');
    try {
      expect(await ctx.db.serverMode()).toBe('readonly');
      const availability = await ctx.db.availability();
      // ArangoDB 3.12 answers 503 in read-only mode; a server may also report the mode.
      expect(availability.available ? availability.mode : 'readonly').toBe('readonly');
      const err = await serverError(ctx.db.collection('things').insert({ a: 1 }));
      expect(err.httpCode).toBe(403);
      expect(err.errorNum).toBe(errors.ERROR_ARANGO_READ_ONLY);
    } finally {
      await ctx.sys.setServerMode('default');
    }
    expect((await ctx.db.availability()).available).toBe(true);
    await ctx.db.collection('things').insert({ a: 2 });
  });

  it('a plain user cannot change the mode; bad modes are refused before sending', async () => {
    const err = await serverError(asUser.setServerMode('readonly'));
    expect([401, 403]).toContain(err.httpCode);
    expect(err.errorNum).toBe(errors.ERROR_FORBIDDEN);
    await expect(ctx.db.setServerMode('off' as 'default')).rejects.toBeInstanceOf(ArangoClientError);
  });
});

describe('Enterprise-only administration', () => {
  it('JWT secret reload is answered with the server error where unavailable', async () => {
    const result = await ctx.sys.jwtSecrets().then(
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
