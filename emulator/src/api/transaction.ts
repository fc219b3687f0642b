/**
 * `/_api/transaction` (openapi_3.12_transactions_*.txt): stream transactions (begin, status,
 * commit, abort, list) and the deprecated JavaScript transactions.
 */
import type { EmuRequest, EmuResponse, Router } from '../http/router.js';
import { httpError } from '../errors.js';
import {
  abortTransaction,
  beginTransaction,
  commitTransaction,
  getTransaction,
  listTransactions,
  type StreamTransaction,
} from '../store/transaction.js';
import { Script } from 'node:vm';
import { header } from './store-params.js';

function result(status: number, tx: StreamTransaction): EmuResponse {
  return { status, body: { code: status, error: false, result: { id: tx.id, status: tx.status } } };
}

function txId(req: EmuRequest, message: string): string {
  const id = req.params.id ?? '';
  if (!/^[1-9][0-9]{0,19}$/.test(id)) throw httpError(400, 'ERROR_BAD_PARAMETER', message);
  // The owner is the coordinator encoded in the id: forwarded there, or 404/1449 if it is down.
  req.ctx.checkOwner(id);
  return id;
}

function namesOf(v: unknown): string[] {
  if (typeof v === 'string') return [v];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

export function register(router: Router): void {
  router.post('/_api/transaction/begin', async (req) => {
    if (header(req, 'x-arango-trx-id') !== undefined) {
      throw httpError(400, 'ERROR_BAD_PARAMETER', 'unexpected transaction ID received in begin transaction request');
    }
    req.ctx.requireDatabaseAccess('ro');
    const body = req.json<unknown>();
    if (body && typeof body === 'object' && !Array.isArray(body)) {
      const cols = (body as Record<string, unknown>).collections;
      if (cols && typeof cols === 'object' && !Array.isArray(cols)) {
        const c = cols as Record<string, unknown>;
        const { db } = req.ctx;
        for (const n of namesOf(c.read)) if (db.hasCollection(n)) req.ctx.requireCollectionAccess(n, 'ro');
        for (const n of [...namesOf(c.write), ...namesOf(c.exclusive)]) {
          if (db.hasCollection(n)) req.ctx.requireCollectionAccess(n, 'rw');
        }
        if (namesOf(c.write).length + namesOf(c.exclusive).length > 0) req.ctx.requireWritable();
      }
    }
    const tx = await beginTransaction(req.ctx.db, body, {
      id: req.ctx.newTransactionId(),
      allowDirtyRead: /^true$/i.test(header(req, 'x-arango-allow-dirty-read') ?? ''),
    });
    const res = result(201, tx);
    if (tx.allowDirtyRead) res.headers = { 'x-arango-potential-dirty-read': 'true' };
    return res;
  });

  router.get('/_api/transaction', (req) => {
    req.ctx.requireDatabaseAccess('ro');
    return { status: 200, body: { transactions: listTransactions(req.ctx.db) } };
  });

  router.get('/_api/transaction/:id', (req) => {
    req.ctx.requireDatabaseAccess('ro');
    return result(200, getTransaction(req.ctx.db, txId(req, 'Illegal transaction ID')));
  });

  router.put('/_api/transaction/:id', (req) => {
    req.ctx.requireDatabaseAccess('ro');
    return result(200, commitTransaction(req.ctx.db, txId(req, 'bad transaction ID')));
  });

  router.delete('/_api/transaction/:id', (req) => {
    req.ctx.requireDatabaseAccess('ro');
    if (req.params.id === 'write') {
      // Aborts every running write transaction of the database (not forwarded: no owner id).
      for (const tx of req.ctx.db.transactions.values()) {
        if (tx.status === 'running' && (tx.write.size > 0 || tx.exclusive.size > 0)) tx.abort();
      }
      return { status: 200, body: { error: false, code: 200 } };
    }
    return result(200, abortTransaction(req.ctx.db, txId(req, 'bad transaction ID')));
  });

  // JavaScript transactions need V8, which 3.12's Community server has and the emulator does not.
  // It goes as far as a V8 server goes before the action runs (executeTransactionJS in
  // arangod/VocBase/Methods/Transactions.cpp: option checks, the collection lists, the
  // action compiled with the Function constructor, then trx->begin(), which fails 404 / 1203 for
  // a collection that does not exist), and answers 501 / ERROR_NOT_IMPLEMENTED only where the
  // action would be called. The action is compiled, never run.
  router.post('/_api/transaction', (req) => {
    req.ctx.requireDatabaseAccess('ro');
    const body = req.json<unknown>();
    if (body === null || typeof body !== 'object' || Array.isArray(body)) throw httpError(400, 'ERROR_BAD_PARAMETER', 'missing/invalid action definition for transaction');
    const b = body as Record<string, unknown>;
    if (b.lockTimeout !== undefined && typeof b.lockTimeout !== 'number') throw httpError(400, 'ERROR_BAD_PARAMETER', '<lockTimeout> must be a valid numeric value');
    if (b.waitForSync !== undefined && typeof b.waitForSync !== 'boolean' && typeof b.waitForSync !== 'number') {
      throw httpError(400, 'ERROR_BAD_PARAMETER', '<waitForSync> must be a boolean value');
    }
    if (typeof b.lockTimeout === 'number' && b.lockTimeout < 0) throw httpError(400, 'ERROR_BAD_PARAMETER', '<lockTimeout> needs to be positive');
    const cols = b.collections;
    if (cols === undefined) throw httpError(400, 'ERROR_BAD_PARAMETER', 'empty collections definition for transaction');
    if (cols === null || typeof cols !== 'object' || Array.isArray(cols)) throw httpError(400, 'ERROR_BAD_PARAMETER', 'missing/invalid collections definition for transaction');
    const names: Record<'read' | 'write' | 'exclusive', string[]> = { read: [], write: [], exclusive: [] };
    for (const kind of ['read', 'write', 'exclusive'] as const) {
      const v = (cols as Record<string, unknown>)[kind];
      if (v === undefined) continue;
      if (typeof v === 'string') names[kind].push(v);
      else if (Array.isArray(v)) {
        v.forEach((x, i) => {
          if (typeof x !== 'string') throw httpError(400, 'ERROR_BAD_PARAMETER', `invalid collection definition for transaction:  Collection name #${i} in array '${kind}' is not a string`);
          names[kind].push(x);
        });
      } else {
        throw httpError(400, 'ERROR_BAD_PARAMETER', `invalid collection definition for transaction:  There is no array in '${kind}'`);
      }
    }
    if (typeof b.action !== 'string' || !compilesAsFunction(b.action)) throw httpError(400, 'ERROR_BAD_PARAMETER', 'missing/invalid action definition for transaction');
    const { db } = req.ctx;
    for (const n of [...names.read, ...names.write, ...names.exclusive]) {
      if (!db.hasCollection(n)) throw httpError(404, 'ERROR_ARANGO_DATA_SOURCE_NOT_FOUND', `collection or view not found: ${n}`);
    }
    for (const n of names.read) req.ctx.requireCollectionAccess(n, 'ro');
    for (const n of [...names.write, ...names.exclusive]) req.ctx.requireCollectionAccess(n, 'rw');
    throw httpError(501, 'ERROR_NOT_IMPLEMENTED', 'JavaScript transactions need a JavaScript engine, which arangots-emulator does not run');
  });
}

/** Whether an action compiles as the server builds it: `return (<action>)(params);` in a function body. */
function compilesAsFunction(action: string): boolean {
  try {
    new Script(`(function (params) { return (${action}\n)(params); })`);
    return true;
  } catch {
    return false;
  }
}
