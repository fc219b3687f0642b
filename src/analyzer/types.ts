/** Analyzer definitions (`/_api/analyzer`), typed per analyzer type as ArangoDB 3.12 documents them. */

export type AnalyzerFeature = 'frequency' | 'norm' | 'position' | 'offset';
/** Case conversion of the `norm`, `text` and `segmentation` analyzers: to lower or upper case, or none. */
export type CaseConversion = 'lower' | 'upper' | 'none';

/** `identity`: indexes the whole value as one token; takes no properties. */
export interface IdentityAnalyzer { type: 'identity'; properties?: Record<string, never> }
/** `delimiter`: splits the value into tokens at `delimiter` (RFC 4180 quoting rules, no records at newlines). */
export interface DelimiterAnalyzer { type: 'delimiter'; properties: { delimiter: string } }
/** `multi_delimiter` (ArangoDB 3.12): splits the value at any of the `delimiters` strings. */
export interface MultiDelimiterAnalyzer { type: 'multi_delimiter'; properties: { delimiters: string[] } }
/** `stem`: stems the value as a word of `locale` (a language, e.g. `"en"`). */
export interface StemAnalyzer { type: 'stem'; properties: { locale: string } }
/**
 * `norm`: normalizes the whole value for `locale`: case conversion (`case`, default `lower`) and,
 * unless `accent` is `true` (default `false`), removal of accents.
 */
export interface NormAnalyzer {
  type: 'norm';
  properties: { locale: string; accent?: boolean; case?: CaseConversion };
}
/**
 * `ngram`: the n-grams of length `min` to `max` of the value; `preserveOriginal` adds the whole value
 * as a token. `startMarker`/`endMarker` are prepended/appended to the n-grams at the start/end of the
 * value; `streamType` counts bytes (`binary`, the default) or UTF-8 characters (`utf8`).
 */
export interface NgramAnalyzer {
  type: 'ngram';
  properties: {
    min: number;
    max: number;
    preserveOriginal: boolean;
    startMarker?: string;
    endMarker?: string;
    streamType?: 'binary' | 'utf8';
  };
}
/**
 * `text`: tokenizes the value into words for `locale`, then by default lower-cases (`case`), removes
 * accents (unless `accent: true`) and stems (`stemming`, default `true`). `stopwords` (or files in
 * `stopwordsPath`) are dropped; `edgeNgram` adds the leading n-grams of each word.
 */
export interface TextAnalyzer {
  type: 'text';
  properties: {
    locale: string;
    accent?: boolean;
    case?: CaseConversion;
    stemming?: boolean;
    edgeNgram?: { min?: number; max?: number; preserveOriginal?: boolean };
    stopwords?: string[];
    stopwordsPath?: string;
  };
}
/**
 * `segmentation`: splits the value at word boundaries (Unicode text segmentation). `break` keeps all
 * segments, only alphanumeric ones (`alpha`, the default) or all but whitespace (`graphic`); `case`
 * defaults to `lower`.
 */
export interface SegmentationAnalyzer {
  type: 'segmentation';
  properties?: { break?: 'all' | 'alpha' | 'graphic'; case?: CaseConversion };
}
/**
 * `aql`: runs `queryString` (an AQL query with the bind parameter `@param` for the value) and uses
 * its results as tokens. `batchSize` (results fetched at once) and `memoryLimit` (bytes) bound the
 * query; `returnType` converts the results; `keepNull` keeps `null` results; `collapsePositions`
 * gives all tokens the same position.
 */
export interface AqlAnalyzer {
  type: 'aql';
  properties: {
    queryString: string;
    collapsePositions?: boolean;
    keepNull?: boolean;
    batchSize?: number;
    memoryLimit?: number;
    returnType?: 'string' | 'number' | 'bool';
  };
}
/** `stopwords`: drops the values listed in `stopwords` (given as hex strings with `hex: true`) and passes the rest. */
export interface StopwordsAnalyzer { type: 'stopwords'; properties: { stopwords: string[]; hex?: boolean } }
/** `collation`: one token per value that sorts by the collation rules of `locale`. */
export interface CollationAnalyzer { type: 'collation'; properties: { locale: string } }
/**
 * `minhash`: the MinHash signature (`numHashes` hashes) of the tokens `analyzer` produces, for approximate Jaccard similarity.
 */
export interface MinHashAnalyzer {
  type: 'minhash';
  properties: { analyzer: PipelineStage; numHashes: number };
}
/**
 * `classification` (experimental): labels the value with a fastText model at
 * `model_location`; `top_k` labels at most, each with a probability of at least `threshold`.
 */
export interface ClassificationAnalyzer {
  type: 'classification';
  properties: { model_location: string; top_k?: number; threshold?: number };
}
/**
 * `nearest_neighbors` (experimental): the `top_k` nearest neighbors of the value's
 * tokens by a fastText model at `model_location`.
 */
export interface NearestNeighborsAnalyzer {
  type: 'nearest_neighbors';
  properties: { model_location: string; top_k?: number };
}
/**
 * `geojson`: indexes GeoJSON values (S2 cells). `type`: the whole `shape`, its `centroid` or only
 * `point`s; `options` bound the number of S2 cells and their levels; `legacy` keeps the pre-3.10
 * (non-geodesic) interpretation of polygons' edges.
 */
export interface GeoJsonAnalyzer {
  type: 'geojson';
  properties?: {
    type?: 'shape' | 'centroid' | 'point';
    options?: { maxCells?: number; minLevel?: number; maxLevel?: number };
    legacy?: boolean;
  };
}
/** `geo_s2`: like `geojson`, with a choice of storage `format` for the S2 cells. */
export interface GeoS2Analyzer {
  type: 'geo_s2';
  properties?: {
    format?: 'latLngDouble' | 'latLngInt' | 's2Point';
    type?: 'shape' | 'centroid' | 'point';
    options?: { maxCells?: number; minLevel?: number; maxLevel?: number };
  };
}
/**
 * `geopoint`: indexes a coordinate pair; `latitude`/`longitude` are attribute paths (as arrays of
 * names) when the value is an object, otherwise the value is a `[latitude, longitude]` array.
 */
export interface GeoPointAnalyzer {
  type: 'geopoint';
  properties?: {
    latitude?: string[];
    longitude?: string[];
    options?: { maxCells?: number; minLevel?: number; maxLevel?: number };
  };
}
/**
 * `wildcard` (ArangoDB 3.12): n-grams of `ngramSize` for `LIKE` searches in an inverted index or
 * view; `analyzer` is applied first.
 */
export interface WildcardAnalyzer {
  type: 'wildcard';
  properties: { ngramSize: number; analyzer?: PipelineStage };
}

/** An analyzer used inside a pipeline or minhash: any type but pipeline itself. */
export type PipelineStage = Exclude<AnalyzerDefinition, PipelineAnalyzer>;

/** `pipeline`: feeds the value through the `pipeline` analyzers in order; each one's tokens are the next one's input. */
export interface PipelineAnalyzer { type: 'pipeline'; properties: { pipeline: PipelineStage[] } }

/** An analyzer's `type` and the `properties` that type takes, as `POST /_api/analyzer` expects them. */
export type AnalyzerDefinition =
  | IdentityAnalyzer
  | DelimiterAnalyzer
  | MultiDelimiterAnalyzer
  | StemAnalyzer
  | NormAnalyzer
  | NgramAnalyzer
  | TextAnalyzer
  | SegmentationAnalyzer
  | AqlAnalyzer
  | PipelineAnalyzer
  | StopwordsAnalyzer
  | CollationAnalyzer
  | MinHashAnalyzer
  | ClassificationAnalyzer
  | NearestNeighborsAnalyzer
  | GeoJsonAnalyzer
  | GeoS2Analyzer
  | GeoPointAnalyzer
  | WildcardAnalyzer;

/** The analyzer type names of ArangoDB 3.12. */
export type AnalyzerType = AnalyzerDefinition['type'];

/** Options of `create`: the type, its properties and the features to store. */
export type CreateAnalyzerOptions = AnalyzerDefinition & { features?: AnalyzerFeature[] };

/** A stored analyzer; `name` is qualified (`db::name`) except for the built-in ones. */
export type AnalyzerDescription = {
  name: string;
  features: AnalyzerFeature[];
} & { type: AnalyzerType; properties: Record<string, unknown> };
