/**
 * arangots calls arangojs has no counterpart for (python-arango's API and 3.12 additions). There is
 * no second driver to compare with, so their requests are checked against the 3.12 reference
 * only (documented endpoint and query parameters). The server's answer may be an error (a DB-server
 * id that does not exist, JavaScript disabled, …): what is checked is what was sent.
 */
import type { Database } from 'arangots';
import type { Area, Side } from '../harness.js';

export interface TsOnlyOp {
  area: Area;
  name: string;
  ts(s: Side<Database>): Promise<unknown>;
}

const dbServer = 'PRMR-conformance-missing';

export const arangotsOnlyOps: TsOnlyOp[] = [
  { area: 'cluster', name: 'server mode', ts: (s) => s.sys.cluster.serverMode() },
  { area: 'cluster', name: 'set server mode default', ts: (s) => s.sys.cluster.setServerMode('default') },
  { area: 'cluster', name: 'DB-server version', ts: (s) => s.sys.cluster.serverVersion(dbServer) },
  { area: 'cluster', name: 'DB-server engine', ts: (s) => s.sys.cluster.serverEngine(dbServer) },
  { area: 'cluster', name: 'DB-server statistics', ts: (s) => s.sys.cluster.serverStatistics(dbServer) },
  { area: 'cluster', name: 'cluster statistics of a DB-server', ts: (s) => s.sys.cluster.statistics(dbServer) },
  { area: 'cluster', name: 'set number of servers', ts: (s) => s.sys.cluster.setNumberOfServers({ numberOfCoordinators: null }) },
  { area: 'cluster', name: 'DB-server maintenance state', ts: (s) => s.sys.cluster.serverMaintenanceMode(dbServer) },
  { area: 'cluster', name: 'DB-server maintenance normal', ts: (s) => s.sys.cluster.toggleServerMaintenanceMode(dbServer, 'normal', 60) },
  { area: 'cluster', name: 'query agency job', ts: (s) => s.sys.cluster.queryAgencyJob('999999') },
  { area: 'cluster', name: 'cancel agency job', ts: (s) => s.sys.cluster.cancelAgencyJob('999999') },
  { area: 'cluster', name: 'reserve unique ids', ts: (s) => s.sys.cluster.reserveUniqueIds({ number: 10 }) },
  { area: 'admin', name: 'availability', ts: (s) => s.sys.admin.availability() },
  { area: 'admin', name: 'log levels with appenders', ts: (s) => s.sys.logLevels({ withAppenders: true }) },
  { area: 'admin', name: 'metrics of this server', ts: (s) => s.sys.metrics({ parse: true }) },
  { area: 'admin', name: 'reload routing', ts: (s) => s.sys.reloadRouting() },
  { area: 'admin', name: 'JWT secrets', ts: (s) => s.sys.jwtSecrets() },
  { area: 'admin', name: 'encryption keys', ts: (s) => s.sys.admin.encryption() },
  { area: 'aql', name: 'plan cache entries', ts: (s) => s.db.aql.planCache.entries() },
  { area: 'aql', name: 'clear plan cache', ts: (s) => s.db.aql.planCache.clear() },
  { area: 'aql', name: 'running queries of all databases', ts: (s) => s.sys.aql.queries({ all: true }) },
  { area: 'aql', name: 'slow queries of all databases', ts: (s) => s.sys.aql.slowQueries({ all: true }) },
  { area: 'aql', name: 'user functions of a namespace', ts: (s) => s.db.aql.functions({ namespace: 'CONF' }) },
  { area: 'documents', name: 'import JSON lines text', ts: (s) => s.db.collection(s.n('docs')).importBulk('{"_key":"jl1"}\n{"_key":"jl2"}\n', { onDuplicate: 'replace' }) },
  { area: 'documents', name: 'delete missing document, ignoreMissing', ts: (s) => s.db.collection(s.n('docs')).delete('nope', { ignoreMissing: true }) },
  { area: 'collections', name: 'collection statistics', ts: (s) => s.db.collection(s.n('docs')).statistics() },
  { area: 'collections', name: 'checksum and revision', ts: (s) => s.db.collection(s.n('docs')).checksumInfo({ withRevisions: true }) },
  { area: 'collections', name: 'delete missing collection, ignoreMissing', ts: (s) => s.db.deleteCollection(s.n('gone'), { ignoreMissing: true }) },
  { area: 'users', name: 'has user', ts: (s) => s.sys.users.has(s.n('nobody')) },
  { area: 'users', name: 'delete missing user, ignoreMissing', ts: (s) => s.sys.users.delete(s.n('nobody'), { ignoreMissing: true }) },
  { area: 'databases', name: 'has database', ts: (s) => s.sys.hasDatabase(s.db.name) },
  { area: 'databases', name: 'drop missing database, ignoreMissing', ts: (s) => s.sys.deleteDatabase(s.n('gone'), { ignoreMissing: true }) },
  { area: 'transactions', name: 'list transactions (python-arango name)', ts: (s) => s.db.listTransactions() },
  { area: 'services', name: 'service configuration', ts: (s) => s.db.foxx.config('/nothing-here') },
  { area: 'services', name: 'service dependencies', ts: (s) => s.db.foxx.dependencies('/nothing-here') },
  { area: 'services', name: 'service scripts', ts: (s) => s.db.foxx.scripts('/nothing-here') },
  { area: 'services', name: 'service readme', ts: (s) => s.db.foxx.readme('/nothing-here') },
  { area: 'services', name: 'service swagger', ts: (s) => s.db.foxx.swagger('/nothing-here') },
  { area: 'admin', name: 'tasks list', ts: (s) => s.sys.tasks.list() },
  { area: 'admin', name: 'task get missing', ts: (s) => s.sys.tasks.get('conf-missing') },
  { area: 'admin', name: 'task delete missing, ignoreMissing', ts: (s) => s.sys.tasks.delete('conf-missing', { ignoreMissing: true }) },
  { area: 'admin', name: 'pregel jobs', ts: (s) => s.db.pregel.jobs() },
  { area: 'admin', name: 'replication logger state', ts: (s) => s.db.replication.loggerState() },
  { area: 'admin', name: 'replication applier config', ts: (s) => s.db.replication.applierConfig() },
  { area: 'admin', name: 'replication server id', ts: (s) => s.db.replication.serverId() },
  { area: 'admin', name: 'replication cluster inventory', ts: (s) => s.db.replication.clusterInventory({ includeSystem: false }) },
  { area: 'admin', name: 'WAL properties', ts: (s) => s.sys.wal.properties() },
  { area: 'admin', name: 'WAL running transactions', ts: (s) => s.sys.wal.transactions() },
  { area: 'admin', name: 'WAL tick ranges', ts: (s) => s.sys.wal.tickRanges() },
  { area: 'admin', name: 'WAL last tick', ts: (s) => s.sys.wal.lastTick() },
  { area: 'admin', name: 'WAL flush', ts: (s) => s.sys.wal.flush({ waitForSync: true }) },
];
