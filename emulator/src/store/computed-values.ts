/**
 * Computed values (`computedValues` of a collection): each is an AQL `RETURN <expression>` run
 * with `@doc` bound to the document being written. ArangoDB forbids data access in these
 * expressions, so they run against a database without collections and synchronously, inside
 * the write. Compiled queries are cached per expression text.
 */
import { parseAql } from '../aql/engine.js';
import { ExecContext, type EngineDatabase } from '../aql/context.js';
import { PAUSE, type CompileEnv } from '../aql/compile-env.js';
import { compileBody } from '../aql/statements.js';
import type { Query } from '../aql/ast.js';
import { httpError } from '../errors.js';
import type { Doc, Json } from './types.js';

/** A database with no data sources: computed values must not read collections. */
const NO_DATA: EngineDatabase = {
  name: '_computed',
  collection(name: string) {
    throw httpError(400, 'ERROR_BAD_PARAMETER', `computed value expressions cannot access collection '${name}'`);
  },
  hasCollection: () => false,
};

const cache = new Map<string, Query>();

/**
 * Parses and checks an expression when a collection is created or changed: it must be a
 * `RETURN` with no bind parameter other than `@doc` and no collection access (400 otherwise).
 */
export function compileComputedValue(expression: string): Query {
  let q = cache.get(expression);
  if (q) return q;
  try {
    q = parseAql(expression);
  } catch (e) {
    const detail = e instanceof Error ? e.message : 'parse error';
    throw httpError(400, 'ERROR_BAD_PARAMETER', `invalid computed value expression: ${detail}`);
  }
  if (q.body.length !== 1 || q.body[0]?.kind !== 'return') {
    throw httpError(400, 'ERROR_BAD_PARAMETER', 'computed value expression must be a single RETURN');
  }
  const foreign = q.bindParams.filter((b) => b !== 'doc');
  if (foreign.length > 0) {
    throw httpError(400, 'ERROR_BAD_PARAMETER', `computed value expression uses unknown bind parameter '@${foreign[0] ?? ''}'`);
  }
  if (q.collections.length > 0) {
    throw httpError(400, 'ERROR_BAD_PARAMETER', 'computed value expressions cannot access collections');
  }
  cache.set(expression, q);
  return q;
}

/**
 * Evaluates a computed value for `doc`. With `failOnWarning`, an AQL warning (e.g. a type
 * error in a function call) fails the write with 400; otherwise it yields null.
 */
export function evaluateComputedValue(expression: string, doc: Doc, failOnWarning: boolean): Json {
  const q = compileComputedValue(expression);
  const ctx = new ExecContext(NO_DATA, undefined, null);
  ctx.failOnWarning = failOnWarning;
  const env: CompileEnv = { ctx, bindVars: { doc }, slots: new Map(), modified: new Map(), reads: new Set() };
  const run = compileBody(q.body, env, true);
  for (const v of run([])) {
    if (v !== PAUSE) return v as Json;
  }
  return null;
}
