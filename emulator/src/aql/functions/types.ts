import type { Expr, Value } from '../ast.js';
import type { CompileEnv } from '../compile-env.js';
import type { ExecContext } from '../context.js';

export type FnImpl = (args: Value[], ctx: ExecContext, name: string) => Value;

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
}

export type FnTable = Record<string, FnDef>;

/** Registers `fn` under several names. */
export function def(min: number, max: number, fn: FnImpl, extra: Partial<FnDef> = {}): FnDef {
  return { min, max, fn, ...extra };
}

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
