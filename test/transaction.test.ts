import { beforeAll, describe, expect, it } from 'vitest';
import { ArangoClientError, ArangoServerError, errors, type Collection } from 'arangots';
import { serverError, useTestDatabase } from './helpers/database.js';

const ctx = useTestDatabase('trx', { clientOptions: { hostResolver: 'roundrobin' } });
let accounts: Collection<{ balance: number }>;

beforeAll(async () => {
  accounts = await ctx.db.createCollection('accounts');
});

describe('stream transactions', () => {
  it('an aborted transaction leaves nothing behind', async () => {
    const before = await accounts.count();
    const trx = await ctx.db.beginTransaction({ write: accounts });
    expect(typeof trx.id).toBe('string');
    expect(await trx.status()).toBe('running');
    const tc = trx.collection<{ balance: number }>('accounts');
    await tc.insert({ _key: 'ghost', balance: 100 });
    await tc.insertMany([{ balance: 1 }, { balance: 2 }]);
    expect(await tc.count()).toBe(before + 3);
    // the AQL API inside the transaction sees its own writes
    const seen = await (await trx.aql.execute<{ balance: number }>('FOR a IN accounts FILTER a._key == @k RETURN a', { bindVars: { k: 'ghost' } })).all();
    expect(seen.map((a) => a.balance)).toEqual([100]);
    expect((await (await tc.find({ balance: 100 })).all()).map((a) => a._key)).toContain('ghost');
    // isolation: outside readers do not see uncommitted writes
    expect(await accounts.has('ghost')).toBe(false);
    expect(await accounts.count()).toBe(before);
    expect(await trx.abort()).toBe('aborted');
    expect(await trx.status()).toBe('aborted');
    expect(await accounts.count()).toBe(before);
    expect(await accounts.get('ghost')).toBeNull();
  });

  it('a committed transaction becomes visible; commit after commit is fine, abort after commit is 400', async () => {
    const trx = await ctx.db.beginTransaction({ write: ['accounts'], waitForSync: false, lockTimeout: 10 });
    await trx.collection<{ balance: number }>('accounts').insert({ _key: 'kept', balance: 5 });
    expect(await trx.commit()).toBe('committed');
    expect((await accounts.get('kept'))?.balance).toBe(5);
    expect(await trx.commitTransaction()).toBe('committed');
    const err = await serverError(trx.abort());
    expect(err.httpCode).toBe(400);
  });

  it('calls of one transaction may be issued in parallel: they are sent one at a time', async () => {
    const trx = await ctx.db.beginTransaction({ write: 'accounts' });
    const tc = trx.collection<{ balance: number }>('accounts');
    const metas = await Promise.all(Array.from({ length: 20 }, (_, i) => tc.insert({ _key: `par${i}`, balance: i })));
    expect(metas.map((m) => m._key)).toEqual(Array.from({ length: 20 }, (_, i) => `par${i}`));
    const [count, doc] = await Promise.all([tc.count(), tc.get('par7'), tc.update('par7', { balance: 70 })]);
    expect(doc?.balance).toBe(7);
    expect(count).toBeGreaterThanOrEqual(20);
    // commit waits for the calls already issued
    const late = tc.insert({ _key: 'par-late', balance: 1 });
    await trx.commit();
    await late;
    expect(await accounts.has('par-late')).toBe(true);
    expect((await accounts.get('par7'))?.balance).toBe(70);
  });

  it('every request of the transaction goes to the coordinator that began it', async () => {
    const trx = await ctx.db.beginTransaction({ read: 'accounts' });
    try {
      expect(trx.hostId).toBeDefined();
      for (let i = 0; i < 6; i++) {
        const res = await trx.request({ method: 'GET', path: '/_api/collection/accounts/count' });
        expect(res.hostId).toBe(trx.hostId);
        expect(res.headers['x-arango-request-forwarded-to']).toBeUndefined();
      }
    } finally {
      await trx.abort();
    }
  });

  it('transactions() lists running transactions of every coordinator', async () => {
    const a = await ctx.db.beginTransaction({ read: 'accounts' });
    const b = await ctx.db.beginTransaction({ read: 'accounts' });
    try {
      const ids = (await ctx.db.listTransactions()).map((t) => t.id);
      expect(ids).toContain(a.id);
      expect(ids).toContain(b.id);
      expect((await ctx.db.listTransactions()).find((t) => t.id === a.id)?.state).toBe('running');
    } finally {
      await a.abort();
      await b.abort();
    }
    expect((await ctx.db.listTransactions()).map((t) => t.id)).not.toContain(a.id);
  });

  it('db.fetchTransaction(id) addresses an existing transaction from anywhere', async () => {
    const trx = await ctx.db.beginTransaction({ write: 'accounts' });
    const again = ctx.db.fetchTransaction(trx.id);
    await again.collection('accounts').insert({ _key: 'via-id', balance: 1 });
    expect(await again.status()).toBe('running');
    await again.abort();
    expect(await accounts.has('via-id')).toBe(false);
  });

  it('withTransaction commits on success and aborts (then rethrows) on a throw', async () => {
    const result = await ctx.db.withTransaction({ write: 'accounts' }, async (trx) => {
      await trx.collection('accounts').insert({ _key: 'wt-ok', balance: 1 });
      return 'done';
    });
    expect(result).toBe('done');
    expect(await accounts.has('wt-ok')).toBe(true);

    let seen: string | undefined;
    const boom = new Error('boom');
    await expect(
      ctx.db.withTransaction({ write: 'accounts' }, async (trx) => {
        seen = trx.id;
        await trx.collection('accounts').insert({ _key: 'wt-bad', balance: 1 });
        throw boom;
      }),
    ).rejects.toBe(boom);
    expect(await accounts.has('wt-bad')).toBe(false);
    expect(await ctx.db.fetchTransaction(seen ?? '').status()).toBe('aborted');
  });

  it('two transactions writing one document: the second gets a write-write conflict (409/1200)', async () => {
    await accounts.insert({ _key: 'contended', balance: 0 });
    const a = await ctx.db.beginTransaction({ write: 'accounts', lockTimeout: 2 });
    const b = await ctx.db.beginTransaction({ write: 'accounts', lockTimeout: 2 });
    try {
      await a.collection('accounts').update('contended', { balance: 1 });
      const err = await serverError(b.collection('accounts').update('contended', { balance: 2 }));
      expect(err.httpCode).toBe(409);
      expect(err.errorNum).toBe(errors.ERROR_ARANGO_CONFLICT);
      expect(err.errorMessage).toMatch(/write-write conflict/);
    } finally {
      await a.commit();
      await b.abort().catch(() => undefined);
    }
    expect((await accounts.get('contended'))?.balance).toBe(1);
  });

  it('unknown transaction ids are 404/1655; unknown collections 404/1203', async () => {
    const err = await serverError(ctx.db.fetchTransaction('123456789').status());
    expect(err.httpCode).toBe(404);
    expect(err.errorNum).toBe(errors.ERROR_TRANSACTION_NOT_FOUND);
    const coll = await serverError(ctx.db.beginTransaction({ write: 'no_such_collection' }));
    expect(coll.httpCode).toBe(404);
    expect(coll.errorNum).toBe(errors.ERROR_ARANGO_DATA_SOURCE_NOT_FOUND);
  });

  it('using an aborted transaction is refused (410/1654 or 404/1655)', async () => {
    const trx = await ctx.db.beginTransaction({ write: 'accounts' });
    await trx.abort();
    const err = await serverError(trx.collection('accounts').insert({ balance: 1 }));
    expect([404, 410]).toContain(err.httpCode);
    expect([errors.ERROR_TRANSACTION_ABORTED, errors.ERROR_TRANSACTION_NOT_FOUND]).toContain(err.errorNum);
  });

  it('bad input is refused before sending', async () => {
    await expect(ctx.db.beginTransaction({ write: [''] })).rejects.toBeInstanceOf(ArangoClientError);
    expect(() => ctx.db.fetchTransaction('')).toThrow(ArangoClientError);
    await expect(ctx.db.executeTransaction('')).rejects.toBeInstanceOf(ArangoClientError);
  });
});

describe('JavaScript transactions', () => {
  it('are sent as documented; a server without JavaScript answers with its error', async () => {
    const run = ctx.db.executeTransaction<number>((params: { n: number }) => params.n * 2, { read: 'accounts', params: { n: 21 } });
    const outcome = await run.then(
      (v) => ({ ok: true as const, v }),
      (e: unknown) => ({ ok: false as const, e }),
    );
    if (outcome.ok) {
      expect(outcome.v).toBe(42);
    } else {
      expect(outcome.e).toBeInstanceOf(ArangoServerError);
      const err = outcome.e as ArangoServerError;
      expect(err.httpCode).toBeGreaterThanOrEqual(400);
      expect(err.errorMessage.length).toBeGreaterThan(0);
    }
  });
});
