import type { EmuRequest, EmuResponse, Router } from '../http/router.js';
import { httpError } from '../errors.js';
import { ARANGO_VERSION } from '../store/server-state.js';
import { numericServerId } from './replication.js';
import { listTransactions } from '../store/transaction.js';
import { MARKER, type WalMarker } from '../store/wal.js';
import { flag } from '../http/params.js';

/**
 * Write-ahead-log calls.
 * `/_admin/wal/*` (RocksDB/ClusterRestWalHandler): `properties` is not supported by the RocksDB
 * engine and answers 501 with `{}`; `flush` answers `{}`; `transactions` counts running
 * transactions (a coordinator answers it with 501, as ClusterRestWalHandler does).
 * `/_api/wal/*` (tailing): documented as 501 on a coordinator. On a single server the ticks and
 * the markers come from the server's write-ahead log (store/wal.ts).
 */

/** Stream transactions running in any database. */
function runningTransactions(req: EmuRequest): number {
  const state = req.ctx.state;
  let n = 0;
  for (const name of state.databaseNames()) {
    n += listTransactions(state.database(name)).filter((t) => t.state === 'running').length;
  }
  return n;
}

function now(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function walBody(req: EmuRequest): void {
  if (req.body.length === 0) return;
  const b = req.json<unknown>();
  if (b !== null && typeof b === 'object' && !Array.isArray(b)) return;
  throw httpError(400, 'ERROR_HTTP_BAD_PARAMETER', 'invalid body value. expecting object');
}

function properties(req: EmuRequest): EmuResponse {
  req.ctx.requireAdmin();
  return { status: 501, body: {} };
}

function flush(req: EmuRequest): EmuResponse {
  req.ctx.requireAdmin();
  walBody(req);
  return { status: 200, body: {} };
}

function transactions(req: EmuRequest): EmuResponse {
  req.ctx.requireAdmin();
  const body = { runningTransactions: runningTransactions(req) };
  return { status: req.ctx.server.role === 'COORDINATOR' ? 501 : 200, body };
}

function singleOnly(req: EmuRequest): void {
  req.ctx.requireDatabaseAccess('ro');
  req.ctx.requireAdmin();
  if (req.ctx.server.role === 'COORDINATOR') {
    throw httpError(501, 'ERROR_CLUSTER_UNSUPPORTED', 'replication API is not supported on a coordinator');
  }
  req.ctx.state.wal.record();
}

function server(req: EmuRequest): Record<string, string> {
  return { version: ARANGO_VERSION, serverId: numericServerId(req.ctx.server) };
}

function lastTick(req: EmuRequest): EmuResponse {
  singleOnly(req);
  return { status: 200, body: { time: now(), tick: req.ctx.state.lastTick, server: server(req) } };
}

function range(req: EmuRequest): EmuResponse {
  singleOnly(req);
  return { status: 200, body: { time: now(), tickMin: req.ctx.state.wal.firstTick, tickMax: req.ctx.state.lastTick, server: server(req) } };
}

/** Markers kept for a non-global tail: this database's, and none of a collection or view dropped since (RocksDB cannot name it any more; its drop marker stays). */
function keeper(req: EmuRequest, global: boolean): (m: WalMarker) => boolean {
  const { state } = req.ctx;
  const live = new Map<string, Set<string>>();
  const cuidsOf = (db: string): Set<string> => {
    let set = live.get(db);
    if (!set) {
      const d = state.hasDatabase(db) ? state.database(db) : undefined;
      set = new Set(d ? [...[...d.collections.values()].map((c) => c.globallyUniqueId), ...[...d.views.values()].map((v) => v.globallyUniqueId)] : []);
      live.set(db, set);
    }
    return set;
  };
  return (m) => {
    if (!global && m.db !== req.ctx.db.name) return false;
    if (m.cuid === undefined || m.type === MARKER.COLLECTION_DROP || m.type === MARKER.VIEW_DROP) return true;
    return cuidsOf(m.db).has(m.cuid);
  };
}

function tickParam(req: EmuRequest, name: string): bigint | undefined {
  const v = req.query.get(name);
  if (v === null) return undefined;
  if (!/^[0-9]+$/.test(v)) throw httpError(400, 'ERROR_HTTP_BAD_PARAMETER', `invalid '${name}' value`);
  return BigInt(v);
}

/**
 * `GET /_api/wal/tail` (RestWalAccessHandler::handleCommandTail): the markers after `from` (up
 * to `to`, about `chunkSize` bytes) as `application/x-arango-dump` lines, 204 when there are
 * none, with the `x-arango-replication-*` ticks the recorded 3.12.10 answers carry. `global`
 * tails every database and is refused outside `_system`.
 */
function tail(req: EmuRequest): EmuResponse {
  singleOnly(req);
  const from = tickParam(req, 'from') ?? 0n;
  const to = tickParam(req, 'to') ?? BigInt(Number.MAX_SAFE_INTEGER) * 1024n;
  if (to < from) throw httpError(400, 'ERROR_HTTP_BAD_PARAMETER', 'invalid from/to values');
  const global = flag(req, 'global', false);
  if (global && req.ctx.db.name !== '_system') throw httpError(403, 'ERROR_FORBIDDEN', 'global tailing is only possible from within _system database');
  const rawChunk = Number(req.query.get('chunkSize'));
  const chunkSize = Number.isFinite(rawChunk) && rawChunk > 0 ? rawChunk : 1024 * 1024;
  const { state } = req.ctx;
  const r = state.wal.tail({ from, to, chunkSize, keep: keeper(req, global) });
  const latest = BigInt(state.lastTick);
  const headers: Record<string, string> = {
    'content-type': 'application/x-arango-dump; charset=utf-8',
    'x-arango-replication-checkmore': r.lastIncluded > 0n && r.lastIncluded < latest ? 'true' : 'false',
    'x-arango-replication-frompresent': r.fromPresent ? 'true' : 'false',
    'x-arango-replication-lastincluded': r.lastIncluded.toString(),
    'x-arango-replication-lastscanned': r.lastScanned.toString(),
    'x-arango-replication-lasttick': latest.toString(),
  };
  if (r.markers.length === 0) return { status: 204, headers };
  return { status: 200, headers, rawBody: r.markers.map((m) => `${JSON.stringify(m)}\n`).join('') };
}

export function register(router: Router): void {
  router.get('/_admin/wal/properties', properties);
  router.put('/_admin/wal/properties', properties);
  router.put('/_admin/wal/flush', flush);
  router.get('/_admin/wal/transactions', transactions);
  router.get('/_api/wal/lastTick', lastTick);
  router.get('/_api/wal/range', range);
  router.get('/_api/wal/tail', tail);
}
