import { httpError } from '../errors.js';
import type { Json } from './types.js';

/**
 * ArangoSearch views (`arangosearch`, with per-collection `links`) and `search-alias` views
 * (a list of inverted indexes). Each `Database` keeps them in `views`; the AQL engine reads
 * them to answer `FOR x IN view SEARCH …`.
 */

export type ViewType = 'arangosearch' | 'search-alias';

export interface SearchAliasIndex {
  collection: string;
  index: string;
}

export interface ViewDefinition {
  id: string;
  globallyUniqueId: string;
  name: string;
  type: ViewType;
  /** arangosearch only: collection name → normalised link definition. */
  links?: Record<string, Record<string, Json>>;
  /** search-alias only. */
  indexes?: SearchAliasIndex[];
  /** arangosearch only: every other view property (defaults filled in). */
  properties: Record<string, Json>;
}

/**
 * What view validation needs from the surrounding database, kept as callbacks so this module
 * stays independent of the collection store.
 */
export interface ViewContext {
  hasCollection(name: string): boolean;
  /** True when the analyzer name resolves (built-in, this database or `_system`). */
  hasAnalyzer(name: string): boolean;
  /** True when the collection has an inverted index with this name or id (undefined: cannot tell). */
  hasInvertedIndex?(collection: string, index: string): boolean | undefined;
}

/**
 * Defaults of an arangosearch view in 3.12.10. The tier policy is the 3.12.7+ one
 * (`segmentsBytesMax`, `maxSkewThreshold`, `minDeletionRatio`, as the 3.12.10 transcripts show):
 * the older segmentsBytesFloor/segmentsMax/segmentsMin/minScore are deprecated and ignored.
 */
export function defaultSearchProperties(): Record<string, Json> {
  return {
    cleanupIntervalStep: 2,
    commitIntervalMsec: 1000,
    consolidationIntervalMsec: 1000,
    consolidationPolicy: defaultPolicy('tier'),
    primarySort: [],
    primarySortCompression: 'lz4',
    optimizeTopK: [],
    storedValues: [],
    writebufferActive: 0,
    writebufferIdle: 64,
    writebufferSizeMax: 33554432,
  };
}

export function defaultPolicy(type: 'tier' | 'bytes_accum'): Record<string, Json> {
  if (type === 'bytes_accum') return { type, threshold: 0.1 };
  return { type, segmentsBytesMax: 8589934592, maxSkewThreshold: 0.4, minDeletionRatio: 0.5 };
}

const MUTABLE = ['cleanupIntervalStep', 'commitIntervalMsec', 'consolidationIntervalMsec', 'consolidationPolicy'] as const;
const IMMUTABLE = [
  'primarySort',
  'primarySortCompression',
  'primarySortCache',
  'primaryKeyCache',
  'optimizeTopK',
  'storedValues',
  'writebufferActive',
  'writebufferIdle',
  'writebufferSizeMax',
] as const;

function bad(message: string): never {
  throw httpError(400, 'ERROR_BAD_PARAMETER', message);
}

function isObject(v: unknown): v is Record<string, Json> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function nonNegativeInt(v: unknown, key: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) bad(`invalid value for '${key}': expecting a non-negative integer`);
  return v;
}

function parsePolicy(v: unknown): Record<string, Json> {
  if (!isObject(v)) bad("'consolidationPolicy' must be an object");
  const type = v.type ?? 'tier';
  if (type !== 'tier' && type !== 'bytes_accum') bad(`unsupported consolidation policy type '${String(type)}'`);
  const out = defaultPolicy(type);
  for (const [k, val] of Object.entries(v)) {
    if (k === 'type') continue;
    if (k === 'threshold' || k === 'maxSkewThreshold' || k === 'minDeletionRatio') {
      if (typeof val !== 'number' || val < 0 || val > 1) bad(`invalid value for consolidationPolicy '${k}': expecting a number in [0, 1]`);
      out[k] = val;
    } else if (k in out) {
      out[k] = nonNegativeInt(val, `consolidationPolicy.${k}`);
    }
  }
  return out;
}

function parseMutable(key: (typeof MUTABLE)[number], v: unknown): Json {
  return key === 'consolidationPolicy' ? parsePolicy(v) : nonNegativeInt(v, key);
}

function parsePrimarySort(v: unknown): Json {
  if (!Array.isArray(v)) bad("'primarySort' must be an array");
  return v.map((e) => {
    if (!isObject(e) || typeof e.field !== 'string') bad("'primarySort' entries need a 'field' string");
    let asc = true;
    if (typeof e.asc === 'boolean') asc = e.asc;
    else if (e.direction === 'desc' || e.direction === 'asc') asc = e.direction === 'asc';
    return { field: e.field, asc };
  });
}

function parseStoredValues(v: unknown): Json {
  if (!Array.isArray(v)) bad("'storedValues' must be an array");
  return v.map((e) => {
    // ArangoDB accepts a bare array of fields as shorthand.
    const entry = Array.isArray(e) ? { fields: e } : e;
    if (!isObject(entry) || !Array.isArray(entry.fields) || !entry.fields.every((f) => typeof f === 'string')) {
      bad("'storedValues' entries need a 'fields' array of strings");
    }
    const out: Record<string, Json> = { fields: entry.fields, compression: entry.compression === 'none' ? 'none' : 'lz4' };
    if (typeof entry.cache === 'boolean') out.cache = entry.cache;
    return out;
  });
}

function parseImmutable(key: (typeof IMMUTABLE)[number], v: unknown): Json {
  switch (key) {
    case 'primarySort':
      return parsePrimarySort(v);
    case 'storedValues':
      return parseStoredValues(v);
    case 'primarySortCompression':
      if (v !== 'lz4' && v !== 'none') bad("'primarySortCompression' must be 'lz4' or 'none'");
      return v;
    case 'optimizeTopK':
      if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) bad("'optimizeTopK' must be an array of strings");
      return v;
    case 'primarySortCache':
    case 'primaryKeyCache':
      if (typeof v !== 'boolean') bad(`'${key}' must be a boolean`);
      return v;
    default:
      return nonNegativeInt(v, key);
  }
}

const LINK_ATTRS = ['analyzers', 'fields', 'includeAllFields', 'storeValues', 'trackListPositions', 'nested', 'cache', 'inBackground'] as const;

/**
 * Normalises one link (or a `fields` entry inside it). The top level gets ArangoDB's defaults;
 * nested field definitions keep only what was given, as the server echoes them.
 */
function parseLink(v: unknown, ctx: ViewContext, where: string, topLevel: boolean): Record<string, Json> {
  if (!isObject(v)) bad(`link definition for ${where} must be an object`);
  const out: Record<string, Json> = topLevel
    ? { analyzers: ['identity'], fields: {}, includeAllFields: false, storeValues: 'none', trackListPositions: false }
    : {};
  for (const attr of LINK_ATTRS) {
    const val = v[attr];
    if (val === undefined) continue;
    switch (attr) {
      case 'analyzers':
        if (!Array.isArray(val) || !val.every((a) => typeof a === 'string')) bad(`'analyzers' of ${where} must be an array of names`);
        for (const a of val as string[]) {
          if (!ctx.hasAnalyzer(a)) bad(`failed to find analyzer '${a}' used in the link definition of ${where}`);
        }
        out.analyzers = [...new Set(val as string[])];
        break;
      case 'fields':
      case 'nested': {
        if (!isObject(val)) bad(`'${attr}' of ${where} must be an object`);
        const sub: Record<string, Json> = {};
        for (const [field, def] of Object.entries(val)) sub[field] = parseLink(def ?? {}, ctx, `${where}.${field}`, false);
        out[attr] = sub;
        break;
      }
      case 'storeValues':
        if (val !== 'none' && val !== 'id') bad(`'storeValues' of ${where} must be 'none' or 'id'`);
        out.storeValues = val;
        break;
      case 'inBackground':
        // Only affects how the link is built; ArangoDB does not echo it.
        break;
      default:
        if (typeof val !== 'boolean') bad(`'${attr}' of ${where} must be a boolean`);
        out[attr] = val;
    }
  }
  return out;
}

/**
 * Applies `links` from a request. `partial` (PATCH) merges and treats `null` as removal;
 * otherwise (create, PUT) the given links replace all others.
 */
function applyLinks(
  current: Record<string, Record<string, Json>>,
  raw: unknown,
  ctx: ViewContext,
  partial: boolean,
): Record<string, Record<string, Json>> {
  if (raw === undefined) return partial ? current : {};
  if (!isObject(raw)) bad("'links' must be an object");
  const out = partial ? { ...current } : {};
  for (const [collection, def] of Object.entries(raw)) {
    if (def === null) {
      delete out[collection];
      continue;
    }
    if (!ctx.hasCollection(collection)) {
      throw httpError(404, 'ERROR_ARANGO_DATA_SOURCE_NOT_FOUND', `collection or view not found: ${collection}`);
    }
    out[collection] = parseLink(def, ctx, `collection '${collection}'`, true);
  }
  return out;
}

function parseIndexes(raw: unknown, ctx: ViewContext): SearchAliasIndex[] {
  if (!Array.isArray(raw)) bad("'indexes' must be an array of { collection, index } objects");
  return raw.map((e): SearchAliasIndex & { operation?: string } => {
    if (!isObject(e) || typeof e.collection !== 'string' || typeof e.index !== 'string') {
      bad("'indexes' entries need 'collection' and 'index' strings");
    }
    const out: SearchAliasIndex & { operation?: string } = { collection: e.collection, index: e.index };
    if (e.operation !== undefined) {
      if (e.operation !== 'add' && e.operation !== 'del') bad("'operation' must be 'add' or 'del'");
      out.operation = e.operation;
    }
    if (out.operation !== 'del') {
      if (!ctx.hasCollection(e.collection)) {
        throw httpError(404, 'ERROR_ARANGO_DATA_SOURCE_NOT_FOUND', `collection or view not found: ${e.collection}`);
      }
      if (ctx.hasInvertedIndex?.(e.collection, e.index) === false) {
        throw httpError(404, 'ERROR_ARANGO_INDEX_NOT_FOUND', `index '${e.index}' not found in collection '${e.collection}'`);
      }
    }
    return out;
  });
}

function sameIndex(a: SearchAliasIndex, b: SearchAliasIndex): boolean {
  return a.collection === b.collection && a.index === b.index;
}

/** Builds a new view from a `POST /_api/view` body (name and type already validated). */
export function makeView(
  id: string,
  globallyUniqueId: string,
  name: string,
  type: ViewType,
  body: Record<string, unknown>,
  ctx: ViewContext,
): ViewDefinition {
  if (type === 'search-alias') {
    const indexes = body.indexes === undefined ? [] : parseIndexes(body.indexes, ctx).filter((i) => !('operation' in i && i.operation === 'del'));
    return { id, globallyUniqueId, name, type, indexes: dedupe(indexes), properties: {} };
  }
  const properties = defaultSearchProperties();
  for (const key of MUTABLE) if (body[key] !== undefined) properties[key] = parseMutable(key, body[key]);
  for (const key of IMMUTABLE) if (body[key] !== undefined) properties[key] = parseImmutable(key, body[key]);
  const links = applyLinks({}, body.links, ctx, false);
  return { id, globallyUniqueId, name, type, links, properties };
}

function dedupe(list: SearchAliasIndex[]): SearchAliasIndex[] {
  const out: SearchAliasIndex[] = [];
  for (const i of list) if (!out.some((o) => sameIndex(o, i))) out.push({ collection: i.collection, index: i.index });
  return out;
}

/**
 * `PUT` (replace: mutable properties not given fall back to their defaults, links/indexes are
 * replaced) and `PATCH` (update: only what is given changes). Immutable properties are ignored,
 * as ArangoDB ignores them after creation.
 */
export function updateView(view: ViewDefinition, body: Record<string, unknown>, ctx: ViewContext, partial: boolean): void {
  if (view.type === 'search-alias') {
    const given = body.indexes === undefined ? [] : parseIndexes(body.indexes, ctx);
    if (!partial) {
      view.indexes = dedupe(given.filter((i) => !('operation' in i && i.operation === 'del')));
      return;
    }
    let list = [...(view.indexes ?? [])];
    for (const i of given) {
      if ('operation' in i && i.operation === 'del') list = list.filter((o) => !sameIndex(o, i));
      else list.push(i);
    }
    view.indexes = dedupe(list);
    return;
  }
  const defaults = defaultSearchProperties();
  for (const key of MUTABLE) {
    if (body[key] !== undefined) view.properties[key] = parseMutable(key, body[key]);
    else if (!partial) view.properties[key] = defaults[key] as Json;
  }
  view.links = applyLinks(view.links ?? {}, body.links, ctx, partial);
}

/** `{ globallyUniqueId, id, name, type }` — the short form of lists and `GET /_api/view/{name}`. */
export function viewSummary(v: ViewDefinition): Record<string, unknown> {
  return { globallyUniqueId: v.globallyUniqueId, id: v.id, name: v.name, type: v.type };
}

/** The full properties object (create, `/properties`). */
export function viewProperties(v: ViewDefinition): Record<string, unknown> {
  if (v.type === 'search-alias') {
    return { ...viewSummary(v), indexes: (v.indexes ?? []).map((i) => ({ collection: i.collection, index: i.index })) };
  }
  return { ...viewSummary(v), ...structuredClone(v.properties), links: structuredClone(v.links ?? {}) };
}

/** Analyzer names a view's links use (for the in-use check when dropping an analyzer). */
export function analyzersUsedBy(v: ViewDefinition): Set<string> {
  const out = new Set<string>();
  const walk = (link: Record<string, Json>): void => {
    if (Array.isArray(link.analyzers)) for (const a of link.analyzers) if (typeof a === 'string') out.add(a);
    for (const key of ['fields', 'nested'] as const) {
      const sub = link[key];
      if (isObject(sub)) for (const s of Object.values(sub)) if (isObject(s)) walk(s);
    }
  };
  for (const link of Object.values(v.links ?? {})) walk(link);
  return out;
}

/** Drops links / index entries that point at a collection (called when a collection goes away). */
export function forgetCollection(v: ViewDefinition, collection: string): void {
  if (v.links) delete v.links[collection];
  if (v.indexes) v.indexes = v.indexes.filter((i) => i.collection !== collection);
}
