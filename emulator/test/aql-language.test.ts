import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type EmulatorCluster } from '../src/cluster.js';
import { PASSWORD } from './http.js';
import { aql, error, value } from './aql-helpers.js';

let server: EmulatorCluster;
let u: string;

beforeAll(async () => {
  server = await startServer({ rootPassword: PASSWORD });
  u = server.urls[0] as string;
});
afterAll(async () => {
  await server.close();
});

describe('AQL operators', () => {
  it('follows ArangoDB’s type order null < bool < number < string < array < object', async () => {
    expect(await aql(u, 'FOR x IN [{}, [], "a", 1, true, null] SORT x RETURN x')).toEqual([null, true, 1, 'a', [], {}]);
    expect(await value(u, '[null < false, false < 0, 0 < "", "" < [], [] < {}]')).toEqual([true, true, true, true, true]);
    expect(await value(u, '[[1, 2] < [1, 3], [1] < [1, 0], {a: 1} == {a: 1}, "a" < "b", 2 > 10]')).toEqual([true, true, true, true, false]);
  });

  it('converts operands of arithmetic as ArangoDB does', async () => {
    expect(await value(u, '[1 + "2", "a" + 1, null + 1, true + true, [5] + 1, [1, 2] + 1, {} + 1, 7 % 3, -"3"]')).toEqual([3, 1, 1, 2, 6, 1, 1, 1, -3]);
    expect(await value(u, '[1 / 0, 5 % 0]')).toEqual([null, null]);
  });

  it('returns operand values from AND / OR and booleans from NOT', async () => {
    expect(await value(u, '[1 && 2, 0 && 2, null || "x", "a" OR "b", NOT 0, !"", [] AND 3]')).toEqual([2, 0, 'x', 'a', true, true, 3]);
  });

  it('evaluates IN, LIKE, regex, ternary and ranges', async () => {
    expect(await value(u, '[2 IN [1, 2], 3 NOT IN [1, 2], 1 IN "x", "abc" LIKE "a_c", "abc" LIKE "A%", "a%c" LIKE "a\\\\%c", "abc" NOT LIKE "b%"]')).toEqual([true, true, false, true, false, true, true]);
    expect(await value(u, '["foo" =~ "^f.o$", "foo" !~ "o+", 1 ? "y" : "n", 0 ?: "alt", 5 ?: 6]')).toEqual([true, false, 'y', 'alt', 5]);
    expect(await value(u, '[1..4, 3..1]')).toEqual([[1, 2, 3, 4], [3, 2, 1]]);
  });

  it('accesses attributes and indexes, and expands arrays', async () => {
    expect(await value(u, '[{a: {b: [1, 2, 3]}}.a.b[-1], {a: 1}["a"], [1, 2][5], "x".y, {`with space`: 1}.`with space`]')).toEqual([3, 1, null, null, 1]);
    const users = '[{name: "a", age: 30, friends: [{n: "x"}, {n: "y"}]}, {name: "b", age: 20, friends: [{n: "z"}]}]';
    expect(await value(u, `${users}[*].name`)).toEqual(['a', 'b']);
    expect(await value(u, `${users}[* FILTER CURRENT.age > 25 RETURN CURRENT.name]`)).toEqual(['a']);
    expect(await value(u, `${users}[*].friends[*].n`)).toEqual([['x', 'y'], ['z']]);
    expect(await value(u, '[[1, [2]], [3]][**]')).toEqual([1, [2], 3]);
    expect(await value(u, '[1, 2, 3, 4][* LIMIT 1, 2]')).toEqual([2, 3]);
  });

  it('compares arrays with ANY / ALL / NONE / AT LEAST', async () => {
    expect(await value(u, '[[1, 2, 3] ANY == 2, [1, 2, 3] ALL > 0, [1, 2] NONE == 3, [1, 2, 3] ALL IN [1, 2], [] ALL == 1, [1, 2, 3] AT LEAST (2) > 1]')).toEqual([true, true, true, false, true, true]);
  });

  it('builds objects with computed keys and shorthand', async () => {
    expect(await aql(u, 'LET k = "dyn" LET v = 5 RETURN { [k]: 1, v, "q": 2, [CONCAT(k, "2")]: 3 }')).toEqual([{ dyn: 1, v: 5, q: 2, dyn2: 3 }]);
  });

  it('supports bind parameters for values, attribute names and collections', async () => {
    expect(await value(u, '@a + @b', { a: 1, b: 2 })).toBe(3);
    expect(await value(u, '{x: 7}.@attr', { attr: 'x' })).toBe(7);
  });
});

describe('AQL statements', () => {
  it('nests FOR loops and subqueries', async () => {
    expect(await aql(u, 'FOR a IN 1..2 FOR b IN ["x", "y"] RETURN CONCAT(a, b)')).toEqual(['1x', '1y', '2x', '2y']);
    expect(await aql(u, 'FOR a IN 1..3 LET s = (FOR b IN 1..a RETURN b * a) RETURN SUM(s)')).toEqual([1, 6, 18]);
  });

  it('sorts by several keys in both directions and limits with offset', async () => {
    const data = '[{a: 1, b: 2}, {a: 2, b: 1}, {a: 1, b: 1}, {a: 2, b: 3}]';
    expect(await aql(u, `FOR d IN ${data} SORT d.a DESC, d.b ASC RETURN [d.a, d.b]`)).toEqual([[2, 1], [2, 3], [1, 1], [1, 2]]);
    expect(await aql(u, 'FOR i IN 1..10 SORT i DESC LIMIT 2, 3 RETURN i')).toEqual([8, 7, 6]);
  });

  it('collects groups, INTO, KEEP, AGGREGATE and WITH COUNT', async () => {
    const data = '[{g: "a", v: 1}, {g: "b", v: 5}, {g: "a", v: 3}]';
    expect(await aql(u, `FOR d IN ${data} COLLECT g = d.g RETURN g`)).toEqual(['a', 'b']);
    expect(await aql(u, `FOR d IN ${data} COLLECT g = d.g INTO items = d.v RETURN { g, items }`)).toEqual([{ g: 'a', items: [1, 3] }, { g: 'b', items: [5] }]);
    expect(await aql(u, `FOR d IN ${data} LET w = d.v * 2 COLLECT g = d.g INTO grp KEEP w RETURN grp`)).toEqual([[{ w: 2 }, { w: 6 }], [{ w: 10 }]]);
    expect(await aql(u, `FOR d IN ${data} COLLECT g = d.g AGGREGATE s = SUM(d.v), n = LENGTH(1), mx = MAX(d.v), avg = AVERAGE(d.v), u = UNIQUE(d.v) RETURN [g, s, n, mx, avg, u]`))
      .toEqual([['a', 4, 2, 3, 2, [1, 3]], ['b', 5, 1, 5, 5, [5]]]);
    expect(await aql(u, `FOR d IN ${data} COLLECT g = d.g WITH COUNT INTO c RETURN [g, c]`)).toEqual([['a', 2], ['b', 1]]);
    expect(await aql(u, 'FOR d IN [] COLLECT WITH COUNT INTO c RETURN c')).toEqual([0]);
    expect(await aql(u, `FOR d IN ${data} COLLECT AGGREGATE total = SUM(d.v) RETURN total`)).toEqual([9]);
  });

  it('keeps variables declared before the loop visible after COLLECT', async () => {
    expect(await aql(u, 'LET x = 10 FOR i IN 1..4 COLLECT odd = i % 2 RETURN [odd, x]')).toEqual([[0, 10], [1, 10]]);
    expect(await error(u, 'FOR i IN 1..4 COLLECT odd = i % 2 RETURN i')).toEqual([404, 1203, 'AQL: collection or view not found: i (while parsing)']);
  });

  it('returns distinct values and runs WINDOW aggregations', async () => {
    expect(await aql(u, 'FOR i IN [1, 2, 1, 3, 2] RETURN DISTINCT i')).toEqual([1, 2, 3]);
    expect(await aql(u, 'FOR i IN 1..5 WINDOW { preceding: 1, following: 1 } AGGREGATE s = SUM(i) RETURN s')).toEqual([3, 6, 9, 12, 9]);
  });
});

describe('AQL functions', () => {
  it('string functions', async () => {
    expect(await value(u, '[CONCAT("a", null, 1), CONCAT_SEPARATOR("-", "a", ["b", "c"]), UPPER("ab"), LOWER("AB"), SUBSTRING("hello", 1, 3), SUBSTRING("hello", -3), LEFT("hello", 2), RIGHT("hello", 2)]'))
      // more than one argument after the separator: an array is one value, written as JSON (ConcatSeparator)
      .toEqual(['a1', 'a-["b","c"]', 'AB', 'ab', 'ell', 'llo', 'he', 'lo']);
    expect(await value(u, '[TRIM("  x  "), LTRIM("xxay", "x"), SPLIT("a,b,c", ","), CONTAINS("foobar", "oba"), CONTAINS("foobar", "oba", true), LENGTH("héllo"), REVERSE("abc"), FIND_FIRST("foobar", "o")]'))
      .toEqual(['x', 'ay', ['a', 'b', 'c'], true, 2, 5, 'cba', 1]);
    expect(await value(u, '[SUBSTITUTE("the quick fox", "quick", "slow"), REGEX_REPLACE("a1b2", "[0-9]", "#"), REGEX_TEST("abc", "^A", true), MD5("a"), SHA1("a"), LIKE("Abc", "a%", true)]'))
      .toEqual(['the slow fox', 'a#b#', true, '0cc175b9c0f1b6a831c399e269772661', '86f7e437faa5a7fce15d1ddcb9eaeaea377667b8', true]);
    expect(await value(u, '[JSON_STRINGIFY({a: [1]}), JSON_PARSE("[1,2]"), TO_BASE64("hi"), LENGTH(RANDOM_TOKEN(8)), LENGTH(UUID())]')).toEqual(['{"a":[1]}', [1, 2], 'aGk=', 8, 36]);
  });

  it('numeric functions', async () => {
    expect(await value(u, '[ABS(-2), CEIL(1.2), FLOOR(1.8), ROUND(2.5), ROUND(-2.5), SQRT(16), POW(2, 10), LOG10(100), EXP(0), MIN([3, null, 1]), MAX([3, 7]), SUM([1, 2, null]), AVERAGE([1, 2, 3]), AVG([]), MEDIAN([4, 1, 3, 2])]'))
      .toEqual([2, 2, 1, 3, -3, 4, 1024, 2, 1, 1, 7, 3, 2, null, 2.5]);
    expect(await value(u, '[RANGE(1, 3), RANGE(0, 1, 0.5), PERCENTILE([1, 2, 3, 4], 50), STDDEV_POPULATION([1, 1]), VARIANCE_SAMPLE([1, 3])]')).toEqual([[1, 2, 3], [0, 0.5, 1], 2, 0, 2]);
  });

  it('array functions', async () => {
    expect(await value(u, '[FIRST([1, 2]), LAST([1, 2]), NTH([1, 2], 1), PUSH([1], 2), APPEND([1], [2, 3]), POP([1, 2]), SHIFT([1, 2]), UNSHIFT([1], 0), REMOVE_VALUE([1, 2, 1], 1), REMOVE_VALUES([1, 2, 3], [1, 3])]'))
      .toEqual([1, 2, 2, [1, 2], [1, 2, 3], [1], [2], [0, 1], [2], [2]]);
    expect(await value(u, '[UNIQUE([1, 1, 2]), SORTED([3, 1, 2]), SORTED_UNIQUE([2, 1, 2]), FLATTEN([1, [2, [3]]]), FLATTEN([1, [2, [3]]], 2), UNION([1], [2]), UNION_DISTINCT([1, 2], [2]), INTERSECTION([1, 2, 3], [2, 3, 4]), MINUS([1, 2, 3], [2]), OUTERSECTION([1, 2], [2, 3])]'))
      .toEqual([[1, 2], [1, 2, 3], [1, 2], [1, 2, [3]], [1, 2, 3], [1, 2], [1, 2], [2, 3], [1, 3], [1, 3]]);
    expect(await value(u, '[SLICE([1, 2, 3, 4], 1, 2), SLICE([1, 2, 3], -2), POSITION([1, 2], 2), POSITION([1, 2], 2, true), CONTAINS_ARRAY([1], 1), COUNT([1, 2]), LENGTH({a: 1}), COUNT_DISTINCT([1, 1, 2]), INTERLEAVE([1, 3], [2, 4])]'))
      .toEqual([[2, 3], [2, 3], true, 1, true, 2, 1, 2, [1, 2, 3, 4]]);
  });

  it('document functions', async () => {
    expect(await value(u, '[ATTRIBUTES({b: 1, a: 2, _k: 3}, true, true), VALUES({a: 1}), HAS({a: null}, "a"), KEEP({a: 1, b: 2}, "a"), UNSET({a: 1, b: 2}, ["a"]), MERGE({a: 1, o: {x: 1}}, {b: 2, o: {y: 1}}), MERGE_RECURSIVE({o: {x: 1}}, {o: {y: 1}})]'))
      .toEqual([['a', 'b'], [1], true, { a: 1 }, { b: 2 }, { a: 1, o: { y: 1 }, b: 2 }, { o: { x: 1, y: 1 } }]);
    expect(await value(u, '[ZIP(["a", "b"], [1, 2]), PARSE_IDENTIFIER("c/k"), MATCHES({a: 1, b: 2}, {a: 1}), TRANSLATE("x", {x: "y"}), ENTRIES({a: 1})]'))
      .toEqual([{ a: 1, b: 2 }, { collection: 'c', key: 'k' }, true, 'y', [['a', 1]]]);
  });

  it('type checks and casts', async () => {
    expect(await value(u, '[IS_NULL(null), IS_BOOL(false), IS_NUMBER(1), IS_STRING(""), IS_ARRAY([]), IS_OBJECT({}), TYPENAME(1), TYPENAME("a"), TO_NUMBER("12"), TO_NUMBER("x"), TO_STRING([1]), TO_BOOL([]), TO_ARRAY({a: 1}), TO_ARRAY(null)]'))
      .toEqual([true, true, true, true, true, true, 'number', 'string', 12, 0, '[1]', true, [1], []]);
  });

  it('date functions (UTC)', async () => {
    expect(await value(u, '[DATE_ISO8601(0), DATE_TIMESTAMP("2020-01-02T03:04:05Z"), DATE_YEAR("2020-05-17"), DATE_MONTH("2020-05-17"), DATE_DAY("2020-05-17"), DATE_DAYOFWEEK("2020-05-17"), DATE_HOUR("2020-05-17T08:00:00Z")]'))
      .toEqual(['1970-01-01T00:00:00.000Z', 1577934245000, 2020, 5, 17, 0, 8]);
    expect(await value(u, '[DATE_ADD("2020-01-31", 1, "month"), DATE_SUBTRACT("2020-01-01", 1, "day"), DATE_DIFF("2020-01-01", "2020-01-08", "days"), DATE_FORMAT("2020-03-04T05:06:07Z", "%yyyy-%mm-%dd %hh:%ii"), DATE_COMPARE("2020-01-01T10:00:00Z", "2020-01-01T11:00:00Z", "years", "days"), DATE_ADD("2020-01-01", "P1D")]'))
      .toEqual(['2020-02-29T00:00:00.000Z', '2019-12-31T00:00:00.000Z', 7, '2020-03-04 05:06', true, '2020-01-02T00:00:00.000Z']);
    expect(typeof await value(u, 'DATE_NOW()')).toBe('number');
  });

  it('misc functions, APPLY/CALL, FAIL, ASSERT and WARN', async () => {
    expect(await value(u, '[NOT_NULL(null, 2), FIRST_LIST(1, [2]), FIRST_DOCUMENT(1, {a: 1}), CURRENT_DATABASE(), CALL("UPPER", "x"), APPLY("CONCAT", ["a", "b"]), HASH(1) == HASH(1), VERSION()]'))
      .toEqual([2, [2], { a: 1 }, '_system', 'X', 'ab', true, expect.stringMatching(/^3\.12/)]);
    expect(await error(u, 'RETURN FAIL("boom")')).toEqual([400, 1569, 'FAIL(boom) called']);
    expect(await error(u, 'RETURN ASSERT(false, "nope")')).toEqual([400, 1593, 'nope']);
    expect(await error(u, 'RETURN CALL("SLEEP", 1)')).toEqual([400, 1578, "disallowed dynamic call to 'SLEEP'"]);
    expect(await error(u, 'RETURN UPPER()')).toEqual([400, 1541, "AQL: invalid number of arguments for function 'UPPER()', expected number of arguments: minimum: 1, maximum: 1 (while parsing)"]);
  });
});

describe('AQL functions (vectors, geo, unsupported)', () => {
  it('computes vector similarities and point distances', async () => {
    expect(await value(u, '[COSINE_SIMILARITY([1, 0], [0, 1]), L1_DISTANCE([1, 2], [2, 4]), L2_DISTANCE([0, 0], [3, 4]), GEO_POINT(7, 50)]'))
      .toEqual([0, 3, 5, { type: 'Point', coordinates: [7, 50] }]);
    const d = await value(u, 'ROUND(GEO_DISTANCE([7.1, 50.7], [6.96, 50.94]) / 1000)');
    expect(d).toBe(28); // Bonn → Köln: 26.7 km north, 9.8 km west
  });

  it('answers ArangoDB functions it does not implement with 501, unknown ones with 1540', async () => {
    expect((await error(u, 'RETURN V8(1)')).slice(0, 2)).toEqual([501, 9]);
    // Pregel and its PREGEL_RESULT() were removed in 3.12: the function is unknown there
    expect((await error(u, 'RETURN PREGEL_RESULT("job")')).slice(0, 2)).toEqual([400, 1540]);
    expect((await error(u, 'RETURN NO_SUCH_FUNCTION({})')).slice(0, 2)).toEqual([400, 1540]);
  });
});
