import type { Expr, Value } from './ast.js';
import { equals, finite, toBool, toNumber, toString } from './compare.js';
import { isConstantExpr } from './constant.js';
import { SLOT_BYTES } from './context.js';
import { AqlError } from './errors.js';
import { NO_CONSTANTS, PAUSE, slotOf, type CExpr, type CompileEnv, type Row } from './compile-env.js';
import { access, accountResult, compileBinary, compileExpr, FOLDED, rangeBounds, resourceError } from './expressions.js';
import { compileBody } from './statements.js';
import { lookupFunction } from './functions/index.js';
import { CHUNK, hasOwn, type Gen } from './functions/types.js';
import { findGen, flattenGen, isBig } from './functions/chunked.js';

/**
 * Resumable expressions. The row pipeline yields between rows, but one expression over a big
 * array (UNIQUE of ten million values, a subquery in a ternary branch, a range being built) is
 * a single step of it. Such an expression compiles to a generator instead: the parts that can be
 * big (calls of functions with a resumable form, ranges, inline subqueries, expansions and IN
 * over variables) run in chunks and yield PAUSE when the query's slice is used up; the stage
 * evaluating the expression passes the PAUSE on (`yield*`), the query driver gives the event
 * loop back, and a kill or maxRuntime stops it there. Everything else in the expression stays an
 * ordinary closure, and expressions with nothing big in them are not compiled this way at all,
 * so a per-row FILTER costs what it did.
 */

export type GExpr = (row: Row) => Gen;

/** A compiled part of a resumable expression: a generator where it can be big, else a closure. */
type Part = { gen: GExpr; sync?: undefined } | { sync: CExpr; gen?: undefined };

const heavyCache = new WeakMap<Expr, boolean>();
const bigCache = new WeakMap<Expr, boolean>();

/** Functions that build big values out of small arguments. */
const BUILDERS = new Set(['RANGE']);

/**
 * Whether evaluating `e` may take longer than a time slice, judged from its syntax: it calls a
 * function with a resumable form on arguments that may be big (see mayBeBig), builds a range
 * that is not small, runs a subquery inline, or walks a value that may be big (expansion, IN,
 * array comparison). Where the compiler has a cheaper special case (`LENGTH(a..b)`,
 * `x IN a..b`, collection arguments) the expression is not heavy. So `CONCAT("k", d.x)` or
 * `UNIQUE(d.tags)` per row stay ordinary closures, `UNIQUE(xs)` over a subquery's result not.
 */
export function isHeavy(e: Expr, env: CompileEnv): boolean {
  const known = heavyCache.get(e);
  if (known !== undefined) return known;
  const h = heavy(e, env);
  heavyCache.set(e, h);
  return h;
}

/**
 * Whether the value of `e` may be big (an array or object of more than a few thousand nodes):
 * ranges, subqueries, variables a LET or COLLECT INTO filled with such a value, bind parameters
 * and constants that are big, and what functions, expansions and attribute accesses make of
 * those. Variables of FOR loops hold an element (a document, a number) and count as small.
 */
export function mayBeBig(e: Expr, env: CompileEnv): boolean {
  const known = bigCache.get(e);
  if (known !== undefined) return known;
  const b = big(e, env);
  bigCache.set(e, b);
  return b;
}

function big(e: Expr, env: CompileEnv): boolean {
  const b = (x: Expr | undefined): boolean => x !== undefined && mayBeBig(x, env);
  switch (e.kind) {
    case 'value': return isBig(e.value);
    case 'bind': return !e.collection && isBig((env.bindVars[e.name] ?? null) as Value);
    case 'ref': {
      const c = env.constants?.get(e.name);
      return c !== undefined ? isBig(c) : env.bigVars?.has(e.name) === true;
    }
    case 'collection': return false;
    case 'array': return e.elements.length > CHUNK || e.elements.some(b);
    case 'object': return e.entries.length > CHUNK || e.entries.some((x) => b(x.value));
    case 'attr': return b(e.object);
    case 'index': return b(e.object);
    case 'expand': return b(e.object);
    case 'ternary': return b(e.then ?? e.cond) || b(e.otherwise);
    case 'binary': return (e.op === 'AND' || e.op === 'OR') && (b(e.left) || b(e.right));
    case 'unary': case 'arrayCmp': return false;
    case 'range': return !smallRange(e);
    case 'subquery': return true;
    case 'call': return BUILDERS.has(e.name) || e.args.some(b);
  }
  return false;
}

/** A range between two constant numbers that is short. */
function smallRange(e: Extract<Expr, { kind: 'range' }>): boolean {
  return e.from.kind === 'value' && e.to.kind === 'value' && typeof e.from.value === 'number' && typeof e.to.value === 'number'
    && Math.abs(e.to.value - e.from.value) < CHUNK;
}

function heavy(e: Expr, env: CompileEnv): boolean {
  const h = (x: Expr | undefined): boolean => x !== undefined && isHeavy(x, env);
  const b = (x: Expr): boolean => mayBeBig(x, env);
  switch (e.kind) {
    case 'value': case 'ref': case 'bind': case 'collection': return false;
    case 'array': return e.elements.some(h);
    case 'object': return e.entries.some((x) => (typeof x.key !== 'string' && h(x.key)) || h(x.value));
    case 'attr': return h(e.object);
    case 'index': return h(e.object) || h(e.index);
    case 'unary': return h(e.operand);
    case 'ternary': return h(e.cond) || h(e.then) || h(e.otherwise);
    case 'range': return !smallRange(e) || h(e.from) || h(e.to);
    case 'subquery': return env.hoisted?.has(e) !== true;
    case 'expand': return b(e.object) || h(e.object) || h(e.filter) || h(e.ret) || h(e.projection)
      || (e.limit !== undefined && (h(e.limit.offset) || h(e.limit.count)));
    case 'arrayCmp': return b(e.left) || h(e.left) || h(e.right) || (e.quantifier.kind === 'AT LEAST' && h(e.quantifier.count));
    case 'binary':
      if (e.op === 'IN' || e.op === 'NOT IN') {
        // membership in a range is decided without building it (see compileExprUnfolded)
        if (e.right.kind === 'range') return false;
        return b(e.right) || h(e.left) || h(e.right);
      }
      return h(e.left) || h(e.right);
    case 'call': {
      const f = lookupFunction(e.name);
      // unknown names, wrong arities and collection arguments: the ordinary compiler answers them
      if (e.name.includes('::') || !f || e.args.length < f.min || e.args.length > f.max) return false;
      if (e.args.some((a) => a.kind === 'collection' || (a.kind === 'bind' && a.collection))) return false;
      if ((e.name === 'LENGTH' || e.name === 'COUNT') && e.args.length === 1 && e.args[0]?.kind === 'range') return false;
      return (f.gen !== undefined && (BUILDERS.has(e.name) || e.args.some(b))) || e.args.some(h);
    }
  }
  return false;
}

/** The resumable form of `e`, or undefined when it has nothing big in it (use compileExpr). */
export function resumable(e: Expr, env: CompileEnv): GExpr | undefined {
  return isHeavy(e, env) ? compileGen(e, env) : undefined;
}

function part(e: Expr, env: CompileEnv): Part {
  return isHeavy(e, env) ? { gen: compileGen(e, env) } : { sync: compileExpr(e, env) };
}

function compileGen(e: Expr, env: CompileEnv): GExpr {
  const g = compileGenUnfolded(e, env);
  if (env.noFold || !FOLDED.has(e.kind) || !isConstantExpr(e, env.constants ?? NO_CONSTANTS)) return g;
  // a constant is computed once, at its first use (see compileExpr)
  let known = false;
  let value: Value = null;
  return function* constant(r) {
    if (!known) {
      value = yield* g(r);
      known = true;
    }
    return value;
  };
}

function compileGenUnfolded(e: Expr, env: CompileEnv): GExpr {
  const ctx = env.ctx;
  switch (e.kind) {
    case 'array': {
      const els = e.elements.map((x) => part(x, env));
      return function* array(r) {
        const out: Value[] = [];
        for (const p of els) out.push(p.gen ? yield* p.gen(r) : p.sync(r));
        return out;
      };
    }
    case 'object': {
      const entries = e.entries.map((x) => ({ key: typeof x.key === 'string' ? x.key : part(x.key, env), value: part(x.value, env) }));
      return function* object(r) {
        const o: Record<string, Value> = {};
        for (const en of entries) {
          const k = typeof en.key === 'string' ? en.key : en.key.gen ? yield* en.key.gen(r) : en.key.sync(r);
          const ks = typeof k === 'string' ? k : toString(k);
          // the first occurrence of a duplicate attribute wins, as in ArangoDB
          if (!hasOwn(o, ks)) o[ks] = en.value.gen ? yield* en.value.gen(r) : en.value.sync(r);
        }
        return o;
      };
    }
    case 'attr': {
      const obj = part(e.object, env);
      const name = e.name;
      return function* attr(r) {
        const o = obj.gen ? yield* obj.gen(r) : obj.sync(r);
        if (typeof o === 'object' && o !== null && !Array.isArray(o) && hasOwn(o, name)) return o[name] as Value;
        return null;
      };
    }
    case 'index': {
      const obj = part(e.object, env);
      const idx = part(e.index, env);
      return function* index(r) {
        const o = obj.gen ? yield* obj.gen(r) : obj.sync(r);
        return access(o, idx.gen ? yield* idx.gen(r) : idx.sync(r));
      };
    }
    case 'unary': {
      const operand = part(e.operand, env);
      const op = e.op;
      return function* unary(r) {
        const v = operand.gen ? yield* operand.gen(r) : operand.sync(r);
        return op === 'NOT' ? !toBool(v) : op === '-' ? finite(-toNumber(v)) : toNumber(v);
      };
    }
    case 'binary': return compileBinaryGen(e, env);
    case 'arrayCmp': {
      const left = part(e.left, env);
      const right = part(e.right, env);
      const cmp = compileBinary(e.op, (r) => r[0] as Value, (r) => r[1] as Value, ctx);
      const q = e.quantifier;
      const atLeast = q.kind === 'AT LEAST' ? part(q.count, env) : undefined;
      return function* arrayCmp(r) {
        const l = left.gen ? yield* left.gen(r) : left.sync(r);
        if (!Array.isArray(l)) return false;
        const rv = right.gen ? yield* right.gen(r) : right.sync(r);
        let n = 0;
        const pair: Value[] = [null, rv];
        for (let i = 0; i < l.length; i++) {
          pair[0] = l[i] as Value;
          if (toBool(cmp(pair))) n++;
          if ((i & (CHUNK - 1)) === CHUNK - 1 && ctx.busy(CHUNK)) yield PAUSE;
        }
        switch (q.kind) {
          case 'ANY': return n > 0;
          case 'ALL': return n === l.length;
          case 'NONE': return n === 0;
          default: {
            const c = atLeast as Part;
            return n >= toNumber(c.gen ? yield* c.gen(r) : c.sync(r));
          }
        }
      };
    }
    case 'ternary': {
      const c = part(e.cond, env);
      const t = e.then ? part(e.then, env) : undefined;
      const o = part(e.otherwise, env);
      return function* ternary(r) {
        const v = c.gen ? yield* c.gen(r) : c.sync(r);
        const branch = toBool(v) ? t : o;
        if (branch === undefined) return v;
        return branch.gen ? yield* branch.gen(r) : branch.sync(r);
      };
    }
    case 'range': {
      const from = part(e.from, env);
      const to = part(e.to, env);
      return function* range(r) {
        const [a, b] = rangeBounds(from.gen ? yield* from.gen(r) : from.sync(r), to.gen ? yield* to.gen(r) : to.sync(r));
        const n = Math.abs(b - a) + 1;
        ctx.materialize(n);
        const out = new Array<number>(n);
        const step = a <= b ? 1 : -1;
        for (let i = 0; i < n; i++) {
          out[i] = a + i * step;
          if ((i & (CHUNK * 8 - 1)) === CHUNK * 8 - 1 && ctx.busy(CHUNK)) yield PAUSE;
        }
        return out;
      };
    }
    case 'call': return compileCallGen(e, env);
    case 'subquery': {
      // a subquery that could not run as a stage of its own (see hoistSubqueries): it passes PAUSE on
      const run = compileBody(e.body, env, false);
      return function* subquery(r) {
        const out: Value[] = [];
        try {
          for (const v of run(r)) {
            if (v === PAUSE) {
              yield PAUSE;
              continue;
            }
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
    case 'expand': return compileExpandGen(e, env);
    // never heavy: part() compiles them with compileExpr
    case 'value': case 'ref': case 'bind': case 'collection': break;
  }
  throw AqlError.unsupported(`AST node '${String((e as { kind?: string }).kind)}'`);
}

function compileBinaryGen(e: Extract<Expr, { kind: 'binary' }>, env: CompileEnv): GExpr {
  const ctx = env.ctx;
  const l = part(e.left, env);
  const rr = part(e.right, env);
  if (e.op === 'AND' || e.op === 'OR') {
    const and = e.op === 'AND';
    return function* logical(r) {
      const a = l.gen ? yield* l.gen(r) : l.sync(r);
      if (toBool(a) !== and) return a;
      return rr.gen ? yield* rr.gen(r) : rr.sync(r);
    };
  }
  if (e.op === 'IN' || e.op === 'NOT IN') {
    const negate = e.op === 'NOT IN';
    return function* membership(r) {
      const x = l.gen ? yield* l.gen(r) : l.sync(r);
      const arr = rr.gen ? yield* rr.gen(r) : rr.sync(r);
      const found = Array.isArray(arr) && (yield* findGen(arr, (y) => equals(x, y), ctx)) >= 0;
      return found !== negate;
    };
  }
  const op = compileBinary(e.op, (r) => r[0] as Value, (r) => r[1] as Value, ctx);
  return function* binary(r) {
    const a = l.gen ? yield* l.gen(r) : l.sync(r);
    const b = rr.gen ? yield* rr.gen(r) : rr.sync(r);
    return op([a, b]);
  };
}

function compileCallGen(e: Extract<Expr, { kind: 'call' }>, env: CompileEnv): GExpr {
  const ctx = env.ctx;
  // isHeavy admitted only known functions with a fitting number of plain arguments
  const f = lookupFunction(e.name);
  if (!f) throw AqlError.unsupported(`function ${e.name}()`);
  const savedNoFold = env.noFold === true;
  if (e.name === 'NOOPT' || e.name === 'PASSTHRU') env.noFold = true;
  let args: Part[];
  try {
    args = e.args.map((a) => part(a, env));
  } finally {
    env.noFold = savedNoFold;
  }
  const name = e.name;
  const { fn, gen } = f;
  const builder = BUILDERS.has(name);
  return function* call(r) {
    const vals: Value[] = [];
    for (const a of args) vals.push(a.gen ? yield* a.gen(r) : a.sync(r));
    let v: Value;
    try {
      // small arguments after all: the one-shot form, without a generator
      v = gen && (builder || vals.some(isBig)) ? yield* gen(vals, ctx, name) : fn(vals, ctx, name);
    } catch (err) {
      throw resourceError(err, name);
    }
    return accountResult(v, ctx);
  };
}

function compileExpandGen(e: Extract<Expr, { kind: 'expand' }>, env: CompileEnv): GExpr {
  const ctx = env.ctx;
  const obj = part(e.object, env);
  const slot = slotOf(env, e.variable);
  const filter = e.filter ? part(e.filter, env) : undefined;
  const offset = e.limit ? part(e.limit.offset, env) : undefined;
  const count = e.limit ? part(e.limit.count, env) : undefined;
  const ret = e.ret ? part(e.ret, env) : undefined;
  const proj = e.projection ? part(e.projection, env) : undefined;
  const levels = e.levels;
  return function* expand(r) {
    let v = obj.gen ? yield* obj.gen(r) : obj.sync(r);
    if (!Array.isArray(v)) return [];
    if (levels > 1) v = yield* flattenGen(v, levels - 1, ctx);
    const row = r.slice();
    let skip = offset ? toNumber(offset.gen ? yield* offset.gen(r) : offset.sync(r)) : 0;
    let left = count ? toNumber(count.gen ? yield* count.gen(r) : count.sync(r)) : Infinity;
    const out: Value[] = [];
    for (let i = 0; i < v.length; i++) {
      if (left <= 0) break;
      if ((i & (CHUNK - 1)) === CHUNK - 1 && ctx.busy(CHUNK)) yield PAUSE;
      const x = v[i] as Value;
      row[slot] = x;
      if (filter && !toBool(filter.gen ? yield* filter.gen(row) : filter.sync(row))) continue;
      if (skip > 0) { skip--; continue; }
      left--;
      let y = ret ? (ret.gen ? yield* ret.gen(row) : ret.sync(row)) : x;
      if (proj) {
        row[slot] = y;
        y = proj.gen ? yield* proj.gen(row) : proj.sync(row);
      }
      out.push(y);
    }
    return out;
  };
}
