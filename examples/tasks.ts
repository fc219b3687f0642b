/** README: "Server tasks". */
// #region readme
import type { Database } from 'arangots';

export async function run({ db }: { db: Database }): Promise<{ type: string; listed: boolean; removed: boolean }> {
  const task = await db.tasks.create({
    name: 'cleanup',
    command: '(function (params) { /* remove expired sessions */ })(params)',
    params: { olderThanMinutes: 30 },
    period: 300,
  });
  const listed = (await db.tasks.list()).some((t) => t.id === task.id);
  const removed = await db.tasks.delete(task.id);
  return { type: task.type, listed, removed };
}
// #endregion readme
