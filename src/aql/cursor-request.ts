/**
 * The request behind a query: `POST /_api/cursor`'s body and headers from the query and its
 * options, and the call that sends it and wraps the answer in a Cursor.
 */
import type { Connection } from '../connection.js';
import { Cursor, parseCursorResponse } from '../cursor.js';
import { ArangoClientError } from '../errors.js';
import type { CallOptions, RequestSpec } from '../transport/request.js';
import { callOptions } from '../transport/request.js';
import { isAqlLiteral, isAqlQuery } from './aql.js';
import type { AqlLiteral, AqlQuery } from './aql.js';
import type { BindVars, QueryOptions } from './types.js';

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


/** Copies only the options that are set, so nothing is sent as `null`/`undefined`. */
export function pick(source: object, keys: readonly string[]): Record<string, unknown> {
  const values = source as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of keys) {
    if (values[key] !== undefined) out[key] = values[key];
  }
  return out;
}

/** The query text and its bind parameters, from a string or an aql`…` query (never both ways for one name). */
export function toQuery(query: string | AqlQuery | AqlLiteral, bindVars: BindVars | undefined): { query: string; bindVars?: BindVars } {
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
