/**
 * Replication information calls (`/_api/replication/*`). The dump, inventory, batch and logger
 * calls are in the 3.12 reference. The applier and server-id calls are documented in ArangoDB's
 * 3.12 "Replication applier" and "Other replication commands" pages rather than in our extract;
 * they are sent as those pages describe.
 */
import { unexpected, withShape } from '../shape.js';
import type { Connection } from '../connection.js';
import { ArangoClientError } from '../errors.js';
import type { CallOptions, QueryValue } from '../transport/request.js';
import { path } from '../transport/path.js';
import { attribute, callOptions, withoutEnvelope } from '../admin/envelope.js';
import { jsonLines, replicationHeaders, type ReplicationHeaders } from './dump-lines.js';
import { describeHandle, inspectable, type HandleDescription } from '../describe.js';


/**
 * `GET /_api/replication/inventory`: the collections (their parameters and indexes) and Views of the
 * database (or of every database with `global`), the logger `state`, and the `tick` the inventory
 * is consistent with.
 */
export interface ReplicationInventory {
  collections: { parameters: Record<string, unknown>; indexes: Record<string, unknown>[] }[];
  views?: Record<string, unknown>[];
  databases?: Record<string, unknown>;
  state: { running: boolean; lastLogTick: string; lastUncommittedLogTick?: string; totalEvents: number; time: string };
  tick: string;
  [key: string]: unknown;
}

/** Query options of {@link Replication.inventory}. */
export interface InventoryOptions {
  /** Id of a dump batch (required by the server). */
  batchId: string | number;
  /** Include system collections (server default `true`). */
  includeSystem?: boolean;
  /** All databases (only from `_system`). */
  global?: boolean;
  /** Only this collection. */
  collection?: string;
  /** On a Coordinator: the DB-Server that holds the batch (sent as `DBserver`); it lists its shards. */
  dbServer?: string;
}

/**
 * A dump batch (`POST /_api/replication/batch`): a snapshot the dump calls read from, by `id`,
 * with the tick it was taken at and, with `state: true`, the logger state.
 */
export interface DumpBatch {
  id: string;
  lastTick: string;
  state?: Record<string, unknown>;
}

/** Query options of {@link Replication.dump}: the dump batch to read and the approximate chunk size in bytes. */
export interface DumpOptions {
  batchId: string | number;
  chunkSize?: number;
  /** On a Coordinator: the DB-Server that holds the batch and the shard (sent as `DBserver`). */
  dbServer?: string;
}

/**
 * One line of `GET /_api/replication/dump`: the operation's `tick`, its `type` (2300 document
 * insert/update, 2301 edge insert/update, 2302 removal), the document key and revision, and for
 * 2300/2301 the whole document in `data`.
 */
export interface DumpEntry {
  tick?: string;
  type: number;
  key?: string;
  rev?: string;
  data?: Record<string, unknown>;
  [key: string]: unknown;
}

export interface DumpResult extends ReplicationHeaders {
  entries: DumpEntry[];
}

/**
 * `GET /_api/replication/logger-state`: whether the logger runs, its last logged tick (for
 * incremental WAL tailing) and event count, the server's version and id, and the replication
 * clients with the last tick served to each.
 */
export interface LoggerState {
  state: { running: boolean; lastLogTick: string; lastUncommittedLogTick?: string; totalEvents: number; time: string };
  server: { version: string; serverId: string; engine?: string };
  clients: { syncerId?: string; serverId: string; lastServedTick: string; time: string; expires?: string }[];
}

/**
 * The replication applier's configuration (`/_api/replication/applier-config`): the master to
 * replicate from (endpoint, database, credentials), timeouts and wait times (seconds), chunk and
 * packet sizes (bytes), retries, auto-start and auto-resync, and which collections to include or
 * exclude (`restrictType`, `restrictCollections`).
 */
export interface ApplierConfig {
  endpoint?: string;
  database?: string;
  username?: string;
  /** Only ever sent, never answered. */
  password?: string;
  maxConnectRetries?: number;
  connectTimeout?: number;
  requestTimeout?: number;
  chunkSize?: number;
  autoStart?: boolean;
  adaptivePolling?: boolean;
  autoResync?: boolean;
  autoResyncRetries?: number;
  includeSystem?: boolean;
  includeFoxxQueues?: boolean;
  requireFromPresent?: boolean;
  verbose?: boolean;
  incremental?: boolean;
  restrictType?: '' | 'include' | 'exclude';
  restrictCollections?: string[];
  connectionRetryWaitTime?: number;
  initialSyncMaxWaitTime?: number;
  idleMinWaitTime?: number;
  idleMaxWaitTime?: number;
  maxPacketSize?: number;
  [key: string]: unknown;
}

/**
 * `GET /_api/replication/applier-state`: whether the applier runs, its phase and last error, the
 * server's version and id, and the endpoint and database it replicates from.
 */
export interface ApplierState {
  state: { running: boolean; phase: string; lastError?: { errorNum: number; errorMessage?: string }; [key: string]: unknown };
  server: { version: string; serverId: string };
  endpoint?: string;
  database?: string;
  [key: string]: unknown;
}

function id(value: unknown, what: string): string {
  if ((typeof value === 'number' && Number.isInteger(value)) || (typeof value === 'string' && value !== '')) return String(value);
  throw new ArangoClientError(`${what}: expected a batch id`);
}

function ttl(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new ArangoClientError(`${what}: ttl must be a positive number of seconds`);
  }
  return value;
}

/**
 * The replication API of one database (`/_api/replication/*`), `db.replication`: inventories, dump
 * batches and dumps (what `arangodump` and followers use), the replication logger and the
 * replication applier. These are low-level calls for tooling; a server refusal rejects with
 * {@link ArangoServerError}, an empty id or a bad ttl is refused with {@link ArangoClientError}.
 */
export class Replication {
  /** What logging shows: kind, database, name and hosts — never credentials. */
  toJSON(): HandleDescription {
    return describeHandle('Replication', this.connection);
  }
  constructor(private readonly connection: Connection) {}

  /** `GET /_api/replication/inventory`: the collections and Views as of the dump batch `batchId`. */
  async inventory(options: InventoryOptions & CallOptions): Promise<ReplicationInventory> {
    const query: Record<string, QueryValue> = { batchId: id(options?.batchId, 'inventory') };
    if (options.includeSystem !== undefined) query.includeSystem = options.includeSystem;
    if (options.global !== undefined) query.global = options.global;
    if (options.collection !== undefined) query.collection = options.collection;
    if (options.dbServer !== undefined) query.DBserver = options.dbServer;
    return this.connection.send({ operation: 'replication.inventory', method: 'GET', path: '/_api/replication/inventory', query, ...callOptions(options) }, (res) =>
      withoutEnvelope<ReplicationInventory>(withShape(res, { collections: 'array', state: 'object' }, 'inventory'), 'inventory'),
    );
  }

  /**
   * Creates a dump batch (a snapshot to dump from) that lives `ttl` seconds. On a Coordinator the
   * server needs `dbServer`, the DB-Server to take the snapshot on (sent as `DBserver`).
   */
  async createDumpBatch(ttlSeconds: number, options: { state?: boolean; dbServer?: string } & CallOptions = {}): Promise<DumpBatch> {
    const query: Record<string, QueryValue> = {};
    if (options.state !== undefined) query.state = options.state;
    if (options.dbServer !== undefined) query.DBserver = options.dbServer;
    return this.connection.send(
      { operation: 'replication.createDumpBatch', method: 'POST', path: '/_api/replication/batch', query, body: { ttl: ttl(ttlSeconds, 'create dump batch') }, ...callOptions(options) },
      (res) => withoutEnvelope<DumpBatch>(withShape(res, { id: 'string' }, 'create dump batch'), 'create dump batch'),
    );
  }

  /**
   * `DELETE /_api/replication/batch/{id}`: releases a dump batch before its ttl runs out. On a
   * Coordinator, `dbServer` names the DB-Server that holds it.
   */
  async deleteDumpBatch(batchId: string | number, options: { dbServer?: string } & CallOptions = {}): Promise<void> {
    const query: Record<string, QueryValue> = options.dbServer === undefined ? {} : { DBserver: options.dbServer };
    await this.connection.send(
      { operation: 'replication.deleteDumpBatch', method: 'DELETE', path: path`/_api/replication/batch/${id(batchId, 'delete dump batch')}`, query, ...callOptions(options) },
      () => undefined,
    );
  }

  /** `PUT /_api/replication/batch/{id}`: gives a dump batch `ttlSeconds` more to live. */
  async extendDumpBatch(batchId: string | number, ttlSeconds: number, options: { dbServer?: string } & CallOptions = {}): Promise<void> {
    const query: Record<string, QueryValue> = options.dbServer === undefined ? {} : { DBserver: options.dbServer };
    await this.connection.send(
      { operation: 'replication.extendDumpBatch',
        method: 'PUT',
        path: path`/_api/replication/batch/${id(batchId, 'extend dump batch')}`,
        query,
        body: { ttl: ttl(ttlSeconds, 'extend dump batch') },
        ...callOptions(options),
      },
      () => undefined,
    );
  }

  /** One chunk of a collection's data from a dump batch; `checkMore` says whether to ask again. */
  async dump(collection: string, options: DumpOptions & CallOptions): Promise<DumpResult> {
    if (typeof collection !== 'string' || collection === '') throw new ArangoClientError('dump: expected a collection name');
    const query: Record<string, QueryValue> = { collection, batchId: id(options?.batchId, 'dump') };
    if (options.chunkSize !== undefined) query.chunkSize = options.chunkSize;
    if (options.dbServer !== undefined) query.DBserver = options.dbServer;
    return this.connection.send(
      { operation: 'replication.dump', method: 'GET', path: '/_api/replication/dump', query, responseType: 'text', ...callOptions(options) },
      (res) => ({ ...replicationHeaders(res), entries: jsonLines<DumpEntry>(res, 'dump') }),
    );
  }

  /** Collections and Views of the whole cluster (Coordinators). */
  async clusterInventory(options: { includeSystem?: boolean } & CallOptions = {}): Promise<Record<string, unknown>> {
    const query: Record<string, QueryValue> = options.includeSystem === undefined ? {} : { includeSystem: options.includeSystem };
    return this.connection.send(
      { operation: 'replication.clusterInventory', method: 'GET', path: '/_api/replication/clusterInventory', query, ...callOptions(options) },
      (res) => withoutEnvelope<Record<string, unknown>>(withShape(res, { collections: 'array' }, 'cluster inventory'), 'cluster inventory'),
    );
  }

  /** `GET /_api/replication/logger-state`: the logger's last tick, events and clients. */
  async loggerState(call?: CallOptions): Promise<LoggerState> {
    return this.connection.send({ operation: 'replication.loggerState', method: 'GET', path: '/_api/replication/logger-state', ...callOptions(call) }, (res) =>
      withoutEnvelope<LoggerState>(withShape(res, { state: 'object', server: 'object' }, 'logger state'), 'logger state'),
    );
  }

  /** `GET /_api/replication/logger-first-tick`: the oldest tick still available in the WAL (a decimal string). */
  async loggerFirstTick(call?: CallOptions): Promise<string> {
    return this.connection.send({ operation: 'replication.loggerFirstTick', method: 'GET', path: '/_api/replication/logger-first-tick', ...callOptions(call) }, (res) =>
      String(attribute<string | number>(res, 'firstTick', 'logger first tick')),
    );
  }

  /** `GET /_api/replication/applier-config`: the applier's configuration (without the password). */
  async applierConfig(call?: CallOptions): Promise<ApplierConfig> {
    return this.connection.send({ operation: 'replication.applierConfig', method: 'GET', path: '/_api/replication/applier-config', ...callOptions(call) }, (res) =>
      withoutEnvelope<ApplierConfig>(res, 'applier config'),
    );
  }

  /** Sets the applier configuration; the answer never contains the password. */
  async setApplierConfig(config: ApplierConfig, call?: CallOptions): Promise<ApplierConfig> {
    if (typeof config !== 'object' || config === null) throw new ArangoClientError('set applier config: expected an object');
    const body: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(config)) if (v !== undefined) body[k] = v;
    return this.connection.send({ operation: 'replication.setApplierConfig', method: 'PUT', path: '/_api/replication/applier-config', body, ...callOptions(call) }, (res) =>
      withoutEnvelope<ApplierConfig>(res, 'set applier config'),
    );
  }

  /** `GET /_api/replication/applier-state`: whether the applier runs and how far it got. */
  async applierState(call?: CallOptions): Promise<ApplierState> {
    return this.connection.send({ operation: 'replication.applierState', method: 'GET', path: '/_api/replication/applier-state', ...callOptions(call) }, (res) =>
      withoutEnvelope<ApplierState>(withShape(res, { state: 'object' }, 'applier state'), 'applier state'),
    );
  }

  /** `PUT /_api/replication/applier-start`: starts the applier, from tick `from` if given (else where it stopped). */
  async startApplier(from?: string | number, call?: CallOptions): Promise<ApplierState> {
    const query: Record<string, QueryValue> = from === undefined ? {} : { from: String(from) };
    return this.connection.send({ operation: 'replication.startApplier', method: 'PUT', path: '/_api/replication/applier-start', query, ...callOptions(call) }, (res) =>
      withoutEnvelope<ApplierState>(withShape(res, { state: 'object' }, 'start applier'), 'start applier'),
    );
  }

  /** `PUT /_api/replication/applier-stop`: stops the applier; answers its state. */
  async stopApplier(call?: CallOptions): Promise<ApplierState> {
    return this.connection.send({ operation: 'replication.stopApplier', method: 'PUT', path: '/_api/replication/applier-stop', idempotent: true, ...callOptions(call) }, (res) =>
      withoutEnvelope<ApplierState>(withShape(res, { state: 'object' }, 'stop applier'), 'stop applier'),
    );
  }

  /** The server's id as the replication API reports it (a decimal string). */
  async serverId(call?: CallOptions): Promise<string> {
    return this.connection.send({ operation: 'replication.serverId', method: 'GET', path: '/_api/replication/server-id', ...callOptions(call) }, (res) => {
      const value = attribute<unknown>(res, 'serverId', 'server id');
      if (typeof value !== 'string' && typeof value !== 'number') throw unexpected(res, 'a JSON object with a "serverId" (replication server id)');
      return String(value);
    });
  }
}

inspectable(Replication);
