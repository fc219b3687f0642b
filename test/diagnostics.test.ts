/**
 * The `arangots:request` / `arangots:attempt` tracing channels: every public method family names
 * its operation, attempts carry host, status, errorNum, bytes and why they were made, and no
 * context ever holds a credential.
 */
import { tracingChannel } from 'node:diagnostics_channel';
import { inspect } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ArangoClient, ATTEMPT_CHANNEL, REQUEST_CHANNEL, aql, type AttemptTraceContext, type Database, type RequestTraceContext } from 'arangots';
import { startCluster } from 'arangots-emulator';
import { requestTrace } from '../src/transport/diagnostics.js';
import type { RequestSpec } from '../src/transport/request.js';
import { realServer, startTestServer, uniqueName, type TestServer } from './helpers/server.js';

type Phase = 'start' | 'end' | 'asyncStart' | 'asyncEnd' | 'error';
interface Seen<C> {
  phase: Phase;
  ctx: C;
}

/** Subscribes to all five phases of a channel; `stop()` unsubscribes. */
function listen<C extends object>(name: string): { events: Seen<C>[]; stop(): void } {
  const tc = tracingChannel<unknown, C>(name);
  const events: Seen<C>[] = [];
  const handlers = {
    start: (ctx: C) => events.push({ phase: 'start', ctx }),
    end: (ctx: C) => events.push({ phase: 'end', ctx }),
    asyncStart: (ctx: C) => events.push({ phase: 'asyncStart', ctx }),
    asyncEnd: (ctx: C) => events.push({ phase: 'asyncEnd', ctx }),
    error: (ctx: C) => events.push({ phase: 'error', ctx }),
  };
  tc.subscribe(handlers);
  return { events, stop: () => tc.unsubscribe(handlers) };
}

let server: TestServer;
let client: ArangoClient;
let db: Database;
const subscriptions: { stop(): void }[] = [];

beforeAll(async () => {
  server = await startTestServer({ coordinators: 2 });
  client = new ArangoClient({ hosts: server.urls, hostBackoff: { initial: 20, max: 200 } });
  const sys = await client.db('_system', { username: server.username, password: server.password });
  db = await sys.createDatabase(uniqueName('diag'));
});
afterEach(() => {
  for (const s of subscriptions.splice(0)) s.stop();
});
afterAll(async () => {
  const sys = await client.db('_system', { username: server.username, password: server.password });
  await sys.deleteDatabase(db.name, { ignoreMissing: true });
  await client.close();
  await server.close();
});

function requests(): Seen<RequestTraceContext>[] {
  const l = listen<RequestTraceContext>(REQUEST_CHANNEL);
  subscriptions.push(l);
  return l.events;
}

function attempts(): Seen<AttemptTraceContext>[] {
  const l = listen<AttemptTraceContext>(ATTEMPT_CHANNEL);
  subscriptions.push(l);
  return l.events;
}

describe('arangots:request', () => {
  it('every public method family publishes its operation name', async () => {
    const coll = uniqueName('c');
    const users = await db.createCollection(coll);
    const meta = await users.insert({ name: 'a' });
    const sys = await client.db('_system', { username: server.username, password: server.password });

    // One call per family; a call the server refuses is still a traced call.
    const families: [family: string, call: () => Promise<unknown>, operation: string][] = [
      ['database', () => db.collections(), 'database.collections'],
      ['collection', () => users.count(), 'collection.count'],
      ['document', () => users.get(meta._key), 'collection.get'],
      ['document write', () => users.update(meta._key, { n: 1 }), 'collection.update'],
      ['aql', () => db.aql.execute(aql`FOR d IN ${users} RETURN d`, { batchSize: 1 }), 'aql.query'],
      ['aql management', () => db.aql.queries(), 'aql.queries'],
      ['cursor', async () => (await db.aql.execute(aql`FOR i IN 1..3 RETURN i`, { batchSize: 1 })).all(), 'cursor.next'],
      ['graph', () => db.graphs(), 'graph.list'],
      ['view', () => db.views(), 'view.list'],
      ['analyzer', () => db.analyzers(), 'analyzer.list'],
      ['users', () => sys.users.list(), 'users.list'],
      ['cluster', () => sys.cluster.health(), 'cluster.health'],
      ['transaction', async () => (await db.beginTransaction({ read: [coll] })).abort(), 'transaction.abort'],
      ['job', () => db.asyncJobs('done'), 'job.list'],
      ['tasks', () => sys.tasks.list(), 'tasks.list'],
      ['foxx', () => db.foxx.services(), 'foxx.services'],
      ['backup', () => sys.backup.list(), 'backup.list'],
      ['replication', () => sys.replication.serverId(), 'replication.serverId'],
      ['wal', () => sys.wal.lastTick(), 'wal.lastTick'],
      ['pregel', () => db.pregel.jobs(), 'pregel.jobs'],
      ['admin', () => db.version(), 'admin.version'],
      ['raw request', () => db.request({ method: 'GET', path: '/_api/version' }), 'database.request'],
      // Collection methods implemented as AQL queries: traced under their own name, never as aql.query.
      ['collection via AQL: all', async () => (await users.all({ batchSize: 1 })).all(), 'collection.all'],
      ['collection via AQL: find', async () => (await users.find({ name: 'a' })).all(), 'collection.find'],
      ['collection via AQL: random', () => users.random(), 'collection.random'],
      ['collection via AQL: keys', async () => (await users.keys()).all(), 'collection.keys'],
      ['collection via AQL: ids', async () => (await users.ids()).all(), 'collection.ids'],
      ['collection via AQL: updateMatch', () => users.updateMatch({ name: 'a' }, { n: 2 }), 'collection.updateMatch'],
      ['collection via AQL: replaceMatch', () => users.replaceMatch({ name: 'zz' }, { name: 'zz' }), 'collection.replaceMatch'],
      ['collection via AQL: deleteMatch', () => users.deleteMatch({ name: 'zz' }), 'collection.deleteMatch'],
    ];
    const missing: string[] = [];
    for (const [family, call, operation] of families) {
      const events = requests();
      await call().catch(() => undefined);
      const starts = events.filter((e) => e.phase === 'start');
      const ops = starts.map((e) => e.ctx.operation);
      if (!ops.includes(operation)) missing.push(`${family}: expected ${operation}, saw ${JSON.stringify(ops)}`);
      if (family.startsWith('collection via AQL')) {
        // one top-level operation under the method's name (later batches are cursor.next), about the collection
        if (ops[0] !== operation || ops.some((op) => op !== operation && op !== 'cursor.next')) missing.push(`${family}: expected only ${operation} (+ cursor.next), saw ${JSON.stringify(ops)}`);
        if (starts[0]?.ctx.collection !== coll) missing.push(`${family}: collection ${String(starts[0]?.ctx.collection)}, expected ${coll}`);
      }
      for (const s of subscriptions.splice(0)) s.stop();
    }
    expect(missing).toEqual([]);
  });

  it('names the database and collection; publishes start, end, asyncStart, asyncEnd in order', async () => {
    const coll = uniqueName('c');
    const c = await db.createCollection(coll);
    const events = requests();
    await c.insert({ _key: 'k1', secretValue: 'do-not-trace-me' });
    expect(events.map((e) => e.phase)).toEqual(['start', 'end', 'asyncStart', 'asyncEnd']);
    const ctx = events[0]!.ctx;
    expect(ctx).toMatchObject({ operation: 'collection.insert', database: db.name, collection: coll, method: 'POST', status: 202, attempts: 1 });
    expect(server.urls).toContain(ctx.host);
    expect(inspect(ctx, { depth: 10 })).not.toContain('do-not-trace-me');
  });

  it('a failed call publishes error with status and errorNum', async () => {
    const events = requests();
    await expect(db.collection(uniqueName('missing')).count()).rejects.toMatchObject({ errorNum: 1203 });
    expect(events.map((e) => e.phase)).toEqual(['start', 'end', 'error', 'asyncStart', 'asyncEnd']);
    expect(events[0]!.ctx).toMatchObject({ operation: 'collection.count', status: 404, errorNum: 1203 });
    expect(events[0]!.ctx.error).toBeInstanceOf(Error);
  });

  it('a call that fails before it is sent keeps the phase order (start, end, error, asyncStart, asyncEnd)', async () => {
    const events = requests();
    const order: string[] = [];
    const settled = db.version({ timeout: -1 }).catch((err: unknown) => {
      order.push('caller');
      throw err;
    });
    order.push('returned');
    await expect(settled).rejects.toThrow(/timeout/);
    expect(events.map((e) => e.phase)).toEqual(['start', 'end', 'error', 'asyncStart', 'asyncEnd']);
    expect(events[0]!.ctx.error).toBeInstanceOf(Error);
    expect(order).toEqual(['returned', 'caller']);
  });

  it('derives the collection from document, collection, edge and graph paths', () => {
    const of = (spec: Partial<RequestSpec>): string | undefined => requestTrace({ method: 'GET', path: '/', ...spec }, 'db', false).collection;
    expect(of({ path: '/_api/document/users/k1' })).toBe('users');
    expect(of({ path: '/_api/document/us%20ers/k1' })).toBe('us ers');
    expect(of({ path: '/_api/collection/users/properties' })).toBe('users');
    expect(of({ path: '/_api/collection/users' })).toBe('users');
    expect(of({ path: '/_api/edges/knows' })).toBe('knows');
    expect(of({ path: '/_api/gharial/g/vertex/people/k' })).toBe('people');
    expect(of({ path: '/_api/import', query: { collection: 'users' } })).toBe('users');
    expect(of({ path: '/_api/collection', method: 'POST', body: { name: 'made' } })).toBe('made');
    expect(of({ path: '/_api/document/' })).toBeUndefined();
    expect(of({ path: '/_api/version' })).toBeUndefined();
    expect(of({ path: '/_api/cursor', method: 'POST', operation: 'aql.query', body: { query: 'x', bindVars: { '@c': 'users' } } })).toBeUndefined();
    expect(of({ path: '/_api/cursor', method: 'POST', operation: 'collection.all', body: { query: 'x', bindVars: { '@c': 'users' } } })).toBe('users');
  });

  it('AQL: bind variable names always, values never, the text only with traceQueryText', async () => {
    const events = requests();
    await db.aql.execute('RETURN @secretName', { bindVars: { secretName: 'bind-value-xyz' } });
    const ctx = events.find((e) => e.ctx.operation === 'aql.query')!.ctx;
    expect(ctx.bindVarNames).toEqual(['secretName']);
    expect(ctx.query).toBeUndefined();
    expect(inspect(ctx, { depth: 10 })).not.toContain('bind-value-xyz');

    const withText = new ArangoClient({ hosts: server.urls, traceQueryText: true });
    try {
      const db2 = (await withText.db('_system', { username: server.username, password: server.password })).database(db.name);
      await db2.aql.execute('RETURN @secretName', { bindVars: { secretName: 'bind-value-xyz' } });
      const traced = events.filter((e) => e.ctx.operation === 'aql.query').at(-1)!.ctx;
      expect(traced.query).toBe('RETURN @secretName');
      expect(inspect(traced, { depth: 10 })).not.toContain('bind-value-xyz');
    } finally {
      await withText.close();
    }
    expect(() => new ArangoClient({ hosts: server.urls, traceQueryText: 'yes' as unknown as boolean })).toThrow(/traceQueryText/);
  });

  it('publishes nothing once unsubscribed', async () => {
    const l = listen<RequestTraceContext>(REQUEST_CHANNEL);
    l.stop();
    await db.version();
    expect(l.events).toEqual([]);
  });
});

describe.skipIf(realServer)('arangots:attempt', () => {
  it('a retried read shows two attempts on two hosts, the second saying why', async () => {
    const c = new ArangoClient({ hosts: server.urls, hostResolver: 'roundrobin' });
    try {
      const d = await c.db('_system', { username: server.username, password: server.password });
      await d.version(); // logged in, connections warm
      const seen = attempts();
      const reqs = requests();
      // Whichever coordinator the next call goes to answers 503 once: fail both, once each.
      for (const co of server.emulator!.coordinators) co.failNext(1, 503);
      // The second attempt may land on the other coordinator's injected 503 too; a third succeeds.
      await d.version();
      for (const co of server.emulator!.coordinators) co.failNext(0);
      const starts = seen.filter((e) => e.phase === 'start').map((e) => e.ctx);
      expect(starts.length).toBeGreaterThanOrEqual(2);
      expect(starts[0]).toMatchObject({ operation: 'admin.version', attempt: 1, reason: undefined, method: 'GET', path: '/_db/_system/_api/version', status: 503, errorNum: 503 });
      expect(starts[1]).toMatchObject({ attempt: 2, reason: expect.stringMatching(/HTTP 503/) });
      expect(starts[1]!.host).not.toBe(starts[0]!.host);
      expect(starts.at(-1)).toMatchObject({ status: 200 });
      expect(starts.at(-1)!.bytesIn).toBeGreaterThan(0);
      expect(starts.every((a) => a.request === reqs[0]!.ctx)).toBe(true);
      expect(reqs[0]!.ctx.attempts).toBe(starts.length);
      const phases = seen.filter((e) => e.ctx === starts[0]).map((e) => e.phase);
      expect(phases).toEqual(['start', 'end', 'asyncStart', 'asyncEnd']);
      // The call's own attempt log says the same, with times, for subscribers of arangots:request alone.
      const log = reqs[0]!.ctx.attemptLog!;
      expect(log.map((a) => [a.host, a.attempt, a.reason, a.status, a.errorNum])).toEqual(starts.map((a) => [a.host, a.attempt, a.reason, a.status, a.errorNum]));
      expect(log[0]).toMatchObject({ method: 'GET', path: '/_db/_system/_api/version', hedge: false, error: undefined });
      for (let i = 0; i < log.length; i++) {
        expect(log[i]!.endTime).toBeGreaterThanOrEqual(log[i]!.startTime);
        if (i > 0) expect(log[i]!.startTime).toBeGreaterThanOrEqual(log[i - 1]!.endTime);
      }
    } finally {
      await c.close();
    }
  });

  it('a call answered by its first attempt has no attempt log; one answered beside a stuck attempt lists both', async () => {
    const [slowUrl, fastUrl] = server.urls as [string, string];
    const slow = server.emulator!.coordinators.find((co) => co.url === slowUrl)!;
    const c = new ArangoClient({ hosts: [slowUrl, fastUrl], hostResolver: 'fallback', attemptTimeout: 150, hedge: false });
    try {
      const d = await c.db('_system', { username: server.username, password: server.password });
      await d.version();
      const reqs = requests();
      await d.version();
      expect(reqs.find((e) => e.phase === 'asyncEnd')!.ctx).toMatchObject({ attempts: 1, attemptLog: undefined });
      slow.setLatency(2_000);
      await d.version();
      const call = reqs.filter((e) => e.phase === 'asyncEnd')[1]!.ctx;
      // The slow coordinator sent nothing within the attempt timeout: that copy was given up, the
      // call went on elsewhere.
      expect(call.attemptLog).toHaveLength(2);
      const [first, second] = call.attemptLog as [NonNullable<RequestTraceContext['attemptLog']>[0], NonNullable<RequestTraceContext['attemptLog']>[0]];
      expect(first).toMatchObject({ host: slowUrl, attempt: 1, reason: undefined, status: undefined, hedge: false });
      expect(String((first.error as Error).message)).toBe('attempt timeout');
      expect(second).toMatchObject({ host: fastUrl, attempt: 2, status: 200, error: undefined });
      expect(second.reason).toMatch(/attempt timeout/);
      expect(second.startTime - first.startTime).toBeGreaterThanOrEqual(100);
      expect(first.endTime).toBeLessThanOrEqual(second.startTime);
      expect(first.endTime - first.startTime).toBeGreaterThanOrEqual(100);
    } finally {
      slow.setLatency(0);
      await c.close();
    }
  });

  it('a refused connection is an attempt error; bytes out count the body', async () => {
    const dead = `http://127.0.0.1:1`;
    const c = new ArangoClient({ hosts: [dead, server.urls[0]!], hostResolver: 'fallback' });
    try {
      const d = await c.db('_system', { username: server.username, password: server.password });
      const seen = attempts();
      await d.echo({ hello: 'world' });
      const first = seen.find((e) => e.phase === 'error')!.ctx;
      expect(first).toMatchObject({ host: dead, attempt: 1, method: 'POST', bytesOut: JSON.stringify({ hello: 'world' }).length });
      expect(first.error).toBeDefined();
      const second = seen.filter((e) => e.phase === 'start')[1]!.ctx;
      expect(second.reason).toMatch(/ECONNREFUSED|refused/i);
      expect(second.status).toBe(200);
    } finally {
      await c.close();
    }
  });

  it('no secret enters any context, with basic, JWT or token authentication', async () => {
    const password = 'Pw-Never-Traced-9x';
    const secret = 'jwt-secret-never-traced';
    const emulator = await startCluster({ coordinators: 2, rootPassword: password, jwtSecret: secret, port: 0 });
    const basic = Buffer.from(`root:${password}`).toString('base64');
    const token = ArangoClient.superuserToken(secret);
    const captured: unknown[] = [];
    for (const name of [REQUEST_CHANNEL, ATTEMPT_CHANNEL]) {
      const l = listen<object>(name);
      subscriptions.push({ stop: () => { captured.push(...l.events.map((e) => e.ctx)); l.stop(); } });
    }
    const jwtSeen: string[] = [];
    const modes = [
      { username: 'root', password },
      { authMethod: 'jwt' as const, username: 'root', password },
      { token },
    ];
    const made: string[] = [];
    for (const auth of modes) {
      const c = new ArangoClient({ hosts: [`http://127.0.0.1:1`, ...emulator.urls], hostResolver: 'fallback' });
      try {
        const d = await c.db('_system', auth);
        await d.version();
        made.push((await d.users.createAccessToken('root', { name: uniqueName('t'), validUntil: Math.floor(Date.now() / 1000) + 3600 })).token);
        await d.request({ method: 'POST', path: '/_api/document/nope', body: { password } }).catch(() => undefined);
        const wrong = await c.db('_system', 'token' in auth ? { token: `${token}x` } : { ...auth, password: `${password}-wrong` });
        await wrong.version().catch(() => undefined);
      } finally {
        await c.close();
      }
    }
    await emulator.close();
    for (const s of subscriptions.splice(0)) s.stop();
    expect(captured.length).toBeGreaterThan(10);
    // the dead first host made calls take two attempts: their attempt logs are scanned too
    expect(captured.some((ctx) => (ctx as RequestTraceContext).attemptLog !== undefined)).toBe(true);
    const text = captured.map((ctx) => inspect(ctx, { depth: 12, showHidden: true }) + JSON.stringify(ctx, (_k, v: unknown) => (v instanceof Error ? { ...v, message: v.message, stack: v.stack } : v))).join('\n');
    for (const s of [password, basic, secret, 'Basic ', 'Bearer ', token, token.split('.')[0]!, 'eyJ', ...made]) {
      if (text.includes(s)) jwtSeen.push(s);
    }
    expect(jwtSeen).toEqual([]);
  });
});
