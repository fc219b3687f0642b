/**
 * The request pipeline (router index, cached credentials, body reading, response writing) and
 * the database lifecycle hooks of the shared state.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Readable } from 'node:stream';
import { request } from 'undici';
import { startCluster, type EmulatorCluster } from 'arangots-emulator';
import { Router, type EmuResponse, type Handler } from '../src/http/router.js';
import { ArangoHttpError } from '../src/errors.js';
import { NodeStats } from '../src/store/server-state.js';
import { basic, call, PASSWORD } from './http.js';

let cluster: EmulatorCluster;
let url: string;

beforeAll(async () => {
  cluster = await startCluster({ coordinators: 2, rootPassword: PASSWORD });
  url = cluster.urls[0] as string;
});
afterAll(() => cluster.close());

function named(name: string): Handler {
  return (): EmuResponse => ({ status: 200, body: name });
}

function routeError(fn: () => unknown): { status: number; errorNum: number } {
  try {
    fn();
  } catch (e) {
    if (e instanceof ArangoHttpError) return { status: e.status, errorNum: e.errorNum };
    throw e;
  }
  throw new Error('expected a routing error');
}

async function answer(r: ReturnType<Router['match']>): Promise<unknown> {
  return (await r.handler({} as Parameters<Handler>[0])).body;
}

describe('router', () => {
  const router = new Router()
    .get('/_api/collection/:name', named('one'))
    .get('/_api/collection/:name/properties', named('props'))
    .get('/_api/collection/:name/:other', named('two-captures'))
    .put('/_api/collection/:name/properties', named('put-props'))
    .get('/_api/document/:collection/:key', named('doc'))
    .head('/_api/document/:collection/:key', named('doc-head'))
    .get('/_api/version', named('version'))
    .get('/_admin/foxx/*rest', named('rest'))
    .get('/:anything/lonely', named('general'));

  it('prefers literal segments over captures and decodes captures', async () => {
    const m = router.match('GET', '/_api/collection/a%20b/properties');
    expect(await answer(m)).toBe('props');
    expect(m.params).toEqual({ name: 'a b' });
    const two = router.match('GET', '/_api/collection/x/figures');
    expect(await answer(two)).toBe('two-captures');
    expect(two.params).toEqual({ name: 'x', other: 'figures' });
    expect(await answer(router.match('GET', '/_api/collection/x'))).toBe('one');
    expect(await answer(router.match('PUT', '/_api/collection/x/properties'))).toBe('put-props');
  });

  it('answers HEAD with the HEAD route, else the GET route', async () => {
    expect(await answer(router.match('HEAD', '/_api/document/c/k'))).toBe('doc-head');
    expect(await answer(router.match('HEAD', '/_api/version'))).toBe('version');
  });

  it('captures the rest of the path and finds routes whose first segment is a capture', async () => {
    const m = router.match('GET', '/_admin/foxx/a/b%2Fc/d');
    expect(await answer(m)).toBe('rest');
    expect(m.params).toEqual({ rest: 'a/b/c/d' });
    expect(await answer(router.match('GET', '/x/lonely'))).toBe('general');
  });

  it('answers 405 for a known path with another method, 404 for unknown paths, 400 for bad escapes', () => {
    expect(routeError(() => router.match('DELETE', '/_api/version'))).toEqual({ status: 405, errorNum: 405 });
    expect(routeError(() => router.match('GET', '/_api/nothing/here'))).toEqual({ status: 404, errorNum: 404 });
    expect(routeError(() => router.match('GET', '/_api/version/extra'))).toEqual({ status: 404, errorNum: 404 });
    expect(routeError(() => router.match('GET', '/'))).toEqual({ status: 404, errorNum: 404 });
    expect(routeError(() => router.match('GET', '/_api/collection/%zz'))).toEqual({ status: 400, errorNum: 400 });
  });

  it('finds routes added after the first lookup', async () => {
    const r = new Router().get('/_api/a', named('a'));
    expect(await answer(r.match('GET', '/_api/a'))).toBe('a');
    r.get('/_api/b/:x', named('b'));
    expect(await answer(r.match('GET', '/_api/b/1'))).toBe('b');
    expect(routeError(() => r.match('GET', '/_api/c'))).toEqual({ status: 404, errorNum: 404 });
  });
});

describe('cached credentials', () => {
  it('stops accepting a basic-auth header when the password changes, the user is deactivated or removed', async () => {
    await call(url, 'POST', '/_api/user', { body: { user: 'cache-u', passwd: 'first' } });
    await call(url, 'PUT', '/_api/user/cache-u/database/_system', { body: { grant: 'ro' } });
    const other = cluster.urls[1] as string;
    expect((await call(url, 'GET', '/_api/version', { auth: ['cache-u', 'first'] })).status).toBe(200);
    expect((await call(other, 'GET', '/_api/version', { auth: ['cache-u', 'first'] })).status).toBe(200);

    expect((await call(url, 'PATCH', '/_api/user/cache-u', { body: { passwd: 'second' } })).status).toBe(200);
    expect((await call(url, 'GET', '/_api/version', { auth: ['cache-u', 'first'] })).status).toBe(401);
    expect((await call(other, 'GET', '/_api/version', { auth: ['cache-u', 'first'] })).status).toBe(401);
    expect((await call(url, 'GET', '/_api/version', { auth: ['cache-u', 'second'] })).status).toBe(200);

    await call(url, 'PATCH', '/_api/user/cache-u', { body: { active: false } });
    expect((await call(url, 'GET', '/_api/version', { auth: ['cache-u', 'second'] })).status).toBe(401);
    await call(url, 'PATCH', '/_api/user/cache-u', { body: { active: true } });
    expect((await call(url, 'GET', '/_api/version', { auth: ['cache-u', 'second'] })).status).toBe(200);

    // PUT without passwd resets it to empty (ArangoDB's replace semantics).
    await call(url, 'PUT', '/_api/user/cache-u', { body: {} });
    expect((await call(url, 'GET', '/_api/version', { auth: ['cache-u', 'second'] })).status).toBe(401);
    expect((await call(url, 'GET', '/_api/version', { auth: ['cache-u', ''] })).status).toBe(200);

    await call(url, 'DELETE', '/_api/user/cache-u');
    expect((await call(url, 'GET', '/_api/version', { auth: ['cache-u', ''] })).status).toBe(401);
    // Re-created with the same password: a new account, accepted again (after its grant).
    await call(url, 'POST', '/_api/user', { body: { user: 'cache-u', passwd: '' } });
    await call(url, 'PUT', '/_api/user/cache-u/database/_system', { body: { grant: 'ro' } });
    expect((await call(url, 'GET', '/_api/version', { auth: ['cache-u', ''] })).status).toBe(200);
  });

  it('keeps checking the user behind a verified JWT', async () => {
    await call(url, 'POST', '/_api/user', { body: { user: 'cache-j', passwd: 'pw' } });
    await call(url, 'PUT', '/_api/user/cache-j/database/_system', { body: { grant: 'ro' } });
    const login = await call(url, 'POST', '/_open/auth', { auth: null, body: { username: 'cache-j', password: 'pw' } });
    const jwt = login.json.jwt as string;
    expect((await call(url, 'GET', '/_api/version', { auth: jwt })).status).toBe(200);
    expect((await call(url, 'GET', '/_api/version', { auth: jwt })).status).toBe(200);
    await call(url, 'PATCH', '/_api/user/cache-j', { body: { active: false } });
    expect((await call(url, 'GET', '/_api/version', { auth: jwt })).status).toBe(401);
    await call(url, 'DELETE', '/_api/user/cache-j');
    expect((await call(url, 'GET', '/_api/version', { auth: jwt })).status).toBe(401);
  });

  it('never accepts a wrong password for a cached user', async () => {
    expect((await call(url, 'GET', '/_api/version')).status).toBe(200);
    const wrong = await call(url, 'GET', '/_api/version', { auth: ['root', `${PASSWORD}x`] });
    expect(wrong.status).toBe(401);
    expect(wrong.text).not.toContain(PASSWORD);
  });
});

describe('request bodies and answers', () => {
  it('reads chunked bodies and bodies in several packets', async () => {
    await call(url, 'POST', '/_api/collection', { body: { name: 'pipeline' } });
    const parts = ['{"_key":"chunked",', '"v":', '1}'];
    const res = await request(`${url}/_api/document/pipeline`, {
      method: 'POST',
      headers: { authorization: basic('root', PASSWORD), 'content-type': 'application/json' },
      body: Readable.from(parts.map((p) => Buffer.from(p))),
    });
    expect(res.statusCode).toBe(202);
    await res.body.text();
    const doc = await call(url, 'GET', '/_api/document/pipeline/chunked');
    expect(doc.json).toMatchObject({ _key: 'chunked', v: 1 });
  });

  it('answers a POST without a body with 400 / 600', async () => {
    const r = await call(url, 'POST', '/_api/document/pipeline');
    expect(r.status).toBe(400);
    expect(r.json.errorNum).toBe(600);
  });

  it('serves /_db/{name} without a trailing path as the database root', async () => {
    const r = await call(url, 'GET', '/_db/_system');
    expect(r.status).toBe(404);
    expect(r.json.errorNum).toBe(404);
    expect((await call(url, 'GET', '/_db/_system/_api/version')).status).toBe(200);
    expect((await call(url, 'GET', '/_db/%zz/_api/version')).status).toBe(400);
  });

  it('sends ArangoDB headers and an exact content-length on every answer', async () => {
    for (const path of ['/_api/version', '/_api/document/pipeline/chunked', '/_api/nothing']) {
      const r = await call(url, 'GET', path);
      expect(r.headers.server).toBe('ArangoDB');
      expect(r.headers['x-content-type-options']).toBe('nosniff');
      expect(r.headers['x-arango-queue-time-seconds']).toBe('0.000000');
      expect(Number(r.headers['content-length'])).toBe(r.raw.length);
    }
    cluster.coordinators[0]?.setLatency(20);
    try {
      expect((await call(url, 'GET', '/_api/version')).headers['x-arango-queue-time-seconds']).toBe('0.020000');
    } finally {
      cluster.coordinators[0]?.setLatency(0);
    }
    expect((await call(url, 'GET', '/_api/version')).headers['x-arango-queue-time-seconds']).toBe('0.000000');
  });
});

describe('api-calls ring', () => {
  it('keeps the newest 1024 calls, oldest first', () => {
    const stats = new NodeStats();
    for (let i = 0; i < 1030; i++) stats.recordCall('GET', `/p/${i}`, '_system');
    const calls = stats.recentCalls;
    expect(calls).toHaveLength(1024);
    expect(calls[0]?.path).toBe('/p/6');
    expect(calls[1023]?.path).toBe('/p/1029');
    expect(calls[0]?.timeStamp).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it('lists this server\'s calls newest first', async () => {
    await call(url, 'GET', '/_api/version');
    const r = await call(url, 'GET', '/_admin/server/api-calls');
    const calls = (r.json.result as { calls: Array<{ path: string; requestType: string }> }).calls;
    expect(calls[0]).toMatchObject({ path: '/_admin/server/api-calls', requestType: 'GET' });
    expect(calls[1]).toMatchObject({ path: '/_api/version' });
  });
});

describe('dropping a database', () => {
  it('aborts its stream transactions and marks its collections dropped', async () => {
    expect((await call(url, 'POST', '/_api/database', { body: { name: 'dropme' } })).status).toBe(201);
    await call(url, 'POST', '/_db/dropme/_api/collection', { body: { name: 'c' } });
    const begin = await call(url, 'POST', '/_db/dropme/_api/transaction/begin', { body: { collections: { write: ['c'] } } });
    expect(begin.status).toBe(201);
    const id = (begin.json.result as { id: string }).id;
    const db = cluster.state.database('dropme');
    const tx = db.transactions.get(id);
    const coll = db.collection('c');
    expect(tx?.status).toBe('running');
    expect((await call(url, 'DELETE', '/_api/database/dropme')).status).toBe(200);
    expect(tx?.status).toBe('aborted');
    expect(coll.dropped).toBe(true);
    expect((await call(url, 'GET', `/_db/dropme/_api/transaction/${id}`)).status).toBe(404);
  });
});

describe('access tokens need no database access', () => {
  it('lets a user without any grant manage their own tokens, and refuses others\' with 403', async () => {
    await call(url, 'POST', '/_api/user', { body: { user: 'nogrant', passwd: 'np' } });
    const me: [string, string] = ['nogrant', 'np'];
    expect((await call(url, 'GET', '/_api/version', { auth: me })).status).toBe(401);
    const validUntil = Math.floor(Date.now() / 1000) + 600;
    const created = await call(url, 'POST', '/_api/token/nogrant', { auth: me, body: { name: 'mine', valid_until: validUntil } });
    expect(created.status).toBe(200);
    const list = await call(url, 'GET', '/_api/token/nogrant', { auth: me });
    expect(list.status).toBe(200);
    expect((list.json.tokens as unknown[]).length).toBe(1);
    const other = await call(url, 'GET', '/_api/token/root', { auth: me });
    expect(other.status).toBe(403);
    expect(other.json.errorNum).toBe(11);
    expect((await call(url, 'DELETE', `/_api/token/nogrant/${String(created.json.id)}`, { auth: me })).status).toBe(200);
    expect(((await call(url, 'GET', '/_api/token/nogrant', { auth: me })).json.tokens as unknown[]).length).toBe(0);
    // Still no access to the database itself.
    expect((await call(url, 'GET', '/_api/collection', { auth: me })).status).toBe(401);
  });
});

describe('boolean query parameters', () => {
  it('read as ArangoDB reads them: true/yes/on/y/1 are true, anything else false', async () => {
    for (const v of ['true', 'yes', 'on', 'y', '1', 'True']) {
      const r = await call(url, 'GET', `/_api/version?details=${v}`);
      expect(r.json.details, v).toBeTypeOf('object');
    }
    for (const v of ['false', '0', 'no', '']) {
      const r = await call(url, 'GET', `/_api/version?details=${v}`);
      expect(r.json.details, v).toBeUndefined();
    }
    const full = await call(url, 'GET', '/_api/user/root/database?full=1');
    expect((full.json.result as Record<string, unknown>)._system).toMatchObject({ permission: 'rw' });
  });
});
