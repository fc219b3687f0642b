import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, type EmulatorCluster } from '../src/cluster.js';
import { call, PASSWORD } from './http.js';

let cluster: EmulatorCluster;
let a: string;
let b: string;
const DB = '/_db/_system';

beforeAll(async () => {
  cluster = await startCluster({ coordinators: 3, rootPassword: PASSWORD });
  a = cluster.urls[0] as string;
  b = cluster.urls[1] as string;
  for (const name of ['accounts', 'audit', 'readonly', 'locked']) {
    await call(a, 'POST', `${DB}/_api/collection`, { body: { name } });
  }
});

afterAll(async () => {
  await cluster.close();
});

async function begin(collections: Record<string, unknown>, url = a, extra: Record<string, unknown> = {}): Promise<string> {
  const r = await call(url, 'POST', `${DB}/_api/transaction/begin`, { body: { collections, ...extra } });
  expect(r.status).toBe(201);
  expect(r.json).toEqual({ code: 201, error: false, result: { id: r.json.result && (r.json.result as { id: string }).id, status: 'running' } });
  return (r.json.result as { id: string }).id;
}

const trx = (id: string): Record<string, string> => ({ 'x-arango-trx-id': id });

describe('stream transactions over HTTP', () => {
  it('keeps uncommitted writes invisible to other readers, then commits them', async () => {
    const id = await begin({ write: ['accounts'] });
    expect(BigInt(id) % 4n).toBe(0n);
    const ins = await call(a, 'POST', `${DB}/_api/document/accounts`, { body: { _key: 'alice', balance: 10 }, headers: trx(id) });
    expect(ins.status).toBe(202);
    // inside: visible; outside (any coordinator): not
    expect((await call(a, 'GET', `${DB}/_api/document/accounts/alice`, { headers: trx(id) })).json.balance).toBe(10);
    expect((await call(a, 'GET', `${DB}/_api/document/accounts/alice`)).status).toBe(404);
    expect((await call(b, 'GET', `${DB}/_api/document/accounts/alice`)).status).toBe(404);
    expect((await call(a, 'GET', `${DB}/_api/collection/accounts/count`, { headers: trx(id) })).json.count).toBe(1);
    expect((await call(a, 'GET', `${DB}/_api/collection/accounts/count`)).json.count).toBe(0);
    // a plain write to the same key is a write-write conflict
    const ww = await call(b, 'POST', `${DB}/_api/document/accounts`, { body: { _key: 'alice' } });
    expect([ww.status, ww.json.errorNum]).toEqual([409, 1200]);
    expect(String(ww.json.errorMessage)).toContain('write-write conflict');

    const status = await call(a, 'GET', `${DB}/_api/transaction/${id}`);
    expect(status.json).toEqual({ code: 200, error: false, result: { id, status: 'running' } });
    const list = await call(b, 'GET', `${DB}/_api/transaction`);
    expect(list.json.transactions).toEqual(expect.arrayContaining([{ id, state: 'running' }]));

    const commit = await call(a, 'PUT', `${DB}/_api/transaction/${id}`);
    expect(commit.json).toEqual({ code: 200, error: false, result: { id, status: 'committed' } });
    expect((await call(b, 'GET', `${DB}/_api/document/accounts/alice`)).json.balance).toBe(10);
    // committing again is idempotent; the transaction is no longer usable
    expect((await call(a, 'PUT', `${DB}/_api/transaction/${id}`)).status).toBe(200);
    expect((await call(a, 'GET', `${DB}/_api/transaction/${id}`)).json.result).toEqual({ id, status: 'committed' });
    const after = await call(a, 'POST', `${DB}/_api/document/accounts`, { body: {}, headers: trx(id) });
    expect(after.status).toBe(404);
    const abortCommitted = await call(a, 'DELETE', `${DB}/_api/transaction/${id}`);
    expect([abortCommitted.status, abortCommitted.json.errorNum]).toEqual([400, 1653]);
  });

  it('aborts and leaves nothing behind', async () => {
    await call(a, 'POST', `${DB}/_api/document/audit`, { body: { _key: 'keep', v: 1 } });
    const id = await begin({ write: 'audit' });
    await call(a, 'POST', `${DB}/_api/document/audit`, { body: [{ _key: 't1' }, { _key: 't2' }], headers: trx(id) });
    await call(a, 'PATCH', `${DB}/_api/document/audit/keep`, { body: { v: 2 }, headers: trx(id) });
    await call(a, 'PUT', `${DB}/_api/collection/audit/truncate`, { headers: trx(id) });
    expect((await call(a, 'GET', `${DB}/_api/collection/audit/count`, { headers: trx(id) })).json.count).toBe(0);
    const abort = await call(b, 'DELETE', `${DB}/_api/transaction/${id}`);
    expect(abort.status).toBe(200);
    expect(abort.json).toEqual({ code: 200, error: false, result: { id, status: 'aborted' } });
    expect(abort.headers['x-arango-request-forwarded-to']).toBe(cluster.coordinators[0]?.id);
    expect((await call(a, 'GET', `${DB}/_api/collection/audit/count`)).json.count).toBe(1);
    expect((await call(a, 'GET', `${DB}/_api/document/audit/keep`)).json.v).toBe(1);
    expect((await call(a, 'GET', `${DB}/_api/document/audit/t1`)).status).toBe(404);
    const used = await call(a, 'GET', `${DB}/_api/document/audit/keep`, { headers: trx(id) });
    expect([used.status, used.json.errorNum]).toEqual([410, 1654]);
    const commit = await call(a, 'PUT', `${DB}/_api/transaction/${id}`);
    expect([commit.status, commit.json.errorNum]).toEqual([400, 1653]);
    expect((await call(a, 'DELETE', `${DB}/_api/transaction/${id}`)).status).toBe(200);
  });

  it('refuses writes to collections not declared for writing (400/1652)', async () => {
    const id = await begin({ read: ['readonly'] });
    const w = await call(a, 'POST', `${DB}/_api/document/readonly`, { body: {}, headers: trx(id) });
    expect([w.status, w.json.errorNum]).toEqual([400, 1652]);
    expect((await call(a, 'GET', `${DB}/_api/collection/accounts/count`, { headers: trx(id) })).status).toBe(200);
    await call(a, 'DELETE', `${DB}/_api/transaction/${id}`);
    const strict = await begin({ read: ['readonly'] }, a, { allowImplicit: false });
    const r = await call(a, 'GET', `${DB}/_api/document/accounts/alice`, { headers: trx(strict) });
    expect([r.status, r.json.errorNum]).toEqual([400, 1652]);
    await call(a, 'DELETE', `${DB}/_api/transaction/${strict}`);
  });

  it('answers 404/1655 for unknown ids, 404/1203 for unknown collections, 400 for bad bodies', async () => {
    const unknown = await call(a, 'GET', `${DB}/_api/transaction/4`);
    expect([unknown.status, unknown.json.errorNum]).toEqual([404, 1655]);
    const hdr = await call(a, 'GET', `${DB}/_api/document/accounts/alice`, { headers: trx('8') });
    expect([hdr.status, hdr.json.errorNum]).toEqual([404, 1655]);
    // the first abort of an unknown id answers 404, later ones 200 (documented 3.12 behaviour)
    expect((await call(a, 'DELETE', `${DB}/_api/transaction/12`)).status).toBe(404);
    expect((await call(a, 'DELETE', `${DB}/_api/transaction/12`)).status).toBe(200);
    const nf = await call(a, 'POST', `${DB}/_api/transaction/begin`, { body: { collections: { read: 'products' } } });
    expect([nf.status, nf.json.errorNum, nf.json.errorMessage]).toEqual([404, 1203, 'collection or view not found: products']);
    const bad = await call(a, 'POST', `${DB}/_api/transaction/begin`, { body: { collections: 'accounts' } });
    expect(bad.status).toBe(400);
    const badId = await call(a, 'GET', `${DB}/_api/transaction/abc`);
    expect(badId.status).toBe(400);
  });

  it('two transactions writing the same document: the second gets 409/1200', async () => {
    const t1 = await begin({ write: 'locked' });
    const t2 = await begin({ write: 'locked' }, b);
    await call(a, 'POST', `${DB}/_api/document/locked`, { body: { _key: 'x' }, headers: trx(t1) });
    const c = await call(b, 'POST', `${DB}/_api/document/locked`, { body: { _key: 'x' }, headers: trx(t2) });
    expect([c.status, c.json.errorNum]).toEqual([409, 1200]);
    await call(a, 'PUT', `${DB}/_api/transaction/${t1}`);
    await call(b, 'DELETE', `${DB}/_api/transaction/${t2}`);
  });

  it('a transaction owned by a stopped coordinator answers 404/1449', async () => {
    const owner = cluster.coordinators[2];
    if (!owner) throw new Error('three coordinators expected');
    const id = await begin({ write: 'locked' }, owner.url);
    await owner.stop();
    try {
      const r = await call(a, 'GET', `${DB}/_api/transaction/${id}`);
      expect([r.status, r.json.errorNum]).toEqual([404, 1449]);
    } finally {
      await owner.start();
    }
    expect((await call(a, 'DELETE', `${DB}/_api/transaction/${id}`)).status).toBe(200);
  });

  // arangod/VocBase/Methods/Transactions.cpp executeTransactionJS: checks, compile, begin, run
  it('JavaScript transactions are checked as a 3.12 server checks them, and answer 501/9 where the action would run', async () => {
    const post = (body: unknown) => call(a, 'POST', `${DB}/_api/transaction`, { body });
    const ok = await post({ collections: { write: 'accounts' }, action: 'function () { return 1; }' });
    expect([ok.status, ok.json.errorNum]).toEqual([501, 9]);
    const missing = await post({ collections: { read: 'noSuchCollection' }, action: 'function () { return true; }' });
    expect([missing.status, missing.json.errorNum, missing.json.errorMessage]).toEqual([404, 1203, 'collection or view not found: noSuchCollection']);
    const broken = await post({ collections: { read: 'accounts' }, action: 'function ( { return' });
    expect([broken.status, broken.json.errorNum]).toEqual([400, 10]);
    const noCollections = await post({ action: 'function () {}' });
    expect([noCollections.status, noCollections.json.errorMessage]).toEqual([400, 'empty collections definition for transaction']);
    const badName = await post({ collections: { write: [1] }, action: 'function () {}' });
    expect(badName.status).toBe(400);
  });
});
