/** The query results cache and the execution plan cache of a database, as `db.aql.cache` / `db.aql.planCache`. */
import type { Connection } from '../connection.js';
import { expectOk, withShape } from '../shape.js';
import type { CallOptions } from '../transport/request.js';
import { callOptions } from '../transport/request.js';
import { describeHandle, inspectable, type HandleDescription } from '../describe.js';
import { flat } from '../collection/request-util.js';
import { pick } from './cursor-request.js';
import { resultArray } from './answers.js';
import type { QueryCacheEntry, QueryCacheProperties, QueryPlanCacheEntry } from './types.js';

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
      (res) => flat<Record<string, unknown>>(withShape(res, { mode: 'string' }, 'query cache properties')) as unknown as QueryCacheProperties,
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
      (res) => flat<Record<string, unknown>>(withShape(res, { mode: 'string' }, 'query cache properties')) as unknown as QueryCacheProperties,
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

inspectable(AqlQueryCache);

inspectable(AqlPlanCache);
