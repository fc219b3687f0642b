/**
 * Cluster administration (openapi_3.12_cluster.txt; behaviour of RestAdminClusterHandler):
 * `/_admin/cluster/*` and `/_api/cluster/endpoints`. On a single server (no agency) these
 * answer 403 as ArangoDB does, `/_api/cluster/endpoints` 501.
 */
import { createHash } from 'node:crypto';
import type { EmuRequest, EmuResponse, Router } from '../http/router.js';
import { httpError } from '../errors.js';
import { ARANGO_VERSION, type ServerNode, type ServerState } from '../store/server-state.js';
import { engineBody } from './admin.js';
import { statisticsBody } from './statistics.js';
import type { Move, RebalanceOptions } from '../store/shards.js';

/** Supervision declares a server FAILED after missing heartbeats for about 15 s. */
const FAILED_AFTER_MS = 15_000;

const COMMANDS = new Set([
  'health', 'numberOfServers', 'maintenance', 'nodeVersion', 'nodeEngine', 'nodeStatistics', 'statistics',
  'shardDistribution', 'collectionShardDistribution', 'cleanOutServer', 'resignLeadership', 'moveShard',
  'queryAgencyJob', 'rebalance', 'uniqId',
]);

function onlyCoordinators(req: EmuRequest): void {
  if (req.ctx.server.role !== 'COORDINATOR') throw httpError(403, 'ERROR_HTTP_FORBIDDEN', 'only allowed on coordinators');
}

/** Agency-backed calls: a single server has no agency. */
function needsAgency(req: EmuRequest): void {
  if (!req.ctx.state.isCluster) throw httpError(403, 'ERROR_HTTP_FORBIDDEN', 'only allowed on single server with active failover');
}

function adminOnly(req: EmuRequest): void {
  if (!req.ctx.isAdmin()) throw httpError(403, 'ERROR_HTTP_FORBIDDEN');
}

function objectBody(req: EmuRequest): Record<string, unknown> {
  const body = req.json<unknown>();
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw httpError(400, 'ERROR_BAD_PARAMETER', 'object expected');
  return body as Record<string, unknown>;
}

function status(node: ServerNode): 'GOOD' | 'BAD' | 'FAILED' {
  if (node.running) return 'GOOD';
  return node.stoppedAt !== undefined && Date.now() - node.stoppedAt >= FAILED_AFTER_MS ? 'FAILED' : 'BAD';
}

function hostId(node: ServerNode): string {
  return createHash('sha1').update(node.endpoint.replace(/:\d+$/, '')).digest('hex').slice(0, 16);
}

function healthBody(state: ServerState): Record<string, unknown> {
  const now = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
  const health: Record<string, unknown> = {};
  const agents = state.nodesByRole('AGENT');
  const leader = agents[0];
  for (const n of state.nodes.values()) {
    if (n.role === 'AGENT') {
      health[n.id] = {
        Role: 'Agent', Endpoint: n.endpoint, CanBeDeleted: false, Leading: n === leader, LastAckedTime: 0,
        Engine: 'rocksdb', Version: ARANGO_VERSION, Leader: leader?.id ?? '', Status: 'GOOD',
      };
      continue;
    }
    const st = status(n);
    const isDb = n.role === 'PRIMARY';
    health[n.id] = {
      Endpoint: n.endpoint, Host: hostId(n), SyncStatus: n.running ? 'SERVING' : 'STOPPED', Status: st,
      ShortName: n.shortName, Timestamp: now, LastAckedTime: now, SyncTime: now, Version: ARANGO_VERSION,
      Engine: 'rocksdb', AdvertisedEndpoint: '', Role: isDb ? 'DBServer' : 'Coordinator',
      // A DB-server may be removed only when FAILED and holding no shards.
      CanBeDeleted: st === 'FAILED' && (!isDb || state.shards.shardsOnServer(n.id) === 0),
    };
  }
  return { ClusterId: state.clusterId, Health: health, error: false, code: 200 };
}

/** Proxied GET to another server: unknown → 400 "unknown server", down → 408/504. */
function proxyTarget(req: EmuRequest, param: string): ServerNode {
  onlyCoordinators(req);
  const id = req.query.get(param);
  if (id === null || id === '') throw httpError(400, 'ERROR_HTTP_BAD_PARAMETER', `missing parameter \`${param}\``);
  const node = req.ctx.state.findNode(id);
  if (!node) throw httpError(400, 'ERROR_HTTP_BAD_PARAMETER', 'unknown server');
  if (!node.running) throw httpError(408, 'ERROR_HTTP_GATEWAY_TIMEOUT', 'server did not answer');
  return node;
}

function rebalanceOptions(body: Record<string, unknown>): RebalanceOptions {
  if (body.version !== 1) throw httpError(400, 'ERROR_BAD_PARAMETER', 'unknown version provided');
  const bool = (k: string, def: boolean): boolean => {
    const v = body[k];
    if (v === undefined) return def;
    if (typeof v !== 'boolean') throw httpError(400, 'ERROR_BAD_PARAMETER', `${k}: boolean expected`);
    return v;
  };
  const max = body.maximumNumberOfMoves ?? 1000;
  if (typeof max !== 'number' || !Number.isInteger(max) || max < 0) throw httpError(400, 'ERROR_BAD_PARAMETER', 'maximumNumberOfMoves: non-negative integer expected');
  const excluded = body.databasesExcluded ?? [];
  if (!Array.isArray(excluded) || !excluded.every((d) => typeof d === 'string')) {
    throw httpError(400, 'ERROR_BAD_PARAMETER', 'databasesExcluded: array of strings expected');
  }
  return {
    maximumNumberOfMoves: max,
    leaderChanges: bool('leaderChanges', true),
    moveLeaders: bool('moveLeaders', false),
    moveFollowers: bool('moveFollowers', false),
    excludeSystemCollections: bool('excludeSystemCollections', false),
    databasesExcluded: excluded as string[],
  };
}

function parseMoves(raw: unknown): Move[] {
  if (!Array.isArray(raw)) throw httpError(400, 'ERROR_BAD_PARAMETER', 'moves: array expected');
  return raw.map((m) => {
    const o = m as Record<string, unknown> | null;
    if (!o || typeof o !== 'object' || typeof o.from !== 'string' || typeof o.to !== 'string' || typeof o.shard !== 'string') {
      throw httpError(400, 'ERROR_BAD_PARAMETER', 'moves: objects with from, to, shard expected');
    }
    return { from: o.from, to: o.to, shard: o.shard, collection: Number(o.collection), isLeader: o.isLeader === true };
  });
}

function dbServerTarget(req: EmuRequest): ServerNode {
  const id = req.params.server ?? '';
  const node = req.ctx.state.findNode(id);
  if (!node) throw httpError(404, 'ERROR_HTTP_NOT_FOUND', `unknown server '${id}'`);
  if (node.role === 'AGENT') throw httpError(412, 'ERROR_HTTP_PRECONDITION_FAILED', 'cannot put an agent into maintenance');
  if (node.role !== 'PRIMARY') throw httpError(400, 'ERROR_HTTP_BAD_PARAMETER', `server '${id}' is not a DB-Server`);
  return node;
}

export function register(router: Router): void {
  router.get('/_admin/cluster/health', (req) => {
    needsAgency(req);
    return { status: 200, body: healthBody(req.ctx.state) };
  });

  router.get('/_admin/cluster/numberOfServers', (req) => {
    onlyCoordinators(req);
    const t = req.ctx.state.targetServers;
    return { status: 200, body: { numberOfDBServers: t.numberOfDBServers, numberOfCoordinators: t.numberOfCoordinators, cleanedServers: t.cleanedServers, error: false, code: 200 } };
  });
  router.put('/_admin/cluster/numberOfServers', (req) => {
    onlyCoordinators(req);
    adminOnly(req);
    const body = objectBody(req);
    const t = req.ctx.state.targetServers;
    const num = (k: 'numberOfCoordinators' | 'numberOfDBServers'): number | null | undefined => {
      const v = body[k];
      if (v === undefined) return undefined;
      if (v === null || typeof v === 'number') return v;
      throw httpError(400, 'ERROR_BAD_PARAMETER', `${k}: number expected`);
    };
    const coords = num('numberOfCoordinators');
    const dbs = num('numberOfDBServers');
    let cleaned: string[] | undefined;
    if (body.cleanedServers !== undefined) {
      if (!Array.isArray(body.cleanedServers)) throw httpError(400, 'ERROR_BAD_PARAMETER', 'cleanedServers: array expected');
      if (!body.cleanedServers.every((s) => typeof s === 'string')) throw httpError(400, 'ERROR_BAD_PARAMETER', 'cleanedServers: array of strings expected');
      cleaned = body.cleanedServers as string[];
    }
    if (coords !== undefined) t.numberOfCoordinators = coords;
    if (dbs !== undefined) t.numberOfDBServers = dbs;
    if (cleaned !== undefined) t.cleanedServers = cleaned;
    return { status: 200, body: { error: false, code: 200 } };
  });

  router.get('/_admin/cluster/maintenance', (req) => {
    adminOnly(req);
    needsAgency(req);
    return { status: 200, body: { error: false, result: req.ctx.state.supervisionMaintenance ? 'Maintenance' : 'Normal' } };
  });
  router.put('/_admin/cluster/maintenance', (req) => {
    adminOnly(req);
    needsAgency(req);
    const body = req.json<unknown>();
    const { state } = req.ctx;
    let seconds: number | undefined;
    if (body === 'on') seconds = 3600;
    else if (body === 'off') seconds = 0;
    else if (typeof body === 'string' && /^[0-9]+$/.test(body)) seconds = Number(body); // 3.12: "<seconds>"
    if (seconds === undefined) throw httpError(400, 'ERROR_BAD_PARAMETER', 'string expected with value `on` or `off`');
    state.supervisionMaintenanceUntil = seconds > 0 ? Date.now() + seconds * 1000 : null;
    state.addLog('supervision', 'INFO', seconds > 0 ? 'supervision maintenance mode on' : 'supervision maintenance mode off');
    const warning = seconds > 0
      ? `Cluster supervision deactivated. It will be reactivated automatically in ${Math.round(seconds / 60)} minutes unless this call is repeated until then.`
      : 'Cluster supervision reactivated.';
    return { status: 200, body: { error: false, warning } };
  });

  router.get('/_admin/cluster/maintenance/:server', (req) => {
    adminOnly(req);
    onlyCoordinators(req);
    const node = dbServerTarget(req);
    const until = req.ctx.state.serverMaintenance.get(node.id);
    const body: Record<string, unknown> = { error: false, code: 200 };
    if (until !== undefined && until > Date.now()) body.result = { Mode: 'maintenance', Until: new Date(until).toISOString().replace(/\.\d{3}Z$/, 'Z') };
    return { status: 200, body };
  });
  router.put('/_admin/cluster/maintenance/:server', (req) => {
    adminOnly(req);
    onlyCoordinators(req);
    const node = dbServerTarget(req);
    const body = objectBody(req);
    const timeout = body.timeout ?? 3600;
    if (typeof timeout !== 'number' || !(timeout > 0)) throw httpError(400, 'ERROR_HTTP_BAD_PARAMETER', 'timeout: positive number expected');
    if (body.mode === 'maintenance') req.ctx.state.serverMaintenance.set(node.id, Date.now() + timeout * 1000);
    else if (body.mode === 'normal') req.ctx.state.serverMaintenance.delete(node.id);
    else throw httpError(400, 'ERROR_HTTP_BAD_PARAMETER', "mode: 'maintenance' or 'normal' expected");
    return { status: 200, body: { error: false, code: 200 } };
  });

  router.get('/_admin/cluster/nodeVersion', (req) => {
    proxyTarget(req, 'ServerID');
    return { status: 200, body: { server: 'arango', license: 'community', version: ARANGO_VERSION } };
  });
  router.get('/_admin/cluster/nodeEngine', (req) => {
    proxyTarget(req, 'ServerID');
    return { status: 200, body: engineBody() };
  });
  router.get('/_admin/cluster/nodeStatistics', (req) => ({ status: 200, body: statisticsBody(proxyTarget(req, 'ServerID')) }));
  router.get('/_admin/cluster/statistics', (req) => {
    const node = proxyTarget(req, 'DBserver');
    // 3.12 docs: 403 when the id is not a DB-Server.
    if (node.role !== 'PRIMARY') throw httpError(403, 'ERROR_HTTP_FORBIDDEN', 'the specified server is not a DB-Server');
    return { status: 200, body: statisticsBody(node) };
  });

  router.get('/_admin/cluster/shardDistribution', (req) => {
    onlyCoordinators(req);
    adminOnly(req);
    return { status: 200, body: { results: req.ctx.state.shards.distribution(req.dbName), error: false, code: 200 } };
  });
  const collectionDistribution = (req: EmuRequest, name: unknown): EmuResponse => {
    if (typeof name !== 'string' || name === '') throw httpError(400, 'ERROR_BAD_PARAMETER', 'expected nonempty `collection` parameter');
    req.ctx.db.collection(name);
    return { status: 200, body: { results: req.ctx.state.shards.distribution(req.dbName, name), error: false, code: 200 } };
  };
  router.get('/_admin/cluster/collectionShardDistribution', (req) => {
    onlyCoordinators(req);
    adminOnly(req);
    return collectionDistribution(req, req.query.get('collection') ?? '');
  });
  router.put('/_admin/cluster/collectionShardDistribution', (req) => {
    onlyCoordinators(req);
    adminOnly(req);
    return collectionDistribution(req, objectBody(req).collection);
  });

  router.post('/_admin/cluster/moveShard', (req) => {
    onlyCoordinators(req);
    const body = objectBody(req);
    const { collection, shard, fromServer, toServer } = body;
    if (typeof collection !== 'string' || typeof shard !== 'string' || typeof fromServer !== 'string' || typeof toServer !== 'string') {
      throw httpError(400, 'ERROR_BAD_PARAMETER', 'object with keys `database`, `collection`, `shard`, `fromServer` and `toServer` (all strings) expected');
    }
    const database = typeof body.database === 'string' ? body.database : req.dbName;
    if (!req.ctx.isAdmin() && req.ctx.collectionLevel(collection, database) !== 'rw') {
      throw httpError(403, 'ERROR_HTTP_FORBIDDEN', 'insufficent permissions on database to move shard');
    }
    if (!req.ctx.state.hasDatabase(database) || !req.ctx.state.database(database).hasCollection(collection)) {
      throw httpError(404, 'ERROR_HTTP_NOT_FOUND', 'database/collection not found');
    }
    const job = req.ctx.state.shards.moveShard({
      database, collection, shard, fromServer, toServer,
      remainsFollower: body.remainsFollower === undefined || body.remainsFollower === true,
    }, req.ctx.server.id);
    return { status: 202, body: { error: false, code: 202, id: job.id } };
  });

  const serverJob = (kind: 'cleanOutServer' | 'resignLeadership') => (req: EmuRequest): EmuResponse => {
    adminOnly(req);
    onlyCoordinators(req);
    const { server } = objectBody(req);
    if (typeof server !== 'string') throw httpError(400, 'ERROR_BAD_PARAMETER', 'object with key `server`');
    const shards = req.ctx.state.shards;
    const job = kind === 'cleanOutServer' ? shards.cleanOutServer(server, req.ctx.server.id) : shards.resignLeadership(server, req.ctx.server.id);
    return { status: 202, body: { error: false, code: 202, id: job.id } };
  };
  router.post('/_admin/cluster/cleanOutServer', serverJob('cleanOutServer'));
  router.post('/_admin/cluster/resignLeadership', serverJob('resignLeadership'));

  router.get('/_admin/cluster/queryAgencyJob', (req) => {
    adminOnly(req);
    onlyCoordinators(req);
    const id = req.query.get('id');
    if (id === null || id === '') throw httpError(400, 'ERROR_BAD_PARAMETER', 'missing id parameter');
    const job = req.ctx.state.shards.agencyJob(id);
    if (!job) throw httpError(404, 'ERROR_HTTP_NOT_FOUND');
    const { status: st, ...fields } = job;
    return { status: 200, body: { ...fields, jobId: job.id, error: false, job: id, status: st } };
  });

  router.get('/_admin/cluster/rebalance', (req) => {
    onlyCoordinators(req);
    const imbalance = req.ctx.state.shards.imbalance();
    // Moves complete at once, so nothing is ever pending. The docs put the two counters at top
    // level, arangojs reads them inside `result`: both are given.
    return {
      status: 200,
      body: { code: 200, error: false, result: { ...imbalance, pendingMoveShards: 0, todoMoveShards: 0 }, pendingMoveShards: 0, todoMoveShards: 0 },
    };
  });
  router.post('/_admin/cluster/rebalance', (req) => {
    onlyCoordinators(req);
    adminOnly(req);
    const plan = req.ctx.state.shards.computePlan(rebalanceOptions(objectBody(req)));
    return { status: 200, body: { code: 200, error: false, result: plan } };
  });
  router.put('/_admin/cluster/rebalance', (req) => {
    onlyCoordinators(req);
    adminOnly(req);
    const plan = req.ctx.state.shards.computePlan(rebalanceOptions(objectBody(req)));
    req.ctx.state.shards.executeMoves(plan.moves, req.ctx.server.id);
    return { status: 200, body: { code: 200, error: false, result: plan } };
  });
  router.post('/_admin/cluster/rebalance/execute', (req) => {
    onlyCoordinators(req);
    adminOnly(req);
    const body = objectBody(req);
    if (body.version !== 1) throw httpError(400, 'ERROR_BAD_PARAMETER', 'unknown version provided');
    const moves = parseMoves(body.moves);
    if (moves.length === 0) return { status: 200, body: { code: 200, error: false } };
    req.ctx.state.shards.executeMoves(moves, req.ctx.server.id);
    return { status: 202, body: { code: 202, error: false } };
  });

  router.put('/_admin/cluster/uniqId', (req) => {
    onlyCoordinators(req);
    adminOnly(req);
    const number = req.query.get('number');
    const minimum = req.query.get('minimum');
    const parse = (v: string, name: string): number => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 0) throw httpError(400, 'ERROR_BAD_PARAMETER', `${name}: non-negative integer expected`);
      return n;
    };
    let range: [string, string];
    if (number !== null) range = req.ctx.state.reserveTicks(parse(number, 'number'));
    else if (minimum !== null) range = req.ctx.state.skipTicksTo(parse(minimum, 'minimum'));
    else throw httpError(400, 'ERROR_BAD_PARAMETER', 'either `number` or `minimum` parameter required');
    return { status: 200, body: { code: 200, error: false, smallest: range[0], largest: range[1] } };
  });

  // Unknown commands: 400 "invalid command"; known ones with another method: 405.
  const unknown = (req: EmuRequest): EmuResponse => {
    const cmd = req.params.command ?? '';
    if (COMMANDS.has(cmd)) throw httpError(405, 'ERROR_HTTP_METHOD_NOT_ALLOWED', 'method not supported');
    throw httpError(400, 'ERROR_HTTP_BAD_PARAMETER', `invalid command '${cmd}'`);
  };
  const tooDeep = (): EmuResponse => {
    throw httpError(400, 'ERROR_HTTP_SUPERFLUOUS_SUFFICES', 'expecting URL /_admin/cluster/<command>');
  };
  for (const m of ['get', 'post', 'put', 'patch', 'delete'] as const) {
    router[m]('/_admin/cluster/:command', unknown);
    router[m]('/_admin/cluster/*rest', tooDeep);
  }

  router.get('/_api/cluster/endpoints', (req) => {
    req.ctx.requireCoordinator();
    const endpoints = req.ctx.state.nodesByRole('COORDINATOR').filter((n) => n.running).map((n) => ({ endpoint: n.endpoint }));
    return { status: 200, body: { error: false, code: 200, endpoints } };
  }, { anyUser: true });
}
