import { httpError } from '../errors.js';
import { CollectionIndexes, watchTtl } from './collection-indexes.js';
import type { Index } from './indexes.js';
import { SortedEntries, type IndexLookup } from './sorted-index.js';
import { currentTid, MARKER, type WalChange } from './wal.js';
import { assertValidKey, isValidKey, KeyGenerator, type KeyOptionsInput } from './keys.js';
import { newRevision } from './revisions.js';
import { applyComputedValues } from './computed-values.js';
import { updateProperties, type CollectionProperties } from './collection-properties.js';
import { isDocumentHandle, mergePatch, newerVersion, preconditionFailed, SYSTEM_ATTRS } from './document-rules.js';
import { conforms, validateAgainstSchema } from './schema.js';
import type { CollectionAccess, CollectionType, Doc, Json, TxScope, WriteOptions, WriteResult } from './types.js';

/**
 * One collection: documents, indexes, properties, and the uncommitted writes of running stream
 * transactions. The index structures live in collection-indexes.ts, the property changes in
 * collection-properties.ts, the document rules in document-rules.ts; this module is the
 * documents and their MVCC.
 *
 * Storage: `docs` holds the committed documents. A running transaction's writes live in `pending`
 * (key → the transaction and its version of the document, `null` when it removed it) until it
 * commits or aborts, so other readers never see them. A key has at most one pending writer: a
 * second writer — another transaction or a plain write — gets 409 / 1200 "write-write conflict",
 * as ArangoDB's key locks answer (ArangoDB would first wait up to the lock timeout).
 *
 * Stored documents are never mutated: every write builds a new object, so `get()` and `all()`
 * hand out the stored objects without copying. Callers must not mutate them.
 *
 * Writes check the writer's snapshot, as RocksDB does for ArangoDB's transactions: a
 * transaction (stream transaction, or the one a modifying AQL query runs in) takes a snapshot
 * when it begins, and writing a document that another writer committed after that snapshot
 * fails with 409 / 1200 "write-write conflict" — the lost update a read-modify-write would
 * otherwise cause. (RocksDB validates the snapshot in `GetForUpdate`/`Put` of a transaction and
 * answers `Busy`, which ArangoDB maps to TRI_ERROR_ARANGO_CONFLICT.) Reads are read-committed
 * plus the transaction's own writes: a long transaction's reads see later commits, but it can
 * never write over them.
 */

/**
 * Commit sequence for snapshots: every committed change of a document takes the next number; a
 * snapshot is the number current when it was taken. Commit numbers are only remembered per key
 * while some snapshot is open: a snapshot opened later is newer than every earlier commit anyway.
 */
let commitSeq = 0;
let openSnapshots = 0;

/** Opens a snapshot (a transaction begins); close it with `closeSnapshot()` when it ends. */
export function openSnapshot(): number {
  openSnapshots++;
  return commitSeq;
}

export function closeSnapshot(): void {
  if (openSnapshots > 0) openSnapshots--;
}

/** What a collection needs from a stream transaction (implemented by store/transaction.ts). */
export interface TxHooks extends TxScope {
  /** Throws 410/1654 or 404/1655 if the transaction can no longer be used; resets its idle timer. */
  assertUsable(): void;
  /** Throws 400/1652 if the collection is not declared for writing. */
  assertWritable(collection: Collection): void;
  /** Throws 400/1652 if reading an undeclared collection and `allowImplicit` is false. */
  assertReadable(collection: Collection): void;
  /** Remembers that this transaction has a pending write on `key` (called once per key). */
  recordWrite(collection: Collection, key: string): void;
  /** The commit sequence number current when the transaction began (see `openSnapshot`). */
  readonly snapshot?: number;
  /** The collection's count as this transaction sees it differs from the committed count by this much. */
  countDelta: Map<Collection, number>;
  /** Unique-index values this transaction reserved, to release on commit or abort. */
  reservations: Array<{ index: Index; value: string }>;
}

interface Pending {
  tx: TxHooks;
  doc: Doc | null;
}

/** Collection metadata the database hands to the constructor. */
export interface CollectionInit {
  id: string;
  name: string;
  type: CollectionType;
  /** `true` in a cluster: properties include the sharding attributes. */
  cluster: boolean;
  keyOptions?: KeyOptionsInput;
  properties: CollectionProperties;
}

export class Collection implements CollectionAccess {
  readonly id: string;
  /** Changed only through `rename()`. */
  name: string;
  readonly type: CollectionType;
  readonly cluster: boolean;
  readonly keyGen: KeyGenerator;
  readonly properties: CollectionProperties;
  readonly docs = new Map<string, Doc>();
  readonly pending = new Map<string, Pending>();
  /** key → commit sequence number of its last committed change, while snapshots are open. */
  private readonly lastCommit = new Map<string, number>();
  /** Every index, primary (and edge) first. */
  readonly indexes: Index[];
  private readonly indexSet: CollectionIndexes;
  /** Revision of the last committed write, `"0"` before the first one. */
  revision = '0';
  /**
   * Bumped by every committed change (write, removal, truncate, rename), so readers such as the
   * AQL results cache can tell whether data changed without scanning documents.
   */
  writeCount = 0;
  /** Set when the collection is dropped: later use answers 404 / 1203. */
  dropped = false;
  /** The exclusive lock holder, if a stream transaction declared this collection `exclusive`. */
  exclusiveHolder: TxHooks | null = null;
  /** Where committed changes go (the database's, and from there the server's write-ahead log). */
  changeLog: ((change: WalChange) => void) | null = null;

  constructor(init: CollectionInit) {
    this.id = init.id;
    this.name = init.name;
    this.type = init.type;
    this.cluster = init.cluster;
    this.keyGen = new KeyGenerator(init.keyOptions);
    this.properties = init.properties;
    this.indexSet = new CollectionIndexes(this.type);
    this.indexes = this.indexSet.list;
    if (this.cluster && this.properties.numberOfShards > 1 && this.keyGen.type === 'autoincrement') {
      throw httpError(501, 'ERROR_CLUSTER_UNSUPPORTED', 'the specified key generator is not supported for collections with more than one shard');
    }
  }

  get globallyUniqueId(): string {
    if (this.properties.isSystem) return this.name;
    return this.cluster ? `c${this.id}/` : `h${(0x4f3d8af2e752b).toString(16).toUpperCase()}/${this.id}`;
  }

  get isSystem(): boolean {
    return this.properties.isSystem;
  }

  // ---------------------------------------------------------------------------------------------
  // Reads

  private txOf(tx: TxScope | undefined): TxHooks | undefined {
    if (tx === undefined) return undefined;
    const t = tx as Partial<TxHooks>;
    if (typeof t.assertUsable !== 'function') {
      throw httpError(400, 'ERROR_TRANSACTION_INTERNAL', 'not a stream transaction scope');
    }
    return tx as TxHooks;
  }

  private assertAlive(): void {
    if (this.dropped) {
      throw httpError(404, 'ERROR_ARANGO_DATA_SOURCE_NOT_FOUND', `collection or view not found: ${this.name}`);
    }
  }

  private beginRead(tx: TxScope | undefined): TxHooks | undefined {
    this.assertAlive();
    const t = this.txOf(tx);
    if (t) {
      t.assertUsable();
      t.assertReadable(this);
    }
    return t;
  }

  /** The version of `key` that `t` sees (own pending write first, then the committed one). */
  private visible(key: string, t: TxHooks | undefined): Doc | undefined {
    if (this.pending.size > 0) {
      const p = this.pending.get(key);
      if (p && p.tx === t) return p.doc ?? undefined;
    }
    const d = this.docs.get(key);
    if (d && this.indexSet.ttl && this.indexSet.isExpired(d)) {
      if (!this.pending.has(key)) this.removeCommitted(key, d);
      return undefined;
    }
    return d;
  }

  get(key: string, tx?: TxScope): Doc | undefined {
    const t = this.beginRead(tx);
    return this.visible(key, t);
  }

  all(tx?: TxScope): Doc[] {
    const t = this.beginRead(tx);
    if (this.indexSet.ttl) this.removeExpired();
    if (this.pending.size === 0 || t === undefined) return Array.from(this.docs.values());
    const out: Doc[] = [];
    for (const [k, d] of this.docs) {
      const p = this.pending.get(k);
      if (p && p.tx === t) {
        if (p.doc) out.push(p.doc);
      } else out.push(d);
    }
    for (const [k, p] of this.pending) {
      if (p.tx === t && p.doc && !this.docs.has(k)) out.push(p.doc);
    }
    return out;
  }

  count(tx?: TxScope): number {
    const t = this.beginRead(tx);
    if (this.indexSet.ttl) this.removeExpired();
    return this.docs.size + (t?.countDelta.get(this) ?? 0);
  }

  /**
   * Edges whose `_from` (direction 'outbound'), `_to` ('inbound') or either ('any') is `vertexId`,
   * through the edge index, as `t` sees them.
   */
  edges(vertexId: string, direction: 'outbound' | 'inbound' | 'any', tx?: TxScope): Doc[] {
    const t = this.beginRead(tx);
    if (!this.indexSet.isEdge) return [];
    const keys = this.indexSet.edgeKeys(vertexId, direction);
    if (t) for (const [k, p] of this.pending) if (p.tx === t) keys.add(k);
    const out: Doc[] = [];
    for (const k of keys) {
      const d = this.visible(k, t);
      if (!d) continue;
      if ((direction !== 'inbound' && d['_from'] === vertexId) || (direction !== 'outbound' && d['_to'] === vertexId)) {
        out.push(d);
      }
    }
    return out;
  }

  /**
   * The documents a persistent index lookup selects, as `t` sees them, in index order, and how
   * many index entries were read. The committed entries come from the index; a transaction's own
   * writes are not in it (as in RocksDB, where they sit in the transaction's write batch), so
   * they are matched against the lookup and merged in. Read eagerly: a snapshot, as `all()` is.
   */
  indexScan(index: Index, lookup: IndexLookup, tx?: TxScope): Doc[] {
    const t = this.beginRead(tx);
    if (index.array) {
      if (!this.indexes.includes(index)) return [];
      if (this.indexSet.ttl) this.removeExpired();
      return index.array.read(lookup, (k) => this.visible(k, t), t && this.pending.size > 0 ? [...this.pending].filter(([, p]) => p.tx === t) : []);
    }
    const sorted = index.sorted;
    if (!sorted || !this.indexes.includes(index)) return [];
    if (this.indexSet.ttl) this.removeExpired();
    const own = t && this.pending.size > 0 ? [...this.pending].filter(([, p]) => p.tx === t) : [];
    const ownKeys = new Set(own.map(([k]) => k));
    const out: { d: Doc; t: Json[] | null }[] = [];
    // the keys first: reading a document may remove an expired one from the index
    for (const k of [...sorted.keys(lookup)]) {
      if (ownKeys.has(k)) continue;
      const d = this.visible(k, t);
      if (d) out.push({ d, t: null });
    }
    if (own.length === 0) return out.map((x) => x.d);
    for (const [, p] of own) {
      const tuple = p.doc ? sorted.tupleOf(p.doc) : null;
      if (p.doc && tuple && SortedEntries.matches(tuple, lookup)) out.push({ d: p.doc, t: tuple });
    }
    for (const x of out) x.t ??= sorted.tupleOf(x.d);
    out.sort((a, b) => sorted.compareEntries(a.t as Json[], a.d._key, b.t as Json[], b.d._key));
    return out.map((x) => x.d);
  }

  // ---------------------------------------------------------------------------------------------
  // Writes

  private beginWrite(tx: TxScope | undefined): TxHooks | undefined {
    this.assertAlive();
    const t = this.txOf(tx);
    if (t) {
      t.assertUsable();
      t.assertWritable(this);
    }
    if (this.exclusiveHolder && this.exclusiveHolder !== t) {
      throw httpError(409, 'ERROR_ARANGO_CONFLICT', `write-write conflict; collection '${this.name}' is locked exclusively by transaction ${this.exclusiveHolder.id}`);
    }
    return t;
  }

  /** The current version of `key` for a writer, after checking no other transaction holds it. */
  private lockForWrite(key: string, t: TxHooks | undefined): Doc | undefined {
    const p = this.pending.get(key);
    if (p && p.tx !== t) {
      throw httpError(409, 'ERROR_ARANGO_CONFLICT', `write-write conflict; conflicting key: ${key}`);
    }
    // committed by someone else after this transaction's snapshot: writing would lose that update
    if (t?.snapshot !== undefined && (this.lastCommit.get(key) ?? -1) > t.snapshot) {
      throw httpError(409, 'ERROR_ARANGO_CONFLICT', `write-write conflict; conflicting key: ${key}`);
    }
    return this.visible(key, t);
  }

  insert(input: Record<string, Json>, opts: WriteOptions & { versionAttribute?: string } = {}, tx?: TxScope): WriteResult {
    const t = this.beginWrite(tx);
    if (input === null || typeof input !== 'object' || Array.isArray(input)) {
      throw httpError(400, 'ERROR_ARANGO_DOCUMENT_TYPE_INVALID');
    }
    let key: string;
    const given = input['_key'];
    if (given !== undefined) {
      if (!this.keyGen.allowUserKeys && !opts.isRestore) {
        throw httpError(400, 'ERROR_ARANGO_DOCUMENT_KEY_UNEXPECTED');
      }
      if (this.cluster && this.properties.numberOfShards > 1 && !isKeySharded(this.properties.shardKeys) && !opts.isRestore) {
        throw httpError(400, 'ERROR_CLUSTER_MUST_NOT_SPECIFY_KEY');
      }
      assertValidKey(given);
      key = given;
      this.keyGen.track(key);
    } else {
      do key = this.keyGen.generate();
      while (this.docs.has(key) || this.pending.has(key));
    }
    const existing = this.lockForWrite(key, t);
    if (existing) {
      const mode = opts.overwriteMode ?? 'conflict';
      if (mode === 'ignore') return { old: existing };
      if (mode === 'conflict') {
        throw httpError(
          409,
          'ERROR_ARANGO_UNIQUE_CONSTRAINT_VIOLATED',
          `unique constraint violated - in index primary of type primary over '_key'; conflicting key: ${key}`,
        );
      }
      const repOpts: WriteOptions & { versionAttribute?: string } = { ...opts, ignoreRevs: true };
      delete repOpts.expectedRev;
      return mode === 'update'
        ? this.modify(key, existing, input, repOpts, t, 'update')
        : this.modify(key, existing, input, repOpts, t, 'replace');
    }
    const doc = this.build(key, input, opts.isRestore === true);
    applyComputedValues(doc, this.properties.computedValues, 'insert');
    const schema = this.properties.schema;
    if (schema && schema.level !== 'none') validateAgainstSchema(schema, doc);
    this.store(key, undefined, doc, t);
    return { new: doc };
  }

  update(key: string, patch: Record<string, Json>, opts: WriteOptions & { versionAttribute?: string } = {}, tx?: TxScope): WriteResult {
    const t = this.beginWrite(tx);
    return this.modify(key, this.lockExisting(key, t), patch, opts, t, 'update');
  }

  replace(key: string, doc: Record<string, Json>, opts: WriteOptions & { versionAttribute?: string } = {}, tx?: TxScope): WriteResult {
    const t = this.beginWrite(tx);
    return this.modify(key, this.lockExisting(key, t), doc, opts, t, 'replace');
  }

  remove(key: string, opts: WriteOptions = {}, tx?: TxScope): WriteResult {
    const t = this.beginWrite(tx);
    const old = this.lockExisting(key, t);
    this.checkRev(old, opts, undefined);
    this.store(key, old, null, t);
    return { old };
  }

  /** Removes every document (in a transaction: every document it sees, as pending removals). */
  truncate(tx?: TxScope): void {
    const t = this.beginWrite(tx);
    if (!t) {
      for (const k of this.docs.keys()) {
        if (this.pending.has(k)) {
          throw httpError(409, 'ERROR_ARANGO_CONFLICT', `write-write conflict; conflicting key: ${k}`);
        }
      }
      this.docs.clear();
      this.changeLog?.({ type: MARKER.COLLECTION_TRUNCATE, cuid: this.globallyUniqueId });
      this.indexSet.clear();
      this.revision = newRevision();
      this.writeCount++;
      return;
    }
    for (const d of this.all(t)) {
      this.lockForWrite(d._key, t);
      this.store(d._key, d, null, t);
    }
  }

  private lockExisting(key: string, t: TxHooks | undefined): Doc {
    if (typeof key !== 'string' || !isValidKey(key)) {
      // An illegal key can name no document.
      throw httpError(404, 'ERROR_ARANGO_DOCUMENT_NOT_FOUND');
    }
    const old = this.lockForWrite(key, t);
    if (!old) throw httpError(404, 'ERROR_ARANGO_DOCUMENT_NOT_FOUND');
    return old;
  }

  /** Throws 412 / 1200 with the current `_id`, `_key`, `_rev` and etag when a precondition fails. */
  private checkRev(old: Doc, opts: WriteOptions, input: Record<string, Json> | undefined): void {
    let expected = opts.expectedRev;
    if (expected === undefined && opts.ignoreRevs === false && input && typeof input['_rev'] === 'string') {
      expected = input['_rev'];
    }
    if (expected !== undefined && expected !== old._rev) {
      throw preconditionFailed(old);
    }
  }

  private modify(
    key: string,
    old: Doc,
    input: Record<string, Json>,
    opts: WriteOptions & { versionAttribute?: string },
    t: TxHooks | undefined,
    kind: 'update' | 'replace',
  ): WriteResult {
    if (input === null || typeof input !== 'object' || Array.isArray(input)) {
      throw httpError(400, 'ERROR_ARANGO_DOCUMENT_TYPE_INVALID');
    }
    this.checkRev(old, opts, input);
    if (opts.versionAttribute !== undefined && !newerVersion(old[opts.versionAttribute], input[opts.versionAttribute])) {
      // External versioning: an older or equal version is silently not written (ArangoDB's
      // documented behaviour; the result reports the stored document).
      return { old, new: old };
    }
    let doc: Doc;
    if (kind === 'replace') {
      doc = this.build(key, input, opts.isRestore === true);
    } else {
      const merged = mergePatch(old, input, opts.keepNull !== false, opts.mergeObjects !== false);
      doc = this.build(key, merged, opts.isRestore === true && typeof input['_rev'] === 'string');
    }
    if (this.cluster && !isKeySharded(this.properties.shardKeys)) {
      for (const sk of this.properties.shardKeys) {
        if (JSON.stringify(old[sk] ?? null) !== JSON.stringify(doc[sk] ?? null)) {
          throw httpError(400, 'ERROR_CLUSTER_MUST_NOT_CHANGE_SHARDING_ATTRIBUTES');
        }
      }
    }
    applyComputedValues(doc, this.properties.computedValues, kind);
    const schema = this.properties.schema;
    if (schema && (schema.level === 'strict' || (schema.level === 'moderate' && conforms(schema, old)))) {
      validateAgainstSchema(schema, doc);
    }
    this.store(key, old, doc, t);
    return { old, new: doc };
  }

  /** A new stored document: system attributes first, in ArangoDB's order, then the rest. */
  private build(key: string, input: Record<string, Json>, keepRev: boolean): Doc {
    const rev = keepRev && typeof input['_rev'] === 'string' && input['_rev'] !== '' ? input['_rev'] : newRevision();
    const doc = { _key: key, _id: `${this.name}/${key}` } as Doc;
    if (this.type === 'edge') {
      // A replace needs `_from`/`_to` in its body, as ArangoDB's newObjectForReplace checks; an
      // update's input is already merged with the stored edge.
      const from = input['_from'];
      const to = input['_to'];
      if (!isDocumentHandle(from) || !isDocumentHandle(to)) throw httpError(400, 'ERROR_ARANGO_INVALID_EDGE_ATTRIBUTE');
      doc['_from'] = from;
      doc['_to'] = to;
    }
    doc._rev = rev;
    for (const k in input) {
      if (!SYSTEM_ATTRS.has(k)) doc[k] = input[k] as Json;
    }
    return doc;
  }

  /**
   * Applies a write (`next === null` removes) after the unique checks: at once without a
   * transaction, as a pending write inside one.
   */
  private store(key: string, old: Doc | undefined, next: Doc | null, t: TxHooks | undefined): void {
    if (next) this.indexSet.checkUnique(key, next, t, this.pending);
    if (!t) {
      if (next) this.commitPut(key, old, next);
      else if (old) this.removeCommitted(key, old);
      return;
    }
    const existedBefore = old !== undefined;
    const hadPending = this.pending.get(key);
    this.pending.set(key, { tx: t, doc: next });
    if (!hadPending) t.recordWrite(this, key);
    const delta = (next ? 1 : 0) - (existedBefore ? 1 : 0);
    if (delta !== 0) t.countDelta.set(this, (t.countDelta.get(this) ?? 0) + delta);
    if (next) this.indexSet.reserve(key, next, t);
  }

  private noteCommit(key: string): void {
    commitSeq++;
    if (openSnapshots > 0) this.lastCommit.set(key, commitSeq);
    else if (this.lastCommit.size > 0) this.lastCommit.clear();
  }

  private commitPut(key: string, old: Doc | undefined, doc: Doc): void {
    this.noteCommit(key);
    if (old) this.indexSet.remove(key, old);
    this.docs.set(key, doc);
    this.indexSet.add(key, doc);
    this.revision = doc._rev;
    this.writeCount++;
    this.changeLog?.({ type: MARKER.DOCUMENT, cuid: this.globallyUniqueId, tid: currentTid(), data: doc });
  }

  private removeCommitted(key: string, old: Doc): void {
    this.noteCommit(key);
    this.docs.delete(key);
    this.indexSet.remove(key, old);
    this.revision = newRevision();
    this.writeCount++;
    this.changeLog?.({ type: MARKER.REMOVE, cuid: this.globallyUniqueId, tid: currentTid(), data: { _key: key, _rev: old._rev } });
  }

  // ---------------------------------------------------------------------------------------------
  // Transactions (called by store/transaction.ts)

  /** Makes a transaction's pending write of `key` the committed state. */
  commitPending(key: string, t: TxHooks): void {
    const p = this.pending.get(key);
    if (!p || p.tx !== t) return;
    this.pending.delete(key);
    const old = this.docs.get(key);
    if (p.doc) this.commitPut(key, old, p.doc);
    else if (old) this.removeCommitted(key, old);
  }

  /** Drops a transaction's pending write of `key`. */
  abortPending(key: string, t: TxHooks): void {
    const p = this.pending.get(key);
    if (p && p.tx === t) this.pending.delete(key);
  }

  // ---------------------------------------------------------------------------------------------
  // Indexes

  /** Creates an index, or returns the identical existing one (`created: false`). */
  ensureIndex(definition: unknown): { index: Index; created: boolean } {
    this.assertAlive();
    const out = this.indexSet.ensure(definition, this.docs);
    if (out.created) {
      if (out.index.type === 'ttl') watchTtl(this, true);
      this.changeLog?.({ type: MARKER.INDEX_CREATE, cuid: this.globallyUniqueId, data: out.index.describe(this.name) });
    }
    return out;
  }

  /** Finds an index by its numeric id or its name. */
  findIndex(idOrName: string): Index | undefined {
    return this.indexSet.find(idOrName);
  }

  dropIndex(idOrName: string): Index {
    this.assertAlive();
    const idx = this.indexSet.drop(idOrName);
    this.changeLog?.({ type: MARKER.INDEX_DROP, cuid: this.globallyUniqueId, data: { id: idx.id } });
    if (idx.type === 'ttl') watchTtl(this, false);
    return idx;
  }

  // ---------------------------------------------------------------------------------------------
  // TTL

  /** Removes committed documents whose TTL has passed (documents a transaction holds stay). */
  removeExpired(): void {
    if (!this.indexSet.ttl || this.dropped) return;
    const now = Date.now();
    for (const [k, d] of this.docs) {
      if (this.indexSet.isExpired(d, now) && !this.pending.has(k)) this.removeCommitted(k, d);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Properties

  /** Applies `PUT /properties` changes (only the documented mutable attributes). */
  updateProperties(body: Record<string, unknown>): void {
    this.assertAlive();
    updateProperties(this.properties, body);
  }

  /**
   * Renames the collection. `_id` is derived from the collection name, so every stored document
   * (and every pending version) is rebuilt with its new `_id`; renames are rare, O(n) is fine.
   */
  rename(newName: string): void {
    this.name = newName;
    this.writeCount++;
    const withId = (d: Doc): Doc => ({ ...d, _id: `${newName}/${d._key}` });
    for (const [k, d] of this.docs) this.docs.set(k, withId(d));
    for (const p of this.pending.values()) if (p.doc) p.doc = withId(p.doc);
  }

  /** The collection as a collection-create marker describes it. */
  walDescription(): Record<string, unknown> {
    return {
      id: this.id, name: this.name, type: this.type === 'edge' ? 3 : 2, isSystem: this.isSystem, globallyUniqueId: this.globallyUniqueId,
      waitForSync: this.properties.waitForSync, keyOptions: this.keyGen.report(),
    };
  }

  drop(): void {
    this.dropped = true;
    if (this.indexSet.ttl) watchTtl(this, false);
  }

  /**
   * Index (0 … numberOfShards-1) of the shard responsible for a document with these shard-key
   * values: a stable hash of the values, so the same document always maps to the same shard.
   * Throws 400 / 1468 when a shard key is missing.
   */
  responsibleShardIndex(doc: Record<string, Json>): number {
    const values: Json[] = [];
    for (const sk of this.properties.shardKeys) {
      const v = doc[sk];
      if (v === undefined) throw httpError(400, 'ERROR_CLUSTER_NOT_ALL_SHARDING_ATTRIBUTES_GIVEN');
      values.push(v);
    }
    let h = 2166136261;
    const s = JSON.stringify(values);
    for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
    return (h >>> 0) % Math.max(1, this.properties.numberOfShards);
  }
}

function isKeySharded(shardKeys: string[]): boolean {
  return shardKeys.length === 1 && shardKeys[0] === '_key';
}
