import type { EmuRequest, EmuResponse, Router } from '../http/router.js';
import { httpError } from '../errors.js';
import { ARANGO_VERSION } from '../store/server-state.js';
import { numericServerId } from './replication.js';
import { listTransactions } from '../store/transaction.js';

/**
 * Write-ahead-log calls.
 * `/_admin/wal/*` (RocksDB/ClusterRestWalHandler): `properties` is not supported by the RocksDB
 * engine and answers 501 with `{}`; `flush` answers `{}`; `transactions` counts running
 * transactions (a coordinator answers it with 501, as ClusterRestWalHandler does).
 * `/_api/wal/*` (tailing): documented as 501 on a coordinator. On a single server the emulator
 * reports ticks; it keeps no log to tail, so `tail` answers 204 (no events), as a server does
 * when nothing happened after `from`.
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
}

function server(req: EmuRequest): Record<string, string> {
  return { version: ARANGO_VERSION, serverId: numericServerId(req.ctx.server) };
}

function lastTick(req: EmuRequest): EmuResponse {
  singleOnly(req);
  return { status: 200, body: { time: now(), tick: req.ctx.state.newTick(), server: server(req) } };
}

function range(req: EmuRequest): EmuResponse {
  singleOnly(req);
  return { status: 200, body: { time: now(), tickMin: '1', tickMax: req.ctx.state.newTick(), server: server(req) } };
}

function tail(req: EmuRequest): EmuResponse {
  singleOnly(req);
  const from = req.query.get('from');
  if (from !== null && !/^[0-9]+$/.test(from)) throw httpError(400, 'ERROR_HTTP_BAD_PARAMETER', "invalid 'from' value");
  const to = req.query.get('to');
  if (to !== null && !/^[0-9]+$/.test(to)) throw httpError(400, 'ERROR_HTTP_BAD_PARAMETER', "invalid 'to' value");
  const tick = req.ctx.state.newTick();
  return {
    status: 204,
    headers: {
      'x-arango-replication-active': 'true',
      'x-arango-replication-checkmore': 'false',
      'x-arango-replication-frompresent': 'true',
      'x-arango-replication-lastincluded': '0',
      'x-arango-replication-lastscanned': tick,
      'x-arango-replication-lasttick': tick,
    },
  };
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
