import { httpError } from '../errors.js';
import { closeSnapshot, openSnapshot, type Collection, type TxHooks } from './collection.js';
import type { Index } from './indexes.js';
import type { Database } from './database.js';
import type { TxScope } from './types.js';
import { asTransaction } from './wal.js';

/**
 * Stream transactions (`/_api/transaction/begin`, `x-arango-trx-id`).
 *
 * How other modules use them:
 * - A handler that receives `x-arango-trx-id` calls `transactionFromHeader(db, req.headers[...])`
 *   and passes the result as the `tx` argument of every `CollectionAccess` call. The returned
 *   object is the `TxScope`; reads through it see its own uncommitted writes, other readers don't.
 * - The AQL engine does the same for `POST /_api/cursor` with the header (and keeps the scope
 *   for the cursor's later batches). `getTransaction(db, id)` looks a transaction up without
 *   checking that it can still be used.
 * - Errors, as ArangoDB answers them: unknown id → 404 / 1655; aborted or expired (idle longer
 *   than the idle timeout, 60 s like `--transaction.streaming-idle-timeout`) → 410 / 1654;
 *   committed → 404 / 1655 (it no longer exists as a running transaction); writing a collection
 *   not declared `write`/`exclusive` → 400 / 1652; reading an undeclared collection with
 *   `allowImplicit: false` → 400 / 1652; committing an aborted or aborting a committed one →
 *   400 / 1653.
 * - Ids encode the coordinator that began the transaction, as ArangoDB's do:
 *   `shortId * 2^40 + 4 * counter` (decimal string, made by `req.ctx.newTransactionId()`), so any
 *   coordinator can find the owner.
 */

export type TxStatus = 'running' | 'committed' | 'aborted';

let idleTimeoutMs = 60_000;
/** Changes the idle timeout of stream transactions (ArangoDB's default: 60 s). */
export function setTransactionIdleTimeout(ms: number): void {
  idleTimeoutMs = ms;
}

/** How long a finished transaction is remembered (for status, idempotent commit/abort). */
const FINISHED_RETENTION_MS = 10 * 60_000;

let txCounter = 0;

function collectionNames(v: unknown, what: string): string[] {
  if (v === undefined || v === null) return [];
  if (typeof v === 'string') return [v];
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v as string[];
  throw httpError(400, 'ERROR_BAD_PARAMETER', `'collections.${what}' must be a string or an array of strings`);
}

export class StreamTransaction implements TxHooks {
  status: TxStatus = 'running';
  /** True when the transaction was aborted because it sat idle too long. */
  expired = false;
  lastUsed = Date.now();
  endedAt = 0;
  readonly countDelta = new Map<Collection, number>();
  readonly reservations: Array<{ index: Index; value: string }> = [];
  private readonly writes: Array<{ collection: Collection; key: string }> = [];
  private readonly exclusiveHeld: Collection[] = [];
  /** Writes fail with 409 / 1200 on documents committed by others after this (collection.ts). */
  readonly snapshot = openSnapshot();

  constructor(
    readonly id: string,
    readonly db: Database,
    readonly read: ReadonlySet<string>,
    readonly write: ReadonlySet<string>,
    readonly exclusive: ReadonlySet<string>,
    readonly allowImplicit: boolean,
    readonly waitForSync: boolean,
    readonly allowDirtyRead: boolean,
  ) {}

  /** Aborts the transaction if it has been idle too long. */
  checkExpiry(now = Date.now()): void {
    if (this.status === 'running' && now - this.lastUsed > idleTimeoutMs) {
      this.expired = true;
      this.abort();
    }
  }

  assertUsable(): void {
    this.checkExpiry();
    if (this.status === 'aborted') {
      throw httpError(
        410,
        'ERROR_TRANSACTION_ABORTED',
        this.expired ? `transaction '${this.id}' has expired` : `transaction '${this.id}' has already been aborted`,
      );
    }
    if (this.status === 'committed') {
      // A committed transaction is a tombstone that can no longer be leased: ArangoDB answers
      // "not found" (Manager::leaseManagedTrx returns nothing for tombstones).
      throw httpError(404, 'ERROR_TRANSACTION_NOT_FOUND', `transaction '${this.id}' not found`);
    }
    this.lastUsed = Date.now();
  }

  assertWritable(c: Collection): void {
    if (!this.write.has(c.name) && !this.exclusive.has(c.name)) {
      throw httpError(
        400,
        'ERROR_TRANSACTION_UNREGISTERED_COLLECTION',
        `Transaction.addCollection: collection '${c.name}' not registered for write access in transaction ${this.id}`,
      );
    }
  }

  assertReadable(c: Collection): void {
    if (this.allowImplicit || this.read.has(c.name) || this.write.has(c.name) || this.exclusive.has(c.name)) return;
    throw httpError(
      400,
      'ERROR_TRANSACTION_UNREGISTERED_COLLECTION',
      `unregistered collection used in transaction: '${c.name}' (allowImplicit is false)`,
    );
  }

  recordWrite(collection: Collection, key: string): void {
    this.writes.push({ collection, key });
  }

  holdExclusive(c: Collection): void {
    c.exclusiveHolder = this;
    this.exclusiveHeld.push(c);
  }

  commit(): void {
    if (this.status !== 'running') return;
    const apply = (): void => {
      for (const { collection, key } of this.writes) {
        if (!collection.dropped) collection.commitPending(key, this);
      }
    };
    if (this.writes.length > 0) asTransaction(this.db.changeLog, this.id, apply);
    this.finish('committed');
  }

  abort(): void {
    if (this.status !== 'running') return;
    for (const { collection, key } of this.writes) collection.abortPending(key, this);
    this.finish('aborted');
  }

  private finish(status: TxStatus): void {
    closeSnapshot();
    this.status = status;
    this.endedAt = Date.now();
    for (const { index, value } of this.reservations) {
      if (index.reserved?.get(value)?.txId === this.id) index.reserved.delete(value);
    }
    this.reservations.length = 0;
    for (const c of this.exclusiveHeld) if (c.exclusiveHolder === this) c.exclusiveHolder = null;
    this.exclusiveHeld.length = 0;
    this.writes.length = 0;
    this.countDelta.clear();
  }
}

/** Every database with transactions, for the idle sweep. */
const activeDatabases = new Set<Database>();
let sweepTimer: NodeJS.Timeout | null = null;

function sweep(): void {
  const now = Date.now();
  for (const db of activeDatabases) {
    let running = 0;
    for (const [id, tx] of db.transactions) {
      tx.checkExpiry(now);
      if (tx.status === 'running') running++;
      else if (now - tx.endedAt > FINISHED_RETENTION_MS) db.transactions.delete(id);
    }
    if (running === 0 && db.transactions.size === 0) activeDatabases.delete(db);
  }
  if (activeDatabases.size === 0 && sweepTimer) {
    clearInterval(sweepTimer);
    sweepTimer = null;
  }
}

function track(db: Database): void {
  activeDatabases.add(db);
  if (!sweepTimer) {
    sweepTimer = setInterval(sweep, 1000);
    // The sweep must never keep a test run or the CLI alive.
    sweepTimer.unref();
  }
}

export interface BeginOptions {
  /**
   * The new transaction's id, made by the coordinator that begins it (`req.ctx.newTransactionId()`:
   * `shortId * 2^40 + 4 * counter`). Defaults to a local counter with short id 0.
   */
  id?: string;
  allowDirtyRead?: boolean;
}

/**
 * Begins a stream transaction from a `POST /_api/transaction/begin` body. Waits (asynchronously,
 * up to `lockTimeout` seconds, ArangoDB's default 900) while another transaction holds an
 * exclusive lock this one conflicts with; a timeout answers 500 / ERROR_LOCK_TIMEOUT (18).
 */
export async function beginTransaction(db: Database, body: unknown, options: BeginOptions = {}): Promise<StreamTransaction> {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw httpError(400, 'ERROR_BAD_PARAMETER', 'expecting object input data');
  }
  const b = body as Record<string, unknown>;
  const cols = b['collections'];
  if (cols === null || typeof cols !== 'object' || Array.isArray(cols)) {
    throw httpError(400, 'ERROR_BAD_PARAMETER', "missing or invalid 'collections' attribute");
  }
  const c = cols as Record<string, unknown>;
  const read = collectionNames(c['read'], 'read');
  const write = collectionNames(c['write'], 'write');
  const exclusive = collectionNames(c['exclusive'], 'exclusive');
  for (const flag of ['allowImplicit', 'waitForSync'] as const) {
    if (b[flag] !== undefined && typeof b[flag] !== 'boolean') {
      throw httpError(400, 'ERROR_BAD_PARAMETER', `'${flag}' must be a boolean`);
    }
  }
  const lockTimeout = b['lockTimeout'];
  if (lockTimeout !== undefined && (typeof lockTimeout !== 'number' || lockTimeout < 0)) {
    throw httpError(400, 'ERROR_BAD_PARAMETER', "'lockTimeout' must be a non-negative number");
  }
  // Every named collection must exist (404 / 1203 otherwise), as ArangoDB checks at begin.
  const resolved = new Map<string, Collection>();
  for (const name of [...read, ...write, ...exclusive]) resolved.set(name, db.getCollection(name));
  const canonical = (names: string[]): Set<string> => new Set(names.map((n) => (resolved.get(n) as Collection).name));

  const id = options.id ?? String(4 * ++txCounter);
  if (db.transactions.has(id)) throw httpError(500, 'ERROR_INTERNAL', `duplicate transaction id ${id}`);
  const tx = new StreamTransaction(
    id,
    db,
    canonical(read),
    canonical(write),
    canonical(exclusive),
    (b['allowImplicit'] as boolean | undefined) ?? true,
    (b['waitForSync'] as boolean | undefined) ?? false,
    options.allowDirtyRead ?? false,
  );

  const wantExclusive = [...tx.exclusive].map((n) => db.getCollection(n));
  const wantWrite = [...tx.write].map((n) => db.getCollection(n));
  const deadline = Date.now() + (typeof lockTimeout === 'number' && lockTimeout > 0 ? lockTimeout : 900) * 1000;
  const blocked = (): Collection | undefined => {
    for (const col of wantExclusive) {
      if (col.exclusiveHolder && col.exclusiveHolder !== tx) return col;
      for (const other of db.transactions.values()) {
        if (other.status === 'running' && (other.write.has(col.name) || other.exclusive.has(col.name))) return col;
      }
    }
    for (const col of wantWrite) if (col.exclusiveHolder && col.exclusiveHolder !== tx) return col;
    return undefined;
  };
  for (let col = blocked(); col; col = blocked()) {
    if (Date.now() >= deadline) {
      throw httpError(500, 'ERROR_LOCK_TIMEOUT', `timeout waiting to lock collection '${col.name}'`);
    }
    await new Promise((r) => setTimeout(r, 5));
  }
  for (const col of wantExclusive) tx.holdExclusive(col);
  db.transactions.set(id, tx);
  track(db);
  return tx;
}

/** The transaction with this id, whatever its status. Unknown → 404 / 1655. */
export function getTransaction(db: Database, id: string): StreamTransaction {
  const tx = db.transactions.get(id);
  if (!tx) throw httpError(404, 'ERROR_TRANSACTION_NOT_FOUND', `transaction '${id}' not found`);
  tx.checkExpiry();
  return tx;
}

/**
 * The scope named by an `x-arango-trx-id` header, checked to be usable; undefined without the
 * header.
 */
export function transactionFromHeader(db: Database, header: string | string[] | undefined): TxScope | undefined {
  const id = Array.isArray(header) ? header[0] : header;
  if (id === undefined || id === '') return undefined;
  const tx = getTransaction(db, id.trim());
  tx.assertUsable();
  return tx;
}

export function commitTransaction(db: Database, id: string): StreamTransaction {
  const tx = getTransaction(db, id);
  if (tx.status === 'aborted') {
    throw httpError(400, 'ERROR_TRANSACTION_DISALLOWED_OPERATION', 'transaction was already aborted');
  }
  tx.commit();
  return tx;
}

/**
 * Aborts a transaction. An unknown id answers 404 once and is then remembered as aborted, so a
 * repeated abort answers 200 (documented 3.12 behaviour).
 */
export function abortTransaction(db: Database, id: string): StreamTransaction {
  const tx = db.transactions.get(id);
  if (!tx) {
    const tomb = new StreamTransaction(id, db, new Set(), new Set(), new Set(), true, false, false);
    tomb.abort();
    db.transactions.set(id, tomb);
    track(db);
    throw httpError(404, 'ERROR_TRANSACTION_NOT_FOUND', `transaction '${id}' not found`);
  }
  tx.checkExpiry();
  if (tx.status === 'committed') {
    throw httpError(400, 'ERROR_TRANSACTION_DISALLOWED_OPERATION', 'transaction was already committed');
  }
  tx.abort();
  return tx;
}

/** Running transactions of a database, for `GET /_api/transaction` (cluster-wide: state is shared). */
export function listTransactions(db: Database): Array<{ id: string; state: TxStatus }> {
  const out: Array<{ id: string; state: TxStatus }> = [];
  for (const tx of db.transactions.values()) {
    tx.checkExpiry();
    if (tx.status === 'running') out.push({ id: tx.id, state: tx.status });
  }
  return out;
}

/** Aborts every running transaction of a database (used when it is dropped). */
export function abortAll(db: Database): void {
  for (const tx of db.transactions.values()) tx.abort();
}
