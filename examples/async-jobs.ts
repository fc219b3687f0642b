/** README: "Async jobs". */
// #region readme
import type { Database } from 'arangots';

export async function run({ db }: { db: Database }) {
  await db.createCollection('events');
  const asyncDb = db.beginAsyncExecution({ returnResult: true });
  // The call is stored by the server as a job; the job handle is pinned to the coordinator that owns it.
  const job = await asyncDb.collection('events').insert({ kind: 'signup' });
  const written = await job.wait(); // polls PUT /_api/job/{id} until done
  return { key: written._key, status: await db.collection('events').count() };
}
// #endregion readme
