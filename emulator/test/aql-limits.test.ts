/**
 * Resource limits of the AQL engine: what a query may build, how long a regular expression may
 * take, how deep a query may nest, and that a long query shares the event loop with the other
 * coordinators (which all run in this one process) and can be stopped.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, type EmulatorCluster } from '../src/cluster.js';
import { aql, aqlRaw, error, value } from './aql-helpers.js';
import { request } from 'undici';
import { basic, call, PASSWORD } from './http.js';

let cluster: EmulatorCluster;
let a: string;
let b: string;
const DB = '/_db/_system';

beforeAll(async () => {
  cluster = await startCluster({ coordinators: 2, rootPassword: PASSWORD });
  a = cluster.urls[0] as string;
  b = cluster.urls[1] as string;
});
afterAll(async () => {
  await cluster.close();
});

const repeat = (n: number, s: string): string => s.repeat(n);

describe('what a query may build', () => {
  it('refuses ranges past 10 million values as ArangoDB does (400/1504), whatever the step', async () => {
    for (const q of ['RETURN RANGE(1, 2e8)', 'RETURN RANGE(1, 1e12)', 'RETURN RANGE(1, 10, 1e-300)', 'RETURN 1..2e7', 'RETURN RANGE(1e12, 1, -1)', 'RETURN UNIQUE(1..2e7)']) {
      expect(await error(a, q)).toEqual([400, 1504, 'AQL: range is too big to be materialized (while executing)']);
    }
    expect(await value(a, 'LENGTH(RANGE(1, 100000))')).toBe(100000);
    expect(await value(a, 'RANGE(1, 2, 0.5)')).toEqual([1, 1.5, 2]);
    // a FOR over a range is lazy, its length and membership need no array: no limit
    expect(await value(a, 'LENGTH((FOR i IN 1..20000000 LIMIT 3 RETURN i))')).toBe(3);
    expect(await value(a, '[LENGTH(1..2e7), 5e6 IN 1..2e7, 5.5 IN 1..2e7, 0 NOT IN 1..2e7]')).toEqual([20000000, true, false, true]);
  });

  it('fails with 500/32 where a query would use more memory than allowed', async () => {
    // ArangoDB's own example (RestCursorMemoryLimit)
    const sorted = await aqlRaw(a, 'FOR i IN 1..100000 SORT i RETURN i', {}, { memoryLimit: 100000 });
    expect([sorted.status, sorted.json.errorNum]).toEqual([500, 32]);
    expect(sorted.json.errorMessage).toMatch(/^AQL: query would use more memory than allowed/);
    const union = await aqlRaw(a, 'RETURN LENGTH(UNION(1..100000, 1..100000, 1..100000))', {}, { memoryLimit: 2_000_000 });
    expect([union.status, union.json.errorNum]).toEqual([500, 32]);
    const sub = await aqlRaw(a, 'LET xs = (FOR i IN 1..1000000 RETURN i) RETURN LENGTH(xs)', {}, { memoryLimit: 1_000_000 });
    expect([sub.status, sub.json.errorNum]).toEqual([500, 32]);
    // without a memoryLimit the emulator's ceiling applies: padding to a billion elements is refused
    const t = Date.now();
    expect((await error(a, 'RETURN REPLACE_NTH([], 1e9, 1, 0)')).slice(0, 2)).toEqual([500, 32]);
    expect((await error(a, 'RETURN [1..1e7, 1..1e7, 1..1e7, 1..1e7, 1..1e7, 1..1e7]')).slice(0, 2)).toEqual([500, 32]);
    expect(Date.now() - t).toBeLessThan(60_000);
    // the same queries within the limit work, and report their peak memory
    const ok = await aqlRaw(a, 'FOR i IN 1..1000 SORT i DESC LIMIT 1 RETURN i', {}, { memoryLimit: 1_000_000 });
    expect(ok.json.result).toEqual([1000]);
    expect((ok.json.extra as { stats: { peakMemoryUsage: number } }).stats.peakMemoryUsage).toBeGreaterThan(0);
  });

  it('bounds quadratic and padding functions', async () => {
    expect((await error(a, 'RETURN LEVENSHTEIN_DISTANCE(CONCAT_SEPARATOR("", 1..20000), CONCAT_SEPARATOR("", 1..20000))')).slice(0, 2)).toEqual([500, 32]);
    expect(await value(a, 'LEVENSHTEIN_DISTANCE("kitten", "sitting")')).toBe(3);
    const r = await aqlRaw(a, 'RETURN [BIT_TO_STRING(5, 4), BIT_TO_STRING(5, 1e9)]');
    expect(r.json.result).toEqual([['0101', null]]);
  });
});

describe('regular expressions', () => {
  it('answer a catastrophic pattern at once (linear-time engine)', async () => {
    const t = Date.now();
    expect(await value(a, 'REGEX_TEST("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!", "^(a+)+$")')).toBe(false);
    expect(await value(a, 'CONCAT_SEPARATOR("", (FOR i IN 1..20000 RETURN "a"), "!") =~ "^(a|a?)+$"')).toBe(false);
    expect(await value(a, 'CONCAT_SEPARATOR("", (FOR i IN 1..20000 RETURN "a"), "b") LIKE "%a%a%a%a%a%a%a%a%a%a%c"')).toBe(false);
    expect(Date.now() - t).toBeLessThan(10_000);
  });

  it('keep ArangoDB semantics: case-insensitive flag, groups, split, replace, \\u escapes', async () => {
    expect(await value(a, '[REGEX_TEST("ABC", "^a", true), REGEX_TEST("ABC", "^a"), "a\\nb" =~ "^a.b$", "x" =~ "\\\\u0078"]')).toEqual([true, false, false, true]);
    expect(await value(a, 'REGEX_MATCHES("ab12-c", "(\\\\d+)-(x)?")')).toEqual(['12-', '12', '']);
    expect(await value(a, 'REGEX_SPLIT("a1b2c", "[0-9]")')).toEqual(['a', 'b', 'c']);
    expect(await value(a, 'REGEX_REPLACE("a1b2", "([0-9])", "<$1>")')).toEqual('a<1>b<2>');
    expect(await value(a, '["aXc" LIKE "a_c", LIKE("aXc", "A_C", true), "a%" LIKE "a\\\\%", "ab" LIKE "a"]')).toEqual([true, true, true, false]);
  });

  it('answer what RE2 cannot run (backreferences, lookaround) like an invalid pattern: warning 1543 and null', async () => {
    const r = await aqlRaw(a, 'RETURN [REGEX_TEST("aa", "(a)\\\\1"), "ab" =~ "a(?=b)"]');
    expect(r.status).toBe(201);
    expect(r.json.result).toEqual([[null, null]]);
    const warnings = (r.json.extra as { warnings: { code: number }[] }).warnings;
    expect(warnings.map((w) => w.code)).toEqual([1543, 1543]);
  });
});

describe('nesting', () => {
  it('answers too deep expressions with 400/1524 instead of overflowing the stack', async () => {
    const deep = [
      `RETURN ${repeat(30000, 'NOT ')}true`,
      `RETURN ${repeat(20000, '[')}${repeat(20000, ']')}`,
      `RETURN ${repeat(5000, '(')}1${repeat(5000, ')')}`,
      `RETURN ${repeat(5000, '{a:')}1${repeat(5000, '}')}`,
      `RETURN 0${' + 1'.repeat(100000)}`,
      `RETURN 0${Array.from({ length: 500 }, (_, i) => ` + ${i + 1}`).join('')}`,
    ];
    for (const q of deep) {
      const r = await aqlRaw(a, q);
      expect([r.status, r.json.errorNum, r.json.errorMessage]).toEqual([400, 1524, 'AQL: too much nesting or too many objects (while parsing)']);
    }
    // ArangoDB's own bound (AqlQueryLimitsTest): 498 additions still run
    expect(await value(a, `0${Array.from({ length: 498 }, (_, i) => ` + ${i + 1}`).join('')}`)).toBe(124251);
    expect(await value(a, `${repeat(400, '[')}1${repeat(400, ']')}`)).toBeDefined();
    const explain = await call(a, 'POST', `${DB}/_api/explain`, { body: { query: `RETURN ${repeat(30000, 'NOT ')}true` } });
    expect([explain.status, explain.json.errorNum]).toEqual([400, 1524]);
  });

  it('does not build values deeper than the renderer can write', async () => {
    const r = await aqlRaw(a, 'RETURN JSON_PARSE(CONCAT(CONCAT_SEPARATOR("", (FOR i IN 1..100000 RETURN "[")), CONCAT_SEPARATOR("", (FOR i IN 1..100000 RETURN "]"))))');
    expect(r.status).toBe(201);
    expect(r.json.result).toEqual([null]);
    expect((r.json.extra as { warnings: { code: number }[] }).warnings[0]?.code).toBe(1524);
    expect(await value(a, 'JSON_PARSE("[[[1]]]")')).toEqual([[[1]]]);
  });
});

/** Runs `query` on coordinator a while probing `/_api/version` on coordinator b; the slowest probes. */
async function whileRunning(query: string, options: Record<string, unknown>, unparsed = false): Promise<{ r: { status: number; json: Record<string, unknown>; raw: Buffer }; probes: number[] }> {
  const running = unparsed
    ? request(`${a}${DB}/_api/cursor`, { method: 'POST', headers: { authorization: basic('root', PASSWORD) }, body: JSON.stringify({ query, options }) })
      .then(async (res) => ({ status: res.statusCode, json: {}, raw: Buffer.from(await res.body.arrayBuffer()) }))
    : call(a, 'POST', `${DB}/_api/cursor`, { body: { query, options } });
  let done = false;
  void running.finally(() => { done = true; });
  const probes: number[] = [];
  while (!done) {
    const t = Date.now();
    const v = await call(b, 'GET', '/_api/version');
    expect(v.status).toBe(200);
    probes.push(Date.now() - t);
    await new Promise((r) => setTimeout(r, 20));
  }
  return { r: await running, probes };
}

/** Kills the query with this text through coordinator b once coordinator a lists it; its answer. */
async function killThroughOther(query: string): Promise<Awaited<ReturnType<typeof call>>> {
  const running = call(a, 'POST', `${DB}/_api/cursor`, { body: { query } });
  let id: string | undefined;
  for (let i = 0; i < 200 && id === undefined; i++) {
    await new Promise((r) => setTimeout(r, 25));
    // the coordinator running the query lists it, and answers although the query runs
    const cur = await call(a, 'GET', `${DB}/_api/query/current`);
    id = (cur.json as unknown as { id: string; query: string }[]).find((q) => q.query === query)?.id;
  }
  expect(id).toBeDefined();
  expect((await call(b, 'DELETE', `${DB}/_api/query/${id as string}`)).status).toBe(200);
  return running;
}

describe('long queries share the event loop', () => {
  it('another coordinator answers while one runs a heavy query, which maxRuntime stops (410/1500)', async () => {
    const heavy = [
      // a nested loop, a subquery, a sort and a grouping: each yields within its work
      'FOR i IN 1..1000000000 FOR j IN 1..1000000000 FILTER i == j + 1 RETURN i',
      'LET xs = (FOR i IN 1..1000000000 FILTER i < 0 RETURN i) RETURN LENGTH(xs)',
      'RETURN LENGTH((FOR i IN 1..1000000000 FILTER i < 0 RETURN i))',
      'FOR i IN 1..400000 SORT RAND() COLLECT k = i % 1000 INTO g RETURN LENGTH(g)',
      // every row builds big arrays: the clock is read after each such row, not every 1024 rows
      'FOR i IN 1..100000 RETURN LENGTH(UNIQUE(1..(200000 + i % 2)))',
    ];
    for (const query of heavy) {
      const started = Date.now();
      const { r, probes } = await whileRunning(query, { maxRuntime: 1.5 });
      // generous bounds: the machine running the tests may be busy
      expect(Math.max(...probes), query).toBeLessThan(1000);
      expect(probes.length, query).toBeGreaterThan(2);
      if (r.status !== 201) expect([r.status, r.json.errorNum], query).toEqual([410, 1500]);
      expect(Date.now() - started, query).toBeLessThan(30_000);
    }
  });

  it('a single expression over millions of elements yields too, and maxRuntime stops it', async () => {
    const heavy = [
      // one function call over a big array (constant: computed once, while the query runs)
      'RETURN LENGTH(SORTED((1..5000000)[* RETURN RAND()]))',
      'RETURN LENGTH(CONCAT_SEPARATOR(",", MINUS(1..9000000, [1])))',
      'FOR i IN 1..50 RETURN COUNT_DISTINCT(UNION_DISTINCT(1..(4000000 + i), [i]))',
      'RETURN LENGTH(JSON_STRINGIFY(INTERSECTION(1..9000000, 5..9000005)))',
      // subqueries inside a ternary branch and on the right of AND, which cannot run as steps of their own
      'FOR i IN 1..2 RETURN i > 0 ? LENGTH((FOR j IN 1..1000000000 FILTER j < 0 RETURN j)) : 0',
      'FOR i IN 1..2 FILTER i > 0 AND LENGTH((FOR j IN 1..1000000000 FILTER j < 0 RETURN j)) >= 0 RETURN i',
    ];
    for (const query of heavy) {
      const started = Date.now();
      const { r, probes } = await whileRunning(query, { maxRuntime: 1.5 });
      expect(Math.max(...probes), query).toBeLessThan(1000);
      expect(probes.length, query).toBeGreaterThan(2);
      expect([r.status, r.json.errorNum], query).toEqual([410, 1500]);
      expect(Date.now() - started, query).toBeLessThan(30_000);
    }
  });

  it('set functions over big arrays yield, and keep first occurrences in order as the one-shot forms do', async () => {
    const n = 2000000;
    const heavy: [string, unknown][] = [
      [`RETURN LENGTH(UNIQUE(1..${n}))`, n],
      [`RETURN COUNT_DISTINCT(1..${n})`, n],
      [`RETURN LENGTH(INTERSECTION(1..${n}, 5..${n + 4}))`, n - 4],
      [`RETURN MINUS(1..${n}, 5..${n + 4})`, [1, 2, 3, 4]],
      [`RETURN OUTERSECTION(1..${n}, 5..${n + 4})`, [1, 2, 3, 4, n + 1, n + 2, n + 3, n + 4]],
      [`RETURN LENGTH(UNION_DISTINCT(1..${n}, 5..${n + 4}))`, n + 4],
      [`RETURN SLICE(SORTED_UNIQUE(APPEND((${n}..1)[* RETURN CURRENT % 1000000], [-0.5])), 0, 3)`, [-0.5, 0, 1]],
    ];
    for (const [query, expected] of heavy) {
      const { r, probes } = await whileRunning(query, {});
      expect([r.status, r.json.result], query).toEqual([201, [expected]]);
      // it let the other coordinator answer while it ran (generous bounds: the machine may be busy)
      expect(probes.length, query).toBeGreaterThan(2);
      expect(Math.max(...probes), query).toBeLessThan(1000);
    }
    // values of every kind past the size where a set is sharded, against a plain reference
    const canon = (v: unknown): string => {
      if (typeof v === 'number') return `n${String(v + 0)}`;
      if (typeof v === 'string') return `s${v}`;
      if (Array.isArray(v)) return `[${v.map(canon).join(',')}]`;
      if (v !== null && typeof v === 'object') {
        const o = v as Record<string, unknown>;
        return `{${Object.keys(o).sort().map((k) => `${k}:${canon(o[k])}`).join(',')}}`;
      }
      return String(v);
    };
    const uniq = (xs: unknown[]): unknown[] => {
      const seen = new Set<string>();
      return xs.filter((x) => !seen.has(canon(x)) && (seen.add(canon(x)), true));
    };
    const kinds = (i: number): unknown => {
      switch (i % 9) {
        case 0: return i % 50000;
        case 1: return -(i % 7919) / 8;
        case 2: return String(i % 40000);
        case 3: return `k${i % 30000}`;
        case 4: return i % 2 === 0 ? { a: i % 5000, b: [i % 3] } : { b: [i % 3], a: i % 5000 };
        case 5: return [i % 4000, `x${i % 7}`];
        case 6: return i % 1000 === 6 ? -0 : (i % 20000) * 1e300;
        case 7: return [null, true, false, 0, 2 ** 53, -(2 ** 31), 0.1 + 0.2][i % 7] as unknown;
        default: return Math.floor(i / 9) + 0.25;
      }
    };
    const xs = Array.from({ length: 240000 }, (_, i) => kinds(i));
    const ys = Array.from({ length: 160000 }, (_, i) => kinds(i * 7 + 3));
    const zs = Array.from({ length: 70000 }, (_, i) => kinds(i * 5));
    const inYs = new Set(ys.map(canon));
    const inZs = new Set(zs.map(canon));
    const [got] = await aql(a, `RETURN [UNIQUE(@xs), COUNT_DISTINCT(@xs), INTERSECTION(@xs, @ys), MINUS(@xs, @ys), OUTERSECTION(@xs, @ys), UNION_DISTINCT(@xs, @ys),
      UNIQUE(APPEND(@xs, [-1 * 0, 0.25, "k3", {b: [1], a: 1}])), INTERSECTION(@xs, @ys, @zs), MINUS(@xs, @ys, @zs)]`, { xs, ys, zs });
    const u = uniq(xs);
    const inXs = new Set(u.map(canon));
    const expected = [
      u, u.length, u.filter((x) => inYs.has(canon(x))), uniq(xs.filter((x) => !inYs.has(canon(x)))),
      [...u.filter((x) => !inYs.has(canon(x))), ...uniq(ys).filter((y) => !inXs.has(canon(y)))], uniq([...xs, ...ys]),
      // -0 (which JSON cannot carry in) is 0, which is there already, as are the others
      u,
      u.filter((x) => inYs.has(canon(x)) && inZs.has(canon(x))), uniq(xs.filter((x) => !inYs.has(canon(x)) && !inZs.has(canon(x)))),
    ];
    expect(expected.map((e) => (Array.isArray(e) ? e.length : e))).toSatisfy((ns: number[]) => ns.every((k) => k > 1000));
    expect(u.length).toBeGreaterThan(100000);
    // through JSON, as the answer came (-0 is written as 0)
    expect(got).toEqual(JSON.parse(JSON.stringify(expected)));
  });

  it('COLLECT into more groups than one Map shard holds: every group once, sorted or in order of appearance', async () => {
    // 100 003 is prime: k takes every residue once for i in 1..100 003, then 99 997 of them again
    const q = (options: string): string => `FOR i IN 1..200000 COLLECT k = (i * 7919) % 100003 WITH COUNT INTO n ${options} RETURN [k, n]`;
    const sorted = (await aql(a, q(''))) as [number, number][];
    expect(sorted).toHaveLength(100003);
    expect(sorted.every(([k], i) => k === i)).toBe(true);
    expect(sorted.reduce((t, [, n]) => t + n, 0)).toBe(200000);
    const hashed = (await aql(a, q('OPTIONS { method: "hash" }'))) as [number, number][];
    expect(hashed).toHaveLength(100003);
    expect(hashed.slice(0, 3).map(([k]) => k)).toEqual([7919, 15838, 23757]);
    expect(new Set(hashed.map(([k]) => k)).size).toBe(100003);
  });

  it('writes a huge result in slices, the same JSON as at once', async () => {
    // the answer's bytes are only parsed once the probing stopped: the test shares the emulator's event loop
    const { r, probes } = await whileRunning('RETURN 1..5000000', {}, true);
    expect(r.status).toBe(201);
    const [only] = (JSON.parse(r.raw.toString('utf8')) as { result: number[][] }).result;
    expect([only?.length, only?.[0], only?.[4999999]]).toEqual([5000000, 1, 5000000]);
    expect(Math.max(...probes)).toBeLessThan(1000);
    // a first batch of many results (batchSize above the default), and its retry (allowRetry)
    const many = await aqlRaw(a, 'FOR i IN 1..30000 RETURN {i, s: CONCAT("é", i), n: null, a: [i]}', {}, { batchSize: 1000000, options: { allowRetry: true } });
    expect([many.status, (many.json.result as unknown[]).length, many.json.hasMore, many.json.error, many.json.code]).toEqual([201, 30000, false, false, 201]);
    expect((many.json.result as unknown[])[29999]).toEqual({ i: 30000, s: 'é30000', n: null, a: [30000] });
    expect(many.headers['content-type']).toBe('application/json; charset=utf-8');
    const again = await call(a, 'POST', `${DB}/_api/cursor/${String(many.json.id)}/1`);
    expect([again.status, again.json.code, again.json.result]).toEqual([200, 200, many.json.result]);
  });

  it('a long single expression is killed through another coordinator (410/1500)', async () => {
    const r = await killThroughOther('RETURN LENGTH(SORTED((1..9000000)[* RETURN RAND()]))');
    expect([r.status, r.json.errorNum, r.json.errorMessage]).toEqual([410, 1500, 'query killed']);
  });

  it('a long set function is killed through another coordinator (410/1500)', async () => {
    const r = await killThroughOther('RETURN LENGTH(OUTERSECTION(1..10000000, 5..10000004))');
    expect([r.status, r.json.errorNum, r.json.errorMessage]).toEqual([410, 1500, 'query killed']);
  });

  it('computes the same values when an expression runs resumably', async () => {
    // `s` holds a subquery's result, which may be big: every part using it is compiled resumably
    const q = `LET s = (RETURN 1) RETURN {
      a: UNIQUE(APPEND(s, [1, 2, "1", null, null, [1], [1], {x: 1}, {x: 1}])), b: [SORTED(APPEND(s, [3, "a", null, [0], {}]))],
      c: NOT IS_ARRAY(UNIQUE(s)), d: -SUM(UNIQUE(APPEND(s, [2]))), e: UNIQUE(s) ANY == 1, f: 1 IN UNIQUE(s), g: 3 NOT IN UNIQUE(s),
      h: APPEND(s, [2, 3])[* FILTER CURRENT > 1 LIMIT 1, 5 RETURN CURRENT * 2], k: LENGTH(s) > 0 ? UNIQUE(APPEND(s, [5, 5])) : null,
      l: FIRST(UNIQUE(APPEND([{x: 1}], s))).x, m: FIRST(UNIQUE(s)) AND UNIQUE(APPEND(s, [2])), n: s[0]..3, o: LENGTH(UNIQUE(1..s[0])),
      p: {[CONCAT("k", UNIQUE(s)[0])]: UNIQUE(APPEND(s, s))}, q: FLATTEN(UNIQUE(APPEND(s, [[1, [2]], [1, [2]], [3]])), 2),
      r: (FOR x IN UNIQUE(APPEND(s, [1, 4])) SORT x DESC RETURN x), s: UNIQUE(s) ?: 7, t: [UNIQUE(s) ALL > 0, UNIQUE(APPEND(s, [1])) AT LEAST (2) == 1],
      u: MINUS(APPEND(s, [2, 3]), [2]), v: INTERSECTION(APPEND([3, 2], s), [2, 1, 9]), w: OUTERSECTION(APPEND(s, [2]), [2, 3], [3, 4]),
      x: JSON_STRINGIFY(UNIQUE(APPEND(s, [{a: [1, "é\n"]}, null]))), y: TO_STRING(UNIQUE(APPEND(s, [1]))), z: CONCAT_SEPARATOR("-", UNIQUE(APPEND(s, [null, 1, [2]])))
    }`;
    expect(await aql(a, q)).toEqual([{
      a: [1, 2, '1', null, [1], { x: 1 }], b: [[null, 1, 3, 'a', [0], {}]],
      c: false, d: -3, e: true, f: true, g: true,
      h: [6], k: [1, 5],
      l: 1, m: [1, 2], n: [1, 2, 3], o: 1,
      p: { k1: [1] }, q: [1, 1, 2, 3],
      r: [4, 1], s: [1], t: [true, false],
      u: [1, 3], v: [2, 1], w: [1, 4],
      x: '[1,{"a":[1,"é\\n"]},null]', y: '[1]', z: '1-[2]',
    }]);
    // big inputs: the chunked forms agree with what the one-shot forms computed
    const big = 'FOR n IN [30000] LET xs = (FOR i IN 1..n RETURN i % 7 == 0 ? CONCAT("s", i % 100) : i % 1000) RETURN [LENGTH(UNIQUE(xs)), COUNT_DISTINCT(xs), SORTED_UNIQUE(xs)[0], LAST(SORTED(xs)), LENGTH(MINUS(xs, 1..500)), LENGTH(JSON_STRINGIFY(xs)), SUM(FLATTEN([xs, [xs]], 2)[* FILTER IS_NUMBER(CURRENT)]), MD5(JSON_STRINGIFY([SORTED(xs), UNIQUE(xs), INTERSECTION(xs, 1..700), OUTERSECTION(xs, 1..900), JACCARD(xs, 1..300), REVERSE(xs), APPEND(xs, [1,"x"], true), REMOVE_VALUES(xs, [1, "s3"]), MEDIAN(xs), PERCENTILE(xs, 30), MAX(xs), MIN(xs), CONCAT(xs), TO_STRING(xs)]))]';
    // LENGTH of a string counts code points (a pair is one, a lone surrogate too) without building an array
    expect(await value(a, '[LENGTH("a😀b"), LENGTH("x\\ud800y"), LENGTH(CONCAT_SEPARATOR("", 1..100000))]')).toEqual([3, 3, 488895]);
    // the figures the one-shot implementations computed for the same query
    expect(await aql(a, big)).toEqual([[1100, 1100, 0, 's99', 600, 125316, 25689430, '96cfafcf24b0d835e2266bc5458f39f2']]);
  });

  it('a long subquery is killed through another coordinator (410/1500)', async () => {
    const r = await killThroughOther('LET xs = (FOR i IN 1..1000000000 FOR j IN 1..10 FILTER i < 0 RETURN i) RETURN xs');
    expect([r.status, r.json.errorNum, r.json.errorMessage]).toEqual([410, 1500, 'query killed']);
  });
});
