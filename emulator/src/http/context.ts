/**
 * The per-request context handlers reach as `req.ctx`.
 *
 * How handlers use it (other emulator modules, read this):
 * - `req.ctx.db` is the database of the `/_db/{name}` prefix, already resolved (unknown → the
 *   server answered 404/1228 before your handler ran) and the caller has at least `ro` on it.
 * - Permissions — call before touching data:
 *     `req.ctx.requireDatabaseAccess('rw')`   DDL: create/drop collections, indexes, views…
 *                                             (ro user → 403/11, no access → 401/11)
 *     `req.ctx.requireCollectionAccess(name, 'ro' | 'rw')`  document reads / writes, AQL
 *                                             collections (insufficient → 403/11 ERROR_FORBIDDEN)
 *     `req.ctx.requireAdmin()`                server-level admin (= `rw` on `_system`):
 *                                             users, server mode, log levels… (401 / 403, errorNum 11)
 *     `req.ctx.requireSystemDatabase()`       only in `_system` → 403/1230
 *   All are no-ops when authentication is off or for a superuser JWT.
 * - Read-only server mode (`PUT /_admin/server/mode`): call `req.ctx.requireWritable()` before a
 *   document write (→ 403/1004 ERROR_ARANGO_READ_ONLY) and `req.ctx.requireDdlWritable()` before
 *   database/collection/index DDL (→ 403/11), as ArangoDB does.
 * - Ids owned by a coordinator (cursor, stream transaction, async job, query, task): make them with
 *   `req.ctx.newServerTick()` (cursors, jobs, queries, tasks) or `req.ctx.newTransactionId()`
 *   (stream transactions). For a follow-up request naming such an id, call
 *   `req.ctx.checkOwner(id)` first: if another coordinator owns it and runs, the answer gets
 *   `x-arango-request-forwarded-to: <owner id>` (the emulator serves it from the shared state,
 *   as the owner would); if the owner is stopped → 404 / 1449 ERROR_CLUSTER_SERVER_UNKNOWN. The
 *   server already does this for every request carrying `x-arango-trx-id`.
 * - `req.ctx.responseHeaders` — extra headers merged into the response (also for thrown errors).
 * - `req.ctx.signal` — aborted when an async job is cancelled; long handlers may watch it.
 * - `req.ctx.requireCoordinator()` — cluster-only endpoints on a single server: 501/1471.
 */
import type { Database } from '../store/database.js';
import type { ServerNode, ServerState } from '../store/server-state.js';
import { grantCovers, type Grant } from '../store/users.js';
import type { Identity } from './auth.js';
import { httpError } from '../errors.js';

declare module './router.js' {
  interface RequestContext {
    readonly state: ServerState;
    /** The coordinator (or single server) answering this request. */
    readonly server: ServerNode;
    readonly db: Database;
    readonly identity: Identity;
    /** True when the cluster runs with authentication (false → every check passes). */
    readonly authentication: boolean;
    readonly responseHeaders: Record<string, string>;
    readonly signal: AbortSignal;
    /** The caller's effective level on a database (`rw` without auth or for a superuser). */
    databaseLevel(dbName?: string): Grant;
    collectionLevel(collection: string, dbName?: string): Grant;
    isAdmin(): boolean;
    requireDatabaseAccess(level: 'ro' | 'rw'): void;
    requireCollectionAccess(collection: string, level: 'ro' | 'rw'): void;
    requireAdmin(): void;
    requireSystemDatabase(): void;
    requireCoordinator(): void;
    requireWritable(): void;
    requireDdlWritable(): void;
    checkOwner(id: string): void;
    newServerTick(): string;
    newTransactionId(): string;
  }
}

/**
 * The connection a request came on: its abort signal is made only when a handler asks for it
 * (few do), instead of an AbortController and a close listener on every request.
 */
export interface Connection {
  readonly destroyed: boolean;
  readonly writableFinished: boolean;
  once(event: 'close', listener: () => void): unknown;
}

export class Context {
  readonly responseHeaders: Record<string, string>;
  private source: AbortSignal | Connection;

  /** `signal`: an AbortSignal, or the connection whose premature close aborts the request. */
  constructor(
    readonly state: ServerState,
    readonly server: ServerNode,
    readonly db: Database,
    readonly identity: Identity,
    signal: AbortSignal | Connection,
    responseHeaders: Record<string, string> = {},
  ) {
    this.source = signal;
    this.responseHeaders = responseHeaders;
  }

  /** Aborted when the client goes away before the answer is out, or an async job is cancelled. */
  get signal(): AbortSignal {
    const source = this.source;
    if (source instanceof AbortSignal) return source;
    const controller = new AbortController();
    if (source.destroyed) {
      if (!source.writableFinished) controller.abort();
    } else {
      source.once('close', () => {
        if (!source.writableFinished) controller.abort();
      });
    }
    this.source = controller.signal;
    return controller.signal;
  }

  /** The same caller and database for an async job: its own signal, a copy of the headers so far. */
  forJob(signal: AbortSignal): Context {
    return new Context(this.state, this.server, this.db, this.identity, signal, { ...this.responseHeaders });
  }

  get authentication(): boolean {
    return this.state.authentication;
  }

  private unrestricted(): boolean {
    return !this.state.authentication || this.identity.kind === 'superuser';
  }

  databaseLevel(dbName: string = this.db.name): Grant {
    if (this.unrestricted()) return 'rw';
    if (this.identity.kind !== 'user') return 'none';
    return this.state.users.databaseLevel(this.identity.user, dbName);
  }

  collectionLevel(collection: string, dbName: string = this.db.name): Grant {
    if (this.unrestricted()) return 'rw';
    if (this.identity.kind !== 'user') return 'none';
    return this.state.users.collectionLevel(this.identity.user, dbName, collection);
  }

  isAdmin(): boolean {
    return this.databaseLevel('_system') === 'rw';
  }

  requireDatabaseAccess(level: 'ro' | 'rw'): void {
    const have = this.databaseLevel();
    if (grantCovers(have, level)) return;
    if (have === 'none') throw httpError(401, 'ERROR_FORBIDDEN', 'not authorized to execute this request');
    throw httpError(403, 'ERROR_FORBIDDEN');
  }

  requireCollectionAccess(collection: string, level: 'ro' | 'rw'): void {
    this.requireDatabaseAccess('ro');
    if (!grantCovers(this.collectionLevel(collection), level)) throw httpError(403, 'ERROR_FORBIDDEN');
  }

  requireAdmin(): void {
    const have = this.databaseLevel('_system');
    if (have === 'rw') return;
    if (have === 'none') throw httpError(401, 'ERROR_FORBIDDEN', 'not authorized to execute this request');
    throw httpError(403, 'ERROR_FORBIDDEN');
  }

  requireSystemDatabase(): void {
    if (this.db.name !== '_system') throw httpError(403, 'ERROR_ARANGO_USE_SYSTEM_DATABASE');
  }

  requireCoordinator(): void {
    if (this.server.role !== 'COORDINATOR') throw httpError(501, 'ERROR_CLUSTER_ONLY_ON_COORDINATOR');
  }

  requireWritable(): void {
    if (this.state.mode === 'readonly') throw httpError(403, 'ERROR_ARANGO_READ_ONLY');
  }

  requireDdlWritable(): void {
    if (this.state.mode === 'readonly') throw httpError(403, 'ERROR_FORBIDDEN');
  }

  checkOwner(id: string): void {
    if (this.server.role !== 'COORDINATOR') return;
    const owner = this.state.ownerOf(id);
    if (!owner || owner.id === this.server.id) return;
    if (!owner.running) throw httpError(404, 'ERROR_CLUSTER_SERVER_UNKNOWN', `cluster server ${owner.id} unknown`);
    this.responseHeaders['x-arango-request-forwarded-to'] = owner.id;
  }

  newServerTick(): string {
    return this.state.newServerTick(this.server.shortId);
  }

  newTransactionId(): string {
    return this.state.newTransactionId(this.server.shortId);
  }
}
