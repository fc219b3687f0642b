import type { Expr, Value } from './ast.js';
import { compare, equals, finite, toBool, toNumber, toString } from './compare.js';
import { SLOT_BYTES, type ExecContext } from './context.js';
import { AqlError, atPhase } from './errors.js';
import { arityError, lookupFunction } from './functions/index.js';
import { like, regexFor } from './functions/regex.js';
import { flatten } from './functions/array.js';
import { hasOwn, isObject } from './functions/types.js';
import { isConstantExpr } from './constant.js';
import {
  checkReadAfterWrite, collectionNameOf, NO_CONSTANTS, PAUSE, requireDataSource, slotOf, type CExpr, type CompileEnv,
} from './compile-env.js';
import { compileBody } from './statements.js';
import { isHeavy } from './resumable.js';

/** Expression kinds folded when constant; ranges stay lazy, so FOR over 1..1e6 builds no array. */
export const FOLDED = new Set<Expr['kind']>(['array', 'object', 'attr', 'index', 'unary', 'binary', 'ternary', 'call']);


/**
 * Compiles an expression. A constant one is evaluated once, now, as ArangoDB's AST optimizer
 * folds it: its warnings (e.g. 1562 for `1 / 0`) are raised once per query, not once per row,
 * and explain reports them too. A constant that may take long to compute (resumable.ts) is
 * computed once too, but at its first use, while the query runs and can yield.
 */
export function compileExpr(e: Expr, env: CompileEnv): CExpr {
  if (!env.noFold && FOLDED.has(e.kind) && isConstantExpr(e, env.constants ?? NO_CONSTANTS)) {
    const f = compileExprUnfolded(e, env);
    if (isHeavy(e, env)) {
      let known = false;
      let value: Value = null;
      return (r) => {
        if (!known) {
          value = f(r);
          known = true;
        }
        return value;
      };
    }
    let v: Value;
    try {
      v = f([]);
    } catch (err) {
      throw atPhase(err, 'optimizing ast');
    }
    env.folded?.set(e, v);
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
    case 'binary': {
      if ((e.op === 'IN' || e.op === 'NOT IN') && e.right.kind === 'range') {
        // ArangoDB tests membership in a range without building it (Range::isIn)
        const x = compileExpr(e.left, env);
        const from = compileExpr(e.right.from, env);
        const to = compileExpr(e.right.to, env);
        const negate = e.op === 'NOT IN';
        return (r) => {
          const v = x(r);
          const [a, b] = rangeBounds(from(r), to(r));
          const isIn = typeof v === 'number' && Number.isInteger(v) && v >= Math.min(a, b) && v <= Math.max(a, b);
          return isIn !== negate;
        };
      }
      return compileBinary(e.op, compileExpr(e.left, env), compileExpr(e.right, env), ctx);
    }
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
        const n = Math.abs(b - a) + 1;
        ctx.materialize(n);
        const out = new Array<number>(n);
        const step = a <= b ? 1 : -1;
        for (let i = 0; i < n; i++) out[i] = a + i * step;
        return out;
      };
    }
    case 'call': return compileCall(e, env);
    case 'subquery': {
      const hoisted = env.hoisted?.get(e);
      if (hoisted !== undefined) return (r) => r[hoisted] ?? null;
      // a subquery that could not run as a stage of its own (see hoistSubqueries): no yielding here
      const run = compileBody(e.body, env, false);
      return (r) => {
        const out: Value[] = [];
        try {
          for (const v of run(r)) {
            if (v === PAUSE) continue;
            out.push(v);
            ctx.hold(SLOT_BYTES);
          }
        } finally {
          ctx.release(out.length * SLOT_BYTES);
        }
        ctx.account(out.length * SLOT_BYTES);
        return out;
      };
    }
  }
  return assertNever(e as never);
}

export function assertNever(x: never): never {
  throw AqlError.unsupported(`AST node '${String((x as { kind?: string }).kind)}'`);
}

export function rangeBounds(a: Value, b: Value): [number, number] {
  return [Math.trunc(toNumber(a)), Math.trunc(toNumber(b))];
}

export function access(o: Value, i: Value): Value {
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

export function compileBinary(op: string, l: CExpr, rr: CExpr, ctx: ExecContext): CExpr {
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
    case 'IN': return (r) => inArray(l(r), rr(r), ctx);
    case 'NOT IN': return (r) => !inArray(l(r), rr(r), ctx);
    case 'LIKE': return (r) => like(toString(l(r)), toString(rr(r)), false);
    case 'NOT LIKE': return (r) => !like(toString(l(r)), toString(rr(r)), false);
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

function inArray(x: Value, arr: Value, ctx: ExecContext): boolean {
  if (!Array.isArray(arr)) return false;
  // a scan of a long array counts as that much work, so the clock is read soon after it
  ctx.charge(arr.length);
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
  f.compileCheck?.(e.args, env);
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
  const only = e.args[0];
  if ((name === 'LENGTH' || name === 'COUNT') && e.args.length === 1 && only?.kind === 'range') {
    // the length of a range needs no array (ArangoDB's Range::size), so no materialisation limit
    const from = compileExpr(only.from, env);
    const to = compileExpr(only.to, env);
    return (r) => {
      const [a, b] = rangeBounds(from(r), to(r));
      return Math.abs(b - a) + 1;
    };
  }
  if ((name === 'LENGTH' || name === 'COUNT') && args.length === 1 && (e.args[0]?.kind === 'collection' || (e.args[0]?.kind === 'bind' && (e.args[0] as { collection: boolean }).collection))) {
    return args[0] as CExpr;
  }
  const call = (a: Value[]): Value => {
    let v: Value;
    try {
      v = fn(a, ctx, name);
    } catch (err) {
      throw resourceError(err, name);
    }
    return accountResult(v, ctx);
  };
  switch (args.length) {
    case 0: return () => call([]);
    case 1: {
      const a0 = args[0] as CExpr;
      return (r) => call([a0(r)]);
    }
    case 2: {
      const a0 = args[0] as CExpr;
      const a1 = args[1] as CExpr;
      return (r) => call([a0(r), a1(r)]);
    }
    default: return (r) => call(args.map((a) => a(r)));
  }
}

/** What a function built counts toward the query's memory (its arguments were counted already). */
export function accountResult(v: Value, ctx: ExecContext): Value {
  if (Array.isArray(v)) {
    if (v.length > 64) ctx.account(v.length * SLOT_BYTES);
  } else if (typeof v === 'string' && v.length > 1024) ctx.account(v.length);
  return v;
}

/**
 * V8's own limits reached inside a function (a string past its maximum length, a value nested
 * deeper than the stack) are a resource limit of the query (500/32), not an internal error.
 */
export function resourceError(err: unknown, name: string): unknown {
  if (err instanceof RangeError) {
    return AqlError.runtime(500, 'ERROR_RESOURCE_LIMIT', `resource limit exceeded in call to function '${name}()': ${err.message}`);
  }
  return err;
}
