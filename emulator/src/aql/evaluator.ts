import type { CollectAggregate, Expr, Statement, Value } from './ast.js';
import { compare, equals, finite, toBool, toNumber, toString, valueKey } from './compare.js';
import type { ExecContext } from './context.js';
import { AqlError, atPhase, wrapExecutionError } from './errors.js';
import { arityError, lookupFunction } from './functions/index.js';
import { likeToRegex, regexFor } from './functions/regex.js';
import { flatten, unique } from './functions/array.js';
import { numbersOf, sum, variance } from './functions/numeric.js';
import { hasOwn, isObject } from './functions/types.js';
import { displayName } from './parser.js';
import type { Doc, Json, WriteOptions } from '../store/types.js';
import { compileGraphStatement } from './graph.js';
import { compileSearch } from './search.js';
import { isConstantExpr } from './constant.js';

/**
 * Compiles the AST into closures. A row holds the values of all variables in slots; a statement
 * is a generator stage that turns a stream of rows into another. Stages pass the PAUSE marker
 * through, so the query driver can give the event loop back during long loops and SLEEP().
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
}

const NO_CONSTANTS: ReadonlyMap<string, Value> = new Map();

/** Expression kinds folded when constant; ranges stay lazy, so FOR over 1..1e6 builds no array. */
const FOLDED = new Set<Expr['kind']>(['array', 'object', 'attr', 'index', 'unary', 'binary', 'ternary', 'call']);

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

function checkReadAfterWrite(env: CompileEnv, name: string): void {
  const by = env.modified.get(name);
  if (by) throw AqlError.parsing(400, 'ERROR_QUERY_ACCESS_AFTER_MODIFICATION', `AQL: access after data-modification by ${by}`);
}

// ---------------------------------------------------------------------------------------------
// expressions

/**
 * Compiles an expression. A constant one is evaluated once, now, as ArangoDB's AST optimizer
 * folds it: its warnings (e.g. 1562 for `1 / 0`) are raised once per query, not once per row,
 * and explain reports them too.
 */
export function compileExpr(e: Expr, env: CompileEnv): CExpr {
  if (!env.noFold && FOLDED.has(e.kind) && isConstantExpr(e, env.constants ?? NO_CONSTANTS)) {
    const f = compileExprUnfolded(e, env);
    let v: Value;
    try {
      v = f([]);
    } catch (err) {
      throw atPhase(err, 'optimizing ast');
    }
    return () => v;
  }
  return compileExprUnfolded(e, env);
}

function compileExprUnfolded(e: Expr, env: CompileEnv): CExpr {
  const ctx = env.ctx;
  switch (e.kind) {
    case 'value': {
      const v = e.value;
      return () => v;
    }
    case 'array': {
      const els = e.elements.map((x) => compileExpr(x, env));
      return (r) => els.map((f) => f(r));
    }
    case 'object': {
      const entries = e.entries.map((x) => ({
        key: typeof x.key === 'string' ? x.key : compileExpr(x.key, env),
        value: compileExpr(x.value, env),
      }));
      return (r) => {
        const o: Record<string, Value> = {};
        for (const en of entries) {
          const k = typeof en.key === 'string' ? en.key : en.key(r);
          const ks = typeof k === 'string' ? k : toString(k);
          // the first occurrence of a duplicate attribute wins, as in ArangoDB
          if (!hasOwn(o, ks)) o[ks] = en.value(r);
        }
        return o;
      };
    }
    case 'ref': {
      const constant = env.constants?.get(e.name);
      if (constant !== undefined) return () => constant;
      const s = slotOf(env, e.name);
      return (r) => {
        const v = r[s];
        return v === undefined ? null : v;
      };
    }
    case 'collection': {
      requireDataSource(env, e.name);
      throw AqlError.parsing(400, 'ERROR_QUERY_COLLECTION_USED_IN_EXPRESSION', `AQL: collection '${e.name}' used as expression operand`);
    }
    case 'bind': {
      if (e.collection) {
        const name = collectionNameOf(env, e);
        requireDataSource(env, name);
        throw AqlError.parsing(400, 'ERROR_QUERY_COLLECTION_USED_IN_EXPRESSION', `AQL: collection '${name}' used as expression operand`);
      }
      const v = env.bindVars[e.name] as Value;
      return () => v;
    }
    case 'attr': {
      const obj = compileExpr(e.object, env);
      const name = e.name;
      return (r) => {
        const o = obj(r);
        if (typeof o === 'object' && o !== null && !Array.isArray(o) && hasOwn(o, name)) return o[name] as Value;
        return null;
      };
    }
    case 'index': {
      const obj = compileExpr(e.object, env);
      const idx = compileExpr(e.index, env);
      return (r) => access(obj(r), idx(r));
    }
    case 'expand': return compileExpand(e, env);
    case 'unary': {
      const f = compileExpr(e.operand, env);
      switch (e.op) {
        case '-': return (r) => finite(-toNumber(f(r)));
        case '+': return (r) => toNumber(f(r));
        case 'NOT': return (r) => !toBool(f(r));
      }
      break;
    }
    case 'binary': return compileBinary(e.op, compileExpr(e.left, env), compileExpr(e.right, env), ctx);
    case 'arrayCmp': {
      const left = compileExpr(e.left, env);
      const right = compileExpr(e.right, env);
      const cmp = compileBinary(e.op, (r) => r[0] as Value, (r) => r[1] as Value, ctx);
      const q = e.quantifier;
      const atLeast = q.kind === 'AT LEAST' ? compileExpr(q.count, env) : undefined;
      return (r) => {
        const l = left(r);
        if (!Array.isArray(l)) return false;
        const rv = right(r);
        let n = 0;
        for (const x of l) if (toBool(cmp([x, rv]))) n++;
        switch (q.kind) {
          case 'ANY': return n > 0;
          case 'ALL': return n === l.length;
          case 'NONE': return n === 0;
          default: return n >= toNumber((atLeast as CExpr)(r));
        }
      };
    }
    case 'ternary': {
      const c = compileExpr(e.cond, env);
      const t = e.then ? compileExpr(e.then, env) : undefined;
      const o = compileExpr(e.otherwise, env);
      if (!t) return (r) => {
        const v = c(r);
        return toBool(v) ? v : o(r);
      };
      return (r) => (toBool(c(r)) ? t(r) : o(r));
    }
    case 'range': {
      const from = compileExpr(e.from, env);
      const to = compileExpr(e.to, env);
      return (r) => {
        const [a, b] = rangeBounds(from(r), to(r));
        const out: number[] = [];
        if (Math.abs(b - a) > 10_000_000) throw AqlError.runtime(400, 'ERROR_RESOURCE_LIMIT', 'range too big to materialise');
        if (a <= b) for (let i = a; i <= b; i++) out.push(i);
        else for (let i = a; i >= b; i--) out.push(i);
        return out;
      };
    }
    case 'call': return compileCall(e, env);
    case 'subquery': {
      const run = compileBody(e.body, env, false);
      return (r) => {
        const out: Value[] = [];
        for (const v of run(r)) if (v !== PAUSE) out.push(v);
        return out;
      };
    }
  }
  return assertNever(e as never);
}

function assertNever(x: never): never {
  throw AqlError.unsupported(`AST node '${String((x as { kind?: string }).kind)}'`);
}

export function rangeBounds(a: Value, b: Value): [number, number] {
  return [Math.trunc(toNumber(a)), Math.trunc(toNumber(b))];
}

function access(o: Value, i: Value): Value {
  if (Array.isArray(o)) {
    let n: number;
    if (typeof i === 'number') n = i;
    else if (typeof i === 'string' && /^-?\d+$/.test(i)) n = Number(i);
    else return null;
    n = Math.trunc(n);
    if (n < 0) n += o.length;
    const v = o[n];
    return v === undefined ? null : v;
  }
  if (isObject(o)) {
    const k = typeof i === 'string' ? i : typeof i === 'number' ? String(i) : null;
    if (k === null || !hasOwn(o, k)) return null;
    return o[k] as Value;
  }
  return null;
}

function compileExpand(e: Extract<Expr, { kind: 'expand' }>, env: CompileEnv): CExpr {
  const obj = compileExpr(e.object, env);
  const slot = slotOf(env, e.variable);
  const filter = e.filter ? compileExpr(e.filter, env) : undefined;
  const offset = e.limit ? compileExpr(e.limit.offset, env) : undefined;
  const count = e.limit ? compileExpr(e.limit.count, env) : undefined;
  const ret = e.ret ? compileExpr(e.ret, env) : undefined;
  const proj = e.projection ? compileExpr(e.projection, env) : undefined;
  const levels = e.levels;
  return (r) => {
    let v = obj(r);
    if (!Array.isArray(v)) return [];
    if (levels > 1) v = flatten(v, levels - 1);
    const row = r.slice();
    let skip = offset ? toNumber(offset(r)) : 0;
    let left = count ? toNumber(count(r)) : Infinity;
    const out: Value[] = [];
    for (const x of v) {
      if (left <= 0) break;
      row[slot] = x;
      if (filter && !toBool(filter(row))) continue;
      if (skip > 0) { skip--; continue; }
      left--;
      let y = ret ? ret(row) : x;
      if (proj) {
        row[slot] = y;
        y = proj(row);
      }
      out.push(y);
    }
    return out;
  };
}

function compileBinary(op: string, l: CExpr, rr: CExpr, ctx: ExecContext): CExpr {
  switch (op) {
    case 'AND': return (r) => {
      const a = l(r);
      return toBool(a) ? rr(r) : a;
    };
    case 'OR': return (r) => {
      const a = l(r);
      return toBool(a) ? a : rr(r);
    };
    case '+': return (r) => finite(toNumber(l(r)) + toNumber(rr(r)));
    case '-': return (r) => finite(toNumber(l(r)) - toNumber(rr(r)));
    case '*': return (r) => finite(toNumber(l(r)) * toNumber(rr(r)));
    case '/': return (r) => {
      const a = toNumber(l(r));
      const b = toNumber(rr(r));
      if (b === 0) {
        ctx.warn('ERROR_QUERY_DIVISION_BY_ZERO');
        return null;
      }
      return finite(a / b);
    };
    case '%': return (r) => {
      const a = toNumber(l(r));
      const b = toNumber(rr(r));
      if (b === 0) {
        ctx.warn('ERROR_QUERY_DIVISION_BY_ZERO');
        return null;
      }
      return finite(a % b);
    };
    case '==': return (r) => equals(l(r), rr(r));
    case '!=': return (r) => !equals(l(r), rr(r));
    case '<': return (r) => compare(l(r), rr(r)) < 0;
    case '<=': return (r) => compare(l(r), rr(r)) <= 0;
    case '>': return (r) => compare(l(r), rr(r)) > 0;
    case '>=': return (r) => compare(l(r), rr(r)) >= 0;
    case 'IN': return (r) => inArray(l(r), rr(r));
    case 'NOT IN': return (r) => !inArray(l(r), rr(r));
    case 'LIKE': return (r) => likeToRegex(toString(rr(r)), false).test(toString(l(r)));
    case 'NOT LIKE': return (r) => !likeToRegex(toString(rr(r)), false).test(toString(l(r)));
    case '=~': return (r) => {
      const re = regexFor(toString(rr(r)), false, ctx);
      return re ? re.test(toString(l(r))) : null;
    };
    case '!~': return (r) => {
      const re = regexFor(toString(rr(r)), false, ctx);
      return re ? !re.test(toString(l(r))) : null;
    };
  }
  throw AqlError.unsupported(`operator '${op}'`);
}

function inArray(x: Value, arr: Value): boolean {
  if (!Array.isArray(arr)) return false;
  for (const y of arr) if (equals(x, y)) return true;
  return false;
}

function compileCall(e: Extract<Expr, { kind: 'call' }>, env: CompileEnv): CExpr {
  const ctx = env.ctx;
  if (e.name.includes('::')) {
    if (!ctx.userFunctionExists(e.name)) {
      throw AqlError.parsing(404, 'ERROR_QUERY_FUNCTION_NOT_FOUND', `AQL: user function '${e.name}()' not found`);
    }
    throw AqlError.parsing(501, 'ERROR_NOT_IMPLEMENTED', `AQL: user-defined function '${e.name}()' needs JavaScript, which arangots-emulator does not run`);
  }
  const f = lookupFunction(e.name);
  if (!f) throw AqlError.parsing(400, 'ERROR_QUERY_FUNCTION_NAME_UNKNOWN', `AQL: usage of unknown function '${e.name}()'`);
  if (e.args.length < f.min || e.args.length > f.max) throw arityError(e.name, f);
  // NOOPT()/PASSTHRU() exist to keep their argument from being evaluated at compile time
  const savedNoFold = env.noFold === true;
  if (e.name === 'NOOPT' || e.name === 'PASSTHRU') env.noFold = true;
  let args: CExpr[];
  try {
    args = e.args.map((a, i) => {
      // functions taking a collection accept a bare collection name (DOCUMENT(users, 'k'), LENGTH(users))
      if (f.collectionArgs?.includes(i) && (a.kind === 'collection' || (a.kind === 'bind' && a.collection))) {
        const name = collectionNameOf(env, a);
        requireDataSource(env, name);
        checkReadAfterWrite(env, name);
        if (e.name === 'LENGTH' || e.name === 'COUNT') return (): Value => ctx.db.collection(name).count(ctx.tx);
        return (): Value => name;
      }
      return compileExpr(a, env);
    });
  } finally {
    env.noFold = savedNoFold;
  }
  const name = e.name;
  const fn = f.fn;
  if ((name === 'LENGTH' || name === 'COUNT') && args.length === 1 && (e.args[0]?.kind === 'collection' || (e.args[0]?.kind === 'bind' && (e.args[0] as { collection: boolean }).collection))) {
    return args[0] as CExpr;
  }
  switch (args.length) {
    case 0: return () => fn([], ctx, name);
    case 1: {
      const a0 = args[0] as CExpr;
      return (r) => fn([a0(r)], ctx, name);
    }
    case 2: {
      const a0 = args[0] as CExpr;
      const a1 = args[1] as CExpr;
      return (r) => fn([a0(r), a1(r)], ctx, name);
    }
    default: return (r) => fn(args.map((a) => a(r)), ctx, name);
  }
}

// ---------------------------------------------------------------------------------------------
// statements

/**
 * Compiles a (sub)query body into a function from the starting row to its results. With `top`
 * the body is the main query (its last LIMIT may report fullCount).
 */
export function compileBody(body: Statement[], env: CompileEnv, top: boolean): (start: Row) => Iterable<Value | typeof PAUSE> {
  const stages: Stage[] = [];
  let ret: Extract<Statement, { kind: 'return' }> | undefined;
  if (top) {
    const limits = body.filter((s) => s.kind === 'limit');
    const last = limits[limits.length - 1];
    if (last) env.fullCountLimit = last;
  }
  for (let i = 0; i < body.length; i++) {
    const s = body[i] as Statement;
    if (s.kind === 'return') {
      ret = s;
      break;
    }
    stages.push(s.kind === 'for' ? compileFor(s, env, body[i + 1]) : compileStatement(s, env));
  }
  const retExpr = ret ? compileExpr(ret.expr, env) : undefined;
  const distinct = ret?.distinct ?? false;
  return function* run(start: Row): Iterable<Value | typeof PAUSE> {
    let stream: Iterable<Item> = [start];
    for (const st of stages) stream = st(stream, start);
    const seen = distinct ? new Set<string>() : undefined;
    for (const item of stream) {
      if (item === PAUSE) {
        yield PAUSE;
        continue;
      }
      if (!retExpr) continue; // a write without RETURN produces nothing
      const v = retExpr(item);
      if (seen) {
        const k = valueKey(v);
        if (seen.has(k)) continue;
        seen.add(k);
      }
      yield v;
      if (env.ctx.pause) yield PAUSE;
    }
  };
}

function compileStatement(s: Statement, env: CompileEnv): Stage {
  const ctx = env.ctx;
  switch (s.kind) {
    case 'with': {
      for (const c of s.collections) requireDataSource(env, collectionNameOf(env, c));
      return (input) => input;
    }
    case 'for': return compileFor(s, env);
    case 'traversal':
    case 'shortestPath':
      return compileGraphStatement(s, env);
    case 'filter': {
      const cond = compileExpr(s.cond, env);
      return function* filter(input) {
        for (const r of input) {
          if (r === PAUSE) { yield r; continue; }
          if (toBool(cond(r))) yield r;
          else ctx.stats.filtered++;
          if (ctx.pause) yield PAUSE;
        }
      };
    }
    case 'let': {
      const f = compileExpr(s.expr, env);
      const slot = slotOf(env, s.variable);
      // a constant LET is folded (f returns the value without side effects); references use the value
      if (!env.noFold && isConstantExpr(s.expr, env.constants ?? NO_CONSTANTS)) (env.constants ??= new Map()).set(s.variable, f([]));
      return function* letStage(input) {
        for (const r of input) {
          if (r === PAUSE) { yield r; continue; }
          const nr = r.slice();
          nr[slot] = f(r);
          if (ctx.pause) yield PAUSE;
          yield nr;
        }
      };
    }
    case 'sort': {
      const keys = s.items.map((i) => ({ f: compileExpr(i.expr, env), dir: i.asc ? 1 : -1 }));
      return function* sort(input) {
        const rows: { r: Row; k: Value[] }[] = [];
        for (const r of input) {
          if (r === PAUSE) { yield r; continue; }
          rows.push({ r, k: keys.map((k) => k.f(r)) });
        }
        rows.sort((a, b) => {
          for (let i = 0; i < keys.length; i++) {
            const c = compare(a.k[i] as Value, b.k[i] as Value);
            if (c !== 0) return c * (keys[i] as { dir: number }).dir;
          }
          return 0;
        });
        for (const x of rows) yield x.r;
      };
    }
    case 'limit': {
      const off = limitValue(s.offset, env, 'offset');
      const cnt = limitValue(s.count, env, 'count');
      const isFull = env.fullCountLimit === s;
      return function* limit(input) {
        const counting = isFull && ctx.fullCountWanted;
        let seen = 0;
        for (const r of input) {
          if (r === PAUSE) { yield r; continue; }
          seen++;
          if (seen > off && seen <= off + cnt) yield r;
          else if (seen > off + cnt && !counting) break;
        }
        if (counting) ctx.stats.fullCount = seen;
      };
    }
    case 'collect': return compileCollect(s, env);
    case 'window': return compileWindow(s, env);
    case 'return':
      throw AqlError.unsupported('RETURN in the middle of a query');
    case 'insert': case 'update': case 'replace': case 'remove': case 'upsert':
      return compileWrite(s, env);
  }
  return assertNever(s as never);
}

/**
 * A LIMIT offset or count, fixed before the query runs as in ExecutionPlan::fromNodeLimit: a
 * constant number (fractions truncated), `null` for the default (0 / unbounded); anything
 * else is 400/1504 with ArangoDB's message, raised while the plan is instantiated.
 */
function limitValue(e: Expr, env: CompileEnv, which: 'offset' | 'count'): number {
  if (!isConstantExpr(e, env.constants ?? NO_CONSTANTS)) {
    throw AqlError.of(400, 'ERROR_QUERY_NUMBER_OUT_OF_RANGE', 'AQL: LIMIT offset/count values must be constant numeric values (while instantiating plan)');
  }
  const v = compileExpr(e, env)([]);
  if (v === null) return which === 'offset' ? 0 : Infinity;
  const n = typeof v === 'number' ? Math.trunc(v) : NaN;
  if (!(n >= 0)) {
    throw AqlError.of(400, 'ERROR_QUERY_NUMBER_OUT_OF_RANGE', `AQL: LIMIT ${which} value is not a number or out of range (while instantiating plan)`);
  }
  return n;
}

/** Whether an expression mentions a variable. */
function refersTo(e: unknown, key: string): boolean {
  if (Array.isArray(e)) return e.some((x) => refersTo(x, key));
  if (typeof e !== 'object' || e === null) return false;
  const o = e as Record<string, unknown>;
  if (o['kind'] === 'ref' && o['name'] === key) return true;
  return Object.values(o).some((x) => refersTo(x, key));
}

/**
 * `FOR d IN coll FILTER d._key == expr` (expr not using d): the primary index answers it, as
 * ArangoDB's optimizer would (scannedIndex instead of a full scan).
 */
function primaryKeyLookup(variable: string, next: Statement | undefined): { attr: '_key' | '_id'; key: Expr } | undefined {
  if (next?.kind !== 'filter') return undefined;
  const c = next.cond;
  if (c.kind !== 'binary' || c.op !== '==') return undefined;
  for (const [a, b] of [[c.left, c.right], [c.right, c.left]] as const) {
    if (a.kind === 'attr' && (a.name === '_key' || a.name === '_id') && a.object.kind === 'ref' && a.object.name === variable && !refersTo(b, variable)) {
      return { attr: a.name, key: b };
    }
  }
  return undefined;
}

function compileFor(s: Extract<Statement, { kind: 'for' }>, env: CompileEnv, next?: Statement): Stage {
  const ctx = env.ctx;
  const slot = slotOf(env, s.variable);
  const src = s.source;
  if (src.kind === 'collection' || (src.kind === 'bind' && src.collection)) {
    const name = collectionNameOf(env, src);
    const kind = requireDataSource(env, name);
    checkReadAfterWrite(env, name);
    if (kind === 'view') return compileSearch(s, name, slot, env);
    if (s.search) {
      throw AqlError.parsing(400, 'ERROR_QUERY_PARSE', `AQL: SEARCH needs a view, '${name}' is a collection`);
    }
    const lookup = primaryKeyLookup(s.variable, next);
    if (lookup) {
      const keyE = compileExpr(lookup.key, env);
      const prefix = `${name}/`;
      return function* forPrimaryKey(input) {
        for (const r of input) {
          if (r === PAUSE) { yield r; continue; }
          if (ctx.hidden.has(name)) continue;
          let k = keyE(r);
          if (typeof k !== 'string') continue;
          if (lookup.attr === '_id') {
            if (!k.startsWith(prefix)) continue;
            k = k.slice(prefix.length);
          }
          const doc = ctx.db.collection(name).get(k, ctx.tx);
          if (!doc) continue;
          ctx.stats.scannedIndex++;
          const nr = r.slice();
          nr[slot] = doc as Value;
          yield nr;
          if (ctx.tick()) yield PAUSE;
        }
      };
    }
    return function* forCollection(input) {
      for (const r of input) {
        if (r === PAUSE) { yield r; continue; }
        if (ctx.hidden.has(name)) continue;
        const coll = ctx.db.collection(name);
        for (const doc of coll.all(ctx.tx)) {
          ctx.stats.scannedFull++;
          const nr = r.slice();
          nr[slot] = doc as Value;
          yield nr;
          if (ctx.tick()) yield PAUSE;
        }
      }
    };
  }
  if (s.search) throw AqlError.parsing(400, 'ERROR_QUERY_PARSE', 'AQL: SEARCH can only be used on views');
  if (src.kind === 'range') {
    const from = compileExpr(src.from, env);
    const to = compileExpr(src.to, env);
    return function* forRange(input) {
      for (const r of input) {
        if (r === PAUSE) { yield r; continue; }
        const [a, b] = rangeBounds(from(r), to(r));
        const step = a <= b ? 1 : -1;
        for (let i = a; step > 0 ? i <= b : i >= b; i += step) {
          const nr = r.slice();
          nr[slot] = i;
          yield nr;
          if (ctx.tick()) yield PAUSE;
        }
      }
    };
  }
  const f = compileExpr(src, env);
  return function* forList(input) {
    for (const r of input) {
      if (r === PAUSE) { yield r; continue; }
      const list = f(r);
      if (!Array.isArray(list)) {
        if (list === null) continue;
        throw AqlError.runtime(400, 'ERROR_QUERY_ARRAY_EXPECTED',
          `collection or array expected as operand to FOR loop; you provided a value of type '${typeof list === 'object' ? 'object' : typeof list === 'boolean' ? 'bool' : typeof list}'`);
      }
      for (const x of list) {
        const nr = r.slice();
        nr[slot] = x;
        yield nr;
        if (ctx.tick()) yield PAUSE;
      }
    }
  };
}

// ---------------------------------------------------------------------------------------------
// COLLECT / WINDOW

export function aggregate(fn: string, values: Value[]): Value {
  switch (fn) {
    case 'LENGTH': return values.length;
    case 'MIN': {
      let m: Value = null;
      for (const x of values) if (x !== null && (m === null || compare(x, m) < 0)) m = x;
      return m;
    }
    case 'MAX': {
      let m: Value = null;
      for (const x of values) if (x !== null && (m === null || compare(x, m) > 0)) m = x;
      return m;
    }
    case 'SUM': return finite(sum(numbersOf(values) ?? []));
    case 'AVERAGE': {
      const xs = numbersOf(values) ?? [];
      return xs.length ? finite(sum(xs) / xs.length) : null;
    }
    case 'VARIANCE_POPULATION': return variance(numbersOf(values) ?? [], false);
    case 'VARIANCE_SAMPLE': return variance(numbersOf(values) ?? [], true);
    case 'STDDEV_POPULATION': { const v = variance(numbersOf(values) ?? [], false); return v === null ? null : Math.sqrt(v); }
    case 'STDDEV_SAMPLE': { const v = variance(numbersOf(values) ?? [], true); return v === null ? null : Math.sqrt(v); }
    case 'UNIQUE': return unique(values.filter((x) => x !== null));
    case 'SORTED_UNIQUE': return unique(values.filter((x) => x !== null)).sort(compare);
    case 'COUNT_DISTINCT': return unique(values.filter((x) => x !== null)).length;
    case 'PUSH': return values;
    case 'MERGE': {
      let o: Record<string, Value> = {};
      for (const x of values) if (isObject(x)) o = { ...o, ...x };
      return o;
    }
    case 'BIT_AND': case 'BIT_OR': case 'BIT_XOR': {
      const xs = values.filter((x) => x !== null).map(toNumber);
      if (!xs.length) return null;
      return xs.reduce((a, b) => (fn === 'BIT_AND' ? a & b : fn === 'BIT_OR' ? a | b : a ^ b) >>> 0);
    }
  }
  throw AqlError.unsupported(`aggregate function ${fn}`);
}

function compileAggregates(aggs: CollectAggregate[], env: CompileEnv): { slot: number; fn: string; arg: CExpr }[] {
  return aggs.map((a) => {
    if (a.args.length !== 1) {
      throw AqlError.of(400, 'ERROR_QUERY_INVALID_AGGREGATE_EXPRESSION', 'invalid aggregate expression');
    }
    return { slot: slotOf(env, a.name), fn: a.fn, arg: compileExpr(a.args[0] as Expr, env) };
  });
}

function compileCollect(s: Extract<Statement, { kind: 'collect' }>, env: CompileEnv): Stage {
  const groups = s.groups.map((g) => ({ slot: slotOf(env, g.variable), f: compileExpr(g.expr, env) }));
  const aggs = compileAggregates(s.aggregates, env);
  const intoSlot = s.into ? slotOf(env, s.into.variable) : -1;
  const intoExpr = s.into?.expr ? compileExpr(s.into.expr, env) : undefined;
  const captured = (s.keep ?? s.visible).map((k) => ({ name: displayName(k), slot: slotOf(env, k) }));
  const countSlot = s.countInto ? slotOf(env, s.countInto) : -1;
  let sortGroups = true;
  if (s.options?.kind === 'value' && isObject(s.options.value) && s.options.value['method'] === 'hash') sortGroups = false;
  return function* collect(input, start) {
    interface Group { key: Value[]; first: Row; into: Value[]; aggs: Value[][]; count: number }
    const map = new Map<string, Group>();
    for (const r of input) {
      if (r === PAUSE) { yield r; continue; }
      const key = groups.map((g) => g.f(r));
      const k = groups.length === 0 ? '' : valueKey(key);
      let g = map.get(k);
      if (!g) {
        g = { key, first: r, into: [], aggs: aggs.map(() => []), count: 0 };
        map.set(k, g);
      }
      g.count++;
      for (let i = 0; i < aggs.length; i++) (g.aggs[i] as Value[]).push((aggs[i] as { arg: CExpr }).arg(r));
      if (intoSlot >= 0) {
        if (intoExpr) g.into.push(intoExpr(r));
        else {
          const o: Record<string, Value> = {};
          for (const c of captured) o[c.name] = r[c.slot] ?? null;
          g.into.push(o);
        }
      }
    }
    if (map.size === 0 && groups.length === 0) {
      map.set('', { key: [], first: start, into: [], aggs: aggs.map(() => []), count: 0 });
    }
    let list = [...map.values()];
    if (sortGroups && groups.length > 0) list = list.sort((a, b) => compare(a.key, b.key));
    for (const g of list) {
      const nr = g.first.slice();
      groups.forEach((gr, i) => { nr[gr.slot] = g.key[i] as Value; });
      aggs.forEach((a, i) => { nr[a.slot] = aggregate(a.fn, g.aggs[i] as Value[]); });
      if (intoSlot >= 0) nr[intoSlot] = g.into;
      if (countSlot >= 0) nr[countSlot] = g.count;
      yield nr;
    }
  };
}

function compileWindow(s: Extract<Statement, { kind: 'window' }>, env: CompileEnv): Stage {
  const aggs = compileAggregates(s.aggregates, env);
  const spec = compileExpr(s.spec, env);
  const rangeE = s.range ? compileExpr(s.range, env) : undefined;
  return function* windowStage(input, start) {
    const sp = spec(start);
    if (!isObject(sp)) throw AqlError.of(400, 'ERROR_QUERY_PARSE', 'WINDOW specification must be an object');
    const bound = (v: Value | undefined): number => {
      if (v === undefined || v === null) return 0;
      if (v === 'unbounded') return Infinity;
      return toNumber(v);
    };
    const rows: Row[] = [];
    for (const r of input) {
      if (r === PAUSE) { yield r; continue; }
      rows.push(r);
    }
    if (rangeE) {
      // range-based window: rows whose range value lies within [value - preceding, value + following]
      const vals = rows.map((r) => toNumber(rangeE(r)));
      const pre = sp['preceding'];
      const fol = sp['following'];
      if (typeof pre === 'string' && pre !== 'unbounded') throw AqlError.unsupported('WINDOW with duration ranges');
      if (typeof fol === 'string' && fol !== 'unbounded') throw AqlError.unsupported('WINDOW with duration ranges');
      for (let i = 0; i < rows.length; i++) {
        const lo = (vals[i] as number) - bound(pre);
        const hi = (vals[i] as number) + bound(fol);
        const sel = rows.filter((_, j) => (vals[j] as number) >= lo && (vals[j] as number) <= hi);
        const nr = (rows[i] as Row).slice();
        for (const a of aggs) nr[a.slot] = aggregate(a.fn, sel.map((r) => a.arg(r)));
        yield nr;
      }
      return;
    }
    const pre = bound(sp['preceding']);
    const fol = bound(sp['following']);
    for (let i = 0; i < rows.length; i++) {
      const lo = Math.max(0, pre === Infinity ? 0 : i - pre);
      const hi = Math.min(rows.length - 1, fol === Infinity ? rows.length - 1 : i + fol);
      const sel = rows.slice(lo, hi + 1);
      const nr = (rows[i] as Row).slice();
      for (const a of aggs) nr[a.slot] = aggregate(a.fn, sel.map((r) => a.arg(r)));
      yield nr;
    }
  };
}

// ---------------------------------------------------------------------------------------------
// data modification

interface AqlWriteOptions extends WriteOptions {
  ignoreErrors?: boolean;
}

const WRITE_OPTION_NAMES = new Set([
  'ignoreErrors', 'waitForSync', 'keepNull', 'mergeObjects', 'ignoreRevs', 'overwrite', 'overwriteMode',
  'exclusive', 'refillIndexCaches', 'readOwnWrites', 'indexHint', 'forceIndexHint', 'useCache', 'versionAttribute',
]);

function writeOptions(e: Expr | undefined, env: CompileEnv): AqlWriteOptions {
  if (!e) return {};
  const f = compileExpr(e, env);
  const o = f([]);
  if (!isObject(o)) throw AqlError.of(400, 'ERROR_QUERY_PARSE', "'OPTIONS' have to be an object");
  const out: AqlWriteOptions = {};
  for (const [k, v] of Object.entries(o)) {
    if (!WRITE_OPTION_NAMES.has(k)) {
      env.ctx.warn('ERROR_QUERY_INVALID_OPTIONS_ATTRIBUTE', `unknown OPTIONS attribute used: ${k}`);
      continue;
    }
    if (k === 'ignoreErrors') out.ignoreErrors = toBool(v);
    else if (k === 'waitForSync') out.waitForSync = toBool(v);
    else if (k === 'keepNull') out.keepNull = toBool(v);
    else if (k === 'mergeObjects') out.mergeObjects = toBool(v);
    else if (k === 'ignoreRevs') out.ignoreRevs = toBool(v);
    else if (k === 'overwrite' && toBool(v) && !out.overwriteMode) out.overwriteMode = 'replace';
    else if (k === 'overwriteMode') {
      if (v !== 'ignore' && v !== 'replace' && v !== 'update' && v !== 'conflict') {
        throw AqlError.of(400, 'ERROR_QUERY_INVALID_OPTIONS_ATTRIBUTE', `AQL: invalid value for overwriteMode: ${toString(v)} (while parsing)`);
      }
      out.overwriteMode = v;
    }
  }
  return out;
}

function keyOf(v: Value, collection: string): { key: string; rev?: string } {
  if (typeof v === 'string') {
    const i = v.indexOf('/');
    if (i >= 0) {
      if (v.slice(0, i) !== collection) throw AqlError.of(400, 'ERROR_ARANGO_CROSS_COLLECTION_REQUEST', 'cross collection request not allowed');
      return { key: v.slice(i + 1) };
    }
    return { key: v };
  }
  if (isObject(v)) {
    const k = v['_key'];
    const rev = typeof v['_rev'] === 'string' ? v['_rev'] : undefined;
    if (typeof k === 'string') return { key: k, ...(rev ? { rev } : {}) };
    const id = v['_id'];
    if (typeof id === 'string') return { ...keyOf(id, collection), ...(rev ? { rev } : {}) };
    throw AqlError.of(400, 'ERROR_ARANGO_DOCUMENT_KEY_MISSING');
  }
  throw AqlError.of(400, 'ERROR_ARANGO_DOCUMENT_TYPE_INVALID', 'invalid document type');
}

function matchesExample(doc: Doc, example: Record<string, Value>): boolean {
  for (const [k, v] of Object.entries(example)) {
    const d = hasOwn(doc, k) ? (doc[k] as Value) : null;
    if (!equals(d, v)) return false;
  }
  return true;
}

function compileWrite(s: Extract<Statement, { kind: 'insert' | 'update' | 'replace' | 'remove' | 'upsert' }>, env: CompileEnv): Stage {
  const ctx = env.ctx;
  const name = collectionNameOf(env, s.collection);
  if (!ctx.db.hasCollection(name)) {
    throw AqlError.parsing(404, 'ERROR_ARANGO_DATA_SOURCE_NOT_FOUND', `AQL: collection or view not found: ${name}`);
  }
  const opts = writeOptions(s.options, env);
  const op = s.kind.toUpperCase();
  const newSlot = s.newVar ? slotOf(env, s.newVar) : -1;
  const oldSlot = s.oldVar ? slotOf(env, s.oldVar) : -1;
  const storeOpts: WriteOptions = {};
  if (opts.waitForSync !== undefined) storeOpts.waitForSync = opts.waitForSync;
  if (opts.keepNull !== undefined) storeOpts.keepNull = opts.keepNull;
  if (opts.mergeObjects !== undefined) storeOpts.mergeObjects = opts.mergeObjects;
  if (opts.overwriteMode !== undefined) storeOpts.overwriteMode = opts.overwriteMode;
  const ignoreRevs = opts.ignoreRevs ?? true;
  storeOpts.ignoreRevs = ignoreRevs;

  type Exec = (r: Row) => { new?: Value; old?: Value } | null;
  let exec: Exec;
  switch (s.kind) {
    case 'insert': {
      const doc = compileExpr(s.doc, env);
      exec = (r) => {
        const d = doc(r);
        if (!isObject(d)) throw AqlError.of(400, 'ERROR_ARANGO_DOCUMENT_TYPE_INVALID', 'invalid document type');
        const res = ctx.db.collection(name).insert(d as Record<string, Json>, storeOpts, ctx.tx);
        return { ...(res.new ? { new: res.new as Value } : {}), ...(res.old ? { old: res.old as Value } : {}) };
      };
      break;
    }
    case 'update': case 'replace': {
      const keyE = compileExpr(s.key, env);
      const docE = s.doc ? compileExpr(s.doc, env) : undefined;
      const isUpdate = s.kind === 'update';
      exec = (r) => {
        const kv = keyE(r);
        const { key, rev } = keyOf(kv, name);
        const patch = docE ? docE(r) : kv;
        if (!isObject(patch)) throw AqlError.of(400, 'ERROR_ARANGO_DOCUMENT_TYPE_INVALID', 'invalid document type');
        const o: WriteOptions = { ...storeOpts };
        const patchRev = typeof patch['_rev'] === 'string' ? patch['_rev'] : rev;
        if (!ignoreRevs && patchRev) o.expectedRev = patchRev;
        const c = ctx.db.collection(name);
        const res = isUpdate ? c.update(key, patch as Record<string, Json>, o, ctx.tx) : c.replace(key, patch as Record<string, Json>, o, ctx.tx);
        return { ...(res.new ? { new: res.new as Value } : {}), ...(res.old ? { old: res.old as Value } : {}) };
      };
      break;
    }
    case 'remove': {
      const keyE = compileExpr(s.key, env);
      exec = (r) => {
        const { key, rev } = keyOf(keyE(r), name);
        const o: WriteOptions = { ...storeOpts };
        if (!ignoreRevs && rev) o.expectedRev = rev;
        const res = ctx.db.collection(name).remove(key, o, ctx.tx);
        return res.old ? { old: res.old as Value } : {};
      };
      break;
    }
    case 'upsert': {
      const searchE = compileExpr(s.search, env);
      const insertE = compileExpr(s.insert, env);
      const updateE = compileExpr(s.update, env);
      const searchOld = slotOf(env, s.searchOld);
      const replace = s.replace;
      exec = (r) => {
        const example = searchE(r);
        if (!isObject(example)) throw AqlError.of(400, 'ERROR_ARANGO_DOCUMENT_TYPE_INVALID', 'invalid document type');
        const c = ctx.db.collection(name);
        let found: Doc | undefined;
        for (const d of c.all(ctx.tx)) {
          ctx.stats.scannedFull++;
          if (matchesExample(d, example)) { found = d; break; }
        }
        if (!found) {
          const ins = insertE(r);
          if (!isObject(ins)) throw AqlError.of(400, 'ERROR_ARANGO_DOCUMENT_TYPE_INVALID', 'invalid document type');
          const res = c.insert(ins as Record<string, Json>, storeOpts, ctx.tx);
          return res.new ? { new: res.new as Value } : {};
        }
        const row = r.slice();
        row[searchOld] = found as Value;
        const patch = updateE(row);
        if (!isObject(patch)) throw AqlError.of(400, 'ERROR_ARANGO_DOCUMENT_TYPE_INVALID', 'invalid document type');
        const res = replace ? c.replace(found._key, patch as Record<string, Json>, storeOpts, ctx.tx) : c.update(found._key, patch as Record<string, Json>, storeOpts, ctx.tx);
        return { ...(res.new ? { new: res.new as Value } : {}), ...(res.old ? { old: res.old as Value } : {}) };
      };
      break;
    }
  }
  // later reads of this collection in the query are refused (ArangoDB: access after modification)
  env.modified.set(name, op);
  return function* write(input) {
    for (const r of input) {
      if (r === PAUSE) { yield r; continue; }
      let res: { new?: Value; old?: Value } | null;
      try {
        res = exec(r);
      } catch (e) {
        if (opts.ignoreErrors && e instanceof Error && 'errorNum' in e) {
          ctx.stats.writesIgnored++;
          continue;
        }
        throw wrapExecutionError(e);
      }
      if (!res) continue;
      if (res.new === undefined && res.old === undefined && s.kind === 'insert') {
        // overwriteMode 'ignore' kept the existing document
        ctx.stats.writesIgnored++;
      } else {
        ctx.stats.writesExecuted++;
      }
      const nr = r.slice();
      if (newSlot >= 0) nr[newSlot] = res.new ?? null;
      if (oldSlot >= 0) nr[oldSlot] = res.old ?? null;
      yield nr;
      if (ctx.tick()) yield PAUSE;
    }
  };
}

