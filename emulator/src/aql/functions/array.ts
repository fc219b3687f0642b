import type { Value } from '../ast.js';
import { AqlError } from '../errors.js';
import { compare, equals, toNumber, valueKey } from '../compare.js';
import { SLOT_BYTES, type ExecContext } from '../context.js';
import { arg, def, invalidArg, isObject, type FnTable } from './types.js';

/**
 * Functions whose result can be larger than any argument (UNION, APPEND, INTERLEAVE, padding)
 * count it before building it, so a query fails with 32 instead of V8 running out of memory.
 */
function reserve(ctx: ExecContext, lists: readonly unknown[]): void {
  let n = 0;
  for (const l of lists) n += Array.isArray(l) ? l.length : 1;
  if (n > 4096) ctx.account(n * SLOT_BYTES);
}

export function unique(xs: Value[]): Value[] {
  // numbers and strings are their own keys (a number and a string never collide in separate sets)
  const nums = new Set<number>();
  const strs = new Set<string>();
  const seen = new Set<string>();
  const out: Value[] = [];
  for (const x of xs) {
    if (typeof x === 'number') {
      if (nums.has(x)) continue;
      nums.add(x);
    } else if (typeof x === 'string') {
      if (strs.has(x)) continue;
      strs.add(x);
    } else {
      const k = valueKey(x);
      if (seen.has(k)) continue;
      seen.add(k);
    }
    out.push(x);
  }
  return out;
}

export function flatten(v: Value[], depth: number): Value[] {
  const out: Value[] = [];
  const walk = (xs: Value[], d: number): void => {
    for (const x of xs) {
      if (Array.isArray(x) && d > 0) walk(x, d - 1);
      else out.push(x);
    }
  };
  walk(v, depth);
  return out;
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
  APPEND: def(2, 3, (a, ctx) => {
    const v = arg(a, 0);
    const base = Array.isArray(v) ? v : v === null ? [] : null;
    if (!base) return null;
    const addV = arg(a, 1);
    reserve(ctx, [base, addV]);
    let add = Array.isArray(addV) ? addV : [addV];
    if (a[2] === true) {
      const out = unique(base);
      const seen = new Set(out.map(valueKey));
      for (const x of add) {
        const k = valueKey(x);
        if (!seen.has(k)) { seen.add(k); out.push(x); }
      }
      return out;
    }
    add = [...add];
    return [...base, ...add];
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
  REMOVE_VALUE: def(2, 3, (a) => {
    const v = arg(a, 0);
    if (!Array.isArray(v)) return null;
    let limit = a[2] === undefined || a[2] === null ? Infinity : toNumber(arg(a, 2));
    const x = arg(a, 1);
    return v.filter((y) => (limit > 0 && equals(x, y) ? (limit--, false) : true));
  }),
  REMOVE_VALUES: def(2, 2, (a) => {
    const v = arg(a, 0);
    if (!Array.isArray(v)) return null;
    const rm = arg(a, 1);
    const keys = new Set((Array.isArray(rm) ? rm : []).map(valueKey));
    return v.filter((y) => !keys.has(valueKey(y)));
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
  UNIQUE: def(1, 1, (a, ctx, name) => {
    const v = arr(a, 0);
    return v ? unique(v) : invalidArg(ctx, name);
  }),
  SORTED: def(1, 1, (a, ctx, name) => {
    const v = arr(a, 0);
    return v ? [...v].sort(compare) : invalidArg(ctx, name);
  }),
  SORTED_UNIQUE: def(1, 1, (a, ctx, name) => {
    const v = arr(a, 0);
    return v ? unique(v).sort(compare) : invalidArg(ctx, name);
  }),
  FLATTEN: def(1, 2, (a, ctx, name) => {
    const v = arr(a, 0);
    if (!v) return invalidArg(ctx, name);
    return flatten(v, a[1] === undefined || a[1] === null ? 1 : toNumber(arg(a, 1)));
  }),
  UNION: def(2, Infinity, (a, ctx, name) => {
    reserve(ctx, a);
    const out: Value[] = [];
    for (const x of a) {
      if (!Array.isArray(x)) return invalidArg(ctx, name);
      out.push(...x);
    }
    return out;
  }),
  UNION_DISTINCT: def(2, Infinity, (a, ctx, name) => {
    reserve(ctx, a);
    const out: Value[] = [];
    for (const x of a) {
      if (!Array.isArray(x)) return invalidArg(ctx, name);
      out.push(...x);
    }
    return unique(out);
  }),
  INTERSECTION: def(2, Infinity, (a, ctx, name) => {
    if (a.some((x) => !Array.isArray(x))) return invalidArg(ctx, name);
    const lists = a as Value[][];
    let cur = unique(lists[0] as Value[]);
    for (const l of lists.slice(1)) {
      const keys = new Set(l.map(valueKey));
      cur = cur.filter((x) => keys.has(valueKey(x)));
    }
    return cur;
  }),
  MINUS: def(2, Infinity, (a, ctx, name) => {
    if (a.some((x) => !Array.isArray(x))) return invalidArg(ctx, name);
    const lists = a as Value[][];
    const rm = new Set(lists.slice(1).flat().map(valueKey));
    return unique((lists[0] as Value[]).filter((x) => !rm.has(valueKey(x))));
  }),
  OUTERSECTION: def(2, Infinity, (a, ctx, name) => {
    if (a.some((x) => !Array.isArray(x))) return invalidArg(ctx, name);
    const counts = new Map<string, { v: Value; n: number }>();
    for (const l of a as Value[][]) {
      for (const x of unique(l)) {
        const k = valueKey(x);
        const c = counts.get(k);
        if (c) c.n++;
        else counts.set(k, { v: x, n: 1 });
      }
    }
    return [...counts.values()].filter((c) => c.n === 1).map((c) => c.v);
  }),
  SLICE: def(2, 3, (a, ctx, name) => {
    const v = arr(a, 0);
    if (!v) return invalidArg(ctx, name);
    const start = sliceIdx(v.length, Math.trunc(toNumber(arg(a, 1))));
    if (a[2] === undefined || a[2] === null) return v.slice(start);
    const len = Math.trunc(toNumber(arg(a, 2)));
    return len < 0 ? v.slice(start, Math.max(start, v.length + len)) : v.slice(start, start + len);
  }),
  POSITION: def(2, 3, (a, ctx, name) => {
    const v = arr(a, 0);
    if (!v) return invalidArg(ctx, name);
    const x = arg(a, 1);
    const i = v.findIndex((y) => equals(x, y));
    return a[2] === true ? i : i >= 0;
  }),
  CONTAINS_ARRAY: def(2, 3, (a, ctx, name) => {
    const v = arr(a, 0);
    if (!v) return invalidArg(ctx, name);
    const x = arg(a, 1);
    const i = v.findIndex((y) => equals(x, y));
    return a[2] === true ? i : i >= 0;
  }),
  COUNT_DISTINCT: def(1, 1, (a, ctx, name) => {
    const v = arr(a, 0);
    return v ? unique(v).length : invalidArg(ctx, name);
  }),
  COUNT_UNIQUE: def(1, 1, (a, ctx, name) => {
    const v = arr(a, 0);
    return v ? unique(v).length : invalidArg(ctx, name);
  }),
  INTERLEAVE: def(2, Infinity, (a, ctx, name) => {
    if (a.some((x) => !Array.isArray(x))) return invalidArg(ctx, name);
    const lists = a as Value[][];
    reserve(ctx, lists);
    const out: Value[] = [];
    const n = Math.max(...lists.map((l) => l.length));
    for (let i = 0; i < n; i++) for (const l of lists) if (i < l.length) out.push(l[i] as Value);
    return out;
  }),
  JACCARD: def(2, 2, (a, ctx, name) => {
    const x = arr(a, 0);
    const y = arr(a, 1);
    if (!x || !y) return invalidArg(ctx, name);
    const ux = new Set(x.map(valueKey));
    const uy = new Set(y.map(valueKey));
    const union = new Set([...ux, ...uy]);
    if (union.size === 0) return 1;
    let inter = 0;
    for (const k of ux) if (uy.has(k)) inter++;
    return inter / union.size;
  }),
};

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
