import type { Value } from '../ast.js';
import { AqlError } from '../errors.js';
import { compare, equals, toNumber } from '../compare.js';
import { SLOT_BYTES, type ExecContext } from '../context.js';
import { PAUSE, sortCooperatively } from '../compile-env.js';
import { arg, CHUNK, def, invalidArg, isObject, type FnTable, type Gen } from './types.js';
import { chunked, copyGen, due, filterGen, findGen, flattenGen, uniqueGen, ValueSet, valueSetGen } from './chunked.js';

/**
 * Functions whose result can be larger than any argument (UNION, APPEND, INTERLEAVE, padding)
 * count it before building it, so a query fails with 32 instead of V8 running out of memory.
 */
function reserve(ctx: ExecContext, lists: readonly unknown[]): void {
  let n = 0;
  for (const l of lists) n += Array.isArray(l) ? l.length : 1;
  if (n > 4096) ctx.account(n * SLOT_BYTES);
}

export function unique(xs: readonly Value[]): Value[] {
  const seen = new ValueSet();
  const out: Value[] = [];
  for (const x of xs) if (seen.add(x)) out.push(x);
  return out;
}

export function flatten(v: readonly Value[], depth: number): Value[] {
  const out: Value[] = [];
  const walk = (xs: readonly Value[], d: number): void => {
    for (const x of xs) {
      if (Array.isArray(x) && d > 0) walk(x, d - 1);
      else out.push(x);
    }
  };
  walk(v, depth);
  return out;
}

/** A copy of `xs` in AQL's sort order (stable, like Array#sort), built in yielding steps. */
function* sortedGen(xs: readonly Value[], ctx: ExecContext): Gen<Value[]> {
  const copy = yield* copyGen([], xs, ctx);
  return yield* sortCooperatively(copy, compare, ctx);
}

/** The lists of a set function's arguments, or null (with warning 1542) when one is no array. */
function lists(a: Value[], ctx: ExecContext, name: string): Value[][] | null {
  if (a.some((x) => !Array.isArray(x))) {
    invalidArg(ctx, name);
    return null;
  }
  return a as Value[][];
}

const arr = (a: Value[], i: number): Value[] | null => {
  const v = arg(a, i);
  return Array.isArray(v) ? v : null;
};

function sliceIdx(len: number, i: number): number {
  return i < 0 ? Math.max(0, len + i) : Math.min(i, len);
}

export const arrayFunctions: FnTable = {
  FIRST: def(1, 1, (a, ctx, name) => {
    const v = arr(a, 0);
    if (!v) return invalidArg(ctx, name);
    return v.length ? (v[0] as Value) : null;
  }),
  LAST: def(1, 1, (a, ctx, name) => {
    const v = arr(a, 0);
    if (!v) return invalidArg(ctx, name);
    return v.length ? (v[v.length - 1] as Value) : null;
  }),
  NTH: def(2, 2, (a, ctx, name) => {
    const v = arr(a, 0);
    if (!v) return invalidArg(ctx, name);
    const i = Math.trunc(toNumber(arg(a, 1)));
    return i >= 0 && i < v.length ? (v[i] as Value) : null;
  }),
  PUSH: def(2, 3, (a) => {
    const v = arg(a, 0);
    const base = Array.isArray(v) ? v : v === null ? [] : null;
    if (!base) return null;
    const x = arg(a, 1);
    if (a[2] === true && base.some((y) => equals(x, y))) return base;
    return [...base, x];
  }),
  APPEND: chunked(2, 3, function* append(a, ctx) {
    const v = arg(a, 0);
    const base = Array.isArray(v) ? v : v === null ? [] : null;
    if (!base) return null;
    const addV = arg(a, 1);
    reserve(ctx, [base, addV]);
    const add = Array.isArray(addV) ? addV : [addV];
    if (a[2] === true) {
      const out = yield* uniqueGen(base, ctx);
      const seen = yield* valueSetGen([out], ctx);
      for (let i = 0; i < add.length; i++) {
        const x = add[i] as Value;
        if (seen.add(x)) out.push(x);
        if (due(i, seen) && ctx.busy(CHUNK)) yield PAUSE;
      }
      return out;
    }
    const out = yield* copyGen([], base, ctx);
    return yield* copyGen(out, add, ctx);
  }),
  POP: def(1, 1, (a) => {
    const v = arg(a, 0);
    return Array.isArray(v) ? v.slice(0, -1) : null;
  }),
  SHIFT: def(1, 1, (a) => {
    const v = arg(a, 0);
    return Array.isArray(v) ? v.slice(1) : null;
  }),
  UNSHIFT: def(2, 3, (a) => {
    const v = arg(a, 0);
    if (!Array.isArray(v)) return null;
    const x = arg(a, 1);
    if (a[2] === true && v.some((y) => equals(x, y))) return v;
    return [x, ...v];
  }),
  REMOVE_VALUE: chunked(2, 3, function* removeValue(a, ctx) {
    const v = arg(a, 0);
    if (!Array.isArray(v)) return null;
    let limit = a[2] === undefined || a[2] === null ? Infinity : toNumber(arg(a, 2));
    const x = arg(a, 1);
    return yield* filterGen(v, (y) => (limit > 0 && equals(x, y) ? (limit--, false) : true), ctx);
  }),
  REMOVE_VALUES: chunked(2, 2, function* removeValues(a, ctx) {
    const v = arg(a, 0);
    if (!Array.isArray(v)) return null;
    const rm = arg(a, 1);
    const keys = yield* valueSetGen([Array.isArray(rm) ? rm : []], ctx);
    return yield* filterGen(v, (y) => !keys.has(y), ctx);
  }),
  REMOVE_NTH: def(2, 2, (a) => {
    const v = arg(a, 0);
    if (!Array.isArray(v)) return null;
    let i = Math.trunc(toNumber(arg(a, 1)));
    if (i < 0) i += v.length;
    if (i < 0 || i >= v.length) return v;
    return [...v.slice(0, i), ...v.slice(i + 1)];
  }),
  // ArangoDB's ReplaceNth: a negative position counts from the end and, past the start, is 0; a
  // position past the end needs the padding argument; a null position is an error.
  REPLACE_NTH: def(3, 4, (a, ctx, name) => {
    const v = arg(a, 0);
    if (!Array.isArray(v)) return invalidArg(ctx, name);
    if (arg(a, 1) === null) throw AqlError.runtime(400, 'ERROR_QUERY_FUNCTION_ARGUMENT_TYPE_MISMATCH', `invalid argument type in call to function '${name}()'`);
    const pos = Math.trunc(toNumber(arg(a, 1)));
    const i = pos >= 0 ? pos : Math.max(0, v.length + pos);
    if (i > v.length && a.length < 4) throw AqlError.runtime(400, 'ERROR_QUERY_FUNCTION_ARGUMENT_TYPE_MISMATCH', `invalid argument type in call to function '${name}()'`);
    if (i >= v.length) ctx.account((i + 1) * SLOT_BYTES);
    const out = [...v];
    while (out.length < i) out.push(arg(a, 3));
    out[i] = arg(a, 2);
    return out;
  }),
  UNIQUE: chunked(1, 1, function* uniqueFn(a, ctx, name) {
    const v = arr(a, 0);
    return v ? yield* uniqueGen(v, ctx) : invalidArg(ctx, name);
  }, (a, ctx, name) => {
    const v = arr(a, 0);
    return v ? unique(v) : invalidArg(ctx, name);
  }),
  SORTED: chunked(1, 1, function* sorted(a, ctx, name) {
    const v = arr(a, 0);
    return v ? yield* sortedGen(v, ctx) : invalidArg(ctx, name);
  }, (a, ctx, name) => {
    const v = arr(a, 0);
    return v ? [...v].sort(compare) : invalidArg(ctx, name);
  }),
  SORTED_UNIQUE: chunked(1, 1, function* sortedUnique(a, ctx, name) {
    const v = arr(a, 0);
    return v ? yield* sortCooperatively(yield* uniqueGen(v, ctx), compare, ctx) : invalidArg(ctx, name);
  }, (a, ctx, name) => {
    const v = arr(a, 0);
    return v ? unique(v).sort(compare) : invalidArg(ctx, name);
  }),
  FLATTEN: chunked(1, 2, function* flattenFn(a, ctx, name) {
    const v = arr(a, 0);
    if (!v) return invalidArg(ctx, name);
    return yield* flattenGen(v, a[1] === undefined || a[1] === null ? 1 : toNumber(arg(a, 1)), ctx);
  }, (a, ctx, name) => {
    const v = arr(a, 0);
    if (!v) return invalidArg(ctx, name);
    return flatten(v, a[1] === undefined || a[1] === null ? 1 : toNumber(arg(a, 1)));
  }),
  UNION: chunked(2, Infinity, function* union(a, ctx, name) {
    const ls = lists(a, ctx, name);
    if (!ls) return null;
    reserve(ctx, a);
    const out: Value[] = [];
    for (const x of ls) yield* copyGen(out, x, ctx);
    return out;
  }),
  UNION_DISTINCT: chunked(2, Infinity, function* unionDistinct(a, ctx, name) {
    const ls = lists(a, ctx, name);
    if (!ls) return null;
    reserve(ctx, a);
    const out: Value[] = [];
    for (const x of ls) yield* copyGen(out, x, ctx);
    return yield* uniqueGen(out, ctx);
  }),
  INTERSECTION: chunked(2, Infinity, function* intersection(a, ctx, name) {
    const ls = lists(a, ctx, name);
    if (!ls) return null;
    // the first occurrences in the first list of the values the second has, then filtered by the others
    const second = yield* valueSetGen([ls[1] as Value[]], ctx);
    let cur = yield* uniqueGen(ls[0] as Value[], ctx, (x) => second.has(x));
    for (const l of ls.slice(2)) {
      const keys = yield* valueSetGen([l], ctx);
      cur = yield* filterGen(cur, (x) => keys.has(x), ctx);
    }
    return cur;
  }),
  MINUS: chunked(2, Infinity, function* minus(a, ctx, name) {
    const ls = lists(a, ctx, name);
    if (!ls) return null;
    const rm = yield* valueSetGen(ls.slice(1), ctx);
    return yield* uniqueGen(ls[0] as Value[], ctx, (x) => !rm.has(x));
  }),
  OUTERSECTION: chunked(2, Infinity, function* outersection(a, ctx, name) {
    const ls = lists(a, ctx, name);
    if (!ls) return null;
    // the values in order of first appearance; `more`: those in more than one list
    const once = new ValueSet();
    const more = new ValueSet();
    const order: Value[] = [];
    for (const l of ls) {
      const u = yield* uniqueGen(l, ctx);
      for (let i = 0; i < u.length; i++) {
        const x = u[i] as Value;
        if (once.add(x)) order.push(x);
        else more.add(x);
        if ((due(i, once) || due(i, more)) && ctx.busy(CHUNK)) yield PAUSE;
      }
    }
    return yield* filterGen(order, (x) => !more.has(x), ctx);
  }),
  SLICE: def(2, 3, (a, ctx, name) => {
    const v = arr(a, 0);
    if (!v) return invalidArg(ctx, name);
    const start = sliceIdx(v.length, Math.trunc(toNumber(arg(a, 1))));
    if (a[2] === undefined || a[2] === null) return v.slice(start);
    const len = Math.trunc(toNumber(arg(a, 2)));
    return len < 0 ? v.slice(start, Math.max(start, v.length + len)) : v.slice(start, start + len);
  }),
  POSITION: chunked(2, 3, position, positionNow),
  CONTAINS_ARRAY: chunked(2, 3, position, positionNow),
  COUNT_DISTINCT: chunked(1, 1, function* countDistinct(a, ctx, name) {
    const v = arr(a, 0);
    return v ? (yield* valueSetGen([v], ctx)).size : invalidArg(ctx, name);
  }, (a, ctx, name) => {
    const v = arr(a, 0);
    return v ? unique(v).length : invalidArg(ctx, name);
  }),
  COUNT_UNIQUE: chunked(1, 1, function* countUnique(a, ctx, name) {
    const v = arr(a, 0);
    return v ? (yield* valueSetGen([v], ctx)).size : invalidArg(ctx, name);
  }),
  INTERLEAVE: chunked(2, Infinity, function* interleave(a, ctx, name) {
    const ls = lists(a, ctx, name);
    if (!ls) return null;
    reserve(ctx, ls);
    const out: Value[] = [];
    let n = 0;
    for (const l of ls) n = Math.max(n, l.length);
    for (let i = 0; i < n; i++) {
      for (const l of ls) if (i < l.length) out.push(l[i] as Value);
      if ((i & (CHUNK - 1)) === CHUNK - 1 && ctx.busy(CHUNK)) yield PAUSE;
    }
    return out;
  }),
  JACCARD: chunked(2, 2, function* jaccard(a, ctx, name) {
    const x = arr(a, 0);
    const y = arr(a, 1);
    if (!x || !y) return invalidArg(ctx, name);
    const ux = yield* uniqueGen(x, ctx);
    const uy = yield* valueSetGen([y], ctx);
    let inter = 0;
    for (let i = 0; i < ux.length; i++) {
      if (uy.has(ux[i] as Value)) inter++;
      if ((i & (CHUNK - 1)) === CHUNK - 1 && ctx.busy(CHUNK)) yield PAUSE;
    }
    const union = ux.length + uy.size - inter;
    return union === 0 ? 1 : inter / union;
  }),
};

/** POSITION / CONTAINS_ARRAY(array, value[, returnIndex]). */
function* position(a: Value[], ctx: ExecContext, name: string): Gen {
  const v = arr(a, 0);
  if (!v) return invalidArg(ctx, name);
  const x = arg(a, 1);
  const i = yield* findGen(v, (y) => equals(x, y), ctx);
  return a[2] === true ? i : i >= 0;
}

function positionNow(a: Value[], ctx: ExecContext, name: string): Value {
  const v = arr(a, 0);
  if (!v) return invalidArg(ctx, name);
  const x = arg(a, 1);
  const i = v.findIndex((y) => equals(x, y));
  return a[2] === true ? i : i >= 0;
}

/** ZIP(keys, values) builds an object; lives here because it consumes two arrays. */
export const zip = def(2, 2, (a, ctx, name) => {
  const k = arr(a, 0);
  const v = arr(a, 1);
  if (!k || !v || k.length !== v.length) return invalidArg(ctx, name);
  const out: Record<string, Value> = {};
  k.forEach((key, i) => {
    const s = typeof key === 'string' ? key : JSON.stringify(key);
    if (!(s in out)) out[s] = v[i] as Value;
  });
  return out;
});

export function isArrayOfObjects(v: Value): v is { [k: string]: Value }[] {
  return Array.isArray(v) && v.every(isObject);
}
