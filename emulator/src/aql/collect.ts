import type { CollectAggregate, Expr, Statement, Value } from './ast.js';
import { compare, finite, toNumber, valueKey } from './compare.js';
import { AqlError } from './errors.js';
import { parseDate, shiftByDuration } from './functions/date.js';
import { unique } from './functions/array.js';
import { numbersOf, sum, variance } from './functions/numeric.js';
import { isObject } from './functions/types.js';
import { ShardedMap } from './functions/value-set.js';
import { displayName } from './parser.js';
import { PAUSE, slotOf, sortCooperatively, type CExpr, type CompileEnv, type Row, type Stage } from './compile-env.js';
import { compileExpr } from './expressions.js';
import { SLOT_BYTES } from './context.js';

/** COLLECT and WINDOW: grouping and aggregation over the rows of a query. */

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

export function compileCollect(s: Extract<Statement, { kind: 'collect' }>, env: CompileEnv): Stage {
  const groups = s.groups.map((g) => ({ slot: slotOf(env, g.variable), f: compileExpr(g.expr, env) }));
  const aggs = compileAggregates(s.aggregates, env);
  const intoSlot = s.into ? slotOf(env, s.into.variable) : -1;
  // the groups a COLLECT INTO builds may be big (resumable.ts)
  if (s.into) (env.bigVars ??= new Set()).add(s.into.variable);
  const intoExpr = s.into?.expr ? compileExpr(s.into.expr, env) : undefined;
  const captured = (s.keep ?? s.visible).map((k) => ({ name: displayName(k), slot: slotOf(env, k) }));
  const countSlot = s.countInto ? slotOf(env, s.countInto) : -1;
  let sortGroups = true;
  if (s.options?.kind === 'value' && isObject(s.options.value) && s.options.value['method'] === 'hash') sortGroups = false;
  const ctx = env.ctx;
  // what one input row adds to its group: its aggregate inputs and INTO value
  const perRow = SLOT_BYTES * (aggs.length + (intoSlot >= 0 ? captured.length + 1 : 0));
  return function* collect(input, start) {
    interface Group { key: Value[]; first: Row; into: Value[]; aggs: Value[][]; count: number }
    // Lookups through a sharded map (one Map of a million groups rehashes them all at once when it
    // grows, stalling every other coordinator); the groups themselves in the order they appeared.
    const map = new ShardedMap<Group>();
    const made: Group[] = [];
    let bytes = 0;
    try {
      for (const r of input) {
        if (r === PAUSE) { yield r; continue; }
        const key = groups.map((g) => g.f(r));
        const k = groups.length === 0 ? '' : valueKey(key);
        let g = map.get(k);
        if (!g) {
          g = { key, first: r, into: [], aggs: aggs.map(() => []), count: 0 };
          map.add(k, g);
          made.push(g);
          if (map.grew) {
            // a big shard was rehashed: let the next row look at the clock
            map.grew = false;
            ctx.charge(1024);
          }
          const b = SLOT_BYTES * (r.length + key.length + 4) + k.length;
          bytes += b;
          ctx.hold(b);
        }
        if (perRow > 0) {
          bytes += perRow;
          ctx.hold(perRow);
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
      if (made.length === 0 && groups.length === 0) {
        made.push({ key: [], first: start, into: [], aggs: aggs.map(() => []), count: 0 });
      }
      let list = made;
      map.clear();
      if (sortGroups && groups.length > 0) list = yield* sortCooperatively(list, (a, b) => compare(a.key, b.key), ctx);
      for (const g of list) {
        const nr = g.first.slice();
        groups.forEach((gr, i) => { nr[gr.slot] = g.key[i] as Value; });
        aggs.forEach((a, i) => { nr[a.slot] = aggregate(a.fn, g.aggs[i] as Value[]); });
        if (intoSlot >= 0) nr[intoSlot] = g.into;
        if (countSlot >= 0) nr[countSlot] = g.count;
        yield nr;
        if (ctx.tick()) yield PAUSE;
      }
    } finally {
      ctx.release(bytes);
    }
  };
}

export function compileWindow(s: Extract<Statement, { kind: 'window' }>, env: CompileEnv): Stage {
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
    let bytes = 0;
    try {
      for (const r of input) {
        if (r === PAUSE) { yield r; continue; }
        rows.push(r);
        const b = SLOT_BYTES * (r.length + 1);
        bytes += b;
        env.ctx.hold(b);
      }
      if (rangeE) {
        // Range-based window: rows whose range value lies within [value - preceding, value +
        // following]. The server sorts the rows by the range value first (the optimizer puts a
        // SORT before a range-based WindowNode). ISO 8601 durations ("PT30M") make it a time
        // window: the range values are then dates (timestamps or ISO strings), moved by the
        // duration on the calendar.
        const pre = sp['preceding'];
        const fol = sp['following'];
        const isDuration = (v: Value | undefined): v is string => typeof v === 'string' && v !== 'unbounded';
        const timed = isDuration(pre) || isDuration(fol);
        const keyed = rows.map((r) => {
          const v = rangeE(r);
          return { r, v: timed ? parseDate(v) : toNumber(v) };
        });
        if (timed && keyed.some((k) => k.v === null)) throw AqlError.runtime(400, 'ERROR_QUERY_INVALID_DATE_VALUE', 'invalid date value in WINDOW range');
        keyed.sort((a, b) => (a.v as number) - (b.v as number));
        const limit = (v: number, b: Value | undefined, sign: 1 | -1): number => {
          if (b === 'unbounded') return sign * Infinity;
          if (isDuration(b)) {
            const moved = shiftByDuration(v, b, sign);
            if (moved === null) throw AqlError.runtime(400, 'ERROR_QUERY_INVALID_DATE_VALUE', `invalid duration '${b}' in WINDOW`);
            return moved;
          }
          return v + sign * bound(b);
        };
        for (const { r, v } of keyed) {
          const lo = limit(v as number, pre, -1);
          const hi = limit(v as number, fol, 1);
          const sel = keyed.filter((k) => (k.v as number) >= lo && (k.v as number) <= hi);
          const nr = r.slice();
          for (const a of aggs) nr[a.slot] = aggregate(a.fn, sel.map((k) => a.arg(k.r)));
          yield nr;
          if (env.ctx.tick()) yield PAUSE;
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
        if (env.ctx.tick()) yield PAUSE;
      }
    } finally {
      env.ctx.release(bytes);
    }
  };
}
