/** Result shapes of the cluster API (openapi_3.12_cluster.txt, digest §2). */

export type ServerRole = 'SINGLE' | 'COORDINATOR' | 'PRIMARY' | 'SECONDARY' | 'AGENT' | 'UNDEFINED';
/** `/_admin/server/mode`: `readonly` refuses writes (for the whole cluster on a Coordinator), `default` takes them. */
export type ServerMode = 'default' | 'readonly';

/**
 * Role as `/_admin/cluster/health` writes it. A real server writes "Coordinator", "DBServer",
 * "Agent"; the 3.12 docs print upper case — both are accepted.
 */
export type HealthRole = 'Coordinator' | 'DBServer' | 'Agent' | 'COORDINATOR' | 'DBSERVER' | 'AGENT';
/**
 * The supervision's verdict on a server: `GOOD` answers normally, `BAD` missed a heartbeat, `FAILED`
 * missed heartbeats for about 15 seconds and was declared failed.
 */
export type HealthStatus = 'GOOD' | 'BAD' | 'FAILED';
/** The last sync status a Coordinator or DB-Server reported to the Agency. */
export type SyncStatus = 'UNKNOWN' | 'UNDEFINED' | 'STARTUP' | 'STOPPING' | 'STOPPED' | 'SERVING' | 'SHUTDOWN';

/**
 * One server's entry in `GET /_admin/cluster/health`: its role, the supervision's `Status`, its
 * endpoint, whether it can safely be removed (`CanBeDeleted`), its short name, version, engine and
 * host; Coordinators and DB-Servers add the last sync status and heartbeat times, Agents whether they lead.
 */
export interface ServerHealth {
  Role: HealthRole;
  Status: HealthStatus;
  Endpoint: string;
  CanBeDeleted: boolean;
  ShortName?: string;
  Version?: string;
  Engine?: string;
  Host?: string;
  SyncStatus?: SyncStatus;
  Timestamp?: string;
  SyncTime?: string;
  /** An ISO time for coordinators/DB-servers; seconds since the last ack for agents. */
  LastAckedTime?: string | number;
  AdvertisedEndpoint?: string;
  /** Agents only. */
  Leading?: boolean;
  Leader?: string;
  [key: string]: unknown;
}

/** `GET /_admin/cluster/health`: the cluster's UUID and every server's health by server id. */
export interface ClusterHealth {
  ClusterId: string;
  /** Server id (`CRDN-…`, `PRMR-…`, `AGNT-…`) → health. */
  Health: Record<string, ServerHealth>;
}

/** A server's name (`"arango"`), edition and version (`major.minor.sub`), as `/_api/version` answers. */
export interface ServerVersion {
  server: string;
  license: 'community' | 'enterprise' | string;
  version: string;
  details?: Record<string, string>;
}

/** The storage engine (`name` is always `rocksdb` in 3.12) and what it supports (index types, index type aliases). */
export interface ServerEngine {
  name: string;
  supports?: { dfdb?: boolean; indexes?: string[]; aliases?: { indexes?: Record<string, string> }; [key: string]: unknown };
  [key: string]: unknown;
}

/** One distribution of `/_admin/statistics` (for example `client.totalTime`): the sum, the number of values and the count per bucket (the bucket limits are in `statisticsDescription()`). */
export interface StatDistribution {
  sum: number;
  count: number;
  counts: number[];
}

/** `/_admin/statistics` of a server (and of a DB-server through the coordinator). */
export interface ServerStatistics {
  time: number;
  enabled: boolean;
  system: {
    minorPageFaults: number;
    majorPageFaults: number;
    userTime: number;
    systemTime: number;
    numberOfThreads: number;
    residentSize: number;
    residentSizePercent: number;
    virtualSize: number;
  };
  client: {
    httpConnections: number;
    connectionTime: StatDistribution;
    totalTime: StatDistribution;
    requestTime: StatDistribution;
    queueTime: StatDistribution;
    ioTime: StatDistribution;
    bytesSent: StatDistribution;
    bytesReceived: StatDistribution;
  };
  clientUser?: ServerStatistics['client'];
  http: Record<string, number>;
  server: {
    uptime: number;
    physicalMemory: number;
    transactions: { started: number; aborted: number; committed: number; intermediateCommits: number; readOnly?: number; dirtyReadOnly?: number };
    v8Context?: Record<string, unknown>;
    threads?: Record<string, number>;
    [key: string]: unknown;
  };
  [key: string]: unknown;
}

/**
 * `GET /_admin/cluster/numberOfServers`: the targeted numbers of DB-Servers and Coordinators (`null`
 * when unset) and the ids of servers being cleaned out.
 */
export interface NumberOfServers {
  numberOfDBServers: number | null;
  numberOfCoordinators: number | null;
  cleanedServers: string[];
}

/** Body of `PUT /_admin/cluster/numberOfServers`; omitted fields are left as they are. */
export interface SetNumberOfServers {
  numberOfDBServers?: number | null;
  numberOfCoordinators?: number | null;
  cleanedServers?: string[];
}

/** Supervision answer to `PUT /_admin/cluster/maintenance`. */
export interface MaintenanceModeResult {
  /** The server's explanation, e.g. "Cluster supervision deactivated. It will be reactivated …". */
  warning?: string;
  [key: string]: unknown;
}

/**
 * A DB-Server's maintenance mode (`PUT /_admin/cluster/maintenance/{id}`): `maintenance` stops the
 * supervision from failing it over for a while, `normal` ends that.
 */
export type DbServerMaintenanceMode = 'maintenance' | 'normal';

/** `GET /_admin/cluster/maintenance/{id}`: `null` when the server is not in maintenance. */
export interface DbServerMaintenance {
  Mode: 'maintenance';
  /** ISO time at which the maintenance ends by itself. */
  Until: string;
}

/** One Coordinator endpoint of `GET /_api/cluster/endpoints`. */
export interface ClusterEndpoint {
  /** `tcp://host:port` or `ssl://host:port`. */
  endpoint: string;
}

/** Where one shard lives: the leader and the followers (short names); `progress` while followers catch up. */
export interface ShardLocation {
  leader: string;
  followers: string[];
  progress?: { total: number; current: number; followerPercent?: number };
}

/** One collection's shards: `Plan` (where the Agency wants them) and `Current` (where they are), by shard id. */
export interface CollectionShardDistribution {
  Plan: Record<string, ShardLocation>;
  Current: Record<string, ShardLocation>;
}

/** Collection name → where its shards are planned and currently live (servers by short name). */
export type ShardDistribution = Record<string, CollectionShardDistribution>;

/**
 * The imbalance of leader shards (`leader`: weight, target weight and number of leader shards per
 * DB-Server) and of all shards (`shards`: size, target size and number of shards per DB-Server);
 * `imbalance` is a measure where higher is worse. Arrays have one entry per DB-Server.
 */
export interface ClusterImbalanceInfo {
  leader: {
    weightUsed: number[];
    targetWeight: number[];
    numberShards: number[];
    leaderDupl: number[];
    totalWeight: number;
    imbalance: number;
    totalShards: number;
  };
  shards: {
    sizeUsed: number[];
    targetSize: number[];
    numberShards: number[];
    totalUsed: number;
    totalShards: number;
    totalShardsFromSystemCollections: number;
    imbalance: number;
  };
}

/** `GET /_admin/cluster/rebalance`: the current imbalance plus the pending and planned move-shard operations. */
export interface ClusterImbalance extends ClusterImbalanceInfo {
  pendingMoveShards: number;
  todoMoveShards: number;
}

/**
 * What `POST`/`PUT /_admin/cluster/rebalance` may plan; the server's defaults: at most 1000 moves,
 * `leaderChanges` true, `moveLeaders`/`moveFollowers`/`excludeSystemCollections` false, `piFactor`
 * 256e6 (a weighting factor to leave alone), no databases excluded.
 */
export interface RebalanceOptions {
  maximumNumberOfMoves?: number;
  leaderChanges?: boolean;
  moveLeaders?: boolean;
  moveFollowers?: boolean;
  excludeSystemCollections?: boolean;
  piFactor?: number;
  databasesExcluded?: string[];
}

/** A suggested move: the shard, the id of its collection, from and to which server, whether it moves the leader. */
export interface RebalanceMove {
  from: string;
  to: string;
  shard: string;
  collection: number;
  isLeader: boolean;
}

/** A computed rebalance plan: the imbalance before and (expected) after the moves, and the moves. */
export interface RebalancePlan {
  imbalanceBefore: ClusterImbalanceInfo;
  imbalanceAfter: ClusterImbalanceInfo;
  moves: RebalanceMove[];
}

/** Agency job started by moveShard / cleanOutServer / resignLeadership. */
export interface AgencyJobStarted {
  id: string;
}

/**
 * An agency job as `GET /_admin/cluster/queryAgencyJob` answers it: the job id, its `status` and the
 * job's own fields (type, shard, servers, times), kept as the server sends them.
 */
export interface AgencyJob {
  job?: string;
  status: 'ToDo' | 'Pending' | 'Finished' | 'Failed' | string;
  [key: string]: unknown;
}

/**
 * What `moveShard()` moves: a shard of `collection` from one DB-Server to another, the old leader
 * staying a follower when `remainsFollower` is set.
 */
export interface MoveShardOptions {
  /** Defaults to the database of `db.cluster`. */
  database?: string;
  collection: string;
  shard: string;
  fromServer: string;
  toServer: string;
  remainsFollower?: boolean;
}

/** `PUT /_admin/cluster/uniqId`: the lowest and highest of the unique ids reserved (as strings). */
export interface UniqueIdRange {
  smallest: string;
  largest: string;
}
