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

  // JavaScript transactions need V8. The emulator runs no JavaScript, so it answers as an
  // ArangoDB started without V8 does (RestTransactionHandler::executeJSTransaction):
  // 501 / ERROR_NOT_IMPLEMENTED (9) "JavaScript operations are disabled".
  router.post('/_api/transaction', () => {
    throw httpError(501, 'ERROR_NOT_IMPLEMENTED', 'JavaScript operations are disabled');
  });
}
