import type { CollectionAccess, DatabaseAccess, TxScope } from '../store/types.js';
import type { GraphDefinition } from '../store/graphs.js';
import type { ViewDefinition } from '../store/views.js';
import type { AnalyzerDefinition } from '../store/analyzers.js';
import { errorMessages, errors, type ErrorName } from '../error-codes.js';
import { AqlError } from './errors.js';

/** What the engine needs from a database: documents, and optionally named graphs and views. */
export interface EngineDatabase extends DatabaseAccess {
  readonly graphs?: ReadonlyMap<string, Pick<GraphDefinition, 'edgeDefinitions' | 'orphanCollections'>>;
  readonly views?: ReadonlyMap<string, Pick<ViewDefinition, 'type' | 'links' | 'indexes'>>;
  readonly collections?: ReadonlyMap<string, CollectionAccess>;
  /** The database's own analyzers (the built-ins come from store/analyzers.ts). */
  readonly analyzers?: ReadonlyMap<string, AnalyzerDefinition>;
}

export interface QueryStats {
  writesExecuted: number;
  writesIgnored: number;
  documentLookups: number;
  seeks: number;
  scannedFull: number;
  scannedIndex: number;
  /** Threads a SEARCH uses (1: the emulator runs none in parallel); 3.12 reports it always. */
  searchParallelism: number;
  cursorsCreated: number;
  cursorsRearmed: number;
  cacheHits: number;
  cacheMisses: number;
  filtered: number;
  httpRequests: number;
  fullCount?: number;
  executionTime: number;
  peakMemoryUsage: number;
  intermediateCommits: number;
}

export function emptyStats(): QueryStats {
  return {
    writesExecuted: 0, writesIgnored: 0, documentLookups: 0, seeks: 0, scannedFull: 0, scannedIndex: 0, searchParallelism: 1,
    cursorsCreated: 0, cursorsRearmed: 0, cacheHits: 0, cacheMisses: 0, filtered: 0, httpRequests: 0,
    executionTime: 0, peakMemoryUsage: 0, intermediateCommits: 0,
  };
}

/**
 * The caller's rights on collections, as a query's transaction checks them
 * (TransactionState::checkCollectionPermission): `check` throws 403 / 11 ERROR_FORBIDDEN for
 * no access, 403 / 1004 ERROR_ARANGO_READ_ONLY for a write with read-only access.
 */
export interface QueryAccess {
  check(collection: string, mode: 'read' | 'write'): void;
  canRead(collection: string): boolean;
}

/** No authentication, a superuser, or an internal caller: everything is allowed. */
export const OPEN_ACCESS: QueryAccess = { check: () => undefined, canRead: () => true };

export interface Warning {
  code: number;
  message: string;
}

/** How long a synchronous stretch of evaluation may run before it yields to the event loop. */
const SLICE_MS = 15;

/**
 * ArangoDB's Range::MaterializationLimit: a range (or RANGE() result) with more values cannot
 * be built as an array (400/1504 "range is too big to be materialized"); a FOR over `a..b`
 * stays lazy and has no limit.
 */
export const MATERIALIZATION_LIMIT = 10_000_000;

/** Approximate bytes one array element, row slot or object attribute costs in the accounting. */
export const SLOT_BYTES = 16;

/**
 * The memory ceiling of every query, as `--query.global-memory-limit` is for a server (whose
 * `--query.memory-limit` default depends on its RAM). All coordinators of an emulated cluster
 * share one V8 heap, so a query must fail with 32 long before V8 runs out: a per-query
 * `memoryLimit` can lower this but not raise it.
 */
export const GLOBAL_MEMORY_LIMIT = 512 * 1024 * 1024;

/**
 * State of one running query, shared by compiled expressions and statements: warnings, stats,
 * the kill flag, and the cooperative-yield bookkeeping that lets long queries (big loops,
 * SLEEP) give the event loop back so other requests — including a kill — get served.
 */
export class ExecContext {
  readonly warnings: Warning[] = [];
  readonly stats: QueryStats = emptyStats();
  /** Set when evaluation should yield to the event loop at the next statement boundary. */
  pause = false;
  /** Set once the query gave other requests a turn before its first write (aql/modify.ts). */
  yieldedBeforeWrite = false;
  /** Milliseconds SLEEP() asked for that have not been waited yet. */
  sleepMs = 0;
  killed = false;
  private ticks = 0;
  /** The tick count at which tick() next reads the clock. */
  private nextCheck = 1024;
  private sliceStart = Date.now();
  readonly started = Date.now();
  /** For timings: ArangoDB reports seconds as doubles with sub-millisecond precision. */
  readonly startedPrecise = performance.now();
  /** Deadline from `maxRuntime` (epoch ms), 0 for none. */
  deadline = 0;
  maxWarningCount = 10;
  failOnWarning = false;
  userFunctionExists: (name: string) => boolean = () => false;
  /** Collections the user may not read, treated as empty (`skipInaccessibleCollections`). */
  hidden: ReadonlySet<string> = new Set();
  /**
   * In a cluster, the collections a query declared (WITH, FOR, graphs): a traversal reaching a
   * vertex of another collection fails as in ArangoDB (1521). Undefined on a single server.
   */
  knownCollections: ReadonlySet<string> | undefined;
  /** Set on the top-level LIMIT that reports `fullCount`. */
  fullCountWanted = false;
  access: QueryAccess = OPEN_ACCESS;
  /** On a coordinator: the shard ids of a collection, in shard order (SHARD_ID()); undefined on a single server. */
  shardIds: ((collection: string) => string[]) | undefined;
  /** Collections read at run time (DOCUMENT(), COLLECTION_COUNT(), traversal vertices), each checked once. */
  readonly runtimeReads = new Set<string>();
  /** Bytes this query may use (see GLOBAL_MEMORY_LIMIT). */
  memoryLimit = GLOBAL_MEMORY_LIMIT;
  /**
   * Memory accounting, approximate like ArangoDB's ResourceMonitor: `held` is what buffering
   * operations keep (SORT and COLLECT input, subquery results, the result set), `transient` what
   * the expressions of the current row materialised (ranges, function results); it is dropped at
   * the next row. Their sum may not pass memoryLimit; its peak is `peakMemoryUsage`.
   */
  held = 0;
  transient = 0;
  peakMemory = 0;

  constructor(
    readonly db: EngineDatabase,
    /** Set once before execution starts (a write query may get its own transaction). */
    public tx: TxScope | undefined,
    readonly user: string | null,
  ) {}

  /**
   * Before a read of a collection the query did not declare (ArangoDB adds it to the
   * transaction at run time, which checks the user's rights then).
   */
  readCollection(name: string): void {
    if (this.runtimeReads.has(name)) return;
    this.access.check(name, 'read');
    this.runtimeReads.add(name);
  }

  warn(name: ErrorName, message?: string): void {
    const code = errors[name];
    const msg = message ?? errorMessages[code] ?? 'warning';
    if (this.failOnWarning) throw new AqlError(400, code, msg);
    if (this.warnings.length < this.maxWarningCount) this.warnings.push({ code, message: msg });
  }

  /** Counts `bytes` materialised for the current row; 500/32 when the query would pass its limit. */
  account(bytes: number): void {
    this.transient += bytes;
    this.checkMemory();
  }

  /** A range of `count` values about to be built: 400/1504 past MATERIALIZATION_LIMIT, else accounted. */
  materialize(count: number): void {
    if (!(count <= MATERIALIZATION_LIMIT)) {
      throw AqlError.runtime(400, 'ERROR_QUERY_NUMBER_OUT_OF_RANGE', 'range is too big to be materialized');
    }
    this.account(count * SLOT_BYTES);
  }

  /** Counts `bytes` a buffering operation keeps until it calls release(). */
  hold(bytes: number): void {
    this.held += bytes;
    if (this.held + this.transient > this.memoryLimit) this.checkMemory();
  }

  release(bytes: number): void {
    this.held -= bytes;
  }

  private checkMemory(): void {
    const used = this.held + this.transient;
    if (used > this.peakMemory) this.peakMemory = used;
    if (used > this.memoryLimit) {
      // ArangoDB names the nodes that allocated: "query would use more memory than allowed [node #4: SortNode] …"
      throw AqlError.runtime(500, 'ERROR_RESOURCE_LIMIT', 'query would use more memory than allowed');
    }
  }

  /**
   * Counts `n` units of work done inside one expression (elements of a big array walked by a
   * function, a range being built): true when the expression should yield a PAUSE. Unlike tick()
   * it is not a new row, so what the row materialised so far stays accounted.
   */
  busy(n: number): boolean {
    if (this.pause) return true;
    this.ticks += n;
    if (this.ticks < this.nextCheck) return false;
    this.nextCheck = this.ticks + 1024;
    const now = Date.now();
    this.checkDeadline(now);
    if (now - this.sliceStart >= SLICE_MS) this.pause = true;
    return this.pause;
  }

  /** Counts `n` units of work a synchronous step did, so the clock is read soon after it. */
  charge(n: number): void {
    this.ticks += n;
  }

  /** Called per produced item by loops; true when the loop should yield a PAUSE. */
  tick(): boolean {
    // a new row: what the previous one materialised is garbage now
    if (this.transient > 0) {
      if (this.held + this.transient > this.peakMemory) this.peakMemory = this.held + this.transient;
      // a row that built big values counts as many rows, so the clock is read soon after it
      this.ticks += this.transient >> 10;
      this.transient = 0;
    }
    if (this.pause) return true;
    if (++this.ticks < this.nextCheck) return false;
    this.nextCheck = this.ticks + 1024;
    const now = Date.now();
    this.checkDeadline(now);
    if (now - this.sliceStart >= SLICE_MS) this.pause = true;
    return this.pause;
  }

  checkDeadline(now = Date.now()): void {
    if (this.killed) throw AqlError.of(410, 'ERROR_QUERY_KILLED');
    if (this.deadline > 0 && now > this.deadline) {
      this.killed = true;
      throw AqlError.of(410, 'ERROR_QUERY_KILLED');
    }
  }

  /** Waits out a pause: pending SLEEP time in small slices (so a kill is noticed), else one macrotask. */
  async yieldNow(): Promise<void> {
    this.pause = false;
    while (this.sleepMs > 0) {
      const step = Math.min(this.sleepMs, 50);
      this.sleepMs -= step;
      await new Promise((r) => setTimeout(r, step));
      this.checkDeadline();
    }
    await new Promise((r) => setImmediate(r));
    this.checkDeadline();
    this.sliceStart = Date.now();
  }
}

/** Scores of the documents a SEARCH matched, read by BM25() / TFIDF(). */
export const searchScores = new WeakMap<object, number>();
