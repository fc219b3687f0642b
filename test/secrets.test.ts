/**
 * No handle leaks a credential (issue 15). For each of the three ways to authenticate — basic,
 * JWT via /_open/auth, a ready bearer token — every exported handle type is built, used once (so a
 * JWT session holds its token), and then
 *   - serialised every way an application logs things: JSON.stringify, util.inspect at depth
 *     Infinity with showHidden and getters (with and without the handles' own inspect), %o, %O,
 *     structuredClone, Object.keys / for…in / Object.getOwnPropertyNames;
 *   - walked: every property reachable from it — own and inherited, enumerable or not, getters
 *     invoked, Map/Set entries, byte buffers decoded — recursively.
 * No output and no reachable string may contain the password, the token, the base64 Basic value
 * or anything shaped like a JWT.
 */
import { format, inspect } from 'node:util';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArangoClient, aql, type Database, type DatabaseOptions } from 'arangots';
import { startTestServer, uniqueName, type TestServer } from './helpers/server.js';

const JWT = /eyJ[\w-]+\.[\w-]+\.[\w-]+/;
const USER = `walker_${Math.random().toString(36).slice(2, 8)}`;
const PASSWORD = 'Wa1ker-Pa55word-SECRET-7f3a';
const BASIC = Buffer.from(`${USER}:${PASSWORD}`).toString('base64');

let server: TestServer;
let admin: ArangoClient;
let sys: Database;
let dbName: string;
let bearer: string;

beforeAll(async () => {
  server = await startTestServer({ coordinators: 2 });
  admin = new ArangoClient({ hosts: server.urls });
  sys = await admin.db('_system', { username: server.username, password: server.password });
  dbName = uniqueName('secrets');
  await sys.users.create({ user: USER, password: PASSWORD });
  const db = await sys.createDatabase(dbName);
  await sys.users.grant(USER, dbName, 'rw');
  const docs = await db.createCollection('docs');
  await docs.insertMany([{ _key: 'a' }, { _key: 'b' }, { _key: 'c' }]);
  await db.createEdgeCollection('links');
  const res = await request(`${server.urls[0]}/_open/auth`, { method: 'POST', body: JSON.stringify({ username: USER, password: PASSWORD }) });
  const { jwt } = (await res.body.json()) as { jwt: string };
  bearer = jwt;
});

afterAll(async () => {
  await sys?.deleteDatabase(dbName, { ignoreMissing: true });
  await sys?.users.delete(USER, { ignoreMissing: true });
  await admin?.close();
  await server?.close();
});

/** Every string reachable from `root`, and how many objects the walk visited. */
function reachableStrings(root: unknown): { strings: string[]; objects: number } {
  const seen = new Set<object>();
  const strings: string[] = [];
  const queue: unknown[] = [root];
  while (queue.length > 0 && seen.size < 20_000) {
    const value = queue.shift();
    if (typeof value === 'string') {
      strings.push(value);
      continue;
    }
    if ((typeof value !== 'object' && typeof value !== 'function') || value === null || seen.has(value)) continue;
    seen.add(value);
    try {
      strings.push(JSON.stringify(value) ?? '');
    } catch {
      /* circular or BigInt: the walk still sees every part */
    }
    if (ArrayBuffer.isView(value)) {
      strings.push(Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('latin1'));
      continue;
    }
    if (value instanceof Map) for (const [k, v] of value) queue.push(k, v);
    if (value instanceof Set) for (const v of value) queue.push(v);
    // The value's own properties, then those of its class prototypes (built-ins end the chain).
    for (let o: object | null = value; o !== null && (o === value || !isNative(o)); o = Object.getPrototypeOf(o) as object | null) {
      for (const key of Reflect.ownKeys(o)) {
        strings.push(String(key));
        const d = Object.getOwnPropertyDescriptor(o, key);
        if (d === undefined) continue;
        if (d.get !== undefined) {
          try {
            queue.push(d.get.call(value));
          } catch {
            /* a getter that throws shows nothing */
          }
        } else if (o === value || typeof d.value !== 'function') {
          queue.push(d.value);
        }
      }
    }
  }
  return { strings, objects: seen.size };
}

/** Built-in prototypes (Object, Array, Map, Promise, Function …) end the prototype walk. */
function isNative(proto: object): boolean {
  const ctor = Object.getOwnPropertyDescriptor(proto, 'constructor')?.value as unknown;
  return proto === Object.prototype || (typeof ctor === 'function' && /\[native code\]/.test(Function.prototype.toString.call(ctor)));
}

/** Everything a logger could print about `handle`. */
function renderings(handle: unknown): string[] {
  const out = [
    JSON.stringify(handle) ?? '',
    inspect(handle, { depth: Infinity, showHidden: true, getters: true }),
    inspect(handle, { depth: Infinity, showHidden: true, getters: true, customInspect: false }),
    format('%o', handle),
    format('%O', handle),
  ];
  try {
    const clone: unknown = structuredClone(handle);
    out.push(inspect(clone, { depth: Infinity, showHidden: true }), JSON.stringify(clone) ?? '');
  } catch {
    /* not cloneable (functions inside): nothing leaves through it */
  }
  if (typeof handle === 'object' && handle !== null) {
    out.push(JSON.stringify(Object.keys(handle)), inspect(Object.getOwnPropertyNames(handle)));
    const record = handle as Record<string, unknown>;
    for (const key in record) out.push(key, inspect(record[key], { depth: Infinity, showHidden: true, getters: true }));
  }
  return out;
}

function leaks(texts: readonly string[], secrets: readonly string[]): string[] {
  const found: string[] = [];
  for (const text of texts) {
    for (const secret of secrets) if (text.includes(secret)) found.push(`${JSON.stringify(secret.slice(0, 6))}… in ${text.slice(0, 200)}`);
    const jwt = JWT.exec(text);
    if (jwt !== null) found.push(`a JWT in ${text.slice(0, 200)}`);
  }
  return found;
}

/** One of every exported handle type, each used so that its state is what an application has. */
async function everyHandle(client: ArangoClient, db: Database): Promise<{ handles: Record<string, unknown>; cleanup: () => Promise<void> }> {
  const docs = db.collection('docs');
  const links = db.edgeCollection('links');
  const graph = db.graph('g');
  await docs.get('a');
  const cursor = await db.aql.execute(aql`FOR d IN ${docs} RETURN d`, { batchSize: 1 });
  expect(cursor.hasMore).toBe(true);
  const trx = await db.beginTransaction({ write: [docs] });
  await trx.collection('docs').count();
  const asyncDb = db.beginAsyncExecution();
  const job = await asyncDb.version();
  const handles: Record<string, unknown> = {
    client,
    db,
    other: db.database(dbName),
    docs,
    links,
    graph,
    vertices: graph.vertexCollection('docs'),
    edges: graph.edgeCollection('links'),
    view: db.view('v'),
    analyzer: db.analyzer('text_en'),
    cluster: db.cluster,
    aql: db.aql,
    queryCache: db.aql.cache,
    planCache: db.aql.planCache,
    users: db.users,
    backup: db.backup,
    tasks: db.tasks,
    foxx: db.foxx,
    pregel: db.pregel,
    replication: db.replication,
    wal: db.wal,
    admin: db.admin,
    connection: db.connection,
    cursor,
    trx,
    trxDocs: trx.collection('docs'),
    asyncDb,
    fireAndForget: db.beginAsyncExecution({ returnResult: false }),
    job,
    jobById: db.job(job.id, job.hostId),
  };
  return {
    handles,
    cleanup: async () => {
      await cursor.close();
      await trx.abort();
      await job.wait({ timeout: 10_000 }).catch(() => undefined);
    },
  };
}

const methods: { name: string; options: () => DatabaseOptions; secrets: () => string[] }[] = [
  { name: 'basic', options: () => ({ username: USER, password: PASSWORD }), secrets: () => [PASSWORD, BASIC] },
  { name: 'jwt via /_open/auth', options: () => ({ authMethod: 'jwt', username: USER, password: PASSWORD }), secrets: () => [PASSWORD, BASIC] },
  { name: 'bearer token', options: () => ({ token: bearer }), secrets: () => [bearer, bearer.split('.')[2] ?? bearer] },
];

describe('no handle exposes a credential', () => {
  it('the detector finds a secret planted deep in a plain object (the walk can fail)', () => {
    const planted = { a: { b: [new Map([['k', { c: `x ${PASSWORD} y` }]])] } };
    expect(leaks(reachableStrings(planted).strings, [PASSWORD]).length).toBeGreaterThan(0);
    expect(leaks(renderings(planted), [PASSWORD]).length).toBeGreaterThan(0);
    class Getter {
      get token(): string {
        return bearer;
      }
    }
    expect(leaks(reachableStrings(new Getter()).strings, []).length).toBeGreaterThan(0);
  });

  for (const method of methods) {
    it(`${method.name}: every handle, every rendering, every reachable property`, async () => {
      const client = new ArangoClient({ hosts: server.urls });
      try {
        const db = await client.db(dbName, { ...method.options(), verify: true });
        const { handles, cleanup } = await everyHandle(client, db);
        const secrets = method.secrets();
        let visited = 0;
        for (const [name, handle] of Object.entries(handles)) {
          const walk = reachableStrings(handle);
          visited += walk.objects;
          expect(leaks(renderings(handle), secrets), `${name} rendered`).toEqual([]);
          expect(leaks(walk.strings, secrets), `${name} walked`).toEqual([]);
        }
        // The walk really went somewhere: handles say what they are and where they point.
        expect(visited).toBeGreaterThan(100);
        const shown = JSON.stringify(handles.docs);
        expect(JSON.parse(shown)).toEqual({ kind: 'Collection', database: dbName, name: 'docs', hosts: client.hosts().map((h) => h.id) });
        expect(inspect(handles.trx)).toMatch(/^TransactionDatabase \{/);
        await cleanup();
      } finally {
        await client.close();
      }
    });
  }
});
