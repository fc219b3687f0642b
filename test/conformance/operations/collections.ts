/** Collections: create with options, properties, counts, figures, checksum, shards, truncate, rename, drop. */
import { expect } from 'vitest';
import { untyped, type Op } from '../harness.js';

const schema = {
  rule: { type: 'object', properties: { v: { type: 'number' } } },
  level: 'moderate' as const,
  message: 'v must be a number',
};

export const collectionOps: Op[] = [
  {
    area: 'collections',
    name: 'createCollection with options',
    ts: (s) =>
      s.db.createCollection(s.n('full'), {
        waitForSync: true,
        keyOptions: { type: 'traditional', allowUserKeys: true },
        schema,
        computedValues: [{ name: 'created', expression: 'RETURN DATE_NOW()', computeOn: ['insert'], overwrite: true }],
        numberOfShards: 3,
        shardKeys: ['_key'],
        replicationFactor: 2,
        writeConcern: 1,
        cacheEnabled: false,
      }),
    js: (s) =>
      s.db.createCollection(s.n('full'), {
        waitForSync: true,
        keyOptions: { type: 'traditional', allowUserKeys: true },
        schema,
        computedValues: [{ name: 'created', expression: 'RETURN DATE_NOW()', computeOn: ['insert'], overwrite: true }],
        numberOfShards: 3,
        shardKeys: ['_key'],
        replicationFactor: 2,
        writeConcern: 1,
        cacheEnabled: false,
      }),
  },
  {
    area: 'collections',
    name: 'createCollection waitForSyncReplication/enforceReplicationFactor',
    ts: (s) => s.db.createCollection(s.n('repl'), { waitForSyncReplication: true, enforceReplicationFactor: false }),
    js: (s) => s.db.createCollection(s.n('repl'), { waitForSyncReplication: true, enforceReplicationFactor: false }),
  },
  {
    area: 'collections',
    name: 'createCollection minimal',
    ts: (s) => s.db.createCollection(s.n('docs')),
    js: (s) => s.db.createCollection(s.n('docs')),
  },
  {
    area: 'collections',
    name: 'createEdgeCollection',
    ts: (s) => s.db.createEdgeCollection(s.n('edges')),
    js: (s) => s.db.createEdgeCollection(s.n('edges')),
  },
  {
    area: 'collections',
    name: 'create through the collection handle (autoincrement keys)',
    ts: (s) => s.db.collection(s.n('auto')).create({ keyOptions: { type: 'autoincrement', increment: 5, offset: 10, allowUserKeys: false } }),
    js: (s) => s.db.collection(s.n('auto')).create({ keyOptions: { type: 'autoincrement', increment: 5, offset: 10, allowUserKeys: false } }),
  },
  {
    area: 'collections',
    name: 'create edge collection through the type option',
    ts: (s) => s.db.createCollection(s.n('links'), { type: 'edge', waitForSync: false }),
    js: (s) => s.db.createCollection(s.n('links'), { type: 3, waitForSync: false }),
  },
  {
    area: 'collections',
    name: 'create through the edge collection handle',
    ts: (s) => s.db.edgeCollection(s.n('links2')).create(),
    js: (s) => s.db.createEdgeCollection(s.n('links2')),
  },
  {
    area: 'collections',
    name: 'create existing collection (409)',
    expectStatus: 409,
    ts: (s) => s.db.createCollection(s.n('links')),
    js: (s) => s.db.createCollection(s.n('links')),
  },
  {
    area: 'collections',
    name: 'set computed values',
    ts: (s) => s.db.collection(s.n('auto')).configure({ computedValues: [{ name: 'up', expression: 'RETURN UPPER(@doc.name)', computeOn: ['insert', 'update'], keepNull: false, overwrite: true }] }),
    js: (s) => s.db.collection(s.n('auto')).properties({ computedValues: [{ name: 'up', expression: 'RETURN UPPER(@doc.name)', computeOn: ['insert', 'update'], keepNull: false, overwrite: true }] }),
  },
  {
    area: 'collections',
    name: 'collection info',
    ts: (s) => s.db.collection(s.n('full')).info(),
    js: (s) => s.db.collection(s.n('full')).get(),
  },
  {
    area: 'collections',
    name: 'collection exists',
    ts: (s) => s.db.collection(s.n('full')).exists(),
    js: (s) => s.db.collection(s.n('full')).exists(),
  },
  {
    area: 'collections',
    name: 'collection exists (missing)',
    expectStatus: 404,
    ts: (s) => s.db.collection(s.n('nothere')).exists(),
    js: (s) => s.db.collection(s.n('nothere')).exists(),
  },
  {
    area: 'collections',
    name: 'collection properties',
    ts: (s) => s.db.collection(s.n('full')).properties(),
    js: (s) => s.db.collection(s.n('full')).properties(),
  },
  {
    area: 'collections',
    name: 'collection setProperties',
    ts: (s) => s.db.collection(s.n('full')).configure({ waitForSync: false, cacheEnabled: true, schema: null }),
    js: (s) => s.db.collection(s.n('full')).properties(untyped({ waitForSync: false, cacheEnabled: true, schema: null })),
  },
  {
    area: 'collections',
    name: 'collection count',
    ts: (s) => s.db.collection(s.n('full')).count(),
    js: (s) => s.db.collection(s.n('full')).count(),
  },
  {
    area: 'collections',
    name: 'collection figures details',
    ts: (s) => s.db.collection(s.n('full')).statistics({ details: true }),
    js: (s) => s.db.collection(s.n('full')).figures(true),
  },
  {
    area: 'collections',
    name: 'collection figures',
    ts: (s) => s.db.collection(s.n('full')).statistics(),
    js: (s) => s.db.collection(s.n('full')).figures(),
  },
  {
    area: 'collections',
    name: 'collection revision',
    ts: (s) => s.db.collection(s.n('full')).revision(),
    js: (s) => s.db.collection(s.n('full')).revision(),
  },
  {
    area: 'collections',
    name: 'collection checksum with options',
    ts: (s) => s.db.collection(s.n('full')).checksum({ withRevisions: true, withData: true }),
    js: (s) => s.db.collection(s.n('full')).checksum({ withRevisions: true, withData: true }),
  },
  {
    area: 'collections',
    name: 'collection checksum',
    ts: (s) => s.db.collection(s.n('full')).checksum(),
    js: (s) => s.db.collection(s.n('full')).checksum(),
  },
  {
    area: 'collections',
    name: 'collection shards',
    ts: (s) => s.db.collection(s.n('full')).shards(),
    js: (s) => s.db.collection(s.n('full')).shards(),
    // arangojs sends `details=undefined`: the server must read that as false (a list, not a map).
    check: (result, driver) => {
      const shards = driver === 'arangots' ? result : (result as { shards?: unknown }).shards;
      expect(Array.isArray(shards), `${driver}: shard ids without details`).toBe(true);
    },
  },
  {
    area: 'collections',
    name: 'collection shards details',
    ts: (s) => s.db.collection(s.n('full')).shards({ details: true }),
    js: (s) => s.db.collection(s.n('full')).shards(true),
  },
  {
    area: 'collections',
    name: 'collection responsibleShard',
    ts: (s) => s.db.collection(s.n('full')).responsibleShard({ _key: 'k1' }),
    js: (s) => s.db.collection(s.n('full')).getResponsibleShard({ _key: 'k1' }),
  },
  {
    area: 'collections',
    name: 'listCollections excludeSystem',
    ts: (s) => s.db.collections({ excludeSystem: true }),
    js: (s) => s.db.listCollections(true),
  },
  {
    area: 'collections',
    name: 'listCollections with system',
    ts: (s) => s.db.collections({ excludeSystem: false }),
    js: (s) => s.db.listCollections(false),
  },
  {
    area: 'collections',
    name: 'collection recalculateCount',
    ts: (s) => s.db.collection(s.n('full')).recalculateCount(),
    js: (s) => s.db.collection(s.n('full')).recalculateCount(),
  },
  {
    area: 'collections',
    name: 'collection loadIndexesIntoMemory',
    ts: (s) => s.db.collection(s.n('full')).loadIndexes(),
    js: (s) => s.db.collection(s.n('full')).loadIndexes(),
  },
  {
    area: 'collections',
    name: 'collection compact',
    ts: (s) => s.db.collection(s.n('full')).compact(),
    js: (s) => s.db.collection(s.n('full')).compact(),
  },
  {
    area: 'collections',
    name: 'collection truncate with options',
    ts: (s) => s.db.collection(s.n('full')).truncate({ waitForSync: true, compact: false }),
    js: (s) => s.db.collection(s.n('full')).truncate({ waitForSync: true, compact: false }),
  },
  {
    area: 'collections',
    name: 'collection truncate',
    ts: (s) => s.db.collection(s.n('full')).truncate(),
    js: (s) => s.db.collection(s.n('full')).truncate(),
  },
  {
    area: 'collections',
    name: 'collection rename (cluster: 501)',
    expectStatus: 501,
    ts: (s) => s.db.collection(s.n('repl')).rename(s.n('renamed')),
    js: (s) => s.db.collection(s.n('repl')).rename(s.n('renamed')),
  },
  {
    area: 'collections',
    name: 'collection drop',
    ts: (s) => s.db.collection(s.n('repl')).drop(),
    js: (s) => s.db.collection(s.n('repl')).drop(),
  },
  {
    area: 'collections',
    name: 'collection drop isSystem',
    ts: async (s) => {
      await s.db.collection(s.n('full')).drop({ isSystem: false });
    },
    js: async (s) => {
      await s.db.collection(s.n('full')).drop({ isSystem: false });
    },
  },
];
