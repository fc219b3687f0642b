/**
 * No name ever becomes a dot segment on the wire (issue 15). `.` and `..` are valid document keys
 * and are reached through the many-document API, which carries the key in the body; names
 * ArangoDB refuses are refused before sending; names whose API carries them only in the URL path
 * are refused with what to do instead.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArangoClient, ArangoClientError, ArangoServerError, errors, type Collection, type Database } from 'arangots';
import { startTestServer, uniqueName, type TestServer } from './helpers/server.js';
import { recordingHttpClient, type Recorder } from './helpers/recording-http.js';

let server: TestServer;
let client: ArangoClient;
let rec: Recorder;
let sys: Database;
let db: Database;
let c: Collection;

beforeAll(async () => {
  server = await startTestServer({ coordinators: 2 });
  rec = recordingHttpClient();
  client = new ArangoClient({ hosts: server.urls, httpClient: rec.factory });
  sys = await client.db('_system', { username: server.username, password: server.password });
  db = await sys.createDatabase(uniqueName('names'));
  c = await db.createCollection('dots');
});

afterAll(async () => {
  // Whatever ran, no request went out with a dot segment in its path.
  const dotted = rec?.log.filter((r) => r.path.split('?')[0]?.split('/').some((s) => s === '.' || s === '..'));
  await sys?.deleteDatabase(db.name, { ignoreMissing: true });
  await client?.close();
  await server?.close();
  expect(dotted ?? []).toEqual([]);
});

describe('document keys "." and ".."', () => {
  it('get, has, update, replace and delete work, and none puts the key in the path', async () => {
    for (const key of ['..', '.']) {
      const before = rec.log.length;
      const inserted = await c.insert({ _key: key, v: 1 });
      expect(inserted._key).toBe(key);
      expect(await c.get(key)).toMatchObject({ _key: key, _id: `dots/${key}`, v: 1 });
      expect(await c.get(`dots/${key}`)).toMatchObject({ _key: key });
      expect(await c.has(key)).toBe(true);

      const updated = await c.update(key, { w: 2 }, { returnNew: true });
      expect(updated.new).toMatchObject({ _key: key, v: 1, w: 2 });
      const replaced = await c.replace(key, { z: 3 }, { returnNew: true, returnOld: true });
      expect(replaced.old).toMatchObject({ v: 1, w: 2 });
      expect(replaced.new).toMatchObject({ _key: key, z: 3 });
      expect(replaced.new).not.toHaveProperty('v');

      // Revision preconditions behave as with If-Match on the single-document API: 412/1200.
      const stale = await c.update({ _key: key, _rev: inserted._rev }, { q: 1 }).catch((e: unknown) => e);
      expect(stale).toBeInstanceOf(ArangoServerError);
      expect((stale as ArangoServerError).httpCode).toBe(412);
      expect((stale as ArangoServerError).errorNum).toBe(errors.ERROR_ARANGO_CONFLICT);
      const current = await c.get(key);
      expect(await c.replace({ _key: key, _rev: current!._rev }, { ok: true })).toMatchObject({ _key: key });

      const removed = await c.delete(key, { returnOld: true });
      expect(removed.old).toMatchObject({ ok: true });
      expect(await c.get(key)).toBeNull();
      expect(await c.has(key)).toBe(false);
      expect(await c.delete(key, { ignoreMissing: true })).toBeNull();
      const missing = await c.get(key, { graceful: false }).catch((e: unknown) => e);
      expect(missing).toBeInstanceOf(ArangoServerError);
      expect((missing as ArangoServerError).httpCode).toBe(404);
      expect((missing as ArangoServerError).errorNum).toBe(errors.ERROR_ARANGO_DOCUMENT_NOT_FOUND);
      const gone = await c.delete(key).catch((e: unknown) => e);
      expect((gone as ArangoServerError).errorNum).toBe(errors.ERROR_ARANGO_DOCUMENT_NOT_FOUND);

      // Every one of these went to the collection's many-document route.
      const paths = rec.log.slice(before).map((r) => r.path.split('?')[0]);
      expect(paths.every((p) => p === `/_db/${db.name}/_api/document/dots`)).toBe(true);
    }
  });

  it('works inside a stream transaction too', async () => {
    await c.insert({ _key: '..', v: 'trx' });
    const trx = await db.beginTransaction({ write: [c] });
    await trx.collection('dots').update('..', { in: 'trx' });
    expect(await trx.collection('dots').get('..')).toMatchObject({ in: 'trx' });
    await trx.commit();
    expect(await c.get('..')).toMatchObject({ v: 'trx', in: 'trx' });
    await c.delete('..');
  });
});

describe('names', () => {
  it('collection and view names ArangoDB refuses are refused before sending', async () => {
    for (const name of ['.', '..', '.x', 'a/b', 'tab\tx']) {
      expect(() => db.collection(name), name).toThrow(ArangoClientError);
      expect(() => db.view(name), name).toThrow(ArangoClientError);
    }
    await expect(db.createCollection('1st')).rejects.toBeInstanceOf(ArangoClientError);
    // A numeric id still addresses an existing collection.
    const id = (await c.info()).id;
    expect((await db.collection(id).info()).name).toBe('dots');
  });

  it('graph, user, analyzer and index names that would be dot segments are refused with what to do instead', async () => {
    expect(() => db.graph('..')).toThrow(/graph name "\.\." would be a dot segment/);
    expect(() => db.analyzer('.')).toThrow(ArangoClientError);
    await expect(db.users.get('..')).rejects.toThrow(/user name/);
    await expect(c.index('dots/..')).rejects.toThrow(/numeric id/);
    const vertices = db.graph('g').vertexCollection('dots');
    await expect(vertices.get('..')).rejects.toThrow(/use db\.collection\("dots"\)/);
  });
});
