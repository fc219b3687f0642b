/** README: "The emulator". */
// #region readme
import { startCluster } from 'arangots-emulator';
import { ArangoClient } from 'arangots';

export async function run() {
  const cluster = await startCluster({ coordinators: 3, rootPassword: 'pw', port: 0, jwtSecret: 's3cret' }); // port 0: free ports
  const client = new ArangoClient({ hosts: cluster.urls });
  const db = await client.db('_system', { token: ArangoClient.superuserToken('s3cret') }); // as with --server.jwt-secret
  try {
    const [c1] = cluster.coordinators;
    if (!c1) throw new Error('no coordinator');
    await c1.stop(); // its port refuses connections; the others serve the same data
    const roles = [await db.cluster.serverRole(), await db.cluster.serverRole()];
    await c1.start(); // the same port again
    c1.failNext(1, 503); // the next answer is ArangoDB's 503 envelope: the client moves on
    c1.setLatency(0); // added latency per answer, in ms
    const { version } = await db.version();
    return { roles, running: c1.running, version };
  } finally {
    await client.close();
    await cluster.close();
  }
}
// #endregion readme
