import { createHash } from 'node:crypto';
import type { Value } from './ast.js';
import type { QueryExecution } from './engine.js';
import type { QueryStats, Warning } from './context.js';
import type { TxScope } from '../store/types.js';

/**
 * Server-side bookkeeping of AQL: cursors, running and slow queries, tracking properties, the
 * query results cache and user-defined functions. Cursors are shared by the whole cluster (any
 * coordinator can serve a forwarded follow-up); running/slow query lists are per coordinator as
 * in ArangoDB. Everything hangs off the cluster's shared state object via WeakMaps so this
 * module needs no field on it.
 */

export interface Cursor {
  id: string;
  dbName: string;
  /** Results produced; those from `pos` on are not handed out yet (non-stream: everything). */
  buffer: Value[];
  pos: number;
  /** Stream cursors produce lazily from here. */
  exec?: QueryExecution;
  queryId?: string;
  batchSize: number;
  count?: number;
  ttlMs: number;
  expires: number;
  /** Id of the batch handed out last (batch ids start at 1). */
  batchId: number;
  allowRetry: boolean;
  /** The last answer, for `POST /_api/cursor/{id}/{batchId}` retries. */
  lastResponse?: Record<string, unknown>;
  extra: () => Record<string, unknown>;
  stream: boolean;
  busy: boolean;
  tx?: TxScope;
  user: string | null;
  dirtyRead: boolean;
}

export interface TrackedQuery {
  id: string;
  database: string;
  user: string;
  query: string;
  bindVars: Record<string, unknown>;
  started: number;
  stream: boolean;
  modificationQuery: boolean;
  exec?: QueryExecution;
  /** Set once finished (slow query log). */
  runTime?: number;
  state: 'executing' | 'finished' | 'killed';
  exitCode?: number;
  dataSources: string[];
  peakMemoryUsage: number;
  warnings: number;
  /** The coordinator that runs it (lists are per coordinator). */
  nodeId: string;
}

export interface TrackingProperties {
  enabled: boolean;
  trackSlowQueries: boolean;
  trackBindVars: boolean;
  maxSlowQueries: number;
  slowQueryThreshold: number;
  slowStreamingQueryThreshold: number;
  maxQueryStringLength: number;
}

export interface CacheProperties {
  mode: 'off' | 'on' | 'demand';
  maxResults: number;
  maxResultsSize: number;
  maxEntrySize: number;
  includeSystem: boolean;
}

export interface CacheEntry {
  hash: string;
  query: string;
  bindVars: Record<string, unknown>;
  database: string;
  collections: string[];
  fingerprint: string;
  results: Value[];
  extra: { stats: QueryStats; warnings: Warning[] };
  size: number;
  hits: number;
  runTime: number;
  started: number;
}

/** Functions whose results change between runs (or depend on more than the data read). */
const NON_DETERMINISTIC = /\b(RAND|RANDOM|RANDOM_TOKEN|UUID|DATE_NOW|SLEEP|CURRENT_USER|FAIL|COLLECTIONS|DOCUMENT|CALL|APPLY|V8|NOOPT|CURRENT_DATABASE)\s*\(/i;

/** Whether the results cache may keep a query's result: it calls nothing non-deterministic. */
export function isCacheableQuery(text: string): boolean {
  return !NON_DETERMINISTIC.test(text);
}

export interface UserFunction {
  name: string;
  code: string;
  isDeterministic: boolean;
}

/** An entry of the query plan cache (GET /_api/query-plan-cache). */
export interface PlanCacheEntry {
  database: string;
  hash: string;
  query: string;
  queryHash: number;
  /** Only the collection/view bind parameters (`@@name`): the others do not change the plan. */
  bindVars: Record<string, unknown>;
  fullCount: boolean;
  dataSources: string[];
  created: string;
  hits: number;
  memoryUsage: number;
}

function hash64(s: string): bigint {
  return createHash('sha256').update(s).digest().readBigUInt64BE(0);
}

export class AqlRegistry {
  /** Plan cache by database, then by cache key (query, collection bind parameters, fullCount). */
  readonly plans = new Map<string, Map<string, PlanCacheEntry>>();

  /**
   * A query run with `usePlanCache`: its plan is stored on the first run, and counted as a hit on
   * later runs with the same query string, collection bind parameters and fullCount.
   */
  usePlan(database: string, query: string, bindVars: Record<string, unknown>, fullCount: boolean, dataSources: string[]): PlanCacheEntry {
    const collectionBinds: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(bindVars)) if (k.startsWith('@')) collectionBinds[k] = v;
    const key = JSON.stringify([query, collectionBinds, fullCount]);
    let byKey = this.plans.get(database);
    if (!byKey) {
      byKey = new Map();
      this.plans.set(database, byKey);
    }
    const hit = byKey.get(key);
    if (hit) {
      hit.hits++;
      return hit;
    }
    const entry: PlanCacheEntry = {
      database, hash: String(hash64(key)), query, queryHash: Number(hash64(query) >> 11n), bindVars: collectionBinds, fullCount,
      dataSources: [...new Set(dataSources)], created: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'), hits: 0,
      memoryUsage: 1024 + query.length * 8,
    };
    byKey.set(key, entry);
    return entry;
  }

  readonly cursors = new Map<string, Cursor>();
  readonly queries = new Map<string, TrackedQuery>();
  /** nodeId → slow queries, newest last. */
  readonly slow = new Map<string, TrackedQuery[]>();
  /**
   * Query tracking properties per coordinator and database: RestQueryHandler changes the
   * `queryList()` of its own server's vocbase, so each coordinator keeps its own settings.
   */
  private readonly trackingByDb = new Map<string, TrackingProperties>();
  /** Results-cache properties per coordinator (a server-wide setting of each server). */
  private readonly cachePropsByNode = new Map<string, CacheProperties>();
  readonly cache = new Map<string, CacheEntry>();
  /** database name → user functions by upper-case name. */
  readonly functions = new Map<string, Map<string, UserFunction>>();

  cacheProps(nodeId: string): CacheProperties {
    let p = this.cachePropsByNode.get(nodeId);
    if (!p) {
      p = { mode: 'off', maxResults: 128, maxResultsSize: 268435456, maxEntrySize: 16777216, includeSystem: false };
      this.cachePropsByNode.set(nodeId, p);
    }
    return p;
  }

  setCacheProps(nodeId: string, p: CacheProperties): void {
    this.cachePropsByNode.set(nodeId, p);
  }

  tracking(db: string, nodeId: string): TrackingProperties {
    const key = `${nodeId}\u0000${db}`;
    let t = this.trackingByDb.get(key);
    if (!t) {
      t = {
        enabled: true, trackSlowQueries: true, trackBindVars: true, maxSlowQueries: 64,
        slowQueryThreshold: 10, slowStreamingQueryThreshold: 10, maxQueryStringLength: 4096,
      };
      this.trackingByDb.set(key, t);
    }
    return t;
  }

  userFunctions(db: string): Map<string, UserFunction> {
    let m = this.functions.get(db);
    if (!m) {
      m = new Map();
      this.functions.set(db, m);
    }
    return m;
  }

  /** Drops expired cursors (ArangoDB's cursor garbage collection). */
  sweep(now = Date.now()): void {
    for (const [id, c] of this.cursors) {
      if (!c.busy && c.expires < now) {
        c.exec?.close();
        this.cursors.delete(id);
        if (c.queryId) this.finishQuery(c.queryId);
      }
    }
  }

  finishQuery(id: string, killed = false, exitCode = 0): void {
    const q = this.queries.get(id);
    if (!q) return;
    this.queries.delete(id);
    q.runTime = (Date.now() - q.started) / 1000;
    q.state = killed ? 'killed' : 'finished';
    q.exitCode = killed ? 1500 : exitCode;
    if (q.exec) {
      q.peakMemoryUsage = q.exec.stats.peakMemoryUsage;
      q.warnings = q.exec.warnings.length;
    }
    delete q.exec;
    const t = this.tracking(q.database, q.nodeId);
    const threshold = q.stream ? t.slowStreamingQueryThreshold : t.slowQueryThreshold;
    if (t.enabled && t.trackSlowQueries && q.runTime >= threshold) {
      const list = this.slow.get(q.nodeId) ?? [];
      list.push(q);
      while (list.filter((x) => x.database === q.database).length > t.maxSlowQueries) {
        list.splice(list.findIndex((x) => x.database === q.database), 1);
      }
      this.slow.set(q.nodeId, list);
    }
  }
}

const registries = new WeakMap<object, AqlRegistry>();

/** The registry of one emulated deployment (keyed by its shared state object). */
export function registryOf(state: object): AqlRegistry {
  let r = registries.get(state);
  if (!r) {
    r = new AqlRegistry();
    registries.set(state, r);
  }
  return r;
}
