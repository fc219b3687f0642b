import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, type EmulatorCluster } from 'arangots-emulator';
import { call, PASSWORD } from './http.js';

let cluster: EmulatorCluster;
let url: string;

beforeAll(async () => {
  cluster = await startCluster({ coordinators: 2, rootPassword: PASSWORD });
  url = cluster.urls[0] as string;
  await call(url, 'POST', '/_api/database', { body: { name: 'appdb' } });
});
afterAll(() => cluster.close());

describe('/_api/user management', () => {
  it('creates, reads, lists, updates, replaces and deletes users', async () => {
    const created = await call(url, 'POST', '/_api/user', { body: { user: 'alice', passwd: 'a1', extra: { team: 'x' } } });
    expect(created.status).toBe(201);
    expect(created.json).toEqual({ user: 'alice', active: true, extra: { team: 'x' }, error: false, code: 201 });

    const got = await call(cluster.urls[1] as string, 'GET', '/_api/user/alice');
    expect(got.json).toEqual({ user: 'alice', active: true, extra: { team: 'x' }, error: false, code: 200 });

    const list = await call(url, 'GET', '/_api/user');
    expect(list.json.error).toBe(false);
    expect((list.json.result as Array<{ user: string }>).map((u) => u.user)).toEqual(expect.arrayContaining(['root', 'alice']));

    const patched = await call(url, 'PATCH', '/_api/user/alice', { body: { passwd: 'a2' } });
    expect(patched.json).toMatchObject({ user: 'alice', extra: { team: 'x' }, code: 200 });
    expect((await call(url, 'GET', '/_api/version', { auth: ['alice', 'a2'] })).status).toBe(401); // no db access yet
    await call(url, 'PUT', '/_api/user/alice/database/_system', { body: { grant: 'ro' } });
    expect((await call(url, 'GET', '/_api/version', { auth: ['alice', 'a2'] })).status).toBe(200);
    expect((await call(url, 'GET', '/_api/version', { auth: ['alice', 'a1'] })).status).toBe(401);

    const replaced = await call(url, 'PUT', '/_api/user/alice', { body: { passwd: 'a3' } });
    expect(replaced.json).toMatchObject({ user: 'alice', active: true, extra: {} });

    const del = await call(url, 'DELETE', '/_api/user/alice');
    expect(del.status).toBe(202);
    expect(del.json).toEqual({ error: false, code: 202 });
    expect((await call(url, 'GET', '/_api/user/alice')).json).toMatchObject({ code: 404, errorNum: 1703 });
  });

  it('rejects duplicates, bad names and bad fields', async () => {
    await call(url, 'POST', '/_api/user', { body: { user: 'bob' } });
    expect((await call(url, 'POST', '/_api/user', { body: { user: 'bob' } })).json).toMatchObject({ code: 409, errorNum: 1702 });
    expect((await call(url, 'POST', '/_api/user', { body: { user: '' } })).json).toMatchObject({ code: 400, errorNum: 1700 });
    expect((await call(url, 'POST', '/_api/user', { body: { passwd: 'x' } })).json).toMatchObject({ code: 400, errorNum: 1700 });
    expect((await call(url, 'POST', '/_api/user', { body: { user: 'carl', active: 'yes' } })).status).toBe(400);
    expect((await call(url, 'PATCH', '/_api/user/nobody', { body: {} })).json).toMatchObject({ code: 404, errorNum: 1703 });
    expect((await call(url, 'DELETE', '/_api/user/nobody')).json).toMatchObject({ code: 404, errorNum: 1703 });
  });

  it('lets non-admins see only themselves and refuses admin calls', async () => {
    await call(url, 'POST', '/_api/user', { body: { user: 'dave', passwd: 'd' } });
    await call(url, 'PUT', '/_api/user/dave/database/_system', { body: { grant: 'ro' } });
    const auth: [string, string] = ['dave', 'd'];
    const list = await call(url, 'GET', '/_api/user', { auth });
    expect((list.json.result as Array<{ user: string }>).map((u) => u.user)).toEqual(['dave']);
    expect((await call(url, 'GET', '/_api/user/dave', { auth })).status).toBe(200);
    expect((await call(url, 'GET', '/_api/user/root', { auth })).json).toMatchObject({ code: 403, errorNum: 11 });
    expect((await call(url, 'POST', '/_api/user', { auth, body: { user: 'evil' } })).json).toMatchObject({ code: 403, errorNum: 11 });
    // A user may change their own password.
    expect((await call(url, 'PATCH', '/_api/user/dave', { auth, body: { passwd: 'd2' } })).status).toBe(200);
    expect((await call(url, 'GET', '/_api/version', { auth: ['dave', 'd2'] })).status).toBe(200);
  });
});

describe('permissions', () => {
  it('sets, reads and clears database and collection levels', async () => {
    await call(url, 'POST', '/_api/user', { body: { user: 'erin', passwd: 'e' } });
    const set = await call(url, 'PUT', '/_api/user/erin/database/appdb', { body: { grant: 'rw' } });
    expect(set.json).toEqual({ appdb: 'rw', error: false, code: 200 });
    expect((await call(url, 'GET', '/_api/user/erin/database/appdb')).json).toEqual({ error: false, code: 200, result: 'rw' });
    expect((await call(url, 'GET', '/_api/user/erin/database')).json.result).toEqual({ appdb: 'rw' });

    const full = await call(url, 'GET', '/_api/user/erin/database?full=true');
    const result = full.json.result as Record<string, { permission: string; collections?: Record<string, string> }>;
    expect(result.appdb?.permission).toBe('rw');
    expect(result.appdb?.collections?.['*']).toBe('undefined');
    expect(result['*']).toEqual({ permission: 'none' });

    const db = cluster.state.database('appdb');
    db.createCollection({ name: 'reports' }, { cluster: true });
    expect((await call(url, 'GET', '/_api/user/erin/database/appdb/reports')).json.result).toBe('rw');
    const coll = await call(url, 'PUT', '/_api/user/erin/database/appdb/reports', { body: { grant: 'ro' } });
    expect(coll.json).toEqual({ 'appdb/reports': 'ro', error: false, code: 200 });
    expect((await call(url, 'GET', '/_api/user/erin/database/appdb/reports')).json.result).toBe('ro');
    expect((await call(url, 'DELETE', '/_api/user/erin/database/appdb/reports')).status).toBe(202);
    expect((await call(url, 'GET', '/_api/user/erin/database/appdb/reports')).json.result).toBe('rw');
    expect((await call(url, 'DELETE', '/_api/user/erin/database/appdb')).status).toBe(202);
    expect((await call(url, 'GET', '/_api/user/erin/database/appdb')).json.result).toBe('none');
    expect((await call(url, 'GET', '/_api/user/erin/database/_system/_users')).json.result).toBe('none');
  });

  it('validates grants and names', async () => {
    await call(url, 'POST', '/_api/user', { body: { user: 'frank' } });
    expect((await call(url, 'PUT', '/_api/user/frank/database/appdb', { body: { grant: 'admin' } })).status).toBe(400);
    expect((await call(url, 'PUT', '/_api/user/frank/database/appdb', { body: {} })).status).toBe(400);
    expect((await call(url, 'PUT', '/_api/user/frank/database/nodb', { body: { grant: 'ro' } })).json).toMatchObject({ code: 404, errorNum: 1228 });
    expect((await call(url, 'PUT', '/_api/user/ghost/database/appdb', { body: { grant: 'ro' } })).json).toMatchObject({ code: 404, errorNum: 1703 });
    expect((await call(url, 'PUT', '/_api/user/frank/database/*', { body: { grant: 'ro' } })).status).toBe(200);
    expect((await call(url, 'GET', '/_api/user/frank/database/appdb')).json.result).toBe('ro');
  });

  it('enforces database access: 401 without access, 403 for DDL with ro', async () => {
    await call(url, 'POST', '/_api/user', { body: { user: 'gina', passwd: 'g' } });
    const auth: [string, string] = ['gina', 'g'];
    const none = await call(url, 'GET', '/_db/appdb/_api/database/current', { auth });
    expect(none.status).toBe(401);
    expect(none.json.errorNum).toBe(11);
    // Unknown database and a database without access look the same to such a user.
    expect((await call(url, 'GET', '/_db/secretdb/_api/version', { auth })).status).toBe(401);
    await call(url, 'PUT', '/_api/user/gina/database/appdb', { body: { grant: 'ro' } });
    expect((await call(url, 'GET', '/_db/appdb/_api/database/current', { auth })).status).toBe(200);
    expect((await call(url, 'GET', '/_db/appdb/_api/database/user', { auth })).json.result).toEqual(['appdb']);
    // Admin-only calls through a database the user can read: 401 without _system access.
    expect((await call(url, 'POST', '/_db/appdb/_api/user', { auth, body: { user: 'x' } })).status).toBe(401);
  });

  it('answers the ctx permission helpers as documented', async () => {
    const { Context } = await import('../src/http/context.js');
    const state = cluster.state;
    const node = [...state.nodes.values()][0];
    if (!node) throw new Error('no node');
    await call(url, 'POST', '/_api/user', { body: { user: 'hank', passwd: 'h' } });
    state.users.setDatabaseGrant('hank', 'appdb', 'ro');
    state.users.setCollectionGrant('hank', 'appdb', 'reports', 'rw');
    const ctx = new Context(state, node, state.database('appdb'), { kind: 'user', user: 'hank' }, new AbortController().signal);
    expect(() => ctx.requireDatabaseAccess('ro')).not.toThrow();
    expect(() => ctx.requireDatabaseAccess('rw')).toThrow(expect.objectContaining({ status: 403, errorNum: 11 }));
    expect(() => ctx.requireCollectionAccess('reports', 'rw')).not.toThrow();
    expect(() => ctx.requireCollectionAccess('other', 'rw')).toThrow(expect.objectContaining({ status: 403, errorNum: 11 }));
    expect(() => ctx.requireCollectionAccess('other', 'ro')).not.toThrow();
    expect(() => ctx.requireAdmin()).toThrow(expect.objectContaining({ status: 401, errorNum: 11 }));
    const sys = new Context(state, node, state.database('appdb'), { kind: 'superuser' }, new AbortController().signal);
    expect(() => sys.requireAdmin()).not.toThrow();
  });
});
