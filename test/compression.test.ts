import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArangoClient, path, type Database } from 'arangots';
import { dropSystemCollections, startTestServer, uniqueName, type TestServer } from './helpers/server.js';
import { recordingHttpClient, type Recorder } from './helpers/recording-http.js';

let server: TestServer;
const created: string[] = [];

beforeAll(async () => {
  server = await startTestServer({ coordinators: 3 });
});
afterAll(async () => {
  if (server) await dropSystemCollections(server, created);
  await server.close();
});

async function setup(options: ConstructorParameters<typeof ArangoClient>[0]): Promise<{ c: ArangoClient; db: Database; rec: Recorder; name: string }> {
  const rec = recordingHttpClient();
  const c = new ArangoClient({ hosts: server.urls, httpClient: rec.factory, ...options });
  const db = await c.db('_system', { username: server.username, password: server.password });
  const name = uniqueName('z');
  created.push(name);
  await db.request({ method: 'POST', path: '/_api/collection', body: { name } });
  return { c, db, rec, name };
}

/** About 5 MB of documents that compress well but not trivially. */
function bigBatch(): Record<string, unknown>[] {
  return Array.from({ length: 5_000 }, (_, i) => ({ _key: `d${i}`, i, text: `document ${i} `.repeat(80).slice(0, 1_000) }));
}

describe('request compression', () => {
  for (const encoding of ['gzip', 'deflate'] as const) {
    it(`a ${encoding}-compressed 5 MB insert works`, async () => {
      const { c, db, rec, name } = await setup({ compression: { threshold: 64 * 1024, encoding } });
      try {
        const docs = bigBatch();
        const plain = Buffer.byteLength(JSON.stringify(docs));
        expect(plain).toBeGreaterThan(5_000_000);
        const res = await db.request<unknown[]>({ method: 'POST', path: path`/_api/document/${name}`, body: docs });
        expect(res.body).toHaveLength(5_000);
        const sent = rec.log.find((x) => x.method === 'POST' && x.path.endsWith(`/_api/document/${name}`));
        expect(sent?.headers['content-encoding']).toBe(encoding);
        expect(sent?.bodyBytes).toBeLessThan(plain / 5);
        const count = await db.request<{ count: number }>({ method: 'GET', path: path`/_api/collection/${name}/count` });
        expect(count.body.count).toBe(5_000);
        const one = await db.request<{ text: string }>({ method: 'GET', path: path`/_api/document/${name}/d4321` });
        expect(one.body.text).toBe((docs[4321] as { text: string }).text);
      } finally {
        await c.close();
      }
    });
  }

  it('bodies below the threshold are sent as they are', async () => {
    const { c, db, rec, name } = await setup({ compression: { threshold: 64 * 1024 } });
    try {
      await db.request({ method: 'POST', path: path`/_api/document/${name}`, body: { small: true } });
      expect(rec.log.at(-1)?.headers['content-encoding']).toBeUndefined();
    } finally {
      await c.close();
    }
  });
});

describe('response compression', () => {
  it('asks for compressed answers when enabled and decodes them', async () => {
    const { c, db, rec, name } = await setup({ compression: { acceptEncoding: true } });
    try {
      const text = 'x'.repeat(50_000);
      await db.request({ method: 'POST', path: path`/_api/document/${name}`, body: { _key: 'big', text } });
      const res = await db.request<{ text: string }>({ method: 'GET', path: path`/_api/document/${name}/big` });
      expect(res.body.text).toBe(text);
      const exchange = rec.log.at(-1);
      expect(exchange?.headers['accept-encoding']).toBe('gzip, deflate');
      expect(exchange?.responseHeaders?.['content-encoding']).toMatch(/gzip|deflate/);
    } finally {
      await c.close();
    }
  });
});
