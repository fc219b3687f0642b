/**
 * Document typing (arangojs' `Collection<T>` idea): what a stored document looks like, what one
 * sends, how a document is selected, and the option/result shapes of the document API
 * (openapi_3.12_documents.txt).
 */
import { ArangoClientError } from '../errors.js';
import type { ArangoServerError } from '../errors.js';
import type { CallOptions } from '../transport/request.js';

/** The system attributes of every stored document. */
export interface DocumentMetadata {
  /** The key, unique in the collection. */
  _key: string;
  /** `collection/key`, unique in the database. */
  _id: string;
  /** The revision; changes with every write. */
  _rev: string;
}

/** The system attributes of an edge: the `_id`s of the vertices it goes from and to. */
export interface EdgeMetadata {
  _from: string;
  _to: string;
}

/** A stored document: your fields plus `_key`, `_id`, `_rev`. */
export type Document<T extends object = Record<string, unknown>> = T & DocumentMetadata;
/** A stored edge: your fields plus the metadata and `_from`/`_to`. */
export type EdgeDocument<T extends object = Record<string, unknown>> = T & DocumentMetadata & EdgeMetadata;
/** What you insert or replace with: your fields, optionally with `_key` (and ignored `_id`/`_rev`). */
export type DocumentData<T extends object = Record<string, unknown>> = T & Partial<DocumentMetadata>;
/**
 * An update (PATCH): any subset of your fields, nested objects included (the server merges them
 * unless `mergeObjects: false`); `null` sets a value to null, or removes it with `keepNull: false`.
 */
export type Patch<T extends object = Record<string, unknown>> = { [K in keyof T]?: PatchValue<T[K]> | null } & Partial<DocumentMetadata>;
type PatchValue<V> = V extends readonly unknown[] ? V : V extends object ? { [K in keyof V]?: PatchValue<V[K]> | null } : V;

/** A key, an `_id` of this collection, or an object carrying `_key` or `_id`. */
export type DocumentSelector = string | { _key: string; _id?: string; _rev?: string } | { _id: string; _key?: string; _rev?: string };

/** What a write answers per document. */
export interface DocumentMeta extends DocumentMetadata {
  _oldRev?: string;
}

export interface WriteResult<T extends object = Record<string, unknown>> extends DocumentMeta {
  new?: Document<T>;
  old?: Document<T>;
}

/** One item of a many-call answer: the result, or the server's error for that item. */
export type ManyResult<R> = R | ArangoServerError;

export interface ReadOptions extends CallOptions {
  /** Expected revision; sent as `If-Match` when `checkRev` is not false (412/1200 on mismatch). */
  rev?: string;
  /** Whether `rev` (or the selector's `_rev`) is a precondition. Default true (python-arango). */
  checkRev?: boolean;
  /** Sent as `If-None-Match`: an unchanged document answers 304, which `get` reports as `null`. */
  ifNoneMatch?: string;
  /** Let the coordinator read from a follower (`x-arango-allow-dirty-read`). */
  allowDirtyRead?: boolean;
  /** `get` resolves `null` for a missing document (404/1202) unless this is false. Default true. */
  graceful?: boolean;
}

export interface GetManyOptions extends CallOptions {
  /** When false, `_rev` in a selector object must match (per-item 1200 otherwise). */
  ignoreRevs?: boolean;
  allowDirtyRead?: boolean;
}

/** Options every document write takes. */
interface CommonWriteOptions extends CallOptions {
  /** Answer only after the write is synced to disk. */
  waitForSync?: boolean;
  /** Answer the document as stored, in `new`. */
  returnNew?: boolean;
  /** Answer the previous document, in `old`. */
  returnOld?: boolean;
  /** Answer nothing but an empty result (no `_key`/`_rev`), to save bandwidth. */
  silent?: boolean;
  /** Refill the in-memory index caches with the written document. */
  refillIndexCaches?: boolean;
  /** External versioning: write only if the new document's value of this attribute is higher than the stored one's. */
  versionAttribute?: string;
}

/**
 * What `insert` does when the `_key` exists: `ignore` keeps the stored document, `update` patches it,
 * `replace` replaces it, `conflict` (the default) fails with 409/1210.
 */
export type OverwriteMode = 'ignore' | 'update' | 'replace' | 'conflict';

/** Options of `insert`/`insertMany` (`POST /_api/document/{collection}`). */
export interface InsertOptions extends CommonWriteOptions {
  /** Legacy form of `overwriteMode: 'replace'`. */
  overwrite?: boolean;
  overwriteMode?: OverwriteMode;
  /** With `overwriteMode: 'update'`: `false` removes attributes set to `null`. */
  keepNull?: boolean;
  /** With `overwriteMode: 'update'`: merge nested objects (default `true`) instead of replacing them. */
  mergeObjects?: boolean;
}

/** Options of `replace`/`replaceMany` (`PUT /_api/document/…`). */
export interface ReplaceOptions extends CommonWriteOptions {
  /** Expected revision, sent as `If-Match` (single-document calls). */
  rev?: string;
  /** Whether `rev`/`_rev` is a precondition (default true, python-arango). */
  checkRev?: boolean;
  /** Server default true: `_rev` in the body is ignored. False makes it a precondition. */
  ignoreRevs?: boolean;
}

/** Options of `update`/`updateMany` (`PATCH /_api/document/…`). */
export interface UpdateOptions extends ReplaceOptions {
  /** `false` removes attributes the patch sets to `null` (default `true`: stores `null`). */
  keepNull?: boolean;
  /** Merge nested objects with the stored ones (default `true`) instead of replacing them. */
  mergeObjects?: boolean;
}

export interface DeleteOptions extends CallOptions {
  waitForSync?: boolean;
  returnOld?: boolean;
  silent?: boolean;
  refillIndexCaches?: boolean;
  rev?: string;
  checkRev?: boolean;
  ignoreRevs?: boolean;
  /** `delete` resolves `null` for a missing document instead of throwing 404/1202. */
  ignoreMissing?: boolean;
}

export interface HasOptions extends CallOptions {
  rev?: string;
  checkRev?: boolean;
  /** Sent as `If-None-Match`; an unchanged document answers 304, which still means it exists. */
  ifNoneMatch?: string;
  allowDirtyRead?: boolean;
}

/** A document key as a path segment, validated against this collection. */
export function selectorKey(selector: DocumentSelector, collection: string): string {
  if (typeof selector === 'string') return keyOf(selector, collection, selector);
  if (typeof selector === 'object' && selector !== null) {
    if (typeof selector._key === 'string' && selector._key !== '') {
      if (typeof selector._id === 'string') keyOf(selector._id, collection, selector._id);
      return selector._key;
    }
    if (typeof selector._id === 'string') return keyOf(selector._id, collection, selector._id);
  }
  throw new ArangoClientError(`not a document selector: expected a key, an _id or an object with _key or _id, got ${describe(selector)}`);
}

/** The `_rev` a selector object carries, if any. */
export function selectorRev(selector: DocumentSelector): string | undefined {
  return typeof selector === 'object' && selector !== null && typeof selector._rev === 'string' ? selector._rev : undefined;
}

function keyOf(value: string, collection: string, original: string): string {
  const slash = value.indexOf('/');
  if (slash === -1) {
    if (value === '') throw new ArangoClientError('document key must not be empty');
    return value;
  }
  const coll = value.slice(0, slash);
  const key = value.slice(slash + 1);
  if (coll !== collection) {
    throw new ArangoClientError(`document "${original}" does not belong to collection "${collection}"`);
  }
  if (key === '' || key.includes('/')) throw new ArangoClientError(`malformed document id "${original}"`);
  return key;
}

function describe(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
