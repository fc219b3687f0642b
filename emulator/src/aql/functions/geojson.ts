/**
 * The GeoJSON constructors GEO_MULTIPOINT, GEO_POLYGON, GEO_MULTIPOLYGON, GEO_LINESTRING and
 * GEO_MULTILINESTRING, with the checks and warnings of ArangoDB's GeoFunctions.cpp: a non-array
 * argument is 1563 (array expected), a bad position or too few of them 1542 with the server's
 * message. Polygons are then parsed with S2 as the server does (geo::json::parsePolygon): a ring
 * with fewer than four positions, an open ring, crossing edges or a hole outside the shell warn
 * with 10 (ERROR_BAD_PARAMETER). Each warning reads "in function 'NAME()': …".
 */
import type { Value } from '../ast.js';
import type { ExecContext } from '../context.js';
import type { ErrorName } from '../../error-codes.js';
import { arg, def, type FnTable } from './types.js';
import { GeoError, parseRegion } from './geo-shapes.js';

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

/** An element of a ring as parseGeoPolygon copies it: a number, or a pair of numbers. */
function pairOrNumber(v: Value, otherwise: string): Value {
  if (typeof v === 'number') return v;
  if (Array.isArray(v) && v.length === 2) {
    if (typeof v[0] !== 'number' || typeof v[1] !== 'number') throw new GeoArgError('coordinate is not a number');
    return [v[0], v[1]];
  }
  throw new GeoArgError(otherwise);
}

/**
 * parseGeoPolygon: one ring given as positions (then wrapped), or an array of rings. The server
 * only checks the structure here; S2 judges the rings afterwards.
 */
function polygonCoordinates(v: Value[]): Value[] {
  const unnested = v.some((x) => Array.isArray(x) && x.length === 2);
  const out: Value[] = [];
  for (const x of v) {
    if (Array.isArray(x) && x.length > 2) {
      out.push(x.map((c) => {
        if (typeof c === 'number') return c;
        if (!Array.isArray(c)) throw new GeoArgError('not an array containing positions');
        if (c.length < 2) throw new GeoArgError('a Position needs at least two numeric values');
        return c.map((ic) => pairOrNumber(ic, 'not an array describing a position'));
      }));
    } else if (Array.isArray(x) && x.length === 2) {
      if (v.length <= 2) throw new GeoArgError('a Polygon needs at least three positions');
      out.push(x.map((ic) => pairOrNumber(ic, 'not a numeric value')));
    } else {
      throw new GeoArgError('not an array containing positions');
    }
  }
  return unnested ? [out] : out;
}

/** The constructed object must also be valid for S2, or the constructor warns (code 10) and gives null. */
function validated(type: 'Polygon' | 'MultiPolygon', coordinates: Value[]): Value {
  const shape = { type, coordinates };
  parseRegion(shape);
  return shape;
}

function constructor(name: string, build: (v: Value[]) => Value): FnTable {
  const warn = (ctx: ExecContext, code: ErrorName, message: string): null => {
    ctx.warn(code, `in function '${name}()': ${message}`);
    return null;
  };
  return {
    [name]: def(1, 1, (a, ctx: ExecContext) => {
      const v = arg(a, 0);
      if (!Array.isArray(v)) return warn(ctx, 'ERROR_QUERY_ARRAY_EXPECTED', 'array expected');
      try {
        return build(v);
      } catch (e) {
        if (e instanceof GeoArgError) return warn(ctx, 'ERROR_QUERY_FUNCTION_ARGUMENT_TYPE_MISMATCH', e.message);
        if (e instanceof GeoError) return warn(ctx, e.code, e.message);
        throw e;
      }
    }),
  };
}

export const geoJsonFunctions: FnTable = {
  ...constructor('GEO_MULTIPOINT', (v) => ({ type: 'MultiPoint', coordinates: positions(v, 2, 'a MultiPoint needs at least two positions') })),
  ...constructor('GEO_LINESTRING', (v) => ({ type: 'LineString', coordinates: positions(v, 2, 'a LineString needs at least two positions') })),
  ...constructor('GEO_MULTILINESTRING', (v) => {
    if (v.length < 1) throw new GeoArgError('a MultiLineString needs at least one array of linestrings');
    return {
      type: 'MultiLineString',
      coordinates: v.map((line) => {
        if (!Array.isArray(line)) throw new GeoArgError('not an array containing positions');
        if (line.length < 2) throw new GeoArgError('not an array containing linestrings');
        return line.map(position);
      }),
    };
  }),
  ...constructor('GEO_POLYGON', (v) => validated('Polygon', polygonCoordinates(v))),
  ...constructor('GEO_MULTIPOLYGON', (v) => {
    const many = 'a MultiPolygon needs at least two Polygons inside.';
    if (v.length < 2) throw new GeoArgError(many);
    return validated('MultiPolygon', v.map((p) => {
      if (!Array.isArray(p)) throw new GeoArgError(many);
      // each ring goes through parseGeoPolygon on its own, which appends what it built
      return p.flatMap((r) => {
        if (!Array.isArray(r)) throw new GeoArgError('Polygon needs to be an array of positions.');
        return polygonCoordinates(r);
      });
    }));
  }),
};
