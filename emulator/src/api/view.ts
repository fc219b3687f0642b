import type { EmuRequest, EmuResponse, Router } from '../http/router.js';
import { httpError } from '../errors.js';
import { isValidCollectionName, type Database } from '../store/database.js';
import { resolveAnalyzerName } from '../store/analyzers.js';
import { MARKER } from '../store/wal.js';
import {
  makeView,
  updateView,
  viewProperties,
  viewSummary,
  type ViewContext,
  type ViewDefinition,
  type ViewType,
} from '../store/views.js';

/**
 * `/_api/view`: arangosearch and search-alias views. Views share the name space of collections
 * (ArangoDB calls both "data sources"), so a view cannot take a collection's name.
 */

function body(req: EmuRequest): Record<string, unknown> {
  const b = req.json<unknown>();
  if (b === null || typeof b !== 'object' || Array.isArray(b)) {
    throw httpError(400, 'ERROR_BAD_PARAMETER', 'expecting a JSON object as body');
  }
  return b as Record<string, unknown>;
}

/**
 * Views follow the naming rules of collections (ArangoDB validates both as data-source names);
 * a leading `_` is reserved for system data sources, which users cannot create as views.
 */
function validViewName(name: string): boolean {
  return isValidCollectionName(name) && !name.startsWith('_');
}

/** Finds a view by name or by id (ArangoDB accepts both in the path). */
function findView(db: Database, nameOrId: string): ViewDefinition {
  const byName = db.views.get(nameOrId);
  if (byName) return byName;
  for (const v of db.views.values()) if (v.id === nameOrId) return v;
  throw httpError(404, 'ERROR_ARANGO_DATA_SOURCE_NOT_FOUND', `collection or view not found: ${nameOrId}`);
}

/** What view validation needs: collections of this database, analyzers visible from it. */
export function viewContext(req: EmuRequest): ViewContext {
  const db = req.ctx.db;
  const state = req.ctx.state;
  return {
    hasCollection: (name) => db.hasCollection(name),
    hasAnalyzer: (name) => {
      const ref = resolveAnalyzerName(name, db.name);
      if (ref.db === null) return true;
      // Only analyzers of the current database and of `_system` are usable in a view.
      if (ref.db !== db.name && ref.db !== '_system') return false;
      return state.hasDatabase(ref.db) && state.database(ref.db).analyzers.has(ref.name);
    },
    hasInvertedIndex: (collection, index) => {
      const c = db.collections.get(collection);
      if (!c) return false;
      // search-alias views accept an index by name or by id (`<collection>/<id>` or bare id).
      const id = index.startsWith(`${collection}/`) ? index.slice(collection.length + 1) : index;
      const idx = c.findIndex(id);
      return idx !== undefined && idx.type === 'inverted';
    },
  };
}

function create(req: EmuRequest): EmuResponse {
  req.ctx.requireDatabaseAccess('rw');
  req.ctx.requireDdlWritable();
  const b = body(req);
  if (typeof b.name !== 'string') {
    throw httpError(400, 'ERROR_BAD_PARAMETER', 'expecting name parameter to be of the form of "name: <string>"');
  }
  if (typeof b.type !== 'string') {
    throw httpError(400, 'ERROR_BAD_PARAMETER', 'expecting type parameter to be of the form of "type: <string>"');
  }
  if (b.type !== 'arangosearch' && b.type !== 'search-alias') {
    throw httpError(400, 'ERROR_BAD_PARAMETER', `invalid type '${b.type}', expecting 'arangosearch' or 'search-alias'`);
  }
  const name = b.name;
  if (!validViewName(name)) throw httpError(400, 'ERROR_ARANGO_ILLEGAL_NAME', `illegal name: '${name}'`);
  const db = req.ctx.db;
  if (db.views.has(name) || db.hasCollection(name)) throw httpError(409, 'ERROR_ARANGO_DUPLICATE_NAME', `duplicate name: ${name}`);
  const id = req.ctx.state.newTick();
  const view = makeView(id, `h${db.id}/${id}`, name, b.type as ViewType, b, viewContext(req));
  db.views.set(name, view);
  db.changeLog?.({ type: MARKER.VIEW_CREATE, cuid: view.globallyUniqueId, data: viewProperties(view) });
  return { status: 201, body: viewProperties(view) };
}

function list(req: EmuRequest): EmuResponse {
  req.ctx.requireDatabaseAccess('ro');
  const result = [...req.ctx.db.views.values()].sort((a, b) => (a.name < b.name ? -1 : 1)).map(viewSummary);
  return { status: 200, body: { error: false, code: 200, result } };
}

function get(req: EmuRequest): EmuResponse {
  req.ctx.requireDatabaseAccess('ro');
  const view = findView(req.ctx.db, req.params.name ?? '');
  return { status: 200, body: { error: false, code: 200, ...viewSummary(view) } };
}

function getProperties(req: EmuRequest): EmuResponse {
  req.ctx.requireDatabaseAccess('ro');
  const view = findView(req.ctx.db, req.params.name ?? '');
  return { status: 200, body: { error: false, code: 200, ...viewProperties(view) } };
}

function setProperties(partial: boolean) {
  return (req: EmuRequest): EmuResponse => {
    req.ctx.requireDatabaseAccess('rw');
    req.ctx.requireDdlWritable();
    const view = findView(req.ctx.db, req.params.name ?? '');
    const b = body(req);
    // Validate on a copy so that a rejected request leaves the view untouched.
    const next: ViewDefinition = structuredClone(view);
    updateView(next, b, viewContext(req), partial);
    Object.assign(view, next);
    req.ctx.db.changeLog?.({ type: MARKER.VIEW_CHANGE, cuid: view.globallyUniqueId, data: viewProperties(view) });
    // ArangoDB answers property changes with the bare properties object (no error/code).
    return { status: 200, body: viewProperties(view) };
  };
}

function rename(req: EmuRequest): EmuResponse {
  // RestViewHandler refuses renames on coordinators: views cannot be renamed in a cluster.
  if (req.ctx.server.role === 'COORDINATOR') {
    throw httpError(501, 'ERROR_CLUSTER_UNSUPPORTED', 'renaming views is not supported in a cluster');
  }
  req.ctx.requireDatabaseAccess('rw');
  req.ctx.requireDdlWritable();
  const db = req.ctx.db;
  const view = findView(db, req.params.name ?? '');
  const b = body(req);
  if (typeof b.name !== 'string' || b.name === '') {
    throw httpError(400, 'ERROR_BAD_PARAMETER', 'expecting name parameter to be of the form of "name: <string>"');
  }
  const newName = b.name;
  if (!validViewName(newName)) throw httpError(400, 'ERROR_ARANGO_ILLEGAL_NAME', `illegal name: '${newName}'`);
  if (newName !== view.name) {
    if (db.views.has(newName) || db.hasCollection(newName)) {
      throw httpError(409, 'ERROR_ARANGO_DUPLICATE_NAME', `duplicate name: ${newName}`);
    }
    db.views.delete(view.name);
    view.name = newName;
    db.views.set(newName, view);
    db.changeLog?.({ type: MARKER.VIEW_CHANGE, cuid: view.globallyUniqueId, data: viewProperties(view) });
  }
  // The renamed view's full properties, bare like a properties change (RestViewHandler; the
  // 3.12.10 transcript shows them, the docs do not say).
  return { status: 200, body: viewProperties(view) };
}

function drop(req: EmuRequest): EmuResponse {
  req.ctx.requireDatabaseAccess('rw');
  req.ctx.requireDdlWritable();
  const db = req.ctx.db;
  const view = findView(db, req.params.name ?? '');
  db.views.delete(view.name);
  db.changeLog?.({ type: MARKER.VIEW_DROP, cuid: view.globallyUniqueId, data: { id: view.id, name: view.name } });
  return { status: 200, body: { error: false, code: 200, result: true } };
}

export function register(router: Router): void {
  router.post('/_api/view', create);
  router.get('/_api/view', list);
  router.get('/_api/view/:name', get);
  router.get('/_api/view/:name/properties', getProperties);
  router.put('/_api/view/:name/properties', setProperties(false));
  router.patch('/_api/view/:name/properties', setProperties(true));
  router.put('/_api/view/:name/rename', rename);
  router.delete('/_api/view/:name', drop);
}
