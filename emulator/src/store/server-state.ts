import { randomBytes, randomUUID } from 'node:crypto';
import { Database } from './database.js';
import { UserStore } from './users.js';
import { JobStore } from './jobs.js';
import { ShardPlan } from './shards.js';
import { MARKER, WriteAheadLog } from './wal.js';
import { httpError } from '../errors.js';
import { ARANGO_VERSION } from '../version.js';

export { ARANGO_VERSION } from '../version.js';

/** Server roles as ArangoDB names them in `/_admin/server/role`. */
export type NodeRole = 'SINGLE' | 'COORDINATOR' | 'PRIMARY' | 'AGENT';

/** How many requests `/_admin/server/api-calls` remembers per server. */
const MAX_RECENT_CALLS = 1024;

/**
 * ArangoDB's bucket bounds (seconds) for the request-time histograms (`RequestTimeScale`, the
 * `requestTimeDistribution` cuts of `/_admin/statistics`).
 */
export const REQUEST_TIME_CUTS: readonly number[] = [0.01, 0.05, 0.1, 0.2, 0.5, 1, 5, 15, 30];

/** A cumulative histogram as Prometheus exports it: counts per upper bound, plus sum and count. */
export class Histogram {
  /** Per bucket (not cumulative), the last one for values above every cut. */
  readonly counts: number[];
  sum = 0;
  count = 0;

  constructor(readonly cuts: readonly number[]) {
    this.counts = new Array<number>(cuts.length + 1).fill(0);
  }

  observe(value: number): void {
    const cuts = this.cuts;
    let i = 0;
    while (i < cuts.length && value > (cuts[i] as number)) i++;
    this.counts[i] = (this.counts[i] ?? 0) + 1;
    this.sum += value;
    this.count++;
  }
}

/** Request counters of one node, the source of `/_admin/statistics` and `/_admin/metrics`. */
export class NodeStats {
  requestsTotal = 0;
  requestsAsync = 0;
  requestsSuperuser = 0;
  requestsUser = 0;
  readonly byMethod: Record<string, number> = {
    GET: 0, HEAD: 0, POST: 0, PUT: 0, PATCH: 0, DELETE: 0, OPTIONS: 0, other: 0,
  };
  bytesReceived = 0;
  bytesSent = 0;
  /** Sum and count of handler times in seconds. */
  requestTimeSum = 0;
  /**
   * Seconds from a request's arrival to its answer (`total_time`), waiting before processing
   * starts — body upload, injected latency, held faults (`queue_time`) — and processing
   * (`request_time`). All coordinators share one event loop, so load on any shows in all.
   */
  readonly totalTime = new Histogram(REQUEST_TIME_CUTS);
  readonly queueTime = new Histogram(REQUEST_TIME_CUTS);
  readonly requestTime = new Histogram(REQUEST_TIME_CUTS);
  /** Requests refused because `x-arango-queue-time-seconds` could not be met. */
  queueTimeViolations = 0;
  /** Queue time of the most recent request, in ms (`arangodb_scheduler_low_prio_queue_last_dequeue_time`). */
  lastQueueTimeMs = 0;
  openConnections = 0;
  /** Responses by status class, for the metrics endpoint. */
  readonly byStatus: Record<string, number> = {};
  /**
   * Ring buffer behind `recentCalls`: recording is on every request's path, so it stores the
   * time as a number and overwrites the oldest slot instead of shifting an array.
   */
  private readonly calls: Array<{ time: number; requestType: string; path: string; database: string }> = [];
  private nextCall = 0;
  /**
   * Most recent AQL queries (`/_admin/server/aql-queries`), newest last. The AQL handlers
   * add to it with `recordQuery`.
   */
  readonly recentQueries: Array<{ timeStamp: string; query: string; bindVars: Record<string, unknown>; database: string }> = [];

  /** Most recent requests (`/_admin/server/api-calls`), newest last. */
  get recentCalls(): Array<{ timeStamp: string; requestType: string; path: string; database: string }> {
    const ordered = this.calls.length < MAX_RECENT_CALLS
      ? this.calls
      : [...this.calls.slice(this.nextCall), ...this.calls.slice(0, this.nextCall)];
    return ordered.map((c) => ({ timeStamp: new Date(c.time).toISOString(), requestType: c.requestType, path: c.path, database: c.database }));
  }

  recordCall(requestType: string, path: string, database: string): void {
    const entry = { time: Date.now(), requestType, path, database };
    if (this.calls.length < MAX_RECENT_CALLS) {
      this.calls.push(entry);
    } else {
      this.calls[this.nextCall] = entry;
      this.nextCall = (this.nextCall + 1) % MAX_RECENT_CALLS;
    }
  }

  recordQuery(query: string, bindVars: Record<string, unknown>, database: string): void {
    this.recentQueries.push({ timeStamp: new Date().toISOString(), query, bindVars, database });
    if (this.recentQueries.length > 256) this.recentQueries.shift();
  }

  countRequest(method: string): void {
    this.requestsTotal++;
    if (method in this.byMethod) this.byMethod[method] = (this.byMethod[method] ?? 0) + 1;
    else this.byMethod.other = (this.byMethod.other ?? 0) + 1;
  }
}

/** A server of the deployment, real (a listening coordinator) or simulated (DB-server, agent). */
export interface ServerNode {
  readonly id: string;
  /** ArangoDB's 24-bit short id; encoded into ids the server hands out (0 on a single server). */
  readonly shortId: number;
  readonly shortName: string;
  readonly role: NodeRole;
  /** `tcp://127.0.0.1:<port>` */
  readonly endpoint: string;
  readonly running: boolean;
  /** When it last stopped (ms), if it is stopped: health turns BAD, then FAILED after 15 s. */
  readonly stoppedAt?: number | undefined;
  readonly stats: NodeStats;
  readonly startTime: number;
  /** A soft shutdown (`DELETE /_admin/shutdown?soft=true`) is in progress. */
  readonly softShutdownOngoing?: boolean;
  /** Shuts the server down (`DELETE /_admin/shutdown`); only listening servers have it. */
  shutdown?(soft: boolean): void;
}

/** A DB-server or agent: it has an id and an entry in health, but no socket of its own. */
export class SimulatedNode implements ServerNode {
  readonly stats = new NodeStats();
  readonly startTime = Date.now();
  running = true;
  constructor(
    readonly id: string,
    readonly shortId: number,
    readonly shortName: string,
    readonly role: NodeRole,
    readonly endpoint: string,
  ) {}
}

export interface DatabaseOptions {
  sharding: '' | 'flexible' | 'single';
  replicationFactor: number | 'satellite';
  writeConcern: number;
}

export interface LogEntry {
  id: number;
  topic: string;
  level: 'FATAL' | 'ERROR' | 'WARNING' | 'INFO' | 'DEBUG' | 'TRACE';
  date: string;
  message: string;
}

export const LOG_LEVELS = ['FATAL', 'ERROR', 'WARNING', 'INFO', 'DEBUG', 'TRACE'] as const;

/** Log topics ArangoDB 3.12 reports in `/_admin/log/level` (a representative subset). */
const LOG_TOPICS = [
  'agency', 'agencycomm', 'agencystore', 'aql', 'audit-authentication', 'audit-authorization',
  'audit-collection', 'audit-database', 'audit-document', 'audit-hotbackup', 'audit-service',
  'audit-view', 'authentication', 'authorization', 'backup', 'bench', 'cache', 'cluster',
  'communication', 'config', 'crash', 'deprecation', 'development', 'dump', 'engines', 'flush',
  'general', 'graphs', 'heartbeat', 'httpclient', 'license', 'maintenance', 'memory', 'queries',
  'replication', 'replication2', 'requests', 'restore', 'rocksdb', 'security', 'ssl', 'startup',
  'statistics', 'supervision', 'syscall', 'threads', 'trx', 'ttl', 'validation', 'v8', 'views',
] as const;

/**
 * Database names as ArangoDB 3.12 accepts them with `--database.extended-names true` (a
 * superset of the traditional `[a-zA-Z][a-zA-Z0-9_-]*`, max 64 bytes): at most 128 bytes of
 * NFC-normalised UTF-8, no `/` or `:`, no control characters, no leading/trailing space, and not
 * starting with a digit, `_` or `.`. We emulate the extended setting so that drivers can test
 * Unicode names.
 */
export function isValidDatabaseName(name: unknown): name is string {
  if (typeof name !== 'string' || name === '') return false;
  if (Buffer.byteLength(name, 'utf8') > 128) return false;
  if (name.normalize('NFC') !== name) return false;
  if (/[/:]/.test(name)) return false;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(name)) return false;
  if (name !== name.trim()) return false;
  return !/^[0-9_.]/.test(name);
}

type DbListener = (name: string) => void;

/**
 * Everything a cluster's coordinators share: databases, users, the id allocator, server mode,
 * maintenance flags, async jobs, shard plan, logs. The state outlives a stopped coordinator,
 * except what that coordinator owned in memory (see `EmuHttpServer.close`).
 */
export class ServerState {
  readonly clusterId = randomUUID();
  readonly deploymentId = randomUUID();
  readonly startTime = Date.now();
  readonly users: UserStore;
  readonly jobs = new JobStore();
  /** Committed changes in tick order, for `/_api/wal/tail` (single servers). */
  readonly wal = new WriteAheadLog(() => this.newTick(), () => this.lastTick);
  readonly shards: ShardPlan;
  /** HS256 secret for `/_open/auth` tokens and `--server.jwt-secret` superuser tokens. */
  readonly jwtSecret: string;
  readonly authentication: boolean;
  /**
   * Largest request body in bytes, before and after Content-Encoding is undone (413 above it).
   * 512 MiB by default; tests and the fuzzer lower it to exercise the limit cheaply.
   */
  maxBodyBytes = 512 * 1024 * 1024;
  /** `--http.trusted-origin`, normalised: origins whose CORS answers may carry credentials (`['*']` = all). */
  readonly trustedOrigins: readonly string[];
  /** Every node of the deployment, keyed by id: coordinators (or the single server), DB-servers, agents. */
  readonly nodes = new Map<string, ServerNode>();
  /** `readonly` refuses writes (403/1004) and DDL (403/11). Cluster-wide, like ArangoDB's PUT /_admin/server/mode. */
  mode: 'default' | 'readonly' = 'default';
  /** Agency supervision maintenance: on until this time (ms), or null. */
  supervisionMaintenanceUntil: number | null = null;
  /** Per-DB-server maintenance: server id → until (ms). */
  readonly serverMaintenance = new Map<string, number>();
  /** Target numbers from `PUT /_admin/cluster/numberOfServers` (null = not set). */
  readonly targetServers: {
    numberOfDBServers: number | null;
    numberOfCoordinators: number | null;
    cleanedServers: string[];
  } = { numberOfDBServers: null, numberOfCoordinators: null, cleanedServers: [] };
  readonly logLevels = new Map<string, string>();
  readonly log: LogEntry[] = [];
  private logId = 0;
  private readonly databases = new Map<string, Database>();
  private readonly dbOptions = new Map<string, DatabaseOptions>();
  private tick = 100;
  private readonly counters = new Map<number, bigint>();
  private readonly createdListeners: DbListener[] = [];
  private readonly droppedListeners: DbListener[] = [];

  constructor(
    readonly options: {
      rootPassword: string;
      jwtSecret?: string | undefined;
      authentication: boolean;
      cluster: boolean;
      trustedOrigins?: readonly string[] | undefined;
    },
  ) {
    this.trustedOrigins = options.trustedOrigins ?? [];
    this.users = new UserStore(options.rootPassword);
    this.jwtSecret = options.jwtSecret ?? randomBytes(32).toString('hex');
    this.authentication = options.authentication;
    this.shards = new ShardPlan(this);
    for (const t of LOG_TOPICS) this.logLevels.set(t, 'INFO');
    this.databases.set('_system', this.logged(new Database('_system', '1')));
    this.dbOptions.set('_system', { sharding: '', replicationFactor: 1, writeConcern: 1 });
    this.addLog('general', 'INFO', `ArangoDB (version ${ARANGO_VERSION} [linux]) is ready for business. Have fun!`);
  }

  get isCluster(): boolean {
    return this.options.cluster;
  }

  // ---- ids -------------------------------------------------------------------------------

  /** The last id handed out (the server's current tick), without taking a new one. */
  get lastTick(): string {
    return String(this.tick);
  }

  /** A fresh numeric id (databases, collections, indexes, revisions…), as a decimal string. */
  newTick(): string {
    this.tick += 1;
    return String(this.tick);
  }

  /** Reserves `n` consecutive ids (`PUT /_admin/cluster/uniqId?number=`). */
  reserveTicks(n: number): [string, string] {
    const smallest = this.tick + 1;
    this.tick += n;
    return [String(smallest), String(this.tick)];
  }

  /** Makes every future id at least `minimum` (`PUT /_admin/cluster/uniqId?minimum=`). */
  skipTicksTo(minimum: number): [string, string] {
    const before = this.tick;
    if (minimum > this.tick) this.tick = minimum - 1;
    return [String(before + 1), String(Math.max(before, this.tick))];
  }

  /**
   * A server-specific tick (ArangoDB `TRI_NewServerSpecificTick`): `(shortId << 40) | counter`,
   * for cursor, query, async-job and task ids. Any coordinator can find the owner from the id.
   */
  newServerTick(shortId: number): string {
    const n = (this.counters.get(shortId) ?? 0n) + 1n;
    this.counters.set(shortId, n);
    return ((BigInt(shortId) << 40n) | (n & 0xffffffffffn)).toString();
  }

  /** A stream-transaction id (`TRI_NewServerSpecificTickMod4`): ≡ 0 mod 4 for coordinators. */
  newTransactionId(shortId: number): string {
    const n = (this.counters.get(shortId) ?? 0n) + 1n;
    this.counters.set(shortId, n);
    return ((BigInt(shortId) << 40n) | ((n << 2n) & 0xfffffffffcn)).toString();
  }

  /** The node whose short id an id carries, if it is a known coordinator. */
  ownerOf(id: string): ServerNode | undefined {
    if (!/^[0-9]{1,20}$/.test(id)) return undefined;
    const shortId = Number((BigInt(id) >> 40n) & 0xffffffn);
    if (shortId === 0) return undefined;
    for (const n of this.nodes.values()) {
      if (n.shortId === shortId && (n.role === 'COORDINATOR' || n.role === 'SINGLE')) return n;
    }
    return undefined;
  }

  // ---- nodes -----------------------------------------------------------------------------

  nodesByRole(role: NodeRole): ServerNode[] {
    return [...this.nodes.values()].filter((n) => n.role === role);
  }

  /** Finds a node by id or short name (ArangoDB accepts both in most cluster calls). */
  findNode(idOrAlias: string): ServerNode | undefined {
    const byId = this.nodes.get(idOrAlias);
    if (byId) return byId;
    for (const n of this.nodes.values()) if (n.shortName === idOrAlias) return n;
    return undefined;
  }

  // ---- databases -------------------------------------------------------------------------

  hasDatabase(name: string): boolean {
    return this.databases.has(name);
  }

  /** Throws 404 / ERROR_ARANGO_DATABASE_NOT_FOUND (1228) for an unknown name. */
  database(name: string): Database {
    const db = this.databases.get(name);
    if (!db) throw httpError(404, 'ERROR_ARANGO_DATABASE_NOT_FOUND');
    return db;
  }

  databaseNames(): string[] {
    return [...this.databases.keys()].sort();
  }

  /** Connects a database's change reports to the write-ahead log. */
  private logged(db: Database): Database {
    db.changeLog = (change) => this.wal.append(db.name, change);
    return db;
  }

  databaseOptions(name: string): DatabaseOptions {
    return this.dbOptions.get(name) ?? { sharding: '', replicationFactor: 1, writeConcern: 1 };
  }

  createDatabase(name: unknown, options: Partial<DatabaseOptions> = {}): Database {
    if (!isValidDatabaseName(name)) throw httpError(400, 'ERROR_ARANGO_DATABASE_NAME_INVALID');
    if (this.databases.has(name)) throw httpError(409, 'ERROR_ARANGO_DUPLICATE_NAME', `duplicate database name '${name}'`);
    const db = this.logged(new Database(name, this.newTick()));
    this.databases.set(name, db);
    this.wal.append(name, { type: MARKER.DATABASE_CREATE, data: { database: db.id, name } });
    this.dbOptions.set(name, {
      sharding: options.sharding ?? '',
      replicationFactor: options.replicationFactor ?? 1,
      writeConcern: options.writeConcern ?? 1,
    });
    this.addLog('general', 'INFO', `created database '${name}'`);
    for (const l of this.createdListeners) l(name);
    return db;
  }

  dropDatabase(name: string): void {
    if (name === '_system') throw httpError(403, 'ERROR_ARANGO_USE_SYSTEM_DATABASE');
    const db = this.databases.get(name);
    if (!db) throw httpError(404, 'ERROR_ARANGO_DATABASE_NOT_FOUND');
    this.databases.delete(name);
    this.wal.append(name, { type: MARKER.DATABASE_DROP, data: { database: db.id, name } });
    // Aborts the database's stream transactions and marks its collections dropped (TTL sweeps stop).
    db.drop();
    this.dbOptions.delete(name);
    this.users.dropDatabase(name);
    this.shards.dropDatabase(name);
    this.addLog('general', 'INFO', `dropped database '${name}'`);
    for (const l of this.droppedListeners) l(name);
  }

  /** Lets other areas (system collections, cursors, transactions) react to database lifecycle. */
  onDatabaseCreated(listener: DbListener): void {
    this.createdListeners.push(listener);
  }

  onDatabaseDropped(listener: DbListener): void {
    this.droppedListeners.push(listener);
  }

  // ---- log -------------------------------------------------------------------------------

  addLog(topic: string, level: LogEntry['level'], message: string): void {
    this.logId += 1;
    this.log.push({ id: this.logId, topic, level, date: new Date().toISOString(), message });
    if (this.log.length > 2048) this.log.splice(0, this.log.length - 2048);
  }

  get supervisionMaintenance(): boolean {
    return this.supervisionMaintenanceUntil !== null && this.supervisionMaintenanceUntil > Date.now();
  }
}
