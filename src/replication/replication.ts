/**
 * Replication information calls (`/_api/replication/*`). The dump, inventory, batch and logger
 * calls are in the 3.12 reference. The applier and server-id calls are documented in ArangoDB's
 * 3.12 "Replication applier" and "Other replication commands" pages rather than in our extract;
 * they are sent as those pages describe.
 */
import { unexpected } from '../shape.js';
import type { Connection } from '../connection.js';
import { ArangoClientError } from '../errors.js';
import type { CallOptions, QueryValue } from '../transport/request.js';
import { path } from '../transport/path.js';
import { attribute, callOptions, withoutEnvelope } from '../admin/envelope.js';
import { jsonLines, replicationHeaders, type ReplicationHeaders } from './dump-lines.js';
import { describeHandle, inspectable, type HandleDescription } from '../describe.js';

export interface ReplicationInventory {
  collections: { parameters: Record<string, unknown>; indexes: Record<string, unknown>[] }[];
  views?: Record<string, unknown>[];
  databases?: Record<string, unknown>;
  state: { running: boolean; lastLogTick: string; lastUncommittedLogTick?: string; totalEvents: number; time: string };
  tick: string;
  [key: string]: unknown;
}

export interface InventoryOptions {
  /** Id of a dump batch (required by the server). */
  batchId: string | number;
  includeSystem?: boolean;
  /** All databases (only from `_system`). */
  global?: boolean;
  collection?: string;
}

export interface DumpBatch {
  id: string;
  lastTick: string;
  state?: Record<string, unknown>;
}

export interface DumpOptions {
  batchId: string | number;
  chunkSize?: number;
}

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

export interface LoggerState {
  state: { running: boolean; lastLogTick: string; lastUncommittedLogTick?: string; totalEvents: number; time: string };
  server: { version: string; serverId: string; engine?: string };
  clients: { syncerId?: string; serverId: string; lastServedTick: string; time: string; expires?: string }[];
}

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

export class Replication {
  /** What logging shows: kind, database, name and hosts — never credentials. */
  toJSON(): HandleDescription {
    return describeHandle('Replication', this.connection);
  }
  constructor(private readonly connection: Connection) {}

  async inventory(options: InventoryOptions & CallOptions): Promise<ReplicationInventory> {
    const query: Record<string, QueryValue> = { batchId: id(options?.batchId, 'inventory') };
    if (options.includeSystem !== undefined) query.includeSystem = options.includeSystem;
    if (options.global !== undefined) query.global = options.global;
    if (options.collection !== undefined) query.collection = options.collection;
    return this.connection.send({ operation: 'replication.inventory', method: 'GET', path: '/_api/replication/inventory', query, ...callOptions(options) }, (res) =>
      withoutEnvelope<ReplicationInventory>(res, 'inventory'),
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
      (res) => withoutEnvelope<DumpBatch>(res, 'create dump batch'),
    );
  }

  async deleteDumpBatch(batchId: string | number, options: { dbServer?: string } & CallOptions = {}): Promise<void> {
    const query: Record<string, QueryValue> = options.dbServer === undefined ? {} : { DBserver: options.dbServer };
    await this.connection.send(
      { operation: 'replication.deleteDumpBatch', method: 'DELETE', path: path`/_api/replication/batch/${id(batchId, 'delete dump batch')}`, query, ...callOptions(options) },
      () => undefined,
    );
  }

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
      (res) => withoutEnvelope<Record<string, unknown>>(res, 'cluster inventory'),
    );
  }

  async loggerState(call?: CallOptions): Promise<LoggerState> {
    return this.connection.send({ operation: 'replication.loggerState', method: 'GET', path: '/_api/replication/logger-state', ...callOptions(call) }, (res) =>
      withoutEnvelope<LoggerState>(res, 'logger state'),
    );
  }

  async loggerFirstTick(call?: CallOptions): Promise<string> {
    return this.connection.send({ operation: 'replication.loggerFirstTick', method: 'GET', path: '/_api/replication/logger-first-tick', ...callOptions(call) }, (res) =>
      String(attribute<string | number>(res, 'firstTick', 'logger first tick')),
    );
  }

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

  async applierState(call?: CallOptions): Promise<ApplierState> {
    return this.connection.send({ operation: 'replication.applierState', method: 'GET', path: '/_api/replication/applier-state', ...callOptions(call) }, (res) =>
      withoutEnvelope<ApplierState>(res, 'applier state'),
    );
  }

  async startApplier(from?: string | number, call?: CallOptions): Promise<ApplierState> {
    const query: Record<string, QueryValue> = from === undefined ? {} : { from: String(from) };
    return this.connection.send({ operation: 'replication.startApplier', method: 'PUT', path: '/_api/replication/applier-start', query, ...callOptions(call) }, (res) =>
      withoutEnvelope<ApplierState>(res, 'start applier'),
    );
  }

  async stopApplier(call?: CallOptions): Promise<ApplierState> {
    return this.connection.send({ operation: 'replication.stopApplier', method: 'PUT', path: '/_api/replication/applier-stop', idempotent: true, ...callOptions(call) }, (res) =>
      withoutEnvelope<ApplierState>(res, 'stop applier'),
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
