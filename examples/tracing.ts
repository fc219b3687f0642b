/** README: "Tracing". */
// #region readme
import { tracingChannel } from 'node:diagnostics_channel';
import { REQUEST_CHANNEL, type Database, type RequestTraceContext } from 'arangots';

export async function run({ db }: { db: Database }): Promise<string[]> {
  const seen: string[] = [];
  // asyncEnd fires once per call, after success or failure (failures also publish on `error`).
  const onEnd = (message: unknown): void => {
    const ctx = message as RequestTraceContext;
    seen.push(`${ctx.operation} ${ctx.collection ?? '-'} HTTP ${ctx.status ?? '?'} in ${ctx.attempts} attempt(s)`);
  };
  const calls = tracingChannel(REQUEST_CHANNEL);
  calls.asyncEnd.subscribe(onEnd);
  try {
    const orders = await db.createCollection('orders');
    await orders.insert({ _key: 'o1', total: 12 });
    await orders.get('o1');
  } finally {
    calls.asyncEnd.unsubscribe(onEnd);
  }
  return seen; // [ 'database.createCollection orders HTTP 200 in 1 attempt(s)', 'collection.insert orders HTTP 202 …', … ]
}
// #endregion readme
