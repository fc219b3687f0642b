/** README: "Stream transactions". */
// #region readme
import type { Database } from 'arangots';

export async function run({ db }: { db: Database }) {
  const accounts = await db.createCollection<{ balance: number }>('accounts');
  await accounts.insertMany([{ _key: 'a', balance: 100 }, { _key: 'b', balance: 0 }]);

  // Commits when the callback resolves, aborts when it throws. Every request of the transaction
  // carries x-arango-trx-id and goes to the coordinator that began it.
  await db.withTransaction({ write: ['accounts'] }, async (trx) => {
    const from = trx.collection<{ balance: number }>('accounts');
    await from.update('a', { balance: 60 });
    await from.update('b', { balance: 40 });
  });

  const trx = await db.beginTransaction({ write: ['accounts'] });
  await trx.collection('accounts').update('a', { balance: -1000 });
  await trx.abort(); // nothing of it remains

  return { a: (await accounts.get('a'))?.balance, b: (await accounts.get('b'))?.balance };
}
// #endregion readme
