import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gzipSync, gunzipSync, deflateSync } from 'node:zlib';
import { startCluster, type EmulatorCluster } from 'arangots-emulator';
import { Router } from '../src/http/router.js';
import { EmuHttpServer } from '../src/http/server.js';
import { ServerState } from '../src/store/server-state.js';
import { httpError } from '../src/errors.js';
import { call, PASSWORD } from './http.js';

let cluster: EmulatorCluster;
let url: string;

beforeAll(async () => {
  cluster = await startCluster({ coordinators: 2, rootPassword: PASSWORD });
  url = cluster.urls[0] as string;
});
afterAll(() => cluster.close());

describe('HTTP server basics', () => {
  it('sends ArangoDB response headers', async () => {
    const r = await call(url, 'GET', '/_api/version');
    expect(r.status).toBe(200);
    expect(r.headers.server).toBe('ArangoDB');
    expect(r.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(r.headers['x-arango-queue-time-seconds']).toMatch(/^\d+\.\d{6}$/);
    expect(r.json).toEqual({ server: 'arango', license: 'community', version: expect.stringMatching(/^3\.12\.\d+$/), apiVersions: ['v0'], deprecatedApiVersions: [], requestedApiVersion: 'v0' });
  });

  it('serves every route under /_db/{name} as well', async () => {
    const a = await call(url, 'GET', '/_db/_system/_admin/server/role');
    expect(a.status).toBe(200);
    expect(a.json.role).toBe('COORDINATOR');
  });

  it('decodes URL-encoded database names in the prefix', async () => {
    const name = 'dß ünïcode';
    expect((await call(url, 'POST', '/_api/database', { body: { name } })).status).toBe(201);
    const r = await call(url, 'GET', `/_db/${encodeURIComponent(name)}/_api/database/current`);
    expect(r.status).toBe(200);
    expect((r.json.result as { name: string }).name).toBe(name);
  });

  it('answers 404 / 1228 for an unknown database', async () => {
    const r = await call(url, 'GET', '/_db/nope/_api/version');
    expect(r.status).toBe(404);
    expect(r.json).toMatchObject({ error: true, code: 404, errorNum: 1228 });
  });

  it('answers 404 / 404 for an unknown path and 405 / 405 for a wrong method', async () => {
    const a = await call(url, 'GET', '/_api/does-not-exist');
    expect(a.status).toBe(404);
    expect(a.json).toMatchObject({ error: true, code: 404, errorNum: 404 });
    const b = await call(url, 'DELETE', '/_admin/server/role');
    expect(b.status).toBe(405);
    expect(b.json).toMatchObject({ error: true, code: 405, errorNum: 405 });
  });

  it('answers 400 / 600 for malformed JSON', async () => {
    const r = await call(url, 'POST', '/_api/database', { rawBody: '{"name": ' });
    expect(r.status).toBe(400);
    expect(r.json).toMatchObject({ error: true, code: 400, errorNum: 600 });
  });

  it('answers HEAD without a body', async () => {
    const r = await call(url, 'HEAD', '/_api/version');
    expect(r.status).toBe(200);
    expect(r.raw.length).toBe(0);
    expect(Number(r.headers['content-length'])).toBeGreaterThan(0);
    const e = await call(url, 'HEAD', '/_db/nope/_api/version');
    expect(e.status).toBe(404);
    expect(e.raw.length).toBe(0);
  });

  it('accepts gzip and deflate request bodies', async () => {
    const gz = await call(url, 'POST', '/_api/database', {
      rawBody: gzipSync(JSON.stringify({ name: 'gzipped_db' })),
      headers: { 'content-encoding': 'gzip', 'content-type': 'application/json' },
    });
    expect(gz.status).toBe(201);
    const df = await call(url, 'POST', '/_api/database', {
      rawBody: deflateSync(JSON.stringify({ name: 'deflated_db' })),
      headers: { 'content-encoding': 'deflate' },
    });
    expect(df.status).toBe(201);
    const list = await call(url, 'GET', '/_api/database');
    expect(list.json.result).toEqual(expect.arrayContaining(['gzipped_db', 'deflated_db']));
    const bad = await call(url, 'POST', '/_api/database', { rawBody: 'not gzip', headers: { 'content-encoding': 'gzip' } });
    expect(bad.status).toBe(400);
  });

  it('compresses large responses when asked', async () => {
    const r = await call(url, 'GET', '/_admin/statistics-description', { headers: { 'accept-encoding': 'gzip' } });
    expect(r.status).toBe(200);
    expect(r.headers['content-encoding']).toBe('gzip');
    const body = JSON.parse(gunzipSync(r.raw).toString('utf8')) as { groups: unknown[] };
    expect(body.groups.length).toBeGreaterThan(0);
    const plain = await call(url, 'GET', '/_admin/statistics-description');
    expect(plain.headers['content-encoding']).toBeUndefined();
    const small = await call(url, 'GET', '/_api/version', { headers: { 'accept-encoding': 'gzip' } });
    expect(small.headers['content-encoding']).toBeUndefined();
  });

  it('adds CORS headers when an Origin is sent', async () => {
    const r = await call(url, 'GET', '/_api/version', { headers: { origin: 'http://example.test' } });
    expect(r.headers['access-control-allow-origin']).toBe('http://example.test');
    expect(r.headers['access-control-expose-headers']).toContain('x-arango-async-id');
  });

  it('enforces the x-arango-queue-time-seconds request header (412 / 21004)', async () => {
    const c = cluster.coordinators[1];
    if (!c) throw new Error('missing coordinator');
    c.setLatency(60);
    try {
      const r = await call(c.url, 'GET', '/_api/version', { headers: { 'x-arango-queue-time-seconds': '0.01' } });
      expect(r.status).toBe(412);
      expect(r.json).toMatchObject({ code: 412, errorNum: 21004 });
      const ok = await call(c.url, 'GET', '/_api/version', { headers: { 'x-arango-queue-time-seconds': '5' } });
      expect(ok.status).toBe(200);
      expect(ok.headers['x-arango-queue-time-seconds']).toBe('0.060000');
    } finally {
      c.setLatency(0);
    }
  });

  it('marks requests in another coordinator\'s stream transaction as forwarded', async () => {
    const [first, second] = cluster.coordinators;
    if (!first || !second) throw new Error('missing coordinators');
    const owner = cluster.state.nodes.get(second.id);
    if (!owner) throw new Error('owner not registered');
    const trx = cluster.state.newTransactionId(owner.shortId);
    expect(BigInt(trx) % 4n).toBe(0n);
    const r = await call(first.url, 'GET', '/_api/version', { headers: { 'x-arango-trx-id': trx } });
    expect(r.headers['x-arango-request-forwarded-to']).toBe(second.id);
    const local = await call(second.url, 'GET', '/_api/version', { headers: { 'x-arango-trx-id': trx } });
    expect(local.headers['x-arango-request-forwarded-to']).toBeUndefined();
  });
});

describe('handler failures', () => {
  it('turns a non-ArangoDB exception into 500 / 4 without details', async () => {
    const state = new ServerState({ rootPassword: '', authentication: false, cluster: false });
    const router = new Router();
    router.get('/_api/boom', () => {
      throw new Error('secret internals');
    });
    router.get('/_api/typed', () => {
      throw httpError(409, 'ERROR_ARANGO_DUPLICATE_NAME', 'dup');
    });
    router.get('/_api/badheader', () => ({ status: 200, body: {}, headers: { location: '/_db/数据/x' } }));
    const server = new EmuHttpServer(state, router, 'SNGL-test', 0, 'Single0001', 'SINGLE', '127.0.0.1');
    await server.listen(0);
    try {
      const r = await call(server.url, 'GET', '/_api/boom', { auth: null });
      expect(r.status).toBe(500);
      expect(r.json).toEqual({ error: true, code: 500, errorNum: 4, errorMessage: 'internal error' });
      expect(r.text).not.toContain('secret');
      const t = await call(server.url, 'GET', '/_api/typed', { auth: null });
      expect(t.json).toEqual({ error: true, code: 409, errorNum: 1207, errorMessage: 'dup' });
      const h = await call(server.url, 'GET', '/_api/badheader', { auth: null });
      expect(h.json).toMatchObject({ code: 500, errorNum: 4 });
      expect((await call(server.url, 'GET', '/_api/typed', { auth: null })).status).toBe(409);
    } finally {
      await server.close();
    }
  });

  it('refuses writes in read-only mode before the handler runs', async () => {
    const state = new ServerState({ rootPassword: '', authentication: false, cluster: false });
    const router = new Router();
    const okHandler = (): { status: number; body: unknown } => ({ status: 202, body: { ran: true } });
    router.post('/_api/document/:c', okHandler);
    router.put('/_api/document/:c', okHandler);
    router.post('/_api/collection', okHandler);
    router.put('/_api/collection/:c/truncate', okHandler);
    router.put('/_api/collection/:c/loadIndexesIntoMemory', okHandler);
    router.get('/_api/document/:c/:k', okHandler);
    const server = new EmuHttpServer(state, router, 'SNGL-ro', 0, 'Single0001', 'SINGLE', '127.0.0.1');
    await server.listen(0);
    try {
      state.mode = 'readonly';
      const opts = { auth: null, body: {} };
      expect((await call(server.url, 'POST', '/_api/document/c', opts)).json).toMatchObject({ code: 403, errorNum: 1004 });
      expect((await call(server.url, 'PUT', '/_api/document/c?onlyget=true', opts)).status).toBe(202);
      expect((await call(server.url, 'POST', '/_api/collection', opts)).json).toMatchObject({ code: 403, errorNum: 11 });
      expect((await call(server.url, 'PUT', '/_api/collection/c/truncate', opts)).json).toMatchObject({ code: 403, errorNum: 1004 });
      expect((await call(server.url, 'PUT', '/_api/collection/c/loadIndexesIntoMemory', opts)).status).toBe(202);
      expect((await call(server.url, 'GET', '/_api/document/c/k', { auth: null })).status).toBe(202);
      state.mode = 'default';
      expect((await call(server.url, 'POST', '/_api/document/c', opts)).status).toBe(202);
    } finally {
      await server.close();
    }
  });

  it('answers CORS preflight OPTIONS without authentication', async () => {
    const r = await call(url, 'OPTIONS', '/_api/document/anything', {
      auth: null, headers: { origin: 'http://ui.test', 'access-control-request-headers': 'authorization, content-type' },
    });
    expect(r.status).toBe(200);
    expect(r.headers.allow).toContain('PATCH');
    expect(r.headers['access-control-allow-origin']).toBe('http://ui.test');
    expect(r.headers['access-control-allow-headers']).toBe('authorization, content-type');
  });

  it('refuses unknown HTTP methods with 405', async () => {
    const r = await call(url, 'PROPFIND', '/_api/version');
    expect(r.status).toBe(405);
  });
});
