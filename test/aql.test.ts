import { describe, expect, it } from 'vitest';
import { aql, ArangoClientError, isAqlQuery } from 'arangots';
import type { AqlQuery } from 'arangots';
import { cursorRequestBody } from '../src/aql/cursor-request.js';

const users = { name: 'users', isArangoCollection: true as const };
const usersAgain = { name: 'users', isArangoCollection: true as const };
const view = { name: 'search', isArangoView: true as const };
const graph = { name: 'social', isArangoGraph: true as const };

describe('aql template tag', () => {
  it('turns every value into a bind parameter', () => {
    const min = 18;
    const q = aql`FOR u IN users FILTER u.age >= ${min} AND u.name == ${'bob'} RETURN u`;
    expect(q.query).toBe('FOR u IN users FILTER u.age >= @value0 AND u.name == @value1 RETURN u');
    expect(q.bindVars).toEqual({ value0: 18, value1: 'bob' });
  });

  it('leaves the query text unchanged whatever a value contains', () => {
    const hostile = [
      'x" RETURN 1 //',
      "x' RETURN 1 //",
      '@@value0',
      '`users` REMOVE u IN users',
      '*/ FOR x IN _users RETURN x /*',
      '\\" || true || "',
    ];
    for (const value of hostile) {
      const q = aql`FOR u IN users FILTER u.name == ${value} RETURN u`;
      expect(q.query).toBe('FOR u IN users FILTER u.name == @value0 RETURN u');
      expect(q.bindVars).toEqual({ value0: value });
    }
    // An object value with fields that look like a query is data, not a fragment or a source.
    const fake = { query: 'REMOVE x IN users', bindVars: 'nope', name: 'users' };
    const q = aql`RETURN ${fake}`;
    expect(q.query).toBe('RETURN @value0');
    expect(q.bindVars).toEqual({ value0: fake });
  });

  it('binds collections and views as @@ parameters and graphs by name', () => {
    const q = aql`FOR u IN ${users} FOR s IN ${view} FOR v IN 1 OUTBOUND u GRAPH ${graph} RETURN ${'users'}`;
    expect(q.query).toBe('FOR u IN @@value0 FOR s IN @@value1 FOR v IN 1 OUTBOUND u GRAPH @value2 RETURN @value3');
    expect(q.bindVars).toEqual({ '@value0': 'users', '@value1': 'search', value2: 'social', value3: 'users' });
  });

  it('reuses one bind parameter for a repeated value or collection', () => {
    const list = [1, 2];
    const q = aql`FOR a IN ${users} FOR b IN ${usersAgain} FILTER a.x IN ${list} AND b.x IN ${list} AND a.y == ${5} OR b.y == ${5} RETURN 1`;
    expect(q.query).toBe(
      'FOR a IN @@value0 FOR b IN @@value0 FILTER a.x IN @value1 AND b.x IN @value1 AND a.y == @value2 OR b.y == @value2 RETURN 1',
    );
    expect(q.bindVars).toEqual({ '@value0': 'users', value1: [1, 2], value2: 5 });
  });

  it('merges nested fragments with renumbered bind parameters', () => {
    const filter = aql`FILTER u.age > ${30} AND u.city == ${'Köln'}`;
    const sort = aql`SORT u.${aql.literal('name')} ${aql.literal('DESC')}`;
    const q = aql`FOR u IN ${users} ${filter} ${sort} LIMIT ${10} RETURN u`;
    expect(q.query).toBe('FOR u IN @@value0 FILTER u.age > @value1 AND u.city == @value2 SORT u.name DESC LIMIT @value3 RETURN u');
    expect(q.bindVars).toEqual({ '@value0': 'users', value1: 30, value2: 'Köln', value3: 10 });
    // The same value inside and outside a fragment still shares one name.
    const q2 = aql`FILTER x == ${30} ${filter}`;
    expect(q2.query).toBe('FILTER x == @value0 FILTER u.age > @value0 AND u.city == @value1');
  });

  it('an optional part is an empty fragment; undefined is refused with its position', () => {
    const withFilter = (name?: string): AqlQuery =>
      aql`FOR u IN ${users} ${name === undefined ? aql`` : aql`FILTER u.name == ${name}`} RETURN u`;
    expect(withFilter().query).toBe('FOR u IN @@value0  RETURN u');
    expect(withFilter('x').query).toBe('FOR u IN @@value0 FILTER u.name == @value1 RETURN u');
    expect(() => aql`RETURN ${undefined}`).toThrow(`value 1 of the aql template (after "RETURN ") is undefined, which cannot be sent as a bind parameter`);
    expect(() => aql`FOR u IN ${users} FILTER u.age > ${undefined} RETURN u`).toThrow(/^value 2 of the aql template \(after " FILTER u\.age > "\) is undefined/);
  });

  it('joins fragments and values with a trusted separator', () => {
    const conds = [aql`u.a == ${1}`, aql`u.b == ${2}`, aql`u.c == ${1}`];
    const q = aql`FOR u IN ${users} FILTER ${aql.join(conds, ' AND ')} RETURN u`;
    expect(q.query).toBe('FOR u IN @@value0 FILTER u.a == @value1 AND u.b == @value2 AND u.c == @value1 RETURN u');
    expect(q.bindVars).toEqual({ '@value0': 'users', value1: 1, value2: 2 });
    const list = aql.join([1, 'two', null], ', ');
    expect(list.query).toBe('@value0, @value1, @value2');
    expect(list.bindVars).toEqual({ value0: 1, value1: 'two', value2: null });
    expect(aql.join([]).query).toBe('');
    const optional = aql.join([aql`a == ${1}`, undefined, aql`b == ${2}`], ' AND ');
    expect(optional.query).toBe('a == @value0 AND b == @value1');
  });

  it('keeps literals verbatim and only from aql.literal', () => {
    expect(aql`RETURN ${aql.literal('1 + 2')}`.query).toBe('RETURN 1 + 2');
    expect(aql`RETURN ${aql.literal(undefined)}x`.query).toBe('RETURN x');
    // Trust is explicit: another library's literal counts only once passed through aql.literal.
    const foreign = { toAQL: () => 'LIMIT 1' };
    expect(aql`FOR i IN 1..3 ${aql.literal(foreign)} RETURN i`.query).toBe('FOR i IN 1..3 LIMIT 1 RETURN i');
    // An object that merely has toAQL() is a value, not trusted text.
    const q = aql`RETURN ${{ toAQL: () => '1; REMOVE' }}`;
    expect(q.query).toBe('RETURN @value0');
  });

  it('rejects values JSON cannot carry, naming the position and where inside the value', () => {
    expect(() => aql`RETURN ${() => 1}`).toThrow(/^value 1 of the aql template \(after "RETURN "\) is a function/);
    expect(() => aql`RETURN ${10n}`).toThrow(/is a bigint/);
    expect(() => aql`RETURN ${Number.NaN}`).toThrow(/is NaN/);
    expect(() => aql`RETURN ${Symbol('s')}`).toThrow(ArangoClientError);
    expect(() => aql`RETURN ${[1, undefined]}`).toThrow(/holds at \[1\] undefined/);
    expect(() => aql`RETURN ${{ a: { 'b c': [Infinity] } }}`).toThrow(/holds at \.a\["b c"\]\[0\] Infinity/);
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => aql`RETURN ${cyclic}`).toThrow(/circular reference/);
    // What JSON carries passes: an undefined property is left out, a Date is its ISO string.
    expect(aql`RETURN ${{ a: undefined, d: new Date(0), n: null }}`.bindVars).toEqual({ value0: { a: undefined, d: new Date(0), n: null } });
  });

  it('refuses to be called as a plain function', () => {
    const call = aql as unknown as (s: string) => unknown;
    expect(() => call('RETURN 1')).toThrow(/template tag/);
  });

  it('serialises as { query, bindVars } only', () => {
    const q = aql`RETURN ${1}`;
    expect(JSON.parse(JSON.stringify(q))).toEqual({ query: 'RETURN @value0', bindVars: { value0: 1 } });
    expect(isAqlQuery(q)).toBe(true);
    expect(isAqlQuery({ query: 'RETURN 1' })).toBe(false);
  });
});

describe('cursor request body', () => {
  it('puts each option where the 3.12 API documents it and sends nothing unset', () => {
    const { body, headers } = cursorRequestBody(aql`FOR i IN 1..${10} RETURN i`, {
      batchSize: 2,
      count: true,
      ttl: 30,
      memoryLimit: 1 << 20,
      cache: false,
      fullCount: true,
      stream: true,
      allowRetry: true,
      maxRuntime: 5,
      profile: 2,
      optimizer: { rules: ['-all'] },
      maxPlans: 3,
      allowDirtyReads: true,
    });
    expect(body).toEqual({
      query: 'FOR i IN 1..@value0 RETURN i',
      bindVars: { value0: 10 },
      batchSize: 2,
      count: true,
      ttl: 30,
      memoryLimit: 1 << 20,
      options: {
        cache: false,
        fullCount: true,
        stream: true,
        allowRetry: true,
        maxRuntime: 5,
        profile: 2,
        optimizer: { rules: ['-all'] },
        maxNumberOfPlans: 3,
      },
    });
    expect(headers).toEqual({ 'x-arango-allow-dirty-read': 'true' });
    expect(cursorRequestBody('RETURN 1')).toEqual({ body: { query: 'RETURN 1' } });
  });

  it('merges extra bind variables and refuses a clash', () => {
    const q = aql`FOR d IN @@c RETURN ${1}`;
    expect(cursorRequestBody(q, { bindVars: { '@c': 'x' } }).body.bindVars).toEqual({ value0: 1, '@c': 'x' });
    expect(() => cursorRequestBody(q, { bindVars: { value0: 2 } })).toThrow(/value0/);
    expect(() => cursorRequestBody('RETURN 1', { batchSize: 0 })).toThrow(/batchSize/);
    expect(() => cursorRequestBody('  ')).toThrow(/empty/);
  });
});
