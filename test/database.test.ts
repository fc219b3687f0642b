import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArangoClient, ArangoClientError, Database, errors } from 'arangots';
import type { Connection } from '../src/connection.js';
import type { RequestSpec } from '../src/transport/request.js';
import { startTestServer, uniqueName, type TestServer } from './helpers/server.js';
import { serverError } from './helpers/database.js';

let server: TestServer;
let client: ArangoClient;
let sys: Database;

beforeAll(async () => {
  server = await startTestServer();
  client = new ArangoClient({ hosts: server.urls });
  sys = await client.db('_system', { username: server.username, password: server.password });
});

afterAll(async () => {
  await client?.close();
  await server?.close();
});

function loose<T>(options: Record<string, unknown>): T {
  return options as T;
}

describe('databases', () => {
  it('createDatabase → listed, exists, properties; deleteDatabase removes it', async () => {
    const name = uniqueName('db');
    const db = await sys.createDatabase(name, { options: { sharding: 'flexible', replicationFactor: 2, writeConcern: 1 } });
    expect(db.name).toBe(name);
    expect(await sys.databases()).toContain(name);
    expect(await sys.databases()).toContain(name);
    expect(await sys.databasesAccessibleToUser()).toContain(name);
    expect(await sys.hasDatabase(name)).toBe(true);
    expect(await db.exists()).toBe(true);
    const props = await db.properties();
    expect(props.name).toBe(name);
    expect(props.isSystem).toBe(false);
    expect(typeof props.id).toBe('string');
    expect(props.replicationFactor).toBe(2);
    expect(props.writeConcern).toBe(1);
    expect((await sys.properties()).isSystem).toBe(true);

    expect(await sys.deleteDatabase(name)).toBe(true);
    expect(await sys.hasDatabase(name)).toBe(false);
    expect(await db.exists()).toBe(false);
    expect(await sys.databases()).not.toContain(name);
  });

  it('createDatabase with users grants them access', async () => {
    const name = uniqueName('dbu');
    const user = uniqueName('u');
    const user2 = uniqueName('u');
    const db = await sys.createDatabase(name, {
      users: [
        { username: user, passwd: 'pw-secret', active: true },
        { username: user2, password: 'pw-python' },
      ],
    });
    try {
      const asUser = await client.db(name, { username: user, password: 'pw-secret' });
      expect(await asUser.databasesAccessibleToUser()).toContain(name);
      expect((await asUser.properties()).name).toBe(name);
      const asUser2 = await client.db(name, { username: user2, password: 'pw-python' });
      expect((await asUser2.properties()).name).toBe(name);
    } finally {
      await sys.deleteDatabase(db.name);
      for (const u of [user, user2]) await sys.request({ method: 'DELETE', path: `/_api/user/${encodeURIComponent(u)}`, allowStatus: [404] });
    }
  });

  it('a duplicate name is 409/1207', async () => {
    const name = uniqueName('dup');
    await sys.createDatabase(name);
    try {
      const err = await serverError(sys.createDatabase(name));
      expect(err.httpCode).toBe(409);
      expect(err.errorNum).toBe(errors.ERROR_ARANGO_DUPLICATE_NAME);
    } finally {
      await sys.deleteDatabase(name);
    }
  });

  it('dropping a missing database is 404/1228, or false with ignoreMissing', async () => {
    const err = await serverError(sys.deleteDatabase(uniqueName('missing')));
    expect(err.httpCode).toBe(404);
    expect(err.errorNum).toBe(errors.ERROR_ARANGO_DATABASE_NOT_FOUND);
    expect(await sys.deleteDatabase(uniqueName('missing'), { ignoreMissing: true })).toBe(false);
  });

  it('database management outside _system is 403/1230', async () => {
    const name = uniqueName('nsys');
    const db = await sys.createDatabase(name);
    try {
      const err = await serverError(db.createDatabase(uniqueName('x')));
      expect(err.httpCode).toBe(403);
      expect(err.errorNum).toBe(errors.ERROR_ARANGO_USE_SYSTEM_DATABASE);
      const list = await serverError(db.databases());
      expect(list.errorNum).toBe(errors.ERROR_ARANGO_USE_SYSTEM_DATABASE);
    } finally {
      await sys.deleteDatabase(name);
    }
  });

  it('bad names are refused before sending', async () => {
    await expect(sys.createDatabase('')).rejects.toBeInstanceOf(ArangoClientError);
    await expect(sys.deleteDatabase('')).rejects.toBeInstanceOf(ArangoClientError);
    expect(() => sys.database('')).toThrow(ArangoClientError);
    await expect(sys.createDatabase('ok', { users: [{ username: '' }] })).rejects.toBeInstanceOf(ArangoClientError);
  });

  it('an invalid database name is answered 400/1229 by the server', async () => {
    await expect(sys.createDatabase('_bad/name')).rejects.toBeInstanceOf(ArangoClientError);
    const err = await serverError(sys.request({ method: 'POST', path: '/_api/database', body: { name: '_bad/name' } }));
    expect(err.httpCode).toBe(400);
    expect(err.errorNum).toBe(errors.ERROR_ARANGO_DATABASE_NAME_INVALID);
  });
});

describe('collections through the database', () => {
  let db: Database;
  beforeAll(async () => {
    db = await sys.createDatabase(uniqueName('dbc'));
  });
  afterAll(async () => {
    await sys.deleteDatabase(db.name, { ignoreMissing: true });
  });

  it('createCollection / createEdgeCollection / collections / hasCollection / deleteCollection', async () => {
    const docs = await db.createCollection('docs', { waitForSync: false });
    expect(docs.name).toBe('docs');
    const edges = await db.createEdgeCollection('links');
    expect(edges.name).toBe('links');
    const list = await db.collections({ excludeSystem: true });
    const byName = new Map(list.map((c) => [c.name, c]));
    expect(byName.get('docs')?.type).toBe(2);
    expect(byName.get('links')?.type).toBe(3);
    expect((await db.collections()).length).toBeGreaterThanOrEqual(2);
    expect(await db.hasCollection('docs')).toBe(true);
    expect(await db.hasCollection('nope')).toBe(false);
    expect(await db.deleteCollection('docs')).toBe(true);
    expect(await db.hasCollection('docs')).toBe(false);
    expect(await db.deleteCollection('docs', { ignoreMissing: true })).toBe(false);
    const err = await serverError(db.deleteCollection('docs'));
    expect(err.errorNum).toBe(errors.ERROR_ARANGO_DATA_SOURCE_NOT_FOUND);
  });

  it("createCollection with type 'edge' answers an EdgeCollection; a bad type is refused", async () => {
    const e = await db.createCollection('e2', { type: 'edge' });
    expect((await e.properties()).type).toBe(3);
    await expect(db.createCollection('bad', { type: 7 as 2 })).rejects.toBeInstanceOf(ArangoClientError);
  });

  it('unset options are not sent (bodies, headers and queries carry only what was given)', async () => {
    const sent: RequestSpec[] = [];
    const recording: Connection = {
      databaseName: db.name,
      forDatabase: (n) => db.connection.forDatabase(n),
      send: (spec, parse) => {
        sent.push(spec);
        return db.connection.send(spec, parse);
      },
    };
    const rdb = new Database(recording);
    // Plain-JS callers (or loose TS configs) pass explicit undefined values.
    const c = await rdb.createCollection('unset', loose({ waitForSync: undefined, type: undefined, keyOptions: undefined }));
    expect(sent[0]?.body).toEqual({ name: 'unset' });
    await c.insert({ _key: 'a' }, loose({ returnNew: undefined, silent: false }));
    const q = Object.entries(sent[1]?.query ?? {}).filter(([, v]) => v !== undefined);
    expect(q).toEqual([['silent', false]]);
    await c.get('a', loose({ rev: undefined, allowDirtyRead: undefined }));
    expect(sent[2]?.headers).toEqual({});
    await rdb.beginTransaction(loose({ read: 'unset', lockTimeout: undefined })).then((t) => t.abort());
    expect(sent[3]?.body).toEqual({ collections: { read: ['unset'] } });
  });

  it('request() is a typed escape hatch', async () => {
    const res = await db.request<{ result: { name: string } }>({ method: 'GET', path: '/_api/database/current' });
    expect(res.status).toBe(200);
    expect(res.body.result.name).toBe(db.name);
    const name = await db.request({ method: 'GET', path: '/_api/database/current' }, (r) => (r.body as { result: { name: string } }).result.name);
    expect(name).toBe(db.name);
  });

  it('every call takes an AbortSignal', async () => {
    const ac = new AbortController();
    ac.abort();
    await expect(db.collections({ signal: ac.signal })).rejects.toThrow();
  });
});
