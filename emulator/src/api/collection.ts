/**
 * `/_api/collection` (openapi_3.12_collections.txt): create, list, get, properties, count,
 * figures, revision, checksum, rename, truncate, drop, compact, load/unload,
 * loadIndexesIntoMemory, recalculateCount, shards, responsibleShard; and `/_api/key-generators`.
 */
import type { EmuRequest, EmuResponse, Router } from '../http/router.js';
import { httpError } from '../errors.js';
import type { Collection } from '../store/collection.js';
import { KEY_GENERATOR_TYPES } from '../store/keys.js';
import type { Json } from '../store/types.js';
import { flag } from '../http/params.js';
import { dbPath, trxOf } from './store-params.js';

const TYPE_NUMBER = { document: 2, edge: 3 } as const;

/** The short description of `GET /_api/collection/{name}` and of list entries. */
export function basicInfo(c: Collection): Record<string, unknown> {
  return {
    id: c.id,
    name: c.name,
    status: 3,
    type: TYPE_NUMBER[c.type],
    isSystem: c.isSystem,
    globallyUniqueId: c.globallyUniqueId,
  };
}

/** The full property set (`GET …/properties`), as ArangoDB 3.12 reports it. */
export function collectionProperties(c: Collection, cluster: boolean): Record<string, unknown> {
  const p = c.properties;
  const out: Record<string, unknown> = {
    writeConcern: p.writeConcern,
    waitForSync: p.waitForSync,
    usesRevisionsAsDocumentIds: true,
    syncByRevision: true,
    // 3.12.9+ (the 3.12.10 transcripts carry it on every collection answer)
    supportsRBAC: true,
    statusString: 'loaded',
    id: c.id,
    isSmartChild: false,
    schema: p.schema,
    name: c.name,
    type: TYPE_NUMBER[c.type],
    status: 3,
    cacheEnabled: p.cacheEnabled,
    isSystem: c.isSystem,
    internalValidatorType: 0,
    globallyUniqueId: c.globallyUniqueId,
    keyOptions: c.keyGen.report(),
    computedValues: p.computedValues,
    objectId: String(Number(c.id) - 1),
  };
  if (cluster) {
    // A coordinator has no RocksDB object id, and does not track a traditional generator's last
    // value (the DB-servers generate keys): the 3.12.10 cluster transcripts show neither.
    delete out.objectId;
    const keyOptions = out.keyOptions as Record<string, unknown>;
    if (keyOptions.type === 'traditional') delete keyOptions.lastValue;
    out.numberOfShards = p.numberOfShards;
    out.shardKeys = p.shardKeys;
    out.replicationFactor = p.replicationFactor;
    out.minReplicationFactor = p.writeConcern;
    out.shardingStrategy = p.shardingStrategy;
    out.isSmart = p.isSmart;
    out.isDisjoint = p.isDisjoint;
    if (p.distributeShardsLike !== undefined) out.distributeShardsLike = p.distributeShardsLike;
    if (p.smartJoinAttribute !== undefined) out.smartJoinAttribute = p.smartJoinAttribute;
    if (p.smartGraphAttribute !== undefined) out.smartGraphAttribute = p.smartGraphAttribute;
  }
  return out;
}

function ok(req: EmuRequest, c: Collection, sub: string | null, body: Record<string, unknown>, status = 200): EmuResponse {
  const headers: Record<string, string> = {};
  if (sub !== null) headers.location = dbPath(req, `/_api/collection/${encodeURIComponent(c.name)}/${sub}`);
  return { status, headers, body: { error: false, code: status, ...body } };
}

function coll(req: EmuRequest, level: 'ro' | 'rw'): Collection {
  const name = req.params.name ?? '';
  const c = req.ctx.db.getCollection(name);
  req.ctx.requireCollectionAccess(c.name, level);
  return c;
}

function objectBody(req: EmuRequest): Record<string, unknown> {
  const b = req.json<unknown>();
  if (b === null || typeof b !== 'object' || Array.isArray(b)) {
    throw httpError(400, 'ERROR_HTTP_BAD_PARAMETER', 'expecting a JSON object as body');
  }
  return b as Record<string, unknown>;
}

/** 64-bit FNV-1a over a string, as two 32-bit halves (no BigInt on the hot path). */
function fnv64(s: string): [number, number] {
  let h1 = 0x811c9dc5;
  let h2 = 0x050c5d1f;
  for (let i = 0; i < s.length; i++) {
    const ch = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 16777619);
    h2 = Math.imul(h2 ^ ch, 16777619) ^ (h1 >>> 7);
  }
  return [h1 >>> 0, h2 >>> 0];
}

/**
 * Order-independent checksum (XOR of per-document hashes, as ArangoDB combines them) over keys,
 * `_from`/`_to` of edges, optionally revisions and user data; an uint64 as a decimal string.
 */
function checksum(c: Collection, withRevisions: boolean, withData: boolean): string {
  let lo = 0;
  let hi = 0;
  for (const d of c.all()) {
    let s = d._key;
    if (c.type === 'edge') s += `\u0000${String(d['_from'])}\u0000${String(d['_to'])}`;
    if (withRevisions) s += `\u0000${d._rev}`;
    if (withData) {
      const user: Record<string, Json> = {};
      for (const k of Object.keys(d).sort()) if (!k.startsWith('_')) user[k] = d[k] as Json;
      s += `\u0000${JSON.stringify(user)}`;
    }
    const [a, b] = fnv64(s);
    lo = (lo ^ a) >>> 0;
    hi = (hi ^ b) >>> 0;
  }
  return ((BigInt(hi) << 32n) | BigInt(lo)).toString();
}

export function register(router: Router): void {
  router.get('/_api/key-generators', (req) => {
    req.ctx.requireDatabaseAccess('ro');
    return { status: 200, body: { keyGenerators: [...KEY_GENERATOR_TYPES] } };
  });

  router.get('/_api/collection', (req) => {
    req.ctx.requireDatabaseAccess('ro');
    const excludeSystem = flag(req, 'excludeSystem', false);
    const result = [];
    for (const c of req.ctx.db.collections.values()) {
      if (excludeSystem && c.isSystem) continue;
      if (req.ctx.collectionLevel(c.name) === 'none') continue;
      result.push(basicInfo(c));
    }
    return { status: 200, body: { error: false, code: 200, result } };
  });

  router.post('/_api/collection', (req) => {
    req.ctx.requireDatabaseAccess('rw');
    req.ctx.requireDdlWritable();
    const body = objectBody(req);
    const { state, db } = req.ctx;
    const opts = state.databaseOptions(db.name);
    const c = db.createCollection(body, {
      cluster: state.isCluster,
      defaultReplicationFactor: opts.replicationFactor,
      defaultWriteConcern: opts.writeConcern,
      singleShardDatabase: opts.sharding === 'single',
    });
    if (state.isCluster && flag(req, 'enforceReplicationFactor', true)) {
      const servers = state.nodesByRole('PRIMARY').length;
      const rf = c.properties.replicationFactor;
      if (typeof rf === 'number' && servers > 0 && rf > servers) {
        db.dropCollection(c.name, true);
        throw httpError(400, 'ERROR_CLUSTER_INSUFFICIENT_DBSERVERS');
      }
    }
    return { status: 200, body: { error: false, code: 200, ...collectionProperties(c, state.isCluster) } };
  });

  router.get('/_api/collection/:name', (req) => {
    const c = coll(req, 'ro');
    return ok(req, c, null, basicInfo(c));
  });

  router.get('/_api/collection/:name/properties', (req) => {
    const c = coll(req, 'ro');
    return ok(req, c, 'properties', collectionProperties(c, req.ctx.state.isCluster));
  });

  // RestCollectionHandler: a PUT needs a collection and an action
  const putWithoutAction = (): EmuResponse => {
    throw httpError(400, 'ERROR_HTTP_BAD_PARAMETER', 'expected PUT /_api/collection/<collection-name>/<action>');
  };
  router.put('/_api/collection', putWithoutAction);
  router.put('/_api/collection/:name', putWithoutAction);
  router.put('/_api/collection/:name/properties', (req) => {
    req.ctx.requireDatabaseAccess('rw');
    req.ctx.requireDdlWritable();
    const c = coll(req, 'rw');
    c.updateProperties(objectBody(req));
    return ok(req, c, 'properties', collectionProperties(c, req.ctx.state.isCluster));
  });

  router.get('/_api/collection/:name/count', (req) => {
    const c = coll(req, 'ro');
    const count = c.count(trxOf(req));
    return ok(req, c, 'count', { ...collectionProperties(c, req.ctx.state.isCluster), count });
  });

  router.get('/_api/collection/:name/figures', (req) => {
    const c = coll(req, 'ro');
    const docs = c.all();
    let documentsSize = 0;
    for (const d of docs) documentsSize += JSON.stringify(d).length;
    const figures: Record<string, unknown> = {
      indexes: { count: c.indexes.length, size: c.indexes.length * 64 + docs.length * 48 },
      documentsSize,
      cacheInUse: c.properties.cacheEnabled,
      cacheSize: 0,
      cacheUsage: 0,
    };
    if (flag(req, 'details', false)) {
      figures.engine = {
        documents: docs.length,
        indexes: c.indexes.map((i) => ({ type: i.type, id: Number(i.id), count: docs.length })),
      };
    }
    return ok(req, c, 'figures', { ...collectionProperties(c, req.ctx.state.isCluster), count: docs.length, figures });
  });

  router.get('/_api/collection/:name/revision', (req) => {
    const c = coll(req, 'ro');
    return ok(req, c, 'revision', { ...collectionProperties(c, req.ctx.state.isCluster), revision: c.revision });
  });

  router.get('/_api/collection/:name/checksum', (req) => {
    const c = coll(req, 'ro');
    const sum = checksum(c, flag(req, 'withRevisions', false), flag(req, 'withData', false));
    return ok(req, c, 'checksum', { ...basicInfo(c), revision: c.revision, checksum: sum });
  });

  router.put('/_api/collection/:name/rename', (req) => {
    req.ctx.requireDatabaseAccess('rw');
    req.ctx.requireDdlWritable();
    const c = coll(req, 'rw');
    // ArangoDB refuses renames in a cluster (openapi: "not supported in cluster deployments").
    if (req.ctx.state.isCluster) throw httpError(501, 'ERROR_CLUSTER_UNSUPPORTED');
    const oldName = c.name;
    req.ctx.db.renameCollection(oldName, objectBody(req).name);
    const res = ok(req, c, 'rename', basicInfo(c));
    res.headers = { location: dbPath(req, `/_api/collection/${encodeURIComponent(oldName)}/rename`) };
    return res;
  });

  router.put('/_api/collection/:name/truncate', (req) => {
    const c = coll(req, 'rw');
    req.ctx.requireWritable();
    c.truncate(trxOf(req));
    return ok(req, c, 'truncate', basicInfo(c));
  });

  router.delete('/_api/collection/:name', (req) => {
    req.ctx.requireDatabaseAccess('rw');
    req.ctx.requireDdlWritable();
    const { db, state } = req.ctx;
    const c = db.dropCollection(req.params.name ?? '', flag(req, 'isSystem', false));
    state.shards.dropCollection(db.name, c.name);
    state.users.dropCollection(db.name, c.name);
    return { status: 200, body: { error: false, code: 200, id: c.id } };
  });

  router.put('/_api/collection/:name/compact', (req) => {
    const c = coll(req, 'rw');
    return ok(req, c, 'compact', basicInfo(c));
  });

  // Deprecated no-ops since 3.9 that still answer with the basic properties (load adds count).
  router.put('/_api/collection/:name/load', (req) => {
    const c = coll(req, 'ro');
    const body: Record<string, unknown> = basicInfo(c);
    if (flag(req, 'count', true)) body.count = c.count();
    return ok(req, c, 'load', body);
  });

  router.put('/_api/collection/:name/unload', (req) => {
    const c = coll(req, 'ro');
    return ok(req, c, 'unload', basicInfo(c));
  });

  router.put('/_api/collection/:name/loadIndexesIntoMemory', (req) => {
    const c = coll(req, 'ro');
    return ok(req, c, 'loadIndexesIntoMemory', { result: true });
  });

  router.put('/_api/collection/:name/recalculateCount', (req) => {
    const c = coll(req, 'rw');
    return ok(req, c, 'recalculateCount', { result: true, count: c.count() });
  });

  router.get('/_api/collection/:name/shards', (req) => {
    req.ctx.requireCoordinator();
    const c = coll(req, 'ro');
    const plan = req.ctx.state.shards.shardsOf(req.ctx.db.name, c.name);
    const shards = flag(req, 'details', false)
      ? Object.fromEntries(plan.map((s) => [s.id, [s.leader, ...s.followers]]))
      : plan.map((s) => s.id);
    return ok(req, c, 'shards', { ...collectionProperties(c, true), shards });
  });

  router.put('/_api/collection/:name/responsibleShard', (req) => {
    req.ctx.requireCoordinator();
    const c = coll(req, 'ro');
    const body = objectBody(req) as Record<string, Json>;
    const plan = req.ctx.state.shards.shardsOf(req.ctx.db.name, c.name);
    const shard = plan[c.responsibleShardIndex(body) % Math.max(1, plan.length)];
    return ok(req, c, 'responsibleShard', { shardId: shard?.id ?? '' });
  });
}
