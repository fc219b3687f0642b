/**
 * Write-write conflicts under concurrency (issue 19 item 1). On a server, a transaction writes
 * against its snapshot: a document another writer committed after that snapshot cannot be
 * overwritten (409 / 1200), so concurrent read-modify-write queries never lose an update — some
 * fail instead, and `retryOnConflict` runs them again. Runs against ARANGO_URL too.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { ArangoServerError, errors, type Collection } from 'arangots';
import { useTestDatabase } from './helpers/database.js';

const ctx = useTestDatabase('conflicts', { clientOptions: { hostResolver: 'roundrobin' } });
let counters: Collection<{ data: number }>;

const INCREMENT = 'LET doc = DOCUMENT(@@c, "test") UPDATE doc WITH { data: doc.data + 1 } IN @@c';

beforeAll(async () => {
  counters = await ctx.db.createCollection('counters');
});

async function reset(): Promise<void> {
  await counters.insert({ _key: 'test', data: 0 }, { overwriteMode: 'replace' });
}

describe('write-write conflicts', () => {
  it('1000 parallel read-modify-write queries: some fail with 409 / 1200, none loses an update', async () => {
    await reset();
    const runs = await Promise.allSettled(
      Array.from({ length: 1000 }, () => ctx.db.aql.execute(INCREMENT, { bindVars: { '@c': 'counters' } })),
    );
    const failed = runs.filter((r) => r.status === 'rejected');
    for (const f of failed) {
      const e = (f as PromiseRejectedResult).reason as unknown;
      expect(e).toBeInstanceOf(ArangoServerError);
      expect([(e as ArangoServerError).httpCode, (e as ArangoServerError).errorNum]).toEqual([409, errors.ERROR_ARANGO_CONFLICT]);
    }
    expect(failed.length).toBeGreaterThan(0);
    const succeeded = runs.length - failed.length;
    expect(succeeded).toBeGreaterThan(0);
    // every query that succeeded counted once, and only those
    expect((await counters.get('test'))?.data).toBe(succeeded);
  }, 180_000);

  it('with retryOnConflict the count is exact', async () => {
    await reset();
    const n = 100;
    await Promise.all(
      Array.from({ length: n }, () => ctx.db.aql.execute(INCREMENT, { bindVars: { '@c': 'counters' }, retryOnConflict: 1000 })),
    );
    expect((await counters.get('test'))?.data).toBe(n);
  }, 180_000);

  it('a stream transaction cannot overwrite a document committed after it began', async () => {
    await reset();
    const trx = await ctx.db.beginTransaction({ write: counters });
    const inside = trx.collection<{ data: number }>('counters');
    expect((await inside.get('test'))?.data).toBe(0);
    // another writer commits a change after the transaction's snapshot
    await counters.update('test', { data: 10 });
    const err = await inside.update('test', { data: 1 }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ArangoServerError);
    expect([(err as ArangoServerError).httpCode, (err as ArangoServerError).errorNum]).toEqual([409, errors.ERROR_ARANGO_CONFLICT]);
    await trx.abort();
    expect((await counters.get('test'))?.data).toBe(10);
  });

  it('a single-document write conflicts with a running transaction that wrote the document', async () => {
    await reset();
    const trx = await ctx.db.beginTransaction({ write: counters });
    await trx.collection<{ data: number }>('counters').update('test', { data: 5 });
    const err = await counters.update('test', { data: 7 }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ArangoServerError);
    expect((err as ArangoServerError).errorNum).toBe(errors.ERROR_ARANGO_CONFLICT);
    expect(await trx.commit()).toBe('committed');
    expect((await counters.get('test'))?.data).toBe(5);
    // the transaction is over: a later single-document write is fine
    await counters.update('test', { data: 8 });
    expect((await counters.get('test'))?.data).toBe(8);
  });
});
