/** Shapes of the View API (`/_api/view`) for `arangosearch` and `search-alias` Views. */

export type ViewType = 'arangosearch' | 'search-alias';

/** What `GET /_api/view` and `GET /_api/view/{name}` describe. */
export interface ViewDescription {
  id: string;
  name: string;
  type: ViewType;
  globallyUniqueId: string;
}

export type StoreValues = 'none' | 'id';
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

export interface PrimarySortField {
  field: string;
  asc: boolean;
}

/** Creation accepts `asc` or `direction`. */
export type PrimarySortFieldInput = { field: string; asc: boolean } | { field: string; direction: 'asc' | 'desc' };

export interface StoredValue {
  fields: string[];
  compression?: Compression;
  cache?: boolean;
}

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

export interface BytesAccumConsolidationPolicy {
  type: 'bytes_accum';
  threshold?: number;
}

export type ConsolidationPolicy = TierConsolidationPolicy | BytesAccumConsolidationPolicy;

/** The properties of an `arangosearch` View that can be changed after creation. */
export interface ArangoSearchViewMutableProperties {
  cleanupIntervalStep?: number;
  commitIntervalMsec?: number;
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

export interface SearchAliasIndex {
  collection: string;
  index: string;
}

export interface CreateSearchAliasViewOptions {
  type: 'search-alias';
  indexes?: SearchAliasIndex[];
}

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

export type ViewProperties = ArangoSearchViewProperties | SearchAliasViewProperties;

/** Properties body for `replaceProperties` / `updateProperties`, per View type. */
export type ViewPropertiesOptions = ArangoSearchViewPropertiesOptions | SearchAliasViewPatch;
