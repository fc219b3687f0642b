/**
 * `db.collection<T>(name)`: one collection's document, index and management API. Every method is
 * one request (except the AQL helpers and chunked import), described as a RequestSpec and parsed
 * here; the connection decides where it goes (plain, transaction, async job).
 */
import type { Connection } from '../connection.js';
import { ArangoClientError, ArangoServerError } from '../errors.js';
import { errors } from '../error-codes.js';
import { assertMultiRequest } from '../job/marker.js';
import { assertDatabaseName, assertDataSourceName, assertNotDotSegment, isDotSegment } from '../names.js';
import { expectField, unexpected } from '../shape.js';
import { dotKeyGet, dotKeyHas, dotKeyWrite } from './dot-keys.js';
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
  type HasOptions,
  type InsertOptions,
  type ManyResult,
  type Patch,
  type ReadOptions,
  type ReplaceOptions,
  type UpdateOptions,
  type WriteResult,
} from './documents.js';
import { addImportResult, arrayChunks, DEFAULT_IMPORT_BATCH, jsonlChunks, type ImportOptions, type ImportResult } from './import.js';
import type {
  EnsureIndexResult,
  FulltextIndexOptions,
  GeoIndexOptions,
  IndexDefinition,
  IndexDescription,
  IndexSelector,
  InvertedIndexField,
  InvertedIndexOptions,
  ListIndexesOptions,
  MdiIndexOptions,
  PersistentIndexOptions,
  TtlIndexOptions,
  VectorIndexOptions,
  VectorIndexParams,
} from './indexes.js';
import { runQuery, type QueryOptions } from '../aql/query-api.js';
import type { Cursor } from '../cursor.js';
import { callOptions, flat, headers, isErrorItem, withCallOptions, isObject, itemError, withoutCallOptions } from './request-util.js';
import type {
  ChecksumOptions,
  CollectionChecksum,
  CollectionDescription,
  CollectionFigures,
  CollectionProperties,
  CollectionPropertiesUpdate,
  CreateCollectionOptions,
  DropCollectionOptions,
  ShardList,
  ShardMap,
  TruncateOptions,
} from './types.js';
import { describeHandle, inspectable, type HandleDescription } from '../describe.js';

/** Turns the public `type` option into ArangoDB's number (2 document, 3 edge). */
export function collectionTypeCode(type: CreateCollectionOptions['type']): 2 | 3 | undefined {
  if (type === undefined) return undefined;
  if (type === 2 || type === 'document') return 2;
  if (type === 3 || type === 'edge') return 3;
  throw new ArangoClientError(`collection type must be 'document', 'edge', 2 or 3, got ${JSON.stringify(type)}`);
}

/** ArangoDB's naming rules (names.ts); `creating` adds the rules that only bind a new name. */
export function assertName(kind: string, name: unknown, creating = false): asserts name is string {
  if (kind === 'database') assertDatabaseName(name);
  else assertDataSourceName(kind, name, creating);
}

/** The body of `POST /_api/collection` for `name` and `opts`, without unset options. */
export function createCollectionRequest(operation: string, name: string, opts: CreateCollectionOptions | undefined, forcedType?: 2 | 3): RequestSpec {
  const { waitForSyncReplication, enforceReplicationFactor, type, ...rest } = withoutCallOptions(opts);
  const typeCode = forcedType ?? collectionTypeCode(type);
  return {
    operation,
    ...callOptions(opts),
    method: 'POST',
    path: '/_api/collection',
    query: { waitForSyncReplication, enforceReplicationFactor },
    body: { name, ...(typeCode !== undefined ? { type: typeCode } : {}), ...rest },
  };
}

type Direction = 'in' | 'out' | 'any';

/** `GET /_api/edges/{collection}`: the edges touching the vertex and index statistics (`scannedIndex`, `filtered`). */
export interface EdgesResult<T extends object> {
  edges: Document<T>[];
  stats: { scannedIndex?: number; filtered?: number; [key: string]: unknown };
}

/** Options of the AQL-backed helpers (`all`, `keys`, `ids`, `find`). */
export interface CursorOptions extends CallOptions {
  /** Results per batch (server default 1000). */
  batchSize?: number;
  /** Seconds the server keeps the idle cursor. */
  ttl?: number;
  /** Compute results lazily on the server. */
  stream?: boolean;
  /** Let the coordinator read from followers. */
  allowDirtyRead?: boolean;
}

export interface MatchOptions extends CallOptions {
  /** At most this many documents. */
  limit?: number;
  waitForSync?: boolean;
}

export interface AllOptions extends CursorOptions {
  skip?: number;
  limit?: number;
}

/**
 * A handle on one collection, from `db.collection(name)`: documents (single and many), AQL-backed
 * helpers (`all`, `find`, `keys`), management (create, properties, count, truncate, drop) and indexes.
 * Creating the handle sends nothing. `T` types your documents' own fields.
 *
 * Reading a missing document resolves `null` (`get`, python-arango's rule); writes and `delete`
 * reject with {@link ArangoServerError} (404/1202), unless asked otherwise. Many-document calls
 * answer one entry per input, an {@link ArangoServerError} where that item failed.
 */
export class Collection<T extends object = Record<string, unknown>> {
  /** What logging shows: kind, database, name and hosts — never credentials. */
  toJSON(): HandleDescription {
    return describeHandle(this.defaultType() === 3 ? 'EdgeCollection' : 'Collection', this.connection, { name: this.#name });
  }
  /** Marks collection objects for the `aql` template, which binds them as `@@` parameters. */
  readonly isArangoCollection = true as const;
  #name: string;

  constructor(
    readonly connection: Connection,
    name: string,
  ) {
    assertName('collection', name);
    this.#name = name;
  }

  /** The collection's name (after `rename()`, the new one). */
  get name(): string {
    return this.#name;
  }

  /** Database the collection belongs to. */
  get databaseName(): string {
    return this.connection.databaseName;
  }

  // ---- management -------------------------------------------------------------------------

  /** `GET /_api/collection/{name}`: false on 404/1203. */
  async exists(opts?: CallOptions): Promise<boolean> {
    return this.connection.send(
      { operation: 'collection.exists', ...callOptions(opts), method: 'GET', path: path`/_api/collection/${this.#name}`, allowStatus: [404] },
      (res) => {
        if (res.status === 404) {
          if (errorNumOf(res) === errors.ERROR_ARANGO_DATA_SOURCE_NOT_FOUND) return false;
          throw serverError(res, 'GET', this.url(path`/_api/collection/${this.#name}`));
        }
        return true;
      },
    );
  }

  /** `GET /_api/collection/{name}`: basic description. */
  async info(opts?: CallOptions): Promise<CollectionDescription> {
    return this.connection.send({ operation: 'collection.info', ...callOptions(opts), method: 'GET', path: path`/_api/collection/${this.#name}` }, described<CollectionDescription>);
  }

  /** Creates this collection (`POST /_api/collection`) with every documented option. */
  async create(opts?: CreateCollectionOptions): Promise<CollectionProperties> {
    assertName('collection', this.#name, true);
    return this.connection.send(createCollectionRequest('collection.create', this.#name, opts, this.defaultType()), described<CollectionProperties>);
  }

  /** `DELETE /_api/collection/{name}`; `isSystem` is required to drop a system collection. */
  async drop(opts?: DropCollectionOptions): Promise<{ id: string }> {
    return this.connection.send(
      { operation: 'collection.drop', ...callOptions(opts), method: 'DELETE', path: path`/_api/collection/${this.#name}`, query: { isSystem: opts?.isSystem } },
      flat<{ id: string }>,
    );
  }

  /** `GET /_api/collection/{name}/properties`: every property, including the cluster settings. */
  async properties(opts?: CallOptions): Promise<CollectionProperties> {
    return this.connection.send({ operation: 'collection.properties', ...callOptions(opts), method: 'GET', path: path`/_api/collection/${this.#name}/properties` }, described<CollectionProperties>);
  }

  /** `PUT /_api/collection/{name}/properties`: changes the properties given (arangojs: `properties(props)`). */
  async configure(properties: CollectionPropertiesUpdate): Promise<CollectionProperties> {
    return this.connection.send(
      { operation: 'collection.configure', ...callOptions(properties), method: 'PUT', path: path`/_api/collection/${this.#name}/properties`, body: withoutCallOptions(properties), idempotent: true },
      described<CollectionProperties>,
    );
  }

  /** Number of documents (`GET …/count`; honours a stream transaction). */
  async count(opts?: CallOptions): Promise<number> {
    return this.connection.send(
      { operation: 'collection.count', ...callOptions(opts), method: 'GET', path: path`/_api/collection/${this.#name}/count` },
      (res) => numberField(res, 'count'),
    );
  }

  /** `GET …/figures`: the `figures` object and the count (arangojs: `figures()`). */
  async statistics(opts?: CallOptions & { details?: boolean }): Promise<CollectionFigures & { count?: number }> {
    return this.connection.send(
      { operation: 'collection.statistics', ...callOptions(opts), method: 'GET', path: path`/_api/collection/${this.#name}/figures`, query: { details: opts?.details } },
      (res) => {
        const figures = expectField<CollectionFigures>(res, 'figures', 'object');
        const count = flat<{ count?: unknown }>(res).count;
        return { ...figures, ...(typeof count === 'number' ? { count } : {}) };
      },
    );
  }

  /** The collection's revision id (`GET …/revision`). */
  async revision(opts?: CallOptions): Promise<string> {
    return this.connection.send(
      { operation: 'collection.revision', ...callOptions(opts), method: 'GET', path: path`/_api/collection/${this.#name}/revision` },
      (res) => expectField<string>(res, 'revision', 'string'),
    );
  }

  /** The collection checksum (an uint64 as a decimal string), as python-arango returns it. */
  async checksum(opts?: ChecksumOptions): Promise<string> {
    return this.connection.send(this.checksumRequest(opts, 'collection.checksum'), (res) => parseChecksum(res).checksum);
  }

  /** Checksum and revision together (`GET …/checksum`). */
  async checksumInfo(opts?: ChecksumOptions): Promise<CollectionChecksum> {
    return this.connection.send(this.checksumRequest(opts, 'collection.checksumInfo'), parseChecksum);
  }

  private checksumRequest(opts: ChecksumOptions | undefined, operation: string): RequestSpec {
    return {
      operation,
      ...callOptions(opts),
      method: 'GET',
      path: path`/_api/collection/${this.#name}/checksum`,
      query: { withRevisions: opts?.withRevisions, withData: opts?.withData },
    };
  }

  /** `PUT …/rename`; this object then addresses the new name. Single servers only (501 in a cluster). */
  async rename(newName: string, opts?: CallOptions): Promise<CollectionDescription> {
    assertName('collection', newName, true);
    return this.connection.send(
      { operation: 'collection.rename', ...callOptions(opts), method: 'PUT', path: path`/_api/collection/${this.#name}/rename`, body: { name: newName } },
      (res) => {
        // Renamed once the server says so (for an async job: when its result is read).
        this.#name = newName;
        return described<CollectionDescription>(res);
      },
    );
  }

  /**
   * `PUT /_api/collection/{name}/truncate`: removes every document; `compact` (server default `true`)
   * compacts the data afterwards, `waitForSync` syncs before answering.
   */
  async truncate(opts?: TruncateOptions): Promise<CollectionDescription> {
    return this.connection.send(
      { operation: 'collection.truncate',
        ...callOptions(opts),
        method: 'PUT',
        path: path`/_api/collection/${this.#name}/truncate`,
        query: { waitForSync: opts?.waitForSync, compact: opts?.compact },
      },
      described<CollectionDescription>,
    );
  }

  /**
   * `PUT /_api/collection/{name}/compact`: compacts the collection's data to reclaim disk space
   * (a background operation on the server).
   */
  async compact(opts?: CallOptions): Promise<CollectionDescription> {
    return this.connection.send({ operation: 'collection.compact', ...callOptions(opts), method: 'PUT', path: path`/_api/collection/${this.#name}/compact`, idempotent: true }, described<CollectionDescription>);
  }

  /**
   * `PUT …/load`: answers the description and count.
   *
   * @deprecated Deprecated by ArangoDB since 3.8, a no-op since 3.9, removed in v4.0.
   */
  async load(opts?: CallOptions): Promise<CollectionDescription & { count?: number }> {
    return this.connection.send(
      { operation: 'collection.load', ...callOptions(opts), method: 'PUT', path: path`/_api/collection/${this.#name}/load`, idempotent: true },
      described<CollectionDescription & { count?: number }>,
    );
  }

  /**
   * `PUT …/unload`.
   *
   * @deprecated Deprecated by ArangoDB since 3.8, a no-op since 3.9, removed in v4.0.
   */
  async unload(opts?: CallOptions): Promise<CollectionDescription> {
    return this.connection.send(
      { operation: 'collection.unload', ...callOptions(opts), method: 'PUT', path: path`/_api/collection/${this.#name}/unload`, idempotent: true },
      described<CollectionDescription>,
    );
  }

  /** `PUT …/loadIndexesIntoMemory`: loads the collection's indexes into memory. */
  async loadIndexes(opts?: CallOptions): Promise<boolean> {
    return this.connection.send(
      { operation: 'collection.loadIndexes', ...callOptions(opts), method: 'PUT', path: path`/_api/collection/${this.#name}/loadIndexesIntoMemory`, idempotent: true },
      (res) => flat<{ result: boolean }>(res).result === true,
    );
  }

  /** `PUT …/recalculateCount`: the recounted number of documents. */
  async recalculateCount(opts?: CallOptions): Promise<number | undefined> {
    return this.connection.send(
      { operation: 'collection.recalculateCount', ...callOptions(opts), method: 'PUT', path: path`/_api/collection/${this.#name}/recalculateCount`, idempotent: true },
      (res) => {
        const c = flat<{ count?: number }>(res).count;
        return typeof c === 'number' ? c : undefined;
      },
    );
  }

  /** Shard ids, or with `details: true` shard id → [leader, ...followers]. Cluster coordinators only. */
  async shards(opts: CallOptions & { details: true }): Promise<ShardMap>;
  async shards(opts?: CallOptions & { details?: false }): Promise<ShardList>;
  async shards(opts?: CallOptions & { details?: boolean }): Promise<ShardList | ShardMap> {
    return this.connection.send(
      { operation: 'collection.shards', ...callOptions(opts), method: 'GET', path: path`/_api/collection/${this.#name}/shards`, query: { details: opts?.details } },
      (res) => {
        const shards = flat<{ shards?: unknown }>(res).shards;
        if (typeof shards !== 'object' || shards === null) throw unexpected(res, 'a JSON object with "shards"');
        return shards as ShardList | ShardMap;
      },
    );
  }

  /** The shard that holds (or would hold) a document with these shard-key values. */
  async responsibleShard(document: Partial<DocumentData<T>> | Record<string, unknown>, opts?: CallOptions): Promise<string> {
    if (!isObject(document)) throw new ArangoClientError('responsibleShard() needs a document object carrying the shard keys');
    return this.connection.send(
      { operation: 'collection.responsibleShard', ...callOptions(opts), method: 'PUT', path: path`/_api/collection/${this.#name}/responsibleShard`, body: document, idempotent: true },
      (res) => expectField<string>(res, 'shardId', 'string'),
    );
  }

  // ---- single documents ---------------------------------------------------------------------

  /**
   * `GET /_api/document/{coll}/{key}`. A missing document resolves `null` (python-arango) unless
   * `graceful: false`; a missing collection always throws (404/1203); a failed `rev` check throws
   * 412/1200; with `ifNoneMatch`, an unchanged document (304) resolves `null`.
   */
  async get(selector: DocumentSelector, opts?: ReadOptions): Promise<Document<T> | null> {
    const key = selectorKey(selector, this.#name);
    const graceful = opts?.graceful !== false;
    if (isDotSegment(key)) {
      const call = dotKeyGet<Document<T>>(this.#name, key, expectedRev(selector, opts), { graceful, ifNoneMatch: opts?.ifNoneMatch, allowDirtyRead: opts?.allowDirtyRead }, (p) => this.url(p));
      return this.connection.send(withCallOptions({ ...call.spec, operation: 'collection.get' }, opts), call.parse);
    }
    const p = path`/_api/document/${this.#name}/${key}`;
    return this.connection.send(
      withCallOptions({ operation: 'collection.get', method: 'GET', path: p, headers: readHeaders(selector, opts), allowStatus: graceful ? GET_GRACEFUL : GET_STRICT }, opts),
      (res) => (res.status === 304 || this.missing(res, 'GET', p) ? null : documentBody<T>(res)),
    );
  }

  /**
   * Whether an allowed 404 means "no such document" (resolved as null). A 404 for anything else —
   * the collection or the database is gone — is still an error.
   */
  private missing(res: ArangoResponse, method: string, p: string): boolean {
    if (res.status !== 404) return false;
    if (errorNumOf(res) === errors.ERROR_ARANGO_DOCUMENT_NOT_FOUND) return true;
    throw serverError(res, method, this.url(p));
  }

  /** `HEAD /_api/document/{coll}/{key}`: whether the document exists (a failed `rev` check throws 412). */
  async has(selector: DocumentSelector, opts?: HasOptions): Promise<boolean> {
    const key = selectorKey(selector, this.#name);
    if (isDotSegment(key)) {
      const call = dotKeyHas(this.#name, key, expectedRev(selector, opts), opts?.allowDirtyRead === true, (p) => this.url(p));
      return this.connection.send(withCallOptions({ ...call.spec, operation: 'collection.has' }, opts), call.parse);
    }
    return this.connection.send(
      { operation: 'collection.has',
        ...callOptions(opts),
        method: 'HEAD',
        path: path`/_api/document/${this.#name}/${key}`,
        headers: readHeaders(selector, opts),
        allowStatus: [304, 404],
      },
      (res) => res.status !== 404,
    );
  }

  /** `POST /_api/document/{coll}`. With `silent: true` the server answers `{}`. */
  async insert(document: DocumentData<T>, opts?: InsertOptions): Promise<WriteResult<T>> {
    assertDocument(document, 'insert');
    return this.connection.send(
      withCallOptions({ operation: 'collection.insert', method: 'POST', path: path`/_api/document/${this.#name}`, query: insertQuery(opts), body: document }, opts),
      opts?.silent === true ? silentResult<T> : writeResult<T>,
    );
  }

  /** `PUT /_api/document/{coll}/{key}`. The selector's `_rev` (or `rev`) is checked unless `checkRev: false`. */
  async replace(selector: DocumentSelector, document: DocumentData<T>, opts?: ReplaceOptions): Promise<WriteResult<T>> {
    assertDocument(document, 'replace');
    return this.writeOne('PUT', selector, document, replaceQuery(opts), opts, 'collection.replace');
  }

  /** `PATCH /_api/document/{coll}/{key}`. */
  async update(selector: DocumentSelector, patch: Patch<T>, opts?: UpdateOptions): Promise<WriteResult<T>> {
    assertDocument(patch, 'update');
    return this.writeOne('PATCH', selector, patch, updateQuery(opts), opts, 'collection.update');
  }

  /** `DELETE /_api/document/{coll}/{key}`; with `ignoreMissing` a missing document resolves `null`. */
  async delete(selector: DocumentSelector, opts: DeleteOptions & { ignoreMissing: true }): Promise<WriteResult<T> | null>;
  async delete(selector: DocumentSelector, opts?: DeleteOptions): Promise<WriteResult<T>>;
  async delete(selector: DocumentSelector, opts?: DeleteOptions): Promise<WriteResult<T> | null> {
    const key = selectorKey(selector, this.#name);
    if (isDotSegment(key)) {
      const call = dotKeyWrite<WriteResult<T>>('DELETE', this.#name, key, expectedRev(selector, opts), undefined, deleteQuery(opts), { silent: opts?.silent, ignoreMissing: opts?.ignoreMissing }, (p) => this.url(p));
      return this.connection.send(withCallOptions({ ...call.spec, operation: 'collection.delete' }, opts), call.parse);
    }
    const p = path`/_api/document/${this.#name}/${key}`;
    return this.connection.send(
      { operation: 'collection.delete',
        ...callOptions(opts),
        method: 'DELETE',
        path: p,
        query: deleteQuery(opts),
        headers: ifMatch(selector, opts),
        ...(opts?.ignoreMissing === true ? { allowStatus: [404] } : {}),
      },
      (res) => (this.missing(res, 'DELETE', p) ? null : opts?.silent === true ? silentResult<T>(res) : writeResult<T>(res)),
    );
  }

  // ---- many documents (one request each; per-item errors kept) ------------------------------

  /** `PUT /_api/document/{coll}?onlyget=true`: documents in input order; a missing one is its error. */
  async getMany(selectors: readonly DocumentSelector[], opts?: GetManyOptions): Promise<ManyResult<Document<T>>[]> {
    const items = this.manySelectors(selectors, 'getMany');
    const p = path`/_api/document/${this.#name}`;
    return this.connection.send(
      { operation: 'collection.getMany',
        ...callOptions(opts),
        method: 'PUT',
        path: p,
        query: { onlyget: true, ignoreRevs: opts?.ignoreRevs },
        headers: headers({ 'x-arango-allow-dirty-read': opts?.allowDirtyRead === true ? 'true' : undefined }),
        body: items,
        idempotent: true,
      },
      (res) => this.manyItems<Document<T>>(res, 'PUT', p, items.length, false),
    );
  }

  /**
   * `POST /_api/document/{collection}` with an array: inserts every document in one request. Answers
   * one result per document, in order; a document the server refused is an {@link ArangoServerError}
   * in its place (the others are written).
   *
   * @throws {@link ArangoClientError} when `documents` is not an array of objects (nothing is sent).
   */
  async insertMany(documents: readonly DocumentData<T>[], opts?: InsertOptions): Promise<ManyResult<WriteResult<T>>[]> {
    assertArray(documents, 'insertMany');
    // The label is only built for a bad document, not for every one (a hot path for big batches).
    documents.forEach((d, i) => {
      if (!isObject(d)) assertDocument(d, `insertMany item ${i}`);
    });
    return this.writeMany('POST', insertQuery(opts), documents, opts, 'collection.insertMany');
  }

  /** `PUT /_api/document/{coll}`: each document names its target by `_key` (or `_id`). */
  async replaceMany(
    documents: readonly (DocumentData<T> & ({ _key: string } | { _id: string }))[],
    opts?: ReplaceOptions,
  ): Promise<ManyResult<WriteResult<T>>[]> {
    return this.writeMany('PUT', replaceQuery(opts), this.manyDocuments(documents, 'replaceMany'), opts, 'collection.replaceMany');
  }

  /** `PATCH /_api/document/{coll}`: each patch names its target by `_key` (or `_id`). */
  async updateMany(
    patches: readonly (Patch<T> & ({ _key: string } | { _id: string }))[],
    opts?: UpdateOptions,
  ): Promise<ManyResult<WriteResult<T>>[]> {
    return this.writeMany('PATCH', updateQuery(opts), this.manyDocuments(patches, 'updateMany'), opts, 'collection.updateMany');
  }

  /** `DELETE /_api/document/{coll}` with selectors (keys, ids or objects with `_key`/`_rev`). */
  async deleteMany(selectors: readonly DocumentSelector[], opts?: DeleteOptions): Promise<ManyResult<WriteResult<T>>[]> {
    return this.writeMany('DELETE', deleteQuery(opts), this.manySelectors(selectors, 'deleteMany'), opts, 'collection.deleteMany');
  }

  /** One request for a many-call on `/_api/document/{coll}`; failed items come back in place. */
  private writeMany(method: HttpMethod, query: NonNullable<RequestSpec['query']>, body: unknown, opts: CallOptions | undefined, operation: string): Promise<ManyResult<WriteResult<T>>[]> {
    const p = path`/_api/document/${this.#name}`;
    // Without `silent`, one answer per item comes back; with it, only the failed ones.
    const silent = query.silent === true;
    const count = Array.isArray(body) && !silent ? body.length : undefined;
    return this.connection.send({ operation, ...callOptions(opts), method, path: p, query, body }, (res) => this.manyItems<WriteResult<T>>(res, method, p, count, silent));
  }

  // ---- import -------------------------------------------------------------------------------

  /**
   * `POST /_api/import` of an array of documents or JSONL text, `batchSize` documents per request,
   * one request after the other; the counts of all chunks are summed. `overwrite` truncates with
   * the first chunk only. `complete` is all-or-nothing per chunk, not for the whole input.
   */
  async importBulk(data: readonly DocumentData<T>[] | string, opts?: ImportOptions): Promise<ImportResult> {
    // The counts are summed over the chunks' answers, which an async job would not hand back.
    assertMultiRequest(this.connection, 'importBulk');
    const size = opts?.batchSize ?? DEFAULT_IMPORT_BATCH;
    if (!Number.isInteger(size) || size < 1) throw new ArangoClientError(`importBulk batchSize must be a positive integer, got ${String(size)}`);
    let chunks: string[];
    if (typeof data === 'string') chunks = jsonlChunks(data, size);
    else {
      assertArray(data, 'importBulk');
      data.forEach((d, i) => assertDocument(d, `importBulk item ${i}`));
      chunks = arrayChunks(data, size);
    }
    const sum: ImportResult = { created: 0, errors: 0, empty: 0, updated: 0, ignored: 0 };
    if (opts?.details === true) sum.details = [];
    for (let i = 0; i < chunks.length; i++) {
      const part = await this.connection.send(
        { operation: 'collection.importBulk',
          ...callOptions(opts),
          method: 'POST',
          path: '/_api/import',
          query: {
            collection: this.#name,
            type: 'documents',
            onDuplicate: opts?.onDuplicate,
            complete: opts?.complete,
            details: opts?.details,
            fromPrefix: opts?.fromPrefix,
            toPrefix: opts?.toPrefix,
            overwriteCollectionPrefix: opts?.overwriteCollectionPrefix,
            overwrite: i === 0 ? opts?.overwrite : undefined,
            waitForSync: opts?.waitForSync,
          },
          rawBody: chunks[i] ?? '',
          contentType: 'text/plain; charset=utf-8',
        },
        (res) => res.body,
      );
      addImportResult(sum, part);
    }
    return sum;
  }

  // ---- AQL helpers --------------------------------------------------------------------------

  /** Every document (optionally `skip`/`limit`), as a cursor (python-arango / arangojs `all`). */
  async all(opts?: AllOptions): Promise<Cursor<Document<T>>> {
    const { clause, vars } = limitClause(opts);
    return this.query<Document<T>>('all', 'collection.all', `FOR d IN @@c ${clause} RETURN d`, vars, opts);
  }

  /** One random document, or null when the collection is empty. */
  async random(opts?: CallOptions & { allowDirtyRead?: boolean }): Promise<Document<T> | null> {
    const cursor = await this.query<Document<T>>('random', 'collection.random', 'FOR d IN @@c SORT RAND() LIMIT 1 RETURN d', {}, opts);
    const docs = await cursor.all();
    return docs[0] ?? null;
  }

  /** Every `_key`, as a cursor. */
  async keys(opts?: CursorOptions): Promise<Cursor<string>> {
    return this.query<string>('keys', 'collection.keys', 'FOR d IN @@c RETURN d._key', {}, opts);
  }

  /** Every `_id`, as a cursor. */
  async ids(opts?: CursorOptions): Promise<Cursor<string>> {
    return this.query<string>('ids', 'collection.ids', 'FOR d IN @@c RETURN d._id', {}, opts);
  }

  /**
   * Documents whose top-level attributes equal every entry of `filters` (AQL `==`, so nested
   * objects compare whole), with optional `skip`/`limit`, as a cursor.
   */
  async find(filters: Partial<Document<T>> | Record<string, unknown>, opts?: AllOptions): Promise<Cursor<Document<T>>> {
    const { filter, vars } = filterClause(filters, 'find');
    const { clause, vars: limitVars } = limitClause(opts);
    return this.query<Document<T>>('find', 'collection.find', `FOR d IN @@c ${filter} ${clause} RETURN d`, { ...vars, ...limitVars }, opts);
  }

  /** Updates (merges `patch` into) every document matching `filters`; resolves to how many. */
  async updateMatch(
    filters: Partial<Document<T>> | Record<string, unknown>,
    patch: Patch<T>,
    opts?: MatchOptions & { keepNull?: boolean; mergeObjects?: boolean },
  ): Promise<number> {
    assertDocument(patch, 'updateMatch');
    return this.writeMatch('updateMatch', 'collection.updateMatch', filters, 'UPDATE d WITH @body IN @@c', { body: patch }, opts, {
      keepNull: opts?.keepNull,
      mergeObjects: opts?.mergeObjects,
    });
  }

  /** Replaces every document matching `filters` with `document` (keys kept); resolves to how many. */
  async replaceMatch(filters: Partial<Document<T>> | Record<string, unknown>, document: DocumentData<T>, opts?: MatchOptions): Promise<number> {
    assertDocument(document, 'replaceMatch');
    return this.writeMatch('replaceMatch', 'collection.replaceMatch', filters, 'REPLACE d WITH @body IN @@c', { body: document }, opts, {});
  }

  /** Deletes every document matching `filters`; resolves to how many. */
  async deleteMatch(filters: Partial<Document<T>> | Record<string, unknown>, opts?: MatchOptions): Promise<number> {
    return this.writeMatch('deleteMatch', 'collection.deleteMatch', filters, 'REMOVE d IN @@c', {}, opts, {});
  }

  // ---- indexes ------------------------------------------------------------------------------

  /**
   * `GET /_api/index?collection=…`: every index of the collection (with `withStats` their figures,
   * with `withHidden` indexes still being built).
   */
  async indexes(opts?: CallOptions & ListIndexesOptions): Promise<IndexDescription[]> {
    return this.connection.send(
      { operation: 'collection.indexes',
        ...callOptions(opts),
        method: 'GET',
        path: '/_api/index',
        query: { collection: this.#name, withStats: opts?.withStats, withHidden: opts?.withHidden },
      },
      (res) => expectField<IndexDescription[]>(res, 'indexes', 'array'),
    );
  }

  /** `GET /_api/index/{coll}/{id}` — 404/1212 for an unknown index. */
  async index(selector: IndexSelector, opts?: CallOptions): Promise<IndexDescription> {
    return this.connection.send({ operation: 'collection.index', ...callOptions(opts), method: 'GET', path: this.indexPath(selector) }, flat<IndexDescription>);
  }

  /** `POST /_api/index?collection=…`: creates the index or returns the identical existing one. */
  async addIndex(definition: IndexDefinition, opts?: CallOptions): Promise<EnsureIndexResult> {
    if (!isObject(definition) || typeof definition.type !== 'string') {
      throw new ArangoClientError('index definition must be an object with a string `type`');
    }
    if (!Array.isArray(definition.fields) || definition.fields.length === 0) {
      throw new ArangoClientError(`index definition of type "${definition.type}" needs a non-empty \`fields\` array`);
    }
    return this.connection.send(
      { operation: 'collection.addIndex', ...callOptions(opts), method: 'POST', path: '/_api/index', query: { collection: this.#name }, body: definition },
      (res) => flat<EnsureIndexResult>(res),
    );
  }

  /** A persistent (sorted, RocksDB) index on `fields`: see {@link PersistentIndexOptions}. */
  async addPersistentIndex(fields: string[], opts?: PersistentIndexOptions & CallOptions): Promise<EnsureIndexResult> {
    return this.addIndex({ type: 'persistent', fields, ...withoutCallOptions(opts) }, callOptions(opts));
  }

  /** TTL index: documents expire `expireAfter` seconds after the time in `field`. */
  async addTtlIndex(field: string, expireAfter: number, opts?: TtlIndexOptions & CallOptions): Promise<EnsureIndexResult> {
    if (typeof expireAfter !== 'number' || !Number.isFinite(expireAfter) || expireAfter < 0) {
      throw new ArangoClientError(`TTL index expireAfter must be a non-negative number of seconds, got ${String(expireAfter)}`);
    }
    return this.addIndex({ type: 'ttl', fields: [field], expireAfter, ...withoutCallOptions(opts) }, callOptions(opts));
  }

  /**
   * A geo index on one attribute holding a coordinate pair or GeoJSON (`[field]`), or on two holding
   * latitude and longitude (`[lat, lng]`).
   */
  async addGeoIndex(fields: [string] | [string, string], opts?: GeoIndexOptions & CallOptions): Promise<EnsureIndexResult> {
    return this.addIndex({ type: 'geo', fields, ...withoutCallOptions(opts) }, callOptions(opts));
  }

  /**
   * Creates a fulltext index on one attribute.
   *
   * @deprecated The fulltext index type is deprecated by ArangoDB since 3.10: use an inverted index
   * ({@link Collection.addInvertedIndex}) and a search-alias View.
   */
  async addFulltextIndex(field: string, opts?: FulltextIndexOptions & CallOptions): Promise<EnsureIndexResult> {
    return this.addIndex({ type: 'fulltext', fields: [field], ...withoutCallOptions(opts) }, callOptions(opts));
  }

  /**
   * An inverted index (ArangoSearch, queried with `SEARCH`/`FILTER`) on `fields`, each a path or an
   * {@link InvertedIndexField}.
   */
  async addInvertedIndex(fields: (string | InvertedIndexField)[], opts?: InvertedIndexOptions & CallOptions): Promise<EnsureIndexResult> {
    return this.addIndex({ type: 'inverted', fields, ...withoutCallOptions(opts) }, callOptions(opts));
  }

  /** Multi-dimensional index; `prefixed: true` makes it `mdi-prefixed` (needs `prefixFields`). */
  async addMdiIndex(fields: string[], opts?: MdiIndexOptions & CallOptions): Promise<EnsureIndexResult> {
    const { prefixed, fieldValueTypes, ...rest } = withoutCallOptions(opts);
    return this.addIndex(
      { type: prefixed === true ? 'mdi-prefixed' : 'mdi', fields, fieldValueTypes: fieldValueTypes ?? 'double', ...rest },
      callOptions(opts),
    );
  }

  /**
   * Creates an index of type `zkd`, the pre-3.12 name of `mdi`.
   *
   * @deprecated ArangoDB 3.12 renames the `zkd` index type to `mdi`: use {@link Collection.addMdiIndex}.
   */
  async addZkdIndex(fields: string[], opts?: Omit<MdiIndexOptions, 'prefixed' | 'prefixFields'> & CallOptions): Promise<EnsureIndexResult> {
    const { fieldValueTypes, ...rest } = withoutCallOptions(opts);
    return this.addIndex({ type: 'zkd', fields, fieldValueTypes: fieldValueTypes ?? 'double', ...rest }, callOptions(opts));
  }

  /**
   * A vector index (ArangoDB 3.12.4+, behind the server's `--experimental-vector-index` option) on
   * one attribute holding vectors of `params.dimension` numbers, for `APPROX_NEAR_*` queries. The
   * server trains the index on the documents present when it is created.
   */
  async addVectorIndex(field: string, params: VectorIndexParams, opts?: VectorIndexOptions & CallOptions): Promise<EnsureIndexResult> {
    return this.addIndex({ type: 'vector', fields: [field], params, ...withoutCallOptions(opts) }, callOptions(opts));
  }

  /** `DELETE /_api/index/{coll}/{id}` — 404/1212 for an unknown index. */
  async deleteIndex(selector: IndexSelector, opts?: CallOptions): Promise<{ id: string }> {
    return this.connection.send({ operation: 'collection.deleteIndex', ...callOptions(opts), method: 'DELETE', path: this.indexPath(selector) }, flat<{ id: string }>);
  }

  // ---- internals ----------------------------------------------------------------------------

  private async writeMatch(
    method: string,
    traced: string,
    filters: Partial<Document<T>> | Record<string, unknown>,
    operation: string,
    extraVars: Record<string, unknown>,
    opts: MatchOptions | undefined,
    options: Record<string, boolean | undefined>,
  ): Promise<number> {
    const { filter, vars } = filterClause(filters, method);
    if (opts?.limit !== undefined && (!Number.isInteger(opts.limit) || opts.limit < 0)) {
      throw new ArangoClientError(`${method} limit must be a non-negative integer, got ${String(opts.limit)}`);
    }
    const limit = opts?.limit !== undefined ? 'LIMIT @limit' : '';
    const flags: Record<string, boolean> = {};
    for (const [k, v] of Object.entries({ ...options, waitForSync: opts?.waitForSync })) if (v !== undefined) flags[k] = v;
    // OPTIONS must be known when the query is compiled; the values are booleans only, written inline.
    const optionsClause = Object.keys(flags).length > 0 ? ` OPTIONS ${JSON.stringify(flags)}` : '';
    const cursor = await this.query<number>(
      method,
      traced,
      `FOR d IN @@c ${filter} ${limit} ${operation}${optionsClause} RETURN 1`,
      { ...vars, ...extraVars, ...(opts?.limit !== undefined ? { limit: opts.limit } : {}) },
      opts,
    );
    return (await cursor.all()).length;
  }

  /**
   * Runs an AQL query over this collection (`@@c`) and hands back its cursor, traced as
   * `operation` (the public method, e.g. `collection.all`), not as `aql.query`.
   */
  private async query<R>(method: string, operation: string, text: string, bindVars: Record<string, unknown>, opts: CursorOptions | undefined): Promise<Cursor<R>> {
    // A cursor reads its later batches with more requests: not something one async job can be.
    assertMultiRequest(this.connection, method);
    const options: QueryOptions & CallOptions = { ...callOptions(opts), bindVars: { '@c': this.#name, ...bindVars } };
    if (opts?.batchSize !== undefined) options.batchSize = opts.batchSize;
    if (opts?.ttl !== undefined) options.ttl = opts.ttl;
    if (opts?.stream !== undefined) options.stream = opts.stream;
    if (opts?.allowDirtyRead === true) options.allowDirtyReads = true;
    return runQuery<R>(this.connection, operation, text, options);
  }

  /** Type a `create()` without an explicit type gets; edge collections override. */
  protected defaultType(): 2 | 3 | undefined {
    return undefined;
  }

  protected url(p: string): string {
    return `/_db/${encodeURIComponent(this.connection.databaseName)}${p}`;
  }

  private indexPath(selector: IndexSelector): string {
    const id = typeof selector === 'string' ? selector : isObject(selector) && typeof selector.id === 'string' ? selector.id : undefined;
    if (id === undefined || id === '') throw new ArangoClientError(`not an index selector: ${JSON.stringify(selector)}`);
    const slash = id.indexOf('/');
    assertNotDotSegment('index name', id.slice(slash + 1), 'address the index by its numeric id (see indexes())');
    if (slash === -1) return path`/_api/index/${this.#name}/${id}`;
    const coll = id.slice(0, slash);
    if (coll !== this.#name) throw new ArangoClientError(`index "${id}" does not belong to collection "${this.#name}"`);
    return path`/_api/index/${coll}/${id.slice(slash + 1)}`;
  }

  private async writeOne(
    method: HttpMethod,
    selector: DocumentSelector,
    body: object,
    query: Record<string, string | boolean | undefined>,
    opts: ReplaceOptions | undefined,
    operation: string,
  ): Promise<WriteResult<T>> {
    const key = selectorKey(selector, this.#name);
    if (isDotSegment(key)) {
      const call = dotKeyWrite<WriteResult<T>>(method as 'PUT' | 'PATCH', this.#name, key, expectedRev(selector, opts), body, query, { silent: opts?.silent }, (p) => this.url(p));
      return this.connection.send(withCallOptions({ ...call.spec, operation }, opts), call.parse as (res: ArangoResponse) => WriteResult<T>);
    }
    return this.connection.send(
      { operation, ...callOptions(opts), method, path: path`/_api/document/${this.#name}/${key}`, query, headers: ifMatch(selector, opts), body },
      opts?.silent === true ? silentResult<T> : writeResult<T>,
    );
  }

  /** Selectors of a many-call as the server takes them: keys, or `{ _key, _rev }` objects. */
  private manySelectors(selectors: readonly DocumentSelector[], method: string): (string | { _key: string; _rev?: string })[] {
    assertArray(selectors, method);
    return selectors.map((s, i) => {
      let key: string;
      try {
        key = selectorKey(s, this.#name);
      } catch (err) {
        throw new ArangoClientError(`${method} item ${i}: ${(err as Error).message}`);
      }
      const rev = selectorRev(s);
      return rev === undefined ? key : { _key: key, _rev: rev };
    });
  }

  /** Documents of a many-write: each must name its target; an `_id` becomes the `_key`. */
  private manyDocuments<D extends object>(docs: readonly D[], method: string): D[] {
    assertArray(docs, method);
    return docs.map((d, i) => {
      assertDocument(d, `${method} item ${i}`);
      const rec = d as { _key?: unknown; _id?: unknown };
      if (typeof rec._key === 'string' && rec._key !== '') return d;
      if (typeof rec._id === 'string') {
        try {
          return { ...d, _key: selectorKey(rec._id, this.#name) };
        } catch (err) {
          throw new ArangoClientError(`${method} item ${i}: ${(err as Error).message}`);
        }
      }
      throw new ArangoClientError(`${method} item ${i} has neither _key nor _id`);
    });
  }

  private manyItems<R>(res: ArangoResponse, method: string, p: string, count: number | undefined, silent: boolean): ManyResult<R>[] {
    const b = res.body;
    // `silent: true`: `{}` when everything succeeded, else an array of the errors only.
    if (!Array.isArray(b)) {
      if (silent && isObject(b) && isEmptyObject(b)) return [];
      throw unexpected(res, 'a JSON array with one result per item (many-document API)');
    }
    if (count !== undefined && b.length !== count) throw unexpected(res, `a JSON array with one result per item (${count} items sent)`);
    const req = { method, url: this.url(p) };
    return b.map((item: unknown) => (isErrorItem(item) ? itemError(item, req, res) : (item as R)));
  }
}

/** An edge collection: documents carry `_from`/`_to`; adds the edges API. */
export class EdgeCollection<T extends object = Record<string, unknown>> extends Collection<T & { _from: string; _to: string }> {
  protected override defaultType(): 2 | 3 {
    return 3;
  }

  /** `GET /_api/edges/{coll}?vertex=…&direction=…`: edges touching a vertex (`_id`). */
  async edges(vertex: string | { _id: string }, opts?: CallOptions & { direction?: Direction; allowDirtyRead?: boolean }): Promise<EdgesResult<T & { _from: string; _to: string }>> {
    const id = typeof vertex === 'string' ? vertex : isObject(vertex) && typeof vertex._id === 'string' ? vertex._id : undefined;
    if (id === undefined || !id.includes('/')) throw new ArangoClientError(`edges() needs a vertex _id like "coll/key", got ${JSON.stringify(vertex)}`);
    return this.connection.send(
      { operation: 'collection.edges',
        ...callOptions(opts),
        method: 'GET',
        path: path`/_api/edges/${this.name}`,
        query: { vertex: id, direction: opts?.direction },
        headers: headers({ 'x-arango-allow-dirty-read': opts?.allowDirtyRead === true ? 'true' : undefined }),
      },
      (res) => flat<EdgesResult<T & { _from: string; _to: string }>>(res),
    );
  }

  /** `edges(vertex, { direction: 'in' })`: edges whose `_to` is the vertex. */
  inEdges(vertex: string | { _id: string }, opts?: CallOptions & { allowDirtyRead?: boolean }): Promise<EdgesResult<T & { _from: string; _to: string }>> {
    return this.edges(vertex, { ...opts, direction: 'in' });
  }

  /** `edges(vertex, { direction: 'out' })`: edges whose `_from` is the vertex. */
  outEdges(vertex: string | { _id: string }, opts?: CallOptions & { allowDirtyRead?: boolean }): Promise<EdgesResult<T & { _from: string; _to: string }>> {
    return this.edges(vertex, { ...opts, direction: 'out' });
  }
}

// ---- module helpers ---------------------------------------------------------------------------

function assertDocument(doc: unknown, what: string): void {
  if (!isObject(doc)) throw new ArangoClientError(`${what}: a document must be an object, got ${doc === null ? 'null' : Array.isArray(doc) ? 'an array' : typeof doc}`);
}

function assertArray(value: unknown, method: string): void {
  if (!Array.isArray(value)) throw new ArangoClientError(`${method}() takes an array`);
}

function expectedRev(selector: DocumentSelector, opts: { rev?: string; checkRev?: boolean } | undefined): string | undefined {
  if (opts?.checkRev === false) return undefined;
  return opts?.rev ?? selectorRev(selector);
}

function quoteEtag(rev: string): string {
  return rev.startsWith('"') ? rev : `"${rev}"`;
}

/** Shared by every call that sends no precondition header (read-only: the transport copies). */
const GET_GRACEFUL: readonly number[] = Object.freeze([304, 404]);
const GET_STRICT: readonly number[] = Object.freeze([304]);

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

function isEmptyObject(value: object): boolean {
  if (Array.isArray(value)) return false;
  for (const _ in value) return false;
  return true;
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

/** `checkRev` (python-arango) → ArangoDB's `ignoreRevs`, unless `ignoreRevs` is given. */
function ignoreRevs(opts: { checkRev?: boolean; ignoreRevs?: boolean } | undefined): boolean | undefined {
  if (opts?.ignoreRevs !== undefined) return opts.ignoreRevs;
  if (opts?.checkRev !== undefined) return !opts.checkRev;
  return undefined;
}

const NO_QUERY: Readonly<Record<string, undefined>> = Object.freeze({});

function insertQuery(opts: InsertOptions | undefined): Readonly<Record<string, string | boolean | undefined>> {
  if (opts === undefined) return NO_QUERY;
  return {
    waitForSync: opts?.waitForSync,
    returnNew: opts?.returnNew,
    returnOld: opts?.returnOld,
    silent: opts?.silent,
    overwrite: opts?.overwrite,
    overwriteMode: opts?.overwriteMode,
    keepNull: opts?.keepNull,
    mergeObjects: opts?.mergeObjects,
    refillIndexCaches: opts?.refillIndexCaches,
    versionAttribute: opts?.versionAttribute,
  };
}

function updateQuery(opts: UpdateOptions | undefined): Record<string, string | boolean | undefined> {
  return { ...replaceQuery(opts), keepNull: opts?.keepNull, mergeObjects: opts?.mergeObjects };
}

function deleteQuery(opts: DeleteOptions | undefined): Record<string, boolean | undefined> {
  return {
    waitForSync: opts?.waitForSync,
    returnOld: opts?.returnOld,
    silent: opts?.silent,
    refillIndexCaches: opts?.refillIndexCaches,
    ignoreRevs: ignoreRevs(opts),
  };
}

function replaceQuery(opts: ReplaceOptions | undefined): Record<string, string | boolean | undefined> {
  return {
    waitForSync: opts?.waitForSync,
    returnNew: opts?.returnNew,
    returnOld: opts?.returnOld,
    silent: opts?.silent,
    refillIndexCaches: opts?.refillIndexCaches,
    versionAttribute: opts?.versionAttribute,
    ignoreRevs: ignoreRevs(opts),
  };
}

/** `FILTER d[@a0] == @v0 && …` for the top-level attributes of `filters`. */
function filterClause(filters: unknown, method: string): { filter: string; vars: Record<string, unknown> } {
  if (!isObject(filters)) throw new ArangoClientError(`${method}() filters must be an object of attribute → value`);
  const vars: Record<string, unknown> = {};
  const conds: string[] = [];
  Object.entries(filters).forEach(([attr, value], i) => {
    conds.push(`d[@a${i}] == @v${i}`);
    vars[`a${i}`] = attr;
    vars[`v${i}`] = value === undefined ? null : value;
  });
  return { filter: conds.length > 0 ? `FILTER ${conds.join(' && ')}` : '', vars };
}

/** A collection's description or properties: a JSON object naming the collection. */
function described<D>(res: ArangoResponse): D {
  const b = flat<{ name?: unknown }>(res);
  if (typeof b.name !== 'string') throw unexpected(res, 'a collection description: a JSON object with a "name"');
  return b as D;
}

function parseChecksum(res: ArangoResponse): CollectionChecksum {
  const b = flat<{ checksum: unknown; revision: unknown }>(res);
  if ((typeof b.checksum !== 'string' && typeof b.checksum !== 'number') || typeof b.revision !== 'string') {
    throw unexpected(res, 'a JSON object with a "checksum" and a "revision"');
  }
  return { checksum: String(b.checksum), revision: b.revision };
}

function limitClause(opts: { skip?: number; limit?: number } | undefined): { clause: string; vars: Record<string, number> } {
  const skip = opts?.skip;
  const limit = opts?.limit;
  for (const [n, v] of [['skip', skip], ['limit', limit]] as const) {
    if (v !== undefined && (!Number.isInteger(v) || v < 0)) throw new ArangoClientError(`${n} must be a non-negative integer, got ${String(v)}`);
  }
  if (skip === undefined && limit === undefined) return { clause: '', vars: {} };
  return { clause: 'LIMIT @skip, @limit', vars: { skip: skip ?? 0, limit: limit ?? Number.MAX_SAFE_INTEGER } };
}

function errorNumOf(res: ArangoResponse): number | undefined {
  const b = res.body;
  return isObject(b) && typeof b.errorNum === 'number' ? b.errorNum : undefined;
}

function numberField(res: ArangoResponse, field: string): number {
  return expectField<number>(res, field, 'number');
}

/** An allowed status that turned out to be a real error (e.g. 404 for a missing collection, not a document). */
export function serverError(res: ArangoResponse, method: string, url: string): ArangoServerError {
  const b = isObject(res.body) ? res.body : {};
  return new ArangoServerError({
    httpCode: res.status,
    errorNum: typeof b.errorNum === 'number' ? b.errorNum : 0,
    errorMessage: typeof b.errorMessage === 'string' ? b.errorMessage : `HTTP ${res.status}`,
    method,
    url,
    hostId: res.hostId,
    headers: res.headers,
    body: res.body,
  });
}

inspectable(Collection);
