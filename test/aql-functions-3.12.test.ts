/**
 * AQL functions as ArangoDB 3.12 evaluates them (issue 19, item 23): each expectation is what the
 * server's own implementation gives (arangod/Aql/Functions, DateFunctions.cpp, GeoFunctions.cpp);
 * runs against the emulator or ARANGO_URL.
 */
import { describe, expect, it } from 'vitest';
import { ArangoServerError } from 'arangots';
import { useTestDatabase } from './helpers/database.js';

const ctx = useTestDatabase('aqlfn');

async function run(expr: string): Promise<{ value: unknown; warnings: number[] }> {
  const cursor = await ctx.db.aql.execute(`RETURN ${expr}`);
  const [value] = await cursor.all();
  return { value, warnings: cursor.extra.warnings.map((w) => w.code) };
}
const value = async (expr: string): Promise<unknown> => (await run(expr)).value;

describe('string functions', () => {
  it('REPEAT repeats with an optional separator; 0 gives "", a negative count null with a warning', async () => {
    expect(await value('REPEAT("ab", 3)')).toBe('ababab');
    expect(await value('REPEAT("x", 3, "-")')).toBe('x-x-x');
    expect(await value('REPEAT(1, 2)')).toBe('11');
    expect(await value('REPEAT("x", 0)')).toBe('');
    expect(await run('REPEAT("x", -1)')).toEqual({ value: null, warnings: [1542] });
  });

  it('CONCAT_SEPARATOR joins the members of a single array argument only', async () => {
    expect(await value('CONCAT_SEPARATOR(", ", ["a", null, "b"])')).toBe('a, b');
    expect(await value('CONCAT_SEPARATOR("-", "a", [1, 2], "b")')).toBe('a-[1,2]-b');
    expect(await value('CONCAT_SEPARATOR("-", [[1, 2], "x"])')).toBe('[1,2]-x');
  });

  it('SUBSTRING_BYTES cuts bytes, refuses a cut inside a character and widens by characters', async () => {
    expect(await value('SUBSTRING_BYTES("Hello, world", 7, 5)')).toBe('world');
    expect(await value('SUBSTRING_BYTES("Hello", -3)')).toBe('llo');
    // "äbc": ä is two bytes; offset 1 is inside it
    expect(await run('SUBSTRING_BYTES("äbc", 1, 1)')).toEqual({ value: null, warnings: [10] });
    // one character more on each side of "b"
    expect(await value('SUBSTRING_BYTES("äbc", 2, 1, 1)')).toBe('äbc');
    expect(await value('SUBSTRING_BYTES("äbc", 2, 1, 0, 1)')).toBe('bc');
    expect(await run('SUBSTRING_BYTES(123, 0)')).toEqual({ value: null, warnings: [10] });
  });
});

describe('array and numeric functions', () => {
  it('REPLACE_NTH counts negative positions from the end and clamps them at 0', async () => {
    expect(await value('REPLACE_NTH(["a", "b", "c"], -1, "z")')).toEqual(['a', 'b', 'z']);
    expect(await value('REPLACE_NTH(["a", "b", "c"], -10, "z")')).toEqual(['z', 'b', 'c']);
    expect(await value('REPLACE_NTH(["a"], 3, "z", "pad")')).toEqual(['a', 'pad', 'pad', 'z']);
    const err = await ctx.serverError(ctx.db.aql.execute('RETURN REPLACE_NTH(["a"], 3, "z")'));
    expect(err.errorNum).toBe(1542);
  });

  it('PRODUCT multiplies, skipping nulls; an empty array gives 1', async () => {
    expect(await value('PRODUCT([1, 2, 3, null, 4])')).toBe(24);
    expect(await value('PRODUCT([])')).toBe(1);
    expect(await value('PRODUCT([1, "x"])')).toBeNull();
  });

  it('DECAY_GAUSS, DECAY_EXP and DECAY_LINEAR score distance from an origin', async () => {
    expect(await value('DECAY_GAUSS(41, 40, 5, 5, 0.5)')).toBe(1);
    // sigma² = -scale² / (2 ln decay); distance beyond the offset 4.9
    expect(await value('DECAY_GAUSS(49.9, 40, 5, 5, 0.5)')).toBeCloseTo(Math.exp(-(4.9 ** 2) / (2 * (-25 / (2 * Math.log(0.5))))), 9);
    expect(await value('DECAY_EXP(2, 0, 10, 0, 0.2)')).toBeCloseTo(0.7248, 3);
    expect(await value('DECAY_LINEAR(5, 0, 10, 0, 0.2)')).toBeCloseTo(0.6, 6);
    expect(await value('DECAY_LINEAR([1, 2], 0, 10, 0, 0.2)')).toEqual([expect.closeTo(0.92, 6), expect.closeTo(0.84, 6)]);
    expect(await run('DECAY_GAUSS(1, 0, 0, 0, 0.5)')).toEqual({ value: null, warnings: [1504] });
  });

  it('IN_RANGE works outside SEARCH with AQL ordering', async () => {
    expect(await value('IN_RANGE(2, 1, 3, true, true)')).toBe(true);
    expect(await value('IN_RANGE(3, 1, 3, true, false)')).toBe(false);
    expect(await value('IN_RANGE("b", "a", "c", false, false)')).toBe(true);
    expect(await run('IN_RANGE(2, 1, 3, "yes", true)')).toEqual({ value: null, warnings: [1542] });
  });

  it('MINHASH and friends are Enterprise Edition functions', async () => {
    const err = await ctx.serverError(ctx.db.aql.execute('RETURN MINHASH_COUNT(0.05)'));
    expect([err.httpCode, err.errorNum]).toEqual([501, 9]);
    expect(err.errorMessage).toContain('Enterprise Edition');
  });
});

describe('GeoJSON constructors', () => {
  it('build MultiPoint, LineString, MultiLineString, Polygon and MultiPolygon', async () => {
    expect(await value('GEO_MULTIPOINT([[1, 2], [3, 4]])')).toEqual({ type: 'MultiPoint', coordinates: [[1, 2], [3, 4]] });
    expect(await value('GEO_LINESTRING([[1, 2], [3, 4]])')).toEqual({ type: 'LineString', coordinates: [[1, 2], [3, 4]] });
    expect(await value('GEO_MULTILINESTRING([[[1, 2], [3, 4]], [[5, 6], [7, 8]]])')).toEqual({
      type: 'MultiLineString', coordinates: [[[1, 2], [3, 4]], [[5, 6], [7, 8]]],
    });
    const ring = [[0, 0], [7.5, 0], [7.5, 10], [0, 10], [0, 0]];
    expect(await value(`GEO_POLYGON(${JSON.stringify(ring)})`)).toEqual({ type: 'Polygon', coordinates: [ring] });
    // two polygons must not share edges (S2 refuses such a MultiPolygon): the second lies 20° east
    const east = ring.map(([lon, lat]) => [(lon as number) + 20, lat]);
    expect(await value(`GEO_MULTIPOLYGON([[${JSON.stringify(ring)}], [${JSON.stringify(east)}]])`)).toEqual({
      type: 'MultiPolygon', coordinates: [[ring], [east]],
    });
  });

  it('warn and answer null for what is not geometry', async () => {
    expect(await run('GEO_MULTIPOINT([[1, 2]])')).toEqual({ value: null, warnings: [1542] });
    expect(await run('GEO_LINESTRING("x")')).toEqual({ value: null, warnings: [1563] });
    // the structure is fine; S2 then refuses a ring of fewer than four positions (ERROR_BAD_PARAMETER)
    expect(await run('GEO_POLYGON([[0, 0], [1, 0], [0, 0]])')).toEqual({ value: null, warnings: [10] });
    expect(await run('GEO_POLYGON([[0, 0]])')).toEqual({ value: null, warnings: [1542] });
    expect(await run('GEO_MULTILINESTRING([[[1, "a"], [3, 4]]])')).toEqual({ value: null, warnings: [1542] });
  });
});

describe('date functions', () => {
  it('DATE_FORMAT has the server\'s placeholders: %a is the days in the month, %www the weekday', async () => {
    const d = '"2024-02-07T05:06:07.089Z"';
    expect(await value(`DATE_FORMAT(${d}, "%a")`)).toBe('29');
    expect(await value(`DATE_FORMAT(${d}, "%www %wwww %mmm %mmmm")`)).toBe('Wed Wednesday Feb February');
    expect(await value(`DATE_FORMAT(${d}, "%yyyy-%mm-%dd %hh:%ii:%ss.%fff")`)).toBe('2024-02-07 05:06:07.089');
    expect(await value(`DATE_FORMAT(${d}, "%yyyyyy %yy %y %m %d %h %i %s %f")`)).toBe('+002024 24 2024 2 7 5 6 7 89');
    expect(await value(`DATE_FORMAT(${d}, "%x %xxx %k %kk %l %q %w %t")`)).toBe('38 038 6 06 1 1 3 1707282367089');
    expect(await value(`DATE_FORMAT(${d}, "%m%&m %% %z")`)).toBe('2m % 2024-02-07T05:06:07.089Z');
  });

  it('reads and writes dates in a time zone', async () => {
    // Berlin is UTC+1 in March before the switch, UTC+2 in July
    expect(await value('DATE_UTCTOLOCAL("2020-03-15T00:00:00.000", "Europe/Berlin")')).toBe('2020-03-15T01:00:00.000');
    expect(await value('DATE_UTCTOLOCAL("2020-07-15T00:00:00.000Z", "Europe/Berlin")')).toBe('2020-07-15T02:00:00.000');
    expect(await value('DATE_UTCTOLOCAL("2020-03-15T00:00:00.000", "Asia/Shanghai")')).toBe('2020-03-15T08:00:00.000');
    expect(await value('DATE_LOCALTOUTC("2020-03-15T01:00:00.000", "Europe/Berlin")')).toBe('2020-03-15T00:00:00.000Z');
    expect(await value('DATE_HOUR("2020-07-15T23:30:00Z", "Asia/Tokyo")')).toBe(8);
    expect(await value('DATE_DAY("2020-07-15T23:30:00Z", "Asia/Tokyo")')).toBe(16);
    expect(await value('DATE_FORMAT("2020-07-15T23:30:00Z", "%hh:%ii", "America/New_York")')).toBe('19:30');
    // one day after 2020-03-28 12:00 in Berlin is 12:00 local again, across the DST switch: 23 h later in UTC
    expect(await value('DATE_ADD("2020-03-28T11:00:00Z", 1, "day", "Europe/Berlin")')).toBe('2020-03-29T10:00:00.000Z');
    expect(await value('DATE_TRUNC("2020-07-15T23:30:00Z", "day", "Asia/Tokyo")')).toBe('2020-07-15T15:00:00.000Z');
    const info = await value('DATE_UTCTOLOCAL("2020-07-15T00:00:00.000Z", "Europe/Berlin", true)');
    expect(info).toMatchObject({ local: '2020-07-15T02:00:00.000', zoneInfo: { dst: true, offset: 7200 } });
    expect(await run('DATE_HOUR("2020-07-15T23:30:00Z", "Nowhere/Else")')).toEqual({ value: null, warnings: [1542] });
  });
});

describe('the registry', () => {
  it('an unknown function is still 1540, and a wrong argument count 1541 at parse time', async () => {
    const unknown = await ctx.serverError(ctx.db.aql.execute('RETURN NO_SUCH_FUNCTION(1)'));
    expect(unknown.errorNum).toBe(1540);
    const arity = await ctx.serverError(ctx.db.aql.execute('RETURN UNION([1])'));
    expect(arity).toBeInstanceOf(ArangoServerError);
    expect(arity.errorNum).toBe(1541);
  });
});

describe('the language', () => {
  it('destructures arrays and objects in LET and FOR', async () => {
    expect(await (await ctx.db.aql.execute('FOR [k, v] IN ENTRIES({a: 1, b: 2}) RETURN CONCAT(k, "=", v)')).all()).toEqual(['a=1', 'b=2']);
    expect(await (await ctx.db.aql.execute('LET [a, , c] = [1, 2, 3] RETURN [a, c]')).all()).toEqual([[1, 3]]);
    expect(await (await ctx.db.aql.execute('LET {x, y: why, z} = {x: 1, y: 2} RETURN [x, why, z]')).all()).toEqual([[1, 2, null]]);
  });

  it('takes a bare subquery as a function argument', async () => {
    expect(await value('MERGE(FOR i IN 1..2 RETURN {[i]: i})')).toEqual({ 1: 1, 2: 2 });
    expect(await value('LENGTH(FOR i IN 1..5 FILTER i > 2 RETURN i)')).toBe(3);
  });

  it('WINDOW takes ISO 8601 durations and sorts by the range value', async () => {
    const rows = [
      { t: '2021-05-25T07:30:00Z', v: 2 }, { t: '2021-05-25T07:00:00Z', v: 1 },
      { t: '2021-05-25T08:15:00Z', v: 4 }, { t: '2021-05-25T07:45:00Z', v: 3 },
    ];
    const cursor = await ctx.db.aql.execute(
      'FOR r IN @rows WINDOW r.t WITH { preceding: "PT30M" } AGGREGATE s = SUM(r.v) RETURN [r.v, s]', { bindVars: { rows } });
    // sorted by time; each sums the rows of the 30 minutes before it, itself included
    expect(await cursor.all()).toEqual([[1, 1], [2, 3], [3, 5], [4, 7]]);
  });
});

describe('TOKENS', () => {
  it('stems with the language of a text analyzer and keeps nested arrays', async () => {
    expect(await value('TOKENS("The quick brown foxes were running", "text_en")')).toEqual(['the', 'quick', 'brown', 'fox', 'were', 'run']);
    expect(await value('TOKENS("Häuser und Gärten", "text_de")')).toEqual(['haus', 'und', 'gart']);
    expect(await value('TOKENS(["Running dogs", ["Foxes"]], "text_en")')).toEqual([['run', 'dog'], [['fox']]]);
    expect(await value('TOKENS("Lorem Ipsum")')).toEqual(['Lorem Ipsum']);
  });

  it('uses the database\'s own analyzers, and refuses an unknown one', async () => {
    await ctx.db.analyzer('csv_split').create({ type: 'delimiter', properties: { delimiter: ',' }, features: [] });
    expect(await value(`TOKENS("a,b,,c", "${ctx.db.name}::csv_split")`)).toEqual(['a', 'b', 'c']);
    expect(await value('TOKENS("a,b", "csv_split")')).toEqual(['a', 'b']);
    const err = await ctx.serverError(ctx.db.aql.execute('RETURN TOKENS("x", "no_such_analyzer")'));
    expect(err.errorNum).toBe(10);
  });
});
