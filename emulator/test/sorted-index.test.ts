/**
 * The sorted entries of a persistent index (store/sorted-index.ts) against a brute-force model:
 * writes applied in place between reads and in bursts that force a re-sort, lookups by equality
 * prefix and range, and the distinct count behind the selectivity estimate.
 */
import { describe, expect, it } from 'vitest';
import { SortedEntries, type IndexLookup } from '../src/store/sorted-index.js';
import { compare } from '../src/aql/compare.js';
import type { Value } from '../src/aql/ast.js';

/** A small deterministic generator (mulberry32). */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const VALUES: (Value | undefined)[] = [null, undefined, false, true, 0, 1, 2, 2.5, -1, 'a', 'B', 'b', '', [1], { x: 1 }];

describe('SortedEntries', () => {
  for (const sparse of [false, true]) {
    it(`matches a brute-force model over random writes and reads (sparse: ${sparse})`, () => {
      const rand = rng(sparse ? 7 : 3);
      const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
      const index = new SortedEntries([['a'], ['b', 'c']], sparse);
      const model = new Map<string, Value[]>();
      const docOf = (): Record<string, Value> => {
        const d: Record<string, Value> = {};
        const a = pick(VALUES);
        const c = pick(VALUES);
        if (a !== undefined) d['a'] = a;
        if (c !== undefined) d['b'] = { c };
        return d;
      };
      const check = (): void => {
        const entries = [...model].filter(([, t]) => !sparse || t.every((v) => v !== null));
        for (let q = 0; q < 5; q++) {
          const lookup: IndexLookup = { eq: [] };
          const shape = rand();
          if (shape < 0.6) lookup.eq.push([pick(VALUES) ?? null, pick(VALUES) ?? null]);
          const bound = (): { value: Value; inclusive: boolean } => ({ value: pick(VALUES) ?? null, inclusive: rand() < 0.5 });
          if (rand() < 0.5) lookup.lower = bound();
          if (rand() < 0.5) lookup.upper = bound();
          const expected = entries
            .filter(([, t]) => SortedEntries.matches(t, lookup))
            .sort(([ka, ta], [kb, tb]) => index.compareEntries(ta, ka, tb, kb))
            .map(([k]) => k);
          const got = [...index.keys(lookup)];
          // IN alternatives come one lookup after the other, each in index order: compare as sets
          if (lookup.eq.length > 0) expect([...got].sort()).toEqual([...expected].sort());
          else expect(got).toEqual(expected);
        }
        const sorted = entries.map(([, t]) => t).sort((x, y) => compare(x, y));
        const d = sorted.filter((t, i) => i === 0 || compare(sorted[i - 1] as Value[], t) !== 0).length;
        expect(index.selectivity()).toBeCloseTo(entries.length === 0 ? 1 : d / entries.length, 12);
      };
      for (let round = 0; round < 40; round++) {
        // mostly a few writes between reads, now and then a burst that forces a re-sort
        const writes = rand() < 0.15 ? 300 + Math.floor(rand() * 200) : Math.floor(rand() * 6);
        for (let w = 0; w < writes; w++) {
          const key = `k${Math.floor(rand() * 400)}`;
          if (rand() < 0.3) {
            index.remove(key);
            model.delete(key);
          } else {
            const d = docOf();
            index.remove(key);
            index.add(key, d as never);
            const t = [d['a'] ?? null, ((d['b'] as { c?: Value } | undefined)?.c) ?? null];
            model.set(key, t);
          }
        }
        check();
      }
      expect(model.size).toBeGreaterThan(100);
    });
  }

  it('clear empties it', () => {
    const index = new SortedEntries([['a']], false);
    index.add('x', { a: 1 });
    index.clear();
    expect([...index.keys({ eq: [[1]] })]).toEqual([]);
    expect(index.selectivity()).toBe(1);
  });
});
