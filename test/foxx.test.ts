import { describe, expect, it } from 'vitest';
import { ArangoClientError, errors } from 'arangots';
import { realServer } from './helpers/server.js';
import { serverError, useTestDatabase } from './helpers/database.js';

const ctx = useTestDatabase('foxx');

describe('Foxx service management', () => {
  it('lists the installed services', async () => {
    const services = await ctx.db.foxx.services(true);
    expect(Array.isArray(services)).toBe(true);
  });

  it('an unknown mount is 400 / ERROR_SERVICE_NOT_FOUND; the mount travels as a query parameter', async () => {
    const err = await serverError(ctx.db.foxx.service('/no/such/service'));
    expect(err.httpCode).toBe(400);
    expect(err.errorNum).toBe(errors.ERROR_SERVICE_NOT_FOUND);
    expect(err.errorMessage).toContain('/no/such/service');
    for (const call of [
      () => ctx.db.foxx.config('/none'),
      () => ctx.db.foxx.dependencies('/none'),
      () => ctx.db.foxx.scripts('/none'),
      () => ctx.db.foxx.readme('/none'),
      () => ctx.db.foxx.swagger('/none'),
      () => ctx.db.foxx.download('/none'),
    ]) {
      expect((await serverError(call())).errorNum).toBe(errors.ERROR_SERVICE_NOT_FOUND);
    }
  });

  it.skipIf(realServer)('installing code is refused by the emulator with 403 / ERROR_SERVICE_API_DISABLED', async () => {
    for (const call of [
      () => ctx.db.foxx.createService('/svc', { source: 'https://example.com/service.zip' }, { development: true }),
      () => ctx.db.foxx.createService('/svc', { zip: new Uint8Array([0x50, 0x4b, 0x03, 0x04]) }),
      () => ctx.db.foxx.createService('/svc', { javascript: 'module.exports = {};' }),
      () => ctx.db.foxx.replaceService('/svc', { source: '/tmp/svc' }, { force: true }),
      () => ctx.db.foxx.updateService('/svc', { source: '/tmp/svc' }),
      () => ctx.db.foxx.updateConfig('/svc', { a: 1 }),
      () => ctx.db.foxx.replaceDependencies('/svc', { dep: '/other' }),
      () => ctx.db.foxx.runScript('/svc', 'setup'),
      () => ctx.db.foxx.runTests('/svc', { reporter: 'suite' }),
      () => ctx.db.foxx.enableDevelopment('/svc'),
    ]) {
      const err = await serverError(call());
      expect(err.httpCode).toBe(403);
      expect(err.errorNum).toBe(errors.ERROR_SERVICE_API_DISABLED);
    }
  });

  it('commit is accepted', async () => {
    await ctx.db.foxx.commit(false);
  });

  it('refuses bad mounts and sources before sending', async () => {
    await expect(ctx.db.foxx.service('no-slash')).rejects.toBeInstanceOf(ArangoClientError);
    await expect(ctx.db.foxx.createService('/svc', {} as never)).rejects.toBeInstanceOf(ArangoClientError);
    await expect(ctx.db.foxx.runScript('/svc', '')).rejects.toBeInstanceOf(ArangoClientError);
  });
});
