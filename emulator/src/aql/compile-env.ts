import type { Expr, Statement, Value } from './ast.js';
import type { ExecContext } from './context.js';
import { AqlError } from './errors.js';
import { isObject } from './functions/types.js';
import type { Pacer } from './functions/chunked.js';
import type { QueryProfiler } from './profile.js';
import type { IndexChoice } from './index-choice.js';

/**
 * What the AQL compiler's parts share: rows, stages, the PAUSE marker, the compile environment,
 * and how a query names its data sources. The AST compiles into closures: a row holds the values
 * of all variables in slots; a statement is a generator stage that turns a stream of rows into
 * another (statements.ts); expressions are plain functions of a row (expressions.ts). Stages pass
 * PAUSE through, so the query driver can give the event loop back during long loops and SLEEP().
 */

export type Row = Value[];
export const PAUSE: unique symbol = Symbol('pause');
export type Item = Row | typeof PAUSE;
export type CExpr = (row: Row) => Value;
export type Stage = (input: Iterable<Item>, start: Row) => Iterable<Item>;

export interface CompileEnv {
  ctx: ExecContext;
  bindVars: Record<string, unknown>;
  slots: Map<string, number>;
  /** Collections written so far in query order (for ERROR_QUERY_ACCESS_AFTER_MODIFICATION). */
  modified: Map<string, string>;
  /** Data sources the query reads (for permission checks and the results cache). */
  reads: Set<string>;
  /** Whether the LIMIT being compiled is the query's top-level last LIMIT (fullCount). */
  fullCountLimit?: Statement;
  /** Values of variables whose LET expression is a compile-time constant. */
  constants?: Map<string, Value>;
  /** Set while compiling the arguments of NOOPT()/PASSTHRU(), which opt out of folding. */
  noFold?: boolean;
  /** Subqueries run by a stage of their own before their statement: the slot holding each result. */
  hoisted?: Map<Expr, number>;
  /** Variables that may hold a big value (a LET of a subquery, COLLECT INTO): see resumable.ts. */
  bigVars?: Set<string>;
  /** The values constant expressions were folded to (explain shows them, as the server's plan does). */
  folded?: Map<Expr, Value>;
  /** The index each `FOR` over a collection reads (null: a full scan), for the plan (plan.ts). */
  indexChoices?: Map<Statement, IndexChoice | null>;
  /** SORTs whose order an index delivers (use-index-for-sort removed their SortNode): they pass rows on. */
  sortsByIndex?: Set<Statement>;
  /** The index hints of `FOR … OPTIONS`, as the plan shows them (IndexHint::toVelocyPack). */
  indexHints?: Map<Statement, Value>;
  /** Set when the query is profiled at level 2: per-statement counters (profile.ts). */
  profiler?: QueryProfiler;
}

export const NO_CONSTANTS: ReadonlyMap<string, Value> = new Map();


export function slotOf(env: CompileEnv, key: string): number {
  let s = env.slots.get(key);
  if (s === undefined) {
    s = env.slots.size;
    env.slots.set(key, s);
  }
  return s;
}

// ---------------------------------------------------------------------------------------------
// bind parameters and names

/** The value of a `@@name` / collection-position bind parameter: a collection name. */
export function collectionNameOf(env: CompileEnv, e: Expr): string {
  if (e.kind === 'value' && typeof e.value === 'string') return e.value;
  if (e.kind === 'collection') return e.name;
  if (e.kind === 'bind') {
    const key = e.collection ? `@${e.name}` : e.name;
    const v = env.bindVars[key];
    if (typeof v === 'string' && v !== '') return v;
    if (isObject(v as Value) && typeof (v as Record<string, unknown>)['name'] === 'string') return (v as { name: string }).name;
    throw AqlError.parsing(400, 'ERROR_QUERY_BIND_PARAMETER_TYPE', `bind parameter '${key}' has an invalid value or type`);
  }
  throw AqlError.of(400, 'ERROR_QUERY_PARSE', 'collection name expected');
}

export function requireDataSource(env: CompileEnv, name: string): 'collection' | 'view' {
  if (env.ctx.db.hasCollection(name)) {
    env.reads.add(name);
    return 'collection';
  }
  if (env.ctx.db.views?.has(name)) {
    env.reads.add(name);
    return 'view';
  }
  throw AqlError.parsing(404, 'ERROR_ARANGO_DATA_SOURCE_NOT_FOUND', `AQL: collection or view not found: ${name}`);
}

export function checkReadAfterWrite(env: CompileEnv, name: string): void {
  const by = env.modified.get(name);
  if (by) throw AqlError.parsing(400, 'ERROR_QUERY_ACCESS_AFTER_MODIFICATION', `AQL: access after data-modification by ${by}`);
}

/**
 * Sorts `rows` without holding the event loop for long: runs of 2 048
 * are sorted by Array#sort, then merged pairwise, yielding PAUSE when the time slice is used up.
 * Stable, like Array#sort (and ArangoDB's SORT). Returns the sorted array.
 */
export function* sortCooperatively<T>(rows: T[], cmp: (a: T, b: T) => number, ctx: Pacer): Generator<typeof PAUSE, T[], undefined> {
  const RUN = 2048;
  const n = rows.length;
  if (n <= RUN) return rows.sort(cmp);
  let src: T[] = [];
  for (let i = 0; i < n; i += RUN) {
    const part = rows.slice(i, i + RUN).sort(cmp);
    for (const x of part) src.push(x);
    // a run costs about RUN × log2(RUN) comparisons
    if (ctx.busy(RUN * 11)) yield PAUSE;
  }
  let dst: T[] = new Array<T>(n);
  for (let width = RUN; width < n; width *= 2) {
    for (let lo = 0; lo < n; lo += 2 * width) {
      const mid = Math.min(lo + width, n);
      const hi = Math.min(lo + 2 * width, n);
      if (mid < hi && cmp(src[mid] as T, src[mid - 1] as T) >= 0) {
        // already in order (a sorted input costs a copy per pass, not a merge)
        for (let k = lo; k < hi; k++) dst[k] = src[k] as T;
        if (ctx.busy((hi - lo) >> 4)) yield PAUSE;
        continue;
      }
      let i = lo;
      let j = mid;
      let k = lo;
      while (i < mid && j < hi) {
        dst[k++] = cmp(src[j] as T, src[i] as T) < 0 ? (src[j++] as T) : (src[i++] as T);
        if ((k & 1023) === 0 && ctx.busy(1024)) yield PAUSE;
      }
      while (i < mid) dst[k++] = src[i++] as T;
      while (j < hi) dst[k++] = src[j++] as T;
    }
    [src, dst] = [dst, src];
  }
  return src;
}
