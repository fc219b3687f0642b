import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArangoClient, BadResponseError, path, type Deserializer, type Serializer } from 'arangots';
import { dropSystemCollections, startTestServer, uniqueName, type TestServer } from './helpers/server.js';

let server: TestServer;
const created: string[] = [];

beforeAll(async () => {
  server = await startTestServer({ coordinators: 3 });
});
afterAll(async () => {
  if (server) await dropSystemCollections(server, created);
  await server.close();
});

/** Writes BigInts as plain JSON numbers. */
const bigSerializer: Serializer = (value) =>
  JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? `__bigint__${v}` : v)).replace(/"__bigint__(-?\d+)"/g, '$1');

/** Reads integers beyond 2^53 as BigInts (exact for values a double holds exactly, such as 2^70). */
const bigDeserializer: Deserializer = (text) =>
  JSON.parse(text, (_k, v: unknown) => (typeof v === 'number' && Number.isInteger(v) && !Number.isSafeInteger(v) ? BigInt(v) : v)) as unknown;

describe('serializer / deserializer', () => {
  it('a custom pair round-trips 2n ** 70n through a document', async () => {
    const c = new ArangoClient({ hosts: server.urls, serializer: bigSerializer, deserializer: bigDeserializer });
    try {
      const db = await c.db('_system', { username: server.username, password: server.password });
      const col = await db.createCollection(uniqueName('big'));
      created.push(col.name);
      const big = 2n ** 70n;
      await col.insert({ _key: 'big', n: big } as Record<string, unknown>);
      const doc = await col.get('big');
      expect(doc?.n).toBe(big);
      expect(typeof doc?.n).toBe('bigint');
    } finally {
      await c.close();
    }
  });

  it('a database handle overrides the client’s pair', async () => {
    const calls: string[] = [];
    const c = new ArangoClient({
      hosts: server.urls,
      serializer: (v) => {
        calls.push('client-serialize');
        return JSON.stringify(v);
      },
      deserializer: (t) => {
        calls.push('client-deserialize');
        return JSON.parse(t) as unknown;
      },
    });
    try {
      const db = await c.db('_system', {
        username: server.username,
        password: server.password,
        serializer: (v) => {
          calls.push('db-serialize');
          return JSON.stringify({ ...(v as object), via: 'db' });
        },
        deserializer: (t) => {
          calls.push('db-deserialize');
          return JSON.parse(t) as unknown;
        },
      });
      const name = uniqueName('s');
      created.push(name);
      await db.request({ method: 'POST', path: '/_api/collection', body: { name } });
      calls.length = 0;
      await db.request({ method: 'POST', path: path`/_api/document/${name}`, body: { _key: 'a' } });
      const doc = await db.request<{ via: string }>({ method: 'GET', path: path`/_api/document/${name}/a` });
      expect(doc.body.via).toBe('db');
      // one parse per response, straight from the body
      expect(calls).toEqual(['db-serialize', 'db-deserialize', 'db-deserialize']);
      const plain = await c.db('_system', { username: server.username, password: server.password });
      calls.length = 0;
      await plain.request({ method: 'GET', path: '/_api/version' });
      expect(calls).toEqual(['client-deserialize']);
    } finally {
      await c.close();
    }
  });

  it('a deserializer that throws gives a BadResponseError', async () => {
    const c = new ArangoClient({ hosts: server.urls, deserializer: () => { throw new Error('nope'); } });
    try {
      const db = await c.db('_system', { username: server.username, password: server.password });
      const err = await db.request({ method: 'GET', path: '/_api/version' }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(BadResponseError);
      expect((err as BadResponseError).code).toBe('ARANGO_BAD_RESPONSE');
    } finally {
      await c.close();
    }
  });

  it('text and buffer responses skip the deserializer', async () => {
    const c = new ArangoClient({ hosts: server.urls, deserializer: () => { throw new Error('must not be called'); } });
    try {
      const db = await c.db('_system', { username: server.username, password: server.password });
      const text = await db.request<string>({ method: 'GET', path: '/_api/version', responseType: 'text' });
      expect(JSON.parse(text.body)).toHaveProperty('version');
      const buf = await db.request<Buffer>({ method: 'GET', path: '/_api/version', responseType: 'buffer' });
      expect(Buffer.isBuffer(buf.body)).toBe(true);
    } finally {
      await c.close();
    }
  });
});
