/**
 * The deprecated index functions NEAR, WITHIN, WITHIN_RECTANGLE and FULLTEXT. ArangoDB 3.12 has
 * no run-time code for them: its first optimizer rule, "replace-function-with-index"
 * (arangod/Aql/OptimizerRules.cpp, replaceNearWithinFulltextRule), rewrites each call into a
 * subquery over the collection's first geo index or its fulltext index on that attribute:
 *
 * - NEAR(c, lat, lon, limit = 100, name): FOR d IN c SORT DISTANCE(d.lat, d.lon, lat, lon)
 *   LIMIT limit RETURN name ? MERGE(d, { [name]: distance }) : d
 * - WITHIN(c, lat, lon, radius, name): the same with FILTER distance <= radius, no LIMIT
 * - WITHIN_RECTANGLE(c, lat1, lon1, lat2, lon2): FOR d IN c FILTER GEO_CONTAINS(polygon of the
 *   corners (lat1 lon1, lat1 lon2, lat2 lon2, lat2 lon1), d's point) RETURN d — geodesic edges
 * - FULLTEXT(c, attribute, query, limit): an index scan of the fulltext index
 *
 * The geo index rule then serves the subqueries from the index, so only documents the index
 * holds (valid coordinates) take part and results come nearest first. The rule's checks run
 * when the query is compiled, as on the server: a missing index is 1570 / 1571 even if the
 * call is never reached, a non-integer limit or non-numeric radius 1542.
 */
import type { Expr, Value } from '../ast.js';
import type { CompileEnv } from '../compile-env.js';
import type { ExecContext } from '../context.js';
import { AqlError } from '../errors.js';
import type { ErrorName } from '../../error-codes.js';
import { getPath } from '../../store/indexes.js';
import type { Json } from '../../store/types.js';
import { arg, def, invalidArg, isObject, type FnTable } from './types.js';
import { GeoError, centroid, contains, distance, parseCoordinates, parseRegion, pointFromDegrees, type Shape } from './geo-shapes.js';
import { fulltextWords, matchFulltext, parseFulltextQuery } from './fulltext.js';

interface IndexInfo {
  readonly type: string;
  readonly fields: readonly string[];
  readonly extra: Readonly<Record<string, Json>>;
}

/** The store's collections carry their index definitions; the engine's interface does not name them. */
function indexesOf(ctx: ExecContext, name: string): readonly IndexInfo[] {
  const c = ctx.db.collection(name) as { indexes?: readonly IndexInfo[] };
  return c.indexes ?? [];
}

const GEO_TYPES = new Set(['geo', 'geo1', 'geo2']);

/** The rule runs while the plan is optimized, and its errors say so. */
const planError = (name: ErrorName, detail: string): AqlError => AqlError.of(400, name, `AQL: ${detail} (while optimizing plan)`);

/** The rule takes the first geo index of the collection, whatever its fields. */
function geoIndex(ctx: ExecContext, name: string): IndexInfo {
  const idx = indexesOf(ctx, name).find((i) => GEO_TYPES.has(i.type));
  if (!idx) throw planError('ERROR_QUERY_GEO_INDEX_MISSING', `no suitable geo index found for geo restriction on '${name}'`);
  return idx;
}

function fulltextIndex(ctx: ExecContext, name: string, attribute: string): IndexInfo {
  const idx = indexesOf(ctx, name).find((i) => i.type === 'fulltext' && i.fields[0] === attribute);
  if (!idx) throw planError('ERROR_QUERY_FULLTEXT_INDEX_MISSING', `no suitable fulltext index found for fulltext query on '${name}'`);
  return idx;
}

/** A value known when the query is compiled: a literal, a value bind parameter, a constant LET. */
function constant(e: Expr | undefined, env: CompileEnv): { value: Value } | undefined {
  if (e === undefined) return undefined;
  if (e.kind === 'value') return { value: e.value };
  if (e.kind === 'bind' && !e.collection) return { value: (env.bindVars[e.name] ?? null) as Value };
  if (e.kind === 'ref' && env.constants?.has(e.name)) return { value: env.constants.get(e.name) as Value };
  return undefined;
}

/** The collection argument as the rule reads it: a name, or "" (which no collection has). */
function collectionName(e: Expr | undefined, env: CompileEnv): string {
  if (e?.kind === 'collection') return e.name;
  if (e?.kind === 'bind' && e.collection) {
    const v = env.bindVars[`@${e.name}`];
    return typeof v === 'string' ? v : '';
  }
  const c = constant(e, env);
  return typeof c?.value === 'string' ? c.value : '';
}

const wrongType = (message: string): AqlError => planError('ERROR_QUERY_FUNCTION_ARGUMENT_TYPE_MISMATCH', message);

/** createSubqueryWithLimit: the limit must be an integer or null. */
function checkLimit(v: Value): void {
  if (v !== null && !(typeof v === 'number' && Number.isInteger(v))) throw wrongType('limit parameter has wrong type');
}
function checkRadius(v: Value): void {
  if (typeof v !== 'number') throw wrongType('radius argument is not a numeric value');
}
function checkDistanceName(v: Value): void {
  if (typeof v !== 'string') throw wrongType('distance argument is not a string');
}

/** LimitNode takes the limit as an unsigned size: a negative one limits nothing. */
const applyLimit = <T>(xs: T[], limit: number | null): T[] => (limit === null || limit < 0 ? xs : xs.slice(0, limit));

interface Located {
  doc: Record<string, Json>;
  /** For ordering: to the point, or to a GeoJSON shape's centroid. */
  key: number;
  /** What the rewritten query's DISTANCE(lat, lon, …) gives for the MERGE: null for non-points. */
  shown: number | null;
}

function validLatLon(lat: unknown, lon: unknown): lat is number {
  return typeof lat === 'number' && typeof lon === 'number' && Math.abs(lat) <= 90 && Math.abs(lon) <= 180;
}

/** The document's place as the geo index holds it, or null when the index leaves it out. */
function indexedShape(idx: IndexInfo, doc: Record<string, Json>): { shape: Shape; lat?: number; lon?: number } | null {
  const path = (f: string): Json | undefined => getPath(doc, f.split('.'));
  if (idx.fields.length === 2) {
    const [lat, lon] = [path(idx.fields[0] as string), path(idx.fields[1] as string)];
    return validLatLon(lat, lon) ? { shape: { kind: 'point', point: pointFromDegrees(lat, lon as number) }, lat, lon: lon as number } : null;
  }
  const v = path(idx.fields[0] as string);
  const geoJson = idx.extra['geoJson'] === true;
  if (Array.isArray(v) && v.length >= 2) {
    const [lat, lon] = geoJson ? [v[1], v[0]] : [v[0], v[1]];
    return validLatLon(lat, lon) ? { shape: { kind: 'point', point: pointFromDegrees(lat, lon as number) }, lat, lon: lon as number } : null;
  }
  if (geoJson && isObject(v)) {
    // a GeoJSON object: its centroid orders it; the rewritten DISTANCE(d.geo[1], d.geo[0], …) sees null
    try {
      return { shape: parseRegion(v) };
    } catch (e) {
      if (e instanceof GeoError) return null;
      throw e;
    }
  }
  return null;
}

const R = 6_371_000;
function haversine(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const rad = (d: number): number => d * (Math.PI / 180);
  const d1 = rad(lat2 - lat1);
  const d2 = rad(lon2 - lon1);
  const h = Math.sin(d1 / 2) ** 2 + Math.cos(rad(lat1)) * Math.cos(rad(lat2)) * Math.sin(d2 / 2) ** 2;
  return R * 2 * Math.atan2(Math.sqrt(h), Math.sqrt(1 - h));
}

/** Every document the index holds, with its distance from (lat, lon), nearest first. */
function byDistance(ctx: ExecContext, name: string, lat: Value, lon: Value): Located[] {
  const idx = geoIndex(ctx, name);
  ctx.readCollection(name);
  if (typeof lat !== 'number' || typeof lon !== 'number') {
    // the geo index cannot serve the rewritten SORT; DISTANCE() warns for each document
    const all = [...ctx.db.collection(name).all(ctx.tx)] as Record<string, Json>[];
    return all.map((doc) => {
      invalidArg(ctx, 'DISTANCE');
      return { doc, key: 0, shown: null };
    });
  }
  const origin = pointFromDegrees(lat, lon);
  const out: Located[] = [];
  for (const doc of ctx.db.collection(name).all(ctx.tx) as Iterable<Record<string, Json>>) {
    const at = indexedShape(idx, doc);
    if (!at) continue;
    ctx.stats.scannedIndex++;
    if (at.lat !== undefined && at.lon !== undefined) {
      const d = haversine(at.lat, at.lon, lat, lon);
      out.push({ doc, key: d, shown: d });
    } else {
      out.push({ doc, key: distance(centroid(at.shape), origin), shown: null });
    }
  }
  // Array.prototype.sort is stable: equal distances keep the collection's order
  return out.sort((a, b) => a.key - b.key);
}

function withDistance(ctx: ExecContext, hits: Located[], distanceName: Value | undefined): Value[] {
  if (distanceName === undefined) return hits.map((h) => h.doc as Value);
  checkDistanceName(distanceName);
  return hits.map((h) => {
    if (h.shown === null) invalidArg(ctx, 'DISTANCE');
    return { ...h.doc, [distanceName as string]: h.shown } as Value;
  });
}

function near(a: Value[], ctx: ExecContext): Value {
  const limit = a.length > 3 ? arg(a, 3) : null;
  checkLimit(limit);
  const hits = applyLimit(byDistance(ctx, String(arg(a, 0)), arg(a, 1), arg(a, 2)), limit === null ? 100 : (limit as number));
  return withDistance(ctx, hits, a.length > 4 ? arg(a, 4) : undefined);
}

function within(a: Value[], ctx: ExecContext): Value {
  const radius = arg(a, 3);
  checkRadius(radius);
  const hits = byDistance(ctx, String(arg(a, 0)), arg(a, 1), arg(a, 2)).filter((h) => h.key <= (radius as number));
  return withDistance(ctx, hits, a.length > 4 ? arg(a, 4) : undefined);
}

function withinRectangle(a: Value[], ctx: ExecContext): Value {
  const name = String(arg(a, 0));
  const idx = geoIndex(ctx, name);
  ctx.readCollection(name);
  const [lat1, lng1, lat2, lng2] = [arg(a, 1), arg(a, 2), arg(a, 3), arg(a, 4)];
  let rect: Shape;
  try {
    rect = parseRegion({ type: 'Polygon', coordinates: [[[lng1, lat1], [lng2, lat1], [lng2, lat2], [lng1, lat2], [lng1, lat1]]] });
  } catch (e) {
    if (!(e instanceof GeoError)) throw e;
    // the rewritten FILTER GEO_CONTAINS(…) warns and is false for every document
    ctx.warn(e.code, `in function 'GEO_CONTAINS()': ${e.message}`);
    return [];
  }
  const out: Value[] = [];
  for (const doc of ctx.db.collection(name).all(ctx.tx) as Iterable<Record<string, Json>>) {
    const at = indexedShape(idx, doc);
    if (!at) continue;
    ctx.stats.scannedIndex++;
    let inner = at.shape;
    if (at.lat !== undefined && at.lon !== undefined) inner = parseCoordinates([at.lon, at.lat]);
    try {
      if (contains(rect, inner)) out.push(doc as Value);
    } catch (e) {
      if (!(e instanceof GeoError)) throw e;
    }
  }
  return out;
}

function fulltext(a: Value[], ctx: ExecContext): Value {
  const name = String(arg(a, 0));
  const attribute = arg(a, 1);
  const idx = fulltextIndex(ctx, name, typeof attribute === 'string' ? attribute : '');
  const limit = a.length > 3 ? arg(a, 3) : null;
  checkLimit(limit);
  ctx.readCollection(name);
  const query = parseFulltextQuery(arg(a, 2));
  const minLength = typeof idx.extra['minLength'] === 'number' ? idx.extra['minLength'] : 2;
  const field = (idx.fields[0] as string).split('.');
  const docs = [...ctx.db.collection(name).all(ctx.tx)] as Record<string, Json>[];
  const words = docs.map((d) => fulltextWords(getPath(d, field), minLength));
  const hits = matchFulltext(query, words).map((i) => docs[i] as Value);
  ctx.stats.scannedIndex += hits.length;
  return applyLimit(hits, limit as number | null);
}

/** The rule's checks, made while the query is compiled. */
function compileChecks(kind: 'near' | 'within' | 'rectangle' | 'fulltext') {
  return (args: readonly Expr[], env: CompileEnv): void => {
    const first = args[0];
    if (kind === 'rectangle' && !(first?.kind === 'collection' || (first?.kind === 'bind' && first.collection) || typeof constant(first, env)?.value === 'string')) {
      throw planError('ERROR_ARANGO_ILLEGAL_NAME', 'illegal name');
    }
    const name = collectionName(first, env);
    // an unknown collection is 1203, as when the rule adds it to the query (addCollectionToQuery):
    // from then on it is one the query reads (permissions, results cache)
    env.ctx.db.collection(name);
    env.reads.add(name);
    if (kind === 'fulltext') {
      const attribute = constant(args[1], env)?.value;
      fulltextIndex(env.ctx, name, typeof attribute === 'string' ? attribute : '');
    } else {
      geoIndex(env.ctx, name);
    }
    const limit = kind === 'near' || kind === 'fulltext' ? constant(args[3], env) : undefined;
    if (limit) checkLimit(limit.value);
    const radius = kind === 'within' ? constant(args[3], env) : undefined;
    if (radius) checkRadius(radius.value);
    const distanceName = kind === 'near' || kind === 'within' ? constant(args[4], env) : undefined;
    if (distanceName) checkDistanceName(distanceName.value);
  };
}

export const legacyIndexFunctions: FnTable = {
  NEAR: def(3, 5, near, { collectionArgs: [0], compileCheck: compileChecks('near'), rewrittenOnly: true }),
  WITHIN: def(4, 5, within, { collectionArgs: [0], compileCheck: compileChecks('within'), rewrittenOnly: true }),
  WITHIN_RECTANGLE: def(5, 5, withinRectangle, { collectionArgs: [0], compileCheck: compileChecks('rectangle'), rewrittenOnly: true }),
  FULLTEXT: def(3, 4, fulltext, { collectionArgs: [0], compileCheck: compileChecks('fulltext'), rewrittenOnly: true }),
};
