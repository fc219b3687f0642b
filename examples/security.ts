/** README: "Security: what handles show, names on the wire, answers checked". */
// #region readme
import { inspect } from 'node:util';
import { ArangoClient, ArangoClientError, aql, type Database } from 'arangots';

export async function run({ hosts, username, password, db }: { hosts: string[]; username: string; password: string; db: Database }) {
  const client = new ArangoClient({ hosts });
  const sys = await client.db('_system', { username, password });
  // Handles log as what they are and where they point; credentials live in #private state only.
  const logged = JSON.stringify(sys.collection('orders')); // {"kind":"Collection","database":"_system","name":"orders","hosts":[…]}
  const shown = inspect(sys, { depth: Infinity, showHidden: true }); // Database { database: '_system', hosts: [ … ] }

  // ".." is a valid document key: it travels in the body of the many-document API, never as a path segment.
  const odd = await db.createCollection('odd');
  await odd.insert({ _key: '..', n: 1 });
  const updated = await odd.update('..', { n: 2 }, { returnNew: true });

  // Names ArangoDB refuses are refused before sending; so are values a bind parameter cannot carry.
  const refused = await client.db('..').catch((e: unknown) => e instanceof ArangoClientError);
  let template = '';
  try {
    void aql`RETURN ${undefined}`;
  } catch (e) {
    template = (e as Error).message; // value 1 of the aql template (after "RETURN ") is undefined, …
  }
  await client.close();
  return { leaked: logged.includes(password) || shown.includes(password), logged: JSON.parse(logged) as unknown, n: updated.new?.n, refused, template };
}
// #endregion readme
