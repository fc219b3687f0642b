/** README: "Users and permissions". */
// #region readme
import type { Database } from 'arangots';

export async function run({ db }: { db: Database }): Promise<{ database: string; collection: string }> {
  await db.createCollection('reports');
  const username = `reader_${Date.now().toString(36)}`;
  await db.users.create({ user: username, passwd: 'a-strong-password', extra: { team: 'analytics' } });
  try {
    await db.users.grant(username, db.name, 'ro'); // the whole database: read only
    await db.users.grant(username, db.name, 'reports', 'rw'); // …except this collection
    return {
      database: await db.users.permission(username, db.name),
      collection: await db.users.permission(username, db.name, 'reports'),
    };
  } finally {
    await db.users.delete(username);
  }
}
// #endregion readme
