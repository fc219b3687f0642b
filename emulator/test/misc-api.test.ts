import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'undici';
import { startCluster, startServer, type EmulatorCluster } from '../src/cluster.js';

const AUTH = `Basic ${Buffer.from('root:pw').toString('base64')}`;

interface Answer {
  status: number;
  body: unknown;
  headers: Record<string, string | string[] | undefined>;
}

let cluster: EmulatorCluster;
let single: EmulatorCluster;

async function call(base: string, method: string, path: string, body?: unknown): Promise<Answer> {
  const res = await request(base + path, {
    method: method as 'GET',
    headers: { authorization: AUTH, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.body.text();
  return { status: res.statusCode, body: text === '' ? {} : (JSON.parse(text) as unknown), headers: res.headers };
}

const c = (method: string, path: string, body?: unknown): Promise<Answer> => call(cluster.urls[0] ?? '', method, path, body);
const s = (method: string, path: string, body?: unknown): Promise<Answer> => call(single.urls[0] ?? '', method, path, body);
const obj = (a: Answer): Record<string, unknown> => a.body as Record<string, unknown>;

beforeAll(async () => {
  cluster = await startCluster({ coordinators: 1, rootPassword: 'pw' });
  single = await startServer({ rootPassword: 'pw' });
});

afterAll(async () => {
  await cluster.close();
  await single.close();
});

describe('foxx', () => {
  it('lists no services', async () => {
    const r = await c('GET', '/_api/foxx');
    expect(r.status).toBe(200);
    expect(r.body).toEqual([]);
  });

  it('answers unknown mount points with 400/3009 and refuses to install code with 403/3099', async () => {
    const info = await c('GET', '/_api/foxx/service?mount=%2Fmy');
    expect(info.status).toBe(400);
    expect(obj(info).errorNum).toBe(3009);
    expect(obj(await c('DELETE', '/_api/foxx/service?mount=%2Fmy')).errorNum).toBe(3009);
    expect(obj(await c('GET', '/_api/foxx/configuration?mount=%2Fmy')).errorNum).toBe(3009);
    const install = await c('POST', '/_api/foxx?mount=%2Fmy', { source: 'http://example.invalid/app.zip' });
    expect(install.status).toBe(403);
    expect(obj(install).errorNum).toBe(3099);
    expect(obj(await c('PUT', '/_api/foxx/service?mount=%2Fmy', {})).errorNum).toBe(3099);
    expect((await c('GET', '/_api/foxx/service')).status).toBe(400);
    expect((await c('POST', '/_api/foxx/commit')).status).toBe(204);
  });
});

describe('pregel (removed in 3.12)', () => {
  it('answers 404 like a 3.12 server', async () => {
    const start = await c('POST', '/_api/control_pregel', { algorithm: 'wcc', graphName: 'g' });
    expect(start.status).toBe(404);
    expect(obj(start).errorNum).toBe(404);
    expect((await c('GET', '/_api/control_pregel')).status).toBe(404);
    expect((await c('DELETE', '/_api/control_pregel/123')).status).toBe(404);
  });
});

describe('replication', () => {
  it('reports the logger state and server id on coordinators and single servers', async () => {
    for (const call of [c, s]) {
      const r = await call('GET', '/_api/replication/logger-state');
      expect(r.status).toBe(200);
      const b = obj(r);
      expect(b).toMatchObject({ state: { running: true }, server: { engine: 'rocksdb' }, clients: [] });
      const st = b.state as { lastLogTick: string; time: string };
      expect(st.lastLogTick).toMatch(/^\d+$/);
      expect(st.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      const id = await call('GET', '/_api/replication/server-id');
      expect(obj(id).serverId).toMatch(/^\d{15}$/);
      expect((b.server as { serverId: string }).serverId).toBe(obj(id).serverId);
    }
  });

  it('refuses applier and tick calls on a coordinator with 501/1470', async () => {
    for (const path of ['/_api/replication/applier-config', '/_api/replication/applier-state', '/_api/replication/logger-first-tick']) {
      const r = await c('GET', path);
      expect(r.status).toBe(501);
      expect(obj(r).errorNum).toBe(1470);
    }
  });

  it('configures the applier on a single server; starting it reports the missing leader', async () => {
    const cfg = await s('GET', '/_api/replication/applier-config');
    expect(obj(cfg)).toMatchObject({ requestTimeout: 600, autoStart: false, chunkSize: 0 });
    expect(obj(await s('PUT', '/_api/replication/applier-config', { username: 'x' })).errorNum).toBe(1410);
    const set = await s('PUT', '/_api/replication/applier-config', { endpoint: 'tcp://127.0.0.1:9999', username: 'repl', password: 'secret', chunkSize: 4194304 });
    expect(set.status).toBe(200);
    expect(obj(set)).toMatchObject({ endpoint: 'tcp://127.0.0.1:9999', database: '_system', username: 'repl', chunkSize: 4194304 });
    expect(obj(set)).not.toHaveProperty('password');
    const started = await s('PUT', '/_api/replication/applier-start');
    expect(started.status).toBe(200);
    const state = obj(started).state as { running: boolean; lastError: { errorNum: number } };
    expect(state.running).toBe(false);
    expect(state.lastError.errorNum).toBe(1400);
    const st = await s('GET', '/_api/replication/applier-state');
    expect(obj(st)).toMatchObject({ endpoint: 'tcp://127.0.0.1:9999', database: '_system', state: { phase: 'inactive' } });
    const first = await s('GET', '/_api/replication/logger-first-tick');
    expect(obj(first).firstTick).toMatch(/^\d+$/);
  });
});

describe('write-ahead log', () => {
  it('flushes, reports properties as not supported and counts transactions', async () => {
    const f = await c('PUT', '/_admin/wal/flush?waitForSync=true');
    expect(f.status).toBe(200);
    expect(f.body).toEqual({});
    expect((await c('PUT', '/_admin/wal/flush', [1])).status).toBe(400);
    const p = await c('GET', '/_admin/wal/properties');
    expect(p.status).toBe(501);
    expect(p.body).toEqual({});
    const begin = await c('POST', '/_api/transaction/begin', { collections: {} });
    expect(begin.status).toBe(201);
    const t = await c('GET', '/_admin/wal/transactions');
    expect(t.status).toBe(501);
    expect(obj(t).runningTransactions).toBe(1);
    const ts = await s('GET', '/_admin/wal/transactions');
    expect(ts.status).toBe(200);
    expect(obj(ts).runningTransactions).toBe(0);
  });

  it('answers the tailing API with 501 on a coordinator and ticks on a single server', async () => {
    const r = await c('GET', '/_api/wal/lastTick');
    expect(r.status).toBe(501);
    expect(obj(r).errorNum).toBe(1470);
    const last = await s('GET', '/_api/wal/lastTick');
    expect(obj(last)).toMatchObject({ server: { serverId: expect.stringMatching(/^\d+$/) } });
    expect(obj(last).tick).toMatch(/^\d+$/);
    // the log is kept from the first request that reads it (store/wal.ts): the range starts there
    const range = obj(await s('GET', '/_api/wal/range'));
    expect(range.tickMin).toMatch(/^\d+$/);
    expect(BigInt(String(range.tickMin)) <= BigInt(String(range.tickMax))).toBe(true);
    const tail = await s('GET', `/_api/wal/tail?from=${String(range.tickMax)}&serverId=5`);
    expect(tail.status).toBe(204);
    expect(tail.headers['x-arango-replication-lastincluded']).toBe('0');
    expect(tail.headers['x-arango-replication-frompresent']).toBe('true');
    // from before the log began: nothing, and not "present"
    expect((await s('GET', '/_api/wal/tail?from=1')).headers['x-arango-replication-frompresent']).toBe('false');
    expect((await s('GET', '/_api/wal/tail?from=abc')).status).toBe(400);
  });
});

describe('access tokens', () => {
  it('creates, lists and deletes tokens; the secret is shown only once', async () => {
    const validUntil = Math.floor(Date.now() / 1000) + 3600;
    const r = await c('POST', '/_api/token/root', { name: 'ci', valid_until: validUntil });
    expect(r.status).toBe(200);
    const t = obj(r);
    expect(t).toMatchObject({ name: 'ci', valid_until: validUntil, active: true });
    // 3.12's layout: `v1.` + the hex of a JSON object naming the owner
    expect(t.token).toMatch(/^v1\.[0-9a-f]+$/);
    expect(JSON.parse(Buffer.from(String(t.token).slice(3), 'hex').toString('utf8'))).toMatchObject({ u: 'root', e: validUntil });
    expect(t.fingerprint).toBe(`v1...${String(t.token).slice(-6)}`);
    const dup = await c('POST', '/_api/token/root', { name: 'ci', valid_until: validUntil });
    expect(dup.status).toBe(409);
    const expired = await c('POST', '/_api/token/root', { name: 'old', valid_until: 1 });
    expect(obj(expired).active).toBe(false);
    const list = await c('GET', '/_api/token/root');
    const tokens = obj(list).tokens as Array<Record<string, unknown>>;
    expect(tokens.map((x) => x.name)).toEqual(['ci', 'old']);
    expect(tokens[0]).not.toHaveProperty('token');
    expect((await c('DELETE', `/_api/token/root/${String(t.id)}`)).status).toBe(200);
    expect(((obj(await c('GET', '/_api/token/root')).tokens) as unknown[]).length).toBe(1);
  });

  it('validates the body, 404/1703 for unknown users, 403 for other users without admin', async () => {
    expect((await c('POST', '/_api/token/root', ['x'])).status).toBe(400);
    expect((await c('POST', '/_api/token/root', { valid_until: 1 })).status).toBe(400);
    const unknown = await c('GET', '/_api/token/nobody');
    expect(unknown.status).toBe(404);
    expect(obj(unknown).errorNum).toBe(1703);
    await c('POST', '/_api/user', { user: 'tim', passwd: 't' });
    await c('PUT', '/_api/user/tim/database/_system', { grant: 'ro' });
    const tim = `Basic ${Buffer.from('tim:t').toString('base64')}`;
    const own = await request(`${cluster.urls[0] ?? ''}/_api/token/tim`, { method: 'GET', headers: { authorization: tim } });
    expect(own.statusCode).toBe(200);
    await own.body.text();
    const other = await request(`${cluster.urls[0] ?? ''}/_api/token/root`, { method: 'GET', headers: { authorization: tim } });
    expect(other.statusCode).toBe(403);
    expect((JSON.parse(await other.body.text()) as { errorNum: number }).errorNum).toBe(11);
  });
});
