/**
 * Single-document calls on a key that is a dot segment. `.` and `..` are valid document keys, but
 * `/_api/document/{coll}/..` is a path a proxy or a URL normaliser rewrites into another route, so
 * these calls go through the many-document API, which carries the key in the body:
 * get/has → `PUT /_api/document/{coll}?onlyget=true`, replace → `PUT`, update → `PATCH`,
 * delete → `DELETE /_api/document/{coll}`, each with a one-item array. The answer is turned back
 * into what the single-document call answers: the document or write result, `null` where the
 * single call resolves `null`, and the same ArangoServerError (status, errorNum) otherwise.
 */
import { errors } from '../error-codes.js';
import type { ArangoServerError } from '../errors.js';
import { path } from '../transport/path.js';
import type { ArangoResponse, HttpMethod, RequestSpec } from '../transport/request.js';
import { expectArray, unexpected } from '../shape.js';
import { isErrorItem, itemError, isObject } from './request-util.js';

export { isDotSegment } from '../names.js';

type Query = NonNullable<RequestSpec['query']>;

/** The body item that names the document: the bare key, or `{ _key, _rev }` when a revision is expected. */
function selectorItem(key: string, rev: string | undefined): string | { _key: string; _rev: string } {
  return rev === undefined ? key : { _key: key, _rev: rev };
}

/** A revision precondition on the many API is `_rev` in the body with `ignoreRevs=false`. */
function withRevCheck(query: Query, rev: string | undefined): Query {
  return rev === undefined ? query : { ...query, ignoreRevs: false };
}

/**
 * The one item of the answer, or its error as the single-document call reports it (a revision
 * mismatch is 412 there, as with `If-Match`).
 */
function oneItem(res: ArangoResponse, method: string, url: string, rev: string | undefined): { item: unknown; error?: ArangoServerError } {
  const list = expectArray(res, 'a JSON array with one item (many-document API)');
  if (list.length !== 1) throw unexpected(res, 'a JSON array with one item (many-document API)');
  const item = list[0];
  if (isErrorItem(item)) {
    const conflict = rev !== undefined && item.errorNum === errors.ERROR_ARANGO_CONFLICT;
    return { item, error: itemError(conflict ? { ...item, code: 412 } : item, { method, url }, res) };
  }
  return { item };
}

export interface DotKeyCall<R> {
  spec: RequestSpec;
  parse: (res: ArangoResponse) => R;
}

/** `get()` of a dot-segment key. `ifNoneMatch` is checked against the answer's `_rev` (no 304 here). */
export function dotKeyGet<D>(
  collection: string,
  key: string,
  rev: string | undefined,
  opts: { graceful: boolean; ifNoneMatch?: string | undefined; allowDirtyRead?: boolean | undefined },
  url: (p: string) => string,
): DotKeyCall<D | null> {
  const p = path`/_api/document/${collection}`;
  return {
    spec: {
      method: 'PUT',
      path: p,
      query: withRevCheck({ onlyget: true }, rev),
      ...(opts.allowDirtyRead === true ? { headers: { 'x-arango-allow-dirty-read': 'true' } } : {}),
      body: [selectorItem(key, rev)],
      idempotent: true,
    },
    parse: (res) => {
      const { item, error } = oneItem(res, 'PUT', url(p), rev);
      if (error !== undefined) {
        if (opts.graceful && error.errorNum === errors.ERROR_ARANGO_DOCUMENT_NOT_FOUND) return null;
        throw error;
      }
      if (!isObject(item) || typeof item._key !== 'string') throw unexpected(res, 'a document with a "_key" (many-document API)');
      const none = opts.ifNoneMatch;
      if (none !== undefined && `"${String(item._rev)}"` === (none.startsWith('"') ? none : `"${none}"`)) return null;
      return item as D;
    },
  };
}

/** `has()` of a dot-segment key. */
export function dotKeyHas(collection: string, key: string, rev: string | undefined, allowDirtyRead: boolean, url: (p: string) => string): DotKeyCall<boolean> {
  const get = dotKeyGet<unknown>(collection, key, rev, { graceful: true, allowDirtyRead }, url);
  return { spec: get.spec, parse: (res) => get.parse(res) !== null };
}

/** `replace()` (PUT), `update()` (PATCH) or `delete()` (DELETE) of a dot-segment key. */
export function dotKeyWrite<R>(
  method: Extract<HttpMethod, 'PUT' | 'PATCH' | 'DELETE'>,
  collection: string,
  key: string,
  rev: string | undefined,
  body: object | undefined,
  query: Query,
  opts: { silent?: boolean | undefined; ignoreMissing?: boolean | undefined },
  url: (p: string) => string,
): DotKeyCall<R | null> {
  const p = path`/_api/document/${collection}`;
  const item = body === undefined ? selectorItem(key, rev) : { ...body, _key: key, ...(rev === undefined ? {} : { _rev: rev }) };
  return {
    spec: { method, path: p, query: withRevCheck(query, rev), body: [item] },
    parse: (res) => {
      // `silent`: the many API answers an empty array when nothing failed; the single one `{}`.
      if (opts.silent === true && (isObject(res.body) || (Array.isArray(res.body) && res.body.length === 0))) return {} as R;
      const { item: result, error } = oneItem(res, method, url(p), rev);
      if (error !== undefined) {
        if (opts.ignoreMissing === true && error.errorNum === errors.ERROR_ARANGO_DOCUMENT_NOT_FOUND) return null;
        throw error;
      }
      if (!isObject(result) || typeof result._key !== 'string') throw unexpected(res, 'a write result with a "_key" (many-document API)');
      return result as R;
    },
  };
}
