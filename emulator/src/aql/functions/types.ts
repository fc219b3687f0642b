import type { Expr, Value } from '../ast.js';
import type { CompileEnv, PAUSE } from '../compile-env.js';
import type { ExecContext } from '../context.js';

export type FnImpl = (args: Value[], ctx: ExecContext, name: string) => Value;

/** A resumable step: yields PAUSE when its time slice is used up, returns its result. */
export type Gen<T = Value> = Generator<typeof PAUSE, T, undefined>;

/**
 * A function over arguments that may be big (arrays of millions of elements), written so it
 * can stop between chunks of its work: it counts the elements it walked with `ctx.busy()` and
 * yields PAUSE when the query's time slice is used up, so the event loop (and every other
 * coordinator) gets a turn, and a kill or maxRuntime stops it.
 */
export type GenFnImpl = (args: Value[], ctx: ExecContext, name: string) => Gen;

export interface FnDef {
  min: number;
  max: number;
  fn: FnImpl;
  /** Argument positions where a bare collection name is passed as its name (e.g. DOCUMENT(users, 'k')). */
  collectionArgs?: number[];
  /**
   * Checks ArangoDB makes while it plans the query rather than when the call runs (the
   * optimizer's rewrite of NEAR/WITHIN/FULLTEXT needs an index): throws as the server does.
   */
  compileCheck?: (args: readonly Expr[], env: CompileEnv) => void;
  /**
   * ArangoDB has no code for it, only the optimizer's rewrite of a call it sees in the query
   * (AqlFunctionFeature registers NEAR, WITHIN, WITHIN_RECTANGLE and FULLTEXT with
   * functions::NotImplemented): reached through CALL or APPLY it is 501 / 9.
   */
  rewrittenOnly?: true;
  /** The resumable form of `fn` (same result), used where the caller can yield. */
  gen?: GenFnImpl;
}

export type FnTable = Record<string, FnDef>;

/** Registers `fn` under several names. */
export function def(min: number, max: number, fn: FnImpl, extra: Partial<FnDef> = {}): FnDef {
  return { min, max, fn, ...extra };
}

/** Runs a resumable step to its end without yielding (where the caller cannot wait). */
export function drain<T>(g: Generator<unknown, T, undefined>): T {
  let r = g.next();
  while (r.done !== true) r = g.next();
  return r.value;
}

/** Elements walked between two looks at the clock (ctx.busy) in a resumable function. */
export const CHUNK = 1024;

/** ArangoDB's answer to a bad argument: a warning 1542 and null. */
export function invalidArg(ctx: ExecContext, name: string): null {
  ctx.warn('ERROR_QUERY_FUNCTION_ARGUMENT_TYPE_MISMATCH', `invalid argument type in call to function '${name}()'`);
  return null;
}

export function isObject(v: Value | undefined): v is { [key: string]: Value } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function arg(args: Value[], i: number): Value {
  const v = args[i];
  return v === undefined ? null : v;
}

export function hasOwn(o: object, k: string): boolean {
  return Object.prototype.hasOwnProperty.call(o, k);
}
