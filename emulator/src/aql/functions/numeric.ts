import type { Value } from '../ast.js';
import { compare, finite, toNumber } from '../compare.js';
import { PAUSE, sortCooperatively } from '../compile-env.js';
import type { ExecContext } from '../context.js';
import { arg, CHUNK, def, invalidArg, type FnTable, type Gen } from './types.js';
import { chunked } from './chunked.js';

const num = (a: Value[], i: number): number => toNumber(arg(a, i));
const unary = (f: (x: number) => number) => def(1, 1, (a) => finite(f(num(a, 0))));

/** Numbers of an array argument; null elements are skipped as ArangoDB's aggregate functions do. */
export function numbersOf(v: Value): number[] | null {
  if (!Array.isArray(v)) return null;
  const out: number[] = [];
  for (const x of v) if (x !== null) out.push(toNumber(x));
  return out;
}

/** numbersOf in yielding steps. */
function* numbersGen(v: Value, ctx: ExecContext): Gen<number[] | null> {
  if (!Array.isArray(v)) return null;
  const out: number[] = [];
  for (let i = 0; i < v.length; i++) {
    const x = v[i] as Value;
    if (x !== null) out.push(toNumber(x));
    if ((i & (CHUNK - 1)) === CHUNK - 1 && ctx.busy(CHUNK)) yield PAUSE;
  }
  return out;
}

/** A sorted copy of numbers (ascending), in yielding steps. */
function* sortedNumbers(xs: number[], ctx: ExecContext): Gen<number[]> {
  return yield* sortCooperatively([...xs], (a, b) => a - b, ctx);
}

/** The extreme element in AQL's order (sign -1: MIN, 1: MAX), nulls skipped. */
function* extreme(v: Value[], sign: number, ctx: ExecContext): Gen {
  let m: Value = null;
  for (let i = 0; i < v.length; i++) {
    const x = v[i] as Value;
    if (x !== null && (m === null || compare(x, m) * sign > 0)) m = x;
    if ((i & (CHUNK - 1)) === CHUNK - 1 && ctx.busy(CHUNK)) yield PAUSE;
  }
  return m;
}

function extremeNow(v: Value[], sign: number): Value {
  let m: Value = null;
  for (const x of v) if (x !== null && (m === null || compare(x, m) * sign > 0)) m = x;
  return m;
}

/** An aggregate over the numbers of an array argument (1542 when it is none). */
function numbers(f: (xs: number[]) => Value) {
  return chunked(1, 1, function* aggregate(a, ctx, name) {
    const xs = yield* numbersGen(arg(a, 0), ctx);
    return xs ? f(xs) : invalidArg(ctx, name);
  }, (a, ctx, name) => {
    const xs = numbersOf(arg(a, 0));
    return xs ? f(xs) : invalidArg(ctx, name);
  });
}

const root = (v: number | null): number | null => (v === null ? null : Math.sqrt(v));

export function sum(xs: number[]): number {
  let s = 0;
  for (const x of xs) s += x;
  return s;
}

export function variance(xs: number[], sample: boolean): number | null {
  if (xs.length === 0 || (sample && xs.length < 2)) return null;
  const m = sum(xs) / xs.length;
  let s = 0;
  for (const x of xs) s += (x - m) * (x - m);
  return s / (xs.length - (sample ? 1 : 0));
}

function* percentile(xs: number[], p: number, method: string, ctx: ExecContext): Gen<number | null> {
  if (xs.length === 0 || p <= 0 || p > 100) return null;
  const s = yield* sortedNumbers(xs, ctx);
  if (method === 'interpolation') {
    const idx = (p / 100) * (s.length + 1) - 1;
    if (idx <= 0) return s[0] as number;
    if (idx >= s.length - 1) return s[s.length - 1] as number;
    const lo = Math.floor(idx);
    return (s[lo] as number) + (idx - lo) * ((s[lo + 1] as number) - (s[lo] as number));
  }
  const idx = Math.ceil((p / 100) * s.length) - 1;
  return s[Math.max(0, idx)] as number;
}

/**
 * DECAY_GAUSS / DECAY_EXP / DECAY_LINEAR(value, origin, scale, offset, decay): `value` a number or
 * an array of numbers; scale > 0, offset ≥ 0 and 0 < decay < 1, else a warning 1504 and null
 * (ArangoDB's decayFuncImpl; the formulas are Elasticsearch's decay functions).
 */
function decay(factory: (origin: number, scale: number, offset: number, decay: number) => (x: number) => number) {
  return def(5, 5, (a, ctx, name) => {
    const [v, origin, scale, offset, dec] = [arg(a, 0), arg(a, 1), arg(a, 2), arg(a, 3), arg(a, 4)];
    if ((typeof v !== 'number' && !Array.isArray(v)) || typeof origin !== 'number' || typeof scale !== 'number' || typeof offset !== 'number' || typeof dec !== 'number') {
      return invalidArg(ctx, name);
    }
    if (scale <= 0 || offset < 0 || dec <= 0 || dec >= 1) {
      ctx.warn('ERROR_QUERY_NUMBER_OUT_OF_RANGE', `number out of range in call to function '${name}()'`);
      return null;
    }
    const f = factory(origin, scale, offset, dec);
    if (typeof v === 'number') return finite(f(v));
    const out: Value[] = [];
    for (const x of v) {
      if (typeof x !== 'number') return invalidArg(ctx, name);
      out.push(finite(f(x)));
    }
    return out;
  });
}

const distance = (x: number, origin: number, offset: number): number => Math.max(0, Math.abs(x - origin) - offset);

export const numericFunctions: FnTable = {
  DECAY_GAUSS: decay((origin, scale, offset, dec) => {
    const sigmaSqr = -(scale * scale) / (2 * Math.log(dec));
    return (x) => Math.exp(-(distance(x, origin, offset) ** 2) / (2 * sigmaSqr));
  }),
  DECAY_EXP: decay((origin, scale, offset, dec) => {
    const lambda = Math.log(dec) / scale;
    return (x) => Math.exp(lambda * distance(x, origin, offset));
  }),
  DECAY_LINEAR: decay((origin, scale, offset, dec) => {
    const s = scale / (1 - dec);
    return (x) => Math.max((s - distance(x, origin, offset)) / s, 0);
  }),
  // PRODUCT(array): nulls skipped, any other non-number → null; an empty array gives 1
  PRODUCT: chunked(1, 1, function* product(a, ctx, name) {
    const v = arg(a, 0);
    if (!Array.isArray(v)) {
      ctx.warn('ERROR_QUERY_ARRAY_EXPECTED', `array expected in call to function '${name}()'`);
      return null;
    }
    let out = 1;
    for (let i = 0; i < v.length; i++) {
      const x = v[i] as Value;
      if ((i & (CHUNK - 1)) === CHUNK - 1 && ctx.busy(CHUNK)) yield PAUSE;
      if (x === null) continue;
      if (typeof x !== 'number') return null;
      out *= x;
    }
    return finite(out);
  }),
  ABS: unary(Math.abs),
  CEIL: unary(Math.ceil),
  FLOOR: unary(Math.floor),
  ROUND: unary((x) => (x < 0 ? -Math.round(-x) : Math.round(x))),
  SQRT: unary(Math.sqrt),
  EXP: unary(Math.exp),
  EXP2: unary((x) => 2 ** x),
  LOG: unary((x) => (x <= 0 ? NaN : Math.log(x))),
  LOG2: unary((x) => (x <= 0 ? NaN : Math.log2(x))),
  LOG10: unary((x) => (x <= 0 ? NaN : Math.log10(x))),
  SIN: unary(Math.sin),
  COS: unary(Math.cos),
  TAN: unary(Math.tan),
  ASIN: unary(Math.asin),
  ACOS: unary(Math.acos),
  ATAN: unary(Math.atan),
  ATAN2: def(2, 2, (a) => finite(Math.atan2(num(a, 0), num(a, 1)))),
  RADIANS: unary((x) => (x * Math.PI) / 180),
  DEGREES: unary((x) => (x * 180) / Math.PI),
  PI: def(0, 0, () => Math.PI),
  POW: def(2, 2, (a) => finite(num(a, 0) ** num(a, 1))),
  RAND: def(0, 0, () => Math.random()),
  RANDOM: def(0, 0, () => Math.random()),
  MIN: chunked(1, 1, function* min(a, ctx, name) {
    const v = arg(a, 0);
    return Array.isArray(v) ? yield* extreme(v, -1, ctx) : invalidArg(ctx, name);
  }, (a, ctx, name) => {
    const v = arg(a, 0);
    return Array.isArray(v) ? extremeNow(v, -1) : invalidArg(ctx, name);
  }),
  MAX: chunked(1, 1, function* max(a, ctx, name) {
    const v = arg(a, 0);
    return Array.isArray(v) ? yield* extreme(v, 1, ctx) : invalidArg(ctx, name);
  }, (a, ctx, name) => {
    const v = arg(a, 0);
    return Array.isArray(v) ? extremeNow(v, 1) : invalidArg(ctx, name);
  }),
  SUM: numbers((xs) => finite(sum(xs))),
  AVERAGE: numbers((xs) => (xs.length === 0 ? null : finite(sum(xs) / xs.length))),
  AVG: numbers((xs) => (xs.length === 0 ? null : finite(sum(xs) / xs.length))),
  MEDIAN: chunked(1, 1, function* median(a, ctx, name) {
    const xs = yield* numbersGen(arg(a, 0), ctx);
    if (!xs) return invalidArg(ctx, name);
    if (xs.length === 0) return null;
    const s = yield* sortedNumbers(xs, ctx);
    const mid = Math.floor(s.length / 2);
    return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
  }),
  PERCENTILE: chunked(2, 3, function* percentileFn(a, ctx, name) {
    const xs = yield* numbersGen(arg(a, 0), ctx);
    if (!xs) return invalidArg(ctx, name);
    const m = a[2] === undefined || a[2] === null ? 'rank' : String(a[2]);
    if (m !== 'rank' && m !== 'interpolation') return invalidArg(ctx, name);
    return yield* percentile(xs, num(a, 1), m, ctx);
  }),
  VARIANCE_POPULATION: numbers((xs) => variance(xs, false)),
  VARIANCE_SAMPLE: numbers((xs) => variance(xs, true)),
  STDDEV_POPULATION: numbers((xs) => root(variance(xs, false))),
  STDDEV: numbers((xs) => root(variance(xs, false))),
  VARIANCE: numbers((xs) => variance(xs, false)),
  STDDEV_SAMPLE: numbers((xs) => root(variance(xs, true))),
  RANGE: chunked(2, 3, function* range(a, ctx, name) {
    const from = num(a, 0);
    const to = num(a, 1);
    let step = a[2] === undefined || a[2] === null ? (from <= to ? 1 : -1) : num(a, 2);
    if (step === 0 || (from < to && step < 0) || (from > to && step > 0)) return invalidArg(ctx, name);
    if (a[2] === undefined && (!Number.isInteger(from) || !Number.isInteger(to))) step = from <= to ? 1 : -1;
    // counted before anything is built, as ArangoDB's RANGE does (RANGE(1, 10, 1e-300) is 9e300 values)
    ctx.materialize(Math.floor((to - from) / step) + 1);
    const out: number[] = [];
    for (let x = from; step > 0 ? x <= to + 1e-12 : x >= to - 1e-12; x += step) {
      out.push(x);
      if ((out.length & (CHUNK * 8 - 1)) === 0 && ctx.busy(CHUNK)) yield PAUSE;
    }
    return out;
  }),
  BIT_AND: def(1, 2, (a) => bitOp(a, (x, y) => x & y)),
  BIT_OR: def(1, 2, (a) => bitOp(a, (x, y) => x | y)),
  BIT_XOR: def(1, 2, (a) => bitOp(a, (x, y) => x ^ y)),
  BIT_NEGATE: def(2, 2, (a) => {
    const bits = num(a, 1);
    return (~num(a, 0) >>> 0) & (bits >= 32 ? 0xffffffff : (1 << bits) - 1);
  }),
  BIT_POPCOUNT: def(1, 1, (a) => {
    let n = num(a, 0) >>> 0;
    let c = 0;
    while (n) { c += n & 1; n >>>= 1; }
    return c;
  }),
  BIT_SHIFT_LEFT: def(3, 3, (a) => ((num(a, 0) << num(a, 1)) >>> 0) % 2 ** num(a, 2)),
  BIT_SHIFT_RIGHT: def(3, 3, (a) => (num(a, 0) >>> num(a, 1)) % 2 ** num(a, 2)),
  BIT_TEST: def(2, 2, (a) => ((num(a, 0) >>> num(a, 1)) & 1) === 1),
  BIT_CONSTRUCT: def(1, 1, (a) => {
    const v = arg(a, 0);
    return Array.isArray(v) ? v.reduce<number>((acc, i) => (acc | (1 << toNumber(i))) >>> 0, 0) : null;
  }),
  BIT_DECONSTRUCT: def(1, 1, (a) => {
    const n = num(a, 0) >>> 0;
    const out: number[] = [];
    for (let i = 0; i < 32; i++) if ((n >>> i) & 1) out.push(i);
    return out;
  }),
  BIT_TO_STRING: def(2, 2, (a, ctx, name) => {
    const bits = num(a, 1);
    // ArangoDB's bit functions work on 32 bits; more would only pad (and could pad without end)
    if (!(bits >= 0 && bits <= 32)) return invalidArg(ctx, name);
    return (num(a, 0) >>> 0).toString(2).padStart(bits, '0').slice(-bits);
  }),
  BIT_FROM_STRING: def(1, 1, (a) => (typeof a[0] === 'string' && /^[01]*$/.test(a[0]) ? parseInt(a[0] || '0', 2) : null)),
};

function bitOp(a: Value[], f: (x: number, y: number) => number): Value {
  const first = arg(a, 0);
  if (a.length === 2) return f(toNumber(first), toNumber(arg(a, 1))) >>> 0;
  if (!Array.isArray(first)) return null;
  const xs = first.filter((x) => x !== null).map(toNumber);
  if (xs.length === 0) return null;
  return xs.reduce((acc, x) => f(acc, x) >>> 0);
}
