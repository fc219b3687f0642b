/**
 * A collection's indexes under `/_api/index`: list, read, create (one generic call and one per
 * index type, each filling in its `type`), delete. Types are in indexes.ts.
 */
import { ArangoClientError } from '../errors.js';
import { assertNotDotSegment } from '../names.js';
import { expectField, expectShape } from '../shape.js';
import { path } from '../transport/path.js';
import type { ArangoResponse, CallOptions } from '../transport/request.js';
import type { EnsureIndexResult, IndexDefinition, IndexDescription, IndexSelector, ListIndexesOptions } from './indexes.js';
import { callOptions, flat, isObject } from './request-util.js';
import type { CollectionTarget } from './target.js';

export function indexes(c: CollectionTarget, opts: (CallOptions & ListIndexesOptions) | undefined): Promise<IndexDescription[]> {
  return c.connection.send(
    { operation: 'collection.indexes',
      ...callOptions(opts),
      method: 'GET',
      path: '/_api/index',
      query: { collection: c.name, withStats: opts?.withStats, withHidden: opts?.withHidden },
    },
    (res) => expectField<IndexDescription[]>(res, 'indexes', 'array'),
  );
}

export function index(c: CollectionTarget, selector: IndexSelector, opts: CallOptions | undefined): Promise<IndexDescription> {
  return c.connection.send({ operation: 'collection.index', ...callOptions(opts), method: 'GET', path: indexPath(c, selector) }, (res) => indexAnswer<IndexDescription>(res, 'index'));
}

export function addIndex(c: CollectionTarget, definition: IndexDefinition, opts: CallOptions | undefined): Promise<EnsureIndexResult> {
  if (!isObject(definition) || typeof definition.type !== 'string') {
    throw new ArangoClientError('index definition must be an object with a string `type`');
  }
  if (!Array.isArray(definition.fields) || definition.fields.length === 0) {
    throw new ArangoClientError(`index definition of type "${definition.type}" needs a non-empty \`fields\` array`);
  }
  return c.connection.send(
    { operation: 'collection.addIndex', ...callOptions(opts), method: 'POST', path: '/_api/index', query: { collection: c.name }, body: definition },
    (res) => indexAnswer<EnsureIndexResult>(res, 'add index'),
  );
}

export function deleteIndex(c: CollectionTarget, selector: IndexSelector, opts: CallOptions | undefined): Promise<{ id: string }> {
  return c.connection.send({ operation: 'collection.deleteIndex', ...callOptions(opts), method: 'DELETE', path: indexPath(c, selector) }, (res) => expectShape<{ id: string }>(res, { id: 'string' }, 'delete index'));
}

function indexPath(c: CollectionTarget, selector: IndexSelector): string {
  const id = typeof selector === 'string' ? selector : isObject(selector) && typeof selector.id === 'string' ? selector.id : undefined;
  if (id === undefined || id === '') throw new ArangoClientError(`not an index selector: ${JSON.stringify(selector)}`);
  const slash = id.indexOf('/');
  assertNotDotSegment('index name', id.slice(slash + 1), 'address the index by its numeric id (see indexes())');
  if (slash === -1) return path`/_api/index/${c.name}/${id}`;
  const coll = id.slice(0, slash);
  if (coll !== c.name) throw new ArangoClientError(`index "${id}" does not belong to collection "${c.name}"`);
  return path`/_api/index/${coll}/${id.slice(slash + 1)}`;
}

/** An index description always names its id and type. */
function indexAnswer<D>(res: ArangoResponse, what: string): D {
  expectShape(res, { id: 'string', type: 'string' }, what);
  return flat<D>(res);
}
