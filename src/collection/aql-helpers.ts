/**
 * The collection calls that are AQL queries over the collection (bound as `@@c`): all, random,
 * keys, ids, find and the *Match writes. Each is traced as its public method
 * (`collection.find`, …), not as `aql.query`, and cannot be one async job (a cursor reads on).
 */
import { runQuery } from '../aql/cursor-request.js';
import type { QueryOptions } from '../aql/types.js';
import type { Cursor } from '../cursor.js';
import { ArangoClientError } from '../errors.js';
import { assertMultiRequest } from '../job/marker.js';
import type { CallOptions } from '../transport/request.js';
import type { Document, DocumentData, Patch } from './documents.js';
import { assertDocument, callOptions, isObject } from './request-util.js';
import type { CollectionTarget } from './target.js';

/** Options of the AQL-backed helpers (`all`, `keys`, `ids`, `find`). */
export interface CursorOptions extends CallOptions {
  /** Results per batch (server default 1000). */
  batchSize?: number;
  /** Seconds the server keeps the idle cursor. */
  ttl?: number;
  /** Compute results lazily on the server. */
  stream?: boolean;
  /** Let the coordinator read from followers. */
  allowDirtyRead?: boolean;
}

export interface MatchOptions extends CallOptions {
  /** At most this many documents. */
  limit?: number;
  waitForSync?: boolean;
}

export interface AllOptions extends CursorOptions {
  skip?: number;
  limit?: number;
}

type Filters<T extends object> = Partial<Document<T>> | Record<string, unknown>;

export function all<T extends object>(c: CollectionTarget, opts: AllOptions | undefined): Promise<Cursor<Document<T>>> {
  const { clause, vars } = limitClause(opts);
  return query<Document<T>>(c, 'all', 'collection.all', `FOR d IN @@c ${clause} RETURN d`, vars, opts);
}

export async function random<T extends object>(c: CollectionTarget, opts: (CallOptions & { allowDirtyRead?: boolean }) | undefined): Promise<Document<T> | null> {
  const cursor = await query<Document<T>>(c, 'random', 'collection.random', 'FOR d IN @@c SORT RAND() LIMIT 1 RETURN d', {}, opts);
  const docs = await cursor.all();
  return docs[0] ?? null;
}

export function keys(c: CollectionTarget, opts: CursorOptions | undefined): Promise<Cursor<string>> {
  return query<string>(c, 'keys', 'collection.keys', 'FOR d IN @@c RETURN d._key', {}, opts);
}

export function ids(c: CollectionTarget, opts: CursorOptions | undefined): Promise<Cursor<string>> {
  return query<string>(c, 'ids', 'collection.ids', 'FOR d IN @@c RETURN d._id', {}, opts);
}

export function find<T extends object>(c: CollectionTarget, filters: Filters<T>, opts: AllOptions | undefined): Promise<Cursor<Document<T>>> {
  const { filter, vars } = filterClause(filters, 'find');
  const { clause, vars: limitVars } = limitClause(opts);
  return query<Document<T>>(c, 'find', 'collection.find', `FOR d IN @@c ${filter} ${clause} RETURN d`, { ...vars, ...limitVars }, opts);
}

export function updateMatch<T extends object>(
  c: CollectionTarget,
  filters: Filters<T>,
  patch: Patch<T>,
  opts: (MatchOptions & { keepNull?: boolean; mergeObjects?: boolean }) | undefined,
): Promise<number> {
  assertDocument(patch, 'updateMatch');
  return writeMatch(c, 'updateMatch', 'collection.updateMatch', filters, 'UPDATE d WITH @body IN @@c', { body: patch }, opts, {
    keepNull: opts?.keepNull,
    mergeObjects: opts?.mergeObjects,
  });
}

export function replaceMatch<T extends object>(c: CollectionTarget, filters: Filters<T>, document: DocumentData<T>, opts: MatchOptions | undefined): Promise<number> {
  assertDocument(document, 'replaceMatch');
  return writeMatch(c, 'replaceMatch', 'collection.replaceMatch', filters, 'REPLACE d WITH @body IN @@c', { body: document }, opts, {});
}

export function deleteMatch<T extends object>(c: CollectionTarget, filters: Filters<T>, opts: MatchOptions | undefined): Promise<number> {
  return writeMatch(c, 'deleteMatch', 'collection.deleteMatch', filters, 'REMOVE d IN @@c', {}, opts, {});
}

async function writeMatch<T extends object>(
  c: CollectionTarget,
  method: string,
  traced: string,
  filters: Filters<T>,
  operation: string,
  extraVars: Record<string, unknown>,
  opts: MatchOptions | undefined,
  options: Record<string, boolean | undefined>,
): Promise<number> {
  const { filter, vars } = filterClause(filters, method);
  if (opts?.limit !== undefined && (!Number.isInteger(opts.limit) || opts.limit < 0)) {
    throw new ArangoClientError(`${method} limit must be a non-negative integer, got ${String(opts.limit)}`);
  }
  const limit = opts?.limit !== undefined ? 'LIMIT @limit' : '';
  const flags: Record<string, boolean> = {};
  for (const [k, v] of Object.entries({ ...options, waitForSync: opts?.waitForSync })) if (v !== undefined) flags[k] = v;
  // OPTIONS must be known when the query is compiled; the values are booleans only, written inline.
  const optionsClause = Object.keys(flags).length > 0 ? ` OPTIONS ${JSON.stringify(flags)}` : '';
  const cursor = await query<number>(
    c,
    method,
    traced,
    `FOR d IN @@c ${filter} ${limit} ${operation}${optionsClause} RETURN 1`,
    { ...vars, ...extraVars, ...(opts?.limit !== undefined ? { limit: opts.limit } : {}) },
    opts,
  );
  return (await cursor.all()).length;
}

/**
 * Runs an AQL query over this collection (`@@c`) and hands back its cursor, traced as
 * `operation` (the public method, e.g. `collection.all`), not as `aql.query`.
 */
async function query<R>(c: CollectionTarget, method: string, operation: string, text: string, bindVars: Record<string, unknown>, opts: CursorOptions | undefined): Promise<Cursor<R>> {
  // A cursor reads its later batches with more requests: not something one async job can be.
  assertMultiRequest(c.connection, method);
  const options: QueryOptions & CallOptions = { ...callOptions(opts), bindVars: { '@c': c.name, ...bindVars } };
  if (opts?.batchSize !== undefined) options.batchSize = opts.batchSize;
  if (opts?.ttl !== undefined) options.ttl = opts.ttl;
  if (opts?.stream !== undefined) options.stream = opts.stream;
  if (opts?.allowDirtyRead === true) options.allowDirtyReads = true;
  return runQuery<R>(c.connection, operation, text, options);
}

/** `FILTER d[@a0] == @v0 && …` for the top-level attributes of `filters`. */
function filterClause(filters: unknown, method: string): { filter: string; vars: Record<string, unknown> } {
  if (!isObject(filters)) throw new ArangoClientError(`${method}() filters must be an object of attribute → value`);
  const vars: Record<string, unknown> = {};
  const conds: string[] = [];
  Object.entries(filters).forEach(([attr, value], i) => {
    conds.push(`d[@a${i}] == @v${i}`);
    vars[`a${i}`] = attr;
    vars[`v${i}`] = value === undefined ? null : value;
  });
  return { filter: conds.length > 0 ? `FILTER ${conds.join(' && ')}` : '', vars };
}

function limitClause(opts: { skip?: number; limit?: number } | undefined): { clause: string; vars: Record<string, number> } {
  const skip = opts?.skip;
  const limit = opts?.limit;
  for (const [n, v] of [['skip', skip], ['limit', limit]] as const) {
    if (v !== undefined && (!Number.isInteger(v) || v < 0)) throw new ArangoClientError(`${n} must be a non-negative integer, got ${String(v)}`);
  }
  if (skip === undefined && limit === undefined) return { clause: '', vars: {} };
  return { clause: 'LIMIT @skip, @limit', vars: { skip: skip ?? 0, limit: limit ?? Number.MAX_SAFE_INTEGER } };
}
