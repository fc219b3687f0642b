/** README: "Hot backups". */
// #region readme
import type { Database } from 'arangots';

export async function run({ db }: { db: Database }): Promise<{ changed: number; afterRestore: number }> {
  const items = await db.createCollection<{ stock: number }>('inventory');
  await items.insert({ _key: 'widget', stock: 10 });

  const backup = await db.backup.create({ label: 'before-sale' });
  await items.update('widget', { stock: 3 });
  const changed = await items.get('widget');
  await db.backup.restore(backup.id);
  const restored = await items.get('widget');

  await db.backup.delete(backup.id);
  return { changed: Number(changed?.stock), afterRestore: Number(restored?.stock) };
}
// #endregion readme
