import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AbortError,
  ArangoClient,
  ArangoClientError,
  ArangoError,
  ArangoServerError,
  ClientClosedError,
  NetworkError,
  NoHostAvailableError,
  TimeoutError,
  errors,
  path,
  type Database,
} from 'arangots';
import { redactSecrets } from '../src/errors.js';
import { dropSystemCollections, startTestServer, uniqueName, type TestServer } from './helpers/server.js';

let server: TestServer;
let client: ArangoClient;
let db: Database;
const created: string[] = [];

beforeAll(async () => {
  server = await startTestServer({ coordinators: 3 });
  client = new ArangoClient({ hosts: server.urls });
  db = await client.db('_system', { username: server.username, password: server.password });
});
afterAll(async () => {
  if (server) await dropSystemCollections(server, created);
  await client.close();
  await server.close();
});

describe('error classes', () => {
  it('form one hierarchy with stable codes', () => {
    const all = [
      new ArangoClientError('x'),
      new ArangoServerError({ httpCode: 404, errorNum: 1202, errorMessage: 'document not found', method: 'GET', url: 'http://h/_api/document/c/k' }),
      new NetworkError({ message: 'm', hostId: 'http://h', method: 'GET', url: 'http://h/', mayHaveBeenApplied: false }),
      new TimeoutError({ timeout: 5, method: 'GET', url: '/', mayHaveBeenApplied: false }),
      new AbortError({ method: 'GET', url: '/', mayHaveBeenApplied: false }),
      new NoHostAvailableError({ method: 'GET', url: '/', attempts: [{ hostId: 'http://h', reason: 'ECONNREFUSED' }] }),
      new ClientClosedError(),
    ];
    expect(all.map((e) => e.code)).toEqual([
      'ARANGO_CLIENT_ERROR',
      'ARANGO_SERVER_ERROR',
      'ARANGO_NETWORK_ERROR',
      'ARANGO_TIMEOUT',
      'ARANGO_ABORTED',
      'ARANGO_NO_HOST_AVAILABLE',
      'ARANGO_CLIENT_CLOSED',
    ]);
    for (const e of all) {
      expect(e).toBeInstanceOf(ArangoError);
      expect(e).toBeInstanceOf(Error);
      expect(e.name).toBe(e.constructor.name);
      expect(JSON.parse(JSON.stringify(e))).toMatchObject({ name: e.name, code: e.code });
    }
    expect(all[4]?.name).toBe('AbortError');
    expect(all[5]?.message).toBe('GET / failed on every try (1): http://h: ECONNREFUSED');
  });

  it('redactSecrets scrubs a secret a server might echo, through fields, body and cause chain', () => {
    const secret = 'hunter2-Secret';
    const cause = new Error(`socket said ${secret}`);
    const err = new ArangoServerError({
      httpCode: 400,
      errorNum: 10,
      errorMessage: `bad value ${secret}`,
      method: 'POST',
      url: 'http://h/_api/x',
      headers: { 'x-echo': secret },
      body: { errorMessage: `bad value ${secret}`, nested: [{ value: secret }] },
    });
    Object.defineProperty(err, 'cause', { value: new NetworkError({ message: `wrapped ${secret}`, hostId: 'h', method: 'GET', url: 'u', mayHaveBeenApplied: false, cause }) });
    redactSecrets(err, [secret]);
    const text = JSON.stringify([err, err.message, err.stack, err.errorMessage, err.response, (err.cause as Error).message, (err.cause as Error).stack, cause.message, cause.stack]);
    expect(text).not.toContain(secret);
    expect(err.errorMessage).toBe('bad value ***');
  });

  it('export ArangoDB error numbers under ArangoDB’s names', () => {
    expect(errors.ERROR_ARANGO_DOCUMENT_NOT_FOUND).toBe(1202);
    expect(errors.ERROR_ARANGO_CONFLICT).toBe(1200);
    expect(errors.ERROR_FORBIDDEN).toBe(11);
    expect(errors.ERROR_SHUTTING_DOWN).toBe(30);
    expect(errors.ERROR_QUEUE_FULL).toBe(21003);
  });
});

describe('ArangoServerError from a real answer', () => {
  it('carries status, errorNum, message, method and a URL without the query string', async () => {
    const name = uniqueName('e');
    created.push(name);
    await db.request({ method: 'POST', path: '/_api/collection', body: { name } });
    const err = await db
      .request({ method: 'GET', path: path`/_api/document/${name}/missing`, query: { token: 'query-secret-value' } })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ArangoServerError);
    const e = err as ArangoServerError;
    expect(e.httpCode).toBe(404);
    expect(e.errorNum).toBe(errors.ERROR_ARANGO_DOCUMENT_NOT_FOUND);
    expect(e.errorMessage).toMatch(/not found/);
    expect(e.method).toBe('GET');
    expect(server.urls.map((u) => `${u}/_db/_system/_api/document/${name}/missing`)).toContain(e.url);
    expect(server.urls).toContain(e.hostId);
    expect(e.message).toBe(`${e.errorMessage} (HTTP 404, errorNum 1202, GET ${e.url})`);
    expect(JSON.stringify(e)).not.toContain('query-secret-value');
    expect(e.stack).not.toContain('query-secret-value');
    expect(e.response.body).toMatchObject({ error: true, code: 404, errorNum: 1202 });
    expect(e.toJSON()).toEqual({
      name: 'ArangoServerError',
      code: 'ARANGO_SERVER_ERROR',
      httpCode: 404,
      errorNum: 1202,
      errorMessage: e.errorMessage,
      method: 'GET',
      url: e.url,
      hostId: e.hostId,
    });
  });

  it('keeps response headers but drops anything that could carry a credential', async () => {
    const bad = await client.db('_system', { username: server.username, password: 'nope' });
    const err = (await bad.request({ method: 'GET', path: '/_api/version' }).catch((e: unknown) => e)) as ArangoServerError;
    expect(err.httpCode).toBe(401);
    const names = Object.keys(err.response.headers);
    expect(names.length).toBeGreaterThan(0);
    expect(names.some((n) => /auth|cookie|token/i.test(n))).toBe(false);
  });

  it('HEAD errors have no body; the message falls back to the HTTP status text', async () => {
    const err = (await db.request({ method: 'HEAD', path: '/_api/collection/definitely-missing' }).catch((e: unknown) => e)) as ArangoServerError;
    expect(err).toBeInstanceOf(ArangoServerError);
    expect(err.httpCode).toBe(404);
    expect(err.errorNum).toBe(0);
    expect(err.errorMessage).toBe('Not Found');
  });

  it('allowStatus turns an error status into an answer', async () => {
    const res = await db.request({ method: 'GET', path: '/_api/collection/definitely-missing', allowStatus: [404] });
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ errorNum: 1203 });
  });

  it('the stack names the caller’s function and file (V8 async stack traces, no per-call capture)', async () => {
    async function applicationCode(): Promise<unknown> {
      try {
        await db.collection('definitely-missing').get('x');
      } catch (e) {
        return e;
      }
      return undefined;
    }
    async function rawApplicationCode(): Promise<unknown> {
      try {
        await db.request({ method: 'GET', path: '/_api/collection/definitely-missing' });
      } catch (e) {
        return e;
      }
      return undefined;
    }
    for (const [fn, name] of [[applicationCode, 'applicationCode'], [rawApplicationCode, 'rawApplicationCode']] as const) {
      const err = (await fn()) as Error;
      expect(err).toBeInstanceOf(ArangoServerError);
      const frames = (err.stack ?? '').split('\n').slice(1);
      expect(frames.some((f) => f.includes(name) && f.includes('errors.test.ts'))).toBe(true);
    }
  });

  it('captureStackTraces: true makes the caller’s stack, captured at call time, the whole trace', async () => {
    const captured = new ArangoClient({ hosts: server.urls, captureStackTraces: true });
    try {
      const cdb = await captured.db('_system', { username: server.username, password: server.password });
      async function applicationCode(): Promise<unknown> {
        return cdb.request({ method: 'GET', path: '/_api/collection/definitely-missing' }).catch((e: unknown) => e);
      }
      const err = (await applicationCode()) as ArangoServerError;
      expect(err).toBeInstanceOf(ArangoServerError);
      expect(err.errorNum).toBe(1203);
      const frames = (err.stack ?? '').split('\n').slice(1);
      expect(frames.some((f) => f.includes('applicationCode') && f.includes('errors.test.ts'))).toBe(true);
      expect(frames.some((f) => /undici|src\/transport\//.test(f))).toBe(false);
    } finally {
      await captured.close();
    }
    expect(() => new ArangoClient({ captureStackTraces: 'yes' as unknown as boolean })).toThrow(/captureStackTraces/);
  });
});

describe('client-side refusals', () => {
  it('refuses a bad timeout and a bad database name before sending', async () => {
    await expect(db.request({ method: 'GET', path: '/_api/version', timeout: -1 })).rejects.toBeInstanceOf(ArangoClientError);
    await expect(client.db('')).rejects.toThrow(/database name/);
  });
});
