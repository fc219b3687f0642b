/**
 * `npm run demo`: starts a 3-coordinator emulator cluster in this process and runs the README's
 * cluster example against it, printing each answer.
 */
import { startCluster } from 'arangots-emulator';
import { ArangoClient } from 'arangots';

const emulator = await startCluster({ coordinators: 3, rootPassword: 'passwd', port: 0 });
console.log(`emulator cluster: ${emulator.urls.join(', ')}\n`);

const show = (label: string, value: unknown): void => {
  console.log(`${label}:`);
  console.log(`  ${JSON.stringify(value, null, 2).replaceAll('\n', '\n  ')}`);
};

try {
  const client = new ArangoClient({ hosts: emulator.urls.join(','), hostResolver: 'roundrobin' });
  const sysDb = await client.db('_system', { username: 'root', password: 'passwd' });
  const cluster = sysDb.cluster;

  for (let i = 0; i < 3; i++) show(`serverId (request ${i + 1})`, await cluster.serverId());
  show('serverRole', await cluster.serverRole());
  const health = await cluster.health();
  show('health', health);
  const dbServerId = Object.keys(health.Health).find((id) => id.startsWith('PRMR-'));
  if (dbServerId === undefined) throw new Error('the cluster reports no DB-server');
  show(`statistics(${dbServerId})`, await cluster.statistics(dbServerId));
  show("toggleMaintenanceMode('on')", await cluster.toggleMaintenanceMode('on'));
  show("toggleMaintenanceMode('off')", await cluster.toggleMaintenanceMode('off'));
  await client.close();
} finally {
  await emulator.close();
}
