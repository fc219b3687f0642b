/**
 * What arangod puts on answers without a body, and when an async request is queued (issue 19
 * item 22): the recorded 3.12.10 answers carry a content-type on 202 (async), 204, 304 and HEAD,
 * and a stored async request becomes a job before its handler checks the method.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type EmulatorCluster } from 'arangots-emulator';
import { call, PASSWORD } from './http.js';

let server: EmulatorCluster;
let url: string;

beforeAll(async () => {
  server = await startServer({ rootPassword: PASSWORD });
  url = server.urls[0] as string;
  await call(url, 'POST', '/_api/collection', { body: { name: 'hdr' } });
});
afterAll(() => server.close());

async function jobResult(id: string): Promise<Awaited<ReturnType<typeof call>>> {
  for (let i = 0; i < 200; i++) {
    const r = await call(url, 'PUT', `/_api/job/${id}`);
    if (r.status !== 204) return r;
    await new Promise((res) => setTimeout(res, 25));
  }
  throw new Error(`job ${id} did not finish`);
}

describe('content-type on answers without a body', () => {
  it('202 async, 204 pending job, 304 not modified: text/plain; HEAD: the JSON type of its GET', async () => {
    const doc = await call(url, 'POST', '/_api/document/hdr', { body: { _key: 'a' } });
    const head = await call(url, 'HEAD', '/_api/document/hdr/a');
    expect(head.status).toBe(200);
    expect(head.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(head.text).toBe('');
    const notModified = await call(url, 'GET', '/_api/document/hdr/a', { headers: { 'if-none-match': `"${String(doc.json._rev)}"` } });
    expect(notModified.status).toBe(304);
    expect(notModified.headers['content-type']).toBe('text/plain; charset=utf-8');
    const queued = await call(url, 'POST', '/_api/cursor', { headers: { 'x-arango-async': 'store' }, body: { query: 'RETURN SLEEP(0.5)' } });
    expect(queued.status).toBe(202);
    expect(queued.headers['content-type']).toBe('text/plain; charset=utf-8');
    const pending = await call(url, 'GET', `/_api/job/${String(queued.headers['x-arango-async-id'])}`);
    expect(pending.status).toBe(204);
    expect(pending.headers['content-type']).toBe('text/plain; charset=utf-8');
  });
});

describe('x-arango-async: store', () => {
  it('queues a request whose method the handler refuses; the job result carries the error', async () => {
    const queued = await call(url, 'PUT', '/_api/collection', { headers: { 'x-arango-async': 'store' }, body: { name: ' this name is invalid ' } });
    expect(queued.status).toBe(202);
    const id = String(queued.headers['x-arango-async-id']);
    const result = await jobResult(id);
    expect(result.status).toBe(400);
    expect(result.headers['x-arango-async-id']).toBe(id);
    expect(result.json).toMatchObject({ error: true, errorNum: 400, errorMessage: 'expected PUT /_api/collection/<collection-name>/<action>' });
    // RestJobHandler::execute answers other methods than GET/PUT/DELETE with 405 / 405
    const wrongMethod = await call(url, 'POST', '/_api/job/all', { headers: { 'x-arango-async': 'store' } });
    expect(wrongMethod.status).toBe(202);
    expect((await jobResult(String(wrongMethod.headers['x-arango-async-id']))).json).toMatchObject({ code: 405, errorNum: 405 });
  });

  it('still answers authentication failures at once', async () => {
    const r = await call(url, 'PUT', '/_api/collection', { auth: ['root', 'wrong'], headers: { 'x-arango-async': 'store' } });
    expect(r.status).toBe(401);
  });
});
