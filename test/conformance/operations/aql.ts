/**
 * AQL and cursors: queries with each option (top level vs `options`), batches, closing, explain,
 * parse, query management and tracking, the results cache and user functions.
 */
import { aql as tsAql, literal as tsLiteral } from 'arangots';
import { aql as jsAql, literal as jsLiteral } from 'arangojs/aql';
import { expect } from 'vitest';
import { untyped, type Op } from '../harness.js';

const coll = 'docs';

export const aqlOps: Op[] = [
  {
    area: 'aql',
    name: 'query string with bindVars',
    ts: async (s) => (await s.db.aql.execute('RETURN @x', { bindVars: { x: 1 } })).all(),
    js: async (s) => (await s.db.query('RETURN @x', { x: 1 })).all(),
  },
  {
    area: 'aql',
    name: 'query aql template with a collection',
    ts: async (s) => (await s.db.aql.execute(tsAql`FOR d IN ${s.db.collection(s.n(coll))} FILTER d.v > ${0} RETURN d._key`)).all(),
    js: async (s) => (await s.db.query(jsAql`FOR d IN ${s.db.collection(s.n(coll))} FILTER d.v > ${0} RETURN d._key`)).all(),
  },
  {
    area: 'aql',
    name: 'query aql template with a literal and nested values',
    ts: async (s) => (await s.db.aql.execute(tsAql`FOR i IN ${[1, 2]} ${tsLiteral('FILTER i > 0')} RETURN { i, o: ${{ a: [1, null] }} }`)).all(),
    js: async (s) => (await s.db.query(jsAql`FOR i IN ${[1, 2]} ${jsLiteral('FILTER i > 0')} RETURN { i, o: ${{ a: [1, null] }} }`)).all(),
  },
  {
    area: 'aql',
    name: 'query 3.12 options (usePlanCache spillOver maxDNFConditionMembers)',
    ts: async (s) =>
      (await s.db.aql.execute('RETURN 4', { usePlanCache: false, spillOverThresholdMemoryUsage: 134_217_728, spillOverThresholdNumRows: 5_000_000, maxDNFConditionMembers: 786 })).all(),
    js: async (s) =>
      (
        await s.db.query('RETURN 4', {}, untyped({ usePlanCache: false, spillOverThresholdMemoryUsage: 134_217_728, spillOverThresholdNumRows: 5_000_000, maxDNFConditionMembers: 786 }))
      ).all(),
  },
  {
    area: 'aql',
    name: 'write query with transaction-size options',
    ts: async (s) =>
      (await s.db.aql.execute(`INSERT { _key: 'q1' } INTO ${s.n(coll)} RETURN NEW._key`, { maxTransactionSize: 1_000_000, intermediateCommitSize: 100_000 })).all(),
    js: async (s) =>
      (await s.db.query(`INSERT { _key: 'q1' } INTO ${s.n(coll)} RETURN NEW._key`, {}, { maxTransactionSize: 1_000_000, intermediateCommitSize: 100_000 })).all(),
  },
  {
    area: 'aql',
    name: 'query top-level options (count batchSize ttl memoryLimit)',
    ts: async (s) => (await s.db.aql.execute('FOR i IN 1..3 RETURN i', { count: true, batchSize: 10, ttl: 30, memoryLimit: 1_000_000 })).all(),
    js: async (s) => (await s.db.query('FOR i IN 1..3 RETURN i', {}, { count: true, batchSize: 10, ttl: 30, memoryLimit: 1_000_000 })).all(),
  },
  {
    area: 'aql',
    name: 'query nested options',
    ts: async (s) =>
      (
        await s.db.aql.execute('FOR i IN 1..10 LIMIT 2 RETURN i', {
          fullCount: true,
          maxNumberOfPlans: 4,
          optimizer: { rules: ['-all', '+use-indexes'] },
          profile: 1,
          failOnWarning: false,
          maxWarningCount: 5,
          maxRuntime: 10,
          fillBlockCache: false,
          satelliteSyncWait: 5,
          intermediateCommitCount: 1000,
          skipInaccessibleCollections: false,
          maxNodesPerCallstack: 100,
        })
      ).all(),
    js: async (s) =>
      (
        await s.db.query('FOR i IN 1..10 LIMIT 2 RETURN i', {}, {
          fullCount: true,
          maxNumberOfPlans: 4,
          optimizer: { rules: ['-all', '+use-indexes'] },
          profile: 1,
          failOnWarning: false,
          maxWarningCount: 5,
          maxRuntime: 10,
          fillBlockCache: false,
          satelliteSyncWait: 5,
          intermediateCommitCount: 1000,
          skipInaccessibleCollections: false,
          maxNodesPerCallstack: 100,
        })
      ).all(),
  },
  {
    area: 'aql',
    name: 'query maxPlans (arangojs legacy name)',
    ts: async (s) => (await s.db.aql.execute('RETURN 1', { maxPlans: 2 })).all(),
    js: async (s) => (await s.db.query('RETURN 1', {}, { maxPlans: 2 })).all(),
  },
  {
    area: 'aql',
    name: 'query stream allowRetry',
    ts: async (s) => (await s.db.aql.execute('FOR i IN 1..5 RETURN i', { stream: true, allowRetry: true, batchSize: 2 })).all(),
    js: async (s) => (await s.db.query('FOR i IN 1..5 RETURN i', {}, { stream: true, allowRetry: true, batchSize: 2 })).all(),
  },
  {
    area: 'aql',
    name: 'query allowDirtyRead',
    ts: async (s) => (await s.db.aql.execute('RETURN 3', { allowDirtyReads: true })).all(),
    js: async (s) => (await s.db.query('RETURN 3', {}, { allowDirtyRead: true })).all(),
  },
  {
    area: 'aql',
    name: 'query allowDirtyRead across batches',
    ts: async (s) => (await s.db.aql.execute('FOR i IN 1..3 RETURN i', { allowDirtyReads: true, batchSize: 2 })).all(),
    js: async (s) => (await s.db.query('FOR i IN 1..3 RETURN i', {}, { allowDirtyRead: true, batchSize: 2 })).all(),
    check: (result, driver) => expect(result, `${driver}: every batch read`).toEqual([1, 2, 3]),
  },
  {
    area: 'aql',
    name: 'cursor reads every batch',
    ts: async (s) => (await s.db.aql.execute('FOR i IN 1..5 RETURN i', { batchSize: 2 })).all(),
    js: async (s) => (await s.db.query('FOR i IN 1..5 RETURN i', {}, { batchSize: 2 })).all(),
  },
  {
    area: 'aql',
    name: 'cursor closed early',
    ts: async (s) => (await s.db.aql.execute('FOR i IN 1..5 RETURN i', { batchSize: 2 })).close(),
    js: async (s) => (await s.db.query('FOR i IN 1..5 RETURN i', {}, { batchSize: 2 })).kill(),
  },
  {
    area: 'aql',
    name: 'query syntax error (400)',
    expectStatus: 400,
    ts: (s) => s.db.aql.execute('FOR broken'),
    js: (s) => s.db.query('FOR broken'),
  },
  {
    area: 'aql',
    name: 'explain',
    ts: (s) => s.db.aql.explain(tsAql`FOR d IN ${s.db.collection(s.n(coll))} RETURN d`),
    js: (s) => s.db.explain(jsAql`FOR d IN ${s.db.collection(s.n(coll))} RETURN d`),
  },
  {
    area: 'aql',
    name: 'explain allPlans with options',
    ts: (s) => s.db.aql.explain('FOR i IN 1..@n RETURN i', { bindVars: { n: 3 }, allPlans: true, maxNumberOfPlans: 2, optimizer: { rules: ['-all'] } }),
    js: (s) => s.db.explain('FOR i IN 1..@n RETURN i', { n: 3 }, { allPlans: true, maxNumberOfPlans: 2, optimizer: { rules: ['-all'] } }),
  },
  {
    area: 'aql',
    name: 'explain with profile fullCount',
    ts: (s) => s.db.aql.explain('FOR i IN 1..10 LIMIT 2 RETURN i', { fullCount: true, profile: 2, maxWarningCount: 3, failOnWarning: true }),
    js: (s) => s.db.explain('FOR i IN 1..10 LIMIT 2 RETURN i', undefined, untyped({ fullCount: true, profile: 2, maxWarningCount: 3, failOnWarning: true })),
  },
  {
    area: 'aql',
    name: 'parse (validate)',
    ts: (s) => s.db.aql.validate('FOR i IN 1..2 RETURN i'),
    js: (s) => s.db.parse('FOR i IN 1..2 RETURN i'),
  },
  {
    area: 'aql',
    name: 'query rules',
    ts: (s) => s.db.aql.queryRules(),
    js: (s) => s.db.queryRules(),
  },
  {
    area: 'aql',
    name: 'query tracking properties',
    ts: (s) => s.db.aql.tracking(),
    js: (s) => s.db.queryTracking(),
  },
  {
    area: 'aql',
    name: 'set query tracking',
    ts: (s) => s.db.aql.setTracking({ enabled: true, trackSlowQueries: true, slowQueryThreshold: 5, maxSlowQueries: 64, trackBindVars: true, maxQueryStringLength: 4096 }),
    js: (s) => s.db.queryTracking({ enabled: true, trackSlowQueries: true, slowQueryThreshold: 5, maxSlowQueries: 64, trackBindVars: true, maxQueryStringLength: 4096 }),
  },
  {
    area: 'aql',
    name: 'running queries',
    ts: (s) => s.db.aql.queries(),
    js: (s) => s.db.listRunningQueries(),
  },
  {
    area: 'aql',
    name: 'slow queries',
    ts: (s) => s.db.aql.slowQueries(),
    js: (s) => s.db.listSlowQueries(),
  },
  {
    area: 'aql',
    name: 'clear slow queries',
    ts: (s) => s.db.aql.clearSlowQueries(),
    js: (s) => s.db.clearSlowQueries(),
  },
  {
    area: 'aql',
    name: 'kill unknown query (404)',
    expectStatus: 404,
    ts: (s) => s.db.aql.kill('999999'),
    js: (s) => s.db.killQuery('999999'),
  },
  {
    area: 'aql',
    name: 'query cache properties',
    ts: (s) => s.db.aql.cache.properties(),
    js: (s) => s.db.getQueryCacheProperties(),
  },
  {
    area: 'aql',
    name: 'set query cache properties',
    ts: (s) => s.db.aql.cache.setProperties({ mode: 'demand', maxResults: 64, maxResultsSize: 1_000_000, maxEntrySize: 100_000, includeSystem: false }),
    js: (s) => s.db.setQueryCacheProperties({ mode: 'demand', maxResults: 64, maxResultsSize: 1_000_000, maxEntrySize: 100_000, includeSystem: false }),
  },
  {
    area: 'aql',
    name: 'query cache option',
    // In `demand` mode only queries that ask for the cache are stored: the server must have read the option.
    ts: async (s) => (await s.db.aql.execute('RETURN 2', { cache: true })).all(),
    js: async (s) => (await s.db.query('RETURN 2', {}, { cache: true })).all(),
  },
  {
    area: 'aql',
    name: 'query cache entries',
    ts: (s) => s.db.aql.cache.entries(),
    js: (s) => s.db.listQueryCacheEntries(),
    // The recorder fronts a coordinator, and 3.12 coordinators never serve from (or fill) the results
    // cache, so the list is empty here; test/query-management.test.ts checks the cache on a single server.
    check(result, driver) {
      expect(result, `${driver}: the results cache lists entries`).toEqual([]);
    },
  },
  {
    area: 'aql',
    name: 'clear query cache',
    ts: (s) => s.db.aql.cache.clear(),
    js: (s) => s.db.clearQueryCache(),
  },
  {
    area: 'aql',
    name: 'create user function',
    ts: (s) => s.db.aql.createFunction(`CONF${s.tag.toUpperCase()}::DOUBLE`, 'function (x) { return 2 * x; }', true),
    js: (s) => s.db.createUserFunction(`CONF${s.tag.toUpperCase()}::DOUBLE`, 'function (x) { return 2 * x; }', true),
  },
  {
    area: 'aql',
    name: 'create user function (not deterministic)',
    ts: (s) => s.db.aql.createFunction(`CONF${s.tag.toUpperCase()}::HALF`, 'function (x) { return x / 2; }', false),
    js: (s) => s.db.createUserFunction(`CONF${s.tag.toUpperCase()}::HALF`, 'function (x) { return x / 2; }'),
  },
  {
    area: 'aql',
    name: 'list user functions',
    ts: (s) => s.db.aql.functions(),
    js: (s) => s.db.listUserFunctions(),
  },
  {
    area: 'aql',
    name: 'drop user function',
    ts: (s) => s.db.aql.deleteFunction(`CONF${s.tag.toUpperCase()}::HALF`),
    js: (s) => s.db.dropUserFunction(`CONF${s.tag.toUpperCase()}::HALF`),
  },
  {
    area: 'aql',
    name: 'drop user function group',
    ts: (s) => s.db.aql.deleteFunction(`CONF${s.tag.toUpperCase()}`, true),
    js: (s) => s.db.dropUserFunction(`CONF${s.tag.toUpperCase()}`, true),
  },
];
