/** Named graphs (gharial): create with options, definitions, vertex collections, vertex and edge documents, drop. */
import { expect } from 'vitest';
import type { Op, Side } from '../harness.js';

const g = 'social';

function keepRev<DB>(s: Side<DB>, key: string, res: unknown): void {
  const r = res as { _rev?: unknown; vertex?: { _rev?: unknown }; edge?: { _rev?: unknown } } | undefined;
  const rev = r?._rev ?? r?.vertex?._rev ?? r?.edge?._rev;
  if (typeof rev === 'string') {
    s.set(`grev:${key}`, rev);
    s.mark(rev, `grev:${key}`);
  }
}

export const graphOps: Op[] = [
  {
    area: 'graphs',
    name: 'create graph with options',
    ts: (s) =>
      s.db.createGraph(s.n(g), [{ collection: s.n('knows'), from: [s.n('person')], to: [s.n('person')] }], {
        orphanCollections: [s.n('orphan')],
        numberOfShards: 2,
        replicationFactor: 1,
        writeConcern: 1,
        waitForSync: true,
      }),
    js: (s) =>
      s.db.createGraph(s.n(g), [{ collection: s.n('knows'), from: [s.n('person')], to: [s.n('person')] }], {
        orphanCollections: [s.n('orphan')],
        numberOfShards: 2,
        replicationFactor: 1,
        writeConcern: 1,
        waitForSync: true,
      }),
  },
  {
    area: 'graphs',
    name: 'get graph',
    ts: (s) => s.db.graph(s.n(g)).properties(),
    js: (s) => s.db.graph(s.n(g)).get(),
  },
  {
    area: 'graphs',
    name: 'graph exists',
    ts: (s) => s.db.graph(s.n(g)).exists(),
    js: (s) => s.db.graph(s.n(g)).exists(),
  },
  {
    area: 'graphs',
    name: 'list graphs',
    ts: (s) => s.db.graphs(),
    js: (s) => s.db.listGraphs(),
  },
  {
    area: 'graphs',
    name: 'list vertex collections',
    ts: (s) => s.db.graph(s.n(g)).vertexCollections(),
    js: (s) => s.db.graph(s.n(g)).listVertexCollections(),
  },
  {
    area: 'graphs',
    name: 'list edge collections',
    ts: (s) => s.db.graph(s.n(g)).edgeCollections(),
    js: (s) => s.db.graph(s.n(g)).listEdgeCollections(),
  },
  {
    area: 'graphs',
    name: 'add vertex collection',
    ts: (s) => s.db.graph(s.n(g)).addVertexCollection(s.n('place')),
    js: (s) => s.db.graph(s.n(g)).addVertexCollection(s.n('place')),
  },
  {
    area: 'graphs',
    name: 'remove vertex collection',
    ts: (s) => s.db.graph(s.n(g)).deleteVertexCollection(s.n('place')),
    js: (s) => s.db.graph(s.n(g)).removeVertexCollection(s.n('place')),
  },
  {
    area: 'graphs',
    name: 'add vertex collection again',
    ts: (s) => s.db.graph(s.n(g)).addVertexCollection(s.n('place')),
    js: (s) => s.db.graph(s.n(g)).addVertexCollection(s.n('place')),
  },
  {
    area: 'graphs',
    name: 'remove vertex collection and drop it',
    ts: (s) => s.db.graph(s.n(g)).deleteVertexCollection(s.n('place'), true),
    js: (s) => s.db.graph(s.n(g)).removeVertexCollection(s.n('place'), true),
  },
  {
    area: 'graphs',
    name: 'add edge definition',
    ts: (s) => s.db.graph(s.n(g)).addEdgeDefinition({ collection: s.n('likes'), from: [s.n('person')], to: [s.n('orphan')] }),
    js: (s) => s.db.graph(s.n(g)).addEdgeDefinition({ collection: s.n('likes'), from: [s.n('person')], to: [s.n('orphan')] }),
  },
  {
    area: 'graphs',
    name: 'replace edge definition',
    ts: (s) => s.db.graph(s.n(g)).replaceEdgeDefinition({ collection: s.n('likes'), from: [s.n('person')], to: [s.n('person'), s.n('orphan')] }),
    js: (s) => s.db.graph(s.n(g)).replaceEdgeDefinition({ collection: s.n('likes'), from: [s.n('person')], to: [s.n('person'), s.n('orphan')] }),
  },
  {
    area: 'graphs',
    name: 'remove edge definition',
    ts: (s) => s.db.graph(s.n(g)).deleteEdgeDefinition(s.n('likes')),
    js: (s) => s.db.graph(s.n(g)).removeEdgeDefinition(s.n('likes')),
  },
  {
    area: 'graphs',
    name: 'insert vertex returnNew',
    ts: async (s) => keepRev(s, 'alice', await s.db.graph(s.n(g)).vertexCollection(s.n('person')).insert({ _key: 'alice', age: 30 }, { returnNew: true })),
    js: async (s) => keepRev(s, 'alice', await s.db.graph(s.n(g)).vertexCollection(s.n('person')).save({ _key: 'alice', age: 30 }, { returnNew: true })),
  },
  {
    area: 'graphs',
    name: 'insert vertex waitForSync',
    ts: (s) => s.db.graph(s.n(g)).vertexCollection(s.n('person')).insert({ _key: 'bob' }, { waitForSync: true }),
    js: (s) => s.db.graph(s.n(g)).vertexCollection(s.n('person')).save({ _key: 'bob' }, { waitForSync: true }),
  },
  {
    area: 'graphs',
    name: 'get vertex',
    ts: (s) => s.db.graph(s.n(g)).vertexCollection(s.n('person')).get('alice'),
    js: (s) => s.db.graph(s.n(g)).vertexCollection(s.n('person')).vertex('alice'),
  },
  {
    area: 'graphs',
    name: 'get vertex with If-Match',
    ts: (s) => s.db.graph(s.n(g)).vertexCollection(s.n('person')).get('alice', { rev: s.get<string>('grev:alice') }),
    js: (s) => s.db.graph(s.n(g)).vertexCollection(s.n('person')).vertex('alice', { rev: `"${s.get<string>('grev:alice')}"` }),
  },
  {
    area: 'graphs',
    name: 'vertex exists',
    ts: (s) => s.db.graph(s.n(g)).vertexCollection(s.n('person')).has('alice'),
    js: (s) => s.db.graph(s.n(g)).vertexCollection(s.n('person')).vertexExists('alice'),
    check: (result, driver) => expect(result, `${driver}: vertex found`).toBe(true),
  },
  {
    area: 'graphs',
    name: 'get vertex graceful (missing)',
    expectStatus: 404,
    ts: (s) => s.db.graph(s.n(g)).vertexCollection(s.n('person')).get('nobody', { graceful: true }),
    js: (s) => s.db.graph(s.n(g)).vertexCollection(s.n('person')).vertex('nobody', { graceful: true }),
  },
  {
    area: 'graphs',
    name: 'update vertex keepNull returnOld returnNew',
    ts: async (s) =>
      keepRev(s, 'alice', await s.db.graph(s.n(g)).vertexCollection(s.n('person')).update('alice', { age: null }, { keepNull: false, returnOld: true, returnNew: true })),
    js: async (s) =>
      keepRev(s, 'alice', await s.db.graph(s.n(g)).vertexCollection(s.n('person')).update('alice', { age: null }, { keepNull: false, returnOld: true, returnNew: true })),
  },
  {
    area: 'graphs',
    name: 'replace vertex with If-Match',
    ts: (s) => s.db.graph(s.n(g)).vertexCollection(s.n('person')).replace('alice', { age: 31 }, { rev: s.get<string>('grev:alice') }),
    js: (s) => s.db.graph(s.n(g)).vertexCollection(s.n('person')).replace('alice', { age: 31 }, { rev: `"${s.get<string>('grev:alice')}"` }),
  },
  {
    area: 'graphs',
    name: 'insert edge through graph',
    ts: async (s) =>
      keepRev(s, 'e1', await s.db.graph(s.n(g)).edgeCollection(s.n('knows')).insert({ _key: 'e1', _from: `${s.n('person')}/alice`, _to: `${s.n('person')}/bob` }, { returnNew: true })),
    js: async (s) =>
      keepRev(s, 'e1', await s.db.graph(s.n(g)).edgeCollection(s.n('knows')).save({ _key: 'e1', _from: `${s.n('person')}/alice`, _to: `${s.n('person')}/bob` }, { returnNew: true })),
  },
  {
    area: 'graphs',
    name: 'get edge',
    ts: (s) => s.db.graph(s.n(g)).edgeCollection(s.n('knows')).get('e1'),
    js: (s) => s.db.graph(s.n(g)).edgeCollection(s.n('knows')).edge('e1'),
  },
  {
    area: 'graphs',
    name: 'edge exists',
    ts: (s) => s.db.graph(s.n(g)).edgeCollection(s.n('knows')).has('e1'),
    js: (s) => s.db.graph(s.n(g)).edgeCollection(s.n('knows')).edgeExists('e1'),
    check: (result, driver) => expect(result, `${driver}: edge found`).toBe(true),
  },
  {
    area: 'graphs',
    name: 'update edge',
    ts: (s) => s.db.graph(s.n(g)).edgeCollection(s.n('knows')).update('e1', { since: 2020 }, { returnNew: true }),
    js: (s) => s.db.graph(s.n(g)).edgeCollection(s.n('knows')).update('e1', { since: 2020 }, { returnNew: true }),
  },
  {
    area: 'graphs',
    name: 'replace edge',
    ts: (s) =>
      s.db.graph(s.n(g)).edgeCollection(s.n('knows')).replace('e1', { _from: `${s.n('person')}/bob`, _to: `${s.n('person')}/alice` }, { waitForSync: true, returnOld: true }),
    js: (s) =>
      s.db.graph(s.n(g)).edgeCollection(s.n('knows')).replace('e1', { _from: `${s.n('person')}/bob`, _to: `${s.n('person')}/alice` }, { waitForSync: true, returnOld: true }),
  },
  {
    area: 'graphs',
    name: 'remove edge returnOld',
    ts: (s) => s.db.graph(s.n(g)).edgeCollection(s.n('knows')).delete('e1', { returnOld: true }),
    js: (s) => s.db.graph(s.n(g)).edgeCollection(s.n('knows')).remove('e1', { returnOld: true }),
  },
  {
    area: 'graphs',
    name: 'remove vertex returnOld waitForSync',
    ts: (s) => s.db.graph(s.n(g)).vertexCollection(s.n('person')).delete('bob', { returnOld: true, waitForSync: true }),
    js: (s) => s.db.graph(s.n(g)).vertexCollection(s.n('person')).remove('bob', { returnOld: true, waitForSync: true }),
  },
  {
    area: 'graphs',
    name: 'get missing vertex (404)',
    expectStatus: 404,
    ts: (s) => s.db.graph(s.n(g)).vertexCollection(s.n('person')).get('bob'),
    js: (s) => s.db.graph(s.n(g)).vertexCollection(s.n('person')).vertex('bob'),
  },
  {
    area: 'graphs',
    name: 'drop graph with collections',
    ts: (s) => s.db.graph(s.n(g)).drop({ dropCollections: true }),
    js: (s) => s.db.graph(s.n(g)).drop(true),
  },
  {
    area: 'graphs',
    name: 'create graph minimal',
    ts: (s) => s.db.createGraph(s.n('g2'), [{ collection: s.n('rel'), from: [s.n('node')], to: [s.n('node')] }]),
    js: (s) => s.db.createGraph(s.n('g2'), [{ collection: s.n('rel'), from: [s.n('node')], to: [s.n('node')] }]),
  },
  {
    area: 'graphs',
    name: 'drop graph',
    ts: (s) => s.db.graph(s.n('g2')).drop(),
    js: (s) => s.db.graph(s.n('g2')).drop(),
  },
];
