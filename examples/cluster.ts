/** README: "Cluster administration" — the seed's example. */
// #region readme
import { ArangoClient } from 'arangots';

export async function run({ hosts, username, password, dbServerId }: { hosts: string[]; username: string; password: string; dbServerId: string }) {
  const client = new ArangoClient({ hosts: hosts.join(','), hostResolver: 'roundrobin' });
  const sysDb = await client.db('_system', { username, password });
  const cluster = sysDb.cluster;
  const id = await cluster.serverId(); // id of the coordinator that answered
  const role = await cluster.serverRole(); // 'COORDINATOR' | 'SINGLE' | ...
  const health = await cluster.health(); // typed health map of every server
  const stats = await cluster.statistics(dbServerId);
  const maintenanceOn = await cluster.toggleMaintenanceMode('on');
  const maintenanceOff = await cluster.toggleMaintenanceMode('off');
  await client.close();
  return { id, role, health, stats, maintenanceOn, maintenanceOff };
}
// #endregion readme
