/**
 * `db.aql`: running AQL queries (cursors), explaining and validating them, and managing running
 * and slow queries, the results cache, the plan cache, user functions and optimizer rules.
 */
import { expectList, expectOk, expectShape, unexpected, withShape } from '../shape.js';
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

/** Bind parameter values by name, without the leading `@` (`@@name` data-source parameters as `"@name"`). */
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

/** Options of {@link AqlApi.explain} (`POST /_api/explain`); the query is planned, not run. */
export interface ExplainOptions {
  bindVars?: BindVars;
  /** Return every plan the optimizer built (then the result has `plans`, not `plan`). */
  allPlans?: boolean;
  /** The most plans the optimizer may create. */
  maxNumberOfPlans?: number;
  /** arangojs's name for `maxNumberOfPlans`. */
  maxPlans?: number;
  /** Plan as if `fullCount` were requested (default `false`). */
  fullCount?: boolean;
  /** Profiling level as for a run query (default `0`). */
  profile?: boolean | 0 | 1 | 2;
  /** Number of plan nodes after which execution splits the call stack. */
  maxNodesPerCallstack?: number;
  /** The most warnings returned (server default 10). */
  maxWarningCount?: number;
  /** Abort with an error on the first warning instead of collecting it. */
  failOnWarning?: boolean;
  /** Optimizer rules to enable (`+name`) or disable (`-name`, `-all`). */
  optimizer?: { rules?: string[] };
  /** Use or fill the 3.12 execution plan cache (default `false`). */
  usePlanCache?: boolean;
}

/**
 * One execution plan: its nodes (as the server describes them), the optimizer rules applied, the
 * collections and variables used, and the optimizer's estimates (cost, number of result items).
 */
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

/**
 * Optimizer statistics of an explain: rules executed and skipped, plans created, peak memory (bytes)
 * and the time the optimizer took (seconds).
 */
export interface ExplainStats {
  rulesExecuted?: number;
  rulesSkipped?: number;
  plansCreated?: number;
  peakMemoryUsage?: number;
  executionTime?: number;
  [key: string]: unknown;
}

/** The answer of `explain()` without `allPlans`: the optimal plan (lowest estimated cost). */
export interface SingleExplainResult {
  plan: ExplainPlan;
  /** Whether the results cache could hold this query's result. */
  cacheable: boolean;
  warnings: QueryWarning[];
  stats: ExplainStats;
}

/** The answer of `explain()` with `allPlans: true`: every plan the optimizer created. */
export interface MultiExplainResult {
  plans: ExplainPlan[];
  warnings: QueryWarning[];
  stats: ExplainStats;
}

/**
 * The answer of {@link AqlApi.validate} (`POST /_api/query`): the query parses; the collections it
 * names, its bind parameter names and the abstract syntax tree.
 */
export interface ValidateResult {
  parsed: boolean;
  collections: string[];
  /** Names of the bind parameters the query uses (`@@` ones with a leading `@`). */
  bindVars: string[];
  ast: Record<string, unknown>[];
}

/** A running query (`GET /_api/query/current`) or a slow one (`GET /_api/query/slow`). */
export interface QueryInfo {
  id: string;
  database: string;
  user: string;
  /** The query text, possibly truncated to the tracking's `maxQueryStringLength`. */
  query: string;
  bindVars: BindVars;
  dataSources?: string[];
  /** When the query started (ISO 8601). */
  started: string;
  /** Seconds the query ran (so far, for a running query). */
  runTime: number;
  /** Peak memory in bytes (in 32 KB steps). */
  peakMemoryUsage: number;
  /** Execution state, e.g. `executing`, `finished`, `killed`. */
  state: string;
  /** Whether the query uses a streaming cursor. */
  stream: boolean;
  modificationQuery?: boolean;
  warnings?: number;
  /** Slow queries only: the query's errorNum (0 on success). */
  exitCode?: number;
  [key: string]: unknown;
}

/** Query tracking settings of a database (`/_api/query/properties`). */
export interface QueryTrackingProperties {
  /** Whether queries are tracked at all (`queries()` answers `[]` otherwise). */
  enabled: boolean;
  /** Whether slow queries are kept (needs `enabled`). */
  trackSlowQueries: boolean;
  /** Whether the tracked queries keep their bind parameters. */
  trackBindVars: boolean;
  /** Slow queries kept at most (server default 64). */
  maxSlowQueries: number;
  /** Seconds after which a regular query counts as slow. */
  slowQueryThreshold: number;
  /** Seconds after which a streaming query counts as slow. */
  slowStreamingQueryThreshold: number;
  /** Query text kept at most, in bytes (server default 4096). */
  maxQueryStringLength: number;
}

/**
 * An optimizer rule (`GET /_api/query/rules`) and its flags: hidden (internal), cluster-only, whether
 * it can be disabled or create additional plans, disabled by default, Enterprise-only.
 */
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

/**
 * A user-defined AQL function (`/_api/aqlfunction`): its qualified name (`NAMESPACE::NAME`), its
 * JavaScript code and whether it is declared deterministic.
 */
export interface AqlUserFunction {
  name: string;
  code: string;
  isDeterministic: boolean;
}

/** The query results cache settings (`/_api/query-cache/properties`, global for the server). */
export interface QueryCacheProperties {
  /** `off`, `on` (cache every cacheable query) or `demand` (only queries run with `cache: true`). */
  mode: 'off' | 'on' | 'demand';
  /** Results stored at most per database. */
  maxResults: number;
  /** Cumulated size of the stored results at most per database, in bytes. */
  maxResultsSize: number;
  /** Size of one stored result at most, in bytes. */
  maxEntrySize: number;
  /** Whether results of queries on system collections are stored. */
  includeSystem: boolean;
}

/** A result stored in the query results cache (`GET /_api/query-cache/entries`). */
export interface QueryCacheEntry {
  hash: string;
  query: string;
  bindVars?: BindVars;
  /** Size of the result and bind parameters, in bytes. */
  size: number;
  /** Number of documents/rows in the result. */
  results: number;
  started: string;
  /** Times the result was served from the cache. */
  hits: number;
  /** Seconds the query took. */
  runTime: number;
  dataSources: string[];
}

/**
 * An execution plan stored in the 3.12 plan cache (`GET /_api/query-plan-cache`); `bindVars` are only
 * those that shaped the plan, `memoryUsage` is in bytes, `created` an ISO 8601 time.
 */
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

/**
 * A list answer: a bare JSON array (`where: 'body'`) or the `result` array of an object, as
 * ArangoDB sends it for that endpoint, whose items carry the attributes in `fields`. An empty
 * list passes: it is ArangoDB's answer too.
 */
function resultArray<T>(res: ArangoResponse, where: 'body' | 'result', fields: Parameters<typeof expectShape>[1], what: string): T[] {
  const body = res.body;
  if (where === 'result' && !(isRecord(body) && Array.isArray(body.result))) throw unexpected(res, `a JSON object with a "result" array (${what})`);
  return expectList<T>(res, where === 'body' ? body : (body as { result: unknown }).result, fields, what);
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

/**
 * `POST /_api/cursor` under the name of the public call it serves: `aql.query` for `db.aql.execute`,
 * `collection.all` / `collection.find` / … for the collection helpers built on AQL, so a trace shows
 * the method the application called and not an anonymous query. Not re-exported from the package.
 */
export async function runQuery<T>(connection: Connection, operation: string, query: string | AqlQuery<T>, options?: QueryOptions & CallOptions): Promise<Cursor<T>> {
  const { body, headers } = cursorRequestBody(query, options);
  const spec: RequestSpec = { operation, method: 'POST', path: '/_api/cursor', body, ...callOptions(options) };
  if (headers !== undefined) spec.headers = headers;
  const signal = options?.signal;
  return connection.send(spec, (res) => {
    const init = { connection, body: parseCursorResponse<T>(res), hostId: res.hostId, allowRetry: options?.allowRetry === true };
    return new Cursor<T>(signal === undefined ? init : { ...init, signal });
  });
}

/** The query results cache (`/_api/query-cache`). */
export class AqlQueryCache {
  /** What logging shows: kind, database, name and hosts — never credentials. */
  toJSON(): HandleDescription {
    return describeHandle('AqlQueryCache', this.connection);
  }
  constructor(private readonly connection: Connection) {}

  /** `GET /_api/query-cache/properties`: the cache's mode and limits. */
  properties(call?: CallOptions): Promise<QueryCacheProperties> {
    return this.connection.send(
      { operation: 'aql.queryCache.properties', method: 'GET', path: '/_api/query-cache/properties', ...callOptions(call) },
      (res) => withoutEnvelope(withShape(res, { mode: 'string' }, 'query cache properties')) as unknown as QueryCacheProperties,
    );
  }

  /**
   * `PUT /_api/query-cache/properties`: changes the given settings and answers all of them. Changing
   * them may invalidate every cached result.
   */
  setProperties(properties: Partial<QueryCacheProperties> & CallOptions): Promise<QueryCacheProperties> {
    const body = pick(properties, ['mode', 'maxResults', 'maxResultsSize', 'maxEntrySize', 'includeSystem']);
    return this.connection.send(
      { operation: 'aql.queryCache.setProperties', method: 'PUT', path: '/_api/query-cache/properties', body, ...callOptions(properties) },
      (res) => withoutEnvelope(withShape(res, { mode: 'string' }, 'query cache properties')) as unknown as QueryCacheProperties,
    );
  }

  /** `GET /_api/query-cache/entries`: the results cached for this database. */
  entries(call?: CallOptions): Promise<QueryCacheEntry[]> {
    return this.connection.send(
      { operation: 'aql.queryCache.entries', method: 'GET', path: '/_api/query-cache/entries', ...callOptions(call) },
      (res) => resultArray<QueryCacheEntry>(res, 'body', { hash: 'string', query: 'string' }, 'query cache entries'),
    );
  }

  /** `DELETE /_api/query-cache`: drops every cached result of this database. */
  clear(call?: CallOptions): Promise<void> {
    return this.connection.send({ operation: 'aql.queryCache.clear', method: 'DELETE', path: '/_api/query-cache', ...callOptions(call) }, (res) => expectOk(res, 'clear query cache'));
  }
}

/** The execution plan cache of 3.12 (`/_api/query-plan-cache`). */
export class AqlPlanCache {
  /** What logging shows: kind, database, name and hosts — never credentials. */
  toJSON(): HandleDescription {
    return describeHandle('AqlPlanCache', this.connection);
  }
  constructor(private readonly connection: Connection) {}

  /** `GET /_api/query-plan-cache`: the cached plans of this database the user may read. */
  entries(call?: CallOptions): Promise<QueryPlanCacheEntry[]> {
    return this.connection.send(
      { operation: 'aql.planCache.entries', method: 'GET', path: '/_api/query-plan-cache', ...callOptions(call) },
      (res) => resultArray<QueryPlanCacheEntry>(res, 'body', { hash: 'string', query: 'string' }, 'plan cache entries'),
    );
  }

  /** `DELETE /_api/query-plan-cache`: drops every cached plan of this database. */
  clear(call?: CallOptions): Promise<void> {
    return this.connection.send({ operation: 'aql.planCache.clear', method: 'DELETE', path: '/_api/query-plan-cache', ...callOptions(call) }, (res) => expectOk(res, 'clear plan cache'));
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
  execute<T = unknown>(query: string | AqlQuery<T>, options?: QueryOptions & CallOptions): Promise<Cursor<T>> {
    return runQuery<T>(this.connection, 'aql.query', query, options);
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
      (res) => withoutEnvelope(withShape(res, { collections: 'array', bindVars: 'array' }, 'validate')) as unknown as ValidateResult,
    );
  }

  /** Queries running now (query tracking must be enabled). `all`: every database (from `_system`). */
  queries(options: { all?: boolean } & CallOptions = {}): Promise<QueryInfo[]> {
    return this.connection.send(
      { operation: 'aql.queries', method: 'GET', path: '/_api/query/current', query: flags(options), ...callOptions(options) },
      (res) => resultArray<QueryInfo>(res, 'body', { id: 'string', query: 'string' }, 'queries'),
    );
  }

  /** Recently finished queries that exceeded the slow-query threshold. */
  slowQueries(options: { all?: boolean } & CallOptions = {}): Promise<QueryInfo[]> {
    return this.connection.send(
      { operation: 'aql.slowQueries', method: 'GET', path: '/_api/query/slow', query: flags(options), ...callOptions(options) },
      (res) => resultArray<QueryInfo>(res, 'body', { id: 'string', query: 'string' }, 'queries'),
    );
  }

  /** `DELETE /_api/query/slow`: empties the slow-query list (`all`: of every database, from `_system` as superuser). */
  clearSlowQueries(options: { all?: boolean } & CallOptions = {}): Promise<void> {
    return this.connection.send(
      { operation: 'aql.clearSlowQueries', method: 'DELETE', path: '/_api/query/slow', query: flags(options), ...callOptions(options) },
      (res) => expectOk(res, 'clear slow queries'),
    );
  }

  /** Kills a running query by its id (from `queries()`); an unknown id rejects with errorNum 1591. */
  async kill(id: string, options: { all?: boolean } & CallOptions = {}): Promise<void> {
    if (typeof id !== 'string' || id === '') throw new ArangoClientError('kill() needs the id of a running query');
    return this.connection.send(
      { operation: 'aql.kill', method: 'DELETE', path: path`/_api/query/${id}`, query: flags(options), ...callOptions(options) },
      (res) => expectOk(res, 'kill query'),
    );
  }

  /** Query tracking settings of this database. */
  tracking(call?: CallOptions): Promise<QueryTrackingProperties> {
    return this.connection.send(
      { operation: 'aql.tracking', method: 'GET', path: '/_api/query/properties', ...callOptions(call) },
      (res) => withoutEnvelope(withShape(res, { enabled: 'boolean' }, 'query tracking')) as unknown as QueryTrackingProperties,
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
      (res) => withoutEnvelope(withShape(res, { enabled: 'boolean' }, 'query tracking')) as unknown as QueryTrackingProperties,
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
      (res) => resultArray<AqlUserFunction>(res, 'result', { name: 'string', code: 'string' }, 'user functions'),
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
    return this.connection.send(spec, (res) => ({ deletedCount: expectShape<{ deletedCount: number }>(res, { deletedCount: 'number' }, 'delete function').deletedCount }));
  }

  /** The optimizer rules the server knows, with their flags. */
  queryRules(call?: CallOptions): Promise<QueryRule[]> {
    return this.connection.send(
      { operation: 'aql.queryRules', method: 'GET', path: '/_api/query/rules', ...callOptions(call) },
      (res) => resultArray<QueryRule>(res, 'body', { name: 'string', flags: 'object' }, 'optimizer rules'),
    );
  }
}

export type { CursorStats, QueryWarning };

inspectable(AqlQueryCache);

inspectable(AqlPlanCache);

inspectable(AqlApi);
