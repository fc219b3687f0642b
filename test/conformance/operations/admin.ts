/**
 * Server administration, cluster management, hot backups and async jobs. Where arangojs has no
 * method (`viaRoute`), its generic route states the request as openapi_3.12_*.txt documents it.
 */
import { Database as JsDatabase } from 'arangojs';
import { expect } from 'vitest';
import type { ArangoClient } from 'arangots';
import type { Op } from '../harness.js';

interface Credentials {
  username: string;
  password: string;
}

export const adminOps: Op[] = [
  {
    area: 'admin',
    name: 'login (JWT session token)',
    ts: async (s) => {
      const db = await s.get<ArangoClient>('client').db('_system', { authMethod: 'jwt', ...s.get<Credentials>('credentials') });
      return db.version();
    },
    js: async (s) => {
      const { username, password } = s.get<Credentials>('credentials');
      const db = new JsDatabase({ url: s.get<{ url: string }>('config').url });
      try {
        await db.login(username, password);
        return await db.version();
      } finally {
        db.close();
      }
    },
  },
  {
    area: 'admin',
    name: 'version',
    ts: (s) => s.sys.version(),
    js: (s) => s.sys.version(),
    // arangojs sends `details=undefined`, which the server reads as false.
    check: (result, driver) => expect(result, `${driver}: no details`).not.toHaveProperty('details'),
  },
  {
    area: 'admin',
    name: 'version details',
    ts: (s) => s.sys.version({ details: true }),
    js: (s) => s.sys.version(true),
  },
  {
    area: 'admin',
    name: 'engine',
    ts: (s) => s.sys.engine(),
    js: (s) => s.sys.engine(),
  },
  {
    area: 'admin',
    name: 'time',
    ts: (s) => s.sys.time(),
    js: (s) => s.sys.time(),
  },
  {
    area: 'admin',
    name: 'server status',
    ts: (s) => s.sys.serverStatus(),
    js: (s) => s.sys.status(),
  },
  {
    area: 'admin',
    name: 'availability',
    ts: (s) => s.sys.availability(),
    js: (s) => s.sys.availability(),
  },
  {
    area: 'admin',
    name: 'support info',
    ts: (s) => s.sys.supportInfo(),
    js: (s) => s.sys.supportInfo(),
  },
  {
    area: 'admin',
    name: 'license',
    ts: (s) => s.sys.license(),
    js: (s) => s.sys.getLicense(),
  },
  {
    area: 'admin',
    name: 'compact',
    ts: (s) => s.sys.compact({ changeLevel: false, compactBottomMostLevel: false }),
    js: (s) => s.sys.compact({ changeLevel: false, compactBottomMostLevel: false }),
  },
  {
    area: 'admin',
    name: 'log entries with options',
    ts: (s) => s.sys.logEntries({ upto: 'info', size: 10, offset: 0, sort: 'desc', search: 'x' }),
    js: (s) => s.sys.getLogEntries({ upto: 'info', size: 10, offset: 0, sort: 'desc', search: 'x' }),
  },
  {
    area: 'admin',
    name: 'log entries',
    ts: (s) => s.sys.logEntries(),
    js: (s) => s.sys.getLogEntries(),
  },
  {
    area: 'admin',
    name: 'log levels',
    ts: (s) => s.sys.logLevels(),
    js: (s) => s.sys.getLogLevel(),
  },
  {
    area: 'admin',
    name: 'set log levels',
    ts: (s) => s.sys.setLogLevels({ requests: 'INFO', queries: 'WARNING' }),
    js: (s) => s.sys.setLogLevel({ requests: 'INFO', queries: 'WARNING' }),
  },
  {
    area: 'admin',
    // the Community Edition cannot be licensed (RestLicenseHandler: 501 / ERROR_ONLY_ENTERPRISE)
    name: 'set license (community: 501)',
    expectStatus: 501,
    ts: (s) => s.sys.setLicense('not-a-license'),
    js: (s) => s.sys.setLicense('not-a-license'),
  },
  {
    area: 'admin',
    name: 'statistics',
    viaRoute: true,
    ts: (s) => s.sys.statistics(),
    js: (s) => s.sys.route('/_admin/statistics').get(),
  },
  {
    area: 'admin',
    name: 'statistics description',
    viaRoute: true,
    ts: (s) => s.sys.statisticsDescription(),
    js: (s) => s.sys.route('/_admin/statistics-description').get(),
  },
  {
    area: 'admin',
    name: 'metrics',
    viaRoute: true,
    ts: (s) => s.sys.metrics(),
    js: (s) => s.sys.route('/_admin/metrics').get(),
  },
  {
    area: 'admin',
    name: 'echo',
    viaRoute: true,
    ts: (s) => s.sys.echo({ hello: 1 }),
    js: (s) => s.sys.route('/_admin/echo').post({ hello: 1 }),
  },
  {
    area: 'admin',
    name: 'server mode',
    viaRoute: true,
    ts: (s) => s.sys.serverMode(),
    js: (s) => s.sys.route('/_admin/server/mode').get(),
  },
  {
    area: 'admin',
    name: 'reset log levels',
    viaRoute: true,
    ts: (s) => s.sys.resetLogLevels(),
    js: (s) => s.sys.route('/_admin/log/level').delete(),
  },
  {
    area: 'admin',
    name: 'TLS data',
    viaRoute: true,
    ts: (s) => s.sys.tls(),
    js: (s) => s.sys.route('/_admin/server/tls').get(),
  },
  {
    area: 'admin',
    name: 'deployment id',
    viaRoute: true,
    ts: (s) => s.sys.admin.deploymentId(),
    js: (s) => s.sys.route('/_admin/deployment/id').get(),
  },
  {
    area: 'admin',
    name: 'create hot backup',
    ts: async (s) => {
      const b = await s.sys.backup.create({ label: s.n('conf'), allowInconsistent: true, lockTimeout: 10 });
      s.set('backup', b.id);
      s.mark(b.id, 'backup');
    },
    js: async (s) => {
      const b = await s.sys.createHotBackup({ label: s.n('conf'), allowInconsistent: true, timeout: 10 });
      s.set('backup', b.id);
      s.mark(b.id, 'backup');
    },
  },
  {
    area: 'admin',
    name: 'list hot backups',
    ts: (s) => s.sys.backup.list(),
    js: (s) => s.sys.getHotBackups(),
  },
  {
    area: 'admin',
    name: 'get hot backup',
    ts: (s) => s.sys.backup.list(s.get<string>('backup')),
    js: (s) => s.sys.getHotBackups(s.get<string>('backup')),
  },
  {
    area: 'admin',
    name: 'delete hot backup',
    ts: (s) => s.sys.backup.delete(s.get<string>('backup')),
    js: (s) => s.sys.deleteHotBackup(s.get<string>('backup')),
  },
];

export const clusterOps: Op[] = [
  {
    area: 'cluster',
    name: 'endpoints (acquireHostList)',
    ts: (s) => s.sys.cluster.endpoints(),
    // A throw-away handle: acquireHostList() adds the coordinators' own endpoints to the host
    // list, and arangojs would then fail over past the recorder.
    js: async (s) => {
      const db = new JsDatabase(s.get<ConstructorParameters<typeof JsDatabase>[0]>('config'));
      try {
        await db.acquireHostList();
      } finally {
        db.close();
      }
    },
  },
  {
    area: 'cluster',
    name: 'cluster imbalance',
    ts: (s) => s.sys.cluster.calculateImbalance(),
    js: (s) => s.sys.getClusterImbalance(),
  },
  {
    area: 'cluster',
    name: 'compute rebalance plan',
    ts: (s) => s.sys.cluster.calculateRebalancePlan({ maximumNumberOfMoves: 10, leaderChanges: true, moveFollowers: false, moveLeaders: false, databasesExcluded: ['_system'] }),
    js: (s) =>
      s.sys.computeClusterRebalance({ maximumNumberOfMoves: 10, leaderChanges: true, moveFollowers: false, moveLeaders: false, databasesExcluded: ['_system'] }),
  },
  {
    area: 'cluster',
    name: 'rebalance',
    ts: (s) => s.sys.cluster.rebalance({ maximumNumberOfMoves: 1, moveLeaders: false, moveFollowers: false, leaderChanges: false }),
    js: (s) => s.sys.rebalanceCluster({ maximumNumberOfMoves: 1, moveLeaders: false, moveFollowers: false, leaderChanges: false }),
  },
  {
    area: 'cluster',
    name: 'execute rebalance plan (no moves)',
    ts: (s) => s.sys.cluster.executeRebalancePlan([]),
    js: (s) => s.sys.executeClusterRebalance([]),
  },
  {
    area: 'cluster',
    name: 'cluster health',
    viaRoute: true,
    ts: (s) => s.sys.cluster.health(),
    js: (s) => s.sys.route('/_admin/cluster/health').get(),
  },
  {
    area: 'cluster',
    name: 'server id',
    viaRoute: true,
    ts: (s) => s.sys.cluster.serverId(),
    js: (s) => s.sys.route('/_admin/server/id').get(),
  },
  {
    area: 'cluster',
    name: 'server role',
    viaRoute: true,
    ts: (s) => s.sys.cluster.serverRole(),
    js: (s) => s.sys.route('/_admin/server/role').get(),
  },
  {
    area: 'cluster',
    name: 'number of servers',
    viaRoute: true,
    ts: (s) => s.sys.cluster.serverCount(),
    js: (s) => s.sys.route('/_admin/cluster/numberOfServers').get(),
  },
  {
    area: 'cluster',
    name: 'maintenance mode state',
    viaRoute: true,
    ts: (s) => s.sys.cluster.maintenanceMode(),
    js: (s) => s.sys.route('/_admin/cluster/maintenance').get(),
  },
  {
    area: 'cluster',
    name: 'maintenance mode off',
    viaRoute: true,
    ts: (s) => s.sys.cluster.toggleMaintenanceMode('off'),
    // The documented body is the JSON string "off"; arangojs would send a bare string as text/plain.
    js: (s) => s.sys.route('/_admin/cluster/maintenance').put('', '"off"', {}, { 'content-type': 'application/json' }),
  },
  {
    area: 'cluster',
    name: 'shard distribution',
    viaRoute: true,
    ts: (s) => s.sys.cluster.shardDistribution(),
    js: (s) => s.sys.route('/_admin/cluster/shardDistribution').get(),
  },
  {
    area: 'cluster',
    name: 'collection shard distribution',
    viaRoute: true,
    ts: (s) => s.db.cluster.collectionShardDistribution(s.n('docs')),
    js: (s) => s.db.route('/_admin/cluster/collectionShardDistribution').get({ collection: s.n('docs') }),
  },
];

export const jobOps: Op[] = [
  {
    area: 'jobs',
    name: 'list pending jobs',
    ts: (s) => s.db.asyncJobs('pending'),
    js: (s) => s.db.listPendingJobs(),
  },
  {
    area: 'jobs',
    name: 'list completed jobs',
    ts: (s) => s.db.asyncJobs('done'),
    js: (s) => s.db.listCompletedJobs(),
  },
  {
    area: 'jobs',
    name: 'async job: stored request (x-arango-async: store)',
    ts: async (s) => {
      const job = await s.db.beginAsyncExecution().collection(s.n('docs')).count();
      s.set('job', job);
    },
    js: async (s) => {
      const job = await s.db.createJob(() => s.db.collection(s.n('docs')).count());
      s.set('job', job);
    },
  },
  {
    area: 'jobs',
    name: 'async job status',
    ts: (s) => s.get<{ status(): Promise<unknown> }>('job').status(),
    js: (s) => s.get<{ getCompleted(): Promise<unknown> }>('job').getCompleted(),
  },
  {
    area: 'jobs',
    name: 'async job result',
    ts: (s) => s.get<{ result(): Promise<unknown> }>('job').result(),
    js: (s) => s.get<{ load(): Promise<unknown> }>('job').load(),
  },
  {
    area: 'jobs',
    name: 'cancel unknown job (404)',
    expectStatus: 404,
    ts: (s) => s.db.job('123456789').cancel(),
    js: (s) => s.db.job('123456789').cancel(),
  },
  {
    area: 'jobs',
    name: 'delete unknown job result (404)',
    expectStatus: 404,
    ts: (s) => s.db.job('123456789').clear(),
    js: (s) => s.db.job('123456789').deleteResult(),
  },
  {
    area: 'jobs',
    name: 'delete expired job results',
    ts: (s) => s.db.clearAsyncJobs({ threshold: 1_700_000_000 }),
    js: (s) => s.db.deleteExpiredJobResults(1_700_000_000_000),
  },
  {
    area: 'jobs',
    name: 'delete all job results',
    ts: (s) => s.db.clearAsyncJobs(),
    js: (s) => s.db.deleteAllJobResults(),
  },
];

/** Foxx services: what can be asked without installing one. */
export const serviceOps: Op[] = [
  {
    area: 'services',
    name: 'list services excludeSystem',
    ts: (s) => s.db.foxx.services(true),
    js: (s) => s.db.listServices(true),
  },
  {
    area: 'services',
    name: 'list services with system',
    ts: (s) => s.db.foxx.services(false),
    js: (s) => s.db.listServices(false),
  },
  {
    area: 'services',
    name: 'get missing service',
    expectStatus: 400,
    ts: (s) => s.db.foxx.service('/nothing-here'),
    js: (s) => s.db.getService('/nothing-here'),
  },
  {
    area: 'services',
    name: 'configuration of a missing service',
    expectStatus: 400,
    ts: (s) => s.db.foxx.config('/nothing-here'),
    js: (s) => s.db.getServiceConfiguration('/nothing-here'),
  },
  {
    area: 'services',
    name: 'replace configuration of a missing service',
    // 400/3009 service not found, or 403/3099 where the service API is off (as in the emulator).
    expectStatus: [400, 403],
    ts: (s) => s.db.foxx.replaceConfig('/nothing-here', { a: 1 }),
    js: (s) => s.db.replaceServiceConfiguration('/nothing-here', { a: 1 }),
  },
  {
    area: 'services',
    name: 'update configuration of a missing service',
    // 400/3009 service not found, or 403/3099 where the service API is off (as in the emulator).
    expectStatus: [400, 403],
    ts: (s) => s.db.foxx.updateConfig('/nothing-here', { a: 1 }),
    js: (s) => s.db.updateServiceConfiguration('/nothing-here', { a: 1 }),
  },
  {
    area: 'services',
    name: 'dependencies of a missing service',
    expectStatus: 400,
    ts: (s) => s.db.foxx.dependencies('/nothing-here'),
    js: (s) => s.db.getServiceDependencies('/nothing-here'),
  },
  {
    area: 'services',
    name: 'replace dependencies of a missing service',
    // 400/3009 service not found, or 403/3099 where the service API is off (as in the emulator).
    expectStatus: [400, 403],
    ts: (s) => s.db.foxx.replaceDependencies('/nothing-here', { dep: '/other' }),
    js: (s) => s.db.replaceServiceDependencies('/nothing-here', { dep: '/other' }),
  },
  {
    area: 'services',
    name: 'scripts of a missing service',
    expectStatus: 400,
    ts: (s) => s.db.foxx.scripts('/nothing-here'),
    js: (s) => s.db.getServiceScripts('/nothing-here'),
  },
  {
    area: 'services',
    name: 'run a script of a missing service',
    // 400/3009 service not found, or 403/3099 where the service API is off (as in the emulator).
    expectStatus: [400, 403],
    ts: (s) => s.db.foxx.runScript('/nothing-here', 'setup', { x: 1 }),
    js: (s) => s.db.runServiceScript('/nothing-here', 'setup', { x: 1 }),
  },
  {
    area: 'services',
    name: 'development mode of a missing service',
    // 400/3009 service not found, or 403/3099 where the service API is off (as in the emulator).
    expectStatus: [400, 403],
    ts: (s) => s.db.foxx.enableDevelopment('/nothing-here'),
    js: (s) => s.db.setServiceDevelopmentMode('/nothing-here', true),
  },
  {
    area: 'services',
    name: 'production mode of a missing service',
    // 400/3009 service not found, or 403/3099 where the service API is off (as in the emulator).
    expectStatus: [400, 403],
    ts: (s) => s.db.foxx.disableDevelopment('/nothing-here'),
    js: (s) => s.db.setServiceDevelopmentMode('/nothing-here', false),
  },
  {
    area: 'services',
    name: 'swagger of a missing service',
    expectStatus: 400,
    ts: (s) => s.db.foxx.swagger('/nothing-here'),
    js: (s) => s.db.getServiceDocumentation('/nothing-here'),
  },
  {
    area: 'services',
    name: 'uninstall a missing service',
    // 400/3009 service not found, or 403/3099 where the service API is off (as in the emulator).
    expectStatus: [400, 403],
    ts: (s) => s.db.foxx.deleteService('/nothing-here', { teardown: false }),
    js: (s) => s.db.uninstallService('/nothing-here', { teardown: false }),
  },
  {
    area: 'services',
    name: 'commit local service state',
    ts: (s) => s.db.foxx.commit(false),
    js: (s) => s.db.commitLocalServiceState(false),
  },
];
