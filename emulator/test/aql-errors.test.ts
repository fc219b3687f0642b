/**
 * The AQL errors users hit most, checked against ArangoDB 3.12: numbers from
 * error_codes_3.12.tsv, statuses from the error-to-status map, and messages worded per API
 * (a run: "AQL: … (while <phase>)"; explain: "… (while <phase>)"; a stream cursor and
 * /_api/query: the bare message).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type EmulatorCluster } from '../src/cluster.js';
import { call, PASSWORD } from './http.js';
import { aql, aqlRaw, error, value } from './aql-helpers.js';

let server: EmulatorCluster;
let u: string;

beforeAll(async () => {
  server = await startServer({ rootPassword: PASSWORD });
  u = server.urls[0] as string;
  await call(u, 'POST', '/_api/collection', { body: { name: 'things' } });
});
afterAll(async () => {
  await server.close();
});

async function explainError(query: string, bindVars: Record<string, unknown> = {}): Promise<[number, unknown, unknown]> {
  const r = await call(u, 'POST', '/_api/explain', { body: { query, bindVars } });
  return [r.status, r.json.errorNum, r.json.errorMessage];
}

describe('errors while setting a query up', () => {
  it('unknown collection: 404/1203, also through @@ and in write position', async () => {
    expect(await error(u, 'FOR d IN nope RETURN d')).toEqual([404, 1203, 'AQL: collection or view not found: nope (while parsing)']);
    expect(await error(u, 'FOR d IN @@c RETURN d', { '@c': 'nope' })).toEqual([404, 1203, 'AQL: collection or view not found: nope (while parsing)']);
    expect(await error(u, 'INSERT {} INTO nope')).toEqual([404, 1203, 'AQL: collection or view not found: nope (while parsing)']);
    expect(await explainError('FOR d IN nope RETURN d')).toEqual([404, 1203, 'collection or view not found: nope (while parsing)']);
  });

  it('bind parameters: 1551 missing, 1552 unused, 1553 wrong @@ value', async () => {
    expect(await error(u, 'RETURN @x')).toEqual([400, 1551, "AQL: no value specified for declared bind parameter 'x' (while parsing)"]);
    // a run finds unused parameters after plan optimization, explain right after parsing
    expect(await error(u, 'RETURN 1', { x: 1 })).toEqual([400, 1552, "AQL: bind parameter 'x' was not declared in the query (while optimizing plan)"]);
    expect(await explainError('RETURN 1', { x: 1 })).toEqual([400, 1552, "bind parameter 'x' was not declared in the query (while parsing)"]);
    for (const bad of [1, '', null, true, ['things']]) {
      expect(await error(u, 'FOR d IN @@c RETURN d', { '@c': bad })).toEqual([400, 1553, "AQL: bind parameter '@c' has an invalid value or type (while parsing)"]);
    }
    expect(await explainError('FOR p IN things FILTER p.id == @id LIMIT 2 RETURN p.n')).toEqual([400, 1551, "no value specified for declared bind parameter 'id' (while parsing)"]);
    // unused parameters are looked for last: an unknown collection is reported first
    expect((await error(u, 'FOR d IN nope RETURN d', { x: 1 })).slice(0, 2)).toEqual([404, 1203]);
    expect((await explainError('FOR d IN nope RETURN d', { x: 1 })).slice(0, 2)).toEqual([404, 1203]);
    // a write query refused for an unused parameter leaves no transaction behind
    expect((await error(u, 'INSERT {} INTO things', { x: 1 }))[1]).toBe(1552);
    expect((await call(u, 'GET', '/_api/transaction')).json.transactions).toEqual([]);
    expect((await call(u, 'GET', '/_api/collection/things/count')).json.count).toBe(0);
  });

  it('functions: 1540 unknown, 1541 wrong number of arguments', async () => {
    expect(await error(u, 'RETURN NOPE_FN(1)')).toEqual([400, 1540, "AQL: usage of unknown function 'NOPE_FN()' (while parsing)"]);
    expect(await error(u, 'RETURN LENGTH()')).toEqual([400, 1541, "AQL: invalid number of arguments for function 'LENGTH()', expected number of arguments: minimum: 1, maximum: 1 (while parsing)"]);
    expect(await error(u, 'RETURN SUBSTRING("a")')).toEqual([400, 1541, "AQL: invalid number of arguments for function 'SUBSTRING()', expected number of arguments: minimum: 2, maximum: 3 (while parsing)"]);
  });

  it('syntax errors: 1501 with the position, worded per API', async () => {
    const q = 'FOR i IN 1..3 RETURN i +';
    const bare = "syntax error, unexpected end of query string near '' at position 1:25";
    expect(await error(u, q)).toEqual([400, 1501, `AQL: ${bare} (while parsing)`]);
    const stream = await aqlRaw(u, q, {}, { options: { stream: true } });
    expect([stream.status, stream.json.errorNum, stream.json.errorMessage]).toEqual([400, 1501, bare]);
    expect(await explainError(q)).toEqual([400, 1501, `${bare} (while parsing)`]);
    const parsed = await call(u, 'POST', '/_api/query', { body: { query: q } });
    expect([parsed.status, parsed.json.errorNum, parsed.json.errorMessage]).toEqual([400, 1501, bare]);
  });
});

describe('names', () => {
  it('a reserved keyword is an attribute name only when quoted with backticks or forward ticks', async () => {
    expect(await error(u, 'RETURN { for: 1 }')).toEqual([400, 1501, "AQL: syntax error, unexpected FOR declaration near 'for: 1 }' at position 1:10 (while parsing)"]);
    expect(await error(u, 'LET d = { `for`: 1 } RETURN d.filter')).toEqual([400, 1501, "AQL: syntax error, unexpected FILTER declaration near 'filter' at position 1:31 (while parsing)"]);
    expect((await error(u, 'RETURN { null: 1 }'))[1]).toBe(1501);
    expect((await error(u, 'RETURN { 1: 2 }'))[1]).toBe(1501);
    expect((await error(u, 'LET d = {} RETURN d."x"'))[1]).toBe(1501);
    expect(await value(u, '{ `for`: 1, ´sort´: 2, "return": 3, filter_: 4 }')).toEqual({ for: 1, sort: 2, return: 3, filter_: 4 });
    expect(await aql(u, 'LET d = { `for`: 1, ´sort´: 2 } RETURN [d.`for`, d.´sort´, d["sort"]]')).toEqual([[1, 2, 2]]);
    // contextual words (COUNT, OPTIONS, KEEP, …) are no keywords
    expect(await value(u, '{ count: 1, options: 2, keep: 3 }.options')).toBe(2);
  });

  it('ticks quote names with characters that are operators, and collection names', async () => {
    await call(u, 'POST', '/_api/collection', { body: { name: 'my-coll' } });
    await call(u, 'POST', '/_api/document/my-coll', { body: { 'a-b': 1 } });
    expect(await aql(u, 'FOR `d-x` IN `my-coll` RETURN `d-x`.`a-b`')).toEqual([1]);
    expect(await aql(u, 'FOR d IN ´my-coll´ RETURN d.´a-b´')).toEqual([1]);
  });

  it('the shorthand { name } needs a variable: 1512 otherwise', async () => {
    expect(await aql(u, 'LET a = 1 RETURN { a }')).toEqual([{ a: 1 }]);
    expect(await error(u, 'RETURN { things }')).toEqual([400, 1512, "AQL: use of unknown variable 'things' in object literal near '}' at position 1:17 (while parsing)"]);
  });

  it('attribute access on anything but an object is null, without a warning', async () => {
    const r = await aqlRaw(u, 'RETURN [{ a: 1 }.b, { a: 1 }.b.c, null.x, (1).x, "abc".x, [1, 2].x]');
    expect(r.json.result).toEqual([[null, null, null, null, null, null]]);
    expect((r.json.extra as { warnings: unknown[] }).warnings).toEqual([]);
  });
});

describe('runtime values', () => {
  it('arithmetic casts operands with TO_NUMBER and never warns; division by zero is null + warning 1562', async () => {
    const r = await aqlRaw(u, 'RETURN [1 + "a", 1 + [1], 1 + {}, "a" * 2, null + 1, 1 + "2"]');
    expect(r.json.result).toEqual([[1, 2, 1, 0, 1, 3]]);
    expect((r.json.extra as { warnings: unknown[] }).warnings).toEqual([]);
    const z = await aqlRaw(u, 'LET z = 0 RETURN [1 / z, 1 % z]');
    expect(z.json.result).toEqual([[null, null]]);
    expect((z.json.extra as { warnings: unknown[] }).warnings).toEqual([
      { code: 1562, message: 'division by zero' }, { code: 1562, message: 'division by zero' },
    ]);
  });
});

describe('constant expressions', () => {
  const warningsOf = async (query: string, options: Record<string, unknown> = {}): Promise<[unknown, unknown[]]> => {
    const r = await aqlRaw(u, query, {}, { options });
    return [r.json.result, (r.json.extra as { warnings: unknown[] }).warnings];
  };
  const dbz = { code: 1562, message: 'division by zero' };

  it('are evaluated once, as ArangoDB folds them: one warning per query, not per row', async () => {
    expect(await warningsOf('FOR i IN 1..5 RETURN 1 / 0')).toEqual([[null, null, null, null, null], [dbz]]);
    expect(await warningsOf('LET z = 1 / 0 FOR i IN 1..3 RETURN [z, z]')).toEqual([[[null, null], [null, null], [null, null]], [dbz]]);
    // per-row expressions warn per row (up to maxWarningCount); NOOPT() opts out of folding
    expect((await warningsOf('FOR i IN 1..5 RETURN i / 0'))[1]).toHaveLength(5);
    expect((await warningsOf('FOR i IN 1..5 RETURN NOOPT(1 / 0)'))[1]).toHaveLength(5);
    // non-deterministic functions are never folded
    const rand = await aqlRaw(u, 'FOR i IN 1..20 RETURN RAND()');
    expect(new Set(rand.json.result as number[]).size).toBeGreaterThan(1);
  });

  it('fail a query with failOnWarning while the AST is optimized, and show in explain', async () => {
    const f = await aqlRaw(u, 'FOR i IN 1..5 RETURN 1 / 0', {}, { options: { failOnWarning: true } });
    expect([f.status, f.json.errorNum, f.json.errorMessage]).toEqual([400, 1562, 'AQL: division by zero (while optimizing ast)']);
    // ArangoDB's RestExplainWarning example
    const ex = await call(u, 'POST', '/_api/explain', { body: { query: 'FOR i IN 1..10 RETURN 1 / 0' } });
    expect([ex.status, ex.json.warnings, ex.json.cacheable]).toEqual([200, [dbz], false]);
  });
});

describe('LIMIT', () => {
  it('takes constant numbers: literals, bind parameters, constant LET variables', async () => {
    expect(await aql(u, 'FOR i IN 1..10 LIMIT 2, 3 RETURN i')).toEqual([3, 4, 5]);
    expect(await aql(u, 'FOR i IN 1..10 LIMIT @o, @n RETURN i', { o: 1, n: 2 })).toEqual([2, 3]);
    expect(await aql(u, 'LET n = 1 + 1 FOR i IN 1..10 LIMIT n RETURN i')).toEqual([1, 2]);
    expect(await aql(u, 'FOR i IN 1..10 LIMIT 1.9 RETURN i')).toEqual([1]);
    expect(await aql(u, 'FOR i IN 1..3 LIMIT null RETURN i')).toEqual([1, 2, 3]);
  });

  it('answers 400/1504 for negative, non-numeric or non-constant values', async () => {
    const count = 'AQL: LIMIT count value is not a number or out of range (while instantiating plan)';
    const offset = 'AQL: LIMIT offset value is not a number or out of range (while instantiating plan)';
    expect(await error(u, 'FOR i IN 1..10 LIMIT -1 RETURN i')).toEqual([400, 1504, count]);
    expect(await error(u, 'FOR i IN 1..10 LIMIT -1, 2 RETURN i')).toEqual([400, 1504, offset]);
    expect(await error(u, 'FOR i IN 1..10 LIMIT "a" RETURN i')).toEqual([400, 1504, count]);
    expect(await error(u, 'FOR i IN 1..10 LIMIT @n RETURN i', { n: true })).toEqual([400, 1504, count]);
    expect(await error(u, 'FOR i IN 1..10 LIMIT i RETURN i')).toEqual([400, 1504, 'AQL: LIMIT offset/count values must be constant numeric values (while instantiating plan)']);
    expect((await error(u, 'FOR x IN 1..3 RETURN (FOR y IN 1..5 LIMIT x RETURN y)'))[1]).toBe(1504);
    expect((await error(u, 'FOR i IN 1..10 LIMIT RAND() RETURN i'))[1]).toBe(1504);
  });
});
