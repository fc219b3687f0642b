import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { AqlApi, ArangoClient, ArangoServerError, NetworkError, aql, errors } from 'arangots';
import type { ArangoResponse, Cursor, Database, RequestSpec } from 'arangots';
import type { Connection } from '../src/connection.js';
import { realServer, startTestServer, uniqueName, type TestServer } from './helpers/server.js';

/** What went over the wire for one call: the request and who answered. */
interface Sent {
  method: string;
  path: string;
  pinnedTo: string | undefined;
  answeredBy: string;
  forwardedTo: unknown;
}

/**
 * A connection that records every request and its answer on the way through to the real one, and
 * can lose answers (the server did the work, the client never sees it) to exercise retries.
 */
class RecordingConnection implements Connection {
  readonly sent: Sent[] = [];
  /** Paths whose next answer is thrown away after the server processed the request. */
  loseAnswerOnce = new Set<string>();

  constructor(private readonly inner: Connection) {}

  get databaseName(): string {
    return this.inner.databaseName;
  }

  async send<T>(spec: RequestSpec, parse: (res: ArangoResponse) => T): Promise<T> {
    let lost = false;
    const value = await this.inner.send(spec, (res) => {
      this.sent.push({
        method: spec.method,
        path: spec.path,
        pinnedTo: spec.hostId,
        answeredBy: res.hostId,
        forwardedTo: res.headers['x-arango-request-forwarded-to'],
      });
      if (this.loseAnswerOnce.delete(spec.path)) {
        lost = true;
        return undefined as T;
      }
      return parse(res);
    });
    if (lost) {
      throw new NetworkError({
        message: `socket closed while reading the answer of ${spec.method} ${spec.path}`,
        hostId: spec.hostId ?? '',
        method: spec.method,
        url: spec.path,
        mayHaveBeenApplied: true,
        errno: 'UND_ERR_SOCKET',
      });
    }
    return value;
  }

  forDatabase(name: string): Connection {
    return this.inner.forDatabase(name);
  }
}

let server: TestServer;
let client: ArangoClient;
let sys: Database;
let db: Database;

beforeAll(async () => {
  server = await startTestServer({ coordinators: 3 });
  client = new ArangoClient({ hosts: server.urls, hostResolver: 'roundrobin' });
  sys = await client.db('_system', { username: server.username, password: server.password });
  db = await sys.createDatabase(uniqueName('cursor'));
});

afterAll(async () => {
  if (db) await sys.deleteDatabase(db.name, { ignoreMissing: true });
  await client?.close();
  await server?.close();
});

/** Asks the owning coordinator for the next batch of a cursor the test expects to be gone. */
async function expectCursorGone(cursor: Cursor<unknown>, id: string): Promise<void> {
  const err = await db
    .request({ method: 'POST', path: `/_api/cursor/${id}`, hostId: cursor.hostId })
    .then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(ArangoServerError);
  expect((err as ArangoServerError).errorNum).toBe(errors.ERROR_CURSOR_NOT_FOUND);
}

describe('Cursor: batches', () => {
  it('streams FOR i IN 1..10000 with batchSize 100 as 10 000 values over 100 batches', async () => {
    const cursor = await db.aql.execute<number>('FOR i IN 1..10000 RETURN i', { batchSize: 100, count: true });
    expect(cursor.count).toBe(10_000);
    expect(cursor.hasMore).toBe(true);
    expect(cursor.id).toMatch(/^\d+$/);
    let batches = 0;
    let expected = 1;
    for await (const batch of cursor.batches) {
      batches++;
      expect(batch).toHaveLength(100);
      for (const value of batch) expect(value).toBe(expected++);
    }
    expect(batches).toBe(100);
    expect(expected - 1).toBe(10_000);
    expect(cursor.hasNext).toBe(false);
    expect(cursor.hasMore).toBe(false);
    expect(await cursor.next()).toBeUndefined();
  });

  it('iterates items with for await, one batch held at a time', async () => {
    const recorder = new RecordingConnection(db.connection);
    const cursor = await new AqlApi(recorder).execute<{ i: number }>(aql`FOR i IN 1..${250} RETURN { i }`, {
      batchSize: 100,
    });
    let sum = 0;
    let n = 0;
    for await (const item of cursor) {
      n++;
      sum += item.i;
      // Lazy: batch k+1 is requested only once batch k is used up.
      expect(recorder.sent.length).toBe(1 + Math.floor((n - 1) / 100));
    }
    expect(n).toBe(250);
    expect(sum).toBe((250 * 251) / 2);
  });

  it('next(), hasNext and all() share one position', async () => {
    const cursor = await db.aql.execute<number>('FOR i IN 1..7 RETURN i', { batchSize: 3 });
    expect(await cursor.next()).toBe(1);
    expect(await cursor.next()).toBe(2);
    expect(await cursor.next()).toBe(3);
    expect(cursor.hasNext).toBe(true);
    expect(await cursor.next()).toBe(4);
    expect(await cursor.all()).toEqual([5, 6, 7]);
    expect(cursor.hasNext).toBe(false);
    expect(await cursor.all()).toEqual([]);
  });

  it('keeps no server cursor when the result fits the first batch', async () => {
    const cursor = await db.aql.execute('FOR i IN 1..5 RETURN i * 2');
    expect(cursor.id).toBeUndefined();
    expect(cursor.hasMore).toBe(false);
    expect(cursor.cached).toBe(false);
    expect(Array.isArray(cursor.extra.warnings)).toBe(true);
    expect(await cursor.all()).toEqual([2, 4, 6, 8, 10]);
    await cursor.close(); // nothing to delete: must not fail
  });

  it('serves concurrent next() calls without skipping or repeating a batch', async () => {
    const cursor = await db.aql.execute<number>('FOR i IN 1..40 RETURN i', { batchSize: 4 });
    const got = await Promise.all(Array.from({ length: 40 }, () => cursor.next()));
    expect([...got].sort((a, b) => (a ?? 0) - (b ?? 0))).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
  });
});

describe('Cursor: closing', () => {
  it('close() deletes the server cursor, is idempotent and ends iteration', async () => {
    const cursor = await db.aql.execute<number>('FOR i IN 1..100 RETURN i', { batchSize: 10 });
    const id = cursor.id ?? '';
    expect(await cursor.next()).toBe(1);
    await cursor.close();
    await cursor.close();
    expect(cursor.hasNext).toBe(false);
    expect(await cursor.next()).toBeUndefined();
    await expectCursorGone(cursor, id);
  });

  it('breaking out of for await closes the server cursor', async () => {
    const cursor = await db.aql.execute<number>('FOR i IN 1..100 RETURN i', { batchSize: 10 });
    const id = cursor.id ?? '';
    for await (const value of cursor) {
      if (value === 15) break;
    }
    expect(cursor.hasMore).toBe(false);
    await expectCursorGone(cursor, id);
  });

  it('a drained cursor is gone on the server and close() sends nothing', async () => {
    const recorder = new RecordingConnection(db.connection);
    const cursor = await new AqlApi(recorder).execute('FOR i IN 1..30 RETURN i', { batchSize: 10 });
    const id = cursor.id ?? '';
    await cursor.all();
    const before = recorder.sent.length;
    await cursor.close();
    expect(recorder.sent.length).toBe(before);
    await expectCursorGone(cursor, id);
  });
});

describe('Cursor: coordinators', () => {
  it('drains a cursor through its creator while round-robin moves other calls', async () => {
    // Round-robin really rotates: three queries are created on three coordinators (one per
    // coordinator: ARANGO_URL may list another number than the emulator's three).
    const creators = new Set<string>();
    for (let i = 0; i < server.urls.length; i++) creators.add((await db.aql.execute('RETURN 1')).hostId);
    expect(creators.size).toBe(server.urls.length);

    const recorder = new RecordingConnection(db.connection);
    const emulator = server.emulator;
    const countsBefore = emulator?.coordinators.map((c) => c.requestCount);
    const cursor = await new AqlApi(recorder).execute<number>('FOR i IN 1..2000 RETURN i', { batchSize: 100 });
    let n = 0;
    for await (const value of cursor) {
      expect(value).toBe(++n);
      // Unrelated calls keep rotating over the coordinators meanwhile.
      if (n % 500 === 0) await db.aql.execute('RETURN 1');
    }
    expect(n).toBe(2000);
    const followUps = recorder.sent.slice(1);
    expect(followUps).toHaveLength(19);
    for (const sent of followUps) {
      expect(sent.path).toBe(`/_api/cursor/${cursor.id ?? ''}`);
      expect(sent.pinnedTo).toBe(cursor.hostId);
      expect(sent.answeredBy).toBe(cursor.hostId);
      expect(sent.forwardedTo).toBeUndefined();
    }
    if (emulator && countsBefore) {
      // Server side: the owner saw the creation and all 19 follow-ups; the 4 unrelated queries
      // went round-robin, so each coordinator got at most 2 of them.
      const owner = emulator.coordinators.findIndex((c) => new URL(c.url).origin === cursor.hostId);
      expect(owner).toBeGreaterThanOrEqual(0);
      const deltas = emulator.coordinators.map((c, i) => c.requestCount - (countsBefore[i] ?? 0));
      expect(deltas.reduce((a, b) => a + b, 0)).toBe(20 + 4);
      expect(deltas[owner]).toBeGreaterThanOrEqual(20);
    }
  });

  it('with allowRetry, a batch whose answer was lost is fetched again by its batch id', async () => {
    const recorder = new RecordingConnection(db.connection);
    const cursor = await new AqlApi(recorder).execute<number>('FOR i IN 1..50 RETURN i', {
      batchSize: 10,
      allowRetry: true,
    });
    const id = cursor.id ?? '';
    // The server advances to batch 2, but the client never sees that answer.
    recorder.loseAnswerOnce.add(`/_api/cursor/${id}/2`);
    const values = await cursor.all();
    expect(values).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    const paths = recorder.sent.slice(1).map((s) => s.path);
    expect(paths).toEqual([2, 2, 3, 4, 5].map((b) => `/_api/cursor/${id}/${b}`));
    for (const sent of recorder.sent.slice(1)) expect(sent.answeredBy).toBe(cursor.hostId);
  });

  it.skipIf(realServer)(
    'a follow-up refused by its owner leaves the cursor where it was (emulator fault injection)',
    async () => {
      const emulator = server.emulator;
      if (emulator === undefined) return;
      const cursor = await db.aql.execute<number>('FOR i IN 1..60 RETURN i', { batchSize: 10 });
      const owner = emulator.coordinators.find((c) => new URL(c.url).origin === cursor.hostId);
      expect(owner).toBeDefined();
      const got: number[] = [];
      for (let i = 0; i < 10; i++) got.push((await cursor.next()) ?? -1);
      // 503s on a pinned request are retried on the same coordinator by the transport.
      owner?.failNext(2, 503);
      for (let i = 0; i < 10; i++) got.push((await cursor.next()) ?? -1);
      // A 500 is final for that call, but the cursor has not moved: reading again continues.
      owner?.failNext(1, 500);
      await expect(cursor.next()).rejects.toMatchObject({ httpCode: 500 });
      got.push(...(await cursor.all()));
      expect(got).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    },
  );

  it('without allowRetry a lost batch is not silently skipped', async () => {
    const recorder = new RecordingConnection(db.connection);
    const cursor = await new AqlApi(recorder).execute<number>('FOR i IN 1..30 RETURN i', { batchSize: 10 });
    recorder.loseAnswerOnce.add(`/_api/cursor/${cursor.id ?? ''}`);
    await expect(cursor.all()).rejects.toBeInstanceOf(NetworkError);
    await cursor.close();
  });
});

describe('Cursor: options and extra', () => {
  it('stream cursors deliver statistics with the last batch', async () => {
    const cursor = await db.aql.execute<number>('FOR i IN 1..3000 RETURN i', { batchSize: 1000, stream: true });
    expect(cursor.count).toBeUndefined();
    let total = 0;
    for await (const batch of cursor.batches) total += batch.length;
    expect(total).toBe(3000);
    expect(cursor.extra.stats).toBeDefined();
    expect(Array.isArray(cursor.extra.warnings)).toBe(true);
  });

  it('fullCount reports the matches before LIMIT', async () => {
    const cursor = await db.aql.execute('FOR i IN 1..500 FILTER i % 2 == 0 LIMIT 5 RETURN i', { fullCount: true });
    expect(await cursor.all()).toEqual([2, 4, 6, 8, 10]);
    expect(cursor.extra.stats?.fullCount).toBe(250);
  });

  it('profile adds phase timings to extra', async () => {
    const cursor = await db.aql.execute('RETURN 1', { profile: true });
    expect(cursor.extra.profile).toBeDefined();
    expect(typeof cursor.extra.profile?.executing).toBe('number');
  });

  it('sends ttl, memoryLimit and count at the top level and query options under options', async () => {
    const specs: RequestSpec[] = [];
    const spy: Connection = {
      databaseName: db.connection.databaseName,
      send: (spec, parse) => {
        specs.push(spec);
        return db.connection.send(spec, parse);
      },
      forDatabase: (name) => db.connection.forDatabase(name),
    };
    const cursor = await new AqlApi(spy).execute('FOR i IN 1..20 RETURN i', {
      batchSize: 5,
      ttl: 60,
      memoryLimit: 10_000_000,
      count: true,
      maxRuntime: 30,
      failOnWarning: true,
    });
    expect(specs[0]?.body).toEqual({
      query: 'FOR i IN 1..20 RETURN i',
      batchSize: 5,
      ttl: 60,
      memoryLimit: 10_000_000,
      count: true,
      options: { maxRuntime: 30, failOnWarning: true },
    });
    expect(cursor.count).toBe(20);
    expect(await cursor.all()).toHaveLength(20);
  });

  it('the execute signal also stops later batch fetches', async () => {
    const controller = new AbortController();
    const cursor = await db.aql.execute<number>('FOR i IN 1..30 RETURN i', { batchSize: 10, signal: controller.signal });
    expect(await cursor.next()).toBe(1);
    controller.abort();
    await expect(cursor.all()).rejects.toMatchObject({ code: 'ARANGO_ABORTED' });
    await cursor.close();
  });
});

describe('Cursor: helpers, typing, transactions', () => {
  it('forEach, map and reduce walk the remaining items lazily', async () => {
    const seen: number[] = [];
    const complete = await (await db.aql.execute<number>('FOR i IN 1..25 RETURN i', { batchSize: 4 })).forEach((v) => {
      seen.push(v);
    });
    expect(complete).toBe(true);
    expect(seen).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));

    const stopped = await db.aql.execute<number>('FOR i IN 1..25 RETURN i', { batchSize: 4 });
    const id = stopped.id ?? '';
    expect(await stopped.forEach((v) => (v === 6 ? false : undefined))).toBe(false);
    await expectCursorGone(stopped, id);

    const squares = await (await db.aql.execute<number>('FOR i IN 1..10 RETURN i', { batchSize: 3 })).map((v) => v * v);
    expect(squares).toEqual([1, 4, 9, 16, 25, 36, 49, 64, 81, 100]);
    const total = await (await db.aql.execute<number>('FOR i IN 1..100 RETURN i', { batchSize: 7 })).reduce((a, v) => a + v, 0);
    expect(total).toBe(5050);
  });

  it('python-arango accessors: batch, empty, fetch, statistics, warnings', async () => {
    const cursor = await db.aql.execute<number>('FOR i IN 1..9 RETURN i', { batchSize: 4 });
    expect(cursor.batch()).toEqual([1, 2, 3, 4]);
    expect(await cursor.next()).toBe(1);
    expect(cursor.batch()).toEqual([2, 3, 4]);
    expect(cursor.empty()).toBe(false);
    expect(await cursor.fetch()).toBe(4);
    expect(cursor.batch()).toEqual([2, 3, 4, 5, 6, 7, 8]);
    expect(await cursor.all()).toEqual([2, 3, 4, 5, 6, 7, 8, 9]);
    expect(cursor.empty()).toBe(true);
    expect(await cursor.fetch()).toBe(0);
    expect(cursor.warnings()).toEqual([]);
    expect(typeof cursor.statistics()?.executionTime).toBe('number');
  });

  it('carries the result type from aql<T> and execute<T>', async () => {
    const typed = await db.aql.execute(aql<{ i: number }>`FOR i IN 1..2 RETURN { i }`);
    expectTypeOf(typed).toEqualTypeOf<Cursor<{ i: number }>>();
    const explicit = await db.aql.execute<{ i: number }>(aql`FOR i IN 1..2 RETURN { i }`);
    expectTypeOf(await explicit.all()).toEqualTypeOf<{ i: number }[]>();
    expect((await typed.all()).map((r) => r.i)).toEqual([1, 2]);
  });

  it('sends allowDirtyReads as the x-arango-allow-dirty-read header', async () => {
    const recorder = new RecordingConnection(db.connection);
    const specs: RequestSpec[] = [];
    const spy: Connection = {
      databaseName: recorder.databaseName,
      send: (spec, parse) => {
        specs.push(spec);
        return recorder.send(spec, parse);
      },
      forDatabase: (name) => recorder.forDatabase(name),
    };
    await (await new AqlApi(spy).execute('RETURN 1', { allowDirtyReads: true })).all();
    await (await new AqlApi(spy).execute('RETURN 1')).all();
    expect(specs[0]?.headers).toEqual({ 'x-arango-allow-dirty-read': 'true' });
    expect(specs[1]?.headers).toBeUndefined();
    expect(JSON.stringify(specs[1]?.body)).toBe('{"query":"RETURN 1"}');
  });

  it('a cursor inside a stream transaction sees its uncommitted writes across batches', async () => {
    const coll = await db.createCollection(uniqueName('trx'));
    const trx = await db.beginTransaction({ write: [coll.name] });
    await trx.aql.execute(aql`FOR i IN 1..${30} INSERT { _key: TO_STRING(i), i } INTO ${coll}`);
    const inside = await trx.aql.execute<number>(aql`FOR d IN ${coll} SORT d.i RETURN d.i`, { batchSize: 7 });
    expect(await inside.all()).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(await (await db.aql.execute(aql`RETURN LENGTH(${coll})`)).all()).toEqual([0]);
    await trx.commit();
    expect(await (await db.aql.execute(aql`RETURN LENGTH(${coll})`)).all()).toEqual([30]);
  });
});
