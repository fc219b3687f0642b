import { flag } from '../http/params.js';
import type { EmuRequest, EmuResponse, Router } from '../http/router.js';
import { httpError } from '../errors.js';
import type { Database } from '../store/database.js';
import type { Collection } from '../store/collection.js';
import { preconditionFailed } from '../store/document-rules.js';
import { isValidKey } from '../store/keys.js';
import { transactionFromHeader } from '../store/transaction.js';
import type { Doc, Json, TxScope, WriteOptions } from '../store/types.js';
import { forgetCollection } from '../store/views.js';
import {
  checkEdgeDefinitionConflicts,
  checkNoDuplicateEdgeCollections,
  collectionsOf,
  edgeCollectionsOf,
  edgeDefinitionVertices,
  graphToJson,
  graphsUsingEdgeCollection,
  makeGraph,
  newGraphRev,
  parseEdgeDefinition,
  parseGraphOptions,
  parseOrphans,
  usedByOtherGraph,
  vertexCollectionsOf,
  type EdgeDefinition,
  type GraphDefinition,
  type GraphOptions,
} from '../store/graphs.js';

/**
 * `/_api/gharial`: named graphs (RestGraphHandler + GraphOperations in arangod 3.12).
 * Status codes follow the handler: creations answer 201 when synced and 202 otherwise,
 * modifications and removals of documents 200 / 202. "Synced" means `waitForSync=true` in the
 * request or a collection (for graph definitions: `_graphs`) created with `waitForSync`.
 */

// ---- small helpers ------------------------------------------------------------------------

function objectBody(req: EmuRequest): Record<string, unknown> {
  const b = req.json<unknown>();
  if (b === null || typeof b !== 'object' || Array.isArray(b)) {
    throw httpError(400, 'ERROR_ARANGO_DOCUMENT_TYPE_INVALID', 'expecting a JSON object as body');
  }
  return b as Record<string, unknown>;
}

function graphOf(db: Database, name: string): GraphDefinition {
  const g = db.graphs.get(name);
  if (!g) throw httpError(404, 'ERROR_GRAPH_NOT_FOUND', `graph '${name}' not found`);
  return g;
}

/** The graph a definition change names (`:graph`): write access and a writable server first. */
function graphToChange(req: EmuRequest): { db: Database; g: GraphDefinition } {
  req.ctx.requireDatabaseAccess('rw');
  req.ctx.requireDdlWritable();
  const db = req.ctx.db;
  return { db, g: graphOf(db, req.params.graph ?? '') };
}

/** The same, for a change to the edge definition of `:collection` (404 / 1930 if the graph has none). */
function edgeDefinitionToChange(req: EmuRequest): { db: Database; g: GraphDefinition; name: string } {
  const { db, g } = graphToChange(req);
  const name = req.params.collection ?? '';
  if (!g.edgeDefinitions.some((d) => d.collection === name)) throw httpError(404, 'ERROR_GRAPH_EDGE_COLLECTION_NOT_USED');
  return { db, g, name };
}

function graphsSynced(db: Database, req: EmuRequest): boolean {
  const graphsColl = db.collections.get('_graphs');
  return flag(req, 'waitForSync') || graphsColl?.properties.waitForSync === true;
}

function graphAnswer(req: EmuRequest, g: GraphDefinition, status: number): EmuResponse {
  return { status, body: { error: false, code: status, graph: graphToJson(g, req.ctx.state.isCluster) }, headers: { etag: g._rev } };
}

function tx(req: EmuRequest): TxScope | undefined {
  return transactionFromHeader(req.ctx.db, req.headers['x-arango-trx-id']);
}

/** `If-Match` names the revision a write expects; reads also take the `rev` query parameter. */
function expectedRev(req: EmuRequest, allowQuery = false): string | undefined {
  const h = req.headers['if-match'];
  const v = (Array.isArray(h) ? h[0] : h) ?? (allowQuery ? req.query.get('rev') : null) ?? undefined;
  if (v === undefined || v === '') return undefined;
  return v.replace(/^"(.*)"$/, '$1');
}

function meta(doc: Doc, oldRev?: string): Record<string, unknown> {
  const out: Record<string, unknown> = { _id: doc._id, _key: doc._key, _rev: doc._rev };
  if (oldRev !== undefined) out._oldRev = oldRev;
  return out;
}

// ---- collection creation for graphs -------------------------------------------------------

/**
 * Checks that existing collections have the right type for their role: edge definitions need
 * edge collections (1944 ERROR_GRAPH_EDGE_DEFINITION_IS_DOCUMENT), vertices document collections
 * (1927 ERROR_GRAPH_WRONG_COLLECTION_TYPE_VERTEX). arangod's generic error map would turn 1944
 * into a 500; a client error is what happened, so it is answered with 400.
 */
function checkCollectionTypes(db: Database, edges: Iterable<string>, vertices: Iterable<string>): void {
  for (const e of edges) {
    const c = db.collections.get(e);
    if (c && c.type !== 'edge') throw httpError(400, 'ERROR_GRAPH_EDGE_DEFINITION_IS_DOCUMENT', `${e} edge definition collection is a document collection`);
  }
  for (const v of vertices) {
    const c = db.collections.get(v);
    if (c && c.type !== 'document') throw httpError(400, 'ERROR_GRAPH_WRONG_COLLECTION_TYPE_VERTEX', `${v} collection not a vertex collection`);
  }
}

/** Creates the missing collections of a graph with the graph's sharding options. */
function ensureCollections(req: EmuRequest, g: GraphDefinition, opts: GraphOptions): void {
  const db = req.ctx.db;
  const state = req.ctx.state;
  const dbOpts = state.databaseOptions(db.name);
  const satellites = new Set(opts.satellites ?? g.satellites ?? []);
  const make = (name: string, type: 2 | 3): void => {
    if (db.collections.has(name)) return;
    const body: Record<string, unknown> = { name, type, numberOfShards: g.numberOfShards, writeConcern: g.writeConcern };
    body.replicationFactor = satellites.has(name) ? 'satellite' : g.replicationFactor;
    if (body.replicationFactor === 'satellite') delete body.writeConcern;
    db.createCollection(body, {
      cluster: state.isCluster,
      defaultReplicationFactor: dbOpts.replicationFactor,
      defaultWriteConcern: dbOpts.writeConcern,
      singleShardDatabase: dbOpts.sharding === 'single',
    });
  };
  for (const e of edgeCollectionsOf(g)) make(e, 3);
  for (const v of vertexCollectionsOf(g)) make(v, 2);
}

/** Drops collections of a graph that no other graph uses (`dropCollections` / `dropCollection`). */
function dropUnused(db: Database, names: Iterable<string>, graphName: string): void {
  for (const name of names) {
    const c = db.collections.get(name);
    if (!c || c.isSystem) continue;
    if (usedByOtherGraph(db.graphs.values(), name, graphName)) continue;
    db.dropCollection(name, false);
    for (const v of db.views.values()) forgetCollection(v, name);
  }
}

// ---- graph management ---------------------------------------------------------------------

function listGraphs(req: EmuRequest): EmuResponse {
  req.ctx.requireDatabaseAccess('ro');
  const graphs = [...req.ctx.db.graphs.values()].sort((a, b) => (a.name < b.name ? -1 : 1)).map((g) => graphToJson(g, req.ctx.state.isCluster));
  return { status: 200, body: { error: false, code: 200, graphs } };
}

function createGraph(req: EmuRequest): EmuResponse {
  req.ctx.requireDatabaseAccess('rw');
  req.ctx.requireDdlWritable();
  const db = req.ctx.db;
  const b = objectBody(req);
  if (typeof b.name !== 'string' || b.name === '') throw httpError(400, 'ERROR_GRAPH_CREATE_MISSING_NAME');
  const name = b.name;
  // A graph is a document of `_graphs`: its name must be a valid document key.
  if (!isValidKey(name)) throw httpError(400, 'ERROR_ARANGO_DOCUMENT_KEY_BAD', `invalid graph name '${name}'`);
  if (db.graphs.has(name)) throw httpError(409, 'ERROR_GRAPH_DUPLICATE', `graph '${name}' already exists`);
  let edgeDefinitions: EdgeDefinition[] = [];
  if (b.edgeDefinitions !== undefined && b.edgeDefinitions !== null) {
    if (!Array.isArray(b.edgeDefinitions)) throw httpError(400, 'ERROR_GRAPH_CREATE_MALFORMED_EDGE_DEFINITION', "'edgeDefinitions' must be an array");
    edgeDefinitions = b.edgeDefinitions.map(parseEdgeDefinition);
  }
  checkNoDuplicateEdgeCollections(edgeDefinitions);
  for (const d of edgeDefinitions) checkEdgeDefinitionConflicts(db.graphs.values(), d, name);
  const orphans = parseOrphans(b.orphanCollections);
  const inDefs = edgeDefinitionVertices({ edgeDefinitions });
  for (const o of orphans) {
    if (inDefs.has(o)) throw httpError(400, 'ERROR_GRAPH_COLLECTION_USED_IN_EDGE_DEF', `${o} collection already used in edge def`);
  }
  const opts = parseGraphOptions(b);
  checkCollectionTypes(db, edgeDefinitions.map((d) => d.collection), [...inDefs, ...orphans]);
  const g = makeGraph(name, edgeDefinitions, orphans, opts);
  ensureCollections(req, g, opts);
  db.graphs.set(name, g);
  return graphAnswer(req, g, graphsSynced(db, req) ? 201 : 202);
}

function getGraph(req: EmuRequest): EmuResponse {
  req.ctx.requireDatabaseAccess('ro');
  const g = graphOf(req.ctx.db, req.params.graph ?? '');
  return { status: 200, body: { error: false, code: 200, graph: graphToJson(g, req.ctx.state.isCluster) }, headers: { etag: g._rev } };
}

function dropGraph(req: EmuRequest): EmuResponse {
  const { db, g } = graphToChange(req);
  const synced = graphsSynced(db, req);
  db.graphs.delete(g.name);
  if (flag(req, 'dropCollections')) dropUnused(db, collectionsOf(g), g.name);
  const status = synced ? 201 : 202;
  return { status, body: { error: false, code: status, removed: true } };
}

function listVertexCollections(req: EmuRequest): EmuResponse {
  req.ctx.requireDatabaseAccess('ro');
  const g = graphOf(req.ctx.db, req.params.graph ?? '');
  return { status: 200, body: { error: false, code: 200, collections: vertexCollectionsOf(g) } };
}

function listEdgeCollections(req: EmuRequest): EmuResponse {
  req.ctx.requireDatabaseAccess('ro');
  const g = graphOf(req.ctx.db, req.params.graph ?? '');
  return { status: 200, body: { error: false, code: 200, collections: edgeCollectionsOf(g) } };
}

function satellitesOption(b: Record<string, unknown>): string[] | undefined {
  const o = b.options;
  if (o === undefined || o === null) return undefined;
  if (typeof o !== 'object' || Array.isArray(o)) throw httpError(400, 'ERROR_BAD_PARAMETER', "'options' must be an object");
  const s = (o as Record<string, unknown>).satellites;
  if (s === undefined) return undefined;
  if (!Array.isArray(s) || !s.every((x) => typeof x === 'string')) {
    throw httpError(400, 'ERROR_BAD_PARAMETER', "'satellites' must be an array of collection names");
  }
  return s as string[];
}

function addSatellites(g: GraphDefinition, satellites: string[] | undefined): void {
  if (!satellites || satellites.length === 0) return;
  g.satellites = [...new Set([...(g.satellites ?? []), ...satellites])];
}

function addVertexCollection(req: EmuRequest): EmuResponse {
  const { db, g } = graphToChange(req);
  const b = objectBody(req);
  if (typeof b.collection !== 'string' || b.collection === '') {
    throw httpError(400, 'ERROR_BAD_PARAMETER', "expecting 'collection' to be a collection name");
  }
  const name = b.collection;
  if (g.orphanCollections.includes(name)) throw httpError(400, 'ERROR_GRAPH_COLLECTION_USED_IN_ORPHANS');
  if (edgeDefinitionVertices(g).has(name)) throw httpError(400, 'ERROR_GRAPH_COLLECTION_USED_IN_EDGE_DEF', `${name} collection already used in edge def`);
  checkCollectionTypes(db, [], [name]);
  const next: GraphDefinition = structuredClone(g);
  addSatellites(next, satellitesOption(b));
  next.orphanCollections.push(name);
  next._rev = newGraphRev();
  ensureCollections(req, next, {});
  db.graphs.set(g.name, next);
  return graphAnswer(req, next, graphsSynced(db, req) ? 201 : 202);
}

function removeVertexCollection(req: EmuRequest): EmuResponse {
  const { db, g } = graphToChange(req);
  const name = req.params.collection ?? '';
  if (!g.orphanCollections.includes(name)) throw httpError(400, 'ERROR_GRAPH_NOT_IN_ORPHAN_COLLECTION');
  const next: GraphDefinition = { ...g, orphanCollections: g.orphanCollections.filter((o) => o !== name), _rev: newGraphRev() };
  db.graphs.set(g.name, next);
  if (flag(req, 'dropCollection')) dropUnused(db, [name], g.name);
  return graphAnswer(req, next, graphsSynced(db, req) ? 200 : 202);
}

/** The graph with `def` replacing the definition of the same edge collection (or added). */
function withDefinition(g: GraphDefinition, def: EdgeDefinition): GraphDefinition {
  const before = edgeDefinitionVertices(g);
  const defs = g.edgeDefinitions.some((d) => d.collection === def.collection)
    ? g.edgeDefinitions.map((d) => (d.collection === def.collection ? def : d))
    : [...g.edgeDefinitions, def];
  const after = edgeDefinitionVertices({ edgeDefinitions: defs });
  // Vertex collections an edge definition no longer uses stay in the graph as orphans;
  // orphans an edge definition now uses stop being orphans.
  const orphans = g.orphanCollections.filter((o) => !after.has(o));
  for (const v of [...before].sort()) if (!after.has(v) && !orphans.includes(v)) orphans.push(v);
  return { ...structuredClone(g), edgeDefinitions: defs, orphanCollections: orphans, _rev: newGraphRev() };
}

function addEdgeDefinition(req: EmuRequest): EmuResponse {
  const { db, g } = graphToChange(req);
  const b = objectBody(req);
  const def = parseEdgeDefinition(b);
  if (g.edgeDefinitions.some((d) => d.collection === def.collection)) {
    throw httpError(400, 'ERROR_GRAPH_COLLECTION_MULTI_USE', `${def.collection} multi use of edge collection in edge def`);
  }
  checkEdgeDefinitionConflicts(db.graphs.values(), def, g.name);
  checkCollectionTypes(db, [def.collection], [...def.from, ...def.to]);
  const next = withDefinition(g, def);
  addSatellites(next, satellitesOption(b));
  ensureCollections(req, next, {});
  db.graphs.set(g.name, next);
  return graphAnswer(req, next, graphsSynced(db, req) ? 201 : 202);
}

function replaceEdgeDefinition(req: EmuRequest): EmuResponse {
  const { db, g, name } = edgeDefinitionToChange(req);
  const b = objectBody(req);
  const def = parseEdgeDefinition(b);
  if (def.collection !== name) throw httpError(404, 'ERROR_GRAPH_EDGE_COLLECTION_NOT_USED');
  checkCollectionTypes(db, [def.collection], [...def.from, ...def.to]);
  // The new definition applies to every graph that uses this edge collection.
  const sats = satellitesOption(b);
  let mine: GraphDefinition = g;
  for (const other of graphsUsingEdgeCollection([...db.graphs.values()], name)) {
    const next = withDefinition(other, def);
    if (other.name === g.name) {
      addSatellites(next, sats);
      mine = next;
    }
    ensureCollections(req, next, {});
    db.graphs.set(other.name, next);
  }
  return graphAnswer(req, mine, graphsSynced(db, req) ? 201 : 202);
}

function removeEdgeDefinition(req: EmuRequest): EmuResponse {
  const { db, g, name } = edgeDefinitionToChange(req);
  const before = edgeDefinitionVertices(g);
  const defs = g.edgeDefinitions.filter((d) => d.collection !== name);
  const after = edgeDefinitionVertices({ edgeDefinitions: defs });
  const orphans = [...g.orphanCollections];
  for (const v of [...before].sort()) if (!after.has(v) && !orphans.includes(v)) orphans.push(v);
  const next: GraphDefinition = { ...structuredClone(g), edgeDefinitions: defs, orphanCollections: orphans, _rev: newGraphRev() };
  db.graphs.set(g.name, next);
  if (flag(req, 'dropCollections')) dropUnused(db, [name], g.name);
  return graphAnswer(req, next, graphsSynced(db, req) ? 201 : 202);
}

// ---- vertices and edges -------------------------------------------------------------------

/** A vertex collection of the graph that exists (404 / 1949, 404 / 1926 otherwise). */
function vertexCollection(db: Database, g: GraphDefinition, name: string): Collection {
  if (!vertexCollectionsOf(g).includes(name)) throw httpError(404, 'ERROR_GRAPH_COLLECTION_NOT_PART_OF_THE_GRAPH');
  const c = db.collections.get(name);
  if (!c) throw httpError(404, 'ERROR_GRAPH_VERTEX_COL_DOES_NOT_EXIST', `${name} vertex collection does not exist or is not part of the graph`);
  return c;
}

/** An edge collection of the graph's definitions (404 / 1930 otherwise). */
function edgeCollection(db: Database, g: GraphDefinition, name: string): Collection {
  if (!g.edgeDefinitions.some((d) => d.collection === name)) throw httpError(404, 'ERROR_GRAPH_EDGE_COLLECTION_NOT_USED');
  const c = db.collections.get(name);
  if (!c) throw httpError(404, 'ERROR_GRAPH_EDGE_COL_DOES_NOT_EXIST', `${name} edge collection does not exist or is not part of the graph`);
  return c;
}

/**
 * Checks `_from` / `_to` of an edge written through the graph, as GraphOperations::validateEdge
 * does: both must be handles (400 / 1233), their collections must belong to the graph
 * (404 / 1947) and exist (404 / 1926), and — when both are given — both vertices must exist
 * (404 / 1202). An update may give only one of them; that one is checked too. The docs also
 * require the edge to be valid for its own edge definition (`from`/`to` lists of that edge
 * collection): a pair outside it answers 400 / 1906 ERROR_GRAPH_INVALID_EDGE.
 */
function validateEdge(
  db: Database,
  g: GraphDefinition,
  edgeCollectionName: string,
  doc: Record<string, unknown>,
  isUpdate: boolean,
  t: TxScope | undefined,
): void {
  const from = doc._from;
  const to = doc._to;
  if (typeof from !== 'string' || typeof to !== 'string') {
    if (!isUpdate) throw httpError(400, 'ERROR_ARANGO_INVALID_EDGE_ATTRIBUTE');
  }
  const vertices = vertexCollectionsOf(g);
  const check = (handle: unknown, attr: '_from' | '_to'): [Collection, string] | null => {
    if (typeof handle !== 'string') return null;
    const slash = handle.indexOf('/');
    if (slash <= 0) throw httpError(400, 'ERROR_ARANGO_INVALID_EDGE_ATTRIBUTE');
    const coll = handle.slice(0, slash);
    if (!vertices.includes(coll)) {
      throw httpError(404, 'ERROR_GRAPH_REFERENCED_VERTEX_COLLECTION_NOT_PART_OF_THE_GRAPH', `referenced ${attr} collection '${coll}' is not part of the graph`);
    }
    const c = db.collections.get(coll);
    if (!c) throw httpError(404, 'ERROR_GRAPH_VERTEX_COL_DOES_NOT_EXIST', `${coll} vertex collection does not exist or is not part of the graph`);
    return [c, handle.slice(slash + 1)];
  };
  const f = check(from, '_from');
  const tt = check(to, '_to');
  const definition = g.edgeDefinitions.find((d) => d.collection === edgeCollectionName);
  if (definition && ((f && !definition.from.includes(f[0].name)) || (tt && !definition.to.includes(tt[0].name)))) {
    throw httpError(400, 'ERROR_GRAPH_INVALID_EDGE', `invalid edge between ${String(from)} and ${String(to)}. Doesn't conform to any edge definition`);
  }
  if (f && tt && (!f[0].get(f[1], t) || !tt[0].get(tt[1], t))) throw httpError(404, 'ERROR_ARANGO_DOCUMENT_NOT_FOUND');
}

type Kind = 'vertex' | 'edge';

function docCollection(req: EmuRequest, kind: Kind): { g: GraphDefinition; coll: Collection } {
  const db = req.ctx.db;
  const g = graphOf(db, req.params.graph ?? '');
  const name = req.params.collection ?? '';
  const coll = kind === 'vertex' ? vertexCollection(db, g, name) : edgeCollection(db, g, name);
  return { g, coll };
}

function synced(req: EmuRequest, coll: Collection): boolean {
  return flag(req, 'waitForSync') || coll.properties.waitForSync;
}

function createDocument(kind: Kind) {
  return (req: EmuRequest): EmuResponse => {
    req.ctx.requireDatabaseAccess('ro');
    const { g, coll } = docCollection(req, kind);
    req.ctx.requireCollectionAccess(coll.name, 'rw');
    req.ctx.requireWritable();
    const input = objectBody(req) as Record<string, Json>;
    const t = tx(req);
    if (kind === 'edge') validateEdge(req.ctx.db, g, coll.name, input, false, t);
    const sync = synced(req, coll);
    const res = coll.insert(input, { waitForSync: sync }, t);
    const doc = res.new as Doc;
    const status = sync ? 201 : 202;
    const body: Record<string, unknown> = { error: false, code: status, [kind]: meta(doc) };
    if (flag(req, 'returnNew')) body.new = doc;
    return { status, body, headers: { etag: doc._rev } };
  };
}

function readDocument(kind: Kind) {
  return (req: EmuRequest): EmuResponse => {
    req.ctx.requireDatabaseAccess('ro');
    const { coll } = docCollection(req, kind);
    req.ctx.requireCollectionAccess(coll.name, 'ro');
    const key = req.params.key ?? '';
    const doc = coll.get(key, tx(req));
    if (!doc) throw httpError(404, 'ERROR_ARANGO_DOCUMENT_NOT_FOUND');
    const noneMatch = req.headers['if-none-match'];
    const nm = (Array.isArray(noneMatch) ? noneMatch[0] : noneMatch)?.replace(/^"(.*)"$/, '$1');
    if (nm !== undefined && nm !== '' && nm === doc._rev) return { status: 304, headers: { etag: doc._rev } };
    const want = expectedRev(req, true);
    if (want !== undefined && want !== doc._rev) throw preconditionFailed(doc);
    return { status: 200, body: { error: false, code: 200, [kind]: doc }, headers: { etag: doc._rev } };
  };
}

function modifyDocument(kind: Kind, isPatch: boolean) {
  return (req: EmuRequest): EmuResponse => {
    req.ctx.requireDatabaseAccess('ro');
    const { g, coll } = docCollection(req, kind);
    req.ctx.requireCollectionAccess(coll.name, 'rw');
    req.ctx.requireWritable();
    const key = req.params.key ?? '';
    const input = { ...(objectBody(req) as Record<string, Json>) };
    // The key comes from the URL; a revision precondition only from If-Match (GraphOperations).
    delete input._key;
    const t = tx(req);
    if (kind === 'edge') validateEdge(req.ctx.db, g, coll.name, input, isPatch, t);
    const sync = synced(req, coll);
    const opts: WriteOptions = { waitForSync: sync, keepNull: flag(req, 'keepNull', true) };
    const rev = expectedRev(req);
    if (rev !== undefined) opts.expectedRev = rev;
    const res = isPatch ? coll.update(key, input, opts, t) : coll.replace(key, input, opts, t);
    const doc = res.new as Doc;
    const old = res.old as Doc;
    // RestGraphHandler answers modifications with 200 when synced; the 3.12 docs list 201 for
    // a synced edge replace, which the emulator follows.
    const status = sync ? (kind === 'edge' && !isPatch ? 201 : 200) : 202;
    const body: Record<string, unknown> = { error: false, code: status, [kind]: meta(doc, old._rev) };
    if (flag(req, 'returnNew')) body.new = doc;
    if (flag(req, 'returnOld')) body.old = old;
    return { status, body, headers: { etag: doc._rev } };
  };
}

/**
 * Removes a vertex or an edge. Edges pointing at a removed document — in the edge collections
 * of this graph and of every graph whose edge definitions use the document's collection — are
 * removed with it, as GraphOperations::removeEdgeOrVertex does.
 */
function removeDocument(kind: Kind) {
  return (req: EmuRequest): EmuResponse => {
    req.ctx.requireDatabaseAccess('ro');
    const db = req.ctx.db;
    const { g, coll } = docCollection(req, kind);
    req.ctx.requireCollectionAccess(coll.name, 'rw');
    req.ctx.requireWritable();
    const key = req.params.key ?? '';
    const t = tx(req);
    const sync = synced(req, coll);
    const opts: WriteOptions = { waitForSync: sync };
    const rev = expectedRev(req);
    if (rev !== undefined) opts.expectedRev = rev;
    const edgeColls = new Set(edgeCollectionsOf(g));
    for (const other of db.graphs.values()) {
      for (const d of other.edgeDefinitions) if (d.from.includes(coll.name) || d.to.includes(coll.name)) edgeColls.add(d.collection);
    }
    for (const e of edgeColls) {
      const ec = db.collections.get(e);
      if (ec && ec !== coll) req.ctx.requireCollectionAccess(e, 'rw');
    }
    const res = coll.remove(key, opts, t);
    const handle = `${coll.name}/${key}`;
    for (const e of edgeColls) {
      const ec = db.collections.get(e);
      if (!ec || ec.type !== 'edge') continue;
      for (const edge of ec.edges(handle, 'any', t)) {
        if (ec.get(edge._key, t)) ec.remove(edge._key, { waitForSync: sync }, t);
      }
    }
    const status = sync ? 200 : 202;
    const body: Record<string, unknown> = { error: false, code: status, removed: true };
    if (flag(req, 'returnOld')) body.old = res.old as Doc;
    return { status, body };
  };
}

export function register(router: Router): void {
  router.get('/_api/gharial', listGraphs);
  router.post('/_api/gharial', createGraph);
  router.get('/_api/gharial/:graph', getGraph);
  router.delete('/_api/gharial/:graph', dropGraph);
  router.get('/_api/gharial/:graph/vertex', listVertexCollections);
  router.post('/_api/gharial/:graph/vertex', addVertexCollection);
  router.delete('/_api/gharial/:graph/vertex/:collection', removeVertexCollection);
  router.get('/_api/gharial/:graph/edge', listEdgeCollections);
  router.post('/_api/gharial/:graph/edge', addEdgeDefinition);
  router.put('/_api/gharial/:graph/edge/:collection', replaceEdgeDefinition);
  router.delete('/_api/gharial/:graph/edge/:collection', removeEdgeDefinition);
  router.post('/_api/gharial/:graph/vertex/:collection', createDocument('vertex'));
  router.get('/_api/gharial/:graph/vertex/:collection/:key', readDocument('vertex'));
  router.patch('/_api/gharial/:graph/vertex/:collection/:key', modifyDocument('vertex', true));
  router.put('/_api/gharial/:graph/vertex/:collection/:key', modifyDocument('vertex', false));
  router.delete('/_api/gharial/:graph/vertex/:collection/:key', removeDocument('vertex'));
  router.post('/_api/gharial/:graph/edge/:collection', createDocument('edge'));
  router.get('/_api/gharial/:graph/edge/:collection/:key', readDocument('edge'));
  router.patch('/_api/gharial/:graph/edge/:collection/:key', modifyDocument('edge', true));
  router.put('/_api/gharial/:graph/edge/:collection/:key', modifyDocument('edge', false));
  router.delete('/_api/gharial/:graph/edge/:collection/:key', removeDocument('edge'));
}
