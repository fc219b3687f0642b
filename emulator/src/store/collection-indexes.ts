import { ArangoHttpError, httpError } from '../errors.js';
import type { TxHooks } from './collection.js';
import { edgeIndex, expiryOf, indexFromDefinition, primaryIndex, type Index } from './indexes.js';
import type { CollectionType, Doc } from './types.js';

/**
 * The indexes of one collection and the structures that enforce them over its committed
 * documents: the unique maps (with the values running transactions reserved), the edge index
 * (`_from`/`_to` → edge keys) and the TTL index. The Collection decides when a document is
 * committed; this keeps the indexes in step and answers the lookups and unique checks.
 */
export class CollectionIndexes {
  /** Every index, primary (and edge) first: what `GET /_api/index` lists. */
  readonly list: Index[];
  /** The TTL index, if there is one (at most one per collection). */
  ttl: Index | null = null;
  private readonly unique: Index[] = [];
  /** Edge collections: `_from`/`_to` value → keys of committed edges (the edge index). */
  private readonly edgesFrom: Map<string, Set<string>> | null;
  private readonly edgesTo: Map<string, Set<string>> | null;

  constructor(type: CollectionType) {
    this.list = [primaryIndex()];
    if (type === 'edge') {
      this.list.push(edgeIndex());
      this.edgesFrom = new Map();
      this.edgesTo = new Map();
    } else {
      this.edgesFrom = null;
      this.edgesTo = null;
    }
  }

  get isEdge(): boolean {
    return this.edgesFrom !== null;
  }

  /** Keys of committed edges whose `_from` ('outbound'), `_to` ('inbound') or either ('any') is `vertexId`. */
  edgeKeys(vertexId: string, direction: 'outbound' | 'inbound' | 'any'): Set<string> {
    const keys = new Set<string>();
    if (!this.edgesFrom || !this.edgesTo) return keys;
    if (direction !== 'inbound') for (const k of this.edgesFrom.get(vertexId) ?? []) keys.add(k);
    if (direction !== 'outbound') for (const k of this.edgesTo.get(vertexId) ?? []) keys.add(k);
    return keys;
  }

  /** A committed document enters the indexes. */
  add(key: string, doc: Doc): void {
    for (const idx of this.unique) for (const v of idx.valuesOf(doc) ?? []) idx.entries?.set(v, key);
    for (const idx of this.list) (idx.sorted ?? idx.array)?.add(key, doc);
    if (this.edgesFrom && this.edgesTo) {
      addTo(this.edgesFrom, doc['_from'] as string, key);
      addTo(this.edgesTo, doc['_to'] as string, key);
    }
  }

  /** A committed document leaves the indexes. */
  remove(key: string, doc: Doc): void {
    for (const idx of this.unique) {
      for (const v of idx.valuesOf(doc) ?? []) if (idx.entries?.get(v) === key) idx.entries.delete(v);
    }
    for (const idx of this.list) (idx.sorted ?? idx.array)?.remove(key);
    if (this.edgesFrom && this.edgesTo) {
      removeFrom(this.edgesFrom, doc['_from'] as string, key);
      removeFrom(this.edgesTo, doc['_to'] as string, key);
    }
  }

  /** Every committed document is gone (truncate without a transaction). */
  clear(): void {
    for (const idx of this.unique) idx.entries?.clear();
    for (const idx of this.list) (idx.sorted ?? idx.array)?.clear();
    this.edgesFrom?.clear();
    this.edgesTo?.clear();
  }

  /**
   * Throws when `doc`, written under `key` by `t` (or by no transaction), would break a unique
   * index: against committed holders (unless `t` itself changed or removed them) and against the
   * values other transactions reserved (409 / 1200).
   */
  checkUnique(key: string, doc: Doc, t: TxHooks | undefined, pending: ReadonlyMap<string, { tx: TxHooks; doc: Doc | null }>): void {
    for (const idx of this.unique) {
      const values = idx.valuesOf(doc, true);
      if (!values) continue;
      for (const v of values) {
        const holder = idx.entries?.get(v);
        if (holder !== undefined && holder !== key) {
          // The committed holder no longer counts if this transaction changed or removed it.
          const p = t ? pending.get(holder) : undefined;
          const stillHolds = !p || p.tx !== t || (p.doc !== null && (idx.valuesOf(p.doc) ?? []).includes(v));
          if (stillHolds) throw idx.violation(holder);
        }
        const r = idx.reserved?.get(v);
        if (r && r.key !== key) {
          if (!t || r.txId !== t.id) {
            throw httpError(409, 'ERROR_ARANGO_CONFLICT', `write-write conflict; conflicting key: ${r.key}`);
          }
          const p = pending.get(r.key);
          if (p && p.tx === t && p.doc && (idx.valuesOf(p.doc) ?? []).includes(v)) throw idx.violation(r.key);
        }
      }
    }
  }

  /** `t`'s pending `doc` reserves its unique values until `t` commits or aborts. */
  reserve(key: string, doc: Doc, t: TxHooks): void {
    for (const idx of this.unique) {
      for (const v of idx.valuesOf(doc) ?? []) {
        if (!idx.reserved?.has(v)) {
          idx.reserved?.set(v, { txId: t.id, key });
          t.reservations.push({ index: idx, value: v });
        }
      }
    }
  }

  /** Creates an index over the committed `docs`, or returns the identical existing one (`created: false`). */
  ensure(definition: unknown, docs: ReadonlyMap<string, Doc>): { index: Index; created: boolean } {
    const idx = indexFromDefinition(definition, new Set(this.list.map((i) => i.name)));
    const same = this.list.find((i) => i.sameAs(idx));
    if (same) return { index: same, created: false };
    if (this.list.some((i) => i.name === idx.name)) {
      throw httpError(409, 'ERROR_ARANGO_DUPLICATE_NAME', `duplicate value: an index with the name '${idx.name}' already exists`);
    }
    if (idx.type === 'ttl' && this.ttl) {
      throw httpError(400, 'ERROR_BAD_PARAMETER', 'there can only be one ttl index per collection');
    }
    if (idx.entries) {
      // Build the unique map from the committed documents; existing duplicates refuse the index
      // (400 with 1210, as documented for unique persistent indexes).
      for (const [key, doc] of docs) {
        let values;
        try {
          values = idx.valuesOf(doc, true) ?? [];
        } catch (e) {
          // a unique index refusing a document's repeated array elements (deduplicate: false)
          if (!(e instanceof ArangoHttpError)) throw e;
          throw new ArangoHttpError(400, e.errorNum, e.message);
        }
        for (const v of values) {
          const holder = idx.entries.get(v);
          if (holder !== undefined && holder !== key) {
            const e = idx.violation(holder) as ArangoHttpError;
            throw new ArangoHttpError(400, e.errorNum, e.message);
          }
          idx.entries.set(v, key);
        }
      }
      this.unique.push(idx);
    }
    if (idx.type === 'ttl') this.ttl = idx;
    const entries = idx.sorted ?? idx.array;
    if (entries) for (const [key, doc] of docs) entries.add(key, doc);
    this.list.push(idx);
    return { index: idx, created: true };
  }

  /** Finds an index by its numeric id or its name. */
  find(idOrName: string): Index | undefined {
    return this.list.find((i) => i.id === idOrName || i.name === idOrName);
  }

  drop(idOrName: string): Index {
    const idx = this.find(idOrName);
    if (!idx) throw httpError(404, 'ERROR_ARANGO_INDEX_NOT_FOUND');
    if (idx.type === 'primary' || idx.type === 'edge') {
      throw httpError(403, 'ERROR_FORBIDDEN', 'cannot drop primary or edge index');
    }
    this.list.splice(this.list.indexOf(idx), 1);
    const u = this.unique.indexOf(idx);
    if (u >= 0) this.unique.splice(u, 1);
    if (idx === this.ttl) this.ttl = null;
    return idx;
  }

  /** Whether `doc`'s TTL has passed. */
  isExpired(doc: Doc, now = Date.now()): boolean {
    if (!this.ttl) return false;
    const at = expiryOf(doc, this.ttl);
    return at !== undefined && at * 1000 <= now;
  }
}

/** Sweeps expired documents of collections with a TTL index, without keeping the process alive. */
const ttlCollections = new Set<{ removeExpired(): void }>();
let ttlTimer: NodeJS.Timeout | null = null;
export function watchTtl(c: { removeExpired(): void }, on: boolean): void {
  if (on) ttlCollections.add(c);
  else ttlCollections.delete(c);
  if (ttlCollections.size > 0 && !ttlTimer) {
    ttlTimer = setInterval(() => {
      for (const col of ttlCollections) col.removeExpired();
    }, 1000);
    ttlTimer.unref();
  } else if (ttlCollections.size === 0 && ttlTimer) {
    clearInterval(ttlTimer);
    ttlTimer = null;
  }
}

function addTo(m: Map<string, Set<string>>, v: string, key: string): void {
  let s = m.get(v);
  if (!s) m.set(v, (s = new Set()));
  s.add(key);
}

function removeFrom(m: Map<string, Set<string>>, v: string, key: string): void {
  const s = m.get(v);
  if (!s) return;
  s.delete(key);
  if (s.size === 0) m.delete(v);
}
