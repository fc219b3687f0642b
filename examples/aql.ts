/** README: "AQL and cursors". */
// #region readme
import { aql, type Database } from 'arangots';

export async function run({ db }: { db: Database }) {
  const products = await db.createCollection<{ name: string; price: number }>('products');
  await products.insertMany([
    { name: 'pen', price: 2 },
    { name: 'lamp', price: 30 },
    { name: 'desk', price: 250 },
  ]);

  const maxPrice = 100;
  // Every interpolated value becomes a bind parameter; the collection becomes @@value0.
  const cursor = await db.aql.execute<string>(
    aql`FOR p IN ${products} FILTER p.price <= ${maxPrice} SORT p.price RETURN p.name`,
    { batchSize: 100, count: true },
  );
  const cheap: string[] = [];
  for await (const name of cursor) cheap.push(name); // batches are fetched lazily from the same coordinator

  const numbers = await db.aql.execute<number>('FOR i IN 1..@n RETURN i * i', { bindVars: { n: 5 } });
  return { cheap, count: cursor.count, squares: await numbers.all() };
}
// #endregion readme
