import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signJwt, startCluster, type Coordinator, type EmulatorCluster } from 'arangots-emulator';
import { call, ioTurns, PASSWORD } from './http.js';

let cluster: EmulatorCluster;
let a: Coordinator;
let b: Coordinator;

beforeAll(async () => {
  cluster = await startCluster({ coordinators: 2, rootPassword: PASSWORD });
  [a, b] = cluster.coordinators as [Coordinator, Coordinator];
});
afterAll(() => cluster.close());

async function submit(url: string, method: string, path: string, body?: unknown): Promise<string> {
  const r = await call(url, method, path, { headers: { 'x-arango-async': 'store' }, ...(body !== undefined ? { body } : {}) });
  expect(r.status).toBe(202);
  expect(r.raw.length).toBe(0);
  const id = r.headers['x-arango-async-id'];
  expect(typeof id).toBe('string');
  return id as string;
}

/** Polls GET /_api/job/{id} until the job is done (200); never asserts timings. */
async function waitDone(url: string, id: string, auth?: [string, string] | string): Promise<void> {
  // a deadline, not a number of polls: a loaded machine may run the job late
  for (const until = Date.now() + 20_000; Date.now() < until;) {
    const r = await call(url, 'GET', `/_api/job/${id}`, auth !== undefined ? { auth } : {});
    if (r.status === 200) return;
    expect(r.status).toBe(204);
    await new Promise((res) => setTimeout(res, 5));
  }
  throw new Error(`job ${id} never finished`);
}

describe('x-arango-async: store', () => {
  it('stores the result once, with the original status, headers and body', async () => {
    const id = await submit(a.url, 'PUT', '/_api/version');
    const owner = cluster.state.nodes.get(a.id);
    expect(Number(BigInt(id) >> 40n)).toBe(owner?.shortId);
    await waitDone(a.url, id);
    expect((await call(a.url, 'GET', '/_api/job/done')).json).toEqual(expect.arrayContaining([id]));
    const r = await call(a.url, 'PUT', `/_api/job/${id}`);
    expect(r.status).toBe(200);
    expect(r.headers['x-arango-async-id']).toBe(id);
    expect(r.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(r.json).toMatchObject({ server: 'arango' });
    const again = await call(a.url, 'PUT', `/_api/job/${id}`);
    expect(again.status).toBe(404);
    expect(again.json).toEqual({ error: true, code: 404, errorNum: 404, errorMessage: 'not found' });
    expect(again.headers['x-arango-async-id']).toBeUndefined();
  });

  it('stores error answers as they were', async () => {
    const id = await submit(a.url, 'POST', '/_api/database', { name: '1-invalid' });
    await waitDone(a.url, id);
    const r = await call(a.url, 'PUT', `/_api/job/${id}`);
    expect(r.status).toBe(400);
    expect(r.json).toMatchObject({ error: true, code: 400, errorNum: 1229 });
    expect(r.headers['x-arango-async-id']).toBe(id);
  });

  it('runs the request for real', async () => {
    const id = await submit(a.url, 'POST', '/_api/database', { name: 'made_async' });
    await waitDone(a.url, id);
    expect((await call(b.url, 'GET', '/_api/database')).json.result).toContain('made_async');
    expect((await call(a.url, 'PUT', `/_api/job/${id}`)).status).toBe(201);
  });

  it('serves a job from another coordinator as a forwarded request', async () => {
    const id = await submit(a.url, 'PUT', '/_api/version');
    await waitDone(b.url, id);
    const r = await call(b.url, 'PUT', `/_api/job/${id}`);
    expect(r.status).toBe(200);
    expect(r.headers['x-arango-request-forwarded-to']).toBe(a.id);
    expect(r.headers['x-arango-async-id']).toBe(id);
  });

  it('keeps listings local to the coordinator', async () => {
    const id = await submit(a.url, 'PUT', '/_api/version');
    await waitDone(a.url, id);
    expect((await call(a.url, 'GET', '/_api/job/done')).json).toContain(id);
    expect((await call(b.url, 'GET', '/_api/job/done')).json).not.toContain(id);
    expect((await call(a.url, 'GET', '/_api/job/pending')).json).toEqual([]);
    expect((await call(a.url, 'GET', '/_api/job/done?count=0')).json).toEqual([]);
  });

  it('answers 404 / 1449 while the owner is stopped', async () => {
    const id = await submit(b.url, 'PUT', '/_api/version');
    await waitDone(b.url, id);
    await b.stop();
    try {
      const r = await call(a.url, 'PUT', `/_api/job/${id}`);
      expect(r.json).toMatchObject({ code: 404, errorNum: 1449 });
    } finally {
      await b.start();
    }
    // the client pool sees its sockets to the stopped b closed before it is used again
    await ioTurns();
    // The restarted owner forgot the stored result, as a restarted ArangoDB coordinator does.
    expect((await call(b.url, 'PUT', `/_api/job/${id}`)).json).toMatchObject({ code: 404, errorNum: 404 });
  });

  it('deletes single, all and expired results', async () => {
    const one = await submit(a.url, 'PUT', '/_api/version');
    await waitDone(a.url, one);
    expect((await call(a.url, 'DELETE', `/_api/job/${one}`)).json).toEqual({ result: true });
    expect((await call(a.url, 'GET', `/_api/job/${one}`)).status).toBe(404);
    expect((await call(a.url, 'DELETE', '/_api/job/AreYouThere')).json).toEqual({ error: true, code: 404, errorNum: 404, errorMessage: 'not found' });

    const old = await submit(a.url, 'PUT', '/_api/version');
    await waitDone(a.url, old);
    const stamp = Date.now() / 1000 + 1;
    expect((await call(a.url, 'DELETE', `/_api/job/expired?stamp=${stamp}`)).json).toEqual({ result: true });
    expect((await call(a.url, 'GET', `/_api/job/${old}`)).status).toBe(404);
    expect((await call(a.url, 'DELETE', '/_api/job/expired')).status).toBe(400);

    const x = await submit(a.url, 'PUT', '/_api/version');
    const y = await submit(b.url, 'PUT', '/_api/version');
    await waitDone(a.url, x);
    await waitDone(b.url, y);
    expect((await call(a.url, 'DELETE', '/_api/job/all')).json).toEqual({ result: true });
    expect((await call(a.url, 'GET', `/_api/job/${x}`)).status).toBe(404);
    // `all` only clears the coordinator asked.
    expect((await call(b.url, 'GET', `/_api/job/${y}`)).status).toBe(200);
  });

  it('cancels jobs and rejects bad ids', async () => {
    const id = await submit(a.url, 'PUT', '/_api/version');
    expect((await call(a.url, 'PUT', `/_api/job/${id}/cancel`)).json).toEqual({ result: true });
    expect((await call(a.url, 'PUT', '/_api/job/123456/cancel')).status).toBe(404);
    expect((await call(a.url, 'PUT', '/_api/job')).json).toEqual({ error: true, code: 400, errorNum: 400, errorMessage: 'bad parameter' });
    expect((await call(a.url, 'PUT', '/_api/job/notthere')).json).toMatchObject({ code: 404, errorNum: 404 });
  });

  it('still checks authentication before accepting a job', async () => {
    const r = await call(a.url, 'PUT', '/_api/version', { auth: null, headers: { 'x-arango-async': 'store' } });
    expect(r.status).toBe(401);
    expect(r.headers['x-arango-async-id']).toBeUndefined();
  });
});

describe('x-arango-async: true', () => {
  it('answers 202 at once and runs the request without keeping a result', async () => {
    const r = await call(a.url, 'POST', '/_api/database', { headers: { 'x-arango-async': 'true' }, body: { name: 'fire_and_forget' } });
    expect(r.status).toBe(202);
    expect(r.headers['x-arango-async-id']).toBeUndefined();
    for (const until = Date.now() + 20_000; Date.now() < until;) {
      if (((await call(a.url, 'GET', '/_api/database')).json.result as string[]).includes('fire_and_forget')) return;
      await new Promise((res) => setTimeout(res, 5));
    }
    throw new Error('fire-and-forget request never ran');
  });
});

describe('job ownership', () => {
  const alice: [string, string] = ['alice', 'a-pw'];
  const bob: [string, string] = ['bob', 'b-pw'];

  beforeAll(async () => {
    for (const [user, passwd] of [alice, bob]) {
      expect((await call(a.url, 'POST', '/_api/user', { body: { user, passwd } })).status).toBe(201);
      expect((await call(a.url, 'PUT', `/_api/user/${user}/database/_system`, { body: { grant: 'rw' } })).status).toBe(200);
    }
  });

  async function submitAs(auth: [string, string] | string, path: string): Promise<string> {
    const r = await call(a.url, 'PUT', path, { auth, headers: { 'x-arango-async': 'store' } });
    expect(r.status).toBe(202);
    return r.headers['x-arango-async-id'] as string;
  }

  it("another user's job answers as an unknown one, everywhere", async () => {
    const id = await submitAs(alice, '/_api/version');
    await waitDone(a.url, id, alice);
    const unknown = { error: true, code: 404, errorNum: 404, errorMessage: 'not found' };
    // bob: not listed, not readable, not cancellable, not deletable, from either coordinator
    expect((await call(a.url, 'GET', '/_api/job/done', { auth: bob })).json).not.toContain(id);
    for (const url of [a.url, b.url]) {
      const get = await call(url, 'GET', `/_api/job/${id}`, { auth: bob });
      expect(get.status).toBe(404);
      expect(get.json).toEqual(unknown);
      const put = await call(url, 'PUT', `/_api/job/${id}`, { auth: bob });
      expect(put.status).toBe(404);
      expect(put.json).toEqual(unknown);
      expect(put.headers['x-arango-async-id']).toBeUndefined();
      const cancel = await call(url, 'PUT', `/_api/job/${id}/cancel`, { auth: bob });
      expect(cancel.status).toBe(404);
      expect(cancel.json).toEqual({ error: true, code: 404, errorNum: 404, errorMessage: `could not find job (${id}) in AsyncJobManager during cancel operation` });
      const del = await call(url, 'DELETE', `/_api/job/${id}`, { auth: bob });
      expect(del.status).toBe(404);
      expect(del.json).toEqual(unknown);
    }
    expect((await call(a.url, 'DELETE', '/_api/job/all', { auth: bob })).status).toBe(200);
    expect((await call(a.url, 'DELETE', `/_api/job/expired?stamp=${Date.now() / 1000 + 60}`, { auth: bob })).status).toBe(200);
    // root (a user, not a superuser) does not see it either
    expect((await call(a.url, 'GET', '/_api/job/done')).json).not.toContain(id);
    expect((await call(a.url, 'GET', `/_api/job/${id}`)).status).toBe(404);
    // alice still has it
    expect((await call(a.url, 'GET', '/_api/job/done', { auth: alice })).json).toContain(id);
    const mine = await call(a.url, 'PUT', `/_api/job/${id}`, { auth: alice });
    expect(mine.status).toBe(200);
    expect(mine.json).toMatchObject({ server: 'arango' });
  });

  it("keeps the JWT of someone's async login to them", async () => {
    const r = await call(a.url, 'POST', '/_open/auth', { auth: null, headers: { 'x-arango-async': 'store' }, body: { username: 'root', password: PASSWORD } });
    expect(r.status).toBe(202);
    const id = r.headers['x-arango-async-id'] as string;
    const superuser = signJwt({ iss: 'arangodb', server_id: 'test' }, cluster.state.jwtSecret);
    await waitDone(a.url, id, superuser);
    // an unauthenticated submission belongs to nobody a user can be
    expect((await call(a.url, 'GET', '/_api/job/done', { auth: bob })).json).not.toContain(id);
    expect((await call(a.url, 'PUT', `/_api/job/${id}`, { auth: bob })).status).toBe(404);
  });

  it('a superuser token sees and fetches every job', async () => {
    const id = await submitAs(bob, '/_api/version');
    await waitDone(a.url, id, bob);
    const superuser = signJwt({ iss: 'arangodb', server_id: 'test' }, cluster.state.jwtSecret);
    expect((await call(a.url, 'GET', '/_api/job/done', { auth: superuser })).json).toContain(id);
    const r = await call(b.url, 'PUT', `/_api/job/${id}`, { auth: superuser });
    expect(r.status).toBe(200);
    expect(r.headers['x-arango-async-id']).toBe(id);
  });
});
