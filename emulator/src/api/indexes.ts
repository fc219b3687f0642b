/**
 * `/_api/index` (openapi_3.12_indexes_*.txt): list, get, create (every type; an identical
 * existing index is returned with 200 and `isNewlyCreated: false`), delete.
 */
import type { EmuRequest, Router } from '../http/router.js';
import { httpError } from '../errors.js';
import type { Collection } from '../store/collection.js';
import { flag } from '../http/params.js';

function collectionParam(req: EmuRequest, level: 'ro' | 'rw'): Collection {
  const name = req.query.get('collection');
  if (!name) throw httpError(400, 'ERROR_ARANGO_COLLECTION_PARAMETER_MISSING');
  const c = req.ctx.db.getCollection(name);
  req.ctx.requireCollectionAccess(c.name, level);
  return c;
}

function byHandle(req: EmuRequest, level: 'ro' | 'rw'): { c: Collection; id: string } {
  const c = req.ctx.db.getCollection(req.params.collection ?? '');
  req.ctx.requireCollectionAccess(c.name, level);
  const id = req.params.id ?? '';
  if (id === '') throw httpError(400, 'ERROR_ARANGO_INDEX_HANDLE_BAD');
  return { c, id };
}

export function register(router: Router): void {
  router.get('/_api/index', (req) => {
    const c = collectionParam(req, 'ro');
    const withStats = flag(req, 'withStats', false);
    const count = withStats ? c.count() : 0;
    const indexes = c.indexes.map((i) => i.describe(c.name, withStats, count));
    const identifiers = Object.fromEntries(indexes.map((d) => [String(d.id), d]));
    return { status: 200, body: { error: false, code: 200, indexes, identifiers } };
  });

  router.get('/_api/index/:collection/:id', (req) => {
    const { c, id } = byHandle(req, 'ro');
    const idx = c.findIndex(id);
    if (!idx) throw httpError(404, 'ERROR_ARANGO_INDEX_NOT_FOUND');
    return { status: 200, body: { ...idx.describe(c.name), error: false, code: 200 } };
  });

  router.post('/_api/index', (req) => {
    const c = collectionParam(req, 'rw');
    req.ctx.requireDatabaseAccess('rw');
    req.ctx.requireDdlWritable();
    const { index, created } = c.ensureIndex(req.json<unknown>());
    const status = created ? 201 : 200;
    return {
      status,
      body: { ...index.describe(c.name), isNewlyCreated: created, error: false, code: status },
    };
  });

  router.delete('/_api/index/:collection/:id', (req) => {
    const { c, id } = byHandle(req, 'rw');
    req.ctx.requireDatabaseAccess('rw');
    req.ctx.requireDdlWritable();
    const idx = c.dropIndex(id);
    return { status: 200, body: { id: `${c.name}/${idx.id}`, error: false, code: 200 } };
  });
}
