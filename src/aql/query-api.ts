/**
 * `db.aql`: running AQL queries (cursors), explaining and validating them, and managing running
 * and slow queries, the results cache, the plan cache, user functions and optimizer rules.
 */
import { unexpected } from '../shape.js';
import type { Connection } from '../connection.js';
import { Cursor, parseCursorResponse } from '../cursor.js';
import type { CursorStats, QueryWarning } from '../cursor.js';
import { ArangoClientError } from '../errors.js';
import { path } from '../transport/path.js';
import type { ArangoResponse, CallOptions, QueryValue, RequestSpec } from '../transport/request.js';
import { callOptions } from '../transport/request.js';
import { isAqlLiteral, isAqlQuery } from './aql.js';
import type { AqlLiteral, AqlQuery } from './aql.js';
import { describeHandle, inspectable, type HandleDescription } from '../describe.js';

export type BindVars = Record<string, unknown>;

/**
 * Options of `execute`. Names are ArangoDB's; the driver puts each where the 3.12 API documents
 * it (top level of the body, `options`, or a header).
 */
export interface QueryOptions {
  /** Bind parameters; merged with those of an `aql` query (a name in both is an error). */
  bindVars?: BindVars;
  // Top level of the request body.
  /** Return the total number of results in `cursor.count` (not for stream queries). */
  count?: boolean;
  /** Results per batch (server default 1000). */
  batchSize?: number;
  /** Seconds the server keeps an idle cursor. */
  ttl?: number;
  /** Bytes the query may use; 0 for no limit. */
  memoryLimit?: number;
  // Inside `options`.
  /** Use (or bypass, with false) the query results cache. */
  cache?: boolean;
  fullCount?: boolean;
  fillBlockCache?: boolean;
  maxNumberOfPlans?: number;
  /** arangojs's name for `maxNumberOfPlans`. */
  maxPlans?: number;
  maxNodesPerCallstack?: number;
  maxWarningCount?: number;
  failOnWarning?: boolean;
  /** Let a batch lost in transit be fetched again (`nextBatchId`); the cursor does so itself. */
  allowRetry?: boolean;
  /** Compute results lazily instead of all at once on the first request. */
  stream?: boolean;
  usePlanCache?: boolean;
  spillOverThresholdMemoryUsage?: number;
  spillOverThresholdNumRows?: number;
  optimizer?: { rules?: string[] };
  /** 1 (or true): phase timings in `extra.profile`; 2: also per-node stats and the plan. */
  profile?: boolean | 0 | 1 | 2;
  satelliteSyncWait?: number;
  /** Seconds after which the server kills the query. */
  maxRuntime?: number;
  maxDNFConditionMembers?: number;
  maxTransactionSize?: number;
  intermediateCommitSize?: number;
  intermediateCommitCount?: number;
  skipInaccessibleCollections?: boolean;
  // A header.
  /** Read from followers too (`x-arango-allow-dirty-read`); the server keeps it for the cursor's batches. */
  allowDirtyReads?: boolean;
}

export interface ExplainOptions {
  bindVars?: BindVars;
  /** Return every plan the optimizer built (then the result has `plans`, not `plan`). */
  allPlans?: boolean;
  maxNumberOfPlans?: number;
  /** arangojs's name for `maxNumberOfPlans`. */
  maxPlans?: number;
  fullCount?: boolean;
  profile?: boolean | 0 | 1 | 2;
  maxNodesPerCallstack?: number;
  maxWarningCount?: number;
  failOnWarning?: boolean;
  optimizer?: { rules?: string[] };
  usePlanCache?: boolean;
}

export interface ExplainPlan {
  nodes: Record<string, unknown>[];
  rules: string[];
  collections: { name: string; type: string }[];
  variables: Record<string, unknown>[];
  estimatedCost: number;
  estimatedNrItems: number;
  isModificationQuery: boolean;
  [key: string]: unknown;
}

export interface ExplainStats {
  rulesExecuted?: number;
  rulesSkipped?: number;
  plansCreated?: number;
  peakMemoryUsage?: number;
  executionTime?: number;
  [key: string]: unknown;
}

export interface SingleExplainResult {
  plan: ExplainPlan;
  /** Whether the results cache could hold this query's result. */
  cacheable: boolean;
  warnings: QueryWarning[];
  stats: ExplainStats;
}

export interface MultiExplainResult {
  plans: ExplainPlan[];
  warnings: QueryWarning[];
  stats: ExplainStats;
}

export interface ValidateResult {
  parsed: boolean;
  collections: string[];
  /** Names of the bind parameters the query uses (`@@` ones with a leading `@`). */
  bindVars: string[];
  ast: Record<string, unknown>[];
}

export interface QueryInfo {
  id: string;
  database: string;
  user: string;
  query: string;
  bindVars: BindVars;
  dataSources?: string[];
  started: string;
  runTime: number;
  peakMemoryUsage: number;
  state: string;
  stream: boolean;
  modificationQuery?: boolean;
  warnings?: number;
  /** Slow queries only: the query's errorNum (0 on success). */
  exitCode?: number;
  [key: string]: unknown;
}

export interface QueryTrackingProperties {
  enabled: boolean;
  trackSlowQueries: boolean;
  trackBindVars: boolean;
  maxSlowQueries: number;
  slowQueryThreshold: number;
  slowStreamingQueryThreshold: number;
  maxQueryStringLength: number;
}

export interface QueryRule {
  name: string;
  flags: {
    hidden: boolean;
    clusterOnly: boolean;
    canBeDisabled: boolean;
    canCreateAdditionalPlans: boolean;
    disabledByDefault: boolean;
    enterpriseOnly: boolean;
  };
}

export interface AqlUserFunction {
  name: string;
  code: string;
  isDeterministic: boolean;
}

export interface QueryCacheProperties {
  mode: 'off' | 'on' | 'demand';
  maxResults: number;
  maxResultsSize: number;
  maxEntrySize: number;
  includeSystem: boolean;
}

export interface QueryCacheEntry {
  hash: string;
  query: string;
  bindVars?: BindVars;
  size: number;
  results: number;
  started: string;
  hits: number;
  runTime: number;
  dataSources: string[];
}

export interface QueryPlanCacheEntry {
  hash: string;
  query: string;
  queryHash: number;
  bindVars: BindVars;
  fullCount: boolean;
  dataSources: string[];
  created: string;
  hits: number;
  memoryUsage: number;
}

/** Query options that travel in the body's `options` object (3.12 API reference). */
const NESTED_OPTIONS = [
  'cache',
  'fullCount',
  'fillBlockCache',
  'maxNumberOfPlans',
  'maxNodesPerCallstack',
  'maxWarningCount',
  'failOnWarning',
  'allowRetry',
  'stream',
  'usePlanCache',
  'spillOverThresholdMemoryUsage',
  'spillOverThresholdNumRows',
  'optimizer',
  'profile',
  'satelliteSyncWait',
  'maxRuntime',
  'maxDNFConditionMembers',
  'maxTransactionSize',
  'intermediateCommitSize',
  'intermediateCommitCount',
  'skipInaccessibleCollections',
] as const;

const TOP_LEVEL_OPTIONS = ['count', 'batchSize', 'ttl', 'memoryLimit'] as const;

const EXPLAIN_OPTIONS = [
  'allPlans',
  'maxNumberOfPlans',
  'fullCount',
  'profile',
  'maxNodesPerCallstack',
  'maxWarningCount',
  'failOnWarning',
  'optimizer',
  'usePlanCache',
] as const;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Copies only the options that are set, so nothing is sent as `null`/`undefined`. */
function pick(source: object, keys: readonly string[]): Record<string, unknown> {
  const values = source as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of keys) {
    if (values[key] !== undefined) out[key] = values[key];
  }
  return out;
}

/** Query-string parameters from an options object; unset ones and call options are left out. */
function flags(options: object): Record<string, QueryValue> {
  const out: Record<string, QueryValue> = {};
  for (const [key, value] of Object.entries(options)) {
    if (key === 'signal' || key === 'timeout' || key === 'retryOnConflict') continue;
    if (typeof value === 'string' || typeof value === 'boolean') out[key] = value;
  }
  return out;
}

/** Strips the `error`/`code` envelope fields from a flat answer (a JSON object, or it is not ArangoDB's). */
function withoutEnvelope(res: ArangoResponse): Record<string, unknown> {
  const body = res.body;
  if (!isRecord(body)) throw unexpected(res, 'a JSON object');
  const { error: _error, code: _code, ...rest } = body;
  return rest;
}

function resultArray<T>(res: ArangoResponse): T[] {
  const body = res.body;
  if (Array.isArray(body)) return body as T[];
  if (isRecord(body) && Array.isArray(body.result)) return body.result as T[];
  throw unexpected(res, 'a JSON array, or a JSON object with a "result" array');
}

function toQuery(query: string | AqlQuery | AqlLiteral, bindVars: BindVars | undefined): { query: string; bindVars?: BindVars } {
  if (isAqlLiteral(query)) query = query.toAQL();
  if (typeof query === 'string') {
    if (query.trim() === '') throw new ArangoClientError('the AQL query is empty');
    return bindVars === undefined ? { query } : { query, bindVars };
  }
  if (!isAqlQuery(query)) {
    throw new ArangoClientError('expected an AQL query string or an aql`…` query object');
  }
  if (bindVars === undefined) return { query: query.query, bindVars: { ...query.bindVars } };
  for (const name of Object.keys(bindVars)) {
    if (Object.prototype.hasOwnProperty.call(query.bindVars, name)) {
      throw new ArangoClientError(`bind parameter "${name}" is set both by the aql query and in options.bindVars`);
    }
  }
  return { query: query.query, bindVars: { ...query.bindVars, ...bindVars } };
}

function checkPositive(name: string, value: number | undefined): void {
  if (value !== undefined && (!Number.isInteger(value) || value <= 0)) {
    throw new ArangoClientError(`${name} must be a positive integer, got ${String(value)}`);
  }
}

/** Builds the body and headers of `POST /_api/cursor`. Exported for the request-shape tests. */
export function cursorRequestBody(
  query: string | AqlQuery,
  options: QueryOptions = {},
): { body: Record<string, unknown>; headers?: Record<string, string> } {
  checkPositive('batchSize', options.batchSize);
  const body: Record<string, unknown> = { ...toQuery(query, options.bindVars), ...pick(options, TOP_LEVEL_OPTIONS) };
  const nested = pick(options, NESTED_OPTIONS);
  if (options.maxPlans !== undefined && options.maxNumberOfPlans === undefined) {
    nested.maxNumberOfPlans = options.maxPlans;
  }
  if (Object.keys(nested).length > 0) body.options = nested;
  if (options.allowDirtyReads === true) return { body, headers: { 'x-arango-allow-dirty-read': 'true' } };
  return { body };
}

/** The query results cache (`/_api/query-cache`). */
export class AqlQueryCache {
  /** What logging shows: kind, database, name and hosts — never credentials. */
  toJSON(): HandleDescription {
    return describeHandle('AqlQueryCache', this.connection);
  }
  constructor(private readonly connection: Connection) {}

  properties(call?: CallOptions): Promise<QueryCacheProperties> {
    return this.connection.send(
      { operation: 'aql.queryCache.properties', method: 'GET', path: '/_api/query-cache/properties', ...callOptions(call) },
      (res) => withoutEnvelope(res) as unknown as QueryCacheProperties,
    );
  }

  setProperties(properties: Partial<QueryCacheProperties> & CallOptions): Promise<QueryCacheProperties> {
    const body = pick(properties, ['mode', 'maxResults', 'maxResultsSize', 'maxEntrySize', 'includeSystem']);
    return this.connection.send(
      { operation: 'aql.queryCache.setProperties', method: 'PUT', path: '/_api/query-cache/properties', body, ...callOptions(properties) },
      (res) => withoutEnvelope(res) as unknown as QueryCacheProperties,
    );
  }

  entries(call?: CallOptions): Promise<QueryCacheEntry[]> {
    return this.connection.send(
      { operation: 'aql.queryCache.entries', method: 'GET', path: '/_api/query-cache/entries', ...callOptions(call) },
      (res) => resultArray<QueryCacheEntry>(res),
    );
  }

  clear(call?: CallOptions): Promise<void> {
    return this.connection.send({ operation: 'aql.queryCache.clear', method: 'DELETE', path: '/_api/query-cache', ...callOptions(call) }, () => undefined);
  }
}

/** The execution plan cache of 3.12 (`/_api/query-plan-cache`). */
export class AqlPlanCache {
  /** What logging shows: kind, database, name and hosts — never credentials. */
  toJSON(): HandleDescription {
    return describeHandle('AqlPlanCache', this.connection);
  }
  constructor(private readonly connection: Connection) {}

  entries(call?: CallOptions): Promise<QueryPlanCacheEntry[]> {
    return this.connection.send(
      { operation: 'aql.planCache.entries', method: 'GET', path: '/_api/query-plan-cache', ...callOptions(call) },
      (res) => resultArray<QueryPlanCacheEntry>(res),
    );
  }

  clear(call?: CallOptions): Promise<void> {
    return this.connection.send({ operation: 'aql.planCache.clear', method: 'DELETE', path: '/_api/query-plan-cache', ...callOptions(call) }, () => undefined);
  }
}

/** `db.aql`. */
export class AqlApi {
  /** What logging shows: kind, database, name and hosts — never credentials. */
  toJSON(): HandleDescription {
    return describeHandle('AqlApi', this.connection);
  }
  /** The query results cache. */
  readonly cache: AqlQueryCache;
  /** The execution plan cache (ArangoDB 3.12). */
  readonly planCache: AqlPlanCache;

  constructor(private readonly connection: Connection) {
    this.cache = new AqlQueryCache(connection);
    this.planCache = new AqlPlanCache(connection);
  }

  /**
   * Runs a query and returns a cursor over its results:
   * `for await (const u of await db.aql.execute<User>(aql`FOR u IN ${users} RETURN u`)) …`.
   * Call options travel in the same object (`{ batchSize: 100, signal }`); the `signal` also stops
   * the cursor's later batch fetches.
   */
  async execute<T = unknown>(query: string | AqlQuery<T>, options?: QueryOptions & CallOptions): Promise<Cursor<T>> {
    const { body, headers } = cursorRequestBody(query, options);
    const spec: RequestSpec = { operation: 'aql.query', method: 'POST', path: '/_api/cursor', body, ...callOptions(options) };
    if (headers !== undefined) spec.headers = headers;
    const signal = options?.signal;
    return this.connection.send(spec, (res) => {
      const init = { connection: this.connection, body: parseCursorResponse<T>(res), hostId: res.hostId, allowRetry: options?.allowRetry === true };
      return new Cursor<T>(signal === undefined ? init : { ...init, signal });
    });
  }

  /** The optimizer's plan for a query, without running it. */
  explain(query: string | AqlQuery, options: ExplainOptions & { allPlans: true } & CallOptions): Promise<MultiExplainResult>;
  explain(query: string | AqlQuery, options?: ExplainOptions & { allPlans?: false } & CallOptions): Promise<SingleExplainResult>;
  explain(query: string | AqlQuery, options?: ExplainOptions & CallOptions): Promise<SingleExplainResult | MultiExplainResult>;
  explain(query: string | AqlQuery, options: ExplainOptions & CallOptions = {}): Promise<SingleExplainResult | MultiExplainResult> {
    const body: Record<string, unknown> = { ...toQuery(query, options.bindVars) };
    const nested = pick(options, EXPLAIN_OPTIONS);
    if (options.maxPlans !== undefined && options.maxNumberOfPlans === undefined) {
      nested.maxNumberOfPlans = options.maxPlans;
    }
    if (Object.keys(nested).length > 0) body.options = nested;
    return this.connection.send(
      // Explaining changes nothing on the server, so a retry is harmless.
      { operation: 'aql.explain', method: 'POST', path: '/_api/explain', body, idempotent: true, ...callOptions(options) },
      (res) => {
        const out = withoutEnvelope(res);
        if (!isRecord(out.plan) && !Array.isArray(out.plans)) throw unexpected(res, 'an explain answer: a JSON object with a "plan" or "plans"');
        return out as unknown as SingleExplainResult | MultiExplainResult;
      },
    );
  }

  /** Parses a query without running it; a syntax error rejects with errorNum 1501. */
  async validate(query: string | AqlQuery, call?: CallOptions): Promise<ValidateResult> {
    const text = toQuery(query, undefined).query;
    return this.connection.send(
      { operation: 'aql.validate', method: 'POST', path: '/_api/query', body: { query: text }, idempotent: true, ...callOptions(call) },
      (res) => withoutEnvelope(res) as unknown as ValidateResult,
    );
  }

  /** Queries running now (query tracking must be enabled). `all`: every database (from `_system`). */
  queries(options: { all?: boolean } & CallOptions = {}): Promise<QueryInfo[]> {
    return this.connection.send(
      { operation: 'aql.queries', method: 'GET', path: '/_api/query/current', query: flags(options), ...callOptions(options) },
      (res) => resultArray<QueryInfo>(res),
    );
  }

  /** Recently finished queries that exceeded the slow-query threshold. */
  slowQueries(options: { all?: boolean } & CallOptions = {}): Promise<QueryInfo[]> {
    return this.connection.send(
      { operation: 'aql.slowQueries', method: 'GET', path: '/_api/query/slow', query: flags(options), ...callOptions(options) },
      (res) => resultArray<QueryInfo>(res),
    );
  }

  clearSlowQueries(options: { all?: boolean } & CallOptions = {}): Promise<void> {
    return this.connection.send(
      { operation: 'aql.clearSlowQueries', method: 'DELETE', path: '/_api/query/slow', query: flags(options), ...callOptions(options) },
      () => undefined,
    );
  }

  /** Kills a running query by its id (from `queries()`); an unknown id rejects with errorNum 1591. */
  async kill(id: string, options: { all?: boolean } & CallOptions = {}): Promise<void> {
    if (typeof id !== 'string' || id === '') throw new ArangoClientError('kill() needs the id of a running query');
    return this.connection.send(
      { operation: 'aql.kill', method: 'DELETE', path: path`/_api/query/${id}`, query: flags(options), ...callOptions(options) },
      () => undefined,
    );
  }

  /** Query tracking settings of this database. */
  tracking(call?: CallOptions): Promise<QueryTrackingProperties> {
    return this.connection.send(
      { operation: 'aql.tracking', method: 'GET', path: '/_api/query/properties', ...callOptions(call) },
      (res) => withoutEnvelope(res) as unknown as QueryTrackingProperties,
    );
  }

  /** Changes query tracking settings; answers with all of them. */
  setTracking(properties: Partial<QueryTrackingProperties> & CallOptions): Promise<QueryTrackingProperties> {
    const body = pick(properties, [
      'enabled',
      'trackSlowQueries',
      'trackBindVars',
      'maxSlowQueries',
      'slowQueryThreshold',
      'slowStreamingQueryThreshold',
      'maxQueryStringLength',
    ]);
    return this.connection.send(
      { operation: 'aql.setTracking', method: 'PUT', path: '/_api/query/properties', body, ...callOptions(properties) },
      (res) => withoutEnvelope(res) as unknown as QueryTrackingProperties,
    );
  }

  /**
   * User-defined AQL functions, optionally only those of one namespace.
   *
   * @deprecated ArangoDB 3.12 deprecates user-defined AQL functions (JavaScript on the server); they are removed in v4.0.
   */
  functions(options: { namespace?: string } & CallOptions = {}): Promise<AqlUserFunction[]> {
    return this.connection.send(
      { operation: 'aql.functions', method: 'GET', path: '/_api/aqlfunction', query: flags(options), ...callOptions(options) },
      (res) => resultArray<AqlUserFunction>(res),
    );
  }

  /**
   * Registers (or replaces) a user function `NAMESPACE::NAME` written in JavaScript.
   *
   * @deprecated ArangoDB 3.12 deprecates user-defined AQL functions (JavaScript on the server); they are removed in v4.0.
   */
  async createFunction(
    name: string,
    code: string,
    isDeterministic?: boolean,
    call?: CallOptions,
  ): Promise<{ isNewlyCreated: boolean }> {
    if (typeof name !== 'string' || !name.includes('::')) {
      throw new ArangoClientError(`a user function name needs a namespace (NAMESPACE::NAME), got "${String(name)}"`);
    }
    const body: Record<string, unknown> = { name, code };
    if (isDeterministic !== undefined) body.isDeterministic = isDeterministic;
    return this.connection.send({ operation: 'aql.createFunction', method: 'POST', path: '/_api/aqlfunction', body, ...callOptions(call) }, (res) => ({
      isNewlyCreated: isRecord(res.body) && typeof res.body.isNewlyCreated === 'boolean' ? res.body.isNewlyCreated : res.status === 201,
    }));
  }

  /**
   * Deletes a user function, or with `group` every function of the namespace `name`.
   *
   * @deprecated ArangoDB 3.12 deprecates user-defined AQL functions (JavaScript on the server); they are removed in v4.0.
   */
  async deleteFunction(name: string, group?: boolean, call?: CallOptions): Promise<{ deletedCount: number }> {
    if (typeof name !== 'string' || name === '') throw new ArangoClientError('deleteFunction() needs a function name');
    const spec: RequestSpec = { operation: 'aql.deleteFunction', method: 'DELETE', path: path`/_api/aqlfunction/${name}`, ...callOptions(call) };
    if (group !== undefined) spec.query = { group };
    return this.connection.send(spec, (res) => ({
      deletedCount: isRecord(res.body) && typeof res.body.deletedCount === 'number' ? res.body.deletedCount : 0,
    }));
  }

  /** The optimizer rules the server knows, with their flags. */
  queryRules(call?: CallOptions): Promise<QueryRule[]> {
    return this.connection.send(
      { operation: 'aql.queryRules', method: 'GET', path: '/_api/query/rules', ...callOptions(call) },
      (res) => resultArray<QueryRule>(res),
    );
  }
}

export type { CursorStats, QueryWarning };

inspectable(AqlQueryCache);

inspectable(AqlPlanCache);

inspectable(AqlApi);
