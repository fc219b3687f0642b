/**
 * `db.aql`: running AQL queries (cursors), explaining and validating them, and managing running
 * and slow queries, the results cache, the plan cache, user functions and optimizer rules.
 */
import { expectOk, expectShape, isRecord, unexpected, withShape } from '../shape.js';
import type { Connection } from '../connection.js';
import type { Cursor, CursorStats, QueryWarning } from '../cursor.js';
import { ArangoClientError } from '../errors.js';
import { path } from '../transport/path.js';
import type { CallOptions, QueryValue, RequestSpec } from '../transport/request.js';
import { callOptions } from '../transport/request.js';
import type { AqlQuery } from './aql.js';
import { describeHandle, inspectable, type HandleDescription } from '../describe.js';
import { flat } from '../collection/request-util.js';
import { resultArray } from './answers.js';
import { AqlPlanCache, AqlQueryCache } from './caches.js';
import { pick, runQuery, toQuery } from './cursor-request.js';
import type {
  AqlUserFunction,
  ExplainOptions,
  MultiExplainResult,
  QueryInfo,
  QueryOptions,
  QueryRule,
  QueryTrackingProperties,
  SingleExplainResult,
  ValidateResult,
} from './types.js';

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

/** Query-string parameters from an options object; unset ones and call options are left out. */
function flags(options: object): Record<string, QueryValue> {
  const out: Record<string, QueryValue> = {};
  for (const [key, value] of Object.entries(options)) {
    if (key === 'signal' || key === 'timeout' || key === 'retryOnConflict') continue;
    if (typeof value === 'string' || typeof value === 'boolean') out[key] = value;
  }
  return out;
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
        const out = flat<Record<string, unknown>>(res);
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
      (res) => flat<Record<string, unknown>>(withShape(res, { collections: 'array', bindVars: 'array' }, 'validate')) as unknown as ValidateResult,
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
      (res) => flat<Record<string, unknown>>(withShape(res, { enabled: 'boolean' }, 'query tracking')) as unknown as QueryTrackingProperties,
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
      (res) => flat<Record<string, unknown>>(withShape(res, { enabled: 'boolean' }, 'query tracking')) as unknown as QueryTrackingProperties,
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

inspectable(AqlApi);
