/** Collection descriptions, properties and options (openapi_3.12_collections.txt). */
import type { CallOptions } from '../transport/request.js';

/** 2 = document collection, 3 = edge collection. */
export type CollectionTypeCode = 2 | 3;
/** A collection type: ArangoDB's numeric code (2 document, 3 edge) or its name. */
export type CollectionType = CollectionTypeCode | 'document' | 'edge';

/**
 * `GET /_api/collection/{name}`: the collection's id, name, type code (2 document, 3 edge), whether it
 * is a system collection (name starting with `_`) and its id unique across the cluster.
 */
export interface CollectionDescription {
  /** The collection's id (a number as a string). */
  id: string;
  name: string;
  /** 3 (loaded) for every collection in ArangoDB 3.12; the other codes date from the MMFiles engine. */
  status: number;
  /** 2 for a document collection, 3 for an edge collection. */
  type: CollectionTypeCode;
  /** Whether it is a system collection (its name starts with `_`). */
  isSystem: boolean;
  /** An id unique across the cluster and its databases. */
  globallyUniqueId: string;
}

/**
 * How `_key` values are generated: `traditional` (ascending numbers as strings), `autoincrement`
 * (single-shard collections only; `increment`/`offset`), `uuid`, or `padded` (fixed-length,
 * lexicographically sortable).
 */
export type KeyGeneratorType = 'traditional' | 'autoincrement' | 'uuid' | 'padded';

/**
 * Key generation (`keyOptions`): the generator, whether documents may bring their own `_key`
 * (`allowUserKeys`), and for `autoincrement` the step and the first value.
 */
export interface KeyOptions {
  /** The key generator (default `traditional`). */
  type?: KeyGeneratorType;
  /** Whether documents may bring their own `_key` (default `true`); `false` leaves it to the generator. */
  allowUserKeys?: boolean;
  /** `autoincrement` only: the step between generated keys. */
  increment?: number;
  /** `autoincrement` only: the first generated key. */
  offset?: number;
}

/**
 * Document validation (`schema`): a JSON Schema `rule`, the `level` it applies at (`none`, `new`:
 * only new documents, `moderate`: new and valid ones, `strict`: every write) and the error `message`.
 */
export interface SchemaOptions {
  /** The JSON Schema documents are validated against. */
  rule: Record<string, unknown>;
  /** When to validate: `none`, `new` (inserts only), `moderate` (new and already valid documents), `strict` (every write). */
  level?: 'none' | 'new' | 'moderate' | 'strict';
  /** The error message of a refused write. */
  message?: string;
  type?: 'json';
}

/**
 * A computed value: attribute `name` set from the AQL `expression` (a `RETURN …` using `@doc`) on the
 * write operations in `computeOn` (default all three); `overwrite` replaces a value the document
 * brings; `keepNull` (default `true`) stores a `null` result; `failOnWarning` (default `false`) makes
 * a warning fail the write.
 */
export interface ComputedValue {
  /** The attribute the value is stored in. */
  name: string;
  /** An AQL `RETURN …` expression; `@doc` is the document being written. */
  expression: string;
  /** Replace a value the document brings for `name`. */
  overwrite: boolean;
  computeOn?: ('insert' | 'update' | 'replace')[];
  keepNull?: boolean;
  failOnWarning?: boolean;
}

/**
 * How documents are spread over shards (cluster; fixed at creation). `hash` is the default of new
 * collections; the `enterprise-*` strategies belong to SmartGraphs.
 */
export type ShardingStrategy =
  | 'community-compat'
  | 'enterprise-compat'
  | 'enterprise-smart-edge-compat'
  | 'hash'
  | 'enterprise-hash-smart-edge'
  | 'enterprise-hex-smart-vertex';

/** `POST /_api/collection` body fields besides `name`, plus its two query parameters. */
export interface CreateCollectionOptions extends CallOptions {
  /** `edge` (or 3) for an edge collection; default a document collection. */
  type?: CollectionType;
  /** Writes wait until synced to disk by default. */
  waitForSync?: boolean;
  /** Create a system collection (its name must start with `_`). */
  isSystem?: boolean;
  schema?: SchemaOptions;
  computedValues?: ComputedValue[];
  keyOptions?: KeyOptions;
  /** An in-memory hash cache for documents. */
  cacheEnabled?: boolean;
  /** Cluster: number of shards (fixed at creation). */
  numberOfShards?: number;
  /** Cluster: the attributes that decide a document's shard (default `["_key"]`). */
  shardKeys?: string[];
  /** A number, or `"satellite"` (Enterprise). */
  replicationFactor?: number | 'satellite';
  /** Cluster: in-sync copies a write needs (at most `replicationFactor`). */
  writeConcern?: number;
  /** Cluster: how documents are spread over shards (fixed at creation). */
  shardingStrategy?: ShardingStrategy;
  /** Cluster: place the shards like those of this collection. */
  distributeShardsLike?: string;
  isSmart?: boolean;
  isDisjoint?: boolean;
  smartGraphAttribute?: string;
  smartJoinAttribute?: string;
  /** Query parameter: report success only when all replicas exist (server default true). */
  waitForSyncReplication?: boolean;
  /** Query parameter: check that enough DB-servers exist (server default true). */
  enforceReplicationFactor?: boolean;
}

/**
 * `GET /_api/collection/{name}/properties`: the description plus sync, schema, computed values, key
 * generation (with the last generated value), in-memory cache, and in a cluster the sharding and
 * replication settings.
 */
export interface CollectionProperties extends CollectionDescription {
  statusString?: string;
  /** Every write waits until it is synced to disk. */
  waitForSync: boolean;
  schema: (SchemaOptions & { type?: string }) | null;
  computedValues: ComputedValue[] | null;
  keyOptions: KeyOptions & { lastValue?: number };
  /** The in-memory hash cache for documents is on. */
  cacheEnabled: boolean;
  syncByRevision: boolean;
  numberOfShards?: number;
  shardKeys?: string[];
  replicationFactor?: number | 'satellite';
  /** In-sync copies a write needs (at most `replicationFactor`). */
  writeConcern?: number;
  minReplicationFactor?: number;
  shardingStrategy?: ShardingStrategy;
  distributeShardsLike?: string;
  isSmart?: boolean;
  isDisjoint?: boolean;
  smartGraphAttribute?: string;
  smartJoinAttribute?: string;
}

/** `PUT /_api/collection/{name}/properties` body. */
export interface CollectionPropertiesUpdate extends CallOptions {
  waitForSync?: boolean;
  cacheEnabled?: boolean;
  schema?: SchemaOptions | null;
  computedValues?: ComputedValue[] | null;
  replicationFactor?: number | 'satellite';
  writeConcern?: number;
}

/**
 * `GET /_api/collection/{name}/figures` (`figures`): index count and memory (bytes), document data
 * size, and the in-memory cache's state, size, usage and hit rates; `engine` holds RocksDB details
 * when `details: true` was asked.
 */
export interface CollectionFigures {
  indexes: { count: number; size: number };
  documentsSize?: number;
  cacheInUse?: boolean;
  cacheSize?: number;
  cacheUsage?: number;
  cacheLifeTimeHitRate?: number;
  cacheWindowedHitRate?: number;
  engine?: Record<string, unknown>;
  [key: string]: unknown;
}

/**
 * `GET /_api/collection/{name}/checksum`: a checksum over the keys (and with the options revisions
 * and data) and the collection's revision id.
 */
export interface CollectionChecksum {
  checksum: string;
  revision: string;
}

export interface TruncateOptions extends CallOptions {
  waitForSync?: boolean;
  compact?: boolean;
}

export interface ChecksumOptions extends CallOptions {
  withRevisions?: boolean;
  withData?: boolean;
}

export interface DropCollectionOptions extends CallOptions {
  isSystem?: boolean;
}

/** `shards()` without details: shard ids; with `details: true`: shard id → [leader, ...followers]. */
export type ShardList = string[];
/** `shards({ details: true })`: shard id → responsible servers, the leader first. */
export type ShardMap = Record<string, string[]>;
