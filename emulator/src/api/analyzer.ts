import type { EmuRequest, EmuResponse, Router } from '../http/router.js';
import { httpError } from '../errors.js';
import {
  BUILTIN_ANALYZERS,
  analyzerToJson,
  builtinAnalyzer,
  makeAnalyzer,
  parseFeatures,
  qualifiedAnalyzerName,
  resolveAnalyzerName,
  sameAnalyzer,
  validAnalyzerName,
  type AnalyzerDefinition,
  type AnalyzerRef,
} from '../store/analyzers.js';
import { analyzersUsedBy } from '../store/views.js';
import type { ServerState } from '../store/server-state.js';

/** `/_api/analyzer`: create, list, get and delete ArangoSearch analyzers (RestAnalyzerHandler). */

function truthy(v: string | null): boolean {
  return v !== null && ['true', '1', 'yes', 'on', 'y'].includes(v.toLowerCase());
}

const SHAPE = '{ name: <string>, type: <string>[, properties: <object>[, features: <string-array>]] }';

function create(req: EmuRequest): EmuResponse {
  const raw = req.json<unknown>();
  if (raw !== null && typeof raw === 'object' && !Array.isArray(raw) && Object.keys(raw).length === 0) {
    throw httpError(400, 'ERROR_HTTP_CORRUPTED_JSON');
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw httpError(400, 'ERROR_BAD_PARAMETER', `expecting body to be of the form ${SHAPE}`);
  }
  const b = raw as Record<string, unknown>;
  if (typeof b.name !== 'string') throw httpError(400, 'ERROR_BAD_PARAMETER', `invalid 'name', expecting body to be of the form ${SHAPE}`);
  const db = req.ctx.db;
  const ref = resolveAnalyzerName(b.name, db.name);
  if (ref.db !== null && ref.db !== db.name) {
    throw httpError(403, 'ERROR_FORBIDDEN', 'Database in analyzer name does not match current database');
  }
  if (!validAnalyzerName(ref.name)) {
    throw httpError(400, 'ERROR_BAD_PARAMETER', `invalid characters in analyzer name '${ref.name}'`);
  }
  if (typeof b.type !== 'string') throw httpError(400, 'ERROR_BAD_PARAMETER', `invalid 'type', expecting body to be of the form ${SHAPE}`);
  let properties: unknown = b.properties;
  // ArangoDB also takes the properties as a JSON string.
  if (typeof properties === 'string') {
    try {
      properties = JSON.parse(properties) as unknown;
    } catch {
      throw httpError(400, 'ERROR_BAD_PARAMETER', `invalid 'properties', expecting body to be of the form ${SHAPE}`);
    }
  }
  if (properties !== undefined && (properties === null || typeof properties !== 'object' || Array.isArray(properties))) {
    throw httpError(400, 'ERROR_BAD_PARAMETER', `invalid 'properties', expecting body to be of the form ${SHAPE}`);
  }
  const features = parseFeatures(b.features);
  // Creating needs write access to the database (ArangoDB: rw on its `_analyzers` collection).
  req.ctx.requireDatabaseAccess('rw');
  req.ctx.requireDdlWritable();
  const qualified = qualifiedAnalyzerName(ref);
  const def = makeAnalyzer(qualified, ref.name, b.type, properties, features);
  const existing = ref.db === null ? builtinAnalyzer(ref.name) : db.analyzers.get(ref.name);
  if (existing) {
    if (!sameAnalyzer(existing, def)) {
      throw httpError(
        400,
        'ERROR_BAD_PARAMETER',
        `Name collision detected while registering an arangosearch analyzer. Current definition is: ${JSON.stringify(
          analyzerToJson(def, ref.db),
        )} Previous definition was: ${JSON.stringify(analyzerToJson(existing, ref.db))}`,
      );
    }
    return { status: 200, body: analyzerToJson(existing, ref.db) };
  }
  db.analyzers.set(ref.name, def);
  return { status: 201, body: analyzerToJson(def, ref.db) };
}

function list(req: EmuRequest): EmuResponse {
  req.ctx.requireDatabaseAccess('ro');
  const db = req.ctx.db;
  const result = BUILTIN_ANALYZERS.map((a) => analyzerToJson(a, null));
  for (const a of db.analyzers.values()) result.push(analyzerToJson(a, db.name));
  // Analyzers of `_system` are usable from every database, so they are listed too.
  if (db.name !== '_system' && req.ctx.databaseLevel('_system') !== 'none') {
    for (const a of req.ctx.state.database('_system').analyzers.values()) result.push(analyzerToJson(a, '_system'));
  }
  return { status: 200, body: { error: false, code: 200, result } };
}

function lookup(state: ServerState, ref: AnalyzerRef): AnalyzerDefinition | undefined {
  if (ref.db === null) return builtinAnalyzer(ref.name);
  if (!state.hasDatabase(ref.db)) return undefined;
  return state.database(ref.db).analyzers.get(ref.name);
}

function get(req: EmuRequest): EmuResponse {
  const db = req.ctx.db;
  const ref = resolveAnalyzerName(req.params.name ?? '', db.name);
  const qualified = qualifiedAnalyzerName(ref);
  if (ref.db !== null && ref.db !== db.name && ref.db !== '_system') {
    const suffix = db.name !== '_system' ? ' or system database' : '';
    throw httpError(
      403,
      'ERROR_FORBIDDEN',
      `Analyzer '${qualified}' is not accessible. Only analyzers from current database ('${db.name}')${suffix} are available`,
    );
  }
  if (ref.db !== null && req.ctx.databaseLevel(ref.db) === 'none') {
    throw httpError(403, 'ERROR_FORBIDDEN', `insufficient rights while getting analyzer: ${qualified}`);
  }
  const def = lookup(req.ctx.state, ref);
  if (!def) throw httpError(404, 'ERROR_ARANGO_DOCUMENT_NOT_FOUND', `unable to find analyzer: ${qualified}`);
  return { status: 200, body: { error: false, code: 200, ...analyzerToJson(def, ref.db) } };
}

/**
 * True when a view link or an inverted index refers to the analyzer (in every database for
 * `_system` analyzers, which all databases can use).
 */
function inUse(state: ServerState, ref: AnalyzerRef): boolean {
  const target = qualifiedAnalyzerName(ref);
  const dbs = ref.db === '_system' ? state.databaseNames() : [ref.db ?? ''];
  for (const dbName of dbs) {
    if (!state.hasDatabase(dbName)) continue;
    const db = state.database(dbName);
    const matches = (used: unknown): boolean =>
      typeof used === 'string' && qualifiedAnalyzerName(resolveAnalyzerName(used, dbName)) === target;
    for (const view of db.views.values()) {
      for (const used of analyzersUsedBy(view)) if (matches(used)) return true;
    }
    for (const coll of db.collections.values()) {
      for (const idx of coll.indexes) {
        if (idx.type !== 'inverted') continue;
        if (matches(idx.extra.analyzer)) return true;
        const fields = idx.extra.fields;
        if (Array.isArray(fields) && fields.some((f) => f !== null && typeof f === 'object' && !Array.isArray(f) && matches(f.analyzer))) {
          return true;
        }
      }
    }
  }
  return false;
}

function drop(req: EmuRequest): EmuResponse {
  const db = req.ctx.db;
  const ref = resolveAnalyzerName(req.params.name ?? '', db.name);
  if (!validAnalyzerName(ref.name)) {
    throw httpError(400, 'ERROR_BAD_PARAMETER', `Invalid characters in analyzer name '${ref.name}'.`);
  }
  if (ref.db !== null && ref.db !== db.name) {
    throw httpError(403, 'ERROR_FORBIDDEN', 'Database in analyzer name does not match current database');
  }
  const qualified = qualifiedAnalyzerName(ref);
  if (ref.db !== null && req.ctx.databaseLevel(ref.db) !== 'rw') {
    throw httpError(403, 'ERROR_FORBIDDEN', `insufficient rights while removing analyzer: ${qualified}`);
  }
  if (ref.db === null) throw httpError(403, 'ERROR_FORBIDDEN', 'built-in analyzers cannot be removed');
  req.ctx.requireDdlWritable();
  if (!db.analyzers.has(ref.name)) {
    throw httpError(404, 'ERROR_ARANGO_DOCUMENT_NOT_FOUND', `failure to find analyzer while removing arangosearch analyzer '${qualified}'`);
  }
  if (!truthy(req.query.get('force')) && inUse(req.ctx.state, ref)) {
    throw httpError(409, 'ERROR_ARANGO_CONFLICT', `analyzer in-use while removing arangosearch analyzer '${qualified}'`);
  }
  db.analyzers.delete(ref.name);
  return { status: 200, body: { error: false, code: 200, name: qualified } };
}

export function register(router: Router): void {
  router.post('/_api/analyzer', create);
  router.get('/_api/analyzer', list);
  router.get('/_api/analyzer/:name', get);
  router.delete('/_api/analyzer/:name', drop);
}
