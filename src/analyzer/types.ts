/** Analyzer definitions (`/_api/analyzer`), typed per analyzer type as ArangoDB 3.12 documents them. */

export type AnalyzerFeature = 'frequency' | 'norm' | 'position' | 'offset';
export type CaseConversion = 'lower' | 'upper' | 'none';

export interface IdentityAnalyzer { type: 'identity'; properties?: Record<string, never> }
export interface DelimiterAnalyzer { type: 'delimiter'; properties: { delimiter: string } }
export interface MultiDelimiterAnalyzer { type: 'multi_delimiter'; properties: { delimiters: string[] } }
export interface StemAnalyzer { type: 'stem'; properties: { locale: string } }
export interface NormAnalyzer {
  type: 'norm';
  properties: { locale: string; accent?: boolean; case?: CaseConversion };
}
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
export interface SegmentationAnalyzer {
  type: 'segmentation';
  properties?: { break?: 'all' | 'alpha' | 'graphic'; case?: CaseConversion };
}
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
export interface StopwordsAnalyzer { type: 'stopwords'; properties: { stopwords: string[]; hex?: boolean } }
export interface CollationAnalyzer { type: 'collation'; properties: { locale: string } }
export interface MinHashAnalyzer {
  type: 'minhash';
  properties: { analyzer: PipelineStage; numHashes: number };
}
export interface ClassificationAnalyzer {
  type: 'classification';
  properties: { model_location: string; top_k?: number; threshold?: number };
}
export interface NearestNeighborsAnalyzer {
  type: 'nearest_neighbors';
  properties: { model_location: string; top_k?: number };
}
export interface GeoJsonAnalyzer {
  type: 'geojson';
  properties?: {
    type?: 'shape' | 'centroid' | 'point';
    options?: { maxCells?: number; minLevel?: number; maxLevel?: number };
    legacy?: boolean;
  };
}
export interface GeoS2Analyzer {
  type: 'geo_s2';
  properties?: {
    format?: 'latLngDouble' | 'latLngInt' | 's2Point';
    type?: 'shape' | 'centroid' | 'point';
    options?: { maxCells?: number; minLevel?: number; maxLevel?: number };
  };
}
export interface GeoPointAnalyzer {
  type: 'geopoint';
  properties?: {
    latitude?: string[];
    longitude?: string[];
    options?: { maxCells?: number; minLevel?: number; maxLevel?: number };
  };
}
export interface WildcardAnalyzer {
  type: 'wildcard';
  properties: { ngramSize: number; analyzer?: PipelineStage };
}

/** An analyzer used inside a pipeline or minhash: any type but pipeline itself. */
export type PipelineStage = Exclude<AnalyzerDefinition, PipelineAnalyzer>;

export interface PipelineAnalyzer { type: 'pipeline'; properties: { pipeline: PipelineStage[] } }

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

export type AnalyzerType = AnalyzerDefinition['type'];

/** Options of `create`: the type, its properties and the features to store. */
export type CreateAnalyzerOptions = AnalyzerDefinition & { features?: AnalyzerFeature[] };

/** A stored analyzer; `name` is qualified (`db::name`) except for the built-in ones. */
export type AnalyzerDescription = {
  name: string;
  features: AnalyzerFeature[];
} & { type: AnalyzerType; properties: Record<string, unknown> };
