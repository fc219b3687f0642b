import { beforeAll, describe, expect, it } from 'vitest';
import { ArangoClient, ArangoServerError, aql, errors } from 'arangots';
import type { Collection, QueryInfo } from 'arangots';
import { startServer, type EmulatorCluster } from 'arangots-emulator';
import { realServer, uniqueName } from './helpers/server.js';
import { serverError, useTestDatabase } from './helpers/database.js';

interface Person {
  _key: string;
  name: string;
  age: number;
  city: string;
}

const cities = ['Berlin', 'Köln', 'Paris', 'Oslo'];
/** Deterministic data the expected answers below are computed from. */
const people: Person[] = Array.from({ length: 60 }, (_, i) => ({
  _key: `p${i}`,
  name: `person-${String(i).padStart(2, '0')}`,
  age: 18 + ((i * 37) % 50),
  city: cities[i % cities.length] ?? 'Berlin',
}));

const ctx = useTestDatabase('aql', { coordinators: 3, clientOptions: { hostResolver: 'roundrobin' } });
let persons: Collection<Person>;

beforeAll(async () => {
  persons = await ctx.db.createCollection<Person>('persons');
  await persons.insertMany(people);
});

describe('queries over a collection', () => {
  it('FILTER + SORT + LIMIT match a hand-computed answer', async () => {
    const minAge = 40;
    const cursor = await ctx.db.aql.execute<Pick<Person, 'name' | 'age'>>(aql`
      FOR p IN ${persons}
        FILTER p.age >= ${minAge} AND p.city != ${'Oslo'}
        SORT p.age DESC, p.name ASC
        LIMIT 2, 5
        RETURN { name: p.name, age: p.age }`);
    const expected = people
      .filter((p) => p.age >= minAge && p.city !== 'Oslo')
      .sort((a, b) => b.age - a.age || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
      .slice(2, 7)
      .map((p) => ({ name: p.name, age: p.age }));
    expect(expected).toHaveLength(5);
    expect(await cursor.all()).toEqual(expected);
  });

  it('COLLECT with AGGREGATE and WITH COUNT INTO match a hand-computed answer', async () => {
    const cursor = await ctx.db.aql.execute<{ city: string; n: number; maxAge: number; total: number }>(aql`
      FOR p IN ${persons}
        COLLECT city = p.city AGGREGATE n = COUNT(1), maxAge = MAX(p.age), total = SUM(p.age)
        SORT city
        RETURN { city, n, maxAge, total }`);
    const expected = [...cities].sort().map((city) => {
      const inCity = people.filter((p) => p.city === city);
      return {
        city,
        n: inCity.length,
        maxAge: Math.max(...inCity.map((p) => p.age)),
        total: inCity.reduce((s, p) => s + p.age, 0),
      };
    });
    expect(await cursor.all()).toEqual(expected);

    const counted = await ctx.db.aql.execute<{ decade: number; n: number }>(aql`
      FOR p IN ${persons} COLLECT decade = FLOOR(p.age / 10) * 10 WITH COUNT INTO n SORT decade RETURN { decade, n }`);
    const byDecade = new Map<number, number>();
    for (const p of people) byDecade.set(Math.floor(p.age / 10) * 10, (byDecade.get(Math.floor(p.age / 10) * 10) ?? 0) + 1);
    expect(await counted.all()).toEqual([...byDecade.entries()].sort((a, b) => a[0] - b[0]).map(([decade, n]) => ({ decade, n })));
  });

  it('a hostile string is data: the query text is unchanged and nothing else runs', async () => {
    const hostile = ['x" RETURN 1 //', "x' || true || '", 'p0" OR p._key != "', '*/ REMOVE p IN persons /*', '@@value0'];
    for (const value of hostile) {
      const query = aql`FOR p IN ${persons} FILTER p.name == ${value} RETURN p._key`;
      expect(query.query).toBe('FOR p IN @@value0 FILTER p.name == @value1 RETURN p._key');
      expect(await (await ctx.db.aql.execute(query)).all()).toEqual([]);
      expect(await (await ctx.db.aql.execute(aql`RETURN ${value}`)).all()).toEqual([value]);
    }
    expect(await (await ctx.db.aql.execute(aql`RETURN LENGTH(${persons})`)).all()).toEqual([people.length]);
  });

  it('a write query reports its statistics', async () => {
    const scratch = await ctx.db.createCollection(uniqueName('scratch'));
    const cursor = await ctx.db.aql.execute(aql`FOR i IN 1..${25} INSERT { i } INTO ${scratch}`);
    expect(await cursor.all()).toEqual([]);
    expect(cursor.extra.stats?.writesExecuted).toBe(25);
  });
});

describe('errors', () => {
  it('a parse error surfaces as ArangoServerError 400 / 1501', async () => {
    const err = await serverError(ctx.db.aql.execute('FOR i IN 1..3 RETRUN i'));
    expect(err.httpCode).toBe(400);
    expect(err.errorNum).toBe(errors.ERROR_QUERY_PARSE);
    expect(err.errorNum).toBe(1501);
  });

  it('an unknown collection answers 404 / 1203', async () => {
    const err = await serverError(ctx.db.aql.execute('FOR d IN no_such_collection RETURN d'));
    expect(err.httpCode).toBe(404);
    expect(err.errorNum).toBe(errors.ERROR_ARANGO_DATA_SOURCE_NOT_FOUND);
  });

  it('a missing bind parameter answers 1551', async () => {
    const err = await serverError(ctx.db.aql.execute('RETURN @x'));
    expect(err.errorNum).toBe(errors.ERROR_QUERY_BIND_PARAMETER_MISSING);
  });
});

describe('validate and explain', () => {
  it('validate() parses without running and names bind parameters and collections', async () => {
    const result = await ctx.db.aql.validate('FOR p IN persons FILTER p.age > @min RETURN p');
    expect(result.parsed).toBe(true);
    expect(result.bindVars).toEqual(['min']);
    expect(result.collections).toEqual(['persons']);
    const err = await serverError(ctx.db.aql.validate('FOR p IN'));
    expect(err.errorNum).toBe(1501);
  });

  it('explain() returns one plan, or all plans with allPlans', async () => {
    const single = await ctx.db.aql.explain(aql`FOR p IN persons FILTER p.age > ${30} RETURN p`);
    expect(Array.isArray(single.plan.nodes)).toBe(true);
    expect(single.plan.nodes.length).toBeGreaterThan(0);
    expect(typeof single.plan.estimatedCost).toBe('number');
    expect(single.plan.collections.map((c) => c.name)).toContain('persons');
    expect(Array.isArray(single.warnings)).toBe(true);

    const all = await ctx.db.aql.explain(aql`FOR p IN ${persons} RETURN p`, { allPlans: true });
    expect(Array.isArray(all.plans)).toBe(true);
    expect(all.plans.length).toBeGreaterThan(0);
  });
});

describe('running and slow queries', () => {
  /** Running queries live on the coordinator that runs them: ask each one (round-robin). */
  async function findRunning(text: string): Promise<QueryInfo | undefined> {
    for (let attempt = 0; attempt < 100; attempt++) {
      const found = (await ctx.db.aql.queries()).find((q) => q.query === text);
      if (found) return found;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return undefined;
  }

  it('tracking() and setTracking() read and change the properties', async () => {
    const before = await ctx.db.aql.tracking();
    expect(typeof before.enabled).toBe('boolean');
    expect(typeof before.maxSlowQueries).toBe('number');
    const after = await ctx.db.aql.setTracking({ enabled: true, trackSlowQueries: true, slowQueryThreshold: 0.2 });
    expect(after.enabled).toBe(true);
    expect(after.slowQueryThreshold).toBe(0.2);
    // A real cluster keeps these properties per coordinator (each has its own query list): set
    // them on the others too (round-robin), so that any of them answers the same below.
    for (let i = 1; i < ctx.server.urls.length; i++) await ctx.db.aql.setTracking({ enabled: true, trackSlowQueries: true, slowQueryThreshold: 0.2 });
    expect((await ctx.db.aql.tracking()).slowQueryThreshold).toBe(0.2);
  });

  it('kill() stops a running query, which then fails with 1500', async () => {
    await ctx.db.aql.setTracking({ enabled: true });
    const text = 'RETURN SLEEP(10)';
    const running = ctx.db.aql.execute(text);
    const settled = running.then(
      () => undefined,
      (e: unknown) => e,
    );
    const info = await findRunning(text);
    expect(info).toBeDefined();
    expect(info?.state).toBeTypeOf('string');
    await ctx.db.aql.kill(info?.id ?? '');
    const err = await settled;
    expect(err).toBeInstanceOf(ArangoServerError);
    expect((err as ArangoServerError).errorNum).toBe(errors.ERROR_QUERY_KILLED);
    expect((await ctx.db.aql.queries()).find((q) => q.id === info?.id)).toBeUndefined();
  });

  it('kill() of an unknown query answers 404 / 1591', async () => {
    const err = await serverError(ctx.db.aql.kill('123456789'));
    expect(err.httpCode).toBe(404);
    expect(err.errorNum).toBe(errors.ERROR_QUERY_NOT_FOUND);
  });

  it('slowQueries() lists a query over the threshold; clearSlowQueries() empties the list', async () => {
    // On every coordinator (round-robin): a real cluster keeps the threshold per coordinator.
    for (let i = 0; i < ctx.server.urls.length; i++) await ctx.db.aql.setTracking({ enabled: true, trackSlowQueries: true, slowQueryThreshold: 0.2 });
    const text = 'RETURN SLEEP(0.4)';
    await (await ctx.db.aql.execute(text)).all();
    const slow: QueryInfo[] = [];
    // Slow queries are listed per coordinator: round-robin visits each one (three on the emulator).
    const coordinators = ctx.server.urls.length;
    for (let i = 0; i < coordinators; i++) slow.push(...(await ctx.db.aql.slowQueries()));
    const entry = slow.find((q) => q.query === text);
    expect(entry).toBeDefined();
    expect(entry?.runTime).toBeGreaterThanOrEqual(0.2);
    for (let i = 0; i < coordinators; i++) await ctx.db.aql.clearSlowQueries();
    for (let i = 0; i < coordinators; i++) expect((await ctx.db.aql.slowQueries()).find((q) => q.query === text)).toBeUndefined();
  });
});

describe('caches, functions and rules', () => {
  it('results cache: properties, setProperties, entries, clear', async () => {
    const props = await ctx.db.aql.cache.properties();
    expect(['off', 'on', 'demand']).toContain(props.mode);
    const changed = await ctx.db.aql.cache.setProperties({ mode: 'demand', maxResults: 64 });
    expect(changed.mode).toBe('demand');
    expect(changed.maxResults).toBe(64);
    expect(Array.isArray(await ctx.db.aql.cache.entries())).toBe(true);
    await ctx.db.aql.cache.clear();
    expect(await ctx.db.aql.cache.entries()).toEqual([]);
    // The properties are server-wide: put them back as they were.
    await ctx.db.aql.cache.setProperties({ mode: props.mode, maxResults: props.maxResults });
  });

  it('results cache: a repeated query with cache: true comes back cached on a single server, until the data changes', async () => {
    // 3.12 serves the results cache only on single servers; a coordinator always answers cached: false.
    const onCoordinators = (await ctx.db.cluster.serverRole()) === 'COORDINATOR';
    let single: EmulatorCluster | undefined;
    let singleClient: ArangoClient | undefined;
    let target = ctx.db;
    let coll = persons;
    if (onCoordinators && !realServer) {
      single = await startServer({ rootPassword: ctx.server.password });
      singleClient = new ArangoClient({ hosts: single.urls });
      target = await singleClient.db('_system', { username: ctx.server.username, password: ctx.server.password });
      coll = await target.createCollection<Person>(uniqueName('persons'));
      await coll.insertMany(people);
    }
    const cachedOnRepeat = !onCoordinators || single !== undefined;
    const props = await target.aql.cache.properties();
    await target.aql.cache.setProperties({ mode: 'demand' });
    try {
      const run = async (): Promise<{ cached: boolean; keys: string[] }> => {
        const cursor = await target.aql.execute<string>(aql`FOR p IN ${coll} FILTER p.age >= ${60} SORT p._key RETURN p._key`, { cache: true });
        return { cached: cursor.cached, keys: await cursor.all() };
      };
      const expected = people.filter((p) => p.age >= 60).map((p) => p._key).sort();
      expect(await run()).toEqual({ cached: false, keys: expected });
      expect(await run()).toEqual({ cached: cachedOnRepeat, keys: expected });
      if (cachedOnRepeat) {
        const entries = await target.aql.cache.entries();
        expect(entries.some((e) => e.query.includes('p.age >= @'))).toBe(true);
      }
      await coll.update('p0', { age: 99 });
      expect(await run()).toEqual({ cached: false, keys: [...new Set(['p0', ...expected])].sort() });
      await coll.update('p0', { age: people[0]?.age ?? 18 });
      if (single) {
        // and on the cluster's coordinators the same query is never served from the cache
        await ctx.db.aql.cache.setProperties({ mode: 'on' });
        try {
          for (let i = 0; i < 3; i++) {
            const c = await ctx.db.aql.execute(aql`FOR p IN ${persons} FILTER p.age >= ${60} RETURN p._key`, { cache: true });
            expect(c.cached).toBe(false);
          }
        } finally {
          await ctx.db.aql.cache.setProperties({ mode: 'off' });
        }
      }
    } finally {
      await target.aql.cache.setProperties({ mode: props.mode });
      await singleClient?.close();
      await single?.close();
    }
  });

  it('plan cache: entries and clear', async () => {
    expect(Array.isArray(await ctx.db.aql.planCache.entries())).toBe(true);
    await ctx.db.aql.planCache.clear();
  });

  it('user functions: create, replace, list, delete, delete a group', async () => {
    expect(await ctx.db.aql.createFunction('myfns::double', 'function (x) { return x * 2; }', true)).toEqual({ isNewlyCreated: true });
    expect(await ctx.db.aql.createFunction('myfns::double', 'function (x) { return x + x; }', true)).toEqual({ isNewlyCreated: false });
    await ctx.db.aql.createFunction('myfns::triple', 'function (x) { return x * 3; }');
    await ctx.db.aql.createFunction('other::one', 'function () { return 1; }');
    const mine = await ctx.db.aql.functions({ namespace: 'myfns' });
    expect(mine.map((f) => f.name).sort()).toEqual(['MYFNS::DOUBLE', 'MYFNS::TRIPLE'].map((n) => expect.stringMatching(new RegExp(`^${n}$`, 'i'))));
    expect(mine.find((f) => /double/i.test(f.name))?.code).toContain('x + x');
    expect(await ctx.db.aql.deleteFunction('myfns::double')).toEqual({ deletedCount: 1 });
    const err = await serverError(ctx.db.aql.deleteFunction('myfns::double'));
    expect(err.errorNum).toBe(errors.ERROR_QUERY_FUNCTION_NOT_FOUND);
    expect(await ctx.db.aql.deleteFunction('myfns', true)).toEqual({ deletedCount: 1 });
    expect((await ctx.db.aql.functions()).map((f) => f.name.toUpperCase())).toEqual(['OTHER::ONE']);
    await expect(ctx.db.aql.createFunction('nonamespace', 'function () {}')).rejects.toThrow(/namespace/);
  });

  it('queryRules() lists optimizer rules with their flags', async () => {
    const rules = await ctx.db.aql.queryRules();
    expect(rules.length).toBeGreaterThan(0);
    for (const rule of rules) {
      expect(typeof rule.name).toBe('string');
      expect(typeof rule.flags.canBeDisabled).toBe('boolean');
    }
  });
});
