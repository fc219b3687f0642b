/**
 * `arangots`: the driver. Start with {@link ArangoClient}, get a {@link Database} with
 * `client.db(name, credentials)`, and reach collections, graphs, views, AQL and administration from it.
 *
 * @module arangots
 */
// Public exports of arangots. Each API area adds its own lines.
export { ArangoError, ArangoServerError, ArangoClientError } from './errors.js';
export { NetworkError, TimeoutError, AbortError, NoHostAvailableError, ClientClosedError, BadResponseError, UnexpectedResponseError } from './errors.js';
export type { AttemptFailure, ResponseHeaders, ResponseOrigin } from './errors.js';
export type { HandleDescription } from './describe.js';
export { ArangoClient, DRIVER_ID } from './client.js';
export type { ArangoClientOptions, DatabaseOptions } from './client.js';
export { HOST_RESOLVER_NAMES, RoundRobinResolver, RandomResolver, SingleResolver, FallbackResolver, PeriodicResolver, LeastBusyResolver } from './transport/resolvers.js';
export type { HostResolver, HostResolverName, ResolveContext } from './transport/resolvers.js';
export type { HostInfo, HostHealth, HostDownReason } from './transport/host.js';
export type { HostStats, LatencySummary } from './transport/host-stats.js';
export type { AttemptTimeoutOption, AttemptTimeoutOptions } from './transport/attempt-timeout.js';
export type { HedgeOption, HedgeOptions } from './transport/hedge.js';
export type { OutlierOption, OutlierOptions } from './transport/outlier.js';
export { UndiciHttpClient, ConnectionFailure } from './transport/http-client.js';
export type { HttpClient, HttpClientFactory, HttpClientOptions, HttpRequest, HttpResponse, TlsOptions } from './transport/http-client.js';
export type { AuthOptions, SuperuserTokenOptions } from './transport/auth.js';
export type { Serializer, Deserializer, CompressionOptions } from './transport/codec.js';
export type { ClientEvents, ClientEventName } from './transport/events.js';
export { REQUEST_CHANNEL, ATTEMPT_CHANNEL } from './transport/diagnostics.js';
export type { ClientStats, HostCallStats, TotalCallStats } from './transport/call-stats.js';
export type { RequestTraceContext, AttemptTraceContext, AttemptRecord } from './transport/diagnostics.js';
export type { RequestSpec, ArangoResponse, Requester, HttpMethod, QueryValue } from './transport/request.js';
export { path } from './transport/path.js';
export { errors } from './error-codes.js';
export type { CallOptions, AbortSignalLike } from './transport/request.js';
export { aql, isAqlQuery, isAqlLiteral, literal, join } from './aql/aql.js';
export type { AqlQuery, AqlLiteral, AqlTag, AqlValue, AqlDataSourceLike, AqlNamedValueLike } from './aql/aql.js';
export { Cursor } from './cursor.js';
export type { CursorExtra, CursorStats, CursorResponse, QueryWarning } from './cursor.js';
export { AqlApi } from './aql/query-api.js';
export { AqlQueryCache, AqlPlanCache } from './aql/caches.js';
export type {
  QueryOptions,
  ExplainOptions,
  ExplainPlan,
  ExplainStats,
  SingleExplainResult,
  MultiExplainResult,
  ValidateResult,
  QueryInfo,
  QueryTrackingProperties,
  QueryRule,
  AqlUserFunction,
  QueryCacheProperties,
  QueryCacheEntry,
  QueryPlanCacheEntry,
  BindVars,
} from './aql/types.js';
export { Database, TransactionDatabase } from './database.js';
export type { BeginAsyncOptions } from './database.js';
export type { DatabaseInfo, DatabaseUser, CreateDatabaseOptions, DropDatabaseOptions } from './database-management.js';
export type { DeleteCollectionOptions } from './collection/collections.js';
export { Collection, EdgeCollection } from './collection/collection.js';
export type { AllOptions, CursorOptions, MatchOptions } from './collection/aql-helpers.js';
export type { EdgesResult } from './collection/collection.js';
export type {
  Document,
  DocumentData,
  DocumentMeta,
  DocumentMetadata,
  DocumentSelector,
  EdgeDocument,
  EdgeMetadata,
  Patch,
  WriteResult,
  ManyResult,
  ReadOptions,
  GetManyOptions,
  InsertOptions,
  ReplaceOptions,
  UpdateOptions,
  DeleteOptions,
  HasOptions,
  OverwriteMode,
} from './collection/documents.js';
export type * from './collection/types.js';
export type * from './collection/indexes.js';
export type { ImportOptions, ImportResult } from './collection/import.js';
export { Cluster } from './cluster/cluster.js';
export type * from './cluster/types.js';
export type {
  TransactionStatus,
  TransactionInfo,
  TransactionListEntry,
  TransactionCollections,
  CollectionRef,
  BeginTransactionOptions,
  ExecuteTransactionOptions,
} from './transaction/transaction.js';
export { AsyncJob, AsyncJobPendingError } from './job/job.js';
export type { AsyncJobStatus, JobOptions, WaitOptions, ListJobsOptions, ClearJobsOptions } from './job/job.js';
export type { AsyncDatabase, FireAndForgetDatabase, Jobified } from './job/async-database.js';
export { Graph, GraphVertexCollection, GraphEdgeCollection } from './graph/index.js';
export type {
  EdgeDefinition, EdgeDefinitionInput, GraphProperties, CreateGraphOptions, DropGraphOptions, DeleteGraphOptions,
  AddVertexCollectionOptions, AddEdgeDefinitionOptions, ReplaceEdgeDefinitionOptions, RemoveEdgeDefinitionOptions,
  GraphDocument, GraphEdge, GraphWriteResult, GraphRemoveResult, GraphReadOptions, GraphInsertOptions,
  GraphUpdateOptions, GraphReplaceOptions, GraphRemoveOptions, EdgeDirection, GraphEdgesResult,
} from './graph/index.js';
export { View } from './view/index.js';
export type * from './view/types.js';
export { Analyzer } from './analyzer/index.js';
export type * from './analyzer/types.js';
export { Users } from './user/index.js';
export type * from './user/index.js';
export { ServerAdmin, parseMetrics, MetricsParseError } from './admin/index.js';
export type { Metric, MetricSample, MetricType } from './admin/index.js';
export type {
  VersionInfo, EngineInfo, ServerStatus, EchoResponse, StatisticsDescription, LogEntriesOptions, LogEntry, LogEntries,
  LogLevelOptions, LogLevelName, Availability, LicenseInfo, CompactOptions, TlsData, TlsFileInfo, JwtSecrets, SupportInfo,
} from './admin/types.js';
export { Backups } from './backup/index.js';
export type * from './backup/index.js';
export { Tasks } from './task/index.js';
export type * from './task/index.js';
export { Foxx } from './foxx/index.js';
export type * from './foxx/index.js';
export { Pregel } from './pregel/index.js';
export type * from './pregel/index.js';
export { Replication } from './replication/index.js';
export type * from './replication/index.js';
export { Wal } from './wal/index.js';
export type * from './wal/index.js';
