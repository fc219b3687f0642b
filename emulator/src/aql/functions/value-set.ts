import type { Value } from '../ast.js';
import { valueKey } from '../compare.js';

/**
 * Shards of a big ValueSet. A Set rehashes all its entries at once when it grows (V8 doubles it on
 * the add past a power of two: ~10 ms at 2^17 entries, ~70 ms at 2^20); sharded, each rehash is
 * of one shard only. 256 keep a shard of a 10 M-value set below 2^16 entries.
 */
const SHARDS = 256;
/** Size at which a ValueSet splits into shards (small sets stay one Set per kind). */
const SHARD_AT = 1 << 16;
/** Rehashes of smaller tables are too short (≤ 0.1 ms) to be worth a look at the clock. */
const GROW_NOTICED = 1 << 13;

/** Whether adding to a Set or Map of `n` entries rehashed a big one (V8 grows it past a power of two). */
function rehashedAt(n: number): boolean {
  return n >= GROW_NOTICED && (n & (n - 1)) === 0;
}

/**
 * A mix of the length and a few characters, for cheapness: the last ones tell apart numbers as
 * text and "k123"-like keys, the middle one canonical JSON (which ends in "}" or "]").
 */
function strShard(s: string, mask: number): number {
  const n = s.length;
  let h = Math.imul(n ^ 0x811c9dc5, 0x01000193);
  h = Math.imul(h ^ (s.charCodeAt(n - 1) | 0), 0x01000193);
  h = Math.imul(h ^ (s.charCodeAt(n - 2) | 0), 0x01000193);
  h = Math.imul(h ^ (s.charCodeAt(n - 3) | 0), 0x01000193);
  h = Math.imul(h ^ (s.charCodeAt(n >> 1) | 0), 0x01000193);
  return (h ^ (h >>> 16)) & mask;
}

const bits = new Float64Array(1);
const halves = new Int32Array(bits.buffer);

/** A well-mixed 32-bit hash of a number's bits (-0 and 0 alike): the low 8 bits pick the shard. */
function numHash(x: number): number {
  bits[0] = x + 0;
  let h = (halves[0] as number) ^ Math.imul(halves[1] as number, 0x9e3779b1);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/**
 * One shard of the numbers of a big ValueSet: open addressing in an array of doubles (NaN marks
 * a free slot), half full at most. About twice as fast as a Set of numbers, and the garbage
 * collector does not walk its contents (an array of doubles holds no pointers). Not a
 * Float64Array: V8 starts a full collection for every 64 MB of new ArrayBuffer memory, and a set
 * of ten million numbers allocates 500 MB of tables while it grows. `h` is numHash(x); the slot
 * comes from its bits above the shard's.
 */
class NumTable {
  private keys: number[] = new Array<number>(256).fill(NaN);
  private mask = 255;
  size = 0;

  /** Adds `x` (not NaN); false when it was there. */
  add(x: number, h: number): boolean {
    const keys = this.keys;
    let i = (h >>> 8) & this.mask;
    for (;;) {
      const k = keys[i] as number;
      if (k === x) return false;
      if (k !== k) break;
      i = (i + 1) & this.mask;
    }
    keys[i] = x;
    if (++this.size * 2 > keys.length) this.grow();
    return true;
  }

  has(x: number, h: number): boolean {
    const keys = this.keys;
    let i = (h >>> 8) & this.mask;
    for (;;) {
      const k = keys[i] as number;
      if (k === x) return true;
      if (k !== k) return false;
      i = (i + 1) & this.mask;
    }
  }

  /** Slots of the table: what a rehash walks. */
  get capacity(): number {
    return this.keys.length;
  }

  private grow(): void {
    const old = this.keys;
    const keys = new Array<number>(old.length * 2).fill(NaN);
    const mask = keys.length - 1;
    for (let j = 0; j < old.length; j++) {
      const x = old[j] as number;
      if (x !== x) continue;
      let i = (numHash(x) >>> 8) & mask;
      while (keys[i] === keys[i]) i = (i + 1) & mask;
      keys[i] = x;
    }
    this.keys = keys;
    this.mask = mask;
  }
}

/**
 * A set of AQL values by equality (==): numbers and strings are their own keys, everything else
 * its canonical text (valueKey). Equal values always share a key, distinct ones never do. Past
 * SHARD_AT values it is kept in shards (numbers in NumTables), so that growing it by millions of
 * values never rehashes millions at once. Shards fill at about the same pace, so their rehashes
 * would still come in one burst: `grew` tells the caller that an add rehashed a big shard, and
 * the resumable steps then look at the clock at once rather than at the end of their chunk.
 */
export class ValueSet {
  /** The numbers while the set is small (a Set is cheaper to make for UNIQUE of a few values). */
  private nums: Set<number> | undefined = new Set();
  private tables: NumTable[] = [];
  /** Sharded: NaN is no AQL value, but it must not be lost (NumTable cannot hold it). */
  private nan = false;
  private strs: Set<string>[] = [new Set()];
  private other: Set<string>[] = [new Set()];
  private mask = 0;
  size = 0;
  /** Set by an add that rehashed a big table (or split this set); the caller clears it. */
  grew = false;

  /** Adds `x`; false when an equal value was there already. */
  add(x: Value): boolean {
    if (typeof x === 'number') {
      const nums = this.nums;
      if (nums !== undefined) {
        const n = nums.size;
        // one lookup instead of has() and add(); V8 grows a Set on the add past a power of two
        if (nums.add(x).size === n) return false;
        if (rehashedAt(n)) this.grew = true;
      } else if (x !== x) {
        if (this.nan) return false;
        this.nan = true;
      } else {
        const h = numHash(x);
        const t = this.tables[h & this.mask] as NumTable;
        const cap = t.capacity;
        if (!t.add(x, h)) return false;
        if (t.capacity !== cap && cap >= GROW_NOTICED) this.grew = true;
      }
    } else {
      const key = typeof x === 'string' ? x : valueKey(x);
      const set = (typeof x === 'string' ? this.strs : this.other)[strShard(key, this.mask)] as Set<string>;
      const n = set.size;
      if (set.add(key).size === n) return false;
      if (rehashedAt(n)) this.grew = true;
    }
    if (++this.size === SHARD_AT) this.split();
    return true;
  }

  has(x: Value): boolean {
    if (typeof x === 'number') {
      if (this.nums !== undefined) return this.nums.has(x);
      if (x !== x) return this.nan;
      const h = numHash(x);
      return (this.tables[h & this.mask] as NumTable).has(x, h);
    }
    const key = typeof x === 'string' ? x : valueKey(x);
    return ((typeof x === 'string' ? this.strs : this.other)[strShard(key, this.mask)] as Set<string>).has(key);
  }

  private split(): void {
    const mask = SHARDS - 1;
    const spread = (sets: Set<string>[]): Set<string>[] => {
      const out = Array.from({ length: SHARDS }, () => new Set<string>());
      for (const set of sets) for (const k of set) (out[strShard(k, mask)] as Set<string>).add(k);
      return out;
    };
    this.tables = Array.from({ length: SHARDS }, () => new NumTable());
    for (const x of this.nums ?? []) {
      if (x !== x) {
        this.nan = true;
        continue;
      }
      const h = numHash(x);
      (this.tables[h & mask] as NumTable).add(x, h);
    }
    this.nums = undefined;
    this.strs = spread(this.strs);
    this.other = spread(this.other);
    this.mask = mask;
    this.grew = true;
  }
}

/**
 * A Map from string keys (canonical value texts) to groups, sharded past SHARD_AT entries as a
 * ValueSet is, so that COLLECT into a million groups never rehashes a million entries at once;
 * `grew` as there. Iteration order is not kept: callers that need the insertion order keep it.
 */
export class ShardedMap<V> {
  private shards: Map<string, V>[] = [new Map()];
  private mask = 0;
  size = 0;
  grew = false;

  get(key: string): V | undefined {
    return this.shard(key).get(key);
  }

  /** Adds a key that is not there yet (callers look it up first). */
  add(key: string, value: V): void {
    const shard = this.shard(key);
    const n = shard.size;
    shard.set(key, value);
    if (rehashedAt(n)) this.grew = true;
    if (++this.size === SHARD_AT) this.split();
  }

  clear(): void {
    this.shards = [new Map()];
    this.mask = 0;
    this.size = 0;
  }

  private shard(key: string): Map<string, V> {
    // most groupings stay below SHARD_AT: no hash while there is one shard
    return (this.mask === 0 ? this.shards[0] : this.shards[strShard(key, this.mask)]) as Map<string, V>;
  }

  private split(): void {
    const mask = SHARDS - 1;
    const out = Array.from({ length: SHARDS }, () => new Map<string, V>());
    for (const shard of this.shards) for (const [k, v] of shard) (out[strShard(k, mask)] as Map<string, V>).set(k, v);
    this.shards = out;
    this.mask = mask;
    this.grew = true;
  }
}
