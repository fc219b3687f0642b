/**
 * `Database`: one database over a Connection, with its sub-APIs wired together. Sub-APIs are
 * small classes built on `this.connection`; adding one is a lazy getter (see `cluster`), so a
 * TransactionDatabase or an AsyncDatabase gets it with the right connection for free.
 */
import type { Connection } from './connection.js';
import { Cluster } from './cluster/cluster.js';
import { AqlApi } from './aql/query-api.js';
import { Collection, EdgeCollection } from './collection/collection.js';
import {
  createCollection,
  createEdgeCollection,
  deleteCollection,
  keyGenerators,
  listCollections,
  type DeleteCollectionOptions,
} from './collection/collections.js';
import { assertName } from './collection/management.js';
import type { CollectionDescription, CreateCollectionOptions } from './collection/types.js';
import {
  createDatabase,
  databaseExists,
  databaseProperties,
  deleteDatabase,
  listDatabases,
  listUserDatabases,
  type CreateDatabaseOptions,
  type DatabaseInfo,
  type DropDatabaseOptions,
} from './database-management.js';
import { ArangoClientError } from './errors.js';
import { AsyncConnection, AsyncJob, clearJobs, listJobs, type AsyncJobStatus, type ClearJobsOptions, type ListJobsOptions } from './job/job.js';
import type { AsyncDatabase, FireAndForgetDatabase } from './job/async-database.js';
import { assertMultiRequest } from './job/marker.js';
import {
  TransactionConnection,
  beginTransaction,
  executeTransaction,
  listTransactions,
  runInTransaction,
  transactionControl,
  type BeginTransactionOptions,
  type ExecuteTransactionOptions,
  type TransactionListEntry,
  type TransactionStatus,
} from './transaction/transaction.js';
import type { ArangoResponse, CallOptions, RequestSpec } from './transport/request.js';
import { ServerAdmin } from './admin/admin.js';
import type { Metric } from './admin/metrics.js';
import type * as Admin from './admin/types.js';
import { Analyzer, createAnalyzer, listAnalyzers } from './analyzer/analyzer.js';
import type { AnalyzerDescription, CreateAnalyzerOptions } from './analyzer/types.js';
import { Backups } from './backup/backup.js';
import { Foxx } from './foxx/foxx.js';
import { Graph } from './graph/graph.js';
import { createGraph, deleteGraph, hasGraph, listGraphs, type DeleteGraphOptions } from './graph/graphs.js';
import type { CreateGraphOptions, EdgeDefinitionInput, GraphProperties } from './graph/types.js';
import { Pregel } from './pregel/pregel.js';
import { Replication } from './replication/replication.js';
import { Tasks } from './task/tasks.js';
import { Users } from './user/users.js';
import { View, createView, listViews } from './view/view.js';
import type { CreateViewOptions, ViewDescription } from './view/types.js';
import { Wal } from './wal/wal.js';
import { describeHandle, inspectable, type HandleDescription } from './describe.js';

/** Options of {@link Database.beginAsyncExecution}. */
export interface BeginAsyncOptions {
  /**
   * true (default): calls are stored as jobs (`x-arango-async: store`) and resolve to `AsyncJob`s.
   * false: fire and forget (`x-arango-async: true`); calls resolve to `undefined`.
   */
  returnResult?: boolean;
}

/**
 * A handle on one database with one set of credentials, from `client.db(name, credentials)`. It
 * reaches collections, graphs, views, analyzers, AQL (`db.aql`), transactions, users,
 * the cluster and the server administration of that database. Handles are cheap: creating one
 * sends nothing. Calls reject with {@link ArangoServerError} when the server refuses,
 * {@link UnexpectedResponseError} when an answer is not shaped as ArangoDB's, and the transport's
 * errors ({@link NetworkError}, {@link TimeoutError}, {@link NoHostAvailableError}, …) otherwise.
 */
export class Database {
  /** What logging shows: kind, database, name and hosts — never credentials. */
  toJSON(): HandleDescription {
    return describeHandle(this.connection instanceof AsyncConnection ? 'AsyncDatabase' : 'Database', this.connection);
  }
  readonly connection: Connection;
  #cluster: Cluster | undefined;
  #aql: AqlApi | undefined;

  constructor(connection: Connection) {
    this.connection = connection;
  }

  /** Name of the database this handle addresses. */
  get name(): string {
    return this.connection.databaseName;
  }

  /**
   * Typed escape hatch for any endpoint: sends `spec` (path below `/_db/{name}`) and returns the
   * raw response, or what `parse` makes of it.
   */
  request<T = unknown>(spec: RequestSpec): Promise<ArangoResponse<T>>;
  request<R>(spec: RequestSpec, parse: (res: ArangoResponse) => R): Promise<R>;
  request<R>(spec: RequestSpec, parse?: (res: ArangoResponse) => R): Promise<R | ArangoResponse> {
    // Raw calls are traced as `database.request` unless the caller names them.
    const named = spec.operation === undefined ? { ...spec, operation: 'database.request' } : spec;
    if (parse !== undefined) return this.connection.send(named, parse);
    return this.connection.send(named, (res: ArangoResponse) => res);
  }

  /** Another database over the same transport and credentials (arangojs `db.database(name)`). */
  database(name: string): Database {
    assertName('database', name);
    return new Database(this.connection.forDatabase(name));
  }

  /** Cluster administration (`/_admin/cluster/*`, `/_admin/server/*`): ids, roles, health, maintenance, shards, rebalancing. */
  get cluster(): Cluster {
    return (this.#cluster ??= new Cluster(this.connection));
  }

  /** AQL: queries, cursors, explain, query management, caches, user functions. */
  get aql(): AqlApi {
    return (this.#aql ??= new AqlApi(this.connection));
  }

  // ---- collections --------------------------------------------------------------------------

  /** A handle on collection `name` (no request is sent); `T` types its documents. */
  collection<T extends object = Record<string, unknown>>(name: string): Collection<T> {
    return new Collection<T>(this.connection, name);
  }

  /** A handle on edge collection `name` (no request is sent); adds `edges`, `inEdges` and `outEdges`. */
  edgeCollection<T extends object = Record<string, unknown>>(name: string): EdgeCollection<T> {
    return new EdgeCollection<T>(this.connection, name);
  }

  /** `GET /_api/collection`: descriptions of the collections (python-arango `collections()`). */
  async collections(opts?: CallOptions & { excludeSystem?: boolean }): Promise<CollectionDescription[]> {
    return listCollections(this.connection, opts);
  }

  /** Key generator types the server supports (`GET /_api/key-generators`). */
  async keyGenerators(opts?: CallOptions): Promise<string[]> {
    return keyGenerators(this.connection, opts);
  }

  /** Whether collection `name` exists in this database. */
  async hasCollection(name: string, opts?: CallOptions): Promise<boolean> {
    return this.collection(name).exists(opts);
  }

  /** `POST /_api/collection` with every documented option; resolves to the collection. */
  async createCollection<T extends object = Record<string, unknown>>(name: string, opts?: CreateCollectionOptions): Promise<Collection<T>> {
    return createCollection<T>(this.connection, name, opts);
  }

  /** Creates an edge collection (`type: 3`) and answers its handle. */
  async createEdgeCollection<T extends object = Record<string, unknown>>(name: string, opts?: Omit<CreateCollectionOptions, 'type'>): Promise<EdgeCollection<T>> {
    return createEdgeCollection<T>(this.connection, name, opts);
  }

  /** `DELETE /_api/collection/{name}` (python-arango `delete_collection`). */
  async deleteCollection(name: string, opts?: DeleteCollectionOptions): Promise<boolean> {
    return deleteCollection(this.connection, name, opts);
  }

  // ---- databases ----------------------------------------------------------------------------

  /** `GET /_api/database/current`. */
  async properties(opts?: CallOptions): Promise<DatabaseInfo> {
    return databaseProperties(this.connection, opts);
  }

  /** Whether this database exists (false on 404/1228). */
  async exists(opts?: CallOptions): Promise<boolean> {
    return databaseExists(this.connection, opts);
  }

  /** All database names. ArangoDB serves this from `_system` only (403/1230 elsewhere). */
  async databases(opts?: CallOptions): Promise<string[]> {
    return listDatabases(this.connection, opts);
  }

  /** Names of the databases the current user can access (`GET /_api/database/user`). */
  async databasesAccessibleToUser(opts?: CallOptions): Promise<string[]> {
    return listUserDatabases(this.connection, opts);
  }

  /** Whether database `name` exists, asked of that database (false on 404/1228). */
  async hasDatabase(name: string, opts?: CallOptions): Promise<boolean> {
    return this.database(name).exists(opts);
  }

  /** `POST /_api/database` (from `_system`); resolves to the new database. 409/1207 if it exists. */
  async createDatabase(name: string, opts?: CreateDatabaseOptions): Promise<Database> {
    return createDatabase(this.connection, name, opts, (n) => this.database(n));
  }

  /** `DELETE /_api/database/{name}` (from `_system`); with `ignoreMissing` a missing database resolves `false`. */
  async deleteDatabase(name: string, opts?: DropDatabaseOptions): Promise<boolean> {
    return deleteDatabase(this.connection, name, opts);
  }

  // ---- transactions -------------------------------------------------------------------------

  /**
   * `POST /_api/transaction/begin`: a TransactionDatabase whose every request carries the
   * transaction id and goes to the coordinator that began it.
   */
  async beginTransaction(opts: BeginTransactionOptions): Promise<TransactionDatabase> {
    return beginTransaction(this.connection, opts, (id, hostId) => new TransactionDatabase(this.connection, id, hostId));
  }

  /**
   * A handle on an existing transaction by id. Without `hostId` it is not pinned; the
   * coordinators forward its requests to the owner.
   */
  fetchTransaction(id: string, hostId?: string): TransactionDatabase {
    if (typeof id !== 'string' || id === '') throw new ArangoClientError(`transaction id must be a non-empty string, got ${JSON.stringify(id)}`);
    return new TransactionDatabase(this.connection, id, hostId);
  }

  /** Running stream transactions of all coordinators (`GET /_api/transaction`). */
  async listTransactions(opts?: CallOptions): Promise<TransactionListEntry[]> {
    return listTransactions(this.connection, opts);
  }

  /**
   * Begins a transaction, runs `fn`, commits when it resolves and aborts when it throws (then
   * rethrows). `signal`/`timeout` apply to the begin; commit and abort always run to the end.
   */
  async withTransaction<R>(opts: BeginTransactionOptions, fn: (trx: TransactionDatabase) => Promise<R>): Promise<R> {
    assertMultiRequest(this.connection, 'withTransaction');
    if (typeof fn !== 'function') throw new ArangoClientError('withTransaction() needs a function to run');
    return runInTransaction(await this.beginTransaction(opts), fn);
  }

  /**
   * A JavaScript transaction (`POST /_api/transaction`).
   * `action` is JavaScript source, or a function whose source is sent. Servers without V8 refuse
   * it; that error is surfaced as is.
   *
   * @deprecated JavaScript transactions are deprecated from ArangoDB 3.12 and removed in v4.0: use a
   * stream transaction, {@link Database.withTransaction} or {@link Database.beginTransaction}.
   */
  async executeTransaction<R = unknown>(action: string | ((params: never) => unknown), opts: ExecuteTransactionOptions = {}): Promise<R> {
    return executeTransaction<R>(this.connection, action, opts);
  }

  // ---- async jobs ---------------------------------------------------------------------------

  /**
   * A database whose calls are sent as async jobs. With `returnResult` (default) each call
   * resolves to an `AsyncJob<T>` pinned to the coordinator that stored it; without, to `undefined`.
   * Calls that need several requests (import in chunks, AQL drains, withTransaction) are refused.
   */
  beginAsyncExecution(opts: BeginAsyncOptions & { returnResult: false }): FireAndForgetDatabase;
  beginAsyncExecution(opts?: BeginAsyncOptions): AsyncDatabase;
  beginAsyncExecution(opts?: BeginAsyncOptions): AsyncDatabase | FireAndForgetDatabase {
    assertMultiRequest(this.connection, 'beginAsyncExecution');
    const db = new Database(new AsyncConnection(this.connection, opts?.returnResult !== false));
    return db as unknown as AsyncDatabase;
  }

  /** Ids of pending or done jobs of the coordinator that answers (`hostId` picks one). */
  async asyncJobs(status: AsyncJobStatus, opts?: ListJobsOptions): Promise<string[]> {
    if (status !== 'pending' && status !== 'done') throw new ArangoClientError(`job status must be 'pending' or 'done', got ${JSON.stringify(status)}`);
    return listJobs(this.connection, status, opts);
  }

  /** Deletes all job results, or with `threshold` (Unix seconds) only older ones. */
  async clearAsyncJobs(opts?: ClearJobsOptions): Promise<boolean> {
    return clearJobs(this.connection, opts);
  }

  /** A handle on a job by id; its result is returned unparsed (the raw response body). */
  job(id: string, hostId?: string): AsyncJob<unknown> {
    if (typeof id !== 'string' || id === '') throw new ArangoClientError(`job id must be a non-empty string, got ${JSON.stringify(id)}`);
    return new AsyncJob<unknown>(this.connection, id, hostId, (res) => res.body);
  }

  // ---- graphs, views, analyzers (issue 6; modules in graph/, view/, analyzer/) ---------------

  /** A named graph handle (no request is sent). */
  graph(name: string): Graph {
    return new Graph(this.connection, name);
  }

  /** Definitions of every named graph of the database (`GET /_api/gharial`). */
  graphs(call?: CallOptions): Promise<GraphProperties[]> {
    return listGraphs(this.connection, call);
  }

  /** Creates named graph `name` from its edge definitions and answers its handle. */
  createGraph(name: string, edgeDefinitions: readonly EdgeDefinitionInput[], options?: CreateGraphOptions & CallOptions): Promise<Graph> {
    return createGraph(this.connection, name, edgeDefinitions, options);
  }

  /** Whether named graph `name` exists. */
  hasGraph(name: string, call?: CallOptions): Promise<boolean> {
    return hasGraph(this.connection, name, call);
  }

  /** Deletes named graph `name`; with `dropCollections` its collections too. */
  deleteGraph(name: string, options?: DeleteGraphOptions & CallOptions): Promise<boolean> {
    return deleteGraph(this.connection, name, options);
  }

  /** A handle on View `name` (no request is sent). */
  view(name: string): View {
    return new View(this.connection, name);
  }

  /** Descriptions of every View of the database (`GET /_api/view`). */
  views(call?: CallOptions): Promise<ViewDescription[]> {
    return listViews(this.connection, call);
  }

  /** Creates an `arangosearch` or `search-alias` View and answers its handle. */
  createView(name: string, options: CreateViewOptions & CallOptions): Promise<View> {
    return createView(this.connection, name, options);
  }

  /** A handle on Analyzer `name` (no request is sent). */
  analyzer(name: string): Analyzer {
    return new Analyzer(this.connection, name);
  }

  /** Definitions of every Analyzer visible in this database (`GET /_api/analyzer`). */
  analyzers(call?: CallOptions): Promise<AnalyzerDescription[]> {
    return listAnalyzers(this.connection, call);
  }

  /** Creates Analyzer `name` and answers its handle. */
  createAnalyzer(name: string, options: CreateAnalyzerOptions & CallOptions): Promise<Analyzer> {
    return createAnalyzer(this.connection, name, options);
  }

  // ---- users, backups, tasks, Foxx, Pregel, replication, WAL (stateless handles) -------------

  /** Users and permissions (`/_api/user`) and access tokens. */
  get users(): Users {
    return new Users(this.connection);
  }

  /** Hot backups (`/_admin/backup/*`). */
  get backup(): Backups {
    return new Backups(this.connection);
  }

  /**
   * Server tasks (`/_api/tasks`).
   *
   * @deprecated ArangoDB 3.12 deprecates server tasks (JavaScript on the server) and removes them in v4.0.
   */
  get tasks(): Tasks {
    return new Tasks(this.connection);
  }

  /**
   * Foxx service management (`/_api/foxx`).
   *
   * @deprecated ArangoDB 3.12 deprecates Foxx microservices and removes them in v4.0.
   */
  get foxx(): Foxx {
    return new Foxx(this.connection);
  }

  /**
   * Pregel jobs (`/_api/control_pregel`).
   *
   * @deprecated Pregel was removed in ArangoDB 3.12: every call answers 404 there.
   */
  get pregel(): Pregel {
    return new Pregel(this.connection);
  }

  /** The replication API (`/_api/replication/*`): inventory, dump, logger and applier. */
  get replication(): Replication {
    return new Replication(this.connection);
  }

  /** The write-ahead log (`/_api/wal/*`): ticks, tailing, properties, flush. */
  get wal(): Wal {
    return new Wal(this.connection);
  }

  // ---- server administration (admin/admin.ts) -------------------------------------------------

  /** All administration calls in one object; the common ones are also methods below. */
  get admin(): ServerAdmin {
    return new ServerAdmin(this.connection);
  }

  /** `GET /_api/version` of the server that answers; `details: true` adds build details. */
  version(options?: { details?: boolean } & CallOptions): Promise<Admin.VersionInfo> {
    return this.admin.version(options);
  }

  /** `GET /_api/engine`: the storage engine and what it supports. */
  engine(call?: CallOptions): Promise<Admin.EngineInfo> {
    return this.admin.engine(call);
  }

  /**
   * `GET /_admin/status` (python-arango's `db.status()`). Named `serverStatus` because
   * `TransactionDatabase.status()` is the transaction's status.
   */
  serverStatus(call?: CallOptions): Promise<Admin.ServerStatus> {
    return this.admin.status(call);
  }

  /** `GET /_admin/time`: the server clock as Unix seconds. */
  time(call?: CallOptions): Promise<number> {
    return this.admin.time(call);
  }

  /**
   * `POST /_admin/echo`: what the server saw of this request.
   *
   * @deprecated ArangoDB deprecates `/_admin/echo` (it belongs to the Actions feature, removed in v4.0).
   */
  echo(body?: unknown, call?: CallOptions): Promise<Admin.EchoResponse> {
    return this.admin.echo(body, call);
  }

  /**
   * `GET /_admin/statistics` of the server that answers.
   *
   * @deprecated Deprecated by ArangoDB since 3.8 and removed in v4.0: use {@link Database.metrics}.
   */
  statistics(call?: CallOptions): Promise<Admin.ServerStatistics> {
    return this.admin.statistics(call);
  }

  /**
   * `GET /_admin/statistics-description`: the groups, figures and bucket limits of {@link Database.statistics}.
   *
   * @deprecated Deprecated by ArangoDB since 3.8 and removed in v4.0: use {@link Database.metrics}.
   */
  statisticsDescription(call?: CallOptions): Promise<Admin.StatisticsDescription> {
    return this.admin.statisticsDescription(call);
  }

  /** `GET /_admin/metrics`: Prometheus text, or parsed metric families with `parse: true`; `serverId` reads another server of the cluster. */
  metrics(options: { serverId?: string; parse: true } & CallOptions): Promise<Metric[]>;
  metrics(options?: { serverId?: string; parse?: false } & CallOptions): Promise<string>;
  metrics(options: { serverId?: string; parse?: boolean } & CallOptions = {}): Promise<string | Metric[]> {
    return options.parse === true
      ? this.admin.metrics({ ...options, parse: true })
      : this.admin.metrics({ ...options, parse: false });
  }

  /** `GET /_admin/log/entries`: log messages, filtered and paged by the options. */
  logEntries(options?: Admin.LogEntriesOptions & CallOptions): Promise<Admin.LogEntries> {
    return this.admin.logEntries(options);
  }

  /** `GET /_admin/log/level`: the log level of every topic. */
  logLevels(options?: Admin.LogLevelOptions & CallOptions): Promise<Record<string, unknown>> {
    return this.admin.logLevels(options);
  }

  /** `PUT /_admin/log/level`: sets the levels given, answers every level. */
  setLogLevels(levels: Record<string, string> | string, options?: Admin.LogLevelOptions & CallOptions): Promise<Record<string, unknown>> {
    return this.admin.setLogLevels(levels, options);
  }

  /** `DELETE /_admin/log/level`: back to the levels the server started with. */
  resetLogLevels(options?: { serverId?: string } & CallOptions): Promise<Record<string, unknown>> {
    return this.admin.resetLogLevels(options);
  }

  /** `GET /_admin/server/mode`: `default` or `readonly`. */
  serverMode(call?: CallOptions): Promise<Admin.ServerMode> {
    return this.admin.serverMode(call);
  }

  /** `PUT /_admin/server/mode`: `default` or `readonly`, for the whole deployment. */
  setServerMode(mode: Admin.ServerMode, call?: CallOptions): Promise<Admin.ServerMode> {
    return this.admin.setServerMode(mode, call);
  }

  /** `GET /_admin/server/availability`: whether the server accepts requests (false while starting, stopping or in maintenance). */
  availability(call?: CallOptions): Promise<Admin.Availability> {
    return this.admin.availability(call);
  }

  /** `GET /_admin/license`: the license state (Enterprise features). */
  license(call?: CallOptions): Promise<Admin.LicenseInfo> {
    return this.admin.license(call);
  }

  /** `PUT /_admin/license`: installs a license key; `force` replaces a valid one. */
  setLicense(license: string, force?: boolean, call?: CallOptions): Promise<Record<string, unknown>> {
    return this.admin.setLicense(license, force, call);
  }

  /**
   * `POST /_admin/routing/reload`: rebuilds the routing table (Foxx and Actions routes).
   *
   * @deprecated ArangoDB deprecates route reloading with the Actions and Foxx features, removed in v4.0.
   */
  reloadRouting(call?: CallOptions): Promise<void> {
    return this.admin.reloadRouting(call);
  }

  /** `PUT /_admin/compact`: compacts the data of all databases (long-running, server-wide). */
  compact(options?: Admin.CompactOptions & CallOptions): Promise<Record<string, unknown>> {
    return this.admin.compact(options);
  }

  /** `GET /_admin/server/tls`: the server's TLS keyfile and CA data. */
  tls(call?: CallOptions): Promise<Admin.TlsData> {
    return this.admin.tls(call);
  }

  /** `POST /_admin/server/tls`: reloads the TLS keyfile, CA and SNI files. */
  reloadTls(call?: CallOptions): Promise<Admin.TlsData> {
    return this.admin.reloadTls(call);
  }

  /** `GET /_admin/server/jwt`: fingerprints of the active and passive JWT secrets. */
  jwtSecrets(call?: CallOptions): Promise<Admin.JwtSecrets> {
    return this.admin.jwtSecrets(call);
  }

  /** `POST /_admin/server/jwt`: reloads the JWT secrets from disk. */
  reloadJwtSecrets(call?: CallOptions): Promise<Admin.JwtSecrets> {
    return this.admin.reloadJwtSecrets(call);
  }

  /** `GET /_admin/support-info`: deployment and host information for support. */
  supportInfo(call?: CallOptions): Promise<Admin.SupportInfo> {
    return this.admin.supportInfo(call);
  }
}

/**
 * A Database inside a stream transaction: the same collection (and AQL) API, every request with
 * `x-arango-trx-id`, pinned to the coordinator that began it. `commit()`/`abort()`/`status()`.
 */
export class TransactionDatabase extends Database {
  /** What logging shows: kind, database, name and hosts — never credentials. */
  override toJSON(): HandleDescription {
    return describeHandle('TransactionDatabase', this.connection, { id: this.id, hostId: this.hostId });
  }
  /** The transaction id. */
  readonly id: string;
  /** Coordinator that owns the transaction (undefined when opened by id only). */
  readonly hostId: string | undefined;
  readonly #control: ReturnType<typeof transactionControl>;
  readonly #trxConnection: TransactionConnection;

  constructor(base: Connection, id: string, hostId: string | undefined) {
    const connection = new TransactionConnection(base, id, hostId);
    super(connection);
    this.#trxConnection = connection;
    this.id = id;
    this.hostId = hostId;
    this.#control = transactionControl(base, id, hostId);
  }

  /** `GET /_api/transaction/{id}`: running, committed or aborted. */
  async status(opts?: CallOptions): Promise<TransactionStatus> {
    return this.#control.status(opts);
  }

  /**
   * `PUT /_api/transaction/{id}`, after every request already issued in the transaction has
   * settled. Committing twice is fine; committing an aborted one is 400.
   */
  async commit(opts?: CallOptions): Promise<TransactionStatus> {
    await this.#trxConnection.idle();
    return this.#control.commit(opts);
  }

  /** `DELETE /_api/transaction/{id}`. */
  async abort(opts?: CallOptions): Promise<TransactionStatus> {
    return this.#control.abort(opts);
  }

  /** python-arango names. */
  get transactionId(): string {
    return this.id;
  }

  /** python-arango's `transaction_status()`: the same as {@link TransactionDatabase.status}. */
  transactionStatus(opts?: CallOptions): Promise<TransactionStatus> {
    return this.status(opts);
  }

  /** python-arango's `commit_transaction()`: the same as {@link TransactionDatabase.commit}. */
  commitTransaction(opts?: CallOptions): Promise<TransactionStatus> {
    return this.commit(opts);
  }

  /** python-arango's `abort_transaction()`: the same as {@link TransactionDatabase.abort}. */
  abortTransaction(opts?: CallOptions): Promise<TransactionStatus> {
    return this.abort(opts);
  }
}

inspectable(Database);
