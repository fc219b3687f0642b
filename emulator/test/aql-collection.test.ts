import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type EmulatorCluster } from '../src/cluster.js';
import { call, PASSWORD } from './http.js';
import { aql, aqlRaw, error } from './aql-helpers.js';

/** 30 people: age = 20 + (i % 10), city cycles through three names, score = i * 3 % 7. */
const PEOPLE = Array.from({ length: 30 }, (_, i) => ({ _key: `p${i}`, i, age: 20 + (i % 10), city: ['Bonn', 'Köln', 'Aachen'][i % 3] as string, score: (i * 3) % 7 }));

let server: EmulatorCluster;
let u: string;

beforeAll(async () => {
  server = await startServer({ rootPassword: PASSWORD });
  u = server.urls[0] as string;
  await call(u, 'POST', '/_db/_system/_api/collection', { body: { name: 'people' } });
  const r = await aqlRaw(u, 'FOR p IN @people INSERT p INTO people', { people: PEOPLE });
  expect(r.status).toBe(201);
});
afterAll(async () => {
  await server.close();
});

describe('queries over a collection match hand-computed answers', () => {
  it('FILTER + SORT + LIMIT', async () => {
    const expected = PEOPLE.filter((p) => p.age >= 27 && p.city !== 'Bonn')
      .sort((a, b) => b.age - a.age || a.i - b.i).slice(1, 4).map((p) => p._key);
    expect(await aql(u, "FOR p IN people FILTER p.age >= 27 AND p.city != 'Bonn' SORT p.age DESC, p.i ASC LIMIT 1, 3 RETURN p._key")).toEqual(expected);
  });

  it('COLLECT with aggregates', async () => {
    const cities = [...new Set(PEOPLE.map((p) => p.city))].sort((a, b) => a.localeCompare(b, 'en'));
    const expected = cities.map((c) => {
      const ps = PEOPLE.filter((p) => p.city === c);
      return { city: c, n: ps.length, avgAge: ps.reduce((s, p) => s + p.age, 0) / ps.length, maxScore: Math.max(...ps.map((p) => p.score)) };
    });
    expect(await aql(u, 'FOR p IN people COLLECT city = p.city AGGREGATE n = COUNT(1), avgAge = AVERAGE(p.age), maxScore = MAX(p.score) RETURN { city, n, avgAge, maxScore }')).toEqual(expected);
  });

  it('COLLECT INTO captures the loop variables; WITH COUNT counts', async () => {
    const r = await aql(u, "FOR p IN people FILTER p.i < 4 COLLECT even = p.i % 2 == 0 INTO g RETURN { even, keys: g[*].p._key }") as { even: boolean; keys: string[] }[];
    expect(r.map((x) => ({ even: x.even, keys: [...x.keys].sort() }))).toEqual([{ even: false, keys: ['p1', 'p3'] }, { even: true, keys: ['p0', 'p2'] }]);
    expect(await aql(u, 'FOR p IN people COLLECT WITH COUNT INTO n RETURN n')).toEqual([30]);
  });

  it('uses collections in functions and bind parameters for names', async () => {
    expect(await aql(u, 'RETURN [LENGTH(people), COUNT(@@c)]', { '@c': 'people' })).toEqual([[30, 30]]);
    expect(await aql(u, "RETURN [DOCUMENT(people, 'p3').age, DOCUMENT('people/p4').age, DOCUMENT('people', ['p1', 'p2'])[*].i, DOCUMENT('people/none')]")).toEqual([[23, 24, [1, 2], null]]);
    expect(await aql(u, 'INSERT { _key: "extra" } INTO @c RETURN NEW._key', { c: 'people' })).toEqual(['extra']);
    expect(await aql(u, 'REMOVE "extra" IN people RETURN OLD._key')).toEqual(['extra']);
  });

  it('refuses a collection used as an operand and reading after writing', async () => {
    expect((await error(u, 'RETURN people')).slice(0, 2)).toEqual([400, 1568]);
    expect((await error(u, 'FOR i IN 1..2 INSERT {} INTO people LET n = (FOR p IN people RETURN 1) RETURN n')).slice(0, 2)).toEqual([400, 1579]);
  });
});
