import type { CollectionType, DatabaseAccess } from './types.js';
import { httpError } from '../errors.js';
import { Collection } from './collection.js';
import { parseReplicationFactor, type CollectionProperties } from './collection-properties.js';
import { parseComputedValues } from './computed-values.js';
import { parseSchema } from './schema.js';
import type { StreamTransaction } from './transaction.js';
import type { GraphDefinition } from './graphs.js';
import type { ViewDefinition } from './views.js';
import type { AnalyzerDefinition } from './analyzers.js';
import { MARKER, type WalChange } from './wal.js';

/**
 * One database of the shared cluster state. Collections live here; other areas (views,
 * analyzers, graphs, AQL user functions) keep their own maps on it.
 * (Owned by the store: collection creation/removal is implemented in store/collection.ts.)
 */
export class Database implements DatabaseAccess {
  readonly collections = new Map<string, Collection>();
  /** Stream transactions begun in this database, by id (running and recently finished). */
  readonly transactions = new Map<string, StreamTransaction>();
  /** Named graphs (gharial), keyed by graph name; see store/graphs.ts. */
  readonly graphs = new Map<string, GraphDefinition>();
  /** arangosearch and search-alias views, keyed by view name; see store/views.ts. */
  readonly views = new Map<string, ViewDefinition>();
  /** User-defined analyzers of this database, keyed by short name (built-ins: store/analyzers.ts). */
  readonly analyzers = new Map<string, AnalyzerDefinition>();
  /** Where committed changes go (the server's write-ahead log); set by the server state. */
  changeLog: ((change: WalChange) => void) | null = null;

  constructor(
    readonly name: string,
    readonly id: string,
  ) {
    // Every database starts with ArangoDB's system collections, so listings look like a real
    // server's and graph/analyzer code finds `_graphs`/`_analyzers`.
    const system = name === '_system' ? [...SYSTEM_COLLECTIONS, ...SYSTEM_DB_ONLY_COLLECTIONS] : SYSTEM_COLLECTIONS;
    for (const sys of system) this.createCollection({ name: sys, isSystem: true }, { cluster: false });
  }

  /** The collection named `name` (or, deprecated but still accepted, with that numeric id). */
  collection(name: string): Collection {
    return this.getCollection(name);
  }

  /** Like `collection()`: throws 404 / 1203 `collection or view not found: <name>`. */
  getCollection(nameOrId: string): Collection {
    const c = this.collections.get(nameOrId) ?? this.byId(nameOrId);
    if (!c) throw httpError(404, 'ERROR_ARANGO_DATA_SOURCE_NOT_FOUND', `collection or view not found: ${nameOrId}`);
    return c;
  }

  hasCollection(name: string): boolean {
    return this.collections.has(name);
  }

  private byId(id: string): Collection | undefined {
    if (!/^[0-9]+$/.test(id)) return undefined;
    for (const c of this.collections.values()) if (c.id === id) return c;
    return undefined;
  }

  /**
   * Creates a collection from a `POST /_api/collection` body, with ArangoDB's validation:
   * 400/1208 illegal name, 409/1207 duplicate name, 400 for bad attribute values.
   */
  createCollection(body: Record<string, unknown>, options: CreateCollectionOptions = {}): Collection {
    const name = body['name'];
    if (typeof name !== 'string' || name === '') {
      throw httpError(400, 'ERROR_ARANGO_ILLEGAL_NAME', 'illegal name: collection name must be a non-empty string');
    }
    const isSystem = name.startsWith('_');
    if (!isValidCollectionName(name) || (isSystem && body['isSystem'] !== true)) {
      throw httpError(400, 'ERROR_ARANGO_ILLEGAL_NAME', `illegal name: '${name}'`);
    }
    if (this.collections.has(name) || this.views.has(name)) {
      throw httpError(409, 'ERROR_ARANGO_DUPLICATE_NAME', `duplicate name: ${name}`);
    }
    const type = parseCollectionType(body['type']);
    const cluster = options.cluster ?? false;
    const bool = (k: string, d: boolean): boolean => {
      const v = body[k];
      if (v === undefined || v === null) return d;
      if (typeof v !== 'boolean') throw httpError(400, 'ERROR_BAD_PARAMETER', `'${k}' must be a boolean`);
      return v;
    };
    const int = (k: string, d: number, min: number): number => {
      const v = body[k];
      if (v === undefined || v === null) return d;
      if (typeof v !== 'number' || !Number.isInteger(v) || v < min) {
        throw httpError(400, 'ERROR_BAD_PARAMETER', `'${k}' must be an integer >= ${min}`);
      }
      return v;
    };
    let numberOfShards = int('numberOfShards', 1, 1);
    if (numberOfShards > 1000) throw httpError(400, 'ERROR_CLUSTER_TOO_MANY_SHARDS');
    let replicationFactor =
      body['replicationFactor'] === undefined || body['replicationFactor'] === null
        ? (options.defaultReplicationFactor ?? 1)
        : parseReplicationFactor(body['replicationFactor']);
    let writeConcern = int('writeConcern', int('minReplicationFactor', options.defaultWriteConcern ?? 1, 1), 1);
    const shardKeysRaw = body['shardKeys'] ?? ['_key'];
    if (!Array.isArray(shardKeysRaw) || shardKeysRaw.length === 0 || shardKeysRaw.length > 8 || shardKeysRaw.some((k) => typeof k !== 'string' || k === '')) {
      throw httpError(400, 'ERROR_BAD_PARAMETER', "'shardKeys' must be a non-empty array of at most 8 attribute names");
    }
    const shardKeys = shardKeysRaw as string[];
    let distributeShardsLike: string | undefined;
    if (body['distributeShardsLike'] !== undefined && body['distributeShardsLike'] !== '') {
      const proto = body['distributeShardsLike'];
      if (typeof proto !== 'string') throw httpError(400, 'ERROR_BAD_PARAMETER', "'distributeShardsLike' must be a string");
      const p = this.collections.get(proto);
      if (!p) throw httpError(400, 'ERROR_CLUSTER_UNKNOWN_DISTRIBUTESHARDSLIKE', `Collection not found: ${proto} in database ${this.name}`);
      if (p.properties.distributeShardsLike) throw httpError(400, 'ERROR_CLUSTER_CHAIN_OF_DISTRIBUTESHARDSLIKE');
      distributeShardsLike = proto;
      numberOfShards = p.properties.numberOfShards;
      replicationFactor = p.properties.replicationFactor;
      writeConcern = p.properties.writeConcern;
    } else if (options.singleShardDatabase && !isSystem && this.collections.has('_graphs')) {
      // A database created with `sharding: "single"` places every collection like `_graphs`.
      distributeShardsLike = '_graphs';
      numberOfShards = 1;
    }
    if (typeof replicationFactor === 'number' && writeConcern > replicationFactor) {
      throw httpError(400, 'ERROR_BAD_PARAMETER', 'writeConcern must not be higher than replicationFactor');
    }
    const shardingStrategy = body['shardingStrategy'] ?? 'hash';
    if (typeof shardingStrategy !== 'string' || !SHARDING_STRATEGIES.includes(shardingStrategy)) {
      throw httpError(400, 'ERROR_BAD_PARAMETER', `invalid sharding strategy '${String(shardingStrategy)}'`);
    }
    const properties: CollectionProperties = {
      waitForSync: bool('waitForSync', false),
      cacheEnabled: bool('cacheEnabled', false),
      isSystem,
      schema: parseSchema(body['schema']),
      computedValues: parseComputedValues(body['computedValues']),
      numberOfShards,
      shardKeys,
      replicationFactor,
      writeConcern,
      shardingStrategy,
      isSmart: bool('isSmart', false),
      isDisjoint: bool('isDisjoint', false),
    };
    if (distributeShardsLike !== undefined) properties.distributeShardsLike = distributeShardsLike;
    for (const k of ['smartJoinAttribute', 'smartGraphAttribute'] as const) {
      const v = body[k];
      if (v === undefined || v === null) continue;
      if (typeof v !== 'string' || v === '') throw httpError(400, 'ERROR_BAD_PARAMETER', `'${k}' must be a non-empty string`);
      properties[k] = v;
    }
    const keyOptions = body['keyOptions'];
    if (keyOptions !== undefined && keyOptions !== null && (typeof keyOptions !== 'object' || Array.isArray(keyOptions))) {
      throw httpError(400, 'ERROR_BAD_PARAMETER', "'keyOptions' must be an object");
    }
    const coll = new Collection({
      id: nextCollectionId(),
      name,
      type,
      cluster,
      ...(keyOptions ? { keyOptions: keyOptions as Record<string, unknown> } : {}),
      properties,
    });
    this.collections.set(name, coll);
    coll.changeLog = (change) => this.changeLog?.(change);
    this.changeLog?.({ type: MARKER.COLLECTION_CREATE, cuid: coll.globallyUniqueId, data: coll.walDescription() });
    return coll;
  }

  /** Drops a collection; a system collection only with `allowSystem` (`?isSystem=true`), else 403/11. */
  dropCollection(nameOrId: string, allowSystem: boolean): Collection {
    const c = this.getCollection(nameOrId);
    if (c.isSystem && !allowSystem) {
      throw httpError(403, 'ERROR_FORBIDDEN', 'cannot drop system collection without isSystem=true');
    }
    for (const other of this.collections.values()) {
      if (other !== c && other.properties.distributeShardsLike === c.name) {
        throw httpError(400, 'ERROR_CLUSTER_MUST_NOT_DROP_COLL_OTHER_DISTRIBUTESHARDSLIKE');
      }
    }
    this.collections.delete(c.name);
    c.drop();
    // as the recorded RestWalAccessTailing* answers: the drop marker names the collection only
    this.changeLog?.({ type: MARKER.COLLECTION_DROP, cuid: c.globallyUniqueId });
    return c;
  }

  /**
   * Called when the database is dropped: running stream transactions are aborted and every
   * collection is marked dropped (stops TTL sweeps; later use through a stale reference → 404).
   */
  drop(): void {
    for (const tx of this.transactions.values()) tx.abort();
    for (const c of this.collections.values()) c.drop();
  }

  /** Renames a collection (single server only; the API refuses it in a cluster). */
  renameCollection(nameOrId: string, newName: unknown): Collection {
    const c = this.getCollection(nameOrId);
    if (typeof newName !== 'string' || newName === '') {
      throw httpError(400, 'ERROR_ARANGO_ILLEGAL_NAME', "illegal name: 'name' must be a non-empty string");
    }
    if (!isValidCollectionName(newName) || newName.startsWith('_') !== c.isSystem) {
      throw httpError(400, 'ERROR_ARANGO_ILLEGAL_NAME', `illegal name: '${newName}'`);
    }
    if (newName === c.name) return c;
    if (this.collections.has(newName) || this.views.has(newName)) {
      throw httpError(409, 'ERROR_ARANGO_DUPLICATE_NAME', `duplicate name: ${newName}`);
    }
    const oldName = c.name;
    this.collections.delete(c.name);
    c.rename(newName);
    this.collections.set(newName, c);
    this.changeLog?.({ type: MARKER.COLLECTION_RENAME, cuid: c.globallyUniqueId, data: { id: c.id, oldName, name: newName } });
    return c;
  }
}

export interface CreateCollectionOptions {
  /** Report and enforce cluster semantics (sharding attributes, user-key rules). */
  cluster?: boolean;
  /** The database's defaults (`POST /_api/database` options). */
  defaultReplicationFactor?: number | 'satellite';
  defaultWriteConcern?: number;
  /** The database was created with `sharding: "single"`. */
  singleShardDatabase?: boolean;
}

const SYSTEM_COLLECTIONS = ['_analyzers', '_appbundles', '_apps', '_aqlfunctions', '_frontend', '_graphs', '_jobs', '_queues'];
const SYSTEM_DB_ONLY_COLLECTIONS = ['_statistics', '_statistics15', '_statisticsRaw', '_users'];
const SHARDING_STRATEGIES = [
  'hash', 'community-compat', 'enterprise-compat', 'enterprise-smart-edge-compat', 'enterprise-hash-smart-edge',
  'enterprise-hex-smart-vertex',
];

let collectionIdCounter = 100;
function nextCollectionId(): string {
  return String(++collectionIdCounter);
}

function parseCollectionType(v: unknown): CollectionType {
  if (v === undefined || v === null || v === 2 || v === 'document') return 'document';
  if (v === 3 || v === 'edge') return 'edge';
  throw httpError(400, 'ERROR_ARANGO_COLLECTION_TYPE_INVALID', `invalid collection type: ${JSON.stringify(v)}`);
}

/**
 * Collection names under ArangoDB 3.12's default extended naming rules: 1–256 bytes of
 * NFC-normalised UTF-8, no `/`, no control characters, no leading/trailing whitespace, not
 * starting with a digit; a leading `_` marks a system collection.
 */
export function isValidCollectionName(name: string): boolean {
  if (name === '' || Buffer.byteLength(name, 'utf8') > 256) return false;
  if (name.normalize('NFC') !== name) return false;
  // eslint-disable-next-line no-control-regex
  if (/[/\u0000-\u001f\u007f]/.test(name)) return false;
  if (name !== name.trim()) return false;
  return !/^[0-9]/.test(name);
}
