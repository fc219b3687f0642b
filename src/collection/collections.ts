/**
 * Database-level collection calls under `/_api/collection` and `/_api/key-generators`: list,
 * create (document or edge), drop. `Database` wires these as methods; each returns what
 * `connection.send` returns, parse included, so that on an AsyncConnection the call becomes a job.
 */
import type { Connection } from '../connection.js';
import { errors } from '../error-codes.js';
import { expectField, expectShape } from '../shape.js';
import { path } from '../transport/path.js';
import type { CallOptions } from '../transport/request.js';
import { Collection, EdgeCollection } from './collection.js';
import { assertName, createCollectionRequest } from './management.js';
import { callOptions, isObject, missingIs, resultArray } from './request-util.js';
import type { CollectionDescription, CreateCollectionOptions, DropCollectionOptions } from './types.js';

export interface DeleteCollectionOptions extends DropCollectionOptions {
  /** A missing collection (404/1203) resolves false instead of throwing. */
  ignoreMissing?: boolean;
}

export function listCollections(connection: Connection, opts?: CallOptions & { excludeSystem?: boolean }): Promise<CollectionDescription[]> {
  return connection.send(
    { operation: 'database.collections', ...callOptions(opts), method: 'GET', path: '/_api/collection', query: { excludeSystem: opts?.excludeSystem } },
    resultArray<CollectionDescription>,
  );
}

export function keyGenerators(connection: Connection, opts?: CallOptions): Promise<string[]> {
  return connection.send({ operation: 'database.keyGenerators', ...callOptions(opts), method: 'GET', path: '/_api/key-generators' }, (res) => {
    return expectField<unknown[]>(res, 'keyGenerators', 'array').map(String);
  });
}

export function createCollection<T extends object>(connection: Connection, name: string, opts?: CreateCollectionOptions): Promise<Collection<T>> {
  assertName('collection', name, true);
  const spec = createCollectionRequest('database.createCollection', name, opts);
  const isEdge = isObject(spec.body) && spec.body.type === 3;
  return connection.send(spec, (res) => (expectShape(res, { name: 'string' }, 'create collection'), isEdge ? new EdgeCollection<object>(connection, name) : new Collection<T>(connection, name)) as Collection<T>);
}

export function createEdgeCollection<T extends object>(connection: Connection, name: string, opts?: Omit<CreateCollectionOptions, 'type'>): Promise<EdgeCollection<T>> {
  assertName('collection', name, true);
  return connection.send(createCollectionRequest('database.createEdgeCollection', name, opts, 3), (res) => (expectShape(res, { name: 'string' }, 'create collection'), new EdgeCollection<T>(connection, name)));
}

export function deleteCollection(connection: Connection, name: string, opts?: DeleteCollectionOptions): Promise<boolean> {
  assertName('collection', name);
  const p = path`/_api/collection/${name}`;
  return connection.send(
    { operation: 'database.deleteCollection',
      ...callOptions(opts),
      method: 'DELETE',
      path: p,
      query: { isSystem: opts?.isSystem },
      ...(opts?.ignoreMissing === true ? { allowStatus: [404] } : {}),
    },
    (res) => missingIs(res, connection.databaseName, errors.ERROR_ARANGO_DATA_SOURCE_NOT_FOUND, 'DELETE', p) && (expectShape(res, { id: 'string' }, 'delete collection'), true),
  );
}
