/**
 * Resource limits of the AQL engine: what a query may build, how long a regular expression may
 * take, how deep a query may nest, and that a long query shares the event loop with the other
 * coordinators (which all run in this one process) and can be stopped.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, type EmulatorCluster } from '../src/cluster.js';
import { aqlRaw, error, value } from './aql-helpers.js';
import { call, PASSWORD } from './http.js';

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
      const running = call(a, 'POST', `${DB}/_api/cursor`, { body: { query, options: { maxRuntime: 1.5 } } });
      let done = false;
      void running.finally(() => { done = true; });
      const slowest: number[] = [];
      while (!done) {
        const t = Date.now();
        const v = await call(b, 'GET', '/_api/version');
        expect(v.status).toBe(200);
        slowest.push(Date.now() - t);
        await new Promise((r) => setTimeout(r, 20));
      }
      const r = await running;
      // generous bounds: the machine running the tests may be busy
      expect(Math.max(...slowest), query).toBeLessThan(1000);
      expect(slowest.length, query).toBeGreaterThan(2);
      if (r.status !== 201) expect([r.status, r.json.errorNum], query).toEqual([410, 1500]);
      expect(Date.now() - started, query).toBeLessThan(30_000);
    }
  });

  it('a long subquery is killed through another coordinator (410/1500)', async () => {
    const query = 'LET xs = (FOR i IN 1..1000000000 FOR j IN 1..10 FILTER i < 0 RETURN i) RETURN xs';
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
    const r = await running;
    expect([r.status, r.json.errorNum, r.json.errorMessage]).toEqual([410, 1500, 'query killed']);
  });
});
