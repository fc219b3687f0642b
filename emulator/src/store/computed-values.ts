/**
 * Computed values (`computedValues` of a collection): each is an AQL `RETURN <expression>` run
 * with `@doc` bound to the document being written. ArangoDB forbids data access in these
 * expressions, so they run against a database without collections and synchronously, inside
 * the write. Compiled queries are cached per expression text. This module holds the whole
 * concept: the definitions as given on create or change, compiling, evaluating, and applying
 * them to a document being written.
 */
import { parseAql } from '../aql/engine.js';
import { ExecContext, type EngineDatabase } from '../aql/context.js';
import { PAUSE, type CompileEnv } from '../aql/compile-env.js';
import { compileBody } from '../aql/statements.js';
import type { Query } from '../aql/ast.js';
import { httpError } from '../errors.js';
import { SYSTEM_ATTRS } from './document-rules.js';
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

export interface ComputedValue {
  name: string;
  expression: string;
  overwrite: boolean;
  computeOn: Array<'insert' | 'update' | 'replace'>;
  keepNull: boolean;
  failOnWarning: boolean;
}

/** Sets (or removes) the computed attributes of `doc`, a document being written `on` insert, update or replace. */
export function applyComputedValues(doc: Doc, cvs: readonly ComputedValue[] | null, on: 'insert' | 'update' | 'replace'): void {
  if (!cvs) return;
  for (const cv of cvs) {
    if (!cv.computeOn.includes(on)) continue;
    if (!cv.overwrite && doc[cv.name] !== undefined) continue;
    let value: Json;
    try {
      value = evaluateComputedValue(cv.expression, doc, cv.failOnWarning);
    } catch (e) {
      if (cv.failOnWarning) throw e;
      value = null;
    }
    if (value === null && !cv.keepNull) delete doc[cv.name];
    else doc[cv.name] = value;
  }
}

/** The `computedValues` property as given on create or change (400 for a bad definition). */
export function parseComputedValues(v: unknown): ComputedValue[] | null {
  if (v === null || v === undefined) return null;
  if (!Array.isArray(v)) throw httpError(400, 'ERROR_BAD_PARAMETER', "'computedValues' must be an array");
  const names = new Set<string>();
  return v.map((raw: unknown) => {
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
      throw httpError(400, 'ERROR_BAD_PARAMETER', 'computed value definition must be an object');
    }
    const cv = raw as Record<string, unknown>;
    const name = cv['name'];
    const expression = cv['expression'];
    if (typeof name !== 'string' || name === '' || name.includes('.') || SYSTEM_ATTRS.has(name)) {
      throw httpError(400, 'ERROR_BAD_PARAMETER', "invalid 'name' for computed value");
    }
    if (names.has(name)) throw httpError(400, 'ERROR_BAD_PARAMETER', `duplicate computed value name '${name}'`);
    names.add(name);
    if (typeof expression !== 'string' || !/^\s*RETURN\s/i.test(expression)) {
      throw httpError(400, 'ERROR_BAD_PARAMETER', `invalid 'expression' for computed value '${name}': must start with RETURN`);
    }
    compileComputedValue(expression);
    const computeOn = cv['computeOn'] ?? ['insert', 'update', 'replace'];
    if (!Array.isArray(computeOn) || computeOn.some((c) => c !== 'insert' && c !== 'update' && c !== 'replace')) {
      throw httpError(400, 'ERROR_BAD_PARAMETER', "'computeOn' must contain only insert, update, replace");
    }
    const flag = (k: string, d: boolean): boolean => {
      const x = cv[k];
      if (x === undefined) return d;
      if (typeof x !== 'boolean') throw httpError(400, 'ERROR_BAD_PARAMETER', `'${k}' must be a boolean`);
      return x;
    };
    return {
      name,
      expression,
      overwrite: flag('overwrite', false),
      computeOn: computeOn as ComputedValue['computeOn'],
      keepNull: flag('keepNull', true),
      failOnWarning: flag('failOnWarning', false),
    };
  });
}
