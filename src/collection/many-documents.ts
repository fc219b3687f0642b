/**
 * Many documents in one request on `/_api/document/{coll}` (an array body): getMany, insertMany,
 * replaceMany, updateMany, deleteMany. The answer has one entry per input in order; an item the
 * server refused is kept in its place as an ArangoServerError, never thrown.
 */
import { ArangoClientError } from '../errors.js';
import { unexpected } from '../shape.js';
import { path } from '../transport/path.js';
import type { ArangoResponse, CallOptions, HttpMethod, RequestSpec } from '../transport/request.js';
import {
  selectorKey,
  selectorRev,
  type DeleteOptions,
  type Document,
  type DocumentData,
  type DocumentSelector,
  type GetManyOptions,
  type InsertOptions,
  type ManyResult,
  type Patch,
  type ReplaceOptions,
  type UpdateOptions,
  type WriteResult,
} from './documents.js';
import { assertArray, assertDocument, callOptions, headers, isErrorItem, isObject, itemError } from './request-util.js';
import { databaseUrl, type CollectionTarget } from './target.js';
import { deleteQuery, insertQuery, replaceQuery, updateQuery } from './write-query.js';

export function getMany<T extends object>(c: CollectionTarget, selectors: readonly DocumentSelector[], opts: GetManyOptions | undefined): Promise<ManyResult<Document<T>>[]> {
  const items = manySelectors(c, selectors, 'getMany');
  const p = path`/_api/document/${c.name}`;
  return c.connection.send(
    { operation: 'collection.getMany',
      ...callOptions(opts),
      method: 'PUT',
      path: p,
      query: { onlyget: true, ignoreRevs: opts?.ignoreRevs },
      headers: headers({ 'x-arango-allow-dirty-read': opts?.allowDirtyRead === true ? 'true' : undefined }),
      body: items,
      idempotent: true,
    },
    (res) => manyItems<Document<T>>(c, res, 'PUT', p, items.length, false),
  );
}

export function insertMany<T extends object>(c: CollectionTarget, documents: readonly DocumentData<T>[], opts: InsertOptions | undefined): Promise<ManyResult<WriteResult<T>>[]> {
  assertArray(documents, 'insertMany');
  // The label is only built for a bad document, not for every one (a hot path for big batches).
  documents.forEach((d, i) => {
    if (!isObject(d)) assertDocument(d, `insertMany item ${i}`);
  });
  return writeMany<T>(c, 'POST', insertQuery(opts), documents, opts, 'collection.insertMany');
}

export function replaceMany<T extends object>(
  c: CollectionTarget,
  documents: readonly (DocumentData<T> & ({ _key: string } | { _id: string }))[],
  opts: ReplaceOptions | undefined,
): Promise<ManyResult<WriteResult<T>>[]> {
  return writeMany<T>(c, 'PUT', replaceQuery(opts), manyDocuments(c, documents, 'replaceMany'), opts, 'collection.replaceMany');
}

export function updateMany<T extends object>(
  c: CollectionTarget,
  patches: readonly (Patch<T> & ({ _key: string } | { _id: string }))[],
  opts: UpdateOptions | undefined,
): Promise<ManyResult<WriteResult<T>>[]> {
  return writeMany<T>(c, 'PATCH', updateQuery(opts), manyDocuments(c, patches, 'updateMany'), opts, 'collection.updateMany');
}

export function deleteMany<T extends object>(c: CollectionTarget, selectors: readonly DocumentSelector[], opts: DeleteOptions | undefined): Promise<ManyResult<WriteResult<T>>[]> {
  return writeMany<T>(c, 'DELETE', deleteQuery(opts), manySelectors(c, selectors, 'deleteMany'), opts, 'collection.deleteMany');
}

/** One request for a many-call on `/_api/document/{coll}`; failed items come back in place. */
function writeMany<T extends object>(c: CollectionTarget, method: HttpMethod, query: NonNullable<RequestSpec['query']>, body: unknown, opts: CallOptions | undefined, operation: string): Promise<ManyResult<WriteResult<T>>[]> {
  const p = path`/_api/document/${c.name}`;
  // Without `silent`, one answer per item comes back; with it, only the failed ones.
  const silent = query.silent === true;
  const count = Array.isArray(body) && !silent ? body.length : undefined;
  return c.connection.send({ operation, ...callOptions(opts), method, path: p, query, body }, (res) => manyItems<WriteResult<T>>(c, res, method, p, count, silent));
}

/** Selectors of a many-call as the server takes them: keys, or `{ _key, _rev }` objects. */
function manySelectors(c: CollectionTarget, selectors: readonly DocumentSelector[], method: string): (string | { _key: string; _rev?: string })[] {
  assertArray(selectors, method);
  return selectors.map((s, i) => {
    let key: string;
    try {
      key = selectorKey(s, c.name);
    } catch (err) {
      throw new ArangoClientError(`${method} item ${i}: ${(err as Error).message}`);
    }
    const rev = selectorRev(s);
    return rev === undefined ? key : { _key: key, _rev: rev };
  });
}

/** Documents of a many-write: each must name its target; an `_id` becomes the `_key`. */
function manyDocuments<D extends object>(c: CollectionTarget, docs: readonly D[], method: string): D[] {
  assertArray(docs, method);
  return docs.map((d, i) => {
    assertDocument(d, `${method} item ${i}`);
    const rec = d as { _key?: unknown; _id?: unknown };
    if (typeof rec._key === 'string' && rec._key !== '') return d;
    if (typeof rec._id === 'string') {
      try {
        return { ...d, _key: selectorKey(rec._id, c.name) };
      } catch (err) {
        throw new ArangoClientError(`${method} item ${i}: ${(err as Error).message}`);
      }
    }
    throw new ArangoClientError(`${method} item ${i} has neither _key nor _id`);
  });
}

function manyItems<R>(c: CollectionTarget, res: ArangoResponse, method: string, p: string, count: number | undefined, silent: boolean): ManyResult<R>[] {
  const b = res.body;
  // `silent: true`: `{}` when everything succeeded, else an array of the errors only.
  if (!Array.isArray(b)) {
    if (silent && isObject(b) && isEmptyObject(b)) return [];
    throw unexpected(res, 'a JSON array with one result per item (many-document API)');
  }
  if (count !== undefined && b.length !== count) throw unexpected(res, `a JSON array with one result per item (${count} items sent)`);
  const req = { method, url: databaseUrl(c, p) };
  return b.map((item: unknown) => {
    if (isErrorItem(item)) return itemError(item, req, res);
    // Each success item is the document or its metadata: it names its `_key`.
    if (!isObject(item) || typeof item._key !== 'string') throw unexpected(res, 'one document result (with a "_key") or error per item (many-document API)');
    return item as R;
  });
}

function isEmptyObject(value: object): boolean {
  if (Array.isArray(value)) return false;
  for (const _ in value) return false;
  return true;
}
