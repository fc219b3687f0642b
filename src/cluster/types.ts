/** Result shapes of the cluster API (openapi_3.12_cluster.txt, digest §2). */

export type ServerRole = 'SINGLE' | 'COORDINATOR' | 'PRIMARY' | 'SECONDARY' | 'AGENT' | 'UNDEFINED';
export type ServerMode = 'default' | 'readonly';

/**
 * Role as `/_admin/cluster/health` writes it. A real server writes "Coordinator", "DBServer",
 * "Agent"; the 3.12 docs print upper case — both are accepted.
 */
export type HealthRole = 'Coordinator' | 'DBServer' | 'Agent' | 'COORDINATOR' | 'DBSERVER' | 'AGENT';
export type HealthStatus = 'GOOD' | 'BAD' | 'FAILED';
export type SyncStatus = 'UNKNOWN' | 'UNDEFINED' | 'STARTUP' | 'STOPPING' | 'STOPPED' | 'SERVING' | 'SHUTDOWN';

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

export interface ClusterHealth {
  ClusterId: string;
  /** Server id (`CRDN-…`, `PRMR-…`, `AGNT-…`) → health. */
  Health: Record<string, ServerHealth>;
}

export interface ServerVersion {
  server: string;
  license: 'community' | 'enterprise' | string;
  version: string;
  details?: Record<string, string>;
}

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

export interface NumberOfServers {
  numberOfDBServers: number | null;
  numberOfCoordinators: number | null;
  cleanedServers: string[];
}

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

export type DbServerMaintenanceMode = 'maintenance' | 'normal';

/** `GET /_admin/cluster/maintenance/{id}`: `null` when the server is not in maintenance. */
export interface DbServerMaintenance {
  Mode: 'maintenance';
  /** ISO time at which the maintenance ends by itself. */
  Until: string;
}

export interface ClusterEndpoint {
  /** `tcp://host:port` or `ssl://host:port`. */
  endpoint: string;
}

export interface ShardLocation {
  leader: string;
  followers: string[];
  progress?: { total: number; current: number; followerPercent?: number };
}

export interface CollectionShardDistribution {
  Plan: Record<string, ShardLocation>;
  Current: Record<string, ShardLocation>;
}

/** Collection name → where its shards are planned and currently live (servers by short name). */
export type ShardDistribution = Record<string, CollectionShardDistribution>;

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

export interface ClusterImbalance extends ClusterImbalanceInfo {
  pendingMoveShards: number;
  todoMoveShards: number;
}

export interface RebalanceOptions {
  maximumNumberOfMoves?: number;
  leaderChanges?: boolean;
  moveLeaders?: boolean;
  moveFollowers?: boolean;
  excludeSystemCollections?: boolean;
  piFactor?: number;
  databasesExcluded?: string[];
}

export interface RebalanceMove {
  from: string;
  to: string;
  shard: string;
  collection: number;
  isLeader: boolean;
}

export interface RebalancePlan {
  imbalanceBefore: ClusterImbalanceInfo;
  imbalanceAfter: ClusterImbalanceInfo;
  moves: RebalanceMove[];
}

/** Agency job started by moveShard / cleanOutServer / resignLeadership. */
export interface AgencyJobStarted {
  id: string;
}

export interface AgencyJob {
  job?: string;
  status: 'ToDo' | 'Pending' | 'Finished' | 'Failed' | string;
  [key: string]: unknown;
}

export interface MoveShardOptions {
  /** Defaults to the database of `db.cluster`. */
  database?: string;
  collection: string;
  shard: string;
  fromServer: string;
  toServer: string;
  remainsFollower?: boolean;
}

export interface UniqueIdRange {
  smallest: string;
  largest: string;
}
