/**
 * ArangoDB 3.12's geo functions and the deprecated index functions (issue 19, items 20 and 23):
 * expected values are the documentation's examples (aql/functions/geo.md, string.md) or closed
 * forms (an octant of the sphere / of WGS84); runs against the emulator or ARANGO_URL.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from './helpers/database.js';

const ctx = useTestDatabase('aqlgeo');

async function run(query: string, bindVars: Record<string, unknown> = {}): Promise<{ result: unknown[]; warnings: number[] }> {
  const cursor = await ctx.db.aql.execute(query, { bindVars });
  const result = await cursor.all();
  return { result, warnings: cursor.extra.warnings.map((w) => w.code) };
}
const value = async (expr: string, bindVars: Record<string, unknown> = {}): Promise<unknown> => (await run(`RETURN ${expr}`, bindVars)).result[0];
const relative = (a: unknown, b: number): number => Math.abs((a as number) - b) / Math.abs(b);

const R = 6371000;
// the docs' example polygon: geodesic edges bulge north of the 47th parallel
const CCW = '{ type: "Polygon", coordinates: [[[4, 54], [4, 47], [16, 47], [16, 54], [4, 54]]] }';
const CW = '{ type: "Polygon", coordinates: [[[4, 54], [16, 54], [16, 47], [4, 47], [4, 54]]] }';
const OCTANT = '{ type: "Polygon", coordinates: [[[0, 0], [90, 0], [0, 90], [0, 0]]] }';

describe('GEO_CONTAINS, GEO_INTERSECTS, GEO_EQUALS', () => {
  it('uses geodesic edges and the left-hand interior (docs: GeoJSON interpretation)', async () => {
    expect(await value(`GEO_CONTAINS(${CCW}, [10, 54])`)).toBe(true);
    expect(await value(`GEO_CONTAINS(${CCW}, [10, 47])`)).toBe(false);
    expect(await value(`GEO_CONTAINS(${CCW}, [10, 50])`)).toBe(true);
    // the clockwise ring is the complement: the poles are inside, [10, 50] is not
    expect(await value(`GEO_CONTAINS(${CW}, [10, 50])`)).toBe(false);
    expect(await value(`GEO_CONTAINS(${CW}, [0, 90])`)).toBe(true);
    expect(await value(`GEO_CONTAINS(${CCW}, GEO_POLYGON([[6, 49], [14, 49], [14, 52], [6, 52], [6, 49]]))`)).toBe(true);
    expect(await value(`GEO_CONTAINS(${CCW}, GEO_LINESTRING([[6, 49], [14, 52]]))`)).toBe(true);
    expect(await value(`GEO_CONTAINS(${CCW}, GEO_LINESTRING([[6, 49], [30, 52]]))`)).toBe(false);
  });

  it('holes: the docs example (clockwise hole) and the same hole counter-clockwise, inverted silently', async () => {
    const shell = [[100, 0], [101, 0], [101, 1], [100, 1], [100, 0]];
    const cw = [[100.8, 0.8], [100.8, 0.2], [100.2, 0.2], [100.2, 0.8], [100.8, 0.8]];
    const ccw = [...cw].reverse();
    for (const hole of [cw, ccw]) {
      const p = JSON.stringify({ type: 'Polygon', coordinates: [shell, hole] });
      expect(await value(`[GEO_CONTAINS(${p}, [100.5, 0.5]), GEO_CONTAINS(${p}, [100.1, 0.1])]`)).toEqual([false, true]);
    }
    // MultiPolygon docs example: [102.5, 2.5] in the first polygon, [100.5, 0.5] in the second one's hole
    const multi = JSON.stringify({ type: 'MultiPolygon', coordinates: [[[[102, 2], [103, 2], [103, 3], [102, 3], [102, 2]]], [shell, ccw]] });
    expect(await value(`[GEO_CONTAINS(${multi}, [102.5, 2.5]), GEO_CONTAINS(${multi}, [100.5, 0.5]), GEO_CONTAINS(${multi}, [100.1, 0.9])]`))
      .toEqual([true, false, true]);
  });

  it('refuses a first argument that is no polygon, and bad GeoJSON, with a warning and null', async () => {
    expect(await run(`RETURN GEO_CONTAINS(GEO_POINT(1, 2), [1, 2])`)).toEqual({ result: [null], warnings: [1542] });
    expect(await run(`RETURN GEO_CONTAINS([1, 2], [1, 2])`)).toEqual({ result: [null], warnings: [1542] });
    expect(await run(`RETURN GEO_CONTAINS({ type: "Polygon", coordinates: [[[0, 0], [1, 1], [0, 0]]] }, [1, 2])`)).toEqual({ result: [null], warnings: [10] });
    expect(await run(`RETURN GEO_CONTAINS(${CCW}, { type: "GeometryCollection", coordinates: [] })`)).toEqual({ result: [null], warnings: [9] });
  });

  it('GEO_INTERSECTS: lines crossing a polygon or each other; points against lines are refused', async () => {
    expect(await value(`GEO_INTERSECTS(${CCW}, GEO_LINESTRING([[0, 50], [20, 50]]))`)).toBe(true);
    expect(await value(`GEO_INTERSECTS(${CCW}, GEO_LINESTRING([[20, 50], [30, 50]]))`)).toBe(false);
    expect(await value(`GEO_INTERSECTS(GEO_LINESTRING([[0, 0], [2, 2]]), GEO_LINESTRING([[0, 2], [2, 0]]))`)).toBe(true);
    expect(await value(`GEO_INTERSECTS(${CCW}, GEO_POLYGON([[15, 50], [25, 50], [25, 52], [15, 52], [15, 50]]))`)).toBe(true);
    expect(await value(`GEO_INTERSECTS(${CCW}, GEO_MULTIPOINT([[30, 30], [10, 50]]))`)).toBe(true);
    expect(await run(`RETURN GEO_INTERSECTS(GEO_POINT(1, 1), GEO_LINESTRING([[0, 0], [2, 2]]))`)).toEqual({ result: [false], warnings: [9] });
  });

  it('GEO_EQUALS: the docs examples', async () => {
    expect(await value(`GEO_EQUALS(GEO_POLYGON([[-11.5, 23.5], [-10.5, 26.1], [-11.2, 27.1], [-11.5, 23.5]]),
      GEO_POLYGON([[-11.5, 23.5], [-10.5, 26.1], [-11.2, 27.1], [-11.5, 23.5]]))`)).toBe(true);
    expect(await value(`GEO_EQUALS(GEO_POLYGON([[-11.1, 24.0], [-10.5, 26.1], [-11.2, 27.1], [-11.1, 24.0]]),
      GEO_POLYGON([[-11.5, 23.5], [-10.5, 26.1], [-11.2, 27.1], [-11.5, 23.5]]))`)).toBe(false);
    expect(await value('GEO_EQUALS(GEO_POINT(1, 2), GEO_POINT(1, 2))')).toBe(true);
    expect(await value('GEO_EQUALS(GEO_POINT(1, 2), GEO_MULTIPOINT([[1, 2], [3, 4]]))')).toBe(false);
    expect(await run('RETURN GEO_EQUALS([1, 2], GEO_POINT(1, 2))')).toEqual({ result: [null], warnings: [1542] });
  });
});

describe('GEO_POLYGON and GEO_MULTIPOLYGON validate with S2 (docs examples)', () => {
  it('builds the docs examples, a hole included', async () => {
    const hole = [[[35, 10], [45, 45], [15, 40], [10, 20], [35, 10]], [[20, 30], [30, 20], [35, 35], [20, 30]]];
    expect(await value(`GEO_POLYGON(${JSON.stringify(hole)})`)).toEqual({ type: 'Polygon', coordinates: hole });
    expect(await value('GEO_POLYGON([[0.0, 0.0], [7.5, 2.5], [0.0, 5.0], [0.0, 0.0]])'))
      .toEqual({ type: 'Polygon', coordinates: [[[0, 0], [7.5, 2.5], [0, 5], [0, 0]]] });
    const multi = [[[[40, 40], [20, 45], [45, 30], [40, 40]]],
      [[[20, 35], [10, 30], [10, 10], [30, 5], [45, 20], [20, 35]], [[30, 20], [20, 15], [20, 25], [30, 20]]]];
    expect(await value(`GEO_MULTIPOLYGON(${JSON.stringify(multi)})`)).toEqual({ type: 'MultiPolygon', coordinates: multi });
  });

  it('refuses crossing edges, open rings and holes outside the shell with warning 10', async () => {
    expect(await run('RETURN GEO_POLYGON([[0, 0], [10, 10], [10, 0], [0, 10], [0, 0]])')).toEqual({ result: [null], warnings: [10] });
    expect(await run('RETURN GEO_POLYGON([[0, 0], [10, 0], [10, 10], [0, 10], [0, 1]])')).toEqual({ result: [null], warnings: [10] });
    expect(await run('RETURN GEO_POLYGON([[[0, 0], [10, 0], [10, 10], [0, 0]], [[20, 20], [30, 20], [30, 30], [20, 20]]])'))
      .toEqual({ result: [null], warnings: [10] });
  });
});

describe('GEO_AREA, GEO_DISTANCE, GEO_IN_RANGE, DISTANCE', () => {
  it('an octant is an eighth of the sphere, or of the WGS84 ellipsoid (Karney: 510065621724088.5 m²)', async () => {
    expect(relative(await value(`GEO_AREA(${OCTANT}, "sphere")`), (Math.PI / 2) * R * R)).toBeLessThan(1e-12);
    expect(relative(await value(`GEO_AREA(${OCTANT}, "wgs84")`), 510065621724088.5 / 8)).toBeLessThan(1e-9);
    // a hole is taken away on the sphere
    const holed = '{ type: "Polygon", coordinates: [[[0, 0], [90, 0], [0, 90], [0, 0]], [[10, 10], [20, 10], [10, 20], [10, 10]]] }';
    const hole = '{ type: "Polygon", coordinates: [[[10, 10], [20, 10], [10, 20], [10, 10]]] }';
    const [h, whole, small] = (await run(`RETURN [GEO_AREA(${holed}, "sphere"), GEO_AREA(${OCTANT}, "sphere"), GEO_AREA(${hole}, "sphere")]`)).result[0] as number[];
    expect(relative(h, (whole as number) - (small as number))).toBeLessThan(1e-9);
    expect(await value('GEO_AREA(GEO_LINESTRING([[0, 0], [1, 1]]), "sphere")')).toBe(0);
    expect(await run(`RETURN GEO_AREA(${OCTANT}, "mars")`)).toEqual({ result: [(await value(`GEO_AREA(${OCTANT}, "sphere")`))], warnings: [10] });
  });

  it('GEO_DISTANCE measures between centroids; DISTANCE is the docs example', async () => {
    expect(await value('DISTANCE(52.5163, 13.3777, 50.9322, 6.94)')).toBeCloseTo(476918.89688380965, 6);
    expect(await value('GEO_DISTANCE([13.3777, 52.5163], [6.94, 50.9322])')).toBeCloseTo(476918.89688380965, 3);
    expect(relative(await value('GEO_DISTANCE([0, 0], [1, 0])'), (R * Math.PI) / 180)).toBeLessThan(1e-12);
    // one degree of the WGS84 equator: a·π/180
    expect(relative(await value('GEO_DISTANCE([0, 0], [1, 0], "wgs84")'), (6378137 * Math.PI) / 180)).toBeLessThan(1e-9);
    // the centroid of a line along the equator from 0 to 2 degrees is at 1 degree
    expect(relative(await value('GEO_DISTANCE(GEO_LINESTRING([[0, 0], [2, 0]]), [0, 0])'), (R * Math.PI) / 180)).toBeLessThan(1e-9);
    expect(await run('RETURN DISTANCE("a", 1, 2, 3)')).toEqual({ result: [null], warnings: [1542] });
  });

  it('GEO_IN_RANGE with open and closed bounds', async () => {
    const d = (R * Math.PI) / 180;
    expect(await value(`GEO_IN_RANGE([0, 0], [1, 0], ${d - 1}, ${d + 1})`)).toBe(true);
    expect(await value(`GEO_IN_RANGE([0, 0], [1, 0], 0, ${d - 1})`)).toBe(false);
    expect(await value('GEO_IN_RANGE([0, 0], [0, 0], 0, 10, false)')).toBe(false);
    expect(await value('GEO_IN_RANGE([0, 0], [0, 0], 0, 10, true, true)')).toBe(true);
    expect(await run('RETURN GEO_IN_RANGE([0, 0], [0, 0], "x", 10)')).toEqual({ result: [null], warnings: [10] });
  });

  it('IS_IN_POLYGON: the docs examples, [lat, lon] and [lon, lat] forms', async () => {
    expect(await value('IS_IN_POLYGON([[0, 0], [0, 10], [10, 10], [10, 0]], 4, 7)')).toBe(true);
    expect(await value('IS_IN_POLYGON([[0, 0], [0, 10], [10, 10], [10, 0]], [4, 7])')).toBe(true);
    expect(await value('IS_IN_POLYGON([[0, 0], [10, 0], [10, 10], [0, 10]], [7, 4], true)')).toBe(true);
    expect(await value('IS_IN_POLYGON([[0, 0], [0, 10], [10, 10], [10, 0]], 14, 7)')).toBe(false);
    expect(await run('RETURN IS_IN_POLYGON("x", 4, 7)')).toEqual({ result: [null], warnings: [1563] });
  });
});

describe('NGRAM_SIMILARITY and NGRAM_POSITIONAL_SIMILARITY (docs examples, single-precision results)', () => {
  it('computes the values the docs list', async () => {
    expect(await value(`[NGRAM_SIMILARITY("quick fox", "quick foxx", 2), NGRAM_SIMILARITY("quick fox", "quick foxx", 3),
      NGRAM_SIMILARITY("quick fox", "quirky fox", 2), NGRAM_SIMILARITY("quick fox", "quirky fox", 3)]`))
      .toEqual([0.8888888955116272, 0.875, 0.5555555820465088, 0.375]);
    expect(await value(`[NGRAM_POSITIONAL_SIMILARITY("quick fox", "quick foxx", 2), NGRAM_POSITIONAL_SIMILARITY("quick fox", "quick foxx", 3),
      NGRAM_POSITIONAL_SIMILARITY("quick fox", "quirky fox", 2), NGRAM_POSITIONAL_SIMILARITY("quick fox", "quirky fox", 3)]`))
      .toEqual([0.8888888955116272, 0.875, 0.7222222089767456, 0.6666666865348816]);
    // shorter than the n-gram: positional counts equal leading characters over the longer length,
    // binary is 1 only for equal strings (irs::ngram_similarity)
    expect(await value('[NGRAM_POSITIONAL_SIMILARITY("a", "ab", 2), NGRAM_SIMILARITY("ab", "ab", 3), NGRAM_SIMILARITY("ab", "abc", 3)]'))
      .toEqual([0.5, 1, 0]);
    expect(await run('RETURN NGRAM_SIMILARITY("a", "b", 0)')).toEqual({ result: [null], warnings: [10] });
    expect(await run('RETURN NGRAM_SIMILARITY(1, "b", 2)')).toEqual({ result: [null], warnings: [1542] });
  });
});

describe('NEAR, WITHIN, WITHIN_RECTANGLE, FULLTEXT over the indexes (replace-function-with-index)', () => {
  beforeAll(async () => {
    const places = await ctx.db.createCollection('places');
    await places.insertMany([
      { _key: 'cologne', lat: 50.9375, lon: 6.9603 },
      { _key: 'berlin', lat: 52.52, lon: 13.405 },
      { _key: 'munich', lat: 48.1351, lon: 11.582 },
      { _key: 'paris', lat: 48.8566, lon: 2.3522 },
      { _key: 'nowhere', name: 'no coordinates' },
    ]);
    await places.addIndex({ type: 'geo', fields: ['lat', 'lon'] });
    const pairs = await ctx.db.createCollection('pairs');
    await pairs.insertMany([{ _key: 'a', loc: [1, 1] }, { _key: 'b', loc: [5, 5] }, { _key: 'c', loc: 'not a place' }]);
    await pairs.addIndex({ type: 'geo', fields: ['loc'], geoJson: true });
    await ctx.db.createCollection('plain');
    const texts = await ctx.db.createCollection('texts');
    await texts.insertMany([
      { _key: '1', text: 'The quick brown fox jumps' },
      { _key: '2', text: ['Quick thinking', 'a brownish dog'] },
      { _key: '3', text: { a: 'lazy fox', b: 'sleeps' } },
      { _key: '4', text: 'nothing here' },
    ]);
    await texts.addIndex({ type: 'fulltext', fields: ['text'], minLength: 3 });
  });

  it('NEAR returns the nearest first, at most the limit, with the distance under distanceName', async () => {
    const { result } = await run('RETURN NEAR(places, 50.9375, 6.9603, 3, "d")');
    const near = result[0] as { _key: string; d: number }[];
    expect(near.map((x) => x._key)).toEqual(['cologne', 'paris', 'munich']);
    expect(near[0]?.d).toBe(0);
    expect(near[1]?.d).toBeCloseTo((await value('DISTANCE(50.9375, 6.9603, 48.8566, 2.3522)')) as number, 6);
    // the default limit is 100; documents the index does not hold are left out
    expect(((await value('NEAR(places, 0, 0)')) as unknown[]).length).toBe(4);
    // a collection bind parameter parses as the collection argument
    const bound = (await value('NEAR(@@c, 52.52, 13.405, 1)', { '@c': 'places' })) as { _key: string }[];
    expect(bound.map((x) => x._key)).toEqual(['berlin']);
  });

  it('WITHIN keeps what lies inside the radius, nearest first', async () => {
    // from Cologne: Paris ~404 km, Munich ~456 km, Berlin ~477 km
    expect(await value('WITHIN(@@c, 50.9375, 6.9603, 500000)[*]._key', { '@c': 'places' })).toEqual(['cologne', 'paris', 'munich', 'berlin']);
    const inside = (await value('WITHIN(places, 50.9375, 6.9603, 450000, "m")')) as { _key: string; m: number }[];
    expect(inside.map((x) => x._key)).toEqual(['cologne', 'paris']);
    expect(inside[1]?.m).toBeCloseTo((await value('DISTANCE(50.9375, 6.9603, 48.8566, 2.3522)')) as number, 6);
  });

  it('WITHIN_RECTANGLE uses the corners as a geodesic polygon; geoJson indexes read [lon, lat]', async () => {
    expect(((await value('WITHIN_RECTANGLE(places, 47, 2, 51, 12)')) as { _key: string }[]).map((x) => x._key).sort()).toEqual(['cologne', 'munich', 'paris']);
    expect(((await value('WITHIN_RECTANGLE(pairs, 0, 0, 2, 2)')) as { _key: string }[]).map((x) => x._key)).toEqual(['a']);
  });

  it('FULLTEXT: complete and prefix words, or and exclude, minLength and the limit', async () => {
    const keys = async (q: string, limit?: number): Promise<string[]> =>
      ((await value(`FULLTEXT(texts, "text", @q${limit === undefined ? '' : `, ${limit}`})`, { q })) as { _key: string }[]).map((x) => x._key);
    expect(await keys('quick')).toEqual(['1', '2']);
    expect(await keys('prefix:brown')).toEqual(['1', '2']);
    expect(await keys('fox,-quick')).toEqual(['3']);
    expect(await keys('fox,|nothing')).toEqual(['1', '3', '4']);
    expect(await keys('quick,brown')).toEqual(['1']);
    expect(await keys('quick', 1)).toEqual(['1']);
    expect(await keys('complete:FOX')).toEqual(['1', '3']);
    expect((await ctx.serverError(ctx.db.aql.execute('RETURN FULLTEXT(texts, "text", "prefix:")'))).errorNum).toBe(10);
    // "a" is shorter than minLength 3, so it was never indexed
    expect(await keys('a')).toEqual([]);
  });

  it('refuses as the optimizer rule does: no index 1570 / 1571, a limit of the wrong type 1542', async () => {
    const missing = await ctx.serverError(ctx.db.aql.execute('RETURN NEAR(plain, 0, 0)'));
    expect([missing.httpCode, missing.errorNum]).toEqual([400, 1570]);
    expect(missing.errorMessage).toContain("no suitable geo index found for geo restriction on 'plain'");
    expect((await ctx.serverError(ctx.db.aql.execute('RETURN WITHIN_RECTANGLE(plain, 0, 0, 1, 1)'))).errorNum).toBe(1570);
    expect((await ctx.serverError(ctx.db.aql.execute('RETURN FULLTEXT(texts, "other", "x")'))).errorNum).toBe(1571);
    // checked when the query is planned, even where the call is never reached
    expect((await ctx.serverError(ctx.db.aql.execute('FOR x IN [] RETURN FULLTEXT(places, "name", "x")'))).errorNum).toBe(1571);
    expect((await ctx.serverError(ctx.db.aql.execute('RETURN NEAR(places, 0, 0, 1.5)'))).errorNum).toBe(1542);
    expect((await ctx.serverError(ctx.db.aql.execute('RETURN WITHIN(places, 0, 0, "far")'))).errorNum).toBe(1542);
    expect((await ctx.serverError(ctx.db.aql.execute('RETURN FULLTEXT(texts, "text", "")'))).errorNum).toBe(10);
  });

  it('through CALL or APPLY no rewrite sees the call: the placeholder answers 501 / 9, after the argument count', async () => {
    // AqlFunctionFeature registers the four with functions::NotImplemented; callApplyBackend
    // checks the argument count of the function named, then runs that implementation
    for (const q of [
      'RETURN CALL("NEAR", "places", 50.9375, 6.9603)',
      'RETURN APPLY("within", ["places", 50.9375, 6.9603, 1000])',
      'RETURN CALL("WITHIN_RECTANGLE", "places", 47, 2, 51, 12)',
      'RETURN APPLY("FULLTEXT", ["texts", "text", "quick"])',
    ]) {
      const e = await ctx.serverError(ctx.db.aql.execute(q));
      expect([e.httpCode, e.errorNum]).toEqual([501, 9]);
      expect(e.errorMessage).toContain("in function 'UNKNOWN()': not implemented");
    }
    expect((await ctx.serverError(ctx.db.aql.execute('RETURN CALL("NEAR", "places")'))).errorNum).toBe(1541);
  });
});
