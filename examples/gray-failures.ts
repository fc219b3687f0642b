/** README: "Gray failures". */
// #region readme
import { ArangoClient } from 'arangots';

export async function run({ hosts, username, password }: { hosts: string[]; username: string; password: string }) {
  const client = new ArangoClient({
    hosts,
    // the defaults, spelled out:
    attemptTimeout: 'auto', // or { multiplier: 5, min: 500, initial: 1_000 }, a fixed number of ms, or 0 (off)
    hedge: { budget: 0.05, minDelay: 10 }, // or false
    outlierEjection: { maxEjectedFraction: 0.5, consecutiveTimeouts: 3, latencyFactor: 3 }, // or false
  });
  client.on('hostDown', ({ host, kind, reason }) => console.warn(`${host.id} out of rotation (${kind}): ${reason}`));
  const db = await client.db('_system', { username, password });
  for (let i = 0; i < 10; i++) await db.version();
  await db.version({ attemptTimeout: 2_000, hedge: false }); // per call: a fixed attempt timeout, no hedge
  const hostsSeen = client.hosts().map((h) => ({ state: h.state, samples: h.stats.recent.samples, p99: h.stats.recent.p99, attemptTimeout: h.attemptTimeout }));
  await client.close();
  return hostsSeen;
}
// #endregion readme
