// Public exports of arangots. Each API area adds its own lines.
export { ArangoError, ArangoServerError, ArangoClientError } from './errors.js';
export { errors } from './error-codes.js';
export type { CallOptions } from './transport/request.js';
export { aql, isAqlQuery, isAqlLiteral, literal, join } from './aql/aql.js';
export type { AqlQuery, AqlLiteral, AqlTag, AqlValue, AqlDataSourceLike, AqlNamedValueLike } from './aql/aql.js';
export { Cursor } from './cursor.js';
export type { CursorExtra, CursorStats, CursorResponse, QueryWarning } from './cursor.js';
export { AqlApi, AqlQueryCache, AqlPlanCache } from './aql/query-api.js';
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
} from './aql/query-api.js';
