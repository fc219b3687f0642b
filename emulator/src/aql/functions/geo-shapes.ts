/**
 * GeoJSON shapes on the sphere, as ArangoDB 3.12 builds and compares them (lib/Geo/GeoJson.cpp,
 * lib/Geo/ShapeContainer.cpp): parsed into S2 geometry (the s2js port of Google's S2, the library
 * the server uses), with the server's checks and messages. Edges are geodesics; a polygon's
 * interior lies left of its first ring (no normalising since 3.10); later rings are holes, inverted
 * silently when given the wrong way round.
 */
import { s2 } from 's2js';
import geodesic from 'geographiclib-geodesic';
import type { Value } from '../ast.js';
import { isObject } from './types.js';

/** geo::kEarthRadiusInMeters: the sphere of DISTANCE(), GEO_DISTANCE() and GEO_AREA(). */
export const EARTH_RADIUS = 6_371_000;

/** A failed parse or operation: ArangoDB's Result (error name and message). */
export class GeoError extends Error {
  constructor(readonly code: 'ERROR_BAD_PARAMETER' | 'ERROR_NOT_IMPLEMENTED', message: string) {
    super(message);
  }
}

export type Shape =
  | { kind: 'point'; point: s2.Point }
  | { kind: 'multipoint'; points: s2.Point[] }
  | { kind: 'polyline'; line: s2.Polyline }
  | { kind: 'multipolyline'; lines: s2.Polyline[] }
  | { kind: 'polygon'; polygon: s2.Polygon };

const bad = (message: string): GeoError => new GeoError('ERROR_BAD_PARAMETER', message);
const json = (v: Value): string => JSON.stringify(v);

/** S2LatLng::FromDegrees(lat, lon).Normalized().ToPoint(). */
export function pointFromDegrees(lat: number, lon: number): s2.Point {
  return s2.Point.fromLatLng(s2.LatLng.fromDegrees(lat, lon).normalized());
}

export function samePoint(a: s2.Point, b: s2.Point): boolean {
  return a.x === b.x && a.y === b.y && a.z === b.z;
}

/** One `[lon, lat]` position (GeoJSON order) or `[lat, lon]`; exactly two numbers. */
function position(v: Value, geoJson: boolean): s2.Point | null {
  if (!Array.isArray(v) || v.length !== 2 || typeof v[0] !== 'number' || typeof v[1] !== 'number') return null;
  return geoJson ? pointFromDegrees(v[1], v[0]) : pointFromDegrees(v[0], v[1]);
}

function positions(v: Value[], geoJson = true): s2.Point[] {
  return v.map((p) => {
    if (!Array.isArray(p)) throw bad(`Bad coordinates, should be array ${json(p)}`);
    const pt = position(p, geoJson);
    if (!pt) throw bad(`Bad coordinates values ${json(p)}`);
    return pt;
  });
}

function removeAdjacentDuplicates(points: s2.Point[]): s2.Point[] {
  return points.filter((p, i) => i === 0 || !samePoint(p, points[i - 1] as s2.Point));
}

function multiPoints(v: Value[]): s2.Point[] {
  const pts = positions(v);
  if (pts.length === 0) throw bad('Invalid MultiPoint, it must contains at least one point.');
  return pts;
}

function line(v: Value[]): s2.Polyline {
  const pts = removeAdjacentDuplicates(positions(v));
  if (pts.length < 2) throw bad('Invalid LineString, adjacent vertices must not be identical or antipodal.');
  const l = new s2.Polyline(pts);
  const err = l.validate();
  if (err) throw bad(`Invalid Polyline: ${err.message}`);
  return l;
}

/** A GeoJSON ring: at least four positions, closed; S2 adds the closing edge itself. */
function ring(v: Value): s2.Loop {
  if (!Array.isArray(v)) throw bad('Missing coordinates.');
  let pts = multiPoints(v);
  if (pts.length < 4) throw bad('Invalid GeoJson Loop, must have at least 4 vertices');
  pts = removeAdjacentDuplicates(pts);
  if (!samePoint(pts[0] as s2.Point, pts[pts.length - 1] as s2.Point)) throw bad('Loop not closed');
  if (pts.length > 1) pts.pop();
  const loop = new s2.Loop(pts);
  const err = loop.validate() ?? selfIntersection(pts);
  if (err) throw bad(`Invalid Loop in Polygon: ${err.message}`);
  return loop;
}

/** Whether arcs AB and CD (each shorter than half a great circle) cross at an interior point. */
function edgesCross(a: s2.Point, b: s2.Point, c: s2.Point, d: s2.Point): boolean {
  const side = (p: s2.Point, q: s2.Point, r: s2.Point): number => Math.sign(p.vector.cross(q.vector).dot(r.vector));
  return side(a, b, c) * side(a, b, d) < 0 && side(c, d, a) * side(c, d, b) < 0;
}

/**
 * S2Loop::FindValidationError also refuses crossing edges ("Edge i crosses edge j"), which the
 * s2js port leaves out; non-adjacent edges are compared pairwise.
 */
function selfIntersection(pts: s2.Point[]): Error | null {
  const n = pts.length;
  for (let i = 0; i < n; i++) {
    for (let j = i + 2; j < n; j++) {
      if (i === 0 && j === n - 1) continue;
      if (edgesCross(pts[i] as s2.Point, pts[(i + 1) % n] as s2.Point, pts[j] as s2.Point, pts[(j + 1) % n] as s2.Point)) {
        return new Error(`Edge ${i} crosses edge ${j}`);
      }
    }
  }
  return null;
}

/** The rings of one polygon: later rings must lie inside the first, inverted if need be. */
function rings(v: Value[], into: s2.Loop[]): void {
  let first: s2.Loop | null = null;
  for (const r of v) {
    const loop = ring(r);
    if (first === null) first = loop;
    else if (!first.contains(loop)) {
      loop.invert();
      if (!first.contains(loop)) throw bad('Subsequent loop is not a hole in a polygon.');
    }
    into.push(loop);
  }
}

function polygon(loops: s2.Loop[], what: string): s2.Polygon {
  // S2Polygon::InitNested: nesting decides shells and holes
  const p = new s2.Polygon(loops);
  const err = p.validate();
  if (err) throw bad(`${what}: ${err.message}`);
  return p;
}

/** geo::json::parseRegion(…, legacy = false). */
export function parseRegion(v: Value): Shape {
  const type = isObject(v) && typeof v['type'] === 'string' ? v['type'].toLowerCase() : '';
  const known = ['point', 'multipoint', 'linestring', 'multilinestring', 'polygon', 'multipolygon', 'geometrycollection'];
  if (!isObject(v) || !known.includes(type)) throw bad('Invalid GeoJSON Geometry Object.');
  const c = v['coordinates'];
  if (!Array.isArray(c)) throw bad('Coordinates missing.');
  switch (type) {
    case 'point': {
      const p = position(c, true);
      if (!p) throw bad(`Bad coordinates ${json(c)}`);
      return { kind: 'point', point: p };
    }
    case 'multipoint':
      return { kind: 'multipoint', points: multiPoints(c) };
    case 'linestring':
      return { kind: 'polyline', line: line(c) };
    case 'multilinestring':
      if (c.length === 0) throw bad('Invalid MultiLinestring, it must contains at least one Linestring.');
      return {
        kind: 'multipolyline',
        lines: c.map((l) => {
          if (!Array.isArray(l)) throw bad('Missing coordinates.');
          return line(l);
        }),
      };
    case 'polygon': {
      if (c.length === 0) throw bad('Invalid GeoJSON Geometry Object.');
      const loops: s2.Loop[] = [];
      rings(c, loops);
      return { kind: 'polygon', polygon: polygon(loops, 'Invalid Polygon') };
    }
    case 'multipolygon': {
      if (c.length === 0) throw bad('MultiPolygon should contains at least one Polygon.');
      const loops: s2.Loop[] = [];
      for (const p of c) {
        if (!Array.isArray(p)) throw bad('Polygon should contains at least one coordinates array.');
        if (p.length === 0) throw bad('Polygon should contains at least one Loop.');
        rings(p, loops);
      }
      return { kind: 'polygon', polygon: polygon(loops, 'Invalid Loop in MultiPolygon') };
    }
    default:
      throw new GeoError('ERROR_NOT_IMPLEMENTED', 'GeoJSON type GeometryCollection is not supported');
  }
}

/** A `[lon, lat]` coordinate array (geo::json::parseCoordinates with geoJson = true). */
export function parseCoordinates(v: Value): Shape {
  if (!Array.isArray(v)) throw bad('Invalid coordinate pair.');
  const p = position(v, true);
  if (!p) throw bad(`Bad coordinates ${json(v)}`);
  return { kind: 'point', point: p };
}

/** An array is a coordinate pair, anything else a GeoJSON object (parseShape in GeoFunctions.cpp). */
export function parseShape(v: Value): Shape {
  return Array.isArray(v) ? parseCoordinates(v) : parseRegion(v);
}

/** IS_IN_POLYGON's ring: `[lat, lon]` pairs (or `[lon, lat]`), closed or not, normalised. */
export function parseLoop(v: Value, geoJson: boolean): s2.Loop {
  if (!Array.isArray(v)) throw bad('Coordinates missing.');
  let pts = removeAdjacentDuplicates(v.map((p) => {
    if (!Array.isArray(p)) throw bad(`Bad coordinates, should be array ${json(p)}`);
    const pt = position(p, geoJson);
    if (!pt) throw bad(`Bad coordinates values ${json(p)}`);
    return pt;
  }));
  if (pts.length === 0) throw bad('Loop should be 3 different vertices or be empty or full.');
  if (pts.length > 1 && samePoint(pts[0] as s2.Point, pts[pts.length - 1] as s2.Point)) pts = pts.slice(0, -1);
  const loop = new s2.Loop(pts);
  const err = loop.validate();
  if (err) throw bad(`Invalid loop: ${err.message}`);
  // the legacy function takes the smaller of the two regions (S2Loop::Normalize)
  loop.normalize();
  return loop;
}

export const isArea = (s: Shape): boolean => s.kind === 'polygon';

/** A polygon's rings as closed polylines, to find crossings with a line. */
function boundaries(p: s2.Polygon): s2.Polyline[] {
  return p.loops.map((l) => {
    const vs: s2.Point[] = [];
    for (let i = 0; i < l.numVertices(); i++) vs.push(l.vertex(i));
    vs.push(l.vertex(0));
    return new s2.Polyline(vs);
  });
}

function lineVertices(l: s2.Polyline): s2.Point[] {
  const out: s2.Point[] = [];
  for (let i = 0; i < l.numEdges(); i++) out.push(l.edge(i).v0);
  if (l.numEdges() > 0) out.push(l.edge(l.numEdges() - 1).v1);
  return out;
}

/**
 * S2Polygon::Contains(S2Polyline): every vertex inside and no edge crossing the boundary (the
 * library computes this with S2BooleanOperation; a line touching the boundary counts as leaving).
 */
function polygonContainsLine(p: s2.Polygon, l: s2.Polyline): boolean {
  if (!lineVertices(l).every((v) => p.containsPoint(v))) return false;
  return !boundaries(p).some((b) => b.intersects(l));
}

/** S2Polygon::Intersects(S2Polyline): a vertex inside or an edge crossing the boundary. */
function polygonIntersectsLine(p: s2.Polygon, l: s2.Polyline): boolean {
  return lineVertices(l).some((v) => p.containsPoint(v)) || boundaries(p).some((b) => b.intersects(l));
}

/** ShapeContainer::contains; GEO_CONTAINS has already checked that `a` is a polygon. */
export function contains(a: Shape, b: Shape): boolean {
  if (a.kind !== 'polygon') {
    // only polygons reach here from AQL; the server answers false for other containers
    if (a.kind === 'point' && b.kind === 'point') return samePoint(a.point, b.point);
    return false;
  }
  const p = a.polygon;
  switch (b.kind) {
    case 'point': return p.containsPoint(b.point);
    case 'multipoint': return b.points.every((q) => p.containsPoint(q));
    case 'polyline': return polygonContainsLine(p, b.line);
    case 'multipolyline': return b.lines.every((l) => polygonContainsLine(p, l));
    case 'polygon': return p.contains(b.polygon);
  }
}

const ORDER: Record<Shape['kind'], number> = { point: 0, polyline: 1, polygon: 3, multipoint: 4, multipolyline: 5 };

/** ShapeContainer::intersects (symmetric; points against lines are refused as unstable). */
export function intersects(x: Shape, y: Shape): boolean {
  const [a, b] = ORDER[x.kind] <= ORDER[y.kind] ? [x, y] : [y, x];
  const pointsOf = (s: Shape): s2.Point[] | null => (s.kind === 'point' ? [s.point] : s.kind === 'multipoint' ? s.points : null);
  const linesOf = (s: Shape): s2.Polyline[] | null => (s.kind === 'polyline' ? [s.line] : s.kind === 'multipolyline' ? s.lines : null);
  const pa = pointsOf(a);
  const la = linesOf(a);
  const pb = pointsOf(b);
  const lb = linesOf(b);
  if ((pa && lb) || (la && pb)) {
    throw new GeoError('ERROR_NOT_IMPLEMENTED', 'The case GEO_INTERSECTS(<some points>, <some polylines>) is numerically unstable and thus not supported.');
  }
  if (pa && pb) return pa.some((p) => pb.some((q) => samePoint(p, q)));
  if (la && lb) return la.some((l) => lb.some((m) => l.intersects(m)));
  const poly = (a.kind === 'polygon' ? a : b) as Extract<Shape, { kind: 'polygon' }>;
  const other = a.kind === 'polygon' ? b : a;
  if (other.kind === 'polygon') return poly.polygon.intersects(other.polygon);
  const pts = pointsOf(other);
  if (pts) return pts.some((p) => poly.polygon.containsPoint(p));
  return (linesOf(other) ?? []).some((l) => polygonIntersectsLine(poly.polygon, l));
}

function sameLine(a: s2.Polyline, b: s2.Polyline): boolean {
  const va = lineVertices(a);
  const vb = lineVertices(b);
  return va.length === vb.length && va.every((p, i) => samePoint(p, vb[i] as s2.Point));
}

/** S2Polyline::ApproxEquals with its default tolerance (1e-15 radians per vertex). */
function approxSameLine(a: s2.Polyline, b: s2.Polyline): boolean {
  const va = lineVertices(a);
  const vb = lineVertices(b);
  return va.length === vb.length && va.every((p, i) => p.vector.angle((vb[i] as s2.Point).vector) <= 1e-15);
}

/** ShapeContainer::equals: same type, and S2's exact equality of that type. */
export function equals(a: Shape, b: Shape): boolean {
  if (a.kind === 'point' && b.kind === 'point') return samePoint(a.point, b.point);
  if (a.kind === 'polyline' && b.kind === 'polyline') return sameLine(a.line, b.line);
  if (a.kind === 'multipoint' && b.kind === 'multipoint') {
    return a.points.length === b.points.length && a.points.every((p, i) => samePoint(p, b.points[i] as s2.Point));
  }
  if (a.kind === 'multipolyline' && b.kind === 'multipolyline') {
    return a.lines.length === b.lines.length && a.lines.every((l, i) => approxSameLine(l, b.lines[i] as s2.Polyline));
  }
  if (a.kind === 'polygon' && b.kind === 'polygon') {
    // S2Polygon::Equals: the same loops, in the same order, vertex for vertex
    const la = a.polygon.loops;
    const lb = b.polygon.loops;
    return la.length === lb.length && la.every((l, i) => {
      const m = lb[i] as s2.Loop;
      if (l.depth !== m.depth || l.numVertices() !== m.numVertices()) return false;
      for (let k = 0; k < l.numVertices(); k++) if (!samePoint(l.vertex(k), m.vertex(k))) return false;
      return true;
    });
  }
  return false;
}

/** ShapeContainer::centroid: S2's centroids, normalised to unit length. */
export function centroid(s: Shape): s2.Point {
  let v;
  switch (s.kind) {
    case 'point': return s.point;
    case 'polyline': v = s.line.centroid().vector; break;
    case 'polygon': v = s.polygon.centroid().vector; break;
    case 'multipoint': v = s.points.reduce((acc, p) => acc.add(p.vector), new s2.Point(0, 0, 0).vector); break;
    case 'multipolyline': v = s.lines.reduce((acc, l) => acc.add(l.centroid().vector), new s2.Point(0, 0, 0).vector); break;
  }
  return s2.Point.fromVector(v.normalize());
}

export interface Ellipsoid {
  name: 'sphere' | 'wgs84';
  radius: number;
  flattening: number;
}

export const SPHERE: Ellipsoid = { name: 'sphere', radius: EARTH_RADIUS, flattening: 0 };
export const WGS84: Ellipsoid = { name: 'wgs84', radius: 6_378_137, flattening: 1 / 298.257223563 };

const degrees = (p: s2.Point): [number, number] => {
  const ll = s2.LatLng.fromPoint(p);
  return [(ll.lat * 180) / Math.PI, (ll.lng * 180) / Math.PI];
};

/** distanceFromCentroid: the angle on the sphere, or the geodesic on an ellipsoid (Karney). */
export function distance(a: s2.Point, b: s2.Point, e?: Ellipsoid): number {
  if (!e) return a.vector.angle(b.vector) * EARTH_RADIUS;
  const [lat1, lon1] = degrees(a);
  const [lat2, lon2] = degrees(b);
  const g = new geodesic.Geodesic.Geodesic(e.radius, e.flattening);
  return g.Inverse(lat1, lon1, lat2, lon2).s12 ?? 0;
}

/**
 * ShapeContainer::area: S2's area on the sphere; on an ellipsoid, Karney's geodesic polygon
 * area of each loop, added up. The server adds holes too (their loops run counter-clockwise
 * around the hole), so a polygon with holes is larger on "wgs84" than on "sphere"; kept as is.
 */
export function area(s: Shape, e: Ellipsoid): number {
  if (s.kind !== 'polygon') return 0;
  if (e.flattening === 0) return s.polygon.area() * EARTH_RADIUS * EARTH_RADIUS;
  const g = new geodesic.Geodesic.Geodesic(e.radius, e.flattening);
  let total = 0;
  for (const loop of s.polygon.loops) {
    const p = g.Polygon(false);
    for (let i = 0; i < loop.numVertices(); i++) {
      const [lat, lon] = degrees(loop.vertex(i));
      p.AddPoint(lat, lon);
    }
    total += p.Compute(false, true).area ?? 0;
  }
  return total;
}
