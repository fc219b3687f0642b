import { compare } from '../aql/compare.js';
import type { Value } from '../aql/ast.js';
import { seekPrefixes, SortedEntries, type IndexLookup } from './sorted-index.js';
import type { Json } from './types.js';

/**
 * Persistent (hash, skiplist) indexes over array elements: fields such as `tags[*]` or
 * `items[*].name`. A document has one index entry per combination of its fields' values, as
 * RocksDBVPackIndex::buildIndexValues makes them:
 *
 * - an expanded field contributes each distinct element of the array (an element's sub-attribute
 *   after `[*]`: null when the element is no object or lacks it, unless the index is sparse);
 *   explicit nulls in the array are indexed, sparse or not;
 * - a missing, non-array or empty array at the first field leaves the document out; at a later
 *   field the document gets one entry with "no value" (VPack Illegal) in that and every later
 *   field, which no lookup value equals but which a lookup on the leading fields reads, and
 *   which unique indexes count like any other value;
 * - a non-expanded field is the attribute's value, null when missing (a sparse index leaves the
 *   document, or that combination, out).
 *
 * Duplicates within one array are always dropped; a unique index with `deduplicate: false`
 * refuses them (DuplicateInDocument). The entries are sorted by tuple, then key, like the
 * persistent index's (sorted-index.ts); lookups are answered by binary search over them.
 */

/** The "no value" of an entry (VPack Illegal): equal only to itself, before every value. */
export const ILLEGAL: unique symbol = Symbol('illegal');
export type Slot = Value | typeof ILLEGAL;

/** An index field split at its expansion: `items[*].name` is head ['items'], tail ['name']. */
export interface FieldPath {
  head: string[];
  /** Path inside each element after `[*]`, or null when the field has no expansion. */
  tail: string[] | null;
}

/** Thrown by tuplesOf for a unique index with `deduplicate: false` and a repeated array element. */
export class DuplicateInDocument extends Error {}

function getPath(v: Json | undefined, path: readonly string[]): Json | undefined {
  let cur = v;
  for (const p of path) {
    if (cur === null || cur === undefined || typeof cur !== 'object' || Array.isArray(cur)) return undefined;
    cur = cur[p];
  }
  return cur;
}

/** A string that two values share exactly when AQL compares them equal (object keys sorted, trailing nulls dropped). */
export function canonical(v: Slot): string {
  if (v === ILLEGAL) return '\u0000illegal';
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  if (Array.isArray(v)) {
    let n = v.length;
    while (n > 0 && v[n - 1] === null) n--;
    return `[${v.slice(0, n).map(canonical).join(',')}]`;
  }
  const keys = Object.keys(v).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(v[k] as Value)}`).join(',')}}`;
}

export function compareSlots(a: Slot, b: Slot): number {
  if (a === ILLEGAL || b === ILLEGAL) return a === b ? 0 : a === ILLEGAL ? -1 : 1;
  return compare(a, b);
}

function compareTuples(a: readonly Slot[], b: readonly Slot[], n: number): number {
  for (let i = 0; i < n; i++) {
    const c = compareSlots(a[i] as Slot, b[i] as Slot);
    if (c !== 0) return c;
  }
  return 0;
}

/**
 * The entries a document has in an index over `paths`, in buildIndexValues' order (an empty list:
 * the document is not in the index).
 */
export function tuplesOf(doc: Record<string, Json>, paths: readonly FieldPath[], opts: { sparse: boolean; unique: boolean; deduplicate: boolean }): Slot[][] {
  const out: Slot[][] = [];
  const stack: Slot[] = [];
  const finishWithNones = (level: number): void => {
    if (level === 0) return;
    out.push([...stack, ...paths.slice(level).map((): Slot => ILLEGAL)]);
  };
  const build = (level: number): void => {
    if (level === paths.length) {
      out.push([...stack]);
      return;
    }
    const p = paths[level] as FieldPath;
    if (p.tail === null) {
      const v = getPath(doc, p.head);
      if (v === undefined || v === null) {
        if (opts.sparse) return;
        stack.push(null);
      } else stack.push(v as Value);
      build(level + 1);
      stack.pop();
      return;
    }
    const arr = getPath(doc, p.head);
    if (!Array.isArray(arr) || arr.length === 0) {
      finishWithNones(level);
      return;
    }
    const tail = p.tail;
    const seen = new Set<string>();
    const moveOn = (v: Value): void => {
      const c = canonical(v);
      if (seen.has(c)) {
        if (opts.unique && !opts.deduplicate) throw new DuplicateInDocument();
        return;
      }
      seen.add(c);
      stack.push(v);
      build(level + 1);
      stack.pop();
    };
    for (const member of arr) {
      if (tail.length === 0) moveOn(member as Value);
      else {
        const v = getPath(member, tail);
        // a missing sub-attribute (or an element that is no object) is null, unless sparse
        if (v === undefined) {
          if (!opts.sparse) moveOn(null);
        } else moveOn(v as Value);
      }
      // sparse, and nothing indexed for this array yet: the "no value" entry, as the server
      // adds after each such element (identical entries of one document are one entry here)
      if (seen.size === 0) finishWithNones(level);
    }
  };
  build(0);
  if (out.length <= 1) return out;
  const unique = new Map<string, Slot[]>();
  for (const t of out) unique.set(t.map(canonical).join('\u0001'), t);
  return [...unique.values()];
}

/** Whether a tuple falls into a lookup ("no value" matches no equality value and no range). */
function tupleMatches(t: readonly Slot[], lookup: IndexLookup): boolean {
  const used = lookup.eq.length + (lookup.lower || lookup.upper ? 1 : 0);
  for (let i = 0; i < used; i++) if (t[i] === ILLEGAL) return false;
  return SortedEntries.matches(t as Value[], lookup);
}

interface Entry {
  t: Slot[];
  k: string;
}

export class ArrayEntries {
  private readonly byKey = new Map<string, Slot[][]>();
  private sorted: Entry[] | null = [];
  private count = 0;

  constructor(
    private readonly paths: readonly FieldPath[],
    private readonly opts: { sparse: boolean; unique: boolean; deduplicate: boolean },
  ) {}

  /**
   * IndexExecutor deduplicates documents when an expanded field is not the first one (a lookup
   * on the leading fields then reads several entries of one document): hasMultipleExpansions.
   */
  get mayRepeatDocuments(): boolean {
    return this.paths.some((p, i) => i > 0 && p.tail !== null);
  }

  tuplesOf(doc: Record<string, Json>): Slot[][] {
    try {
      return tuplesOf(doc, this.paths, this.opts);
    } catch (e) {
      // a committed document passed the unique check; its repeated elements are one entry
      if (e instanceof DuplicateInDocument) return tuplesOf(doc, this.paths, { ...this.opts, deduplicate: true });
      throw e;
    }
  }

  /** Number of documents with at least one entry. */
  get size(): number {
    return this.byKey.size;
  }

  add(key: string, doc: Record<string, Json>): void {
    if (this.byKey.has(key)) this.remove(key);
    const ts = this.tuplesOf(doc);
    if (ts.length === 0) return;
    this.byKey.set(key, ts);
    this.count += ts.length;
    this.sorted = null;
  }

  remove(key: string): void {
    const ts = this.byKey.get(key);
    if (!ts) return;
    this.byKey.delete(key);
    this.count -= ts.length;
    this.sorted = null;
  }

  clear(): void {
    this.byKey.clear();
    this.count = 0;
    this.sorted = [];
  }

  private entries(): Entry[] {
    if (this.sorted === null) {
      const e: Entry[] = [];
      for (const [k, ts] of this.byKey) for (const t of ts) e.push({ t, k });
      e.sort((a, b) => compareTuples(a.t, b.t, this.paths.length) || (a.k < b.k ? -1 : a.k > b.k ? 1 : 0));
      this.sorted = e;
    }
    return this.sorted;
  }

  /** Distinct entries / entries, what the server's estimator approximates (1 when empty). */
  selectivity(): number {
    const e = this.entries();
    if (e.length === 0) return 1;
    let d = 0;
    for (let i = 0; i < e.length; i++) if (i === 0 || compareTuples((e[i - 1] as Entry).t, (e[i] as Entry).t, this.paths.length) !== 0) d++;
    return d / e.length;
  }

  /** The first of a document's tuples that falls into the lookup (undefined: none does). */
  private firstMatch(doc: Record<string, Json>, lookup: IndexLookup): Slot[] | undefined {
    return this.tuplesOf(doc).filter((t) => tupleMatches(t, lookup)).sort((a, b) => compareTuples(a, b, this.paths.length))[0];
  }

  /**
   * The documents a lookup selects as a reader sees them (`visible`: its version of a committed
   * key, if any), in index order. A transaction's own writes (`own`) are not in the entries, as
   * in RocksDB, where they sit in its write batch: they are matched and merged in here.
   */
  read<D extends Record<string, Json> & { _key: string }>(
    lookup: IndexLookup, visible: (key: string) => D | undefined, own: readonly (readonly [string, { doc: D | null }])[],
  ): D[] {
    const ownKeys = new Set(own.map(([k]) => k));
    const out: { d: D; t: Slot[] | undefined }[] = [];
    for (const k of [...this.keys(lookup)]) {
      if (ownKeys.has(k)) continue;
      const d = visible(k);
      if (d) out.push({ d, t: undefined });
    }
    if (own.length === 0) return out.map((x) => x.d);
    for (const [, p] of own) {
      const first = p.doc ? this.firstMatch(p.doc, lookup) : undefined;
      if (p.doc && first) out.push({ d: p.doc, t: first });
    }
    for (const x of out) x.t ??= this.firstMatch(x.d, lookup) ?? [];
    out.sort((a, b) => compareTuples(a.t as Slot[], b.t as Slot[], this.paths.length) || (a.d._key < b.d._key ? -1 : a.d._key > b.d._key ? 1 : 0));
    return out.map((x) => x.d);
  }

  /**
   * Keys of the entries a lookup selects, in index order (one seek per combination of equality
   * values, as sorted-index.ts), each document once when entries may repeat it.
   */
  *keys(lookup: IndexLookup): Generator<string> {
    const e = this.entries();
    const prefixes = seekPrefixes(lookup);
    const p = lookup.eq.length;
    const returned = this.mayRepeatDocuments ? new Set<string>() : null;
    for (const prefix of prefixes) {
      let lo = 0;
      let hi = e.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (compareTuples((e[mid] as Entry).t, prefix, p) < 0) lo = mid + 1;
        else hi = mid;
      }
      for (let i = lo; i < e.length; i++) {
        const x = e[i] as Entry;
        if (compareTuples(x.t, prefix, p) !== 0) break;
        if (!tupleMatches(x.t, lookup)) continue;
        if (returned) {
          if (returned.has(x.k)) continue;
          returned.add(x.k);
        }
        yield x.k;
      }
    }
  }
}
