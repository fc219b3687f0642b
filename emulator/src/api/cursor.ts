/**
 * `/_api/cursor`: run AQL and hand results out in batches (http-api-notes §3.5).
 * Create 201; continue with POST (or deprecated PUT) `/_api/cursor/{id}` 200; retry the latest
 * batch with `POST /_api/cursor/{id}/{batchId}` (allowRetry); DELETE 202. A cursor id encodes
 * the coordinator that made it; a follow-up on another coordinator is served as a forward
 * (`x-arango-request-forwarded-to`) or refused with 404/1449 when the owner is stopped.
 */
import type { EmuRequest, EmuResponse, Router } from '../http/router.js';
import { httpError } from '../errors.js';
import type { Query, Value } from '../aql/ast.js';
import { checkBindVars, checkUnusedBindVars, parseAql, QueryExecution, type ExecuteOptions } from '../aql/engine.js';
import { AqlError, queryErrorFor } from '../aql/errors.js';
import { dataSourceName, planCollections } from '../aql/explain.js';
import { planOf } from '../aql/plan.js';
import type { PlanOrigin } from '../aql/profile.js';
import { isCacheableQuery, registryOf, type AqlRegistry, type CacheEntry, type Cursor, type TrackedQuery } from '../aql/registry.js';
import { StreamTransaction, transactionFromHeader } from '../store/transaction.js';
import type { Database } from '../store/database.js';
import type { Collection } from '../store/collection.js';
import { checkQueryDataSources, queryAccess } from './query-access.js';
import { header } from './store-params.js';
import { runInSlices, TextBuilder, within, writeJson, type Pacer } from '../aql/functions/chunked.js';

interface CursorBody {
  query?: unknown;
  bindVars?: unknown;
  count?: unknown;
  batchSize?: unknown;
  ttl?: unknown;
  memoryLimit?: unknown;
  cache?: unknown;
  options?: Record<string, unknown>;
}

function num(v: unknown, name: string, min: number): number | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min) {
    throw httpError(400, 'ERROR_BAD_PARAMETER', `expecting ${min > 0 ? 'non-zero ' : ''}value for <${name}>`);
  }
  return v;
}

/**
 * A serial per Collection object: a collection dropped and created again (or restored from a
 * backup) under the same name and id is a different object, so its write counter starts afresh
 * without being mistaken for the old one's.
 */
const serials = new WeakMap<Collection, number>();
let nextSerial = 1;
function serialOf(c: Collection): number {
  let n = serials.get(c);
  if (n === undefined) {
    n = nextSerial++;
    serials.set(c, n);
  }
  return n;
}

function collectionState(db: Database, name: string): string {
  if (!db.hasCollection(name)) return `${name}:-`;
  const coll = db.collection(name);
  // documents past their TTL are removed lazily on read; do it now so an expiry counts as a change
  coll.removeExpired();
  return `${name}:${serialOf(coll)}:${coll.writeCount}`;
}

/**
 * A fingerprint of the data a cached result depends on: the write counter of every collection
 * read, and for a view, of every collection it links (a view itself holds no data).
 */
function fingerprint(db: Database, sources: string[]): string {
  return sources.map((s) => {
    const view = db.views.get(s);
    if (!view) return collectionState(db, s);
    const linked = new Set([...Object.keys(view.links ?? {}), ...(view.indexes ?? []).map((i) => i.collection)]);
    return `${s}(${[...linked].sort().map((c) => collectionState(db, c)).join(',')})`;
  }).join('|');
}

export function register(router: Router): void {
  router.post('/_api/cursor', create);
  router.post('/_api/cursor/:id', (req) => next(req, undefined));
  router.put('/_api/cursor/:id', (req) => next(req, undefined));
  router.post('/_api/cursor/:id/:batchId', (req) => next(req, req.params['batchId']));
  router.delete('/_api/cursor/:id', remove);
  router.put('/_api/cursor', () => {
    throw httpError(400, 'ERROR_HTTP_BAD_PARAMETER', 'expecting POST /_api/cursor/<cursor-id>');
  });
  router.delete('/_api/cursor', () => {
    throw httpError(400, 'ERROR_HTTP_BAD_PARAMETER', 'expecting DELETE /_api/cursor/<cursor-id>');
  });
}

async function create(req: EmuRequest): Promise<EmuResponse> {
  // a coordinator in soft shutdown serves the cursors it has but starts no new ones (http-api-notes §4.4)
  if (req.ctx.server.softShutdownOngoing === true) throw httpError(503, 'ERROR_SHUTTING_DOWN');
  const reg = registryOf(req.ctx.state);
  reg.sweep();
  if (req.body.length === 0) throw AqlError.of(400, 'ERROR_QUERY_EMPTY');
  const raw = req.json<unknown>();
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw AqlError.of(400, 'ERROR_QUERY_EMPTY');
  const body = raw as CursorBody;
  if (typeof body.query !== 'string' || body.query.trim() === '') throw AqlError.of(400, 'ERROR_QUERY_EMPTY');
  const options = (typeof body.options === 'object' && body.options !== null ? body.options : {}) as Record<string, unknown>;
  const batchSize = num(body.batchSize, 'batchSize', 1) ?? 1000;
  const ttlSec = num(body.ttl, 'ttl', 0) || (req.ctx.server.role === 'COORDINATOR' ? 600 : 30);
  const memoryLimit = num(body.memoryLimit, 'memoryLimit', 0) ?? num(options['memoryLimit'], 'memoryLimit', 0) ?? 0;
  const stream = options['stream'] === true;
  const count = body.count === true && !stream;
  const fullCount = options['fullCount'] === true;
  const allowRetry = options['allowRetry'] === true;
  const profile = options['profile'] === true ? 1 : typeof options['profile'] === 'number' ? options['profile'] : 0;
  const maxRuntime = num(options['maxRuntime'], 'maxRuntime', 0) ?? 0;
  const maxWarningCount = num(options['maxWarningCount'], 'maxWarningCount', 0);
  const dirtyRead = header(req, 'x-arango-allow-dirty-read') === 'true';
  const tx = transactionFromHeader(req.ctx.db, req.headers['x-arango-trx-id']);
  const started = Date.now();

  req.ctx.server.stats.recordQuery(body.query, (typeof body.bindVars === 'object' && body.bindVars !== null ? body.bindVars : {}) as Record<string, unknown>, req.dbName);
  const userFns = reg.userFunctions(req.dbName);
  // with skipInaccessibleCollections, collections the user cannot read look empty instead
  const hidden = new Set<string>();
  if (options['skipInaccessibleCollections'] === true) {
    for (const c of req.ctx.db.collections.keys()) if (req.ctx.collectionLevel(c) === 'none') hidden.add(c);
  }
  const access = queryAccess(req.ctx);
  const execOptions: Omit<ExecuteOptions, 'bindVars'> = {
    userFunctionExists: (name) => userFns.has(name),
    access,
    hiddenCollections: hidden,
    cluster: req.ctx.server.role === 'COORDINATOR',
    ...(req.ctx.server.role === 'COORDINATOR'
      ? { shardIds: (c: string) => req.ctx.state.shards.shardsOf(req.ctx.db.name, c).map((s) => s.id) }
      : {}),
    // a write query is atomic: its own transaction commits at the end or rolls back on error
    transaction: (writes, reads) => {
      const t = new StreamTransaction(req.ctx.newTransactionId(), req.ctx.db, new Set(reads), new Set(writes), new Set(), true, false, false);
      return { scope: t, commit: () => t.commit(), abort: () => t.abort() };
    },
    ...(tx ? { tx } : {}),
    user: req.user,
    fullCount,
    maxRuntime,
    failOnWarning: options['failOnWarning'] === true,
    ...(maxWarningCount !== undefined ? { maxWarningCount } : {}),
    memoryLimit,
    profile,
  };
  let query: Query;
  let bindVars: Record<string, unknown>;
  let parsedAt: number;
  let exec: QueryExecution;
  const parseStart = performance.now();
  try {
    query = parseAql(body.query);
    parsedAt = performance.now();
    bindVars = checkBindVars(query, body.bindVars, false);
    exec = new QueryExecution(req.ctx.db, query, { ...execOptions, bindVars });
    try {
      // the transaction checks the rights when it is created, before unused bind parameters are found
      checkQueryDataSources(req.ctx, exec.reads, exec.writes, hidden);
      checkUnusedBindVars(query, bindVars);
    } catch (e) {
      exec.close();
      throw e;
    }
  } catch (e) {
    throw queryErrorFor(stream ? 'stream' : 'cursor', e);
  }
  if (exec.isModification) req.ctx.requireWritable();
  if (dirtyRead && !exec.isModification && !tx) req.ctx.responseHeaders['x-arango-potential-dirty-read'] = 'true';

  // the query results cache (off by default; 'demand' needs cache: true)
  const cacheMode = reg.cacheProps(req.ctx.server.id).mode;
  // 3.12 documents `cache` under `options`; older clients (arangojs 10) send it at the top level.
  // Both are read; a boolean at the top level wins, as in RestCursorHandler::buildOptions.
  const cacheOpt = typeof body.cache === 'boolean' ? body.cache : options['cache'];
  // As in 3.12, only a single server serves from this cache: Query::canUseResultsCache refuses on
  // coordinators, so a cluster always answers `cached: false`. Queries shorter than 8 characters
  // are not cached either.
  const cacheable = req.ctx.server.role !== 'COORDINATOR' && !tx && !exec.isModification && !stream && cacheMode !== 'off' && (cacheMode === 'on' ? cacheOpt !== false : cacheOpt === true)
    && body.query.length >= 8 && isCacheableQuery(body.query) && (reg.cacheProps(req.ctx.server.id).includeSystem || exec.reads.every((c) => !c.startsWith('_')));
  // fullCount changes the answer's stats, so it is part of the key (as in Query::calculateHash)
  const cacheKey = `${req.dbName}\u0000${body.query}\u0000${JSON.stringify(bindVars)}\u0000${fullCount}`;
  if (cacheable) {
    const hit = reg.cache.get(cacheKey);
    // as ArangoDB's QueryCacheResultEntry::currentUserHasPermissions: a user who may not read
    // every collection the cached run read (declared or reached at run time) runs the query
    if (hit && hit.fingerprint === fingerprint(req.ctx.db, hit.collections) && hit.collections.every((c) => access.canRead(c))) {
      hit.hits++;
      exec.close();
      return firstBatch(req, reg, [...hit.results], { extra: hit.extra, batchSize, count, ttlSec, allowRetry, stream: false, cached: true, dirtyRead });
    }
  }

  const queryId = req.ctx.newServerTick();
  const tracking = reg.tracking(req.dbName, req.ctx.server.id);
  const tracked: TrackedQuery = {
    id: queryId, database: req.dbName, user: req.user ?? 'root', query: body.query.slice(0, tracking.maxQueryStringLength),
    bindVars: tracking.trackBindVars ? bindVars : {}, started, stream, modificationQuery: exec.isModification, exec,
    state: 'executing', peakMemoryUsage: 0, warnings: 0, nodeId: req.ctx.server.id, dataSources: [...exec.reads, ...exec.writes],
  };
  if (tracking.enabled) reg.queries.set(queryId, tracked);
  if (options['usePlanCache'] === true) reg.usePlan(req.dbName, body.query, bindVars, fullCount, [...exec.reads, ...exec.writes]);

  const extra = (): Record<string, unknown> => {
    const stats: Record<string, unknown> = { ...exec.stats };
    if (!fullCount) delete stats['fullCount'];
    else if (stats['fullCount'] === undefined) stats['fullCount'] = exec.produced;
    const out: Record<string, unknown> = { warnings: exec.warnings, stats };
    if (profile >= 1) {
      const executing = exec.stats.executionTime;
      out['profile'] = {
        initializing: 0.000001, parsing: (parsedAt - parseStart) / 1000, 'optimizing ast': 0.000001, 'loading collections': 0.000001,
        'instantiating plan': 0.000001, 'optimizing plan': 0.000001, 'instantiating executors': 0.000001, executing, finalizing: 0.000001,
      };
    }
    if (profile >= 2) {
      const origins = new Map<number, PlanOrigin>();
      const plan = planOf(query, (e) => dataSourceName(e, bindVars), {
        collections: planCollections(exec.reads, exec.writes, (c) => req.ctx.db.hasCollection(c)),
        folded: exec.folded, indexChoices: exec.indexChoices, indexHints: exec.indexHints,
        countOf: (c) => (req.ctx.db.hasCollection(c) ? req.ctx.db.collection(c).count() : 0),
        origins,
      });
      // the nodes of the plan shown next to them, counted while the query ran (profile.ts)
      stats['nodes'] = exec.profiler?.nodeStats(plan.nodes, origins) ?? [];
      out['plan'] = plan;
    }
    return out;
  };

  // an abandoned request (async job cancelled) stops its query
  const onAbort = (): void => exec.kill();
  req.ctx.signal.addEventListener('abort', onAbort, { once: true });
  let results: Value[];
  try {
    if (stream) {
      // one item beyond the batch tells whether more follow
      results = await exec.fetch(batchSize + 1);
    } else {
      results = await exec.fetch(Infinity);
    }
  } catch (e) {
    const killed = e instanceof AqlError && e.errorNum === 1500;
    reg.finishQuery(queryId, killed, e instanceof AqlError ? e.errorNum : 4);
    throw e;
  } finally {
    req.ctx.signal.removeEventListener('abort', onAbort);
  }
  if (!stream || exec.done) reg.finishQuery(queryId);

  if (cacheable && exec.done) {
    const e = extra();
    const sourcesRead = [...new Set([...exec.reads, ...exec.ctx.runtimeReads])];
    const entry: CacheEntry = {
      hash: String(reg.cache.size + 1), query: body.query, bindVars, database: req.dbName, collections: sourcesRead,
      fingerprint: fingerprint(req.ctx.db, sourcesRead), results: [...results], extra: e as CacheEntry['extra'],
      size: JSON.stringify(results).length, hits: 0, runTime: exec.stats.executionTime, started,
    };
    if (entry.size <= reg.cacheProps(req.ctx.server.id).maxEntrySize) {
      reg.cache.set(cacheKey, entry);
      while (reg.cache.size > reg.cacheProps(req.ctx.server.id).maxResults) reg.cache.delete(reg.cache.keys().next().value as string);
    }
  }
  return firstBatch(req, reg, results, {
    extra, batchSize, count, ttlSec, allowRetry, stream, cached: false, dirtyRead, exec, queryId, ...(tx ? { tx } : {}),
  });
}

interface FirstBatchOptions {
  extra: Cursor['extra'] | Record<string, unknown>;
  batchSize: number;
  count: boolean;
  ttlSec: number;
  allowRetry: boolean;
  stream: boolean;
  cached: boolean;
  dirtyRead: boolean;
  exec?: QueryExecution;
  queryId?: string;
  tx?: Cursor['tx'];
}

function firstBatch(req: EmuRequest, reg: AqlRegistry, results: Value[], o: FirstBatchOptions): EmuResponse | Promise<EmuResponse> {
  const extraFn = typeof o.extra === 'function' ? o.extra : ((e) => () => e)(o.extra);
  const cursor: Cursor = {
    id: '', dbName: req.dbName, buffer: results, pos: 0, batchSize: o.batchSize, ttlMs: o.ttlSec * 1000,
    expires: Date.now() + o.ttlSec * 1000, batchId: 0, allowRetry: o.allowRetry, extra: extraFn, stream: o.stream,
    busy: false, user: req.user, dirtyRead: o.dirtyRead,
    ...(o.count ? { count: results.length } : {}),
    ...(o.exec && o.stream ? { exec: o.exec } : {}),
    ...(o.queryId ? { queryId: o.queryId } : {}),
    ...(o.tx ? { tx: o.tx } : {}),
  };
  const batch = takeBatch(cursor);
  const more = hasMore(cursor);
  if (more || o.allowRetry) {
    cursor.id = req.ctx.newServerTick();
    if (more || o.allowRetry) reg.cursors.set(cursor.id, cursor);
  }
  const body = render(cursor, batch, more, 201, o.cached);
  if (!more && !o.allowRetry) delete body['id'];
  cursor.lastResponse = body;
  return respond(201, body);
}

/** Nodes of a batch JSON.stringify writes in a few milliseconds; bigger ones are written in slices. */
const WRITE_AT_ONCE = 65536;

/**
 * The answer carrying a batch. A batch of many results, or one huge result (`RETURN 1..9e6`), is
 * written to JSON in slices that give the event loop back in between, as the query that built it
 * did; JSON.stringify in the HTTP layer would hold every coordinator for as long as it writes.
 */
function respond(status: number, body: Record<string, unknown>): EmuResponse | Promise<EmuResponse> {
  const result = body['result'] as Value[];
  if (within(result, WRITE_AT_ONCE) >= 0) return { status, body };
  return writeInSlices(status, body, result);
}

async function writeInSlices(status: number, body: Record<string, unknown>, result: Value[]): Promise<EmuResponse> {
  const out = new TextBuilder();
  // `result` is the body's first attribute; the rest is small
  out.add('{"result":');
  await runInSlices((p) => writeJson(result, p, out));
  const rest = JSON.stringify({ ...body, result: undefined });
  out.add(rest === '{}' ? '}' : `,${rest.slice(1)}`);
  // encoded segment by segment into one buffer (a single Buffer.from or concat would copy it all at once)
  const segments = out.segments();
  const bytes = await runInSlices(function* toBytes(p: Pacer) {
    let size = 0;
    for (const s of segments) size += Buffer.byteLength(s, 'utf8');
    const buf = Buffer.allocUnsafe(size);
    let at = 0;
    for (const s of segments) {
      at += buf.write(s, at, 'utf8');
      if (p.busy(s.length >> 4)) yield;
    }
    return buf;
  });
  return { status, rawBody: bytes, headers: { 'content-type': 'application/json; charset=utf-8' } };
}

function buffered(c: Cursor): number {
  return c.buffer.length - c.pos;
}

function hasMore(c: Cursor): boolean {
  return buffered(c) > 0 || (c.exec !== undefined && !c.exec.done);
}

/** The next batch; an offset into the buffer keeps draining big results linear. */
function takeBatch(c: Cursor): Value[] {
  c.batchId++;
  if (c.pos === 0 && c.buffer.length <= c.batchSize) {
    const all = c.buffer;
    c.buffer = [];
    return all;
  }
  const b = c.buffer.slice(c.pos, c.pos + c.batchSize);
  c.pos += b.length;
  if (c.pos >= c.buffer.length) {
    c.buffer = [];
    c.pos = 0;
  }
  return b;
}

function render(c: Cursor, batch: Value[], more: boolean, code: number, cached: boolean): Record<string, unknown> {
  const body: Record<string, unknown> = { result: batch, hasMore: more };
  if (c.id) body['id'] = c.id;
  if (c.count !== undefined) body['count'] = c.count;
  // stream cursors report extra only with their last batch
  if (!c.stream || !more) body['extra'] = c.extra();
  body['cached'] = cached;
  // Every batch but the last names the next one, whatever allowRetry (docs clarified in
  // docs-hugo#417; the 3.12.10 transcripts show it on cursors without allowRetry).
  if (more) body['nextBatchId'] = String(c.batchId + 1);
  body['error'] = false;
  body['code'] = code;
  return body;
}

function findCursor(req: EmuRequest): { reg: AqlRegistry; cursor: Cursor } {
  const id = req.params['id'] as string;
  req.ctx.checkOwner(id);
  const reg = registryOf(req.ctx.state);
  reg.sweep();
  const cursor = reg.cursors.get(id);
  if (!cursor || cursor.dbName !== req.dbName) throw httpError(404, 'ERROR_CURSOR_NOT_FOUND');
  return { reg, cursor };
}

async function next(req: EmuRequest, batchIdParam: string | undefined): Promise<EmuResponse> {
  const { reg, cursor } = findCursor(req);
  if (batchIdParam !== undefined) {
    const wanted = Number(batchIdParam);
    if (!/^\d+$/.test(batchIdParam)) throw httpError(400, 'ERROR_HTTP_BAD_PARAMETER', 'invalid batch id');
    if (wanted === cursor.batchId) {
      if (!cursor.allowRetry || !cursor.lastResponse) {
        throw httpError(400, 'ERROR_HTTP_BAD_PARAMETER', 'cannot fetch the latest batch again unless allowRetry is set');
      }
      cursor.expires = Date.now() + cursor.ttlMs;
      return respond(200, { ...cursor.lastResponse, code: 200 });
    }
    if (wanted !== cursor.batchId + 1 || !hasMore(cursor)) {
      throw httpError(404, 'ERROR_CURSOR_NOT_FOUND', 'batch not found');
    }
  } else if (!hasMore(cursor)) {
    // exhausted allowRetry cursors are kept only for retries of their last batch
    reg.cursors.delete(cursor.id);
    throw httpError(404, 'ERROR_CURSOR_NOT_FOUND');
  }
  if (cursor.busy) throw httpError(409, 'ERROR_CURSOR_BUSY');
  cursor.busy = true;
  try {
    if (cursor.exec && !cursor.exec.done && buffered(cursor) <= cursor.batchSize) {
      try {
        const more = await cursor.exec.fetch(cursor.batchSize + 1 - buffered(cursor));
        cursor.buffer = [...cursor.buffer.slice(cursor.pos), ...more];
        cursor.pos = 0;
      } catch (e) {
        reg.cursors.delete(cursor.id);
        if (cursor.queryId) reg.finishQuery(cursor.queryId, e instanceof AqlError && e.errorNum === 1500);
        throw e;
      }
    }
    const batch = takeBatch(cursor);
    const more = hasMore(cursor);
    if (cursor.exec?.done && cursor.queryId && reg.queries.has(cursor.queryId)) reg.finishQuery(cursor.queryId);
    if (cursor.dirtyRead) req.ctx.responseHeaders['x-arango-potential-dirty-read'] = 'true';
    const body = render(cursor, batch, more, 200, false);
    cursor.lastResponse = body;
    cursor.expires = Date.now() + cursor.ttlMs;
    if (!more && !cursor.allowRetry) reg.cursors.delete(cursor.id);
    return await respond(200, body);
  } finally {
    cursor.busy = false;
  }
}

function remove(req: EmuRequest): EmuResponse {
  const { reg, cursor } = findCursor(req);
  reg.cursors.delete(cursor.id);
  if (cursor.exec) {
    cursor.exec.kill();
    cursor.exec.close();
  }
  if (cursor.queryId) reg.finishQuery(cursor.queryId);
  return { status: 202, body: { id: cursor.id, error: false, code: 202 } };
}
