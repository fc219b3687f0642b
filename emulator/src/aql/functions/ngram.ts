/**
 * NGRAM_SIMILARITY and NGRAM_POSITIONAL_SIMILARITY (arangod/Aql/Functions: NgramSimilarityHelper
 * over IResearch's irs::ngram_similarity, utils/ngram_match_utils.hpp): Kondrak's n-gram
 * similarity over Unicode code points. The binary form ("search semantics") counts whole
 * matching n-grams and divides by the target's n-gram count; the positional form counts matching
 * characters per n-gram and divides by the longer string's count. IResearch computes in `float`,
 * so every step is rounded to single precision here (the docs' 0.8888888955116272 is 8/9 in float).
 */
import type { Value } from '../ast.js';
import type { ExecContext } from '../context.js';
import { arg, def, invalidArg, type FnTable } from './types.js';

const f = Math.fround;

export function ngramSimilarity(targetIn: number[], srcIn: number[], n: number, searchSemantics: boolean): number {
  let target = targetIn;
  let src = srcIn;
  if (n === 0) return 0;
  if (!searchSemantics && target.length > src.length) [target, src] = [src, target];
  if (target.length < n || src.length < n) {
    if (!searchSemantics) {
      if (target.length === 0 && src.length === 0) return 1;
      let matched = 0;
      for (let i = 0; i < target.length; i++) if (target[i] === src[i]) matched++;
      return f(f(matched) / f(src.length));
    }
    return target.length === src.length && target.every((c, i) => c === src[i]) ? 1 : 0;
  }
  const targetCount = target.length - n + 1;
  const srcCount = src.length - n + 1;
  // the library keeps the upper-left cell across rows without resetting it; so does this
  let d = 0;
  const cache = new Array<number>(srcCount + 1).fill(0);
  for (let t = 0; t < targetCount; t++) {
    for (let s = 0; s < srcCount; s++) {
      let sim = searchSemantics ? 1 : 0;
      for (let k = 0; k < n; k++) {
        if (searchSemantics) {
          if (target[t + k] !== src[s + k]) { sim = 0; break; }
        } else if (target[t + k] === src[s + k]) {
          sim++;
        }
      }
      if (!searchSemantics) sim = f(sim / n);
      const tmp = cache[s + 1] as number;
      cache[s + 1] = Math.max(cache[s] as number, tmp, f(d + sim));
      d = tmp;
    }
  }
  return f((cache[srcCount] as number) / (searchSemantics ? targetCount : srcCount));
}

const codePoints = (s: string): number[] => Array.from(s, (c) => c.codePointAt(0) as number);

function helper(searchSemantics: boolean) {
  return (a: Value[], ctx: ExecContext, name: string): Value => {
    const [input, target, size] = [arg(a, 0), arg(a, 1), arg(a, 2)];
    if (typeof input !== 'string' || typeof target !== 'string' || typeof size !== 'number') return invalidArg(ctx, name);
    const n = Math.trunc(size);
    if (n < 1) {
      ctx.warn('ERROR_BAD_PARAMETER', `in function '${name}()': Invalid ngram size. Should be 1 or greater`);
      return null;
    }
    return ngramSimilarity(codePoints(target), codePoints(input), n, searchSemantics);
  };
}

export const ngramFunctions: FnTable = {
  NGRAM_SIMILARITY: def(3, 3, helper(true)),
  NGRAM_POSITIONAL_SIMILARITY: def(3, 3, helper(false)),
};
