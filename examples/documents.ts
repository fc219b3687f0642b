/** README: "Documents". */
// #region readme
import { ArangoServerError, errors, type Database } from 'arangots';

interface User {
  name: string;
  age: number;
}

export async function run({ db }: { db: Database }) {
  const users = await db.createCollection<User>('users');
  const alice = await users.insert({ _key: 'alice', name: 'Alice', age: 42 }, { returnNew: true });
  await users.update('alice', { age: 43 }, { rev: alice._rev }); // If-Match: fails with 412 if changed meanwhile
  const doc = await users.get('alice'); // Document<User> | null

  // One request, per-item results: a failed item is an ArangoServerError in its place.
  const results = await users.insertMany([{ _key: 'bob', name: 'Bob', age: 7 }, { _key: 'alice', name: 'again', age: 0 }]);
  const duplicates = results.filter(
    (r) => r instanceof ArangoServerError && r.errorNum === errors.ERROR_ARANGO_UNIQUE_CONSTRAINT_VIOLATED,
  );

  const imported = await users.importBulk(
    Array.from({ length: 1000 }, (_, i) => ({ name: `user${i}`, age: i % 90 })),
    { onDuplicate: 'ignore' },
  );
  return { age: doc?.age, duplicates: duplicates.length, created: imported.created, count: await users.count() };
}
// #endregion readme
