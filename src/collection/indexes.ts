/** Index definitions and descriptions (openapi_3.12_indexes_*.txt). */

/** Settings every index type takes. */
interface IndexBase {
  /** Index name, unique in the collection (the server generates `idx_…` otherwise). */
  name?: string;
  /** Build without holding an exclusive collection lock (writes go on during the build). */
  inBackground?: boolean;
}

/** A persistent index (sorted, in RocksDB): equality, range and sort on `fields`, in that order. */
export interface PersistentIndexDefinition extends IndexBase {
  /** `hash` and `skiplist` are server-side aliases of `persistent`. */
  type: 'persistent' | 'hash' | 'skiplist';
  fields: string[];
  /** No two documents may have the same values in `fields`. */
  unique?: boolean;
  /** Leave out documents where a field is `null` or missing. */
  sparse?: boolean;
  /** Array indexes (`field[*]`): index a value repeated in one array once (server default `true`). */
  deduplicate?: boolean;
  /** Keep selectivity estimates for the optimizer (server default `true`). */
  estimates?: boolean;
  /** An in-memory cache of index lookups (server default `false`). */
  cacheEnabled?: boolean;
  /** Extra attributes stored in the index to cover queries (not usable for lookups). */
  storedValues?: string[];
}

/**
 * A TTL index: a background thread removes documents once `expireAfter` seconds have passed since
 * the time in the field (a Unix timestamp in seconds, or an ISO 8601 date string).
 */
export interface TtlIndexDefinition extends IndexBase {
  type: 'ttl';
  fields: [string];
  /** Seconds after the time stored in the field at which a document expires. */
  expireAfter: number;
}

/**
 * A geo index on a coordinate pair or GeoJSON attribute (one field) or on a latitude and a longitude
 * attribute (two fields).
 */
export interface GeoIndexDefinition extends IndexBase {
  type: 'geo';
  fields: [string] | [string, string];
  /** With one field: an array value is `[longitude, latitude]` as in GeoJSON (default `[latitude, longitude]`). */
  geoJson?: boolean;
  /** Keep the pre-3.10 polygon interpretation (edges as straight lines, not geodesics). */
  legacyPolygons?: boolean;
}

/** Deprecated since 3.10, still served by 3.12. */
export interface FulltextIndexDefinition extends IndexBase {
  type: 'fulltext';
  fields: [string];
  minLength?: number;
}

/**
 * One field of an inverted index, with settings overriding the index's: the analyzer, its features,
 * whether to index all sub-attributes (`includeAllFields`), positions in arrays
 * (`trackListPositions`), the `searchField` mode, caching, and `nested` fields (Enterprise).
 */
export interface InvertedIndexField {
  name: string;
  analyzer?: string;
  features?: string[];
  includeAllFields?: boolean;
  searchField?: boolean;
  trackListPositions?: boolean;
  cache?: boolean;
  nested?: (string | InvertedIndexField)[];
}

/**
 * An inverted index (ArangoSearch in an index): full-text and other searches on `fields` via
 * `SEARCH` in a search-alias View or `FILTER` with an index hint. Besides the field defaults
 * (`analyzer`, `features`, `includeAllFields`, `trackListPositions`, `searchField`) it takes the
 * View-like settings: `primarySort`, `storedValues`, consolidation and commit intervals
 * (milliseconds), write buffer sizes (bytes) and caching.
 */
export interface InvertedIndexDefinition extends IndexBase {
  type: 'inverted';
  fields: (string | InvertedIndexField)[];
  searchField?: boolean;
  cache?: boolean;
  storedValues?: { fields: string[]; compression?: 'lz4' | 'none'; cache?: boolean }[];
  primarySort?: { fields: { field: string; direction: 'asc' | 'desc' }[]; compression?: 'lz4' | 'none'; cache?: boolean };
  primaryKeyCache?: boolean;
  analyzer?: string;
  features?: string[];
  includeAllFields?: boolean;
  trackListPositions?: boolean;
  parallelism?: number;
  cleanupIntervalStep?: number;
  commitIntervalMsec?: number;
  consolidationIntervalMsec?: number;
  consolidationPolicy?: Record<string, unknown>;
  writebufferIdle?: number;
  writebufferActive?: number;
  writebufferSizeMax?: number;
  optimizeTopK?: string[];
}

/**
 * A multi-dimensional index (`mdi`): range queries over several numeric attributes at once; the
 * `mdi-prefixed` variant first matches `prefixFields` by equality.
 */
export interface MdiIndexDefinition extends IndexBase {
  /** `zkd` is the pre-3.12 name of `mdi`. */
  type: 'mdi' | 'mdi-prefixed' | 'zkd';
  fields: string[];
  fieldValueTypes: 'double';
  prefixFields?: string[];
  storedValues?: string[];
  unique?: boolean;
  sparse?: boolean;
  estimates?: boolean;
}

/**
 * Parameters of a vector index (Faiss): the similarity `metric`, the vector `dimension`, the number
 * of Voronoi cells `nLists`, the cells searched by default (`defaultNProbe`), the training
 * iterations and, for experts, a Faiss `factory` string.
 */
export interface VectorIndexParams {
  metric: 'cosine' | 'innerProduct' | 'l2';
  dimension: number;
  nLists?: number;
  defaultNProbe?: number;
  trainingIterations?: number;
  factory?: string;
}

/**
 * A vector index (ArangoDB 3.12.4+) on one attribute holding vectors, for approximate nearest-neighbor
 * queries (`APPROX_NEAR_COSINE`, `APPROX_NEAR_INNER_PRODUCT`, `APPROX_NEAR_L2`).
 */
export interface VectorIndexDefinition extends IndexBase {
  type: 'vector';
  fields: [string];
  params: VectorIndexParams;
  storedValues?: string[];
  sparse?: boolean;
  parallelism?: number;
}

/** Any index definition `POST /_api/index` takes, by `type`. */
export type IndexDefinition =
  | PersistentIndexDefinition
  | TtlIndexDefinition
  | GeoIndexDefinition
  | FulltextIndexDefinition
  | InvertedIndexDefinition
  | MdiIndexDefinition
  | VectorIndexDefinition;

/** An index as the server describes it. Type-specific fields vary; the common ones are typed. */
export interface IndexDescription {
  /** `<collection>/<number>` */
  id: string;
  name: string;
  type: string;
  fields: (string | InvertedIndexField)[];
  unique?: boolean;
  sparse?: boolean;
  selectivityEstimate?: number;
  expireAfter?: number;
  storedValues?: unknown[];
  figures?: Record<string, unknown>;
  [key: string]: unknown;
}

export interface EnsureIndexResult extends IndexDescription {
  /** false when an identical index already existed (HTTP 200 instead of 201). */
  isNewlyCreated: boolean;
}

/**
 * Options of {@link Collection.indexes}: `withStats` adds each index's figures, `withHidden` includes
 * indexes still being built.
 */
export interface ListIndexesOptions {
  withStats?: boolean;
  withHidden?: boolean;
}

/** Index selector: an id (`coll/123` or `123`), a name, or a description carrying `id`. */
export type IndexSelector = string | { id: string };

/** Options of the typed helpers: everything but `type` and the positional arguments. */
export type PersistentIndexOptions = Omit<PersistentIndexDefinition, 'type' | 'fields'>;
/** Options of {@link Collection.addTtlIndex}. */
export type TtlIndexOptions = Omit<TtlIndexDefinition, 'type' | 'fields' | 'expireAfter'>;
/** Options of {@link Collection.addGeoIndex}. */
export type GeoIndexOptions = Omit<GeoIndexDefinition, 'type' | 'fields'>;
/** Options of {@link Collection.addFulltextIndex}. */
export type FulltextIndexOptions = Omit<FulltextIndexDefinition, 'type' | 'fields'>;
/** Options of {@link Collection.addInvertedIndex}. */
export type InvertedIndexOptions = Omit<InvertedIndexDefinition, 'type' | 'fields'>;
/** Options of {@link Collection.addMdiIndex}; `prefixed: true` makes it an `mdi-prefixed` index. */
export type MdiIndexOptions = Omit<MdiIndexDefinition, 'type' | 'fields' | 'fieldValueTypes'> & { fieldValueTypes?: 'double'; prefixed?: boolean };
/** Options of {@link Collection.addVectorIndex}. */
export type VectorIndexOptions = Omit<VectorIndexDefinition, 'type' | 'fields' | 'params'>;
