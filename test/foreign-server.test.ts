/**
 * Answers checked for shape (issue 18): pointed at an HTTP server that is not ArangoDB — one that
 * answers every request with an HTML page, or with JSON of another shape — every public method
 * family fails with an UnexpectedResponseError naming the host, method, path and what was
 * expected, never with a value that contradicts its type. Plain node:http servers, no mocks.
 *
 * List calls whose ArangoDB answer is a bare JSON array (LIST_CALLS) cannot tell a foreign `[]`
 * from an empty list: there they resolve `[]`, which is also what ArangoDB sends; a list of
 * foreign objects (`[{"foo":1}]`) and every other foreign answer still fail.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArangoClient, UnexpectedResponseError, type Database } from 'arangots';
import { run } from './cli/run.js';

interface Foreign {
  name: string;
  contentType: string;
  body: string;
}

const FOREIGN: Foreign[] = [
  { name: 'an HTML page', contentType: 'text/html; charset=utf-8', body: '<!doctype html><html><body><h1>Welcome to nginx!</h1></body></html>' },
  { name: 'JSON {}', contentType: 'application/json', body: '{}' },
  { name: 'JSON {"foo":1}', contentType: 'application/json', body: '{"foo":1}' },
  { name: 'JSON []', contentType: 'application/json', body: '[]' },
  { name: 'JSON [{"foo":1}]', contentType: 'application/json', body: '[{"foo":1}]' },
];

type Call = (db: Database, client: ArangoClient) => Promise<unknown>;

/** At least one call per public method family; each must fail for every foreign answer. */
const FAMILIES: Record<string, Call[]> = {
  'database administration': [
    (db) => db.version(), (db) => db.properties(), (db) => db.databases(), (db) => db.time(), (db) => db.exists(),
    (db) => db.engine(), (db) => db.serverStatus(), (db) => db.echo({ a: 1 }), (db) => db.statistics(), (db) => db.statisticsDescription(),
    (db) => db.logLevels(), (db) => db.setLogLevels({ general: 'INFO' }), (db) => db.availability(), (db) => db.license(), (db) => db.supportInfo(),
    (db) => db.metrics(), (db) => db.reloadRouting(), (db) => db.createDatabase('x'), (db) => db.deleteDatabase('x'), (db) => db.hasDatabase('x'),
  ],
  collections: [
    (db) => db.collection('c').count(), (db) => db.collections(), (db) => db.collection('c').properties(), (db) => db.collection('c').revision(),
    (db) => db.collection('c').exists(), (db) => db.collection('c').drop(), (db) => db.collection('c').loadIndexes(), (db) => db.collection('c').recalculateCount(),
    (db) => db.createCollection('x'), (db) => db.createEdgeCollection('x'), (db) => db.deleteCollection('x'), (db) => db.hasCollection('c'),
  ],
  indexes: [(db) => db.collection('c').indexes(), (db) => db.collection('c').index('c/1'), (db) => db.collection('c').addPersistentIndex(['a']), (db) => db.collection('c').deleteIndex('c/1')],
  documents: [
    (db) => db.collection('c').get('k'), (db) => db.collection('c').insert({ a: 1 }), (db) => db.collection('c').update('k', { a: 2 }), (db) => db.collection('c').getMany(['k']),
    (db) => db.collection('c').has('k'), (db) => db.collection('c').importBulk([{ a: 1 }]),
  ],
  'dot-segment keys': [(db) => db.collection('c').get('..'), (db) => db.collection('c').delete('.')],
  'AQL and cursors': [
    (db) => db.aql.execute('RETURN 1'), (db) => db.aql.explain('RETURN 1'), (db) => db.aql.validate('RETURN 1'), (db) => db.aql.tracking(), (db) => db.aql.functions(),
    (db) => db.aql.deleteFunction('a::b'), (db) => db.aql.kill('1'), (db) => db.aql.clearSlowQueries(),
    (db) => db.aql.cache.properties(), (db) => db.aql.cache.clear(), (db) => db.aql.planCache.clear(),
  ],
  graphs: [
    (db) => db.graphs(), (db) => db.graph('g').properties(), (db) => db.graph('g').exists(), (db) => db.graph('g').drop(), (db) => db.hasGraph('g'), (db) => db.deleteGraph('g'),
    (db) => db.graph('g').vertexCollection('v').has('k'), (db) => db.graph('g').vertexCollection('v').delete('k'), (db) => db.graph('g').edgeCollection('e').has('k'),
  ],
  views: [(db) => db.views(), (db) => db.view('v').exists(), (db) => db.view('v').get(), (db) => db.view('v').properties(), (db) => db.view('v').drop()],
  users: [(db) => db.users.list(), (db) => db.users.get('u'), (db) => db.users.has('u'), (db) => db.users.delete('u'), (db) => db.users.resetPermission('u', 'd')],
  analyzers: [(db) => db.analyzers(), (db) => db.analyzer('a').exists(), (db) => db.analyzer('a').get()],
  cluster: [
    (db) => db.cluster.health(), (db) => db.cluster.serverRole(), (db) => db.cluster.serverId(), (db) => db.cluster.endpoints(),
    (db) => db.cluster.serverVersion('s'), (db) => db.cluster.serverEngine('s'), (db) => db.cluster.serverStatistics('s'), (db) => db.cluster.serverCount(),
    (db) => db.cluster.serverMaintenanceMode('s'), (db) => db.cluster.cleanOutServer('s'), (db) => db.cluster.queryAgencyJob('1'), (db) => db.cluster.cancelAgencyJob('1'),
  ],
  transactions: [(db) => db.beginTransaction({ read: ['c'] }), (db) => db.listTransactions(), (db) => db.fetchTransaction('1').status()],
  'async jobs': [(db) => db.beginAsyncExecution().version(), (db) => db.clearAsyncJobs()],
  tasks: [(db) => db.tasks.get('t'), (db) => db.tasks.has('t'), (db) => db.tasks.delete('t')],
  foxx: [(db) => db.foxx.service('/svc')],
  'hot backup': [(db) => db.backup.list()],
  replication: [(db) => db.replication.serverId(), (db) => db.replication.loggerState(), (db) => db.replication.applierState(), (db) => db.replication.clusterInventory(), (db) => db.replication.inventory({ batchId: 1 })],
  wal: [(db) => db.wal.lastTick(), (db) => db.wal.tickRanges(), (db) => db.wal.transactions(), (db) => db.wal.tail()],
  pregel: [(db) => db.pregel.job('1')],
  client: [(_db, client) => client.acquireHostList(), (_db, client) => client.db('_system', { verify: true })],
};

/** Calls whose ArangoDB answer is a bare JSON array: a foreign `[]` is indistinguishable from an empty list. */
const LIST_CALLS: Record<string, Call> = {
  'aql.queries': (db) => db.aql.queries(),
  'aql.slowQueries': (db) => db.aql.slowQueries(),
  'aql.queryRules': (db) => db.aql.queryRules(),
  'aql.cache.entries': (db) => db.aql.cache.entries(),
  'aql.planCache.entries': (db) => db.aql.planCache.entries(),
  'tasks.list': (db) => db.tasks.list(),
  'foxx.services': (db) => db.foxx.services(),
  'pregel.jobs': (db) => db.pregel.jobs(),
};

const servers: { foreign: Foreign; server: Server; url: string }[] = [];

beforeAll(async () => {
  for (const foreign of FOREIGN) {
    const server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        res.writeHead(200, { 'content-type': foreign.contentType, server: 'nginx' });
        res.end(foreign.body);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    servers.push({ foreign, server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
  }
});

afterAll(async () => {
  await Promise.all(servers.map(({ server }) => new Promise((resolve) => server.close(resolve))));
});

describe('a server that is not ArangoDB', () => {
  for (const foreign of FOREIGN) {
    it(`answering ${foreign.name}: every method family fails with UnexpectedResponseError`, async () => {
      const { url } = servers.find((s) => s.foreign === foreign)!;
      const client = new ArangoClient({ hosts: url, maxTries: 1 });
      try {
        const db = await client.db('_system', { username: 'root', password: 'pw' });
        const wrong: string[] = [];
        const lists = Object.entries(LIST_CALLS).map(([name, call]): [string, Call[]] => [`list ${name}`, [call]]);
        for (const [family, calls] of [...Object.entries(FAMILIES), ...lists]) {
          for (const [i, call] of calls.entries()) {
            const outcome = await call(db, client).then(
              (value: unknown) => ({ value }),
              (error: unknown) => ({ error }),
            );
            const label = `${family} #${i} answered ${foreign.name}`;
            if (family.startsWith('list ') && foreign.body === '[]') {
              // ArangoDB's own answer for an empty list: resolving [] is right.
              if ('error' in outcome || !Array.isArray(outcome.value) || outcome.value.length !== 0) wrong.push(`${label}: expected [], got ${'error' in outcome ? String(outcome.error) : JSON.stringify(outcome.value)}`);
              continue;
            }
            if (!('error' in outcome)) {
              wrong.push(`${label}: resolved ${JSON.stringify(outcome.value)}`);
              continue;
            }
            const error = outcome.error;
            if (!(error instanceof UnexpectedResponseError)) {
              wrong.push(`${label}: ${String(error)}`);
              continue;
            }
            const e = error;
            expect(e.code).toBe('ARANGO_UNEXPECTED_RESPONSE');
            expect(e.hostId, label).toBe(url);
            expect(e.method, label).toMatch(/^(GET|HEAD|POST|PUT|PATCH|DELETE)$/);
            expect(e.path, label).toMatch(/^\/(_db\/[^/]+\/|_open\/)/);
            expect(e.message, label).toContain(`${e.method} ${url}${e.path}`);
            expect(e.message, label).toContain('expected ');
            expect(e.expected.length).toBeGreaterThan(5);
          }
        }
        expect(wrong).toEqual([]);
      } finally {
        await client.close();
      }
    });
  }

  it('the HTML answer is named as such, and the message says what was expected', async () => {
    const { url } = servers[0]!;
    const client = new ArangoClient({ hosts: url, maxTries: 1 });
    try {
      const db = await client.db('_system');
      const err = (await db.cluster.health().catch((e: unknown) => e)) as UnexpectedResponseError;
      expect(err.message).toBe(
        `unexpected answer to GET ${url}/_db/_system/_admin/cluster/health (HTTP 200, an HTML page): expected a JSON object with an object "Health" (cluster health); is this an ArangoDB server?`,
      );
      expect(err.toJSON()).toMatchObject({ code: 'ARANGO_UNEXPECTED_RESPONSE', method: 'GET', hostId: url, httpCode: 200, received: 'an HTML page' });
    } finally {
      await client.close();
    }
  });

  it('the CLI says what is wrong instead of a TypeError', async () => {
    const { url } = servers[2]!;
    const { code, stderr } = await run(['cluster', 'health'], { env: { ARANGO_HOSTS: url, ARANGO_USER: 'root', ARANGO_PASSWORD: 'pw' } });
    expect(code).not.toBe(0);
    expect(stderr).toContain('unexpected answer to GET');
    expect(stderr).toContain('is this an ArangoDB server?');
    expect(stderr).not.toContain('Cannot convert');
  });
});
