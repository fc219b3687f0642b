import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type EmulatorCluster } from '../src/cluster.js';
import { EXPR_KINDS, STATEMENT_KINDS, type Statement } from '../src/aql/ast.js';
import { parseAql } from '../src/aql/engine.js';
import { call, PASSWORD } from './http.js';
import { aqlRaw, error } from './aql-helpers.js';

/**
 * Every node kind the parser can produce must be handled by the compiler (pg-mem's lesson): the
 * queries below together produce every kind, and each one runs.
 */
const QUERIES = [
  'WITH nodes FOR v, e, p IN 1..2 OUTBOUND "nodes/a" links PRUNE v._key == "x" OPTIONS { order: "dfs" } RETURN [v, e, p]',
  'FOR v IN OUTBOUND SHORTEST_PATH "nodes/a" TO "nodes/b" links RETURN v',
  'FOR d IN nodes FILTER d._key != @k LET x = d._key SORT x DESC LIMIT 0, 5 COLLECT k = x INTO g RETURN DISTINCT { k, n: LENGTH(g) }',
  'FOR i IN 1..3 WINDOW { preceding: 1 } AGGREGATE s = SUM(i) RETURN s',
  'FOR d IN @@c RETURN d._key',
  'INSERT { _key: "n1" } INTO nodes RETURN NEW',
  'UPDATE "n1" WITH { x: 1 } IN nodes RETURN OLD',
  'REPLACE "n1" WITH { y: 2 } IN nodes',
  'REMOVE "n1" IN nodes',
  'UPSERT { _key: "n2" } INSERT { _key: "n2" } UPDATE { z: OLD.z } IN nodes',
  'LET a = [1, 2, {b: [3]}] RETURN [a[0], a[*].b, a[2].b[-1], -a[0], a[0] + 1, a ANY == 1, a ? 1 : 2, 1..2, UPPER("x"), (FOR y IN [1] RETURN y), {[CONCAT("k", 1)]: 1, a}, @v]',
];

function kindsOf(stmts: Statement[], exprs: Set<string>, statements: Set<string>): void {
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) { v.forEach(walk); return; }
    if (typeof v !== 'object' || v === null) return;
    const o = v as Record<string, unknown>;
    if (typeof o['kind'] === 'string') {
      // the two kind lists are disjoint, so a node's kind tells which one it belongs to
      if ((EXPR_KINDS as readonly string[]).includes(o['kind'])) exprs.add(o['kind']);
      if ((STATEMENT_KINDS as readonly string[]).includes(o['kind'])) statements.add(o['kind']);
    }
    for (const x of Object.values(o)) walk(x);
  };
  walk(stmts);
}

let server: EmulatorCluster;
let u: string;

beforeAll(async () => {
  server = await startServer({ rootPassword: PASSWORD });
  u = server.urls[0] as string;
  await call(u, 'POST', '/_db/_system/_api/collection', { body: { name: 'nodes' } });
  await call(u, 'POST', '/_db/_system/_api/collection', { body: { name: 'links', type: 3 } });
  await aqlRaw(u, 'INSERT { _key: "a" } INTO nodes');
  await aqlRaw(u, 'INSERT { _key: "b" } INTO nodes');
  await aqlRaw(u, 'INSERT { _from: "nodes/a", _to: "nodes/b" } INTO links');
});
afterAll(async () => {
  await server.close();
});

describe('AST coverage', () => {
  it('keeps expression and statement kinds disjoint', () => {
    expect(EXPR_KINDS.filter((k) => (STATEMENT_KINDS as readonly string[]).includes(k))).toEqual([]);
  });

  it('the queries produce every node kind and every one of them runs', async () => {
    const exprs = new Set<string>();
    const statements = new Set<string>();
    for (const q of QUERIES) kindsOf(parseAql(q).body, exprs, statements);
    // a bare collection name is a 'collection' node; it only runs as a FOR source
    kindsOf(parseAql('FOR d IN nodes RETURN d').body, exprs, statements);
    expect([...exprs].sort()).toEqual([...EXPR_KINDS].sort());
    expect([...statements].sort()).toEqual([...STATEMENT_KINDS].sort());
    for (const q of QUERIES) {
      const bindVars: Record<string, unknown> = {};
      if (q.includes('@k')) bindVars['k'] = 'zz';
      if (q.includes('@@c')) bindVars['@c'] = 'nodes';
      if (q.includes('@v')) bindVars['v'] = 1;
      const r = await aqlRaw(u, q, bindVars);
      expect([q, r.status, r.json.errorMessage]).toEqual([q, 201, undefined]);
    }
  });

  it('refuses recognised but unsupported constructs with a distinct error', async () => {
    expect(await error(u, 'RETURN MYNS::FN(1)')).toEqual([404, 1582, "AQL: user function 'MYNS::FN()' not found (while parsing)"]);
    expect((await error(u, 'RETURN nodes')).slice(0, 2)).toEqual([400, 1568]);
  });
});

describe('parse errors', () => {
  const cases: [string, string][] = [
    ['FOR i IN 1..100 FILTER i = 1 LIMIT 2 RETURN i * 3', "syntax error, unexpected assignment near '= 1 LIMIT 2 RETURN i * 3' at position 1:26"],
    ['RETURN', "syntax error, unexpected end of query string near '' at position 1:7"],
    ['FOR i IN [1] RETURN i RETURN i', "syntax error, unexpected RETURN declaration near 'RETURN i' at position 1:23"],
    ['RETURN {a: 1', "syntax error, unexpected end of query string near '' at position 1:13"],
    ['FOR x IN [1]\n  FILTER x ==\n  RETURN x', "syntax error, unexpected RETURN declaration near 'RETURN x' at position 3:3"],
    ['LET x = 1 LET x = 2 RETURN x', "variable 'x' is assigned multiple times near 'x = 2 RETURN x' at position 1:15"],
  ];
  for (const [q, msg] of cases) {
    it(q.replace(/\n/g, ' '), () => {
      let err: { errorNum?: number; message?: string; status?: number } = {};
      try {
        parseAql(q);
      } catch (e) {
        err = e as typeof err;
      }
      expect(err.status).toBe(400);
      expect(err.message).toBe(msg);
      expect(err.errorNum).toBe(q.startsWith('LET x') ? 1511 : 1501);
    });
  }

  it('truncates the snippet after 32 characters', () => {
    expect(() => parseAql('RETURN 1 2 + 3 + 4 + 5 + 6 + 7 + 8 + 9 + 10 + 11')).toThrow("syntax error, unexpected integer number near '2 + 3 + 4 + 5 + 6 + 7 + 8 + 9 + ...' at position 1:10");
  });
});
