/**
 * The geo utility functions of ArangoDB 3.12 (arangod/Aql/Functions/GeoFunctions.cpp):
 * GEO_CONTAINS, GEO_INTERSECTS, GEO_EQUALS, GEO_AREA, GEO_DISTANCE, GEO_IN_RANGE and the
 * deprecated IS_IN_POLYGON, over S2 shapes (geo-shapes.ts). Bad input is a warning and null, as
 * on the server; each warning reads "in function 'NAME()': …" like functions::registerWarning.
 */
import type { Value } from '../ast.js';
import type { ExecContext } from '../context.js';
import { finite } from '../compare.js';
import type { ErrorName } from '../../error-codes.js';
import { arg, def, invalidArg, isObject, type FnTable } from './types.js';
import {
  EARTH_RADIUS, GeoError, SPHERE, WGS84, area, centroid, contains, distance, equals, intersects, isArea, parseCoordinates,
  parseLoop, parseRegion, parseShape, pointFromDegrees, type Ellipsoid, type Shape,
} from './geo-shapes.js';

function warn(ctx: ExecContext, name: string, code: ErrorName, message: string): null {
  ctx.warn(code, `in function '${name}()': ${message}`);
  return null;
}

/** Runs a parse or comparison; a GeoError becomes the server's warning and `fallback`. */
function guarded<T extends Value>(ctx: ExecContext, name: string, fallback: T | null, f: () => T): T | null {
  try {
    return f();
  } catch (e) {
    if (!(e instanceof GeoError)) throw e;
    warn(ctx, name, e.code, e.message);
    return fallback;
  }
}

/** detEllipsoid: "sphere" or "wgs84"; anything else warns and falls back to the sphere. */
function ellipsoid(ctx: ExecContext, name: string, v: Value): Ellipsoid {
  if (v === 'sphere') return SPHERE;
  if (v === 'wgs84') return WGS84;
  if (typeof v === 'string') warn(ctx, name, 'ERROR_BAD_PARAMETER', `invalid ellipsoid ${v} specified, falling back to "sphere"`);
  else warn(ctx, name, 'ERROR_BAD_PARAMETER', 'invalid value for ellipsoid specified, falling back to "sphere"');
  return SPHERE;
}

function parse(ctx: ExecContext, name: string, v: Value, how: (v: Value) => Shape): Shape | null {
  try {
    return how(v);
  } catch (e) {
    if (!(e instanceof GeoError)) throw e;
    warn(ctx, name, e.code, e.message);
    return null;
  }
}

/** geoContainsIntersect: the first argument must be a GeoJSON object, the second may be a pair. */
function containsOrIntersects(doContains: boolean) {
  return (a: Value[], ctx: ExecContext, name: string): Value => {
    const first = arg(a, 0);
    if (!isObject(first)) return warn(ctx, name, 'ERROR_QUERY_FUNCTION_ARGUMENT_TYPE_MISMATCH', 'Expecting GeoJSON object');
    const outer = parse(ctx, name, first, parseRegion);
    if (!outer) return null;
    if (doContains && !isArea(outer)) {
      return warn(ctx, name, 'ERROR_QUERY_FUNCTION_ARGUMENT_TYPE_MISMATCH', 'Only Polygon and MultiPolygon types are valid as first argument');
    }
    const second = arg(a, 1);
    const inner = parse(ctx, name, second, Array.isArray(second) ? parseCoordinates : parseRegion);
    if (!inner) return null;
    // an operation the library refuses warns and answers false
    return guarded(ctx, name, false, () => (doContains ? contains(outer, inner) : intersects(outer, inner)));
  };
}

function geoEquals(a: Value[], ctx: ExecContext, name: string): Value {
  const [x, y] = [arg(a, 0), arg(a, 1)];
  if (!isObject(x) || !isObject(y)) return warn(ctx, name, 'ERROR_QUERY_FUNCTION_ARGUMENT_TYPE_MISMATCH', 'Expecting GeoJSON object');
  const first = parse(ctx, name, x, parseRegion);
  if (!first) return null;
  const second = parse(ctx, name, y, parseRegion);
  if (!second) return null;
  return equals(first, second);
}

function geoArea(a: Value[], ctx: ExecContext, name: string): Value {
  const shape = parse(ctx, name, arg(a, 0), parseRegion);
  if (!shape) return null;
  // the source asks detEllipsoid even when the argument is absent (then a warning, and "sphere")
  return finite(area(shape, ellipsoid(ctx, name, arg(a, 1))));
}

function geoDistance(a: Value[], ctx: ExecContext, name: string): Value {
  const s1 = parse(ctx, name, arg(a, 0), parseShape);
  if (!s1) return null;
  const s2 = parse(ctx, name, arg(a, 1), parseShape);
  if (!s2) return null;
  const e = a.length > 2 ? ellipsoid(ctx, name, arg(a, 2)) : undefined;
  return finite(distance(centroid(s1), centroid(s2), e));
}

function geoInRange(a: Value[], ctx: ExecContext, name: string): Value {
  const s1 = parse(ctx, name, arg(a, 0), parseShape);
  if (!s1) return null;
  const s2 = parse(ctx, name, arg(a, 1), parseShape);
  if (!s2) return null;
  const [low, high] = [arg(a, 2), arg(a, 3)];
  if (typeof low !== 'number') return warn(ctx, name, 'ERROR_BAD_PARAMETER', '3rd argument requires a number');
  if (typeof high !== 'number') return warn(ctx, name, 'ERROR_BAD_PARAMETER', '4th argument requires a number');
  let includeLow = true;
  let includeHigh = true;
  let e: Ellipsoid | undefined;
  if (a.length > 4) {
    const il = arg(a, 4);
    if (typeof il !== 'boolean') return warn(ctx, name, 'ERROR_BAD_PARAMETER', '5th argument requires a bool');
    includeLow = il;
    if (a.length > 5) {
      const ih = arg(a, 5);
      if (typeof ih !== 'boolean') return warn(ctx, name, 'ERROR_BAD_PARAMETER', '6th argument requires a bool');
      includeHigh = ih;
    }
    if (a.length > 6) e = ellipsoid(ctx, name, arg(a, 6));
  }
  // the sphere is measured by angle, any other ellipsoid by its geodesic
  const d = distance(centroid(s1), centroid(s2), e === undefined || e === SPHERE ? undefined : e);
  return (includeLow ? d >= low : d > low) && (includeHigh ? d <= high : d < high);
}

/** IS_IN_POLYGON(polygon, latitude, longitude) or (polygon, [lat, lon], useLonLat). */
function isInPolygon(a: Value[], ctx: ExecContext, name: string): Value {
  const coords = arg(a, 0);
  if (!Array.isArray(coords)) return warn(ctx, name, 'ERROR_QUERY_ARRAY_EXPECTED', 'array expected');
  const [p2, p3] = [arg(a, 1), arg(a, 2)];
  let lat: Value;
  let lon: Value;
  let geoJson = false;
  if (Array.isArray(p2)) {
    if (p2.length < 2) return invalidArg(ctx, name);
    geoJson = p3 === true;
    [lat, lon] = geoJson ? [arg(p2, 1), arg(p2, 0)] : [arg(p2, 0), arg(p2, 1)];
  } else if (typeof p2 === 'number' && typeof p3 === 'number') {
    [lat, lon] = [p2, p3];
  } else {
    return invalidArg(ctx, name);
  }
  if (typeof lat !== 'number' || typeof lon !== 'number') return invalidArg(ctx, name);
  const point = pointFromDegrees(lat, lon);
  return guarded(ctx, name, null, () => parseLoop(coords, geoJson).containsPoint(point));
}

/** DISTANCE(lat1, lon1, lat2, lon2): the haversine formula on the 6371 km sphere, as the server's. */
function haversine(a: Value[], ctx: ExecContext, name: string): Value {
  if (!a.every((x) => typeof x === 'number')) return invalidArg(ctx, name);
  const [lat1, lon1, lat2, lon2] = a as number[] as [number, number, number, number];
  const rad = (d: number): number => d * (Math.acos(-1) / 180);
  const d1 = rad(lat2 - lat1);
  const d2 = rad(lon2 - lon1);
  const h = Math.sin(d1 / 2) * Math.sin(d1 / 2) + Math.cos(rad(lat1)) * Math.cos(rad(lat2)) * Math.sin(d2 / 2) * Math.sin(d2 / 2);
  return finite(EARTH_RADIUS * 2 * Math.atan2(Math.sqrt(h), Math.sqrt(1 - h)));
}

export const geoFunctions: FnTable = {
  DISTANCE: def(4, 4, haversine),
  GEO_CONTAINS: def(2, 2, containsOrIntersects(true)),
  GEO_INTERSECTS: def(2, 2, containsOrIntersects(false)),
  GEO_EQUALS: def(2, 2, geoEquals),
  GEO_AREA: def(1, 2, geoArea),
  GEO_DISTANCE: def(2, 3, geoDistance),
  GEO_IN_RANGE: def(4, 7, geoInRange),
  IS_IN_POLYGON: def(2, 3, isInPolygon),
};
