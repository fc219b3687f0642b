/**
 * The part of arangosh's JavaScript API that the transcripts' `# setup:` and `# cleanup:` lines
 * call (`db._create`, `db.products.save`, `users.save`, `examples.loadGraph`, …), each call made
 * as the HTTP request arangosh itself sends, synchronously (see sync-http.ts). The code runs in a
 * `node:vm` context per example, so its `var`s live from one setup block to the next.
 */
import { createContext, runInContext, type Context } from 'node:vm';
import type { SyncRequest } from './sync-http.js';
import type { HostResponse } from './emulator-host.js';

/** A value the emulator handed out during setup (a generated key, a revision, an id). */
export interface Created {
  kind: 'key' | 'rev' | 'id' | 'index';
  /** The collection for keys and index ids, the resource (`cursor`, `view`, …) for other ids. */
  collection?: string;
  value: string;
}

/** The resource a request's answer hands out ids of: `/_api/view/…` → `view`. */
export function resourceOf(path: string): string {
  const m = /^(?:\/_db\/[^/]+)?\/_(?:api|admin)\/([\w-]+)/.exec(path);
  return m?.[1] ?? '';
}

class ArangoError extends Error {
  constructor(
    readonly code: number,
    readonly errorNum: number,
    message: string,
  ) {
    super(message);
  }
}

type Json = Record<string, unknown>;

function isRecord(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function parse(r: HostResponse): unknown {
  try {
    return r.text === '' ? undefined : JSON.parse(r.text);
  } catch {
    return r.text;
  }
}

/** Values arangosh's caller would see as generated: what the transcripts' requests refer to. */
export function collect(body: unknown, out: Created[], resource: string): void {
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) {
      for (const x of v) walk(x);
      return;
    }
    if (!isRecord(v)) return;
    if (typeof v._id === 'string' && typeof v._key === 'string') {
      const coll = v._id.slice(0, v._id.indexOf('/'));
      out.push({ kind: 'key', collection: coll, value: v._key });
    }
    if (typeof v._rev === 'string') out.push({ kind: 'rev', value: v._rev });
    for (const k of ['uploadId', 'downloadId']) if (typeof v[k] === 'string') out.push({ kind: 'id', collection: k, value: v[k] });
    if (typeof v.id === 'string') {
      const slash = v.id.indexOf('/');
      if (slash > 0) out.push({ kind: 'index', collection: v.id.slice(0, slash), value: v.id.slice(slash + 1) });
      else out.push({ kind: 'id', collection: resource, value: v.id });
    }
    for (const [k, x] of Object.entries(v)) if (k !== '_id' && k !== '_key' && k !== '_rev' && k !== 'id' && typeof x === 'object') walk(x);
  };
  walk(body);
}

const SOCIAL = {
  edgeDefinitions: [{ collection: 'relation', from: ['female', 'male'], to: ['female', 'male'] }],
  vertices: [
    ['female', { name: 'Alice', _key: 'alice' }],
    ['male', { name: 'Bob', _key: 'bob' }],
    ['male', { name: 'Charly', _key: 'charly' }],
    ['female', { name: 'Diana', _key: 'diana' }],
  ],
  // 3.12's recording shows generated keys on these edges (relation/73270): no `_key` given.
  edges: [
    ['relation', { _from: 'female/alice', _to: 'male/bob', type: 'married', vertex: 'alice' }],
    ['relation', { _from: 'female/alice', _to: 'male/charly', type: 'friend', vertex: 'alice' }],
    ['relation', { _from: 'male/charly', _to: 'female/diana', type: 'married', vertex: 'charly' }],
    ['relation', { _from: 'male/bob', _to: 'female/diana', type: 'friend', vertex: 'bob' }],
  ],
  geo: [] as string[],
} as const;

const ROUTEPLANNER = {
  edgeDefinitions: [
    { collection: 'germanHighway', from: ['germanCity'], to: ['germanCity'] },
    { collection: 'frenchHighway', from: ['frenchCity'], to: ['frenchCity'] },
    { collection: 'internationalHighway', from: ['frenchCity', 'germanCity'], to: ['frenchCity', 'germanCity'] },
  ],
  vertices: [
    ['germanCity', { _key: 'Berlin', population: 3000000, isCapital: true, geometry: { type: 'Point', coordinates: [13.3833, 52.5167] } }],
    ['germanCity', { _key: 'Cologne', population: 1000000, isCapital: false, geometry: { type: 'Point', coordinates: [6.9528, 50.9364] } }],
    ['germanCity', { _key: 'Hamburg', population: 1000000, isCapital: false, geometry: { type: 'Point', coordinates: [10.0014, 53.5653] } }],
    ['frenchCity', { _key: 'Lyon', population: 80000, isCapital: false, geometry: { type: 'Point', coordinates: [4.84, 45.76] } }],
    ['frenchCity', { _key: 'Paris', population: 4000000, isCapital: true, geometry: { type: 'Point', coordinates: [2.3508, 48.8567] } }],
  ],
  edges: [
    ['germanHighway', { _from: 'germanCity/Berlin', _to: 'germanCity/Cologne', distance: 850 }],
    ['germanHighway', { _from: 'germanCity/Berlin', _to: 'germanCity/Hamburg', distance: 400 }],
    ['germanHighway', { _from: 'germanCity/Hamburg', _to: 'germanCity/Cologne', distance: 500 }],
    ['frenchHighway', { _from: 'frenchCity/Paris', _to: 'frenchCity/Lyon', distance: 550 }],
    ['internationalHighway', { _from: 'germanCity/Berlin', _to: 'frenchCity/Lyon', distance: 1100 }],
    ['internationalHighway', { _from: 'germanCity/Berlin', _to: 'frenchCity/Paris', distance: 1200 }],
    ['internationalHighway', { _from: 'germanCity/Hamburg', _to: 'frenchCity/Paris', distance: 900 }],
    ['internationalHighway', { _from: 'germanCity/Hamburg', _to: 'frenchCity/Lyon', distance: 1300 }],
    ['internationalHighway', { _from: 'germanCity/Cologne', _to: 'frenchCity/Lyon', distance: 700 }],
    ['internationalHighway', { _from: 'germanCity/Cologne', _to: 'frenchCity/Paris', distance: 550 }],
  ],
  geo: ['germanCity', 'frenchCity'],
} as const;

const EXAMPLE_GRAPHS: Record<string, typeof SOCIAL | typeof ROUTEPLANNER> = { social: SOCIAL, routeplanner: ROUTEPLANNER };

/**
 * Setup and cleanup code waits in loops (`internal.sleep(0.1 * i * i)`, a 30 s wait for a restart
 * after a backup restore). Waits advance a virtual clock that `internal.time()` reads, and sleep
 * for real only briefly (enough for async jobs to run), so the replay does not take minutes.
 */
let clockOffset = 0;
function sleepSeconds(s: number): void {
  const seconds = Math.max(0, Number(s) || 0);
  clockOffset += seconds;
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, Math.min(seconds * 1000, 10));
}

/** One arangosh session: `run(code)` executes a setup or cleanup block. */
export class Arangosh {
  readonly created: Created[] = [];
  private database = '_system';
  private readonly context: Context;

  constructor(private readonly http: SyncRequest) {
    this.context = createContext(this.globals());
  }

  run(code: string): void {
    runInContext(code, this.context, { timeout: 60_000 });
  }

  /** The docs tool keeps the last request's answer in `response` for the code after it. */
  setResponse(r: HostResponse): void {
    (this.context as Json).response = { ...r, code: r.status, parsedBody: parse(r), body: r.text };
  }

  private prefix(path: string): string {
    return this.database === '_system' ? path : `/_db/${encodeURIComponent(this.database)}${path}`;
  }

  /** Sends a request as arangosh's connection does; returns the parsed body, throws on an error answer. */
  private call(method: string, path: string, body?: unknown, allow: readonly number[] = []): unknown {
    const r = this.http(method, this.prefix(path), body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body), body === undefined ? {} : { 'content-type': 'application/json' });
    const parsed = parse(r);
    if (r.status >= 400 && !allow.includes(r.status)) {
      const j = isRecord(parsed) ? parsed : {};
      throw new ArangoError(r.status, typeof j.errorNum === 'number' ? j.errorNum : 0, `${method} ${path}: ${typeof j.errorMessage === 'string' ? j.errorMessage : r.text}`);
    }
    if (r.status < 400) collect(parsed, this.created, resourceOf(path));
    return parsed;
  }

  /** arangosh's `arango.GET(…)` family: the parsed body, error answers returned rather than thrown. */
  private raw(method: string, url: string, body?: unknown, headers: Record<string, string> = {}): HostResponse & { code: number; parsedBody: unknown; body: string } {
    const text = body === undefined || body === null ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
    const r = this.http(method, this.prefix(url), text, headers);
    const parsedBody = parse(r);
    if (r.status < 400) collect(parsedBody, this.created, resourceOf(url));
    const job = r.headers['x-arango-async-id'];
    if (job !== undefined) this.created.push({ kind: 'id', collection: 'job', value: job });
    return { ...r, code: r.status, parsedBody, body: r.text };
  }

  private collection(name: string): Json {
    const docPath = (sel: unknown): string => {
      const s = isRecord(sel) ? String(sel._id ?? sel._key) : String(sel);
      return s.includes('/') ? `/_api/document/${s}` : `/_api/document/${encodeURIComponent(name)}/${encodeURIComponent(s)}`;
    };
    return {
      name: () => name,
      save: (doc: unknown, opts?: Json) => this.call('POST', `/_api/document/${encodeURIComponent(name)}${query(opts)}`, doc),
      insert: (doc: unknown, opts?: Json) => this.call('POST', `/_api/document/${encodeURIComponent(name)}${query(opts)}`, doc),
      document: (sel: unknown) => this.call('GET', docPath(sel)),
      update: (sel: unknown, patch: unknown, opts?: Json) => this.call('PATCH', `${docPath(sel)}${query(opts)}`, patch),
      replace: (sel: unknown, doc: unknown, opts?: Json) => this.call('PUT', `${docPath(sel)}${query(opts)}`, doc),
      remove: (sel: unknown, opts?: Json) =>
        Array.isArray(sel)
          ? this.call('DELETE', `/_api/document/${encodeURIComponent(name)}${query(opts)}`, sel)
          : this.call('DELETE', `${docPath(sel)}${query(opts)}`),
      ensureIndex: (spec: unknown) => this.call('POST', `/_api/index?collection=${encodeURIComponent(name)}`, spec),
      drop: (opts?: Json) => this.call('DELETE', `/_api/collection/${encodeURIComponent(name)}${opts?.isSystem === true ? '?isSystem=true' : ''}`),
      truncate: () => this.call('PUT', `/_api/collection/${encodeURIComponent(name)}/truncate`),
      count: () => (this.call('GET', `/_api/collection/${encodeURIComponent(name)}/count`) as Json).count,
      properties: (props?: Json) =>
        props === undefined ? this.call('GET', `/_api/collection/${encodeURIComponent(name)}/properties`) : this.call('PUT', `/_api/collection/${encodeURIComponent(name)}/properties`, props),
      any: () => {
        const r = this.call('POST', '/_api/cursor', { query: 'FOR d IN @@c LIMIT 1 RETURN d', bindVars: { '@c': name } }) as Json;
        return Array.isArray(r.result) ? (r.result[0] ?? null) : null;
      },
      toArray: () => {
        const r = this.call('POST', '/_api/cursor', { query: 'FOR d IN @@c RETURN d', bindVars: { '@c': name }, batchSize: 1000 }) as Json;
        return r.result;
      },
    };
  }

  private dbObject(): Json {
    const createCollection = (name: string, props: Json = {}, type?: number): Json => {
      this.call('POST', '/_api/collection', { ...props, name, ...(type === undefined ? {} : { type }) });
      return this.collection(name);
    };
    const cursorTop = new Set(['count', 'batchSize', 'cache', 'memoryLimit', 'ttl']);
    const target: Json = {
      _create: (name: string, props?: Json, type?: unknown) => createCollection(name, props, type === 'edge' || type === 3 ? 3 : undefined),
      _createDocumentCollection: (name: string, props?: Json) => createCollection(name, props),
      _createEdgeCollection: (name: string, props?: Json) => createCollection(name, props, 3),
      _collection: (name: string) => this.collection(name),
      // arangosh's _drop ignores a collection that does not exist
      _drop: (name: string, opts?: Json) =>
        void this.call('DELETE', `/_api/collection/${encodeURIComponent(name)}${opts?.isSystem === true ? '?isSystem=true' : ''}`, undefined, [404]),
      _createView: (name: string, type: string, props: Json = {}) => {
        this.call('POST', '/_api/view', { ...props, name, type });
        return { name: () => name, properties: () => this.call('GET', `/_api/view/${encodeURIComponent(name)}/properties`) };
      },
      _dropView: (name: string) => void this.call('DELETE', `/_api/view/${encodeURIComponent(name)}`, undefined, [404]),
      _flushCache: () => undefined,
      _query: (q: unknown, bindVars?: Json, cursorOptions?: Json, options?: Json) => {
        const body: Json = isRecord(q) ? { ...q } : { query: q, bindVars: bindVars ?? {} };
        const opts: Json = { ...(options ?? {}) };
        for (const [k, v] of Object.entries(cursorOptions ?? {})) {
          if (cursorTop.has(k)) body[k] = v;
          else opts[k] = v;
        }
        if (Object.keys(opts).length > 0) body.options = opts;
        return this.call('POST', '/_api/cursor', body);
      },
      _useDatabase: (name: string) => {
        this.database = name;
        return true;
      },
      _createDatabase: (name: string, options?: Json, users?: unknown) =>
        this.call('POST', '/_api/database', { name, ...(options ? { options } : {}), ...(users ? { users } : {}) }),
      _dropDatabase: (name: string) => this.call('DELETE', `/_api/database/${encodeURIComponent(name)}`),
      _createTransaction: (body: Json) => {
        const r = this.call('POST', '/_api/transaction/begin', body) as Json;
        const id = String((r.result as Json).id);
        return {
          id: () => id,
          _id: id,
          abort: () => this.call('DELETE', `/_api/transaction/${id}`),
          commit: () => this.call('PUT', `/_api/transaction/${id}`),
        };
      },
      _connection: {
        GET: (url: string) => this.raw('GET', url).parsedBody,
        POST: (url: string, body?: unknown) => this.raw('POST', url, body).parsedBody,
        PUT: (url: string, body?: unknown) => this.raw('PUT', url, body).parsedBody,
        DELETE: (url: string) => this.raw('DELETE', url).parsedBody,
      },
    };
    return new Proxy(target, {
      get: (t, prop) => {
        if (typeof prop !== 'string') return undefined;
        if (prop in t) return t[prop];
        return this.collection(prop);
      },
      set: () => true,
    });
  }

  private globals(): Json {
    const db = this.dbObject();
    const arango = {
      GET: (url: string, headers?: Record<string, string>) => this.raw('GET', url, undefined, headers).parsedBody,
      GET_RAW: (url: string, headers?: Record<string, string>) => this.raw('GET', url, undefined, headers),
      POST: (url: string, body?: unknown, headers?: Record<string, string>) => this.raw('POST', url, body, headers).parsedBody,
      PUT: (url: string, body?: unknown, headers?: Record<string, string>) => this.raw('PUT', url, body, headers).parsedBody,
      DELETE: (url: string, headers?: Record<string, string>) => this.raw('DELETE', url, undefined, headers).parsedBody,
    };
    const internal = {
      db,
      arango,
      wait: (s: number) => sleepSeconds(s),
      sleep: (s: number) => sleepSeconds(s),
      time: () => Date.now() / 1000 + clockOffset,
      wal: { flush: () => this.raw('PUT', '/_admin/wal/flush?waitForSync=true&waitForCollector=true') },
    };
    const graphModule = {
      _exists: (name: string) => this.raw('GET', `/_api/gharial/${encodeURIComponent(name)}`).code === 200,
      _drop: (name: string, dropCollections?: boolean) => this.call('DELETE', `/_api/gharial/${encodeURIComponent(name)}${dropCollections === true ? '?dropCollections=true' : ''}`),
      _relation: (collection: string, from: unknown, to: unknown) => ({ collection, from: [from].flat(), to: [to].flat() }),
      _create: (name: string, edgeDefinitions: unknown = [], orphanCollections: unknown = [], options?: Json) => {
        this.call('POST', '/_api/gharial', { name, edgeDefinitions, orphanCollections, ...(options ? { options } : {}) });
        return this.graphObject(name);
      },
      _graph: (name: string) => this.graphObject(name),
    };
    const examples = {
      loadGraph: (name: string) => {
        const spec = EXAMPLE_GRAPHS[name];
        if (!spec) throw new Error(`example graph ${name} is not emulated by the transcript replay`);
        if (graphModule._exists(name)) graphModule._drop(name, true);
        this.call('POST', '/_api/gharial', { name, edgeDefinitions: spec.edgeDefinitions, orphanCollections: [] });
        for (const [coll, doc] of spec.vertices) this.call('POST', `/_api/gharial/${name}/vertex/${coll}`, doc);
        for (const coll of spec.geo) this.call('POST', `/_api/index?collection=${coll}`, { type: 'geo', fields: ['geometry'], geoJson: true });
        for (const [coll, doc] of spec.edges) this.call('POST', `/_api/gharial/${name}/edge/${coll}`, doc);
        return this.graphObject(name);
      },
      dropGraph: (name: string) => this.call('DELETE', `/_api/gharial/${encodeURIComponent(name)}?dropCollections=true`, undefined, [404]),
    };
    const users = {
      save: (user: string, passwd?: string, active?: boolean, extra?: Json) =>
        this.call('POST', '/_api/user', { user, passwd: passwd ?? '', ...(active === undefined ? {} : { active }), ...(extra ? { extra } : {}) }),
      remove: (user: string) => this.call('DELETE', `/_api/user/${encodeURIComponent(user)}`),
      grantDatabase: (user: string, database: string, grant = 'rw') => this.call('PUT', `/_api/user/${encodeURIComponent(user)}/database/${encodeURIComponent(database)}`, { grant }),
      grantCollection: (user: string, database: string, coll: string, grant = 'rw') =>
        this.call('PUT', `/_api/user/${encodeURIComponent(user)}/database/${encodeURIComponent(database)}/${encodeURIComponent(coll)}`, { grant }),
    };
    const analyzers = {
      save: (name: string, type: string, properties?: Json, features?: unknown) =>
        this.call('POST', '/_api/analyzer', { name, type, ...(properties ? { properties } : {}), ...(features ? { features } : {}) }),
      remove: (name: string, force?: boolean) => this.call('DELETE', `/_api/analyzer/${encodeURIComponent(name)}${force === true ? '?force=true' : ''}`),
    };
    const result = (r: unknown): unknown => (isRecord(r) && 'result' in r ? r.result : r);
    const hotbackup = {
      create: (label?: string) => result(this.call('POST', '/_admin/backup/create', label === undefined ? {} : { label })),
      delete: (id: string) => result(this.call('POST', '/_admin/backup/delete', { id })),
      upload: (id: string, remoteRepository: string, config: Json) => result(this.call('POST', '/_admin/backup/upload', { id, remoteRepository, config })),
      download: (id: string, remoteRepository: string, config: Json) => result(this.call('POST', '/_admin/backup/download', { id, remoteRepository, config })),
      uploadProgress: (uploadId: string) => result(this.call('POST', '/_admin/backup/upload', { uploadId })),
      downloadProgress: (downloadId: string) => result(this.call('POST', '/_admin/backup/download', { downloadId })),
    };
    const modules: Record<string, unknown> = {
      '@arangodb': { db, ArangoError },
      internal,
      '@arangodb/users': users,
      '@arangodb/general-graph': graphModule,
      '@arangodb/graph-examples/example-graph.js': examples,
      '@arangodb/aql/cache': { properties: (p?: Json) => (p === undefined ? this.call('GET', '/_api/query-cache/properties') : this.call('PUT', '/_api/query-cache/properties', p)) },
      '@arangodb/analyzers': analyzers,
      '@arangodb/replication': {
        logger: {
          // the tick a later `wal/tail?from=` names: a generated value of its own kind
          state: () => {
            const r = this.call('GET', '/_api/replication/logger-state');
            const tick = isRecord(r) && isRecord(r.state) ? r.state.lastLogTick : undefined;
            if (typeof tick === 'string') this.created.push({ kind: 'id', collection: 'tick', value: tick });
            return r;
          },
        },
      },
      '@arangodb/hotbackup': hotbackup,
      jsunity: {
        jsUnity: {
          assertions: {
            assertEqual: (a: unknown, b: unknown) => {
              if (JSON.stringify(a) !== JSON.stringify(b)) throw new Error(`assertEqual: ${JSON.stringify(a)} != ${JSON.stringify(b)}`);
            },
          },
        },
      },
      fs: { makeDirectory: () => undefined },
    };
    return {
      db,
      arango,
      internal,
      require: (name: string) => {
        if (!(name in modules)) throw new Error(`require('${name}') is not emulated by the transcript replay`);
        return modules[name];
      },
      // The docs tool's helper: sends the request and returns arangosh's response object.
      curlRequest: (method: string, url: string, body?: unknown, headers?: Record<string, string>) => this.raw(method, url, body, headers ?? {}),
      assert: (cond: unknown) => {
        if (!cond) throw new Error('assert failed');
      },
      console: { log: () => undefined, error: () => undefined, warn: () => undefined },
      JSON,
      Date,
      Math,
      Object,
      Array,
      String,
      Number,
      Error,
    };
  }

  private graphObject(name: string): Json {
    return new Proxy(
      {
        _addVertexCollection: (coll: string) => this.call('POST', `/_api/gharial/${encodeURIComponent(name)}/vertex`, { collection: coll }),
        _name: () => name,
      } as Json,
      {
        get: (t, prop) => (typeof prop !== 'string' ? undefined : prop in t ? t[prop] : this.collection(prop)),
      },
    );
  }
}

function query(opts: Json | undefined): string {
  if (!opts) return '';
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(opts)) q.set(k, String(v));
  const s = q.toString();
  return s === '' ? '' : `?${s}`;
}
