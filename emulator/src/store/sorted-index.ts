import { compare } from '../aql/compare.js';
import type { Value } from '../aql/ast.js';
import type { Json } from './types.js';

/**
 * The entries of a persistent (hash, skiplist) index over the committed documents, in the
 * order a RocksDB persistent index keeps them: by the tuple of indexed values, then by document
 * key (a non-unique index's RocksDB key is the values followed by the primary key). Values are
 * ordered with AQL's comparison (compare.ts), so a range read off the index selects exactly the
 * documents the same comparison in a FILTER would.
 *
 * Between reads, a few writes update the sorted entries in place (a binary search and a splice:
 * an application that writes and reads by turns pays O(log n) compares per write); a long run of
 * writes (an import) drops them, and the next read sorts once, O(n log n), instead.
 */

export interface IndexBound {
  value: Value;
  inclusive: boolean;
}

/**
 * What a lookup selects: equality on the leading fields (each field a list of alternatives, as
 * `IN` gives; sorted and deduplicated here), then an optional range on the next field.
 */
export interface IndexLookup {
  eq: Value[][];
  lower?: IndexBound | undefined;
  upper?: IndexBound | undefined;
}

interface Entry {
  t: Value[];
  k: string;
}

function compareTuples(a: readonly Value[], b: readonly Value[], n: number): number {
  for (let i = 0; i < n; i++) {
    const c = compare(a[i] as Value, b[i] as Value);
    if (c !== 0) return c;
  }
  return 0;
}

function getPath(doc: Record<string, Json>, path: readonly string[]): Json | undefined {
  let cur: Json | undefined = doc;
  for (const p of path) {
    if (cur === null || typeof cur !== 'object' || Array.isArray(cur)) return undefined;
    cur = cur[p];
  }
  return cur;
}

/** Writes between two reads that are applied in place; more, and the next read sorts again. */
const IN_PLACE_WRITES = 256;

export class SortedEntries {
  private readonly byKey = new Map<string, Value[]>();
  private sorted: Entry[] | null = [];
  private distinctCount: number | null = 0;
  private writesSinceRead = 0;

  constructor(
    private readonly paths: readonly string[][],
    private readonly sparse: boolean,
  ) {}

  /** The indexed tuple of a document; null when a sparse index leaves it out (a field null or missing). */
  tupleOf(doc: Record<string, Json>): Value[] | null {
    const t: Value[] = [];
    for (const p of this.paths) {
      const v = getPath(doc, p);
      if (v === undefined || v === null) {
        if (this.sparse) return null;
        t.push(null);
      } else t.push(v as Value);
    }
    return t;
  }

  get size(): number {
    return this.byKey.size;
  }

  add(key: string, doc: Record<string, Json>): void {
    const t = this.tupleOf(doc);
    if (t === null) return;
    if (this.byKey.has(key)) this.remove(key);
    this.byKey.set(key, t);
    const e = this.inPlace();
    if (!e) return;
    const at = this.position(e, t, key);
    e.splice(at, 0, { t, k: key });
    this.countDistinct(e, at, 1);
  }

  remove(key: string): void {
    const t = this.byKey.get(key);
    if (t === undefined) return;
    this.byKey.delete(key);
    const e = this.inPlace();
    if (!e) return;
    const at = this.position(e, t, key);
    if ((e[at] as Entry | undefined)?.k !== key) {
      this.sorted = null;
      this.distinctCount = null;
      return;
    }
    this.countDistinct(e, at, -1);
    e.splice(at, 1);
  }

  clear(): void {
    this.byKey.clear();
    this.sorted = [];
    this.distinctCount = 0;
  }

  /** The sorted entries when a write may update them in place (else they are dropped until the next read). */
  private inPlace(): Entry[] | null {
    if (this.sorted !== null && ++this.writesSinceRead > IN_PLACE_WRITES) {
      this.sorted = null;
      this.distinctCount = null;
    }
    return this.sorted;
  }

  /** Where (t, key) is or belongs in the entries. */
  private position(e: readonly Entry[], t: readonly Value[], key: string): number {
    let lo = 0;
    let hi = e.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const x = e[mid] as Entry;
      if (this.compareEntries(x.t, x.k, t, key) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Keeps the distinct count in step with an entry inserted at `at` (+1) or about to be removed from it (-1). */
  private countDistinct(e: readonly Entry[], at: number, sign: 1 | -1): void {
    if (this.distinctCount === null) return;
    const n = this.paths.length;
    // the entry is at `at` either way: just inserted there, or still there before its removal
    const x = e[at] as Entry;
    const prev = e[at - 1];
    const next = e[at + 1];
    const same = (y: Entry | undefined): boolean => y !== undefined && compareTuples(y.t, x.t, n) === 0;
    if (!same(prev) && !same(next)) this.distinctCount += sign;
  }

  private entries(): Entry[] {
    this.writesSinceRead = 0;
    if (this.sorted === null) {
      this.sorted = [...this.byKey].map(([k, t]) => ({ t, k }));
      this.sorted.sort((a, b) => this.compareEntries(a.t, a.k, b.t, b.k));
    }
    return this.sorted;
  }

  /**
   * Distinct tuples / entries: what the server's selectivity estimate approximates (1 for an
   * empty index, as the server reports).
   */
  selectivity(): number {
    const e = this.entries();
    if (e.length === 0) return 1;
    if (this.distinctCount === null) {
      let d = 0;
      const n = this.paths.length;
      for (let i = 0; i < e.length; i++) if (i === 0 || compareTuples((e[i - 1] as Entry).t, (e[i] as Entry).t, n) !== 0) d++;
      this.distinctCount = d;
    }
    return this.distinctCount / e.length;
  }

  /** Whether a tuple falls into a lookup (for the documents a transaction wrote, which are not in the entries). */
  static matches(t: readonly Value[], lookup: IndexLookup): boolean {
    const p = lookup.eq.length;
    for (let i = 0; i < p; i++) if (!(lookup.eq[i] as Value[]).some((v) => compare(t[i] as Value, v) === 0)) return false;
    if (lookup.lower || lookup.upper) {
      const v = t[p] as Value;
      if (lookup.lower) {
        const c = compare(v, lookup.lower.value);
        if (c < 0 || (c === 0 && !lookup.lower.inclusive)) return false;
      }
      if (lookup.upper) {
        const c = compare(v, lookup.upper.value);
        if (c > 0 || (c === 0 && !lookup.upper.inclusive)) return false;
      }
    }
    return true;
  }

  /** Orders tuples as the index does (for merging a transaction's own writes). */
  compareEntries(a: readonly Value[], ak: string, b: readonly Value[], bk: string): number {
    return compareTuples(a, b, this.paths.length) || (ak < bk ? -1 : ak > bk ? 1 : 0);
  }

  /**
   * Keys of the entries a lookup selects, in index order: one seek per combination of equality
   * values (ascending, duplicates dropped, as the server sorts IN lists before probing), then a
   * forward scan while the prefix and the upper bound hold.
   */
  *keys(lookup: IndexLookup): Generator<string> {
    const e = this.entries();
    const prefixes = seekPrefixes(lookup);
    const p = lookup.eq.length;
    const { lower, upper } = lookup;
    for (const prefix of prefixes) {
      // first entry not before the start of the range
      const before = (x: Entry): boolean => {
        const c = compareTuples(x.t, prefix, p);
        if (c !== 0) return c < 0;
        if (!lower) return false;
        const d = compare(x.t[p] as Value, lower.value);
        return d < 0 || (d === 0 && !lower.inclusive);
      };
      let lo = 0;
      let hi = e.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (before(e[mid] as Entry)) lo = mid + 1;
        else hi = mid;
      }
      for (let i = lo; i < e.length; i++) {
        const x = e[i] as Entry;
        if (compareTuples(x.t, prefix, p) !== 0) break;
        if (upper) {
          const d = compare(x.t[p] as Value, upper.value);
          if (d > 0 || (d === 0 && !upper.inclusive)) break;
        }
        yield x.k;
      }
    }
  }
}

/**
 * The equality prefixes a lookup seeks, in index order: every combination of its equality values,
 * each list ascending with duplicates dropped (the server sorts IN lists before probing).
 */
export function seekPrefixes(lookup: IndexLookup): Value[][] {
  let prefixes: Value[][] = [[]];
  for (const vs of lookup.eq) {
    const sorted = [...vs].sort(compare);
    const distinct = sorted.filter((v, i) => i === 0 || compare(sorted[i - 1] as Value, v) !== 0);
    const next: Value[][] = [];
    for (const pre of prefixes) for (const v of distinct) next.push([...pre, v]);
    prefixes = next;
  }
  return prefixes;
}
