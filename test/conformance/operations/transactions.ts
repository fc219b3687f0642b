/** Stream transactions: begin with options, requests inside (x-arango-trx-id), status, commit, abort, list; JavaScript transactions. */
import type { TransactionDatabase } from 'arangots';
import type { Transaction } from 'arangojs/transactions';
import type { Op } from '../harness.js';

const coll = 'docs';

export const transactionOps: Op[] = [
  {
    area: 'transactions',
    name: 'begin transaction with options',
    ts: async (s) =>
      s.set(
        'trx',
        await s.db.beginTransaction({ read: [s.n('edges')], write: [s.n(coll)], waitForSync: true, allowImplicit: false, lockTimeout: 5, maxTransactionSize: 1_000_000 }),
      ),
    js: async (s) =>
      s.set(
        'trx',
        await s.db.beginTransaction({ read: [s.n('edges')], write: [s.n(coll)] }, { waitForSync: true, allowImplicit: false, lockTimeout: 5, maxTransactionSize: 1_000_000 }),
      ),
  },
  {
    area: 'transactions',
    name: 'transaction status',
    ts: (s) => s.get<TransactionDatabase>('trx').status(),
    js: (s) => s.get<Transaction>('trx').get(),
  },
  {
    area: 'transactions',
    name: 'insert inside transaction',
    ts: (s) => s.get<TransactionDatabase>('trx').collection(s.n(coll)).insert({ _key: 't1', v: 1 }, { returnNew: true }),
    js: (s) => s.get<Transaction>('trx').step(() => s.db.collection(s.n(coll)).save({ _key: 't1', v: 1 }, { returnNew: true })),
  },
  {
    area: 'transactions',
    name: 'update inside transaction',
    ts: (s) => s.get<TransactionDatabase>('trx').collection(s.n(coll)).update('t1', { v: 2 }),
    js: (s) => s.get<Transaction>('trx').step(() => s.db.collection(s.n(coll)).update('t1', { v: 2 })),
  },
  {
    area: 'transactions',
    name: 'read inside transaction',
    ts: (s) => s.get<TransactionDatabase>('trx').collection(s.n(coll)).get('t1'),
    js: (s) => s.get<Transaction>('trx').step(() => s.db.collection(s.n(coll)).document('t1')),
  },
  {
    area: 'transactions',
    name: 'count inside transaction',
    ts: (s) => s.get<TransactionDatabase>('trx').collection(s.n(coll)).count(),
    js: (s) => s.get<Transaction>('trx').step(() => s.db.collection(s.n(coll)).count()),
  },
  {
    area: 'transactions',
    name: 'query inside transaction',
    ts: async (s) => (await s.get<TransactionDatabase>('trx').aql.execute(`FOR d IN ${s.n(coll)} FILTER d._key == 't1' RETURN d`)).all(),
    js: async (s) => (await s.get<Transaction>('trx').step(() => s.db.query(`FOR d IN ${s.n(coll)} FILTER d._key == 't1' RETURN d`))).all(),
  },
  {
    area: 'transactions',
    name: 'remove inside transaction',
    ts: (s) => s.get<TransactionDatabase>('trx').collection(s.n(coll)).delete('t1'),
    js: (s) => s.get<Transaction>('trx').step(() => s.db.collection(s.n(coll)).remove('t1')),
  },
  {
    area: 'transactions',
    name: 'list transactions',
    ts: (s) => s.db.listTransactions(),
    js: (s) => s.db.listTransactions(),
  },
  {
    area: 'transactions',
    name: 'commit transaction',
    ts: (s) => s.get<TransactionDatabase>('trx').commit(),
    js: (s) => s.get<Transaction>('trx').commit(),
  },
  {
    area: 'transactions',
    name: 'begin transaction (write shorthand)',
    ts: async (s) => s.set('trx2', await s.db.beginTransaction({ write: [s.n(coll)] })),
    js: async (s) => s.set('trx2', await s.db.beginTransaction([s.n(coll)])),
  },
  {
    area: 'transactions',
    name: 'abort transaction',
    ts: (s) => s.get<TransactionDatabase>('trx2').abort(),
    js: (s) => s.get<Transaction>('trx2').abort(),
  },
  {
    area: 'transactions',
    name: 'begin transaction exclusive allowDirtyRead',
    ts: async (s) => s.set('trx3', await s.db.beginTransaction({ exclusive: [s.n(coll)], read: [s.n('edges')], allowDirtyRead: true })),
    js: async (s) => s.set('trx3', await s.db.beginTransaction({ exclusive: [s.n(coll)], read: [s.n('edges')] }, { allowDirtyRead: true })),
  },
  {
    area: 'transactions',
    name: 'commit transaction by id',
    ts: (s) => s.db.fetchTransaction(s.get<TransactionDatabase>('trx3').id).commit(),
    js: (s) => s.db.transaction(s.get<Transaction>('trx3').id).commit(),
  },
  {
    area: 'transactions',
    name: 'status of a finished transaction',
    ts: (s) => s.get<TransactionDatabase>('trx3').status(),
    js: (s) => s.get<Transaction>('trx3').get(),
  },
  {
    area: 'transactions',
    name: 'withTransaction (begin, write, commit)',
    ts: (s) => s.db.withTransaction({ write: [s.n(coll)] }, (trx) => trx.collection(s.n(coll)).insert({ _key: 'wt1' })),
    js: (s) => s.db.withTransaction({ write: [s.n(coll)] }, (step) => step(() => s.db.collection(s.n(coll)).save({ _key: 'wt1' }))),
  },
  {
    area: 'transactions',
    name: 'withTransaction failing (begin, write, abort)',
    expectStatus: 409,
    ts: (s) => s.db.withTransaction({ write: [s.n(coll)] }, (trx) => trx.collection(s.n(coll)).insert({ _key: 'wt1' })),
    js: (s) => s.db.withTransaction({ write: [s.n(coll)] }, (step) => step(() => s.db.collection(s.n(coll)).save({ _key: 'wt1' }))),
  },
  {
    area: 'transactions',
    name: 'JavaScript transaction (501 without V8)',
    // The emulator runs no JavaScript (501); a server with V8 runs it (200).
    expectStatus: [200, 501],
    ts: (s) => s.db.executeTransaction('function (params) { return params.x; }', { write: [s.n(coll)], params: { x: 1 }, waitForSync: false, lockTimeout: 3 }),
    js: (s) => s.db.executeTransaction({ write: [s.n(coll)] }, 'function (params) { return params.x; }', { params: { x: 1 }, waitForSync: false, lockTimeout: 3 }),
  },
];
