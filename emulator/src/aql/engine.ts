import type { Expr, Query, Statement, Value } from './ast.js';
import type { IndexChoice } from './index-choice.js';
import { ExecContext, GLOBAL_MEMORY_LIMIT, SLOT_BYTES, type EngineDatabase, type QueryAccess, type QueryStats, type Warning } from './context.js';
import { AqlError } from './errors.js';
import { PAUSE, type CompileEnv } from './compile-env.js';
import { compileBody } from './statements.js';
import { isFunction } from './functions/index.js';
import { checkPlanSize } from './plan-limits.js';
import { QueryProfiler } from './profile.js';
import { parse } from './parser.js';
import type { TxScope } from '../store/types.js';

/**
 * The engine's entry points: parse (with the built-in function table), bind-parameter checks,
 * and QueryExecution, which pulls results lazily in batches and yields to the event loop while
 * a query runs long.
 */

export function parseAql(text: string): Query {
  return parse(text, { isFunction });
}

/**
 * ArangoDB's bind parameter checks: 1550 structure, 1551 missing, 1553 @@ type, and unless
 * `unused` is false 1552 undeclared (ArangoDB looks for unused ones only once the query is
 * compiled, so a caller that compiles first checks them afterwards with checkUnusedBindVars).
 */
export function checkBindVars(q: Query, bindVars: unknown, unused = true): Record<string, unknown> {
  if (bindVars === undefined || bindVars === null) bindVars = {};
  if (typeof bindVars !== 'object' || Array.isArray(bindVars)) {
    throw AqlError.of(400, 'ERROR_QUERY_BIND_PARAMETERS_INVALID', 'invalid structure of bind parameters (while parsing)');
  }
  const given = bindVars as Record<string, unknown>;
  for (const name of q.bindParams) {
    if (!Object.prototype.hasOwnProperty.call(given, name) || given[name] === undefined) {
      throw AqlError.parsing(400, 'ERROR_QUERY_BIND_PARAMETER_MISSING', `no value specified for declared bind parameter '${name}'`);
    }
    if (name.startsWith('@')) {
      const v = given[name];
      if (typeof v !== 'string' || v === '') {
        throw AqlError.parsing(400, 'ERROR_QUERY_BIND_PARAMETER_TYPE', `bind parameter '${name}' has an invalid value or type`);
      }
    }
  }
  if (unused) checkUnusedBindVars(q, given);
  return given;
}

/** 400/1552 for a bind parameter the query does not use. */
export function checkUnusedBindVars(q: Query, given: Record<string, unknown>): void {
  const declared = new Set(q.bindParams);
  for (const name of Object.keys(given)) {
    if (!declared.has(name)) {
      throw AqlError.parsing(400, 'ERROR_QUERY_BIND_PARAMETER_UNDECLARED', `bind parameter '${name}' was not declared in the query`);
    }
  }
}

/** A transaction a write query runs in when it is not part of a stream transaction. */
export interface QueryTransaction {
  scope: TxScope;
  commit(): void;
  abort(): void;
}

export interface ExecuteOptions {
  /**
   * Makes the transaction of a write query outside a stream transaction: its writes become
   * visible at the end, and an error rolls all of them back, as ArangoDB's queries do.
   */
  transaction?: (writes: string[], reads: string[]) => QueryTransaction;
  bindVars?: Record<string, unknown>;
  tx?: TxScope;
  user?: string | null;
  fullCount?: boolean;
  /** Seconds; 0 or absent = unlimited. */
  maxRuntime?: number;
  failOnWarning?: boolean;
  maxWarningCount?: number;
  /** Bytes; 0 or absent = the emulator's ceiling (GLOBAL_MEMORY_LIMIT), which it cannot exceed. */
  memoryLimit?: number;
  /** Cluster mode: traversals may only reach collections the query declares (WITH). */
  cluster?: boolean;
  /** On a coordinator: the shard ids of a collection (SHARD_ID()). */
  shardIds?: (collection: string) => string[];
  /** Collections to treat as empty instead of refusing the query (skipInaccessibleCollections). */
  hiddenCollections?: ReadonlySet<string>;
  /** Whether a user-defined function (`NS::NAME`, upper case) is registered. */
  userFunctionExists?: (name: string) => boolean;
  /** The caller's collection rights, checked for what the query reaches at run time (default: all). */
  access?: QueryAccess;
  /** The `profile` option: from 2 on, the query counts rows and time per plan node (profile.ts). */
  profile?: number;
}

/** Elements of an array approxSize looks at; a longer one is estimated from as many samples. */
const SAMPLED = 1024;

/**
 * Approximate memory a result takes (for memoryLimit / peakMemoryUsage): its top level only, so
 * the cost per result stays small whatever its size (what lies deeper is mostly a stored
 * document the result shares, not a copy; ArangoDB copies it, so it counts more).
 */
export function approxSize(v: Value, depth = 1): number {
  if (v === null || typeof v !== 'object') return typeof v === 'string' ? SLOT_BYTES + v.length : SLOT_BYTES;
  let n = SLOT_BYTES;
  if (Array.isArray(v)) {
    if (depth <= 0) return n + v.length * SLOT_BYTES;
    if (v.length > SAMPLED) {
      // a big array is estimated from evenly spaced elements: walking it would hold the event loop
      const step = v.length / SAMPLED;
      let sample = 0;
      for (let i = 0; i < SAMPLED; i++) sample += approxSize(v[Math.floor(i * step)] as Value, depth - 1);
      return n + Math.round((sample / SAMPLED) * v.length);
    }
    for (const x of v) n += approxSize(x, depth - 1);
  } else {
    for (const k in v) n += k.length + (depth <= 0 ? SLOT_BYTES : approxSize(v[k] as Value, depth - 1));
  }
  return n;
}

export class QueryExecution {
  readonly ctx: ExecContext;
  private readonly it: Iterator<Value | typeof PAUSE>;
  private finished = false;
  /** The query's own transaction (write queries outside a stream transaction). */
  private own: QueryTransaction | undefined;
  /** Results handed out so far. */
  produced = 0;
  readonly isModification: boolean;
  /** Collections (and views) the query reads / writes. */
  readonly reads: string[];
  readonly writes: string[];
  /** The values the compiler folded constant expressions to (for explain). */
  readonly folded = new Map<Expr, Value>();
  /** The index each `FOR` over a collection reads (null: a full scan), as the plan shows it. */
  readonly indexChoices = new Map<Statement, IndexChoice | null>();
  /** The index hints of `FOR … OPTIONS`, as the plan shows them. */
  readonly indexHints = new Map<Statement, Value>();
  /** Per-node counters, when profiled at level 2. */
  readonly profiler: QueryProfiler | undefined;

  constructor(
    db: EngineDatabase,
    readonly query: Query,
    opts: ExecuteOptions = {},
  ) {
    const ctx = new ExecContext(db, opts.tx, opts.user ?? null);
    ctx.fullCountWanted = opts.fullCount === true;
    if (opts.maxRuntime && opts.maxRuntime > 0) ctx.deadline = ctx.started + opts.maxRuntime * 1000;
    if (opts.failOnWarning) ctx.failOnWarning = true;
    if (opts.maxWarningCount !== undefined) ctx.maxWarningCount = opts.maxWarningCount;
    if (opts.userFunctionExists) ctx.userFunctionExists = opts.userFunctionExists;
    if (opts.hiddenCollections) ctx.hidden = opts.hiddenCollections;
    if (opts.access) ctx.access = opts.access;
    if (opts.shardIds) ctx.shardIds = opts.shardIds;
    this.ctx = ctx;
    if (opts.memoryLimit && opts.memoryLimit > 0) ctx.memoryLimit = Math.min(opts.memoryLimit, GLOBAL_MEMORY_LIMIT);
    this.profiler = (opts.profile ?? 0) >= 2 ? new QueryProfiler(() => ctx.pause) : undefined;
    const env: CompileEnv = {
      ctx, bindVars: opts.bindVars ?? {}, slots: new Map(), modified: new Map(), reads: new Set(), folded: this.folded, indexChoices: this.indexChoices, indexHints: this.indexHints,
      ...(this.profiler ? { profiler: this.profiler } : {}),
    };
    const run = compileBody(query.body, env, true);
    // after the collections are resolved, as the server instantiates the plan after loading them
    checkPlanSize(query);
    this.isModification = env.modified.size > 0;
    this.writes = [...env.modified.keys()];
    this.reads = [...env.reads].filter((c) => !env.modified.has(c));
    if (this.isModification && !opts.tx && opts.transaction) {
      this.own = opts.transaction(this.writes, this.reads);
      ctx.tx = this.own.scope;
    }
    if (opts.cluster) ctx.knownCollections = new Set([...env.reads, ...env.modified.keys()]);
    this.it = run([])[Symbol.iterator]();
  }

  get done(): boolean {
    return this.finished;
  }

  get stats(): QueryStats {
    return this.ctx.stats;
  }

  get warnings(): Warning[] {
    return this.ctx.warnings;
  }

  kill(): void {
    this.ctx.killed = true;
  }

  /** Pulls up to `n` results (all with Infinity), yielding to the event loop when asked to. */
  async fetch(n: number): Promise<Value[]> {
    const out: Value[] = [];
    const ctx = this.ctx;
    // a batch of a stream cursor is handed out and dropped; a full result stays in the cursor
    let batchBytes = 0;
    try {
      while (!this.finished && out.length < n) {
        if (ctx.killed) throw AqlError.of(410, 'ERROR_QUERY_KILLED');
        const r = this.it.next();
        if (r.done) {
          this.finished = true;
          this.own?.commit();
          break;
        }
        if (r.value === PAUSE) {
          await this.waitOut();
          continue;
        }
        out.push(r.value);
        this.produced++;
        const bytes = approxSize(r.value);
        batchBytes += bytes;
        ctx.hold(bytes);
        if (ctx.pause) await this.waitOut();
      }
    } catch (e) {
      this.finished = true;
      this.own?.abort();
      this.it.return?.();
      throw e;
    } finally {
      ctx.stats.executionTime = (performance.now() - ctx.startedPrecise) / 1000;
      ctx.stats.peakMemoryUsage = Math.max(ctx.stats.peakMemoryUsage, ctx.peakMemory, ctx.held);
      if (n !== Infinity) ctx.release(batchBytes);
    }
    return out;
  }

  /** Gives the event loop back (and waits out SLEEP); a profiled query books the wait to who asked for it. */
  private async waitOut(): Promise<void> {
    if (!this.profiler) return this.ctx.yieldNow();
    const t0 = performance.now();
    await this.ctx.yieldNow();
    this.profiler.waited(performance.now() - t0);
  }

  /** Stops a query early (cursor deleted): runs the generators' cleanup. */
  close(): void {
    if (!this.finished) {
      this.finished = true;
      this.own?.abort();
      this.it.return?.();
    }
  }
}

/** Runs a query to completion (tests, computed values, internal users). */
export async function executeAql(db: EngineDatabase, text: string, opts: ExecuteOptions = {}): Promise<Value[]> {
  const q = parseAql(text);
  const bindVars = checkBindVars(q, opts.bindVars);
  const ex = new QueryExecution(db, q, { ...opts, bindVars });
  return ex.fetch(Infinity);
}
