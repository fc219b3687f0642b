/**
 * Stream transactions (openapi_3.12_transactions_stream-transactions.txt). A transaction is
 * owned by the coordinator that began it: every request of a TransactionDatabase carries
 * `x-arango-trx-id` and is pinned to that coordinator, so round-robin never sends it elsewhere.
 * The TransactionDatabase class itself lives in database.ts (it extends Database, and keeping the
 * subclass next to its base avoids an import cycle at module evaluation).
 */
import { expectField, unexpected } from '../shape.js';
import type { Connection } from '../connection.js';
import { describeHandle, inspectable, type HandleDescription } from '../describe.js';
import { ArangoClientError } from '../errors.js';
import { path } from '../transport/path.js';
import type { ArangoResponse, CallOptions, RequestSpec } from '../transport/request.js';
import { callOptions, isObject, result, resultObject } from '../collection/request-util.js';

/**
 * A stream transaction's state: `running` until committed or aborted (by the client, or by the
 * server after its idle timeout).
 */
export type TransactionStatus = 'running' | 'committed' | 'aborted';

/** What `/_api/transaction/{id}` (status, commit, abort) answers: the transaction's id and state. */
export interface TransactionInfo {
  id: string;
  status: TransactionStatus;
}

/** `GET /_api/transaction` lists running transactions of all coordinators, with `state`. */
export interface TransactionListEntry {
  id: string;
  state: TransactionStatus;
}

/** A collection given by name or as an object with a `name` (a Collection). */
export type CollectionRef = string | { readonly name: string };

/**
 * The collections a transaction declares: `read` (read locks), `write` (shared write locks) and
 * `exclusive` (exclusive locks); each a name, a collection object or an array of them.
 */
export interface TransactionCollections {
  read?: CollectionRef | readonly CollectionRef[];
  write?: CollectionRef | readonly CollectionRef[];
  exclusive?: CollectionRef | readonly CollectionRef[];
}

export interface BeginTransactionOptions extends TransactionCollections, CallOptions {
  waitForSync?: boolean;
  /** Allow reading from collections not declared (server default true). */
  allowImplicit?: boolean;
  /** Seconds to wait for collection locks (server default 900). */
  lockTimeout?: number;
  maxTransactionSize?: number;
  skipFastLockRound?: boolean;
  /** `x-arango-allow-dirty-read` for the whole transaction. */
  allowDirtyRead?: boolean;
}

export interface ExecuteTransactionOptions extends TransactionCollections, CallOptions {
  /** Passed to `action` as its argument. */
  params?: unknown;
  waitForSync?: boolean;
  allowImplicit?: boolean;
  lockTimeout?: number;
  maxTransactionSize?: number;
}

function refName(ref: CollectionRef, role: string): string {
  const name = typeof ref === 'string' ? ref : isObject(ref) && typeof ref.name === 'string' ? ref.name : undefined;
  if (name === undefined || name === '') throw new ArangoClientError(`transaction ${role} collection must be a name or a collection, got ${JSON.stringify(ref)}`);
  return name;
}

/** `{ read, write, exclusive }` as names, leaving out unset roles. */
export function transactionCollections(c: TransactionCollections): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const role of ['read', 'write', 'exclusive'] as const) {
    const v = c[role];
    if (v === undefined) continue;
    const list: readonly CollectionRef[] = Array.isArray(v) ? (v as readonly CollectionRef[]) : [v as CollectionRef];
    out[role] = list.map((r) => refName(r, role));
  }
  return out;
}

export function beginTransactionRequest(opts: BeginTransactionOptions): RequestSpec {
  const body: Record<string, unknown> = { collections: transactionCollections(opts) };
  for (const k of ['waitForSync', 'allowImplicit', 'lockTimeout', 'maxTransactionSize', 'skipFastLockRound'] as const) {
    if (opts[k] !== undefined) body[k] = opts[k];
  }
  return {
    operation: 'transaction.begin',
    ...callOptions(opts),
    method: 'POST',
    path: '/_api/transaction/begin',
    body,
    ...(opts.allowDirtyRead === true ? { headers: { 'x-arango-allow-dirty-read': 'true' } } : {}),
  };
}

/** Begins a stream transaction; `open` makes the handle from the id and the coordinator that answered. */
export function beginTransaction<D>(connection: Connection, opts: BeginTransactionOptions, open: (id: string, hostId: string | undefined) => D): Promise<D> {
  if (!isObject(opts)) throw new ArangoClientError('beginTransaction() takes { read?, write?, exclusive?, … }');
  return connection.send(beginTransactionRequest(opts), (res) => {
    const info = resultObject<Record<string, unknown>>(res);
    if (typeof info.id !== 'string' && typeof info.id !== 'number') throw unexpected(res, 'a transaction with an "id" (begin transaction)');
    return open(String(info.id), res.hostId);
  });
}

export function listTransactions(connection: Connection, opts?: CallOptions): Promise<TransactionListEntry[]> {
  return connection.send({ operation: 'database.listTransactions', ...callOptions(opts), method: 'GET', path: '/_api/transaction' }, (res) => {
    return expectField<TransactionListEntry[]>(res, 'transactions', 'array');
  });
}

/** Runs `fn` in a begun transaction: commit when it resolves, abort (and rethrow) when it or the commit fails. */
export async function runInTransaction<T extends { commit(): Promise<unknown>; abort(): Promise<unknown> }, R>(trx: T, fn: (trx: T) => Promise<R>): Promise<R> {
  let out: R;
  try {
    out = await fn(trx);
  } catch (err) {
    await trx.abort().catch(() => undefined);
    throw err;
  }
  try {
    await trx.commit();
  } catch (err) {
    await trx.abort().catch(() => undefined);
    throw err;
  }
  return out;
}

/** `POST /_api/transaction`: a JavaScript transaction, run on the server. */
export function executeTransaction<R>(connection: Connection, action: string | ((params: never) => unknown), opts: ExecuteTransactionOptions): Promise<R> {
  const source = typeof action === 'function' ? String(action) : action;
  if (typeof source !== 'string' || source.trim() === '') throw new ArangoClientError('executeTransaction() needs JavaScript source or a function');
  const body: Record<string, unknown> = { collections: transactionCollections(opts), action: source };
  for (const k of ['params', 'waitForSync', 'allowImplicit', 'lockTimeout', 'maxTransactionSize'] as const) {
    if (opts[k] !== undefined) body[k] = opts[k];
  }
  return connection.send({ operation: 'database.executeTransaction', ...callOptions(opts), method: 'POST', path: '/_api/transaction', body }, result<R>);
}

export function transactionInfo(res: ArangoResponse): TransactionInfo {
  const r = isObject(res.body) ? res.body.result : undefined;
  if (!isObject(r) || typeof r.status !== 'string' || (typeof r.id !== 'string' && typeof r.id !== 'number')) {
    throw unexpected(res, 'a JSON object with a "result" carrying the transaction\'s "id" and "status"');
  }
  return { id: String(r.id), status: r.status as TransactionStatus };
}

/**
 * Adds `x-arango-trx-id` to every request and pins it to the owning coordinator. ArangoDB wants a
 * stream transaction used serially (parallel requests in one transaction fail with 409/1200 or
 * 500/28 "locked"), so the requests of one connection are sent one after another, in call order,
 * and `Promise.all` over a transaction's calls is safe.
 */
export class TransactionConnection implements Connection {
  #tail: Promise<unknown> = Promise.resolve();

  constructor(
    readonly base: Connection,
    readonly transactionId: string,
    /** Coordinator that began the transaction; undefined for `db.transaction(id)` (server forwards). */
    readonly hostId: string | undefined,
  ) {}

  get databaseName(): string {
    return this.base.databaseName;
  }

  send<T>(spec: RequestSpec, parse: (res: ArangoResponse) => T): Promise<T> {
    const pinned: RequestSpec = {
      ...spec,
      headers: { ...spec.headers, 'x-arango-trx-id': this.transactionId },
      ...(spec.hostId === undefined && this.hostId !== undefined ? { hostId: this.hostId } : {}),
    };
    const run = this.#tail.then(() => this.base.send(pinned, parse));
    // The next request waits for this one to settle, whatever its outcome.
    this.#tail = run.catch(() => undefined);
    return run;
  }

  /** Settles when every request sent so far has settled. */
  idle(): Promise<void> {
    return this.#tail.then(() => undefined);
  }

  /** Another database is outside this transaction. */
  forDatabase(name: string): Connection {
    return this.base.forDatabase(name);
  }

  hosts(): string[] {
    return this.base.hosts?.() ?? [];
  }

  toJSON(): HandleDescription {
    return describeHandle('TransactionConnection', this, { id: this.transactionId, hostId: this.hostId });
  }
}

/** The status / commit / abort requests of one transaction, sent on the plain connection, pinned. */
export function transactionControl(base: Connection, id: string, hostId: string | undefined) {
  const pin = hostId !== undefined ? { hostId } : {};
  const p = path`/_api/transaction/${id}`;
  const status = (res: ArangoResponse): TransactionStatus => transactionInfo(res).status;
  return {
    status: (opts?: CallOptions) => base.send({ operation: 'transaction.status', ...callOptions(opts), method: 'GET', path: p, ...pin }, status),
    // Commit and abort are idempotent on the server while it tracks the transaction.
    commit: (opts?: CallOptions) => base.send({ operation: 'transaction.commit', ...callOptions(opts), method: 'PUT', path: p, idempotent: true, ...pin }, status),
    abort: (opts?: CallOptions) => base.send({ operation: 'transaction.abort', ...callOptions(opts), method: 'DELETE', path: p, idempotent: true, ...pin }, status),
  };
}

inspectable(TransactionConnection);
