import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type EmulatorCluster } from '../src/cluster.js';
import { call, PASSWORD } from './http.js';
import { aql, error } from './aql-helpers.js';

/*
 * The graph:            a → b → d
 *                       a → c → d → e
 * (edges inserted in that order; `w` weights: a→b 1, a→c 5, b→d 1, c→d 1, d→e 1)
 */
let server: EmulatorCluster;
let u: string;

beforeAll(async () => {
  server = await startServer({ rootPassword: PASSWORD });
  u = server.urls[0] as string;
  const g = await call(u, 'POST', '/_db/_system/_api/gharial', {
    body: { name: 'g', edgeDefinitions: [{ collection: 'links', from: ['nodes'], to: ['nodes'] }] },
  });
  expect(g.status).toBeLessThan(300);
  await aql(u, "FOR k IN ['a', 'b', 'c', 'd', 'e'] INSERT { _key: k } INTO nodes");
  await aql(u, `FOR e IN [['a', 'b', 1], ['a', 'c', 5], ['b', 'd', 1], ['c', 'd', 1], ['d', 'e', 1]]
    INSERT { _from: CONCAT('nodes/', e[0]), _to: CONCAT('nodes/', e[1]), w: e[2] } INTO links`);
});
afterAll(async () => {
  await server.close();
});

describe('traversals', () => {
  // 3.12's depth-first enumerator follows a vertex's most recently inserted edge first
  it('walks depth-first through a named graph, the newest edge of a vertex first', async () => {
    expect(await aql(u, "FOR v IN 1..3 OUTBOUND 'nodes/a' GRAPH 'g' RETURN v._key")).toEqual(['c', 'd', 'e', 'b', 'd', 'e']);
  });

  it('walks breadth-first with global vertex uniqueness', async () => {
    expect(await aql(u, "FOR v IN 1..3 OUTBOUND 'nodes/a' GRAPH 'g' OPTIONS { order: 'bfs', uniqueVertices: 'global' } RETURN v._key")).toEqual(['b', 'c', 'd', 'e']);
  });

  it('exposes edges and paths, and starts at depth 0', async () => {
    const r = await aql(u, "FOR v, e, p IN 0..2 OUTBOUND 'nodes/a' links RETURN [v._key, e._to, p.vertices[*]._key, LENGTH(p.edges)]");
    expect(r).toEqual([
      ['a', null, ['a'], 0],
      ['c', 'nodes/c', ['a', 'c'], 1],
      ['d', 'nodes/d', ['a', 'c', 'd'], 2],
      ['b', 'nodes/b', ['a', 'b'], 1],
      ['d', 'nodes/d', ['a', 'b', 'd'], 2],
    ]);
  });

  it('follows INBOUND and ANY edges', async () => {
    expect(await aql(u, "FOR v IN 1..1 INBOUND 'nodes/d' links RETURN v._key")).toEqual(['c', 'b']);
    expect(await aql(u, "FOR v IN 1..1 ANY 'nodes/d' links SORT v._key RETURN v._key")).toEqual(['b', 'c', 'e']);
  });

  it('stops expanding at PRUNE, also with a PRUNE variable', async () => {
    expect(await aql(u, "FOR v IN 1..3 OUTBOUND 'nodes/a' links PRUNE v._key == 'b' RETURN v._key")).toEqual(['c', 'd', 'e', 'b']);
    expect(await aql(u, "FOR v, e IN 1..3 OUTBOUND 'nodes/a' links PRUNE stop = v._key == 'd' FILTER stop RETURN v._key")).toEqual(['d', 'd']);
  });

  it('orders weighted traversals by path weight', async () => {
    const r = await aql(u, "FOR v, e, p IN 1..2 OUTBOUND 'nodes/a' links OPTIONS { order: 'weighted', weightAttribute: 'w' } RETURN [v._key, LAST(p.weights)]");
    expect(r).toEqual([['b', 1], ['d', 2], ['c', 5], ['d', 6]]);
  });

  it('restricts visited vertex collections with OPTIONS', async () => {
    expect(await aql(u, "FOR v IN 1..2 OUTBOUND 'nodes/a' links OPTIONS { vertexCollections: ['other'] } RETURN v._key")).toEqual([]);
    expect(await aql(u, "FOR v IN 1..1 OUTBOUND 'nodes/a' links OPTIONS { vertexCollections: 'nodes', edgeCollections: ['links'] } RETURN v._key")).toEqual(['c', 'b']);
  });

  it('refuses an unknown graph', async () => {
    expect(await error(u, "FOR v IN 1..2 OUTBOUND 'nodes/a' GRAPH 'nope' RETURN v")).toEqual([404, 1924, "AQL: graph 'nope' not found (while parsing)"]);
  });
});

describe('path searches', () => {
  it('finds the shortest path, by hops or by weight', async () => {
    expect(await aql(u, "FOR v, e IN OUTBOUND SHORTEST_PATH 'nodes/a' TO 'nodes/e' GRAPH 'g' RETURN [v._key, e._to]"))
      .toEqual([['a', null], ['b', 'nodes/b'], ['d', 'nodes/d'], ['e', 'nodes/e']]);
    expect(await aql(u, "FOR v IN OUTBOUND SHORTEST_PATH 'nodes/a' TO 'nodes/e' links OPTIONS { weightAttribute: 'w' } RETURN v._key")).toEqual(['a', 'b', 'd', 'e']);
    expect(await aql(u, "FOR v IN OUTBOUND SHORTEST_PATH 'nodes/e' TO 'nodes/a' links RETURN v")).toEqual([]);
  });

  it('enumerates K_SHORTEST_PATHS, K_PATHS and ALL_SHORTEST_PATHS', async () => {
    expect(await aql(u, "FOR p IN OUTBOUND K_SHORTEST_PATHS 'nodes/a' TO 'nodes/e' links OPTIONS { weightAttribute: 'w' } RETURN [p.vertices[*]._key, p.weight]"))
      .toEqual([[['a', 'b', 'd', 'e'], 3], [['a', 'c', 'd', 'e'], 7]]);
    expect(await aql(u, "FOR p IN 1..2 OUTBOUND K_PATHS 'nodes/a' TO 'nodes/d' links RETURN p.vertices[*]._key")).toEqual([['a', 'b', 'd'], ['a', 'c', 'd']]);
    expect(await aql(u, "FOR p IN OUTBOUND ALL_SHORTEST_PATHS 'nodes/a' TO 'nodes/e' links RETURN LENGTH(p.edges)")).toEqual([3, 3]);
  });
});
