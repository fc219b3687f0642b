/**
 * `db.cluster`: ArangoDB's cluster administration API (openapi_3.12_cluster.txt plus the
 * `/_admin/cluster/*` commands of RestAdminClusterHandler). Names follow python-arango's
 * `ClusterManager`, camelCased.
 */
import { expectField, expectOk, expectShape, unexpected } from '../shape.js';
import type { Connection } from '../connection.js';
import { ArangoClientError } from '../errors.js';
import { path } from '../transport/path.js';
import type { ArangoResponse, CallOptions } from '../transport/request.js';
import { callOptions, flat, isObject, result } from '../collection/request-util.js';
import type {
  AgencyJob,
  AgencyJobStarted,
  ClusterHealth,
  ClusterImbalance,
  ClusterImbalanceInfo,
  CollectionShardDistribution,
  DbServerMaintenance,
  DbServerMaintenanceMode,
  MaintenanceModeResult,
  MoveShardOptions,
  NumberOfServers,
  RebalanceMove,
  RebalanceOptions,
  RebalancePlan,
  ServerEngine,
  ServerMode,
  ServerRole,
  ServerStatistics,
  ServerVersion,
  SetNumberOfServers,
  ShardDistribution,
  UniqueIdRange,
} from './types.js';
import { describeHandle, inspectable, type HandleDescription } from '../describe.js';

const REBALANCE_VERSION = 1;

/** The envelope-free body, after checking the attributes ArangoDB always sends in this answer. */
function shaped<T>(res: ArangoResponse, fields: Parameters<typeof expectShape>[1], what: string): T {
  expectShape(res, fields, what);
  return flat<T>(res);
}

/** An agency job was started: the answer names its id (a string; a number from older servers). */
function jobStarted(res: ArangoResponse): AgencyJobStarted {
  const id = flat<{ id?: unknown }>(res).id;
  if (typeof id !== 'string' && typeof id !== 'number') throw unexpected(res, 'a JSON object with the agency job\'s "id"');
  return { id: String(id) };
}

function assertServerId(id: unknown, what = 'server id'): asserts id is string {
  if (typeof id !== 'string' || id.trim() === '') {
    throw new ArangoClientError(`${what} must be a non-empty string, got ${JSON.stringify(id)}`);
  }
}

/**
 * Cluster administration, `db.cluster`: server ids and roles, health as the Agency's supervision
 * sees it, endpoints, shard distribution and rebalancing, maintenance modes, agency jobs (move
 * shard, clean out, resign leadership). Most calls need a Coordinator and administrate access; a
 * refusal rejects with {@link ArangoServerError}, an answer not shaped as ArangoDB's with
 * {@link UnexpectedResponseError}, an empty id is refused before sending with {@link ArangoClientError}.
 */
export class Cluster {
  /** What logging shows: kind, database, name and hosts — never credentials. */
  toJSON(): HandleDescription {
    return describeHandle('Cluster', this.connection);
  }
  constructor(readonly connection: Connection) {}

  /** Id of the server that answered (`CRDN-…` on a coordinator); 500 on a single server. */
  async serverId(opts?: CallOptions): Promise<string> {
    return this.get('cluster.serverId', '/_admin/server/id', opts, (res) => expectField<string>(res, 'id', 'string'));
  }

  /** Role of the server that answered. */
  async serverRole(opts?: CallOptions): Promise<ServerRole> {
    return this.get('cluster.serverRole', '/_admin/server/role', opts, (res) => expectField<ServerRole>(res, 'role', 'string'));
  }

  /** `default` or `readonly`. */
  async serverMode(opts?: CallOptions): Promise<ServerMode> {
    return this.get('cluster.serverMode', '/_admin/server/mode', opts, (res) => expectField<ServerMode>(res, 'mode', 'string'));
  }

  /** Switches the whole cluster to read-only or back (needs RW on `_system`). */
  async setServerMode(mode: ServerMode, opts?: CallOptions): Promise<ServerMode> {
    if (mode !== 'default' && mode !== 'readonly') {
      throw new ArangoClientError(`server mode must be 'default' or 'readonly', got ${JSON.stringify(mode)}`);
    }
    return this.connection.send(
      { operation: 'cluster.setServerMode', ...callOptions(opts), method: 'PUT', path: '/_admin/server/mode', body: { mode }, idempotent: true },
      (res) => expectField<ServerMode>(res, 'mode', 'string'),
    );
  }

  /** `/_api/version` of any server in the cluster, through the coordinator. */
  async serverVersion(serverId: string, opts?: CallOptions): Promise<ServerVersion> {
    assertServerId(serverId);
    return this.get('cluster.serverVersion', '/_admin/cluster/nodeVersion', opts, (res) => shaped<ServerVersion>(res, { server: 'string', version: 'string' }, 'server version'), { ServerID: serverId });
  }

  /** `/_api/engine` of any server in the cluster. */
  async serverEngine(serverId: string, opts?: CallOptions): Promise<ServerEngine> {
    assertServerId(serverId);
    return this.get('cluster.serverEngine', '/_admin/cluster/nodeEngine', opts, (res) => shaped<ServerEngine>(res, { name: 'string' }, 'server engine'), { ServerID: serverId });
  }

  /** `/_admin/statistics` of any server in the cluster. */
  async serverStatistics(serverId: string, opts?: CallOptions): Promise<ServerStatistics> {
    assertServerId(serverId);
    return this.get('cluster.serverStatistics', '/_admin/cluster/nodeStatistics', opts, (res) => shaped<ServerStatistics>(res, { time: 'number' }, 'server statistics'), { ServerID: serverId });
  }

  /** Supervision's view of every server (`Health` keyed by server id). */
  async health(opts?: CallOptions): Promise<ClusterHealth> {
    return this.get('cluster.health', '/_admin/cluster/health', opts, (res) => {
      const Health = expectField<ClusterHealth['Health']>(res, 'Health', 'object', 'cluster health');
      return { ClusterId: flat<ClusterHealth>(res).ClusterId, Health };
    });
  }

  /**
   * Statistics of a DB-server (`/_admin/cluster/statistics?DBserver=`).
   *
   * @deprecated ArangoDB deprecates `GET /_admin/cluster/statistics` and removes it in v4.0: read
   * the server's metrics instead, `db.metrics({ serverId, parse: true })` (`GET /_admin/metrics?serverId=`).
   */
  async statistics(dbServerId: string, opts?: CallOptions): Promise<ServerStatistics> {
    assertServerId(dbServerId, 'DB-server id');
    return this.get('cluster.statistics', '/_admin/cluster/statistics', opts, (res) => shaped<ServerStatistics>(res, { time: 'number' }, 'DB-Server statistics'), { DBserver: dbServerId });
  }

  /** `GET /_admin/cluster/numberOfServers`: the targeted number of coordinators and DB-servers, and servers being cleaned out. */
  async serverCount(opts?: CallOptions): Promise<NumberOfServers> {
    return this.get('cluster.serverCount', '/_admin/cluster/numberOfServers', opts, (res) => {
      const b = shaped<NumberOfServers>(res, { cleanedServers: 'array' }, 'number of servers');
      if (!('numberOfDBServers' in b) || !('numberOfCoordinators' in b)) throw unexpected(res, 'a JSON object with "numberOfDBServers" and "numberOfCoordinators" (number of servers)');
      return b;
    });
  }

  /**
   * `PUT /_admin/cluster/numberOfServers`: sets the targeted numbers of DB-Servers and Coordinators (for
   * an orchestrator to act on) and the servers being cleaned out; only the given fields are sent.
   */
  async setNumberOfServers(target: SetNumberOfServers, opts?: CallOptions): Promise<void> {
    if (!isObject(target)) throw new ArangoClientError('setNumberOfServers() takes an object');
    const body: Record<string, unknown> = {};
    for (const k of ['numberOfDBServers', 'numberOfCoordinators', 'cleanedServers'] as const) {
      if (target[k] !== undefined) body[k] = target[k];
    }
    await this.connection.send({ operation: 'cluster.setNumberOfServers', ...callOptions(opts), method: 'PUT', path: '/_admin/cluster/numberOfServers', body, idempotent: true }, () => undefined);
  }

  /**
   * Cluster-wide supervision maintenance: `'on'` stops automatic failover (for an hour unless
   * repeated), `'off'` resumes it. Anything else is refused before sending.
   */
  async toggleMaintenanceMode(mode: 'on' | 'off', opts?: CallOptions): Promise<MaintenanceModeResult> {
    if (mode !== 'on' && mode !== 'off') {
      throw new ArangoClientError(`maintenance mode must be 'on' or 'off', got ${JSON.stringify(mode)}`);
    }
    return this.connection.send(
      { operation: 'cluster.toggleMaintenanceMode',
        ...callOptions(opts),
        method: 'PUT',
        path: '/_admin/cluster/maintenance',
        // The body is a bare JSON string, not an object.
        rawBody: JSON.stringify(mode),
        contentType: 'application/json',
        idempotent: true,
      },
      flat<MaintenanceModeResult>,
    );
  }

  /** Supervision state of the cluster-wide maintenance (`"Normal"`, `"Maintenance"`, …). */
  async maintenanceMode(opts?: CallOptions): Promise<string> {
    return this.get('cluster.maintenanceMode', '/_admin/cluster/maintenance', opts, (res) => {
      const r = result<unknown>(res);
      return typeof r === 'string' ? r : JSON.stringify(r);
    });
  }

  /** Maintenance of one DB-server, or `null` when it is not in maintenance. */
  async serverMaintenanceMode(serverId: string, opts?: CallOptions): Promise<DbServerMaintenance | null> {
    assertServerId(serverId, 'DB-server id');
    return this.get('cluster.serverMaintenanceMode', path`/_admin/cluster/maintenance/${serverId}`, opts, (res) => {
      // `result` is omitted while the server is not in maintenance.
      expectOk(res, 'DB-Server maintenance');
      const r = flat<{ result?: unknown }>(res).result;
      return isObject(r) ? (r as unknown as DbServerMaintenance) : null;
    });
  }

  /** Puts a DB-server into maintenance (`timeout` seconds, server default 3600) or back to normal. */
  async toggleServerMaintenanceMode(serverId: string, mode: DbServerMaintenanceMode, timeout?: number, opts?: CallOptions): Promise<void> {
    assertServerId(serverId, 'DB-server id');
    if (mode !== 'maintenance' && mode !== 'normal') {
      throw new ArangoClientError(`DB-server maintenance mode must be 'maintenance' or 'normal', got ${JSON.stringify(mode)}`);
    }
    if (timeout !== undefined && (!Number.isInteger(timeout) || timeout <= 0)) {
      throw new ArangoClientError(`maintenance timeout must be a positive number of seconds, got ${String(timeout)}`);
    }
    await this.connection.send(
      { operation: 'cluster.toggleServerMaintenanceMode',
        ...callOptions(opts),
        method: 'PUT',
        path: path`/_admin/cluster/maintenance/${serverId}`,
        body: timeout === undefined ? { mode } : { mode, timeout },
        idempotent: true,
      },
      () => undefined,
    );
  }

  /** Coordinator endpoints as the cluster advertises them (`tcp://…`, `ssl://…`). */
  async endpoints(opts?: CallOptions): Promise<string[]> {
    return this.get('cluster.endpoints', '/_api/cluster/endpoints', opts, (res) => {
      const list = expectField<{ endpoint: string }[]>(res, 'endpoints', 'array');
      return list.map((e) => e.endpoint);
    });
  }

  /** Where every collection of this database has its shards (servers by short name). */
  async shardDistribution(opts?: CallOptions): Promise<ShardDistribution> {
    return this.get('cluster.shardDistribution', '/_admin/cluster/shardDistribution', opts, (res) => expectField<ShardDistribution>(res, 'results', 'object'));
  }

  /**
   * `GET /_admin/cluster/collectionShardDistribution`: where one collection's shards are planned
   * (`Plan`) and currently live (`Current`), servers by short name.
   */
  async collectionShardDistribution(collection: string, opts?: CallOptions): Promise<CollectionShardDistribution> {
    assertServerId(collection, 'collection name');
    return this.get('cluster.collectionShardDistribution', '/_admin/cluster/collectionShardDistribution', opts, (res) => {
      const results = expectField<ShardDistribution>(res, 'results', 'object');
      const entry = results[collection];
      return (entry ?? { Plan: {}, Current: {} }) as CollectionShardDistribution;
    }, { collection });
  }

  /** Current imbalance and the number of pending/planned shard moves. */
  async calculateImbalance(opts?: CallOptions): Promise<ClusterImbalance> {
    return this.get('cluster.calculateImbalance', '/_admin/cluster/rebalance', opts, (res) => {
      const b = flat<Record<string, unknown>>(res);
      const r = expectField<Partial<ClusterImbalance>>(res, 'result', 'object', 'cluster imbalance');
      // The docs put the two counters beside `result`; arangojs reads them inside it. Accept both.
      return {
        leader: r.leader as ClusterImbalanceInfo['leader'],
        shards: r.shards as ClusterImbalanceInfo['shards'],
        pendingMoveShards: Number(r.pendingMoveShards ?? b.pendingMoveShards ?? 0),
        todoMoveShards: Number(r.todoMoveShards ?? b.todoMoveShards ?? 0),
      };
    });
  }

  /** Computes (does not execute) shard moves that improve balance. */
  async calculateRebalancePlan(options?: RebalanceOptions & CallOptions): Promise<RebalancePlan> {
    return this.connection.send(
      { operation: 'cluster.calculateRebalancePlan', ...callOptions(options), method: 'POST', path: '/_admin/cluster/rebalance', body: rebalanceBody(options), idempotent: true },
      result<RebalancePlan>,
    );
  }

  /** Computes and immediately executes a rebalance plan. */
  async rebalance(options?: RebalanceOptions & CallOptions): Promise<RebalancePlan> {
    return this.connection.send(
      { operation: 'cluster.rebalance', ...callOptions(options), method: 'PUT', path: '/_admin/cluster/rebalance', body: rebalanceBody(options) },
      result<RebalancePlan>,
    );
  }

  /** Executes moves (e.g. from `calculateRebalancePlan`): true when accepted (202), false when there was nothing to do (200). */
  async executeRebalancePlan(moves: RebalanceMove[], version = REBALANCE_VERSION, opts?: CallOptions): Promise<boolean> {
    if (!Array.isArray(moves)) throw new ArangoClientError('executeRebalancePlan() takes an array of moves');
    return this.connection.send(
      { operation: 'cluster.executeRebalancePlan', ...callOptions(opts), method: 'POST', path: '/_admin/cluster/rebalance/execute', body: { version, moves } },
      (res) => res.status === 202,
    );
  }

  /** Starts an agency job moving one shard; resolves to its job id. */
  async moveShard(options: MoveShardOptions & CallOptions): Promise<AgencyJobStarted> {
    if (!isObject(options)) throw new ArangoClientError('moveShard() takes an options object');
    for (const k of ['collection', 'shard', 'fromServer', 'toServer'] as const) assertServerId(options[k], `moveShard ${k}`);
    const body: Record<string, unknown> = {
      database: options.database ?? this.connection.databaseName,
      collection: options.collection,
      shard: options.shard,
      fromServer: options.fromServer,
      toServer: options.toServer,
    };
    if (options.remainsFollower !== undefined) body.remainsFollower = options.remainsFollower;
    return this.connection.send(
      { operation: 'cluster.moveShard', ...callOptions(options), method: 'POST', path: '/_admin/cluster/moveShard', body },
      (res) => jobStarted(res),
    );
  }

  /** Starts an agency job moving every shard off a DB-server. */
  async cleanOutServer(serverId: string, opts?: CallOptions): Promise<AgencyJobStarted> {
    assertServerId(serverId, 'DB-server id');
    return this.connection.send(
      { operation: 'cluster.cleanOutServer', ...callOptions(opts), method: 'POST', path: '/_admin/cluster/cleanOutServer', body: { server: serverId } },
      (res) => jobStarted(res),
    );
  }

  /** Starts an agency job handing a DB-server's shard leaderships to followers. */
  async resignLeadership(serverId: string, opts?: CallOptions): Promise<AgencyJobStarted> {
    assertServerId(serverId, 'DB-server id');
    return this.connection.send(
      { operation: 'cluster.resignLeadership', ...callOptions(opts), method: 'POST', path: '/_admin/cluster/resignLeadership', body: { server: serverId } },
      (res) => jobStarted(res),
    );
  }

  /**
   * `GET /_admin/cluster/queryAgencyJob`: the state of an agency job (from `moveShard`,
   * `cleanOutServer`, `resignLeadership`): `ToDo`, `Pending`, `Finished` or `Failed`.
   *
   * @throws {@link ArangoServerError} 404 for an unknown job id.
   */
  async queryAgencyJob(jobId: string, opts?: CallOptions): Promise<AgencyJob> {
    assertServerId(jobId, 'agency job id');
    return this.get('cluster.queryAgencyJob', '/_admin/cluster/queryAgencyJob', opts, (res) => shaped<AgencyJob>(res, { status: 'string' }, 'agency job'), { id: jobId });
  }

  /** `POST /_admin/cluster/cancelAgencyJob`: aborts a `ToDo` or `Pending` agency job; answers its new state. */
  async cancelAgencyJob(jobId: string, opts?: CallOptions): Promise<AgencyJob> {
    assertServerId(jobId, 'agency job id');
    return this.connection.send(
      { operation: 'cluster.cancelAgencyJob', ...callOptions(opts), method: 'POST', path: '/_admin/cluster/cancelAgencyJob', body: { id: jobId } },
      (res) => shaped<AgencyJob>(res, { status: 'string' }, 'cancel agency job'),
    );
  }

  /** Removes a FAILED server that holds no shards (412 otherwise). */
  async removeServer(serverId: string, opts?: CallOptions): Promise<void> {
    assertServerId(serverId);
    await this.connection.send(
      { operation: 'cluster.removeServer', ...callOptions(opts), method: 'POST', path: '/_admin/cluster/removeServer', body: { server: serverId } },
      () => undefined,
    );
  }

  /** Reserves `number` ids, or raises the id floor to `minimum` (3.12.6+, `PUT /_admin/cluster/uniqId`). */
  async reserveUniqueIds(options: ({ number: number; minimum?: never } | { minimum: number; number?: never }) & CallOptions): Promise<UniqueIdRange> {
    const n = options.number;
    const m = options.minimum;
    if ((n === undefined) === (m === undefined)) throw new ArangoClientError('reserveUniqueIds() needs exactly one of `number` or `minimum`');
    return this.connection.send(
      { operation: 'cluster.reserveUniqueIds', ...callOptions(options), method: 'PUT', path: '/_admin/cluster/uniqId', query: { number: n, minimum: m } },
      (res) => {
        const b = flat<{ smallest: string | number; largest: string | number }>(res);
        return { smallest: String(b.smallest), largest: String(b.largest) };
      },
    );
  }

  private get<R>(operation: string, p: string, opts: CallOptions | undefined, parse: (res: ArangoResponse) => R, query?: Record<string, string>): Promise<R> {
    return this.connection.send({ operation, ...callOptions(opts), method: 'GET', path: p, ...(query ? { query } : {}) }, parse);
  }
}

function rebalanceBody(options: RebalanceOptions | undefined): Record<string, unknown> {
  const body: Record<string, unknown> = { version: REBALANCE_VERSION };
  if (options === undefined) return body;
  for (const k of [
    'maximumNumberOfMoves',
    'leaderChanges',
    'moveLeaders',
    'moveFollowers',
    'excludeSystemCollections',
    'piFactor',
    'databasesExcluded',
  ] as const) {
    if (options[k] !== undefined) body[k] = options[k];
  }
  return body;
}

inspectable(Cluster);
