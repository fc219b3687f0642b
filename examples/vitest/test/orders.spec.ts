/** README: "Use the emulator in your own tests" — a test file reading what the global setup provided. */
// #region readme
// test/orders.test.ts
import { randomUUID } from 'node:crypto';
import { ArangoClient, type Database } from 'arangots';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';

const { urls, username, password } = inject('arango');
const client = new ArangoClient({ hosts: urls });
let db: Database;

beforeAll(async () => {
  const sys = await client.db('_system', { username, password });
  db = await sys.createDatabase(`orders_${randomUUID().slice(0, 8)}`); // one database per test file
});
afterAll(() => client.close());

it('stores and finds an order', async () => {
  const orders = await db.createCollection<{ item: string; qty: number }>('orders');
  await orders.insert({ _key: 'o1', item: 'lamp', qty: 2 });
  expect(await orders.get('o1')).toMatchObject({ item: 'lamp', qty: 2 });
});

it('reaches every coordinator of the cluster', async () => {
  const roles = await Promise.all(urls.map(() => db.cluster.serverRole()));
  expect(roles).toEqual(urls.map(() => 'COORDINATOR'));
});
// #endregion readme
