/**
 * `/_api/document` (openapi_3.12_documents.txt): single and multi-document read, create, replace,
 * update, delete with every documented option; HEAD; `x-arango-trx-id`.
 */
import type { EmuRequest, EmuResponse, Router } from '../http/router.js';
import { ArangoHttpError, httpError } from '../errors.js';
import type { Collection } from '../store/collection.js';
import { preconditionFailed } from '../store/document-rules.js';
import { revisionFromEtag } from '../store/revisions.js';
import type { Doc, Json, TxScope, WriteOptions, WriteResult } from '../store/types.js';
import { flag } from '../http/params.js';
import { dbPath, header, trxOf } from './store-params.js';

type Mode = 'insert' | 'replace' | 'update' | 'remove';
type StoreOptions = WriteOptions & { versionAttribute?: string };

interface Call {
  req: EmuRequest;
  coll: Collection;
  tx: TxScope | undefined;
  opts: StoreOptions;
  sync: boolean;
  returnNew: boolean;
  returnOld: boolean;
  silent: boolean;
}

function target(req: EmuRequest, level: 'ro' | 'rw', name = req.params.collection ?? ''): Collection {
  const c = req.ctx.db.getCollection(name);
  req.ctx.requireCollectionAccess(c.name, level);
  if (level === 'rw') req.ctx.requireWritable();
  return c;
}

function location(req: EmuRequest, c: Collection, key: string): string {
  return dbPath(req, `/_api/document/${encodeURIComponent(c.name)}/${encodeURIComponent(key)}`);
}

function writeCall(req: EmuRequest, coll: Collection, mode: Mode): Call {
  const tx = trxOf(req);
  const opts: StoreOptions = {
    ignoreRevs: flag(req, 'ignoreRevs', true),
    keepNull: flag(req, 'keepNull', true),
    mergeObjects: flag(req, 'mergeObjects', true),
    isRestore: flag(req, 'isRestore', false),
  };
  const ifMatch = revisionFromEtag(req.headers['if-match']);
  if (ifMatch !== undefined) opts.expectedRev = ifMatch;
  const versionAttribute = req.query.get('versionAttribute');
  if (versionAttribute) opts.versionAttribute = versionAttribute;
  if (mode === 'insert') {
    const om = req.query.get('overwriteMode');
    if (om !== null && om !== '') {
      if (om !== 'ignore' && om !== 'replace' && om !== 'update' && om !== 'conflict') {
        throw httpError(400, 'ERROR_HTTP_BAD_PARAMETER', `invalid overwriteMode '${om}'`);
      }
      opts.overwriteMode = om;
    } else if (flag(req, 'overwrite', false)) {
      opts.overwriteMode = 'replace';
    }
  }
  const sync = flag(req, 'waitForSync', false) || coll.properties.waitForSync;
  if (sync) opts.waitForSync = true;
  return {
    req,
    coll,
    tx,
    opts,
    sync,
    returnNew: flag(req, 'returnNew', false),
    returnOld: flag(req, 'returnOld', false),
    silent: flag(req, 'silent', false),
  };
}

/** Result entry `{ _id, _key, _rev [, _oldRev] [, new] [, old] }` for one successful write. */
function resultEntry(call: Call, mode: Mode, r: WriteResult): Record<string, unknown> {
  const overwriting = mode === 'insert' && r.old !== undefined;
  // overwriteMode 'ignore' skipped the write: report the stored document, nothing else.
  if (mode === 'insert' && r.new === undefined && r.old) {
    return { _id: r.old._id, _key: r.old._key, _rev: r.old._rev };
  }
  const doc = (mode === 'remove' ? r.old : r.new) as Doc;
  const out: Record<string, unknown> = { _id: doc._id, _key: doc._key, _rev: doc._rev };
  if ((mode === 'replace' || mode === 'update' || overwriting) && r.old) out._oldRev = r.old._rev;
  if (call.returnNew && mode !== 'remove' && r.new) out.new = r.new;
  if (call.returnOld && r.old && (mode !== 'insert' || overwriting)) out.old = r.old;
  return out;
}

function runOne(call: Call, mode: Mode, key: string | undefined, body: Record<string, Json>): WriteResult {
  const { coll, opts, tx } = call;
  switch (mode) {
    case 'insert':
      return coll.insert(body, opts, tx);
    case 'replace':
      return coll.replace(key as string, body, opts, tx);
    case 'update':
      return coll.update(key as string, body, opts, tx);
    default:
      return coll.remove(key as string, opts, tx);
  }
}

function isObject(v: unknown): v is Record<string, Json> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function single(req: EmuRequest, mode: Mode, name?: string, parsed?: unknown): EmuResponse {
  const coll = target(req, 'rw', name);
  const call = writeCall(req, coll, mode);
  const key = req.params.key;
  let body: Record<string, Json> = {};
  if (mode !== 'remove') {
    const b = parsed ?? req.json<unknown>();
    if (!isObject(b)) throw httpError(400, 'ERROR_ARANGO_DOCUMENT_TYPE_INVALID');
    body = b;
  }
  const r = runOne(call, mode, key, body);
  const entry = resultEntry(call, mode, r);
  const status = mode === 'remove' ? (call.sync ? 200 : 202) : call.sync ? 201 : 202;
  return {
    status,
    headers: { etag: `"${String(entry._rev)}"`, location: location(req, coll, String(entry._key)) },
    body: call.silent ? {} : entry,
  };
}

/** The key (and `_rev`, for `ignoreRevs: false`) a multi-document selector names. */
function selectorOf(coll: Collection, item: unknown): { key: string; rev?: string } {
  if (typeof item === 'string') {
    const slash = item.indexOf('/');
    if (slash < 0) return { key: item };
    // An `_id` of another collection names no document of this one.
    if (item.slice(0, slash) !== coll.name) throw httpError(404, 'ERROR_ARANGO_DOCUMENT_NOT_FOUND');
    return { key: item.slice(slash + 1) };
  }
  if (isObject(item)) {
    let key = item._key;
    if (typeof key !== 'string' && typeof item._id === 'string') {
      const id = item._id;
      const slash = id.indexOf('/');
      if (slash > 0 && id.slice(0, slash) === coll.name) key = id.slice(slash + 1);
    }
    if (typeof key !== 'string') throw httpError(400, 'ERROR_ARANGO_DOCUMENT_KEY_MISSING');
    return typeof item._rev === 'string' ? { key, rev: item._rev } : { key };
  }
  throw httpError(400, 'ERROR_ARANGO_DOCUMENT_TYPE_INVALID');
}

/** Runs one item of a multi-document call; failures become inline error objects. */
function collect(results: unknown[], codes: Map<number, number>, fn: () => unknown): void {
  try {
    results.push(fn());
  } catch (e) {
    if (!(e instanceof ArangoHttpError)) throw e;
    codes.set(e.errorNum, (codes.get(e.errorNum) ?? 0) + 1);
    results.push({ error: true, errorNum: e.errorNum, errorMessage: e.message });
  }
}

function multiResponse(status: number, results: unknown[], codes: Map<number, number>, silent: boolean): EmuResponse {
  const headers: Record<string, string> = {};
  if (codes.size > 0) {
    // The real server sends a JSON object here (3.9 transcripts), not the documented `1200:17` form.
    headers['x-arango-error-codes'] = JSON.stringify(Object.fromEntries(codes));
  }
  let body: unknown = results;
  if (silent) {
    const errorsOnly = results.filter((r) => isObject(r) && r.error === true);
    body = errorsOnly.length === 0 ? {} : errorsOnly;
  }
  return { status, headers, body };
}

function multi(req: EmuRequest, mode: Mode, items: unknown[], name?: string): EmuResponse {
  const coll = target(req, 'rw', name);
  const call = writeCall(req, coll, mode);
  // If-Match names one document's revision: multi-document calls use the selectors' `_rev` instead.
  delete call.opts.expectedRev;
  const results: unknown[] = [];
  const codes = new Map<number, number>();
  for (const item of items) {
    collect(results, codes, () => {
      if (mode === 'insert') {
        if (!isObject(item)) throw httpError(400, 'ERROR_ARANGO_DOCUMENT_TYPE_INVALID');
        return resultEntry(call, mode, runOne(call, mode, undefined, item));
      }
      const sel = selectorOf(coll, item);
      const itemCall =
        sel.rev !== undefined && !call.opts.ignoreRevs ? { ...call, opts: { ...call.opts, expectedRev: sel.rev } } : call;
      if (mode === 'remove') return resultEntry(itemCall, mode, runOne(itemCall, mode, sel.key, {}));
      if (!isObject(item)) throw httpError(400, 'ERROR_ARANGO_DOCUMENT_TYPE_INVALID');
      return resultEntry(itemCall, mode, runOne(itemCall, mode, sel.key, item));
    });
  }
  // The status follows whether the commit synced: a transaction that wrote nothing (every item
  // failed) has nothing to sync, so a waitForSync collection answers 202 then (the 3.12.10
  // transcripts show 202 for an all-failed DELETE on a waitForSync collection).
  let failed = 0;
  for (const n of codes.values()) failed += n;
  const synced = call.sync && failed < items.length;
  const status = mode === 'remove' ? (synced ? 200 : 202) : synced ? 201 : 202;
  return multiResponse(status, results, codes, call.silent);
}

function readMany(req: EmuRequest, items: unknown[]): EmuResponse {
  const coll = target(req, 'ro');
  const tx = trxOf(req);
  const ignoreRevs = flag(req, 'ignoreRevs', true);
  const results: unknown[] = [];
  const codes = new Map<number, number>();
  for (const item of items) {
    collect(results, codes, () => {
      const sel = selectorOf(coll, item);
      const doc = coll.get(sel.key, tx);
      if (!doc) throw httpError(404, 'ERROR_ARANGO_DOCUMENT_NOT_FOUND');
      if (!ignoreRevs && sel.rev !== undefined && sel.rev !== doc._rev) throw httpError(412, 'ERROR_ARANGO_CONFLICT', 'conflict, _rev values do not match');
      return doc;
    });
  }
  const res = multiResponse(200, results, codes, false);
  dirtyRead(req, tx, res);
  return res;
}

function dirtyRead(req: EmuRequest, tx: TxScope | undefined, res: EmuResponse): void {
  if (tx === undefined && /^true$/i.test(header(req, 'x-arango-allow-dirty-read') ?? '')) {
    res.headers = { ...res.headers, 'x-arango-potential-dirty-read': 'true' };
  }
}

function readOne(req: EmuRequest): EmuResponse {
  const coll = target(req, 'ro');
  const tx = trxOf(req);
  const doc = coll.get(req.params.key ?? '', tx);
  if (!doc) throw httpError(404, 'ERROR_ARANGO_DOCUMENT_NOT_FOUND');
  const etag = `"${doc._rev}"`;
  const ifNoneMatch = revisionFromEtag(req.headers['if-none-match']);
  if (ifNoneMatch !== undefined && ifNoneMatch === doc._rev) return { status: 304, headers: { etag } };
  const ifMatch = revisionFromEtag(req.headers['if-match']);
  if (ifMatch !== undefined && ifMatch !== doc._rev) throw preconditionFailed(doc);
  const res: EmuResponse = req.method === 'HEAD' ? { status: 200, headers: { etag } } : { status: 200, headers: { etag }, body: doc };
  dirtyRead(req, tx, res);
  return res;
}

function write(req: EmuRequest, mode: Mode, name?: string): EmuResponse {
  const body = mode === 'remove' && req.body.length === 0 ? [] : req.json<unknown>();
  if (Array.isArray(body)) return multi(req, mode, body, name);
  if (mode === 'remove') throw httpError(400, 'ERROR_HTTP_BAD_PARAMETER', 'expecting a JSON array of selectors');
  if (mode === 'insert') return single(req, mode, name, body);
  throw httpError(400, 'ERROR_ARANGO_DOCUMENT_TYPE_INVALID', 'expecting a JSON array of documents');
}

export function register(router: Router): void {
  router.get('/_api/document/:collection/:key', readOne);
  router.head('/_api/document/:collection/:key', readOne);

  router.post('/_api/document/:collection', (req) => write(req, 'insert'));
  // Legacy form `POST /_api/document?collection=<name>`.
  router.post('/_api/document', (req) => {
    const name = req.query.get('collection');
    if (!name) throw httpError(400, 'ERROR_ARANGO_COLLECTION_PARAMETER_MISSING');
    return write(req, 'insert', name);
  });

  router.put('/_api/document/:collection', (req) => {
    if (flag(req, 'onlyget', false)) {
      const body = req.json<unknown>();
      if (!Array.isArray(body)) throw httpError(400, 'ERROR_HTTP_BAD_PARAMETER', 'expecting a JSON array of selectors');
      return readMany(req, body);
    }
    return write(req, 'replace');
  });
  router.patch('/_api/document/:collection', (req) => write(req, 'update'));
  router.delete('/_api/document/:collection', (req) => write(req, 'remove'));

  router.put('/_api/document/:collection/:key', (req) => single(req, 'replace'));
  router.patch('/_api/document/:collection/:key', (req) => single(req, 'update'));
  router.delete('/_api/document/:collection/:key', (req) => single(req, 'remove'));
}
