/**
 * The data-transfer side of `/_api/replication` (openapi_3.12_replication_replication-dump.txt),
 * as arangodump and sync clients use it:
 * - `batch` (POST create, PUT extend, DELETE): a dump context with a time to live. As
 *   RocksDBRestReplicationHandler::handleCommandBatch: `{id, lastTick}`, extend/delete answer 204,
 *   an unknown id 404 / ERROR_CURSOR_NOT_FOUND. The context holds a snapshot of the database's
 *   collections taken at creation (the stored documents are replaced, never changed in place,
 *   so keeping the references is a snapshot).
 * - `inventory?batchId=`: collections (parameters + indexes without primary/edge) and views,
 *   the logger state and a tick (handleCommandInventory).
 * - `dump?collection=&batchId=`: the snapshot's documents as `application/x-arango-dump` lines
 *   `{"type":2300,"data":…}` (or bare documents with `useEnvelope=false`), about `chunkSize`
 *   bytes a call; the context remembers where a collection's dump stopped, so calls continue
 *   while `x-arango-replication-checkmore` is true (handleCommandDump).
 * - `clusterInventory` on a coordinator: database properties, every collection with
 *   `parameters`, `indexes`, `planVersion: 1`, `isReady`, `allInSync`, the views, a tick and
 *   `state: "unused"` (handleCommandClusterInventory, LogicalCollection::
 *   toVelocyPackForClusterInventory); anywhere else 403 / ERROR_CLUSTER_ONLY_ON_COORDINATOR.
 * A coordinator forwards these to the DB-Server named by `DBserver`
 * (RestReplicationHandler::forwardingTarget; without it handleUnforwardedTrampolineCoordinator
 * answers 400 "need \"DBserver\" parameter"), and the DB-Server answers from its own data: its
 * local collections are the shards it holds (as leader or follower), named by shard id, each
 * holding the documents the shard plan assigns to it (Collection.responsibleShardIndex, as
 * SHARD_ID and responsibleShard). The emulator's DB-Servers have no socket of their own, so the
 * coordinator answers as that DB-Server would; a batch belongs to the server it was made on.
 */
import type { EmuRequest, EmuResponse, Router } from '../http/router.js';
import { httpError } from '../errors.js';
import type { Collection } from '../store/collection.js';
import type { Doc } from '../store/types.js';
import type { ServerState } from '../store/server-state.js';
import { viewProperties } from '../store/views.js';
import { collectionProperties } from './collection.js';
import { currentDatabaseInfo } from './database.js';
import { flag } from '../http/params.js';

/** replutils::BatchInfo::DefaultTimeout: a batch lives this long unless extended (seconds). */
const DEFAULT_TTL_SECONDS = 300;
/** The dump's chunk size when the request names none (bytes). */
const DEFAULT_CHUNK_SIZE = 128 * 1024;

interface DumpBatch {
  id: string;
  database: string;
  /** The DB-Server the batch was made on (forwarded with `DBserver`); undefined on a single server. */
  server: string | undefined;
  /** For a DB-Server's batch: the collection each local shard belongs to. */
  shardOf: Map<string, string>;
  lastTick: string;
  ttlSeconds: number;
  expires: number;
  snapshot: Map<string, readonly Doc[]>;
  /** Where each collection's dump continues. */
  positions: Map<string, number>;
}

const batchesByState = new WeakMap<ServerState, Map<string, DumpBatch>>();

function batchesOf(state: ServerState): Map<string, DumpBatch> {
  let m = batchesByState.get(state);
  if (!m) {
    m = new Map();
    batchesByState.set(state, m);
  }
  const now = Date.now();
  for (const [id, b] of m) if (b.expires <= now) m.delete(id);
  return m;
}

function now(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * The DB-Server a coordinator forwards to (undefined on a single server). Without `DBserver`:
 * handleUnforwardedTrampolineCoordinator's 400. A name that is not a running DB-Server cannot be
 * reached: 503 / ERROR_CLUSTER_BACKEND_UNAVAILABLE (inferred: the forward goes to
 * `server:<id>`, which has no endpoint; the stored source does not show the exact answer), and a
 * coordinator's id reaches a coordinator, which asks for `DBserver` itself.
 */
function onCoordinator(req: EmuRequest): string | undefined {
  if (req.ctx.server.role !== 'COORDINATOR') return undefined;
  const id = req.query.get('DBserver') ?? '';
  if (id === '') throw httpError(400, 'ERROR_HTTP_BAD_PARAMETER', 'need "DBserver" parameter');
  const node = req.ctx.state.findNode(id);
  if (node?.role === 'COORDINATOR') throw httpError(400, 'ERROR_HTTP_BAD_PARAMETER', 'need "DBserver" parameter');
  if (!node || node.role !== 'PRIMARY' || !node.running) {
    throw httpError(503, 'ERROR_CLUSTER_BACKEND_UNAVAILABLE', `cannot reach DB-Server '${id}'`);
  }
  return node.id;
}

/** The shards a DB-Server holds in a database, by shard id, with the collection each belongs to. */
function localShards(req: EmuRequest, server: string): Map<string, { collection: Collection; docs: Doc[] }> {
  const { db, state } = req.ctx;
  const out = new Map<string, { collection: Collection; docs: Doc[] }>();
  for (const [name, c] of db.collections) {
    const plan = state.shards.shardsOf(db.name, name);
    const mine = plan.filter((sh) => sh.leader === server || sh.followers.includes(server));
    if (mine.length === 0) continue;
    const byShard = new Map(mine.map((sh) => [sh.id, [] as Doc[]]));
    for (const doc of c.all()) {
      // a stored document without a shard key is placed as if it were null (getResponsibleShard)
      const probe: Record<string, Doc[string]> = { ...doc };
      for (const k of c.properties.shardKeys) if (probe[k] === undefined) probe[k] = null;
      const sh = plan[c.responsibleShardIndex(probe as Doc) % plan.length];
      if (sh) byShard.get(sh.id)?.push(doc);
    }
    for (const [id, docs] of byShard) out.set(id, { collection: c, docs });
  }
  return out;
}

function ttlOf(req: EmuRequest, fallback: number): number {
  let body: unknown;
  try {
    body = req.body.length === 0 ? {} : req.json<unknown>();
  } catch {
    throw httpError(400, 'ERROR_HTTP_CORRUPTED_JSON');
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw httpError(400, 'ERROR_HTTP_BAD_PARAMETER', 'invalid body value. expecting object');
  const ttl = (body as { ttl?: unknown }).ttl;
  // getNumericValue(body, "ttl", DefaultTimeout); 0 keeps the batch's own ttl
  return typeof ttl === 'number' && Number.isFinite(ttl) && ttl > 0 ? ttl : fallback;
}

function createBatch(req: EmuRequest): EmuResponse {
  req.ctx.requireDatabaseAccess('ro');
  const server = onCoordinator(req);
  const ttlSeconds = ttlOf(req, DEFAULT_TTL_SECONDS);
  const { db, state } = req.ctx;
  const snapshot = new Map<string, readonly Doc[]>();
  const shardOf = new Map<string, string>();
  if (server === undefined) {
    for (const [name, c] of db.collections) snapshot.set(name, c.all());
  } else {
    for (const [id, sh] of localShards(req, server)) {
      snapshot.set(id, sh.docs);
      shardOf.set(id, sh.collection.name);
    }
  }
  const id = req.ctx.newServerTick();
  const batch: DumpBatch = {
    id, database: db.name, server, shardOf, lastTick: state.newTick(), ttlSeconds, expires: Date.now() + ttlSeconds * 1000, snapshot, positions: new Map(),
  };
  batchesOf(state).set(id, batch);
  return { status: 200, body: { id, lastTick: batch.lastTick } };
}

/** A batch of this database made on the server the request reaches (a DB-Server knows only its own). */
function findBatch(req: EmuRequest, id: string | null, server: string | undefined): DumpBatch | undefined {
  if (id === null) return undefined;
  const b = batchesOf(req.ctx.state).get(id);
  return b !== undefined && b.database === req.ctx.db.name && b.server === server ? b : undefined;
}

function extendBatch(req: EmuRequest): EmuResponse {
  req.ctx.requireDatabaseAccess('ro');
  const b = findBatch(req, req.params.id ?? '', onCoordinator(req));
  if (!b) throw httpError(404, 'ERROR_CURSOR_NOT_FOUND');
  b.ttlSeconds = ttlOf(req, b.ttlSeconds);
  b.expires = Date.now() + b.ttlSeconds * 1000;
  return { status: 204 };
}

function deleteBatch(req: EmuRequest): EmuResponse {
  req.ctx.requireDatabaseAccess('ro');
  const b = findBatch(req, req.params.id ?? '', onCoordinator(req));
  if (!b) throw httpError(404, 'ERROR_CURSOR_NOT_FOUND');
  batchesOf(req.ctx.state).delete(b.id);
  return { status: 204 };
}

/** Indexes as the inventory lists them: not the primary and edge indexes, which every collection has. */
function inventoryIndexes(c: Collection): unknown[] {
  return c.indexes.filter((i) => i.type !== 'primary' && i.type !== 'edge').map((i) => i.describe(c.name));
}

function skipped(c: Collection, includeSystem: boolean, includeFoxxQueues: boolean): boolean {
  if (!c.isSystem) return false;
  if (c.name === '_queues' || c.name === '_jobs') return !includeFoxxQueues;
  return !includeSystem;
}

function inventory(req: EmuRequest): EmuResponse {
  req.ctx.requireDatabaseAccess('ro');
  const server = onCoordinator(req);
  const id = req.query.get('batchId');
  if (id === null) throw httpError(404, 'ERROR_CURSOR_NOT_FOUND', 'batchId not specified');
  const b = findBatch(req, id, server);
  if (!b) throw httpError(404, 'ERROR_CURSOR_NOT_FOUND', 'context was not found');
  const { db, state } = req.ctx;
  const includeSystem = flag(req, 'includeSystem', true);
  const includeFoxxQueues = flag(req, 'includeFoxxQueues', false);
  const only = req.query.get('collection');
  const collections: unknown[] = [];
  for (const [shard, collName] of b.shardOf) {
    // a DB-Server's collections are its shards: named by shard id, `planId` the collection's id
    const c = db.hasCollection(collName) ? db.collection(collName) : undefined;
    if (!c || skipped(c, includeSystem, includeFoxxQueues) || (only !== null && only !== shard)) continue;
    const parameters: Record<string, unknown> = { ...collectionProperties(c, false), name: shard, planId: String(c.id) };
    delete parameters.objectId;
    delete parameters.statusString;
    collections.push({ indexes: inventoryIndexes(c), parameters });
  }
  for (const [name, c] of server === undefined ? db.collections : new Map<string, Collection>()) {
    if (!b.snapshot.has(name) || skipped(c, includeSystem, includeFoxxQueues)) continue;
    if (only !== null && only !== name) continue;
    const parameters = collectionProperties(c, false);
    delete parameters.objectId;
    delete parameters.statusString;
    collections.push({ indexes: inventoryIndexes(c), parameters });
  }
  const views = only !== null || server !== undefined ? [] : [...db.views.values()].map((v) => viewProperties(v));
  return {
    status: 200,
    body: {
      collections,
      views,
      state: { running: true, lastLogTick: b.lastTick, lastUncommittedLogTick: b.lastTick, totalEvents: Number(b.lastTick), time: now() },
      tick: state.newTick(),
    },
  };
}

function dump(req: EmuRequest): EmuResponse {
  const server = onCoordinator(req);
  const name = req.query.get('collection') ?? '';
  if (name === '') throw httpError(400, 'ERROR_HTTP_BAD_PARAMETER', 'invalid collection parameter');
  // on a DB-Server the collection is a shard it holds; access is checked on the shard's collection
  const owner = server === undefined ? name : localShards(req, server).get(name)?.collection.name;
  if (owner === undefined || !req.ctx.db.hasCollection(owner)) throw httpError(404, 'ERROR_ARANGO_DATA_SOURCE_NOT_FOUND');
  req.ctx.requireCollectionAccess(owner, 'ro');
  const id = req.query.get('batchId');
  if (id === null) throw httpError(404, 'ERROR_HTTP_BAD_PARAMETER', 'replication dump - request misses batchId');
  const b = findBatch(req, id, server);
  if (!b) throw httpError(404, 'ERROR_HTTP_BAD_PARAMETER', 'replication dump - unable to find context (it could be expired)');
  const docs = b.snapshot.get(name) ?? [];
  const raw = Number(req.query.get('chunkSize'));
  const chunkSize = Number.isFinite(raw) && raw > 0 ? raw : DEFAULT_CHUNK_SIZE;
  const envelope = flag(req, 'useEnvelope', true);
  let pos = b.positions.get(name) ?? 0;
  const lines: string[] = [];
  let size = 0;
  // the chunk size is looked at after each entry, so every call returns at least one
  while (pos < docs.length && size < chunkSize) {
    const doc = docs[pos++];
    const line = JSON.stringify(envelope ? { type: 2300, data: doc } : doc);
    lines.push(line);
    size += line.length + 1;
  }
  b.positions.set(name, pos);
  const headers = {
    'content-type': 'application/x-arango-dump; charset=utf-8',
    'x-arango-replication-checkmore': pos < docs.length ? 'true' : 'false',
    'x-arango-replication-lastincluded': lines.length === 0 ? '0' : b.lastTick,
  };
  if (lines.length === 0) return { status: 204, headers };
  return { status: 200, headers, rawBody: `${lines.join('\n')}\n` };
}

function clusterInventory(req: EmuRequest): EmuResponse {
  req.ctx.requireDatabaseAccess('ro');
  if (req.ctx.server.role !== 'COORDINATOR') throw httpError(403, 'ERROR_CLUSTER_ONLY_ON_COORDINATOR');
  const { db, state } = req.ctx;
  const includeSystem = flag(req, 'includeSystem', true);
  const collections: unknown[] = [];
  for (const c of db.collections.values()) {
    if (c.isSystem && !includeSystem) continue;
    // only what the caller may read (exec.canUseCollection … RO), unless an admin
    if (!req.ctx.isAdmin() && req.ctx.collectionLevel(c.name) === 'none') continue;
    const parameters = collectionProperties(c, true);
    for (const k of ['allowUserKeys', 'cid', 'count', 'statusString', 'version', 'objectId']) delete parameters[k];
    parameters.deleted = false;
    parameters.planId = c.id;
    const shards = state.shards.shardsOf(db.name, c.name);
    // the emulator's Current always follows the Plan: a shard is ready once it has a leader
    const isReady = shards.every((s) => s.leader !== '' && !s.leader.startsWith('_'));
    collections.push({ parameters, indexes: inventoryIndexes(c), planVersion: 1, isReady, allInSync: isReady });
  }
  return {
    status: 200,
    body: {
      properties: currentDatabaseInfo(req),
      collections,
      views: [...db.views.values()].map((v) => viewProperties(v)),
      tick: state.newTick(),
      state: 'unused',
    },
  };
}

export function register(router: Router): void {
  router.post('/_api/replication/batch', createBatch);
  router.put('/_api/replication/batch/:id', extendBatch);
  router.delete('/_api/replication/batch/:id', deleteBatch);
  router.get('/_api/replication/inventory', inventory);
  router.get('/_api/replication/dump', dump);
  router.get('/_api/replication/clusterInventory', clusterInventory);
}
