/** README: "The client". */
// #region readme
import { ArangoClient, ClientClosedError } from 'arangots';

export async function run({ hosts, username, password }: { hosts: string[]; username: string; password: string }) {
  const client = new ArangoClient({
    hosts: hosts.join(', '), // one URL, an array, or a comma-separated string
    hostResolver: 'leastbusy', // 'roundrobin' (default) | 'random' | 'single' | 'fallback' | 'periodic' | HostResolver
    timeout: 30_000, // one deadline per call: every retry and the body download included
    connections: 128, // sockets per coordinator (one undici Pool per coordinator)
  });
  const db = await client.db('_system', { username, password, verify: true }); // basic auth, checked now
  const jwtDb = await client.db('_system', { authMethod: 'jwt', username, password }); // /_open/auth, renewed before expiry
  const role = await jwtDb.cluster.serverRole({ signal: AbortSignal.timeout(5_000) }); // every call takes { signal, timeout }
  const discovered = await client.acquireHostList(); // adopt the coordinators of /_api/cluster/endpoints
  const states = client.hosts().map((h) => h.state); // [{ id, url, state: 'up' | 'down', inFlight, … }]
  await client.close(); // closes every pool
  const closed = await db.version().catch((e: unknown) => e instanceof ClientClosedError);
  return { role, discovered: discovered.length, states, closed };
}
// #endregion readme
