import { randomUUID } from 'node:crypto';
import { httpError } from '../errors.js';
import type { Collection } from './collection.js';
import type { Database } from './database.js';
import type { DatabaseOptions, ServerState } from './server-state.js';
import { abortAll } from './transaction.js';
import type { Doc, Json } from './types.js';
import type { GraphDefinition } from './graphs.js';
import type { ViewDefinition } from './views.js';
import type { AnalyzerDefinition } from './analyzers.js';

/**
 * Hot backups of the whole deployment, kept in memory. A backup holds every database with its
 * collections (properties, indexes, documents), graphs, views and analyzers. Restoring puts
 * that state back: databases created since are dropped, dropped ones come back, running stream
 * transactions are aborted (as a real restore restarts the servers).
 *
 * Differences to ArangoDB: users and permissions are not part of the snapshot (they live in the
 * user store, not in `_users` documents); restored collections and indexes get new ids.
 * Documents are stored objects that are never mutated (store/collection.ts), so a snapshot can
 * share them instead of copying.
 */

interface CollectionSnapshot {
  name: string;
  type: 'document' | 'edge';
  isSystem: boolean;
  /** The creation body that recreates the collection (schema/computed values applied after the data). */
  body: Record<string, unknown>;
  schema: unknown;
  computedValues: unknown;
  indexes: Array<Record<string, Json>>;
  docs: Doc[];
}

interface DatabaseSnapshot {
  name: string;
  options: DatabaseOptions;
  collections: CollectionSnapshot[];
  graphs: GraphDefinition[];
  views: ViewDefinition[];
  analyzers: AnalyzerDefinition[];
}

export interface Backup {
  id: string;
  datetime: string;
  version: string;
  sizeInBytes: number;
  nrFiles: number;
  nrDBServers: number;
  databases: DatabaseSnapshot[];
}

/** `2023-09-01T15:00:34Z` (ArangoDB's backup timestamps have no fractions). */
export function backupTimestamp(d = new Date()): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function snapshotCollection(c: Collection): CollectionSnapshot {
  const p = c.properties;
  const body: Record<string, unknown> = {
    name: c.name,
    type: c.type === 'edge' ? 3 : 2,
    isSystem: p.isSystem,
    waitForSync: p.waitForSync,
    cacheEnabled: p.cacheEnabled,
    numberOfShards: p.numberOfShards,
    shardKeys: [...p.shardKeys],
    replicationFactor: p.replicationFactor,
    writeConcern: p.writeConcern,
    shardingStrategy: p.shardingStrategy,
    isSmart: p.isSmart,
    isDisjoint: p.isDisjoint,
    keyOptions: c.keyGen.report(),
  };
  if (p.distributeShardsLike !== undefined) body.distributeShardsLike = p.distributeShardsLike;
  if (p.smartJoinAttribute !== undefined) body.smartJoinAttribute = p.smartJoinAttribute;
  if (p.smartGraphAttribute !== undefined) body.smartGraphAttribute = p.smartGraphAttribute;
  const indexes = c.indexes
    .filter((i) => i.type !== 'primary' && i.type !== 'edge')
    .map((i) => {
      const d = i.describe(c.name);
      delete d.id;
      delete d.selectivityEstimate;
      return d;
    });
  return {
    name: c.name,
    type: c.type,
    isSystem: c.isSystem,
    body,
    schema: p.schema ? structuredClone(p.schema) : null,
    computedValues: p.computedValues ? structuredClone(p.computedValues) : null,
    indexes,
    docs: c.all(),
  };
}

function snapshotDatabase(state: ServerState, db: Database): DatabaseSnapshot {
  return {
    name: db.name,
    options: { ...state.databaseOptions(db.name) },
    collections: [...db.collections.values()].map(snapshotCollection),
    graphs: structuredClone([...db.graphs.values()]),
    views: structuredClone([...db.views.values()]),
    analyzers: structuredClone([...db.analyzers.values()]),
  };
}

function approximateSize(dbs: DatabaseSnapshot[]): number {
  let bytes = 0;
  for (const db of dbs) for (const c of db.collections) for (const d of c.docs) bytes += JSON.stringify(d).length;
  return bytes;
}

/** Fills a database from its snapshot; the database holds no user collections yet. */
function fill(state: ServerState, db: Database, snap: DatabaseSnapshot): void {
  const options = {
    cluster: state.isCluster,
    defaultReplicationFactor: snap.options.replicationFactor,
    defaultWriteConcern: snap.options.writeConcern,
    singleShardDatabase: snap.options.sharding === 'single',
  };
  // Prototypes of distributeShardsLike first, so that followers find them.
  const ordered = [...snap.collections].sort((a, b) => Number('distributeShardsLike' in a.body) - Number('distributeShardsLike' in b.body));
  for (const cs of ordered) {
    let coll = db.collections.get(cs.name);
    if (coll) coll.truncate();
    else coll = db.createCollection(cs.body, options);
    for (const def of cs.indexes) coll.ensureIndex(def);
    for (const doc of cs.docs) coll.insert(doc, { isRestore: true, overwriteMode: 'replace' });
    coll.updateProperties({ schema: cs.schema, computedValues: cs.computedValues });
  }
  db.graphs.clear();
  for (const g of structuredClone(snap.graphs)) db.graphs.set(g.name, g);
  db.views.clear();
  for (const v of structuredClone(snap.views)) db.views.set(v.name, v);
  db.analyzers.clear();
  for (const a of structuredClone(snap.analyzers)) db.analyzers.set(a.name, a);
}

export class BackupStore {
  private readonly backups = new Map<string, Backup>();

  constructor(private readonly state: ServerState) {}

  create(label: string | undefined, version: string, nrDBServers: number): Backup {
    const datetime = backupTimestamp();
    const id = `${datetime.replace(/:/g, '.')}_${label ?? randomUUID()}`;
    if (this.backups.has(id)) throw httpError(409, 'ERROR_HOT_BACKUP_CONFLICT', `backup '${id}' already exists`);
    const databases = this.state.databaseNames().map((n) => snapshotDatabase(this.state, this.state.database(n)));
    const backup: Backup = {
      id,
      datetime,
      version,
      sizeInBytes: approximateSize(databases),
      nrFiles: databases.reduce((n, d) => n + d.collections.length, 0),
      nrDBServers,
      databases,
    };
    this.backups.set(id, backup);
    return backup;
  }

  get(id: string): Backup {
    const b = this.backups.get(id);
    if (!b) throw httpError(404, 'ERROR_NO_SUCH_HOT_BACKUP', `no such hot backup set can be found: ${id}`);
    return b;
  }

  has(id: string): boolean {
    return this.backups.has(id);
  }

  /**
   * Remote repositories of rclone type `local` (a directory on the server), kept in memory:
   * repository URL → backup id → copy. Other repository types cannot be reached from here.
   */
  private readonly remote = new Map<string, Map<string, Backup>>();

  upload(id: string, repository: string): void {
    const b = this.get(id);
    let repo = this.remote.get(repository);
    if (!repo) {
      repo = new Map();
      this.remote.set(repository, repo);
    }
    repo.set(id, structuredClone(b));
  }

  /** Whether the download could fetch the backup (and did, when it was not here any more). */
  download(id: string, repository: string): boolean {
    const copy = this.remote.get(repository)?.get(id);
    if (!copy) return false;
    if (!this.backups.has(id)) this.backups.set(id, structuredClone(copy));
    return true;
  }

  list(): Backup[] {
    return [...this.backups.values()];
  }

  delete(id: string): void {
    this.get(id);
    this.backups.delete(id);
  }

  /** Puts the deployment back into the state of the backup. */
  restore(id: string): void {
    const backup = this.get(id);
    const state = this.state;
    for (const name of state.databaseNames()) {
      if (name !== '_system') state.dropDatabase(name);
    }
    for (const snap of backup.databases) {
      let db: Database;
      if (snap.name === '_system') {
        db = state.database('_system');
        abortAll(db);
        for (const c of [...db.collections.values()]) if (!c.isSystem) db.dropCollection(c.name, false);
      } else {
        db = state.createDatabase(snap.name, snap.options);
      }
      fill(state, db, snap);
    }
  }
}

const stores = new WeakMap<ServerState, BackupStore>();

/** The backup store of a deployment (one per shared state). */
export function backupsOf(state: ServerState): BackupStore {
  let s = stores.get(state);
  if (!s) {
    s = new BackupStore(state);
    stores.set(state, s);
  }
  return s;
}
