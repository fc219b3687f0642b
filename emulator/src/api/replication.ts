import { createHash } from 'node:crypto';
import type { EmuRequest, EmuResponse, Router } from '../http/router.js';
import { httpError } from '../errors.js';
import { ARANGO_VERSION, type ServerNode } from '../store/server-state.js';
import type { Database } from '../store/database.js';

/**
 * The replication information calls of `/_api/replication` (RestReplicationHandler): logger
 * state and ticks, server id, and the (leader/follower) replication applier's configuration
 * and state. The emulator keeps no write-ahead log and never replicates, so:
 * - commands ArangoDB refuses on a coordinator answer 501 / ERROR_CLUSTER_UNSUPPORTED (1470)
 *   "replication API is not supported on a coordinator", exactly where arangod does;
 * - on a single server the logger reports the current tick, and the applier can be configured
 *   but, having no leader connection, reports itself inactive after `applier-start` with a
 *   connection error in `lastError`.
 * Dump batches, inventories and dumps live in replication-dump.ts.
 */

/** ArangoDB's numeric server id (decimal string), derived stably from the node id. */
export function numericServerId(node: ServerNode): string {
  const h = createHash('sha256').update(node.id).digest();
  // 48 bits keep it below 2^53 and long like real ids (15 digits).
  return (h.readUIntBE(0, 6) % 900000000000000 + 100000000000000).toString();
}

function now(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function coordinatorError(req: EmuRequest): void {
  if (req.ctx.server.role === 'COORDINATOR') {
    throw httpError(501, 'ERROR_CLUSTER_UNSUPPORTED', 'replication API is not supported on a coordinator');
  }
}

function requireAdminLike(req: EmuRequest): void {
  // The replication API is for administrators: rw on the database and on `_system`.
  req.ctx.requireDatabaseAccess('rw');
  req.ctx.requireAdmin();
}

/** The last tick handed out (ids increase with every write-like operation). */
function lastTick(req: EmuRequest): string {
  return req.ctx.state.newTick();
}

function loggerState(req: EmuRequest): EmuResponse {
  requireAdminLike(req);
  // a client reading the logger's tick is about to tail from it
  req.ctx.state.wal.record();
  const tick = lastTick(req);
  return {
    status: 200,
    body: {
      state: { running: true, lastLogTick: tick, lastUncommittedLogTick: tick, totalEvents: Number(tick), time: now() },
      server: { version: ARANGO_VERSION, serverId: numericServerId(req.ctx.server), engine: 'rocksdb' },
      clients: [],
    },
  };
}

function loggerFirstTick(req: EmuRequest): EmuResponse {
  coordinatorError(req);
  requireAdminLike(req);
  return { status: 200, body: { firstTick: '1' } };
}

function loggerTickRanges(req: EmuRequest): EmuResponse {
  coordinatorError(req);
  requireAdminLike(req);
  return { status: 200, body: [{ datafile: '/000001.log', status: 'open', tickMin: '1', tickMax: lastTick(req) }] };
}

function serverId(req: EmuRequest): EmuResponse {
  requireAdminLike(req);
  return { status: 200, body: { serverId: numericServerId(req.ctx.server) } };
}

// ---- applier ------------------------------------------------------------------------------

interface Applier {
  config: Record<string, unknown>;
  running: boolean;
  started: string;
  message: string;
  lastError: { errorNum: number; errorMessage?: string; time?: string };
  totalRequests: number;
  totalFailedConnects: number;
}

const DEFAULT_APPLIER_CONFIG: Record<string, unknown> = {
  requestTimeout: 600,
  connectTimeout: 10,
  ignoreErrors: 0,
  maxConnectRetries: 100,
  lockTimeoutRetries: 0,
  sslProtocol: 0,
  chunkSize: 0,
  skipCreateDrop: false,
  autoStart: false,
  adaptivePolling: true,
  autoResync: false,
  autoResyncRetries: 2,
  maxPacketSize: 536870912,
  includeSystem: true,
  includeFoxxQueues: false,
  requireFromPresent: true,
  verbose: false,
  incremental: false,
  restrictType: '',
  restrictCollections: [],
  connectionRetryWaitTime: 15,
  initialSyncMaxWaitTime: 300,
  idleMinWaitTime: 1,
  idleMaxWaitTime: 2.5,
};

const appliers = new WeakMap<Database, Applier>();

function applierOf(db: Database): Applier {
  let a = appliers.get(db);
  if (!a) {
    a = {
      config: { ...DEFAULT_APPLIER_CONFIG },
      running: false,
      started: '',
      message: `applier initially created for database '${db.name}'`,
      lastError: { errorNum: 0 },
      totalRequests: 0,
      totalFailedConnects: 0,
    };
    appliers.set(db, a);
  }
  return a;
}

/** The config as ArangoDB echoes it: endpoint/database/username first, never the password. */
function configJson(a: Applier): Record<string, unknown> {
  const { password: _password, ...rest } = a.config;
  return rest;
}

function applierGetConfig(req: EmuRequest): EmuResponse {
  coordinatorError(req);
  requireAdminLike(req);
  return { status: 200, body: configJson(applierOf(req.ctx.db)) };
}

function applierSetConfig(req: EmuRequest): EmuResponse {
  coordinatorError(req);
  requireAdminLike(req);
  const a = applierOf(req.ctx.db);
  if (a.running) throw httpError(400, 'ERROR_REPLICATION_RUNNING');
  const b = req.json<unknown>();
  if (b === null || typeof b !== 'object' || Array.isArray(b)) {
    throw httpError(400, 'ERROR_HTTP_BAD_PARAMETER', 'invalid JSON');
  }
  const body = b as Record<string, unknown>;
  if (typeof body.endpoint !== 'string' || body.endpoint === '') {
    throw httpError(400, 'ERROR_REPLICATION_INVALID_APPLIER_CONFIGURATION', 'invalid value for <endpoint>');
  }
  const next: Record<string, unknown> = { endpoint: body.endpoint, database: req.ctx.db.name };
  for (const [k, v] of Object.entries(body)) {
    if (k === 'endpoint') continue;
    if (k === 'username' || k === 'password' || k in DEFAULT_APPLIER_CONFIG) {
      const def = DEFAULT_APPLIER_CONFIG[k];
      if (def !== undefined && (typeof def !== typeof v || Array.isArray(def) !== Array.isArray(v))) {
        throw httpError(400, 'ERROR_REPLICATION_INVALID_APPLIER_CONFIGURATION', `invalid value for <${k}>`);
      }
      next[k] = v;
    }
  }
  a.config = { ...next, ...Object.fromEntries(Object.entries(DEFAULT_APPLIER_CONFIG).map(([k, v]) => [k, k in next ? next[k] : v])) };
  return { status: 200, body: configJson(a) };
}

function applierStateJson(req: EmuRequest, a: Applier): Record<string, unknown> {
  const t = now();
  const state: Record<string, unknown> = {
    started: a.started,
    running: a.running,
    phase: a.running ? 'running' : 'inactive',
    lastAppliedContinuousTick: null,
    lastProcessedContinuousTick: null,
    lastAvailableContinuousTick: null,
    safeResumeTick: null,
    progress: { time: t, message: a.message, failedConnects: a.totalFailedConnects },
    totalRequests: a.totalRequests,
    totalFailedConnects: a.totalFailedConnects,
    totalEvents: 0,
    totalDocuments: 0,
    totalRemovals: 0,
    totalResyncs: 0,
    totalOperationsExcluded: 0,
    totalApplyTime: 0,
    averageApplyTime: 0,
    totalFetchTime: 0,
    averageFetchTime: 0,
    lastError: a.lastError,
    time: t,
  };
  const out: Record<string, unknown> = {
    state,
    server: { version: ARANGO_VERSION, serverId: numericServerId(req.ctx.server) },
  };
  if (typeof a.config.endpoint === 'string') out.endpoint = a.config.endpoint;
  out.database = req.ctx.db.name;
  return out;
}

function applierState(req: EmuRequest): EmuResponse {
  coordinatorError(req);
  requireAdminLike(req);
  return { status: 200, body: applierStateJson(req, applierOf(req.ctx.db)) };
}

function applierStart(req: EmuRequest): EmuResponse {
  coordinatorError(req);
  requireAdminLike(req);
  const a = applierOf(req.ctx.db);
  const endpoint = a.config.endpoint;
  if (typeof endpoint !== 'string') {
    throw httpError(400, 'ERROR_REPLICATION_INVALID_APPLIER_CONFIGURATION', 'no endpoint configured');
  }
  // There is no leader to talk to: the applier stops at once and says why.
  a.started = now();
  a.running = false;
  a.totalRequests += 1;
  a.totalFailedConnects += 1;
  a.message = 'applier shut down';
  a.lastError = {
    errorNum: 1400,
    errorMessage: `could not connect to leader at ${endpoint}: the emulator does not run a replication applier`,
    time: a.started,
  };
  return { status: 200, body: applierStateJson(req, a) };
}

function applierStop(req: EmuRequest): EmuResponse {
  coordinatorError(req);
  requireAdminLike(req);
  const a = applierOf(req.ctx.db);
  a.running = false;
  a.message = 'applier shut down';
  return { status: 200, body: applierStateJson(req, a) };
}

export function register(router: Router): void {
  router.get('/_api/replication/logger-state', loggerState);
  router.get('/_api/replication/logger-first-tick', loggerFirstTick);
  router.get('/_api/replication/logger-tick-ranges', loggerTickRanges);
  router.get('/_api/replication/server-id', serverId);
  router.get('/_api/replication/applier-config', applierGetConfig);
  router.put('/_api/replication/applier-config', applierSetConfig);
  router.get('/_api/replication/applier-state', applierState);
  router.put('/_api/replication/applier-start', applierStart);
  router.put('/_api/replication/applier-stop', applierStop);
}
