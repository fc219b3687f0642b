import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, type EmulatorCluster } from 'arangots-emulator';
import { call, PASSWORD } from './http.js';

let cluster: EmulatorCluster;
let url: string;

beforeAll(async () => {
  cluster = await startCluster({ coordinators: 2, rootPassword: PASSWORD });
  url = cluster.urls[0] as string;
});
afterAll(() => cluster.close());

describe('/_api/database', () => {
  it('lists, creates and drops databases; every coordinator sees the change', async () => {
    const before = await call(url, 'GET', '/_api/database');
    expect(before.json).toEqual({ error: false, code: 200, result: ['_system'] });
    const created = await call(url, 'POST', '/_api/database', { body: { name: 'shop' } });
    expect(created.status).toBe(201);
    expect(created.json).toEqual({ error: false, code: 201, result: true });
    const other = await call(cluster.urls[1] as string, 'GET', '/_api/database');
    expect(other.json.result).toEqual(['_system', 'shop']);
    const dropped = await call(cluster.urls[1] as string, 'DELETE', '/_api/database/shop');
    expect(dropped.json).toEqual({ error: false, code: 200, result: true });
    expect((await call(url, 'GET', '/_db/shop/_api/database/current')).status).toBe(404);
    expect((await call(url, 'DELETE', '/_api/database/shop')).json).toMatchObject({ code: 404, errorNum: 1228 });
  });

  it('reports the current database with cluster defaults', async () => {
    await call(url, 'POST', '/_api/database', { body: { name: 'sharded', options: { sharding: 'single', replicationFactor: 2, writeConcern: 2 } } });
    const r = await call(url, 'GET', '/_db/sharded/_api/database/current');
    expect(r.json).toEqual({
      error: false, code: 200,
      result: { id: expect.any(String), name: 'sharded', isSystem: false, path: 'none', sharding: 'single', replicationFactor: 2, writeConcern: 2 },
    });
    const sys = await call(url, 'GET', '/_api/database/current');
    expect(sys.json.result).toMatchObject({ id: '1', name: '_system', isSystem: true });
  });

  it('validates names and options', async () => {
    for (const name of ['', '1abc', '_hidden', 'a/b', 'x:y', ' pad', 'x'.repeat(129), 42]) {
      const r = await call(url, 'POST', '/_api/database', { body: { name } });
      expect(r.json, JSON.stringify(name)).toMatchObject({ error: true, code: 400, errorNum: 1229 });
    }
    await call(url, 'POST', '/_api/database', { body: { name: 'dupe' } });
    expect((await call(url, 'POST', '/_api/database', { body: { name: 'dupe' } })).json).toMatchObject({ code: 409, errorNum: 1207 });
    expect((await call(url, 'POST', '/_api/database', { body: { name: 'opt1', options: { sharding: 'weird' } } })).status).toBe(400);
    expect((await call(url, 'POST', '/_api/database', { body: { name: 'opt2', options: { replicationFactor: 0 } } })).status).toBe(400);
    expect((await call(url, 'POST', '/_api/database', { body: { name: 'opt3', options: { replicationFactor: 1, writeConcern: 2 } } })).status).toBe(400);
    expect((await call(url, 'POST', '/_api/database', { body: { name: 'opt4', users: 'root' } })).status).toBe(400);
    expect((await call(url, 'POST', '/_api/database', { body: [] })).status).toBe(400);
    const list = (await call(url, 'GET', '/_api/database')).json.result as string[];
    expect(list.filter((n) => n.startsWith('opt'))).toEqual([]);
  });

  it('only works from _system where ArangoDB requires it', async () => {
    await call(url, 'POST', '/_api/database', { body: { name: 'tenant' } });
    expect((await call(url, 'GET', '/_db/tenant/_api/database')).json).toMatchObject({ code: 403, errorNum: 1230 });
    expect((await call(url, 'POST', '/_db/tenant/_api/database', { body: { name: 'x1' } })).json).toMatchObject({ code: 403, errorNum: 1230 });
    expect((await call(url, 'DELETE', '/_db/tenant/_api/database/tenant')).json).toMatchObject({ code: 403, errorNum: 1230 });
    expect((await call(url, 'DELETE', '/_api/database/_system')).json).toMatchObject({ code: 403, errorNum: 1230 });
    expect((await call(url, 'GET', '/_db/tenant/_api/database/user')).status).toBe(200);
    expect((await call(url, 'GET', '/_db/tenant/_api/database/current')).status).toBe(200);
  });

  it('creates listed users with Administrate rights on the new database', async () => {
    const r = await call(url, 'POST', '/_api/database', {
      body: { name: 'withusers', users: [{ username: 'owner', passwd: 'o', active: true }, { username: 'idle', passwd: 'i', active: false }] },
    });
    expect(r.status).toBe(201);
    const mine = await call(url, 'GET', '/_db/withusers/_api/database/user', { auth: ['owner', 'o'] });
    expect(mine.json.result).toEqual(['withusers']);
    expect((await call(url, 'GET', '/_api/user/owner/database/withusers')).json.result).toBe('rw');
    expect((await call(url, 'GET', '/_db/withusers/_api/version', { auth: ['idle', 'i'] })).status).toBe(401);
  });

  it('refuses database management to non-admins', async () => {
    await call(url, 'POST', '/_api/user', { body: { user: 'reader', passwd: 'r' } });
    await call(url, 'PUT', '/_api/user/reader/database/_system', { body: { grant: 'ro' } });
    const r = await call(url, 'POST', '/_api/database', { auth: ['reader', 'r'], body: { name: 'nope' } });
    expect(r.json).toMatchObject({ code: 403, errorNum: 11 });
    expect((await call(url, 'DELETE', '/_api/database/tenant', { auth: ['reader', 'r'] })).status).toBe(403);
  });

  it('drops the permissions on a dropped database', async () => {
    await call(url, 'POST', '/_api/database', { body: { name: 'temp', users: [{ username: 'tmpuser', passwd: 't' }] } });
    await call(url, 'DELETE', '/_api/database/temp');
    await call(url, 'POST', '/_api/database', { body: { name: 'temp' } });
    expect((await call(url, 'GET', '/_api/user/tmpuser/database/temp')).json.result).toBe('none');
  });
});
