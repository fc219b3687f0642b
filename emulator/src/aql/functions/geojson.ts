/**
 * The GeoJSON constructors GEO_MULTIPOINT, GEO_POLYGON, GEO_MULTIPOLYGON, GEO_LINESTRING and
 * GEO_MULTILINESTRING, with the checks and warnings of ArangoDB's GeoFunctions.cpp: a non-array
 * argument is 1563 (array expected), a bad position or too few of them 1542 with the server's
 * message, and a polygon ring must be closed and hold at least four positions (S2's loop check).
 */
import type { Value } from '../ast.js';
import type { ExecContext } from '../context.js';
import { arg, def, type FnTable } from './types.js';

type Position = number[];

class GeoArgError extends Error {}

function position(v: Value): Position {
  if (!Array.isArray(v)) throw new GeoArgError('not an array containing positions');
  const out: number[] = [];
  for (const c of v) {
    if (typeof c !== 'number') throw new GeoArgError('not a numeric value');
    out.push(c);
  }
  return out;
}

function positions(v: Value, min: number, what: string): Position[] {
  if (!Array.isArray(v) || v.length < min) throw new GeoArgError(what);
  return v.map(position);
}

/** One ring: closed, at least four positions (three distinct), each a [lon, lat] pair. */
function ring(v: Value): Position[] {
  const r = positions(v, 0, 'not an array containing positions');
  if (r.some((p) => p.length < 2)) throw new GeoArgError('a position needs longitude and latitude');
  const first = r[0];
  const last = r[r.length - 1];
  if (r.length < 4 || first === undefined || last === undefined || first[0] !== last[0] || first[1] !== last[1]) {
    throw new GeoArgError('Invalid loop in polygon, must have at least 3 distinct vertices and be closed');
  }
  return r;
}

/** A polygon's coordinates: one ring given as positions, or an array of rings. */
function polygon(v: Value): Position[][] {
  if (!Array.isArray(v) || v.length === 0) throw new GeoArgError('a Polygon needs at least one ring');
  const nested = Array.isArray(v[0]) && Array.isArray((v[0] as Value[])[0]);
  return nested ? v.map(ring) : [ring(v)];
}

function constructor(name: string, type: string, build: (v: Value[]) => Value): FnTable {
  return {
    [name]: def(1, 1, (a, ctx: ExecContext) => {
      const v = arg(a, 0);
      if (!Array.isArray(v)) {
        ctx.warn('ERROR_QUERY_ARRAY_EXPECTED', `array expected in call to function '${name}()'`);
        return null;
      }
      try {
        return { type, coordinates: build(v) };
      } catch (e) {
        if (!(e instanceof GeoArgError)) throw e;
        ctx.warn('ERROR_QUERY_FUNCTION_ARGUMENT_TYPE_MISMATCH', e.message);
        return null;
      }
    }),
  };
}

export const geoJsonFunctions: FnTable = {
  ...constructor('GEO_MULTIPOINT', 'MultiPoint', (v) => positions(v, 2, 'a MultiPoint needs at least two positions')),
  ...constructor('GEO_LINESTRING', 'LineString', (v) => positions(v, 2, 'a LineString needs at least two positions')),
  ...constructor('GEO_MULTILINESTRING', 'MultiLineString', (v) => {
    if (v.length < 1) throw new GeoArgError('a MultiLineString needs at least one array of linestrings');
    return v.map((line) => {
      if (!Array.isArray(line)) throw new GeoArgError('not an array containing positions');
      if (line.length < 2) throw new GeoArgError('not an array containing linestrings');
      return line.map(position);
    });
  }),
  ...constructor('GEO_POLYGON', 'Polygon', polygon),
  ...constructor('GEO_MULTIPOLYGON', 'MultiPolygon', (v) => {
    if (v.length < 2) throw new GeoArgError('a MultiPolygon needs at least two Polygons inside.');
    return v.map((p) => {
      if (!Array.isArray(p)) throw new GeoArgError('a MultiPolygon needs at least two Polygons inside.');
      return p.map((r) => ring(r));
    });
  }),
};
