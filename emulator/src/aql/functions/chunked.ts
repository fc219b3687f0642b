import type { Value } from '../ast.js';
import { PAUSE } from '../compile-env.js';
import { toString } from '../compare.js';
import { CHUNK, drain, type FnDef, type FnImpl, type Gen, type GenFnImpl } from './types.js';
import { ValueSet } from './value-set.js';

export { ValueSet };

/**
 * Building blocks of the resumable AQL functions (see GenFnImpl): each walks a big array in
 * chunks of CHUNK elements and asks its pacer after each chunk whether to give the event loop a
 * turn. Their results are exactly those of the one-shot forms (drained, they are those forms).
 */

/** What a resumable step reports its work to: an ExecContext, or NEVER (no pausing). */
export interface Pacer {
  busy(n: number): boolean;
}

/** For synchronous callers: never asks to pause. */
export const NEVER: Pacer = { busy: () => false };

/**
 * Whether a resumable step that adds to `set` should look at the clock now: at the end of each
 * chunk of its walk (`i` the index in it), or when an add rehashed a big shard.
 */
export function due(i: number, set: ValueSet): boolean {
  if ((i & (CHUNK - 1)) !== CHUNK - 1 && !set.grew) return false;
  set.grew = false;
  return true;
}

/**
 * The first occurrence of each distinct value, in order (UNIQUE); with `test`, of each one it
 * accepts (the same as filtering first, without building the filtered array).
 */
export function* uniqueGen(xs: readonly Value[], p: Pacer, test?: (x: Value) => boolean): Gen<Value[]> {
  const seen = new ValueSet();
  const out: Value[] = [];
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i] as Value;
    if ((test === undefined || test(x)) && seen.add(x)) out.push(x);
    if (due(i, seen) && p.busy(CHUNK)) yield PAUSE;
  }
  return out;
}

/** A ValueSet of every element of the lists. */
export function* valueSetGen(lists: readonly (readonly Value[])[], p: Pacer): Gen<ValueSet> {
  const set = new ValueSet();
  for (const l of lists) {
    for (let i = 0; i < l.length; i++) {
      set.add(l[i] as Value);
      if (due(i, set) && p.busy(CHUNK)) yield PAUSE;
    }
  }
  return set;
}

/** `xs` with its sub-arrays spliced in, `depth` levels deep (FLATTEN, `[**]`). */
export function* flattenGen(xs: readonly Value[], depth: number, p: Pacer): Gen<Value[]> {
  const out: Value[] = [];
  const stack: { xs: readonly Value[]; i: number; d: number }[] = [{ xs, i: 0, d: depth }];
  let work = 0;
  while (stack.length > 0) {
    const top = stack[stack.length - 1] as { xs: readonly Value[]; i: number; d: number };
    if (top.i >= top.xs.length) {
      stack.pop();
      continue;
    }
    const x = top.xs[top.i++] as Value;
    if (Array.isArray(x) && top.d > 0) stack.push({ xs: x, i: 0, d: top.d - 1 });
    else out.push(x);
    if (++work === CHUNK) {
      work = 0;
      if (p.busy(CHUNK)) yield PAUSE;
    }
  }
  return out;
}

/** Elements `from`..`to` (exclusive) of `xs` appended to `out`. */
export function* copyGen(out: Value[], xs: readonly Value[], p: Pacer, from = 0, to = xs.length): Gen<Value[]> {
  for (let i = from; i < to; i++) {
    out.push(xs[i] as Value);
    if ((i & (CHUNK - 1)) === CHUNK - 1 && p.busy(CHUNK)) yield PAUSE;
  }
  return out;
}

/** The index of the first element `test` accepts, -1 for none. */
export function* findGen(xs: readonly Value[], test: (x: Value) => boolean, p: Pacer): Gen<number> {
  for (let i = 0; i < xs.length; i++) {
    if (test(xs[i] as Value)) return i;
    if ((i & (CHUNK - 1)) === CHUNK - 1 && p.busy(CHUNK)) yield PAUSE;
  }
  return -1;
}

/** The elements `test` accepts, in order. */
export function* filterGen(xs: readonly Value[], test: (x: Value) => boolean, p: Pacer): Gen<Value[]> {
  const out: Value[] = [];
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i] as Value;
    if (test(x)) out.push(x);
    if ((i & (CHUNK - 1)) === CHUNK - 1 && p.busy(CHUNK)) yield PAUSE;
  }
  return out;
}

/** Nodes a value may have for JSON.stringify to write it in one go (≈ well under a millisecond). */
const SMALL = 4096;

/** What is left of `budget` after counting the nodes of `v` (long strings count by length); < 0: bigger. */
export function within(v: Value, budget: number): number {
  if (typeof v === 'string') return budget - 1 - (v.length >> 6);
  budget--;
  if (v === null || typeof v !== 'object' || budget < 0) return budget;
  if (Array.isArray(v)) {
    if (v.length > budget) return -1;
    for (let i = 0; i < v.length && budget >= 0; i++) budget = within(v[i] as Value, budget);
    return budget;
  }
  for (const k in v) {
    budget = within(v[k] as Value, budget - 1);
    if (budget < 0) return budget;
  }
  return budget;
}

/**
 * Builds a long string from many pieces without one big join at the end: pieces are joined into
 * flat segments of ~64 KiB; the string is the segments linked by V8 concatenation (a rope of few
 * parts), or the segments one by one (for writing them out as bytes in slices).
 */
export class TextBuilder {
  private readonly full: string[] = [];
  private parts: string[] = [];
  private length = 0;

  add(s: string): void {
    this.parts.push(s);
    this.length += s.length;
    // joined into one flat string per segment: a rope of millions of pieces would be flattened at once
    if (this.length > 65536) {
      this.full.push(this.parts.join(''));
      this.parts = [];
      this.length = 0;
    }
  }

  segments(): string[] {
    return this.parts.length === 0 ? this.full : [...this.full, this.parts.join('')];
  }

  toString(): string {
    let text = '';
    for (const s of this.segments()) text += s;
    return text;
  }
}

/** A pacer outside a query: asks for a pause every `sliceMs` of work (see runInSlices). */
class SlicePacer implements Pacer {
  private since = Date.now();
  private work = 0;

  constructor(private readonly sliceMs: number) {}

  busy(n: number): boolean {
    this.work += n;
    if (this.work < CHUNK * 4) return false;
    this.work = 0;
    return Date.now() - this.since >= this.sliceMs;
  }

  async pause(): Promise<void> {
    await new Promise((r) => setImmediate(r));
    this.since = Date.now();
  }
}

/** Runs a resumable step to its end, giving the event loop a turn every `sliceMs` of it. */
export async function runInSlices<T>(step: (p: Pacer) => Generator<unknown, T, undefined>, sliceMs = 10): Promise<T> {
  const pacer = new SlicePacer(sliceMs);
  const g = step(pacer);
  for (;;) {
    const r = g.next();
    if (r.done === true) return r.value;
    await pacer.pause();
  }
}

type Frame = { arr: readonly Value[]; i: number } | { obj: { readonly [k: string]: Value }; keys: string[]; i: number };

/** JSON text of `v`, the same as JSON.stringify(v), written in chunks when `v` is big. */
export function* jsonGen(v: Value, p: Pacer): Gen<string> {
  if (within(v, SMALL) >= 0) return JSON.stringify(v);
  const out = new TextBuilder();
  yield* writeJson(v, p, out);
  return out.toString();
}

/** Appends the JSON text of `v` (as JSON.stringify writes it) to `out`, in chunks. */
export function* writeJson(v: Value, p: Pacer, out: TextBuilder): Gen<void> {
  const stack: Frame[] = [];
  let work = 0;
  const open = (x: Value): void => {
    if (x !== null && typeof x === 'object' && within(x, SMALL) < 0) {
      if (Array.isArray(x)) {
        out.add('[');
        stack.push({ arr: x, i: 0 });
      } else {
        out.add('{');
        stack.push({ obj: x, keys: Object.keys(x), i: 0 });
      }
      work += 16;
      return;
    }
    const s = JSON.stringify(x);
    work += 1 + (s.length >> 4);
    out.add(s);
  };
  open(v);
  while (stack.length > 0) {
    const top = stack[stack.length - 1] as Frame;
    if ('arr' in top) {
      const { arr } = top;
      if (top.i >= arr.length) {
        stack.pop();
        out.add(']');
      } else {
        if (top.i > 0) out.add(',');
        // a run of small elements is written by JSON.stringify in one go
        let budget = SMALL;
        let j = top.i;
        while (j < arr.length && j - top.i < CHUNK) {
          budget = within(arr[j] as Value, budget);
          if (budget < 0) break;
          j++;
        }
        if (j - top.i > 1) {
          const text = JSON.stringify(arr.slice(top.i, j));
          out.add(text.slice(1, -1));
          work += j - top.i + (text.length >> 4);
          top.i = j;
        } else {
          open(arr[top.i++] as Value);
        }
      }
    } else if (top.i >= top.keys.length) {
      stack.pop();
      out.add('}');
    } else {
      const k = top.keys[top.i] as string;
      out.add(`${top.i > 0 ? ',' : ''}${JSON.stringify(k)}:`);
      top.i++;
      open(top.obj[k] as Value);
    }
    if (work >= CHUNK) {
      work = 0;
      if (p.busy(CHUNK)) yield PAUSE;
    }
  }
}

/** AQL's TO_STRING of `v` (arrays and objects as JSON text), in yielding steps. */
export function* textGen(v: Value, p: Pacer): Gen<string> {
  return v !== null && typeof v === 'object' ? yield* jsonGen(v, p) : toString(v);
}

/** The text of every non-null item, `sep` between them (CONCAT, CONCAT_SEPARATOR). */
export function* joinGen(items: readonly Value[], sep: string, p: Pacer): Gen<string> {
  const out = new TextBuilder();
  let first = true;
  for (let i = 0; i < items.length; i++) {
    const x = items[i] as Value;
    if (x !== null) {
      if (!first) out.add(sep);
      first = false;
      out.add(typeof x === 'object' ? yield* jsonGen(x, p) : toString(x));
    }
    if ((i & (CHUNK - 1)) === CHUNK - 1 && p.busy(CHUNK)) yield PAUSE;
  }
  return out.toString();
}

/** Whether `v` is too big to walk in one go (more than a few thousand nodes). */
export function isBig(v: Value): boolean {
  return v !== null && typeof v === 'object' ? within(v, SMALL) < 0 : typeof v === 'string' && v.length > SMALL * 64;
}

/**
 * Registers a resumable function. Its synchronous form is `fast` (the one-shot implementation,
 * without generators, for the arguments of everyday calls) unless an argument is big; then, and
 * without `fast`, it runs the resumable steps without a break.
 */
export function chunked(min: number, max: number, gen: GenFnImpl, fast?: FnImpl): FnDef {
  const fn: FnImpl = fast
    ? (a, ctx, name) => (a.some(isBig) ? drain(gen(a, ctx, name)) : fast(a, ctx, name))
    : (a, ctx, name) => drain(gen(a, ctx, name));
  return { min, max, fn, gen };
}
