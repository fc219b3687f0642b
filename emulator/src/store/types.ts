/**
 * The contract between the document store and its users (HTTP handlers, the AQL engine, stream
 * transactions). Implemented in store/collection.ts and store/database.ts.
 */

import type { Index } from './indexes.js';
import type { IndexLookup } from './sorted-index.js';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** A stored document: system attributes always present. Edges also carry `_from` and `_to`. */
export interface Doc {
  _key: string;
  _id: string;
  _rev: string;
  [attr: string]: Json;
}

export type CollectionType = 'document' | 'edge';

/** Options shared by write operations, named as ArangoDB's query parameters / AQL OPTIONS. */
export interface WriteOptions {
  waitForSync?: boolean;
  /** Ignore `_rev` in the input (true, the default) or require it to match (false → 412/1200). */
  ignoreRevs?: boolean;
  /** Expected revision (`If-Match` / `rev`); mismatch → 412 / ERROR_ARANGO_CONFLICT (1200). */
  expectedRev?: string;
  keepNull?: boolean;
  mergeObjects?: boolean;
  overwriteMode?: 'ignore' | 'replace' | 'update' | 'conflict';
  /** Keep a user-given `_rev` instead of making a new one (replication, `isRestore`). */
  isRestore?: boolean;
}

export interface WriteResult {
  /** The document after the write; undefined for a remove, or an insert skipped by overwriteMode 'ignore'. */
  new?: Doc;
  /** The document before the write (update/replace/remove, or an overwriting insert). */
  old?: Doc;
}

/**
 * A transaction scope. Reads through it see its own uncommitted writes; others don't. Writes
 * without one are applied at once. Implemented by store/transaction.ts.
 */
export interface TxScope {
  readonly id: string;
}

/**
 * What the AQL engine and the handlers use to read and write one collection. Every method
 * throws ArangoHttpError with ArangoDB's status and errorNum on failure (404/1202 not found,
 * 409/1210 unique constraint, 412/1200 revision mismatch, 400/1221 illegal key, 409/1200
 * write-write conflict with another transaction, 400/1233 bad edge `_from`/`_to`, …).
 */
export interface CollectionAccess {
  readonly name: string;
  readonly type: CollectionType;
  /** Every document (snapshot, safe to iterate while writing). */
  all(tx?: TxScope): Iterable<Doc>;
  count(tx?: TxScope): number;
  get(key: string, tx?: TxScope): Doc | undefined;
  insert(doc: Record<string, Json>, opts?: WriteOptions, tx?: TxScope): WriteResult;
  update(key: string, patch: Record<string, Json>, opts?: WriteOptions, tx?: TxScope): WriteResult;
  replace(key: string, doc: Record<string, Json>, opts?: WriteOptions, tx?: TxScope): WriteResult;
  remove(key: string, opts?: WriteOptions, tx?: TxScope): WriteResult;
  truncate(tx?: TxScope): void;
  /** Every index, primary first (AQL picks among them, as the use-indexes rule does). */
  readonly indexes?: readonly Index[];
  /** The documents a persistent index lookup selects, in index order (Collection.indexScan). */
  indexScan?(index: Index, lookup: IndexLookup, tx?: TxScope): Doc[];
}

/** What the AQL engine needs from a database. */
export interface DatabaseAccess {
  readonly name: string;
  /** Throws 404 / ERROR_ARANGO_DATA_SOURCE_NOT_FOUND (1203) when missing. */
  collection(name: string): CollectionAccess;
  hasCollection(name: string): boolean;
}
