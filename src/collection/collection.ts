/**
 * `db.collection<T>(name)`: one collection's document, index and management API. Every method is
 * one request (except the AQL helpers and chunked import), described as a RequestSpec and parsed
 * in the module of its concept — management.ts, single-documents.ts, many-documents.ts, import.ts,
 * aql-helpers.ts, index-operations.ts — which the class delegates to, passing itself as the
 * CollectionTarget; the connection decides where a request goes (plain, transaction, async job).
 */
import type { Connection } from '../connection.js';
import type { Cursor } from '../cursor.js';
import { describeHandle, inspectable, type HandleDescription } from '../describe.js';
import { ArangoClientError } from '../errors.js';
import { path } from '../transport/path.js';
import type { CallOptions } from '../transport/request.js';
import * as aql from './aql-helpers.js';
import type { AllOptions, CursorOptions, MatchOptions } from './aql-helpers.js';
import type {
  DeleteOptions,
  Document,
  DocumentData,
  DocumentSelector,
  GetManyOptions,
  HasOptions,
  InsertOptions,
  ManyResult,
  Patch,
  ReadOptions,
  ReplaceOptions,
  UpdateOptions,
  WriteResult,
} from './documents.js';
import { importBulk, type ImportOptions, type ImportResult } from './import.js';
import * as indexOps from './index-operations.js';
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
import * as management from './management.js';
import { assertName } from './management.js';
import * as many from './many-documents.js';
import { callOptions, flat, headers, isObject, withoutCallOptions } from './request-util.js';
import * as single from './single-documents.js';
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

type Direction = 'in' | 'out' | 'any';

/** `GET /_api/edges/{collection}`: the edges touching the vertex and index statistics (`scannedIndex`, `filtered`). */
export interface EdgesResult<T extends object> {
  edges: Document<T>[];
  stats: { scannedIndex?: number; filtered?: number; [key: string]: unknown };
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
    return management.exists(this, opts);
  }

  /** `GET /_api/collection/{name}`: basic description. */
  async info(opts?: CallOptions): Promise<CollectionDescription> {
    return management.info(this, opts);
  }

  /** Creates this collection (`POST /_api/collection`) with every documented option. */
  async create(opts?: CreateCollectionOptions): Promise<CollectionProperties> {
    return management.create(this, opts, this.defaultType());
  }

  /** `DELETE /_api/collection/{name}`; `isSystem` is required to drop a system collection. */
  async drop(opts?: DropCollectionOptions): Promise<{ id: string }> {
    return management.drop(this, opts);
  }

  /** `GET /_api/collection/{name}/properties`: every property, including the cluster settings. */
  async properties(opts?: CallOptions): Promise<CollectionProperties> {
    return management.properties(this, opts);
  }

  /** `PUT /_api/collection/{name}/properties`: changes the properties given (arangojs: `properties(props)`). */
  async configure(properties: CollectionPropertiesUpdate): Promise<CollectionProperties> {
    return management.configure(this, properties);
  }

  /** Number of documents (`GET …/count`; honours a stream transaction). */
  async count(opts?: CallOptions): Promise<number> {
    return management.count(this, opts);
  }

  /** `GET …/figures`: the `figures` object and the count (arangojs: `figures()`). */
  async statistics(opts?: CallOptions & { details?: boolean }): Promise<CollectionFigures & { count?: number }> {
    return management.statistics(this, opts);
  }

  /** The collection's revision id (`GET …/revision`). */
  async revision(opts?: CallOptions): Promise<string> {
    return management.revision(this, opts);
  }

  /** The collection checksum (an uint64 as a decimal string), as python-arango returns it. */
  async checksum(opts?: ChecksumOptions): Promise<string> {
    return management.checksum(this, opts);
  }

  /** Checksum and revision together (`GET …/checksum`). */
  async checksumInfo(opts?: ChecksumOptions): Promise<CollectionChecksum> {
    return management.checksumInfo(this, opts);
  }

  /** `PUT …/rename`; this object then addresses the new name. Single servers only (501 in a cluster). */
  async rename(newName: string, opts?: CallOptions): Promise<CollectionDescription> {
    return management.rename(this, newName, opts, (name) => {
      this.#name = name;
    });
  }

  /**
   * `PUT /_api/collection/{name}/truncate`: removes every document; `compact` (server default `true`)
   * compacts the data afterwards, `waitForSync` syncs before answering.
   */
  async truncate(opts?: TruncateOptions): Promise<CollectionDescription> {
    return management.truncate(this, opts);
  }

  /**
   * `PUT /_api/collection/{name}/compact`: compacts the collection's data to reclaim disk space
   * (a background operation on the server).
   */
  async compact(opts?: CallOptions): Promise<CollectionDescription> {
    return management.putAction(this, 'compact', opts);
  }

  /**
   * `PUT …/load`: answers the description and count.
   *
   * @deprecated Deprecated by ArangoDB since 3.8, a no-op since 3.9, removed in v4.0.
   */
  async load(opts?: CallOptions): Promise<CollectionDescription & { count?: number }> {
    return management.putAction(this, 'load', opts);
  }

  /**
   * `PUT …/unload`.
   *
   * @deprecated Deprecated by ArangoDB since 3.8, a no-op since 3.9, removed in v4.0.
   */
  async unload(opts?: CallOptions): Promise<CollectionDescription> {
    return management.putAction(this, 'unload', opts);
  }

  /** `PUT …/loadIndexesIntoMemory`: loads the collection's indexes into memory. */
  async loadIndexes(opts?: CallOptions): Promise<boolean> {
    return management.loadIndexes(this, opts);
  }

  /** `PUT …/recalculateCount`: the recounted number of documents. */
  async recalculateCount(opts?: CallOptions): Promise<number | undefined> {
    return management.recalculateCount(this, opts);
  }

  /** Shard ids, or with `details: true` shard id → [leader, ...followers]. Cluster coordinators only. */
  async shards(opts: CallOptions & { details: true }): Promise<ShardMap>;
  async shards(opts?: CallOptions & { details?: false }): Promise<ShardList>;
  async shards(opts?: CallOptions & { details?: boolean }): Promise<ShardList | ShardMap> {
    return management.shards(this, opts);
  }

  /** The shard that holds (or would hold) a document with these shard-key values. */
  async responsibleShard(document: Partial<DocumentData<T>> | Record<string, unknown>, opts?: CallOptions): Promise<string> {
    return management.responsibleShard<T>(this, document, opts);
  }

  // ---- single documents ---------------------------------------------------------------------

  /**
   * `GET /_api/document/{coll}/{key}`. A missing document resolves `null` (python-arango) unless
   * `graceful: false`; a missing collection always throws (404/1203); a failed `rev` check throws
   * 412/1200; with `ifNoneMatch`, an unchanged document (304) resolves `null`.
   */
  async get(selector: DocumentSelector, opts?: ReadOptions): Promise<Document<T> | null> {
    return single.get<T>(this, selector, opts);
  }

  /** `HEAD /_api/document/{coll}/{key}`: whether the document exists (a failed `rev` check throws 412). */
  async has(selector: DocumentSelector, opts?: HasOptions): Promise<boolean> {
    return single.has(this, selector, opts);
  }

  /** `POST /_api/document/{coll}`. With `silent: true` the server answers `{}`. */
  async insert(document: DocumentData<T>, opts?: InsertOptions): Promise<WriteResult<T>> {
    return single.insert<T>(this, document, opts);
  }

  /** `PUT /_api/document/{coll}/{key}`. The selector's `_rev` (or `rev`) is checked unless `checkRev: false`. */
  async replace(selector: DocumentSelector, document: DocumentData<T>, opts?: ReplaceOptions): Promise<WriteResult<T>> {
    return single.replace<T>(this, selector, document, opts);
  }

  /** `PATCH /_api/document/{coll}/{key}`. */
  async update(selector: DocumentSelector, patch: Patch<T>, opts?: UpdateOptions): Promise<WriteResult<T>> {
    return single.update<T>(this, selector, patch, opts);
  }

  /** `DELETE /_api/document/{coll}/{key}`; with `ignoreMissing` a missing document resolves `null`. */
  async delete(selector: DocumentSelector, opts: DeleteOptions & { ignoreMissing: true }): Promise<WriteResult<T> | null>;
  async delete(selector: DocumentSelector, opts?: DeleteOptions): Promise<WriteResult<T>>;
  async delete(selector: DocumentSelector, opts?: DeleteOptions): Promise<WriteResult<T> | null> {
    return single.remove<T>(this, selector, opts);
  }

  // ---- many documents (one request each; per-item errors kept) ------------------------------

  /** `PUT /_api/document/{coll}?onlyget=true`: documents in input order; a missing one is its error. */
  async getMany(selectors: readonly DocumentSelector[], opts?: GetManyOptions): Promise<ManyResult<Document<T>>[]> {
    return many.getMany<T>(this, selectors, opts);
  }

  /**
   * `POST /_api/document/{collection}` with an array: inserts every document in one request. Answers
   * one result per document, in order; a document the server refused is an {@link ArangoServerError}
   * in its place (the others are written).
   *
   * @throws {@link ArangoClientError} when `documents` is not an array of objects (nothing is sent).
   */
  async insertMany(documents: readonly DocumentData<T>[], opts?: InsertOptions): Promise<ManyResult<WriteResult<T>>[]> {
    return many.insertMany<T>(this, documents, opts);
  }

  /** `PUT /_api/document/{coll}`: each document names its target by `_key` (or `_id`). */
  async replaceMany(
    documents: readonly (DocumentData<T> & ({ _key: string } | { _id: string }))[],
    opts?: ReplaceOptions,
  ): Promise<ManyResult<WriteResult<T>>[]> {
    return many.replaceMany<T>(this, documents, opts);
  }

  /** `PATCH /_api/document/{coll}`: each patch names its target by `_key` (or `_id`). */
  async updateMany(
    patches: readonly (Patch<T> & ({ _key: string } | { _id: string }))[],
    opts?: UpdateOptions,
  ): Promise<ManyResult<WriteResult<T>>[]> {
    return many.updateMany<T>(this, patches, opts);
  }

  /** `DELETE /_api/document/{coll}` with selectors (keys, ids or objects with `_key`/`_rev`). */
  async deleteMany(selectors: readonly DocumentSelector[], opts?: DeleteOptions): Promise<ManyResult<WriteResult<T>>[]> {
    return many.deleteMany<T>(this, selectors, opts);
  }

  // ---- import -------------------------------------------------------------------------------

  /**
   * `POST /_api/import` of an array of documents or JSONL text, `batchSize` documents per request,
   * one request after the other; the counts of all chunks are summed. `overwrite` truncates with
   * the first chunk only. `complete` is all-or-nothing per chunk, not for the whole input.
   */
  async importBulk(data: readonly DocumentData<T>[] | string, opts?: ImportOptions): Promise<ImportResult> {
    return importBulk<T>(this, data, opts);
  }

  // ---- AQL helpers --------------------------------------------------------------------------

  /** Every document (optionally `skip`/`limit`), as a cursor (python-arango / arangojs `all`). */
  async all(opts?: AllOptions): Promise<Cursor<Document<T>>> {
    return aql.all<T>(this, opts);
  }

  /** One random document, or null when the collection is empty. */
  async random(opts?: CallOptions & { allowDirtyRead?: boolean }): Promise<Document<T> | null> {
    return aql.random<T>(this, opts);
  }

  /** Every `_key`, as a cursor. */
  async keys(opts?: CursorOptions): Promise<Cursor<string>> {
    return aql.keys(this, opts);
  }

  /** Every `_id`, as a cursor. */
  async ids(opts?: CursorOptions): Promise<Cursor<string>> {
    return aql.ids(this, opts);
  }

  /**
   * Documents whose top-level attributes equal every entry of `filters` (AQL `==`, so nested
   * objects compare whole), with optional `skip`/`limit`, as a cursor.
   */
  async find(filters: Partial<Document<T>> | Record<string, unknown>, opts?: AllOptions): Promise<Cursor<Document<T>>> {
    return aql.find<T>(this, filters, opts);
  }

  /** Updates (merges `patch` into) every document matching `filters`; resolves to how many. */
  async updateMatch(
    filters: Partial<Document<T>> | Record<string, unknown>,
    patch: Patch<T>,
    opts?: MatchOptions & { keepNull?: boolean; mergeObjects?: boolean },
  ): Promise<number> {
    return aql.updateMatch<T>(this, filters, patch, opts);
  }

  /** Replaces every document matching `filters` with `document` (keys kept); resolves to how many. */
  async replaceMatch(filters: Partial<Document<T>> | Record<string, unknown>, document: DocumentData<T>, opts?: MatchOptions): Promise<number> {
    return aql.replaceMatch<T>(this, filters, document, opts);
  }

  /** Deletes every document matching `filters`; resolves to how many. */
  async deleteMatch(filters: Partial<Document<T>> | Record<string, unknown>, opts?: MatchOptions): Promise<number> {
    return aql.deleteMatch<T>(this, filters, opts);
  }

  // ---- indexes ------------------------------------------------------------------------------

  /**
   * `GET /_api/index?collection=…`: every index of the collection (with `withStats` their figures,
   * with `withHidden` indexes still being built).
   */
  async indexes(opts?: CallOptions & ListIndexesOptions): Promise<IndexDescription[]> {
    return indexOps.indexes(this, opts);
  }

  /** `GET /_api/index/{coll}/{id}` — 404/1212 for an unknown index. */
  async index(selector: IndexSelector, opts?: CallOptions): Promise<IndexDescription> {
    return indexOps.index(this, selector, opts);
  }

  /** `POST /_api/index?collection=…`: creates the index or returns the identical existing one. */
  async addIndex(definition: IndexDefinition, opts?: CallOptions): Promise<EnsureIndexResult> {
    return indexOps.addIndex(this, definition, opts);
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
    return indexOps.deleteIndex(this, selector, opts);
  }

  // ---- internals ----------------------------------------------------------------------------

  /** Type a `create()` without an explicit type gets; edge collections override. */
  protected defaultType(): 2 | 3 | undefined {
    return undefined;
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

inspectable(Collection);
