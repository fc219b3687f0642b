/** Shapes of the View API (`/_api/view`) for `arangosearch` and `search-alias` Views. */

export type ViewType = 'arangosearch' | 'search-alias';

/** What `GET /_api/view` and `GET /_api/view/{name}` describe. */
export interface ViewDescription {
  id: string;
  name: string;
  type: ViewType;
  globallyUniqueId: string;
}

/** What an `arangosearch` link stores per document besides the index: `none`, or `id` (needed for `EXISTS()`). */
export type StoreValues = 'none' | 'id';
/** Compression of primary sort and stored values columns: `lz4` (the default) or `none`. */
export type Compression = 'lz4' | 'none';

/** How one collection (or one field of it) is indexed by an `arangosearch` View. */
export interface ArangoSearchLink {
  analyzers?: string[];
  fields?: Record<string, ArangoSearchLink>;
  includeAllFields?: boolean;
  trackListPositions?: boolean;
  storeValues?: StoreValues;
  /** Enterprise Edition: index nested objects as such. */
  nested?: Record<string, ArangoSearchLink>;
  /** Build the link in the background (creation only). */
  inBackground?: boolean;
  cache?: boolean;
}

/** One field of a View's primary sort order as the server reports it: the attribute path and ascending or not. */
export interface PrimarySortField {
  field: string;
  asc: boolean;
}

/** Creation accepts `asc` or `direction`. */
export type PrimarySortFieldInput = { field: string; asc: boolean } | { field: string; direction: 'asc' | 'desc' };

/**
 * A set of attributes a View stores in its own column so queries can read them without the
 * documents; `compression` defaults to `lz4`, `cache` keeps them in memory.
 */
export interface StoredValue {
  fields: string[];
  compression?: Compression;
  cache?: boolean;
}

/**
 * The `tier` consolidation policy (default of `arangosearch` Views and inverted indexes): merges
 * index segments of similar size. `segmentsBytesMax` caps the size of a merged segment (bytes); the
 * other fields tune which segments are picked, and changed in 3.12.7 as marked.
 */
export interface TierConsolidationPolicy {
  type: 'tier';
  /** Up to v3.12.6. */
  segmentsMin?: number;
  /** Up to v3.12.6. */
  segmentsMax?: number;
  segmentsBytesMax?: number;
  /** Up to v3.12.6. */
  segmentsBytesFloor?: number;
  /** Up to v3.12.6. */
  minScore?: number;
  /** From v3.12.7. */
  maxSkewThreshold?: number;
  /** From v3.12.7. */
  minDeletionRatio?: number;
}

/**
 * The `bytes_accum` consolidation policy: merges segments while their size relative to all segments
 * stays below `threshold` (0.0 to 1.0).
 */
export interface BytesAccumConsolidationPolicy {
  type: 'bytes_accum';
  threshold?: number;
}

/** How an `arangosearch` View merges its index segments (applied every `consolidationIntervalMsec`). */
export type ConsolidationPolicy = TierConsolidationPolicy | BytesAccumConsolidationPolicy;

/** The properties of an `arangosearch` View that can be changed after creation. */
export interface ArangoSearchViewMutableProperties {
  /** Commits between removals of unused index files (0 never removes). */
  cleanupIntervalStep?: number;
  /** Milliseconds between commits that make new data visible to queries. */
  commitIntervalMsec?: number;
  /** Milliseconds between applications of the consolidation policy (0 never consolidates). */
  consolidationIntervalMsec?: number;
  consolidationPolicy?: ConsolidationPolicy;
}

/** Body of a properties update/replace; a link set to `null` removes it. */
export interface ArangoSearchViewPropertiesOptions extends ArangoSearchViewMutableProperties {
  links?: Record<string, ArangoSearchLink | null>;
}

export interface CreateArangoSearchViewOptions extends ArangoSearchViewMutableProperties {
  type: 'arangosearch';
  links?: Record<string, ArangoSearchLink>;
  primarySort?: PrimarySortFieldInput[];
  primarySortCompression?: Compression;
  primarySortCache?: boolean;
  primaryKeyCache?: boolean;
  optimizeTopK?: string[];
  storedValues?: StoredValue[];
  writebufferIdle?: number;
  writebufferActive?: number;
  writebufferSizeMax?: number;
}

/** An inverted index a `search-alias` View searches: the collection and the index's name or id. */
export interface SearchAliasIndex {
  collection: string;
  index: string;
}

/** Options of creating a `search-alias` View: the inverted indexes it searches. */
export interface CreateSearchAliasViewOptions {
  type: 'search-alias';
  indexes?: SearchAliasIndex[];
}

/** Options of creating a View (`POST /_api/view`), by `type`. */
export type CreateViewOptions = CreateArangoSearchViewOptions | CreateSearchAliasViewOptions;

/** A search-alias update adds (default) or removes (`del`) indexes. */
export interface SearchAliasViewPatch {
  indexes: (SearchAliasIndex & { operation?: 'add' | 'del' })[];
}

export interface ArangoSearchViewProperties extends ViewDescription {
  type: 'arangosearch';
  links: Record<string, ArangoSearchLink>;
  primarySort: PrimarySortField[];
  primarySortCompression: Compression;
  primarySortCache?: boolean;
  primaryKeyCache?: boolean;
  optimizeTopK?: string[];
  storedValues: StoredValue[];
  cleanupIntervalStep: number;
  commitIntervalMsec: number;
  consolidationIntervalMsec: number;
  consolidationPolicy: ConsolidationPolicy;
  writebufferIdle: number;
  writebufferActive: number;
  writebufferSizeMax: number;
}

export interface SearchAliasViewProperties extends ViewDescription {
  type: 'search-alias';
  indexes: SearchAliasIndex[];
}

/** `GET /_api/view/{name}/properties`: a View's whole definition, by `type`. */
export type ViewProperties = ArangoSearchViewProperties | SearchAliasViewProperties;

/** Properties body for `replaceProperties` / `updateProperties`, per View type. */
export type ViewPropertiesOptions = ArangoSearchViewPropertiesOptions | SearchAliasViewPatch;
