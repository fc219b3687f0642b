/** Index definitions and descriptions (openapi_3.12_indexes_*.txt). */

interface IndexBase {
  name?: string;
  inBackground?: boolean;
}

export interface PersistentIndexDefinition extends IndexBase {
  /** `hash` and `skiplist` are server-side aliases of `persistent`. */
  type: 'persistent' | 'hash' | 'skiplist';
  fields: string[];
  unique?: boolean;
  sparse?: boolean;
  deduplicate?: boolean;
  estimates?: boolean;
  cacheEnabled?: boolean;
  storedValues?: string[];
}

export interface TtlIndexDefinition extends IndexBase {
  type: 'ttl';
  fields: [string];
  /** Seconds after the time stored in the field at which a document expires. */
  expireAfter: number;
}

export interface GeoIndexDefinition extends IndexBase {
  type: 'geo';
  fields: [string] | [string, string];
  geoJson?: boolean;
  legacyPolygons?: boolean;
}

/** Deprecated since 3.10, still served by 3.12. */
export interface FulltextIndexDefinition extends IndexBase {
  type: 'fulltext';
  fields: [string];
  minLength?: number;
}

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

export interface VectorIndexParams {
  metric: 'cosine' | 'innerProduct' | 'l2';
  dimension: number;
  nLists?: number;
  defaultNProbe?: number;
  trainingIterations?: number;
  factory?: string;
}

export interface VectorIndexDefinition extends IndexBase {
  type: 'vector';
  fields: [string];
  params: VectorIndexParams;
  storedValues?: string[];
  sparse?: boolean;
  parallelism?: number;
}

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

export interface ListIndexesOptions {
  withStats?: boolean;
  withHidden?: boolean;
}

/** Index selector: an id (`coll/123` or `123`), a name, or a description carrying `id`. */
export type IndexSelector = string | { id: string };

/** Options of the typed helpers: everything but `type` and the positional arguments. */
export type PersistentIndexOptions = Omit<PersistentIndexDefinition, 'type' | 'fields'>;
export type TtlIndexOptions = Omit<TtlIndexDefinition, 'type' | 'fields' | 'expireAfter'>;
export type GeoIndexOptions = Omit<GeoIndexDefinition, 'type' | 'fields'>;
export type FulltextIndexOptions = Omit<FulltextIndexDefinition, 'type' | 'fields'>;
export type InvertedIndexOptions = Omit<InvertedIndexDefinition, 'type' | 'fields'>;
export type MdiIndexOptions = Omit<MdiIndexDefinition, 'type' | 'fields' | 'fieldValueTypes'> & { fieldValueTypes?: 'double'; prefixed?: boolean };
export type VectorIndexOptions = Omit<VectorIndexDefinition, 'type' | 'fields' | 'params'>;
