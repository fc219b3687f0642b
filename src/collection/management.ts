/**
 * A collection's management calls under `/_api/collection/{name}`: existence, description,
 * creation, properties, counts and figures, checksums, rename, truncate/compact, shards. The
 * Collection class delegates to these; each is one request, traced as `collection.<method>`.
 * Each returns what `connection.send` returns, parse included, so that on an AsyncConnection the
 * call becomes a job whose result is parsed the same way.
 */
import { ArangoClientError } from '../errors.js';
import { errors } from '../error-codes.js';
import { assertDatabaseName, assertDataSourceName } from '../names.js';
import { expectField, expectOk, expectShape, unexpected } from '../shape.js';
import { path } from '../transport/path.js';
import type { ArangoResponse, CallOptions, RequestSpec } from '../transport/request.js';
import type { DocumentData } from './documents.js';
import { callOptions, errorNumOf, flat, isObject, serverError, withoutCallOptions } from './request-util.js';
import { databaseUrl, type CollectionTarget } from './target.js';
import type {
  ChecksumOptions,
  CollectionChecksum,
  CollectionDescription,
  CollectionFigures,
  CollectionProperties,
  CollectionPropertiesUpdate,
  CreateCollectionOptions,
  DropCollectionOptions,
  ShardList,
  ShardMap,
  TruncateOptions,
} from './types.js';

/** Turns the public `type` option into ArangoDB's number (2 document, 3 edge). */
export function collectionTypeCode(type: CreateCollectionOptions['type']): 2 | 3 | undefined {
  if (type === undefined) return undefined;
  if (type === 2 || type === 'document') return 2;
  if (type === 3 || type === 'edge') return 3;
  throw new ArangoClientError(`collection type must be 'document', 'edge', 2 or 3, got ${JSON.stringify(type)}`);
}

/** ArangoDB's naming rules (names.ts); `creating` adds the rules that only bind a new name. */
export function assertName(kind: string, name: unknown, creating = false): asserts name is string {
  if (kind === 'database') assertDatabaseName(name);
  else assertDataSourceName(kind, name, creating);
}

/** The body of `POST /_api/collection` for `name` and `opts`, without unset options. */
export function createCollectionRequest(operation: string, name: string, opts: CreateCollectionOptions | undefined, forcedType?: 2 | 3): RequestSpec {
  const { waitForSyncReplication, enforceReplicationFactor, type, ...rest } = withoutCallOptions(opts);
  const typeCode = forcedType ?? collectionTypeCode(type);
  return {
    operation,
    ...callOptions(opts),
    method: 'POST',
    path: '/_api/collection',
    query: { waitForSyncReplication, enforceReplicationFactor },
    body: { name, ...(typeCode !== undefined ? { type: typeCode } : {}), ...rest },
  };
}

export function exists(c: CollectionTarget, opts: CallOptions | undefined): Promise<boolean> {
  return c.connection.send(
    { operation: 'collection.exists', ...callOptions(opts), method: 'GET', path: path`/_api/collection/${c.name}`, allowStatus: [404] },
    (res) => {
      if (res.status === 404) {
        if (errorNumOf(res) === errors.ERROR_ARANGO_DATA_SOURCE_NOT_FOUND) return false;
        throw serverError(res, 'GET', databaseUrl(c, path`/_api/collection/${c.name}`));
      }
      described(res);
      return true;
    },
  );
}

export function info(c: CollectionTarget, opts: CallOptions | undefined): Promise<CollectionDescription> {
  return c.connection.send({ operation: 'collection.info', ...callOptions(opts), method: 'GET', path: path`/_api/collection/${c.name}` }, described<CollectionDescription>);
}

/** `type` is the collection class's own (edge collections create edge collections). */
export function create(c: CollectionTarget, opts: CreateCollectionOptions | undefined, type: 2 | 3 | undefined): Promise<CollectionProperties> {
  assertName('collection', c.name, true);
  return c.connection.send(createCollectionRequest('collection.create', c.name, opts, type), described<CollectionProperties>);
}

export function drop(c: CollectionTarget, opts: DropCollectionOptions | undefined): Promise<{ id: string }> {
  return c.connection.send(
    { operation: 'collection.drop', ...callOptions(opts), method: 'DELETE', path: path`/_api/collection/${c.name}`, query: { isSystem: opts?.isSystem } },
    (res) => expectShape<{ id: string }>(res, { id: 'string' }, 'drop collection'),
  );
}

export function properties(c: CollectionTarget, opts: CallOptions | undefined): Promise<CollectionProperties> {
  return c.connection.send({ operation: 'collection.properties', ...callOptions(opts), method: 'GET', path: path`/_api/collection/${c.name}/properties` }, described<CollectionProperties>);
}

export function configure(c: CollectionTarget, properties: CollectionPropertiesUpdate): Promise<CollectionProperties> {
  return c.connection.send(
    { operation: 'collection.configure', ...callOptions(properties), method: 'PUT', path: path`/_api/collection/${c.name}/properties`, body: withoutCallOptions(properties), idempotent: true },
    described<CollectionProperties>,
  );
}

export function count(c: CollectionTarget, opts: CallOptions | undefined): Promise<number> {
  return c.connection.send(
    { operation: 'collection.count', ...callOptions(opts), method: 'GET', path: path`/_api/collection/${c.name}/count` },
    (res) => expectField<number>(res, 'count', 'number'),
  );
}

export function statistics(c: CollectionTarget, opts: (CallOptions & { details?: boolean }) | undefined): Promise<CollectionFigures & { count?: number }> {
  return c.connection.send(
    { operation: 'collection.statistics', ...callOptions(opts), method: 'GET', path: path`/_api/collection/${c.name}/figures`, query: { details: opts?.details } },
    (res) => {
      const figures = expectField<CollectionFigures>(res, 'figures', 'object');
      const count = flat<{ count?: unknown }>(res).count;
      return { ...figures, ...(typeof count === 'number' ? { count } : {}) };
    },
  );
}

export function revision(c: CollectionTarget, opts: CallOptions | undefined): Promise<string> {
  return c.connection.send(
    { operation: 'collection.revision', ...callOptions(opts), method: 'GET', path: path`/_api/collection/${c.name}/revision` },
    (res) => expectField<string>(res, 'revision', 'string'),
  );
}

export function checksum(c: CollectionTarget, opts: ChecksumOptions | undefined): Promise<string> {
  return c.connection.send(checksumRequest(c, opts, 'collection.checksum'), (res) => parseChecksum(res).checksum);
}

export function checksumInfo(c: CollectionTarget, opts: ChecksumOptions | undefined): Promise<CollectionChecksum> {
  return c.connection.send(checksumRequest(c, opts, 'collection.checksumInfo'), parseChecksum);
}

function checksumRequest(c: CollectionTarget, opts: ChecksumOptions | undefined, operation: string): RequestSpec {
  return {
    operation,
    ...callOptions(opts),
    method: 'GET',
    path: path`/_api/collection/${c.name}/checksum`,
    query: { withRevisions: opts?.withRevisions, withData: opts?.withData },
  };
}

/** `renamed` runs once the server has answered (for an async job: when its result is read). */
export function rename(c: CollectionTarget, newName: string, opts: CallOptions | undefined, renamed: (name: string) => void): Promise<CollectionDescription> {
  assertName('collection', newName, true);
  return c.connection.send(
    { operation: 'collection.rename', ...callOptions(opts), method: 'PUT', path: path`/_api/collection/${c.name}/rename`, body: { name: newName } },
    (res) => {
      renamed(newName);
      return described<CollectionDescription>(res);
    },
  );
}

export function truncate(c: CollectionTarget, opts: TruncateOptions | undefined): Promise<CollectionDescription> {
  return c.connection.send(
    { operation: 'collection.truncate',
      ...callOptions(opts),
      method: 'PUT',
      path: path`/_api/collection/${c.name}/truncate`,
      query: { waitForSync: opts?.waitForSync, compact: opts?.compact },
    },
    described<CollectionDescription>,
  );
}

/** The idempotent `PUT …/{action}` calls answering a description (compact, load, unload). */
export function putAction<D extends CollectionDescription>(c: CollectionTarget, action: 'compact' | 'load' | 'unload', opts: CallOptions | undefined): Promise<D> {
  return c.connection.send(
    { operation: `collection.${action}`, ...callOptions(opts), method: 'PUT', path: path`/_api/collection/${c.name}/${action}`, idempotent: true },
    described<D>,
  );
}

export function loadIndexes(c: CollectionTarget, opts: CallOptions | undefined): Promise<boolean> {
  return c.connection.send(
    { operation: 'collection.loadIndexes', ...callOptions(opts), method: 'PUT', path: path`/_api/collection/${c.name}/loadIndexesIntoMemory`, idempotent: true },
    (res) => expectShape<{ result: boolean }>(res, { result: 'boolean' }, 'load indexes').result,
  );
}

export function recalculateCount(c: CollectionTarget, opts: CallOptions | undefined): Promise<number | undefined> {
  return c.connection.send(
    { operation: 'collection.recalculateCount', ...callOptions(opts), method: 'PUT', path: path`/_api/collection/${c.name}/recalculateCount`, idempotent: true },
    (res) => {
      expectOk(res, 'recalculate count');
      const n = flat<{ count?: number }>(res).count;
      return typeof n === 'number' ? n : undefined;
    },
  );
}

export function shards(c: CollectionTarget, opts: (CallOptions & { details?: boolean }) | undefined): Promise<ShardList | ShardMap> {
  return c.connection.send(
    { operation: 'collection.shards', ...callOptions(opts), method: 'GET', path: path`/_api/collection/${c.name}/shards`, query: { details: opts?.details } },
    (res) => {
      const list = flat<{ shards?: unknown }>(res).shards;
      if (typeof list !== 'object' || list === null) throw unexpected(res, 'a JSON object with "shards"');
      return list as ShardList | ShardMap;
    },
  );
}

export function responsibleShard<T extends object>(c: CollectionTarget, document: Partial<DocumentData<T>> | Record<string, unknown>, opts: CallOptions | undefined): Promise<string> {
  if (!isObject(document)) throw new ArangoClientError('responsibleShard() needs a document object carrying the shard keys');
  return c.connection.send(
    { operation: 'collection.responsibleShard', ...callOptions(opts), method: 'PUT', path: path`/_api/collection/${c.name}/responsibleShard`, body: document, idempotent: true },
    (res) => expectField<string>(res, 'shardId', 'string'),
  );
}

/** A collection's description or properties: a JSON object naming the collection. */
function described<D>(res: ArangoResponse): D {
  const b = flat<{ name?: unknown }>(res);
  if (typeof b.name !== 'string') throw unexpected(res, 'a collection description: a JSON object with a "name"');
  return b as D;
}

function parseChecksum(res: ArangoResponse): CollectionChecksum {
  const b = flat<{ checksum: unknown; revision: unknown }>(res);
  if ((typeof b.checksum !== 'string' && typeof b.checksum !== 'number') || typeof b.revision !== 'string') {
    throw unexpected(res, 'a JSON object with a "checksum" and a "revision"');
  }
  return { checksum: String(b.checksum), revision: b.revision };
}
