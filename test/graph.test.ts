import { describe, expect, it } from 'vitest';
import { ArangoClientError, ArangoServerError, aql, errors } from 'arangots';
import { useTestDatabase } from './helpers/database.js';

const ctx = useTestDatabase('graph');

interface Person {
  name: string;
  age?: number;
}

describe('graph definition', () => {
  it('creates a graph with edge definitions and orphans, lists and reads it', async () => {
    const graph = await ctx.db.createGraph('social', [{ collection: 'knows', from: 'persons', to: ['persons'] }], {
      orphanCollections: ['lonely'],
    });
    expect(graph.name).toBe('social');
    const props = await graph.properties();
    expect(props.name).toBe('social');
    expect(props.edgeDefinitions).toEqual([{ collection: 'knows', from: ['persons'], to: ['persons'] }]);
    expect(props.orphanCollections).toEqual(['lonely']);
    expect(props._id).toBe('_graphs/social');

    expect(await ctx.db.hasGraph('social')).toBe(true);
    expect(await graph.exists()).toBe(true);
    expect((await ctx.db.graphs()).map((g) => g.name)).toContain('social');
    expect((await graph.vertexCollections()).sort()).toEqual(['lonely', 'persons']);
    expect(await graph.edgeCollections()).toEqual(['knows']);
    expect(await graph.hasVertexCollection('lonely')).toBe(true);
    expect(await graph.hasEdgeDefinition('knows')).toBe(true);
    // The server created the collections.
    expect(await ctx.db.hasCollection('persons')).toBe(true);
    expect(await ctx.db.hasCollection('knows')).toBe(true);
  });

  it('a second graph with the same name is refused with 409 / ERROR_GRAPH_DUPLICATE', async () => {
    const err = await ctx.db.createGraph('social', []).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ArangoServerError);
    expect((err as ArangoServerError).httpCode).toBe(409);
    expect((err as ArangoServerError).errorNum).toBe(errors.ERROR_GRAPH_DUPLICATE);
  });

  it('a missing graph: exists() false, properties() 404 / ERROR_GRAPH_NOT_FOUND', async () => {
    const graph = ctx.db.graph('nope');
    expect(await graph.exists()).toBe(false);
    expect(await ctx.db.hasGraph('nope')).toBe(false);
    const err = await graph.properties().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ArangoServerError);
    expect((err as ArangoServerError).httpCode).toBe(404);
    expect((err as ArangoServerError).errorNum).toBe(errors.ERROR_GRAPH_NOT_FOUND);
    expect(await ctx.db.deleteGraph('nope', { ignoreMissing: true })).toBe(false);
  });

  it('rejects malformed edge definitions before sending', async () => {
    await expect(ctx.db.createGraph('bad', [{ collection: '', from: ['a'], to: ['b'] }])).rejects.toBeInstanceOf(ArangoClientError);
    await expect(ctx.db.createGraph('bad', [{ collection: 'e', from: [], to: ['b'] }])).rejects.toBeInstanceOf(ArangoClientError);
    await expect(ctx.db.createGraph('bad', [], { isSatellite: true, replicationFactor: 2 })).rejects.toBeInstanceOf(ArangoClientError);
    expect(await ctx.db.hasGraph('bad')).toBe(false);
  });

  it('adds, replaces and removes edge definitions and vertex collections', async () => {
    const graph = ctx.db.graph('social');
    let props = await graph.addEdgeDefinition({ collection: 'likes', from: ['persons'], to: ['things'] });
    expect(props.edgeDefinitions.map((d) => d.collection).sort()).toEqual(['knows', 'likes']);

    props = await graph.replaceEdgeDefinition({ collection: 'likes', from: ['persons'], to: ['things', 'places'] });
    const likes = props.edgeDefinitions.find((d) => d.collection === 'likes');
    expect(likes?.to.slice().sort()).toEqual(['places', 'things']);

    props = await graph.deleteEdgeDefinition('likes');
    expect(props.edgeDefinitions.map((d) => d.collection)).toEqual(['knows']);
    // Its vertex collections became orphans.
    expect(props.orphanCollections).toEqual(expect.arrayContaining(['things', 'places']));

    await graph.createVertexCollection('extra');
    expect(await graph.hasVertexCollection('extra')).toBe(true);
    props = await graph.deleteVertexCollection('extra', true);
    expect(props.orphanCollections).not.toContain('extra');
    expect(await ctx.db.hasCollection('extra')).toBe(false);
  });

  it('refuses to remove a vertex collection used in an edge definition (400 / 1928)', async () => {
    const err = await ctx.db
      .graph('social')
      .deleteVertexCollection('persons')
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ArangoServerError);
    expect((err as ArangoServerError).httpCode).toBe(400);
    expect((err as ArangoServerError).errorNum).toBe(errors.ERROR_GRAPH_NOT_IN_ORPHAN_COLLECTION);
  });
});

describe('vertices and edges through the graph', () => {
  it('vertex CRUD with returnNew/returnOld, rev preconditions and graceful reads', async () => {
    const persons = ctx.db.graph('social').vertexCollection<Person>('persons');
    const created = await persons.insert({ _key: 'alice', name: 'Alice' }, { returnNew: true });
    expect(created._id).toBe('persons/alice');
    expect(created.new?.name).toBe('Alice');

    const alice = await persons.get('alice');
    expect(alice.name).toBe('Alice');
    expect(await persons.has('persons/alice')).toBe(true);
    expect(await persons.get('ghost', { graceful: true })).toBeNull();
    expect(await persons.has({ _key: 'ghost' })).toBe(false);

    const updated = await persons.update('alice', { age: 30 }, { returnOld: true, returnNew: true });
    expect(updated._oldRev).toBe(alice._rev);
    expect(updated.old?.age).toBeUndefined();
    expect(updated.new?.age).toBe(30);

    const stale = await persons.update('alice', { age: 31 }, { rev: alice._rev }).catch((e: unknown) => e);
    expect(stale).toBeInstanceOf(ArangoServerError);
    expect((stale as ArangoServerError).httpCode).toBe(412);
    expect((stale as ArangoServerError).errorNum).toBe(errors.ERROR_ARANGO_CONFLICT);

    const replaced = await persons.replace('alice', { name: 'Alice C.' }, { returnNew: true });
    expect(replaced.new).toMatchObject({ name: 'Alice C.' });
    expect(replaced.new?.age).toBeUndefined();

    // An _id from another collection is refused before sending.
    await expect(persons.get('things/alice')).rejects.toBeInstanceOf(ArangoClientError);
  });

  it('edges are checked against the edge definitions', async () => {
    const graph = ctx.db.graph('social');
    await graph.insertVertex('persons', { _key: 'bob', name: 'Bob' });
    await graph.insertVertex('persons', { _key: 'carol', name: 'Carol' });
    const knows = graph.edgeCollection<{ since: number }>('knows');
    const e1 = await knows.link('persons/alice', 'persons/bob', { since: 2020 }, { returnNew: true });
    expect(e1.new).toMatchObject({ _from: 'persons/alice', _to: 'persons/bob', since: 2020 });
    await graph.insertEdge('knows', { _from: 'persons/bob', _to: 'persons/carol', since: 2021 });

    // `things` is in the graph (an orphan since its edge definition was removed) but not a `from`
    // collection of `knows`: ArangoDB's GraphOperations::validateEdge answers 400 / 1906.
    await ctx.db.collection('things').insert({ _key: 'pen' });
    const err = await knows.insert({ _from: 'things/pen', _to: 'persons/bob', since: 1 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ArangoServerError);
    expect((err as ArangoServerError).httpCode).toBe(400);
    expect((err as ArangoServerError).errorNum).toBe(errors.ERROR_GRAPH_INVALID_EDGE);
    // A collection outside the graph altogether: 404 / 1947.
    await ctx.db.createCollection('elsewhere');
    await ctx.db.collection('elsewhere').insert({ _key: 'x' });
    const outside = await knows.insert({ _from: 'elsewhere/x', _to: 'persons/bob', since: 1 }).catch((e: unknown) => e);
    expect((outside as ArangoServerError).httpCode).toBe(404);
    expect((outside as ArangoServerError).errorNum).toBe(errors.ERROR_GRAPH_REFERENCED_VERTEX_COLLECTION_NOT_PART_OF_THE_GRAPH);

    await expect(knows.insert({ _from: 'alice', _to: 'persons/bob', since: 1 })).rejects.toBeInstanceOf(ArangoClientError);

    const out = await knows.edges('persons/bob', 'out');
    expect(out.edges.map((e) => e._to)).toEqual(['persons/carol']);
    const any = await graph.edges('knows', { _id: 'persons/bob' });
    expect(any.edges.map((e) => e._id).sort()).toHaveLength(2);

    const edge = await graph.edge<{ since: number }>(e1._id);
    expect(edge.since).toBe(2020);
    await graph.updateEdge(e1._id, { since: 2019 });
    expect((await knows.get(e1._key)).since).toBe(2019);
  });

  it('a traversal through the graph returns the hand-computed vertices in order', async () => {
    // alice -> bob -> carol, alice -> dave (added now); depth-first, outbound, depth 1..2.
    const graph = ctx.db.graph('social');
    await graph.insertVertex('persons', { _key: 'dave', name: 'Dave' });
    await graph.link('knows', 'persons/alice', 'persons/dave', { since: 2022 });
    // Depth-first (the default) follows a vertex's most recently inserted edge first (3.12's DFS
    // enumerator pops its stack), so alice -> dave before alice -> bob -> carol; breadth-first
    // visits both depth-1 vertices first, in insertion order.
    const dfs = await ctx.db.aql.execute<string>(aql`
      FOR v IN 1..2 OUTBOUND 'persons/alice' GRAPH 'social'
        RETURN v._key`);
    expect(await dfs.all()).toEqual(['dave', 'bob', 'carol']);
    const bfs = await ctx.db.aql.execute<string>(aql`
      FOR v IN 1..2 OUTBOUND 'persons/alice' GRAPH 'social'
        OPTIONS { order: 'bfs' }
        RETURN v._key`);
    expect(await bfs.all()).toEqual(['bob', 'dave', 'carol']);
    const paths = await ctx.db.aql.execute<string[]>(aql`
      FOR v, e, p IN 1..2 OUTBOUND 'persons/alice' GRAPH 'social'
        OPTIONS { order: 'bfs', uniqueVertices: 'global' }
        FILTER LENGTH(p.vertices) == 3
        RETURN p.vertices[*]._key`);
    expect(await paths.all()).toEqual([['alice', 'bob', 'carol']]);
  });

  it('deleting a vertex removes the edges that reference it', async () => {
    const graph = ctx.db.graph('social');
    const removed = await graph.deleteVertex('persons/carol', { returnOld: true });
    expect(removed.removed).toBe(true);
    expect(removed.old).toMatchObject({ _key: 'carol', name: 'Carol' });
    const bobOut = await graph.edgeCollection('knows').edges('persons/bob', 'out');
    expect(bobOut.edges).toEqual([]);
    expect(await graph.hasVertex('persons/carol')).toBe(false);
    const missing = await graph.deleteVertex('persons/carol', { ignoreMissing: true });
    expect(missing).toEqual({ removed: false });
    const err = await graph.deleteVertex('persons/carol').catch((e: unknown) => e);
    expect((err as ArangoServerError).errorNum).toBe(errors.ERROR_ARANGO_DOCUMENT_NOT_FOUND);
  });

  it('a collection outside the graph is refused by the server', async () => {
    const err = await ctx.db
      .graph('social')
      .vertexCollection('nowhere')
      .insert({ name: 'x' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ArangoServerError);
    expect((err as ArangoServerError).httpCode).toBe(404);
  });
});

describe('dropping graphs', () => {
  it('drops a graph with its collections', async () => {
    await ctx.db.createGraph('temp', [{ collection: 'tmp_e', from: ['tmp_v'], to: ['tmp_v'] }]);
    expect(await ctx.db.graph('temp').drop({ dropCollections: true })).toBe(true);
    expect(await ctx.db.hasGraph('temp')).toBe(false);
    expect(await ctx.db.hasCollection('tmp_e')).toBe(false);
    expect(await ctx.db.hasCollection('tmp_v')).toBe(false);
  });

  it('deleteGraph keeps the collections unless asked', async () => {
    expect(await ctx.db.deleteGraph('social')).toBe(true);
    expect(await ctx.db.hasGraph('social')).toBe(false);
    expect(await ctx.db.hasCollection('persons')).toBe(true);
  });
});
