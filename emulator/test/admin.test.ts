import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, startServer, type EmulatorCluster } from 'arangots-emulator';
import { call, PASSWORD } from './http.js';

let cluster: EmulatorCluster;
let url: string;

beforeAll(async () => {
  cluster = await startCluster({ coordinators: 2, rootPassword: PASSWORD });
  url = cluster.urls[0] as string;
  await call(url, 'POST', '/_api/user', { body: { user: 'plain', passwd: 'p' } });
  await call(url, 'PUT', '/_api/user/plain/database/_system', { body: { grant: 'ro' } });
});
afterAll(() => cluster.close());

const plain: [string, string] = ['plain', 'p'];

describe('version, engine, time, status', () => {
  it('answers /_api/version as 3.12.10 with its API versions, with details for any user of an unhardened server', async () => {
    const r = await call(url, 'GET', '/_api/version?details=true');
    expect(r.json).toMatchObject({ server: 'arango', license: 'community', version: '3.12.10', apiVersions: ['v0'], deprecatedApiVersions: [], requestedApiVersion: 'v0' });
    expect((r.json.details as Record<string, string>).role).toBe('COORDINATOR');
    // RestVersionHandler: details are a hardened action, allowed to everyone unless --server.harden
    const p = await call(url, 'GET', '/_api/version?details=true', { auth: plain });
    expect((p.json.details as Record<string, string>).role).toBe('COORDINATOR');
    expect((await call(url, 'GET', '/_admin/version')).status).toBe(200);
  });

  it('answers /_api/engine like a rocksdb server', async () => {
    const r = await call(url, 'GET', '/_api/engine');
    expect(r.json.name).toBe('rocksdb');
    expect((r.json.supports as { indexes: string[] }).indexes).toEqual(expect.arrayContaining(['persistent', 'inverted', 'mdi']));
  });

  it('answers /_admin/time and /_admin/status', async () => {
    const t = await call(url, 'GET', '/_admin/time');
    expect(t.json).toMatchObject({ error: false, code: 200 });
    expect(Math.abs((t.json.time as number) - Date.now() / 1000)).toBeLessThan(60);
    const s = await call(url, 'GET', '/_admin/status');
    const info = s.json.serverInfo as Record<string, unknown>;
    expect(s.json).toMatchObject({ server: 'arango', mode: 'server', pid: process.pid });
    expect(info).toMatchObject({ role: 'COORDINATOR', readOnly: false, maintenance: false, state: 'SERVING', serverId: cluster.coordinators[0]?.id });
    expect((s.json.coordinator as { foxxmaster: string }).foxxmaster).toBe(cluster.coordinators[0]?.id);
  });

  it('echoes requests without the authorization header', async () => {
    const r = await call(url, 'POST', '/_db/_system/_admin/echo?x=1', { body: { hello: 'world' } });
    expect(r.json).toMatchObject({ user: 'root', database: '_system', requestType: 'POST', parameters: { x: '1' }, requestBody: '{"hello":"world"}' });
    expect((r.json.headers as Record<string, string>).authorization).toBeUndefined();
  });
});

describe('statistics and metrics', () => {
  it('counts requests in /_admin/statistics', async () => {
    const a = await call(url, 'GET', '/_admin/statistics');
    const before = (a.json.http as { requestsTotal: number }).requestsTotal;
    await call(url, 'GET', '/_api/version');
    await call(url, 'PUT', '/_api/version');
    const b = await call(url, 'GET', '/_admin/statistics');
    const http = b.json.http as { requestsTotal: number; requestsPut: number };
    expect(http.requestsTotal).toBe(before + 3);
    expect(http.requestsPut).toBeGreaterThanOrEqual(1);
    expect(b.json).toMatchObject({ enabled: true, error: false, code: 200 });
    expect(b.json.system).toHaveProperty('residentSize');
    const d = await call(url, 'GET', '/_admin/statistics-description');
    expect((d.json.figures as Array<{ identifier: string }>).some((f) => f.identifier === 'requestsTotal')).toBe(true);
  });

  it('exports Prometheus metrics with live counters, per server', async () => {
    const read = async (query = ''): Promise<number> => {
      const r = await call(url, 'GET', `/_admin/metrics${query}`);
      expect(r.headers['content-type']).toContain('text/plain');
      const m = /^arangodb_http_request_statistics_total_requests_total\{[^}]*\} (\d+)$/m.exec(r.text);
      return Number(m?.[1]);
    };
    const first = await read();
    const second = await read();
    expect(second).toBe(first + 1);
    const other = cluster.coordinators[1];
    if (!other) throw new Error('no second coordinator');
    const v2 = await call(url, 'GET', `/_admin/metrics/v2?serverId=${other.id}`);
    expect(v2.text).toContain('shortname="Coordinator0002"');
    expect(v2.text).toMatch(/# TYPE arangodb_client_connection_statistics_client_connections gauge/);
    expect((await call(url, 'GET', '/_admin/metrics?serverId=PRMR-nope')).status).toBe(404);
  });
});

describe('logs', () => {
  it('returns log entries and filters them', async () => {
    const r = await call(url, 'GET', '/_admin/log/entries?upto=info');
    const messages = r.json.messages as Array<{ level: string; message: string }>;
    expect(r.json.total).toBe(messages.length);
    expect(messages.some((m) => m.message.includes('ready for business'))).toBe(true);
    const sized = await call(url, 'GET', '/_admin/log/entries?size=1&sort=desc');
    expect((sized.json.messages as unknown[]).length).toBe(1);
    expect((await call(url, 'GET', '/_admin/log/entries?upto=loud')).status).toBe(400);
    expect((await call(url, 'GET', '/_admin/log/entries?upto=info&level=warning')).status).toBe(400);
    const legacy = await call(url, 'GET', '/_admin/log?search=ready');
    expect(legacy.json.totalAmount).toBe(1);
    expect(legacy.json).toHaveProperty('lid');
    expect((await call(url, 'GET', '/_admin/log/entries', { auth: plain })).json).toMatchObject({ code: 403, errorNum: 11 });
  });

  it('gets, sets and resets log levels', async () => {
    const g = await call(url, 'GET', '/_admin/log/level');
    expect(g.json.queries).toBe('INFO');
    const s = await call(url, 'PUT', '/_admin/log/level', { body: { queries: 'debug' } });
    expect(s.json.queries).toBe('DEBUG');
    expect(s.json.aql).toBe('INFO');
    const str = await call(url, 'PUT', '/_admin/log/level', { body: 'warning' });
    expect(str.json.general).toBe('WARNING');
    const all = await call(url, 'PUT', '/_admin/log/level', { body: { all: 'trace' } });
    expect(new Set(Object.values(all.json))).toEqual(new Set(['TRACE']));
    expect((await call(url, 'PUT', '/_admin/log/level', { body: { queries: 'shout' } })).status).toBe(400);
    const appenders = await call(url, 'GET', '/_admin/log/level?withAppenders=true');
    expect(appenders.json).toHaveProperty('global');
    const reset = await call(url, 'DELETE', '/_admin/log/level');
    expect(reset.json.queries).toBe('INFO');
  });
});

describe('server identity, mode and availability', () => {
  it('gives each coordinator its own id and role', async () => {
    const ids = await Promise.all(cluster.urls.map(async (u) => (await call(u, 'GET', '/_admin/server/id')).json.id));
    expect(ids).toEqual(cluster.coordinators.map((c) => c.id));
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^CRDN-[0-9a-f-]{36}$/);
    expect((await call(url, 'GET', '/_admin/server/role')).json).toEqual({ error: false, code: 200, role: 'COORDINATOR', mode: 'default' });
    expect((await call(url, 'POST', '/_admin/server/id')).status).toBe(405);
  });

  it('switches the whole cluster to read-only and back', async () => {
    expect((await call(url, 'PUT', '/_admin/server/mode', { auth: plain, body: { mode: 'readonly' } })).json).toMatchObject({ code: 403, errorNum: 11 });
    expect((await call(url, 'PUT', '/_admin/server/mode', { body: { mode: 'sleepy' } })).json).toMatchObject({ code: 400, errorNum: 400 });
    const ro = await call(url, 'PUT', '/_admin/server/mode', { body: { mode: 'readonly' } });
    expect(ro.json).toEqual({ error: false, code: 200, mode: 'readonly' });
    try {
      const other = cluster.urls[1] as string;
      expect((await call(other, 'GET', '/_admin/server/mode')).json.mode).toBe('readonly');
      expect((await call(other, 'GET', '/_admin/server/availability', { auth: null })).json).toMatchObject({ code: 503, errorNum: 503 });
      expect((await call(other, 'GET', '/_admin/status')).json.serverInfo).toMatchObject({ readOnly: true, writeOpsEnabled: false });
      // DDL is refused with 403 / 11 in read-only mode.
      expect((await call(other, 'POST', '/_api/database', { body: { name: 'blocked' } })).json).toMatchObject({ code: 403, errorNum: 11 });
    } finally {
      await call(url, 'PUT', '/_admin/server/mode', { body: { mode: 'default' } });
    }
    expect((await call(url, 'POST', '/_api/database', { body: { name: 'unblocked' } })).status).toBe(201);
  });

  it('answers availability without authentication', async () => {
    const r = await call(url, 'GET', '/_admin/server/availability', { auth: null });
    expect(r.json).toEqual({ error: false, code: 200, mode: 'default' });
  });
});

describe('other admin endpoints', () => {
  it('answers license, compact, routing reload, tls, deployment id, support info', async () => {
    // Community Edition (RestLicenseHandler without USE_ENTERPRISE): exactly this, and PUT 501 / 31
    expect((await call(url, 'GET', '/_admin/license')).json).toEqual({ license: 'none' });
    const put = await call(url, 'PUT', '/_admin/license', { body: 'bm90IGEgbGljZW5zZQ==' });
    expect([put.status, put.json.errorNum]).toEqual([501, 31]);
    expect((await call(url, 'PUT', '/_admin/compact', { body: { changeLevel: false } })).json).toEqual({});
    expect((await call(url, 'PUT', '/_admin/compact', { auth: plain })).status).toBe(403);
    expect((await call(url, 'POST', '/_admin/routing/reload')).json).toEqual({ error: false, code: 200 });
    expect((await call(url, 'GET', '/_admin/server/tls')).json.result).toHaveProperty('keyfile');
    expect((await call(url, 'GET', '/_admin/server/jwt')).status).toBe(404);
    expect((await call(url, 'GET', '/_admin/deployment/id')).json.id).toBe(cluster.state.deploymentId);
    const si = await call(url, 'GET', '/_admin/support-info');
    const dep = si.json.deployment as { type: string; servers: Record<string, { role: string }>; coordinators: number };
    expect(dep.type).toBe('cluster');
    expect(dep.coordinators).toBe(2);
    expect(Object.values(dep.servers).map((s) => s.role).sort()).toEqual(['COORDINATOR', 'COORDINATOR', 'PRIMARY', 'PRIMARY']);
    await call(url, 'POST', '/_api/database', { body: { name: 'elsewhere' } });
    expect((await call(url, 'GET', '/_db/elsewhere/_admin/support-info')).json).toMatchObject({ code: 403, errorNum: 1230 });
    const shutdown = await call(url, 'GET', '/_admin/shutdown');
    expect(shutdown.json).toMatchObject({ softShutdownOngoing: false, allClear: true });
    const endpoints = await call(url, 'GET', '/_api/endpoint');
    expect(endpoints.json).toEqual(cluster.urls.map((u) => ({ endpoint: u.replace('http://', 'tcp://') })));
  });
});

describe('recording, options, crashes', () => {
  it('records recent API calls per coordinator', async () => {
    await call(url, 'GET', '/_api/database/current');
    const r = await call(url, 'GET', '/_admin/server/api-calls');
    const calls = (r.json.result as { calls: Array<{ path: string; requestType: string; database: string }> }).calls;
    expect(calls[0]).toMatchObject({ path: '/_admin/server/api-calls', requestType: 'GET', database: '_system' });
    expect(calls.some((c) => c.path === '/_api/database/current')).toBe(true);
    const other = await call(cluster.urls[1] as string, 'GET', '/_admin/server/api-calls');
    expect((other.json.result as { calls: Array<{ path: string }> }).calls.some((c) => c.path === '/_api/database/current')).toBe(false);
    expect((await call(url, 'GET', '/_admin/server/aql-queries')).json.result).toEqual({ queries: [] });
    expect((await call(url, 'GET', '/_admin/server/api-calls', { auth: plain })).status).toBe(403);
  });

  it('shows public options to anyone and the full options only to a superuser JWT', async () => {
    expect((await call(url, 'GET', '/_admin/options-public', { auth: plain })).json).toMatchObject({ 'database.extended-names': true });
    expect((await call(url, 'GET', '/_admin/options')).status).toBe(401);
    const { signJwt } = await import('arangots-emulator');
    const token = signJwt({ iss: 'arangodb', server_id: 'ops' }, cluster.state.jwtSecret);
    const r = await call(url, 'GET', '/_admin/options', { auth: token });
    expect(r.json['server.authentication']).toBe(true);
    expect(r.text).not.toContain(cluster.state.jwtSecret);
    expect((await call(url, 'GET', '/_admin/options-description', { auth: token })).json).toHaveProperty(['server.endpoint']);
  });

  it('lists no crash dumps', async () => {
    expect((await call(url, 'GET', '/_admin/crashes')).json).toEqual({ result: [] });
    expect((await call(url, 'GET', '/_admin/crashes/0f0f')).status).toBe(404);
    expect((await call(url, 'GET', '/_admin/database/target-version')).json.version).toMatch(/^\d+$/);
  });
});

describe('shutdown', () => {
  it('shuts a coordinator down, hard or soft, while the others keep going', async () => {
    const c = await startCluster({ coordinators: 3, rootPassword: PASSWORD });
    try {
      const [x, y, z] = c.coordinators;
      if (!x || !y || !z) throw new Error('missing coordinators');
      const r = await call(y.url, 'DELETE', '/_admin/shutdown');
      expect(r.status).toBe(200);
      expect(r.json).toBe('OK');
      for (let i = 0; i < 100 && y.running; i++) await new Promise((res) => setTimeout(res, 10));
      expect(y.running).toBe(false);
      const soft = await call(z.url, 'DELETE', '/_admin/shutdown?soft=true');
      expect(soft.status).toBe(200);
      for (let i = 0; i < 100 && z.running; i++) await new Promise((res) => setTimeout(res, 10));
      expect(z.running).toBe(false);
      expect((await call(x.url, 'GET', '/_admin/shutdown')).json).toMatchObject({ softShutdownOngoing: false, allClear: true });
      expect((await call(x.url, 'DELETE', '/_admin/shutdown', { auth: ['nobody', 'x'] })).status).toBe(401);
    } finally {
      await c.close();
    }
  });
});

describe('single server', () => {
  it('has role SINGLE and fails cluster-only calls as ArangoDB does', async () => {
    const single = await startServer({ rootPassword: PASSWORD });
    try {
      const u = single.urls[0] as string;
      expect((await call(u, 'GET', '/_admin/server/role')).json.role).toBe('SINGLE');
      expect((await call(u, 'GET', '/_admin/server/id')).json).toMatchObject({ code: 500, errorNum: 500 });
      expect((await call(u, 'GET', '/_api/cluster/endpoints')).json).toMatchObject({ code: 501, errorNum: 1471 });
      expect((await call(u, 'GET', '/_admin/cluster/health')).json).toMatchObject({ code: 403, errorNum: 403 });
      expect((await call(u, 'GET', '/_admin/cluster/numberOfServers')).json).toMatchObject({ code: 403, errorMessage: 'only allowed on coordinators' });
      expect((await call(u, 'PUT', '/_admin/cluster/maintenance', { body: 'on' })).json).toMatchObject({ code: 403 });
      expect((await call(u, 'GET', '/_admin/status')).json.serverInfo).toMatchObject({ role: 'SINGLE' });
      expect(single.coordinators[0]?.id).toMatch(/^SNGL-/);
    } finally {
      await single.close();
    }
  });
});
