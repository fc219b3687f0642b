/**
 * One document per request under `/_api/document/{coll}/{key}`: get, has, insert, replace,
 * update, delete. Keys that are dot segments (`.`, `..`) cannot travel in a path and go through
 * the many-document API instead (dot-keys.ts), answering as the single call would.
 */
import { errors } from '../error-codes.js';
import { isDotSegment } from '../names.js';
import { unexpected } from '../shape.js';
import { path } from '../transport/path.js';
import type { ArangoResponse, HttpMethod } from '../transport/request.js';
import { dotKeyGet, dotKeyHas, dotKeyWrite } from './dot-keys.js';
import {
  selectorKey,
  selectorRev,
  type DeleteOptions,
  type Document,
  type DocumentData,
  type DocumentSelector,
  type HasOptions,
  type InsertOptions,
  type Patch,
  type ReadOptions,
  type ReplaceOptions,
  type UpdateOptions,
  type WriteResult,
} from './documents.js';
import { assertDocument, callOptions, errorNumOf, isObject, serverError, withCallOptions } from './request-util.js';
import { databaseUrl, type CollectionTarget } from './target.js';
import { deleteQuery, insertQuery, replaceQuery, updateQuery } from './write-query.js';

/** Shared by every call that sends no precondition header (read-only: the transport copies). */
const GET_GRACEFUL: readonly number[] = Object.freeze([304, 404]);
const GET_STRICT: readonly number[] = Object.freeze([304]);

export function get<T extends object>(c: CollectionTarget, selector: DocumentSelector, opts: ReadOptions | undefined): Promise<Document<T> | null> {
  const key = selectorKey(selector, c.name);
  const graceful = opts?.graceful !== false;
  if (isDotSegment(key)) {
    const call = dotKeyGet<Document<T>>(c.name, key, expectedRev(selector, opts), { graceful, ifNoneMatch: opts?.ifNoneMatch, allowDirtyRead: opts?.allowDirtyRead }, (p) => databaseUrl(c, p));
    return c.connection.send(withCallOptions({ ...call.spec, operation: 'collection.get' }, opts), call.parse);
  }
  const p = path`/_api/document/${c.name}/${key}`;
  return c.connection.send(
    withCallOptions({ operation: 'collection.get', method: 'GET', path: p, headers: readHeaders(selector, opts), allowStatus: graceful ? GET_GRACEFUL : GET_STRICT }, opts),
    (res) => (res.status === 304 || missing(c, res, 'GET', p) ? null : documentBody<T>(res)),
  );
}

export function has(c: CollectionTarget, selector: DocumentSelector, opts: HasOptions | undefined): Promise<boolean> {
  const key = selectorKey(selector, c.name);
  if (isDotSegment(key)) {
    const call = dotKeyHas(c.name, key, expectedRev(selector, opts), opts?.allowDirtyRead === true, (p) => databaseUrl(c, p));
    return c.connection.send(withCallOptions({ ...call.spec, operation: 'collection.has' }, opts), call.parse);
  }
  return c.connection.send(
    { operation: 'collection.has',
      ...callOptions(opts),
      method: 'HEAD',
      path: path`/_api/document/${c.name}/${key}`,
      headers: readHeaders(selector, opts),
      allowStatus: [304, 404],
    },
    (res) => {
      if (res.status === 404) return false;
      // HEAD has no body to check; ArangoDB always sends the document's revision as the ETag.
      if (res.headers.etag === undefined) throw unexpected(res, 'an ETag header with the revision (HEAD of a document)');
      return true;
    },
  );
}

export function insert<T extends object>(c: CollectionTarget, document: DocumentData<T>, opts: InsertOptions | undefined): Promise<WriteResult<T>> {
  assertDocument(document, 'insert');
  return c.connection.send(
    withCallOptions({ operation: 'collection.insert', method: 'POST', path: path`/_api/document/${c.name}`, query: insertQuery(opts), body: document }, opts),
    opts?.silent === true ? silentResult<T> : writeResult<T>,
  );
}

export function replace<T extends object>(c: CollectionTarget, selector: DocumentSelector, document: DocumentData<T>, opts: ReplaceOptions | undefined): Promise<WriteResult<T>> {
  assertDocument(document, 'replace');
  return writeOne<T>(c, 'PUT', selector, document, replaceQuery(opts), opts, 'collection.replace');
}

export function update<T extends object>(c: CollectionTarget, selector: DocumentSelector, patch: Patch<T>, opts: UpdateOptions | undefined): Promise<WriteResult<T>> {
  assertDocument(patch, 'update');
  return writeOne<T>(c, 'PATCH', selector, patch, updateQuery(opts), opts, 'collection.update');
}

export function remove<T extends object>(c: CollectionTarget, selector: DocumentSelector, opts: DeleteOptions | undefined): Promise<WriteResult<T> | null> {
  const key = selectorKey(selector, c.name);
  if (isDotSegment(key)) {
    const call = dotKeyWrite<WriteResult<T>>('DELETE', c.name, key, expectedRev(selector, opts), undefined, deleteQuery(opts), { silent: opts?.silent, ignoreMissing: opts?.ignoreMissing }, (p) => databaseUrl(c, p));
    return c.connection.send(withCallOptions({ ...call.spec, operation: 'collection.delete' }, opts), call.parse);
  }
  const p = path`/_api/document/${c.name}/${key}`;
  return c.connection.send(
    { operation: 'collection.delete',
      ...callOptions(opts),
      method: 'DELETE',
      path: p,
      query: deleteQuery(opts),
      headers: ifMatch(selector, opts),
      ...(opts?.ignoreMissing === true ? { allowStatus: [404] } : {}),
    },
    (res) => (missing(c, res, 'DELETE', p) ? null : opts?.silent === true ? silentResult<T>(res) : writeResult<T>(res)),
  );
}

function writeOne<T extends object>(
  c: CollectionTarget,
  method: HttpMethod,
  selector: DocumentSelector,
  body: object,
  query: Record<string, string | boolean | undefined>,
  opts: ReplaceOptions | undefined,
  operation: string,
): Promise<WriteResult<T>> {
  const key = selectorKey(selector, c.name);
  if (isDotSegment(key)) {
    const call = dotKeyWrite<WriteResult<T>>(method as 'PUT' | 'PATCH', c.name, key, expectedRev(selector, opts), body, query, { silent: opts?.silent }, (p) => databaseUrl(c, p));
    return c.connection.send(withCallOptions({ ...call.spec, operation }, opts), call.parse as (res: ArangoResponse) => WriteResult<T>);
  }
  return c.connection.send(
    { operation, ...callOptions(opts), method, path: path`/_api/document/${c.name}/${key}`, query, headers: ifMatch(selector, opts), body },
    opts?.silent === true ? silentResult<T> : writeResult<T>,
  );
}

/**
 * Whether an allowed 404 means "no such document" (resolved as null). A 404 for anything else —
 * the collection or the database is gone — is still an error.
 */
function missing(c: CollectionTarget, res: ArangoResponse, method: string, p: string): boolean {
  if (res.status !== 404) return false;
  if (errorNumOf(res) === errors.ERROR_ARANGO_DOCUMENT_NOT_FOUND) return true;
  throw serverError(res, method, databaseUrl(c, p));
}

function expectedRev(selector: DocumentSelector, opts: { rev?: string; checkRev?: boolean } | undefined): string | undefined {
  if (opts?.checkRev === false) return undefined;
  return opts?.rev ?? selectorRev(selector);
}

function quoteEtag(rev: string): string {
  return rev.startsWith('"') ? rev : `"${rev}"`;
}

/**
 * A write's answer: an object with `_key`. Two `typeof` checks on the hot path; an HTML page or
 * foreign JSON fails instead of passing as a write result.
 */
function writeResult<T extends object>(res: ArangoResponse): WriteResult<T> {
  const b = res.body as { _key?: unknown } | null;
  if (typeof b !== 'object' || b === null || typeof b._key !== 'string') {
    throw unexpected(res, 'a write result: a JSON object with "_key", "_id" and "_rev"');
  }
  return b as WriteResult<T>;
}

/** With `silent: true` the server answers `{}`. */
function silentResult<T extends object>(res: ArangoResponse): WriteResult<T> {
  const b = res.body;
  if (!isObject(b)) throw unexpected(res, 'a JSON object (a silent write)');
  return b as unknown as WriteResult<T>;
}

/** A document as the document API answers it. */
function documentBody<T extends object>(res: ArangoResponse): Document<T> {
  const b = res.body as { _key?: unknown } | null;
  if (typeof b !== 'object' || b === null || typeof b._key !== 'string') throw unexpected(res, 'a document: a JSON object with "_key", "_id" and "_rev"');
  return b as Document<T>;
}

const NO_HEADERS: Readonly<Record<string, string>> = Object.freeze({});

function ifMatch(selector: DocumentSelector, opts: { rev?: string; checkRev?: boolean } | undefined): Readonly<Record<string, string>> {
  const rev = expectedRev(selector, opts);
  return rev === undefined ? NO_HEADERS : { 'if-match': quoteEtag(rev) };
}

function readHeaders(selector: DocumentSelector, opts: (ReadOptions | HasOptions) | undefined): Readonly<Record<string, string>> {
  const rev = expectedRev(selector, opts);
  const none = opts !== undefined && 'ifNoneMatch' in opts ? opts.ifNoneMatch : undefined;
  const dirty = opts?.allowDirtyRead === true;
  if (rev === undefined && none === undefined && !dirty) return NO_HEADERS;
  const out: Record<string, string> = {};
  if (rev !== undefined) out['if-match'] = quoteEtag(rev);
  if (none !== undefined) out['if-none-match'] = quoteEtag(none);
  if (dirty) out['x-arango-allow-dirty-read'] = 'true';
  return out;
}
