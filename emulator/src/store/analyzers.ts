import { httpError } from '../errors.js';
import type { Json } from './types.js';

/**
 * ArangoSearch analyzers. The built-in ones are global (listed without a database prefix);
 * user-defined ones belong to one database and are named `<db>::<name>` in answers. Each
 * `Database` keeps its own in `analyzers`, keyed by the short name.
 */

export type AnalyzerFeature = 'frequency' | 'norm' | 'position' | 'offset';

export interface AnalyzerDefinition {
  /** Short name (no `db::` prefix). */
  name: string;
  type: string;
  /** Normalised: every default the server fills in is present. */
  properties: Record<string, Json>;
  features: AnalyzerFeature[];
}

const TEXT_LOCALES = ['de', 'en', 'es', 'fi', 'fr', 'it', 'nl', 'no', 'pt', 'ru', 'sv', 'zh'] as const;

/** ArangoDB's static analyzers, as `GET /_api/analyzer` lists them in every database. */
export const BUILTIN_ANALYZERS: readonly AnalyzerDefinition[] = [
  { name: 'identity', type: 'identity', properties: {}, features: ['frequency', 'norm'] },
  ...TEXT_LOCALES.map(
    (locale): AnalyzerDefinition => ({
      name: `text_${locale}`,
      type: 'text',
      // Chinese has no stemmer in ArangoDB's text analyzer.
      properties: { locale, case: 'lower', stopwords: [], accent: false, stemming: locale !== 'zh' },
      features: ['frequency', 'position', 'norm'],
    }),
  ),
];

const builtinByName = new Map(BUILTIN_ANALYZERS.map((a) => [a.name, a]));

export function isBuiltinAnalyzer(name: string): boolean {
  return builtinByName.has(name);
}

export function builtinAnalyzer(name: string): AnalyzerDefinition | undefined {
  return builtinByName.get(name);
}

/** Where an analyzer name points: a built-in (`db` null) or `<db>::<name>`. */
export interface AnalyzerRef {
  db: string | null;
  name: string;
}

/**
 * Resolves a name as ArangoDB does: built-in names stay global, `db::name` is explicit,
 * `::name` means the `_system` database, a bare name means the current database.
 */
export function resolveAnalyzerName(name: string, currentDb: string): AnalyzerRef {
  const sep = name.indexOf('::');
  if (sep < 0) return builtinByName.has(name) ? { db: null, name } : { db: currentDb, name };
  const db = name.slice(0, sep);
  return { db: db === '' ? '_system' : db, name: name.slice(sep + 2) };
}

export function qualifiedAnalyzerName(ref: AnalyzerRef): string {
  return ref.db === null ? ref.name : `${ref.db}::${ref.name}`;
}

/**
 * Traditional ArangoDB names: a letter first, then letters, digits, `_` and `-`, at most 254
 * characters (ArangoDB's analyzer name validator, without extended names).
 */
export function validAnalyzerName(name: string): boolean {
  return /^[A-Za-z][A-Za-z0-9_-]*$/.test(name) && name.length <= 254;
}

export function analyzerToJson(def: AnalyzerDefinition, db: string | null): Record<string, unknown> {
  return {
    name: qualifiedAnalyzerName({ db, name: def.name }),
    type: def.type,
    properties: structuredClone(def.properties),
    features: [...def.features],
  };
}

const FEATURES: readonly string[] = ['frequency', 'norm', 'position', 'offset'];

/** Features must be known; `position` needs `frequency`, `offset` needs `position` (ArangoDB's rule). */
export function parseFeatures(raw: unknown): AnalyzerFeature[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) {
    throw httpError(400, 'ERROR_BAD_PARAMETER', "invalid 'features', expecting an array of strings");
  }
  const out = new Set<AnalyzerFeature>();
  for (const f of raw) {
    if (typeof f !== 'string') throw httpError(400, 'ERROR_BAD_PARAMETER', "invalid value in 'features', expecting strings");
    if (!FEATURES.includes(f)) throw httpError(400, 'ERROR_BAD_PARAMETER', `unknown value '${f}' in 'features'`);
    out.add(f as AnalyzerFeature);
  }
  if (out.has('position') && !out.has('frequency')) {
    throw httpError(400, 'ERROR_BAD_PARAMETER', "feature 'position' requires feature 'frequency'");
  }
  if (out.has('offset') && !out.has('position')) {
    throw httpError(400, 'ERROR_BAD_PARAMETER', "feature 'offset' requires feature 'position'");
  }
  return [...out];
}

class Rejected extends Error {}

type Props = Record<string, Json>;

function obj(v: unknown): Props {
  if (v === undefined || v === null) return {};
  if (typeof v !== 'object' || Array.isArray(v)) throw new Rejected('properties must be an object');
  return v as Props;
}

function str(p: Props, key: string, def?: string, allowed?: readonly string[]): string {
  const v = p[key];
  if (v === undefined) {
    if (def === undefined) throw new Rejected(`'${key}' is required`);
    return def;
  }
  if (typeof v !== 'string') throw new Rejected(`'${key}' must be a string`);
  if (allowed && !allowed.includes(v)) throw new Rejected(`'${key}' must be one of ${allowed.join(', ')}`);
  return v;
}

function bool(p: Props, key: string, def: boolean): boolean {
  const v = p[key];
  if (v === undefined) return def;
  if (typeof v !== 'boolean') throw new Rejected(`'${key}' must be a boolean`);
  return v;
}

function int(p: Props, key: string, def: number | undefined, min = 0): number {
  const v = p[key];
  if (v === undefined) {
    if (def === undefined) throw new Rejected(`'${key}' is required`);
    return def;
  }
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min) throw new Rejected(`'${key}' must be an integer >= ${min}`);
  return v;
}

function strings(p: Props, key: string, def?: string[]): string[] {
  const v = p[key];
  if (v === undefined) {
    if (def === undefined) throw new Rejected(`'${key}' is required`);
    return def;
  }
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) throw new Rejected(`'${key}' must be an array of strings`);
  return v as string[];
}

const CASES = ['lower', 'upper', 'none'] as const;
const GEO_OPTIONS_DEFAULT = { maxCells: 20, minLevel: 4, maxLevel: 23 };

function geoOptions(p: Props): Props {
  const o = obj(p.options);
  return {
    maxCells: int(o, 'maxCells', GEO_OPTIONS_DEFAULT.maxCells, 1),
    minLevel: int(o, 'minLevel', GEO_OPTIONS_DEFAULT.minLevel),
    maxLevel: int(o, 'maxLevel', GEO_OPTIONS_DEFAULT.maxLevel),
  };
}

/**
 * Normalises the properties of one analyzer type, filling in ArangoDB's defaults. Types the
 * emulator does not know answer 501 / ERROR_NOT_IMPLEMENTED as arangod does.
 */
function normalize(type: string, raw: unknown): Props {
  const p = obj(raw);
  switch (type) {
    case 'identity':
      return {};
    case 'delimiter':
      return { delimiter: str(p, 'delimiter') };
    case 'multi_delimiter':
      return { delimiters: strings(p, 'delimiters') };
    case 'stem':
      return { locale: str(p, 'locale') };
    case 'norm':
      return { locale: str(p, 'locale'), case: str(p, 'case', 'none', CASES), accent: bool(p, 'accent', true) };
    case 'ngram': {
      const min = int(p, 'min', undefined, 1);
      const max = int(p, 'max', undefined, 1);
      if (max < min) throw new Rejected("'max' must not be smaller than 'min'");
      return {
        min,
        max,
        preserveOriginal: bool(p, 'preserveOriginal', false),
        streamType: str(p, 'streamType', 'binary', ['binary', 'utf8']),
        startMarker: str(p, 'startMarker', ''),
        endMarker: str(p, 'endMarker', ''),
      };
    }
    case 'text': {
      const out: Props = {
        locale: str(p, 'locale'),
        case: str(p, 'case', 'lower', CASES),
        stopwords: strings(p, 'stopwords', []),
        accent: bool(p, 'accent', false),
        stemming: bool(p, 'stemming', true),
      };
      if (p.stopwordsPath !== undefined) out.stopwordsPath = str(p, 'stopwordsPath');
      if (p.edgeNgram !== undefined) {
        const e = obj(p.edgeNgram);
        const edge: Props = { preserveOriginal: bool(e, 'preserveOriginal', false) };
        if (e.min !== undefined) edge.min = int(e, 'min', undefined, 1);
        if (e.max !== undefined) edge.max = int(e, 'max', undefined, 1);
        out.edgeNgram = edge;
      }
      return out;
    }
    case 'segmentation':
      return { break: str(p, 'break', 'alpha', ['all', 'alpha', 'graphic']), case: str(p, 'case', 'lower', CASES) };
    case 'aql': {
      const queryString = str(p, 'queryString');
      if (queryString.trim() === '') throw new Rejected("'queryString' must not be empty");
      return {
        queryString,
        collapsePositions: bool(p, 'collapsePositions', false),
        keepNull: bool(p, 'keepNull', true),
        batchSize: int(p, 'batchSize', 10, 1),
        memoryLimit: int(p, 'memoryLimit', 1048576, 1),
        returnType: str(p, 'returnType', 'string', ['string', 'number', 'bool']),
      };
    }
    case 'pipeline': {
      const list = p.pipeline;
      if (!Array.isArray(list) || list.length === 0) throw new Rejected("'pipeline' must be a non-empty array");
      return {
        pipeline: list.map((member) => {
          const m = obj(member);
          const t = str(m, 'type');
          if (t === 'pipeline') throw new Rejected('a pipeline cannot contain a pipeline');
          return { type: t, properties: normalize(t, m.properties) };
        }),
      };
    }
    case 'stopwords': {
      const hex = bool(p, 'hex', false);
      const stopwords = strings(p, 'stopwords');
      if (hex && !stopwords.every((s) => /^([0-9a-fA-F]{2})*$/.test(s))) throw new Rejected("'stopwords' must be hex strings");
      return { stopwords, hex };
    }
    case 'collation':
      return { locale: str(p, 'locale') };
    case 'minhash': {
      const a = obj(p.analyzer);
      const t = str(a, 'type');
      return { analyzer: { type: t, properties: normalize(t, a.properties) }, numHashes: int(p, 'numHashes', undefined, 1) };
    }
    case 'classification':
    case 'nearest_neighbors':
      return { model_location: str(p, 'model_location'), top_k: int(p, 'top_k', 1, 1), ...(type === 'classification' ? { threshold: typeof p.threshold === 'number' ? p.threshold : 0.99 } : {}) };
    case 'geojson':
      return { type: str(p, 'type', 'shape', ['shape', 'centroid', 'point']), options: geoOptions(p), legacy: bool(p, 'legacy', false) };
    case 'geo_s2':
      return {
        type: str(p, 'type', 'shape', ['shape', 'centroid', 'point']),
        options: geoOptions(p),
        format: str(p, 'format', 'latLngDouble', ['latLngDouble', 'latLngInt', 's2Point']),
      };
    case 'geopoint':
      return { latitude: strings(p, 'latitude', []), longitude: strings(p, 'longitude', []), options: geoOptions(p) };
    case 'wildcard': {
      const out: Props = { ngramSize: int(p, 'ngramSize', undefined, 2) };
      if (p.analyzer !== undefined) {
        const a = obj(p.analyzer);
        const t = str(a, 'type');
        out.analyzer = { type: t, properties: normalize(t, a.properties) };
      }
      return out;
    }
    default:
      throw httpError(501, 'ERROR_NOT_IMPLEMENTED', `Not implemented analyzer type '${type}'.`);
  }
}

/**
 * Validates and normalises an analyzer definition. Properties the type rejects answer 400 /
 * ERROR_BAD_PARAMETER with arangod's wording.
 */
export function makeAnalyzer(
  qualifiedName: string,
  name: string,
  type: string,
  properties: unknown,
  features: AnalyzerFeature[],
): AnalyzerDefinition {
  try {
    return { name, type, properties: normalize(type, properties), features };
  } catch (e) {
    if (!(e instanceof Rejected)) throw e;
    const shown = properties === undefined ? ' Init without properties' : ` Properties '${JSON.stringify(properties)}'`;
    throw httpError(
      400,
      'ERROR_BAD_PARAMETER',
      `Failure initializing an arangosearch analyzer instance for name '${qualifiedName}' type '${type}'.${shown} was rejected by analyzer (${e.message}). Please check documentation for corresponding analyzer type.`,
    );
  }
}

/** Same type, properties and features (feature order ignored): re-creating it answers 200. */
export function sameAnalyzer(a: AnalyzerDefinition, b: AnalyzerDefinition): boolean {
  if (a.type !== b.type) return false;
  if (JSON.stringify(canonical(a.properties)) !== JSON.stringify(canonical(b.properties))) return false;
  return a.features.length === b.features.length && a.features.every((f) => b.features.includes(f));
}

function canonical(v: Json): Json {
  if (Array.isArray(v)) return v.map(canonical);
  if (v !== null && typeof v === 'object') {
    const out: Record<string, Json> = {};
    for (const k of Object.keys(v).sort()) out[k] = canonical(v[k] as Json);
    return out;
  }
  return v;
}
