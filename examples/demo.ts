/**
 * `npm run demo`: starts a 3-coordinator emulator cluster in this process, runs the README's
 * cluster example (examples/cluster.ts) against it and prints its answers readably.
 * `npm run demo -- --json` prints the raw answers as JSON instead.
 */
import { startCluster } from 'arangots-emulator';
import type { ClusterHealth, ServerStatistics, StatDistribution } from 'arangots';
import { run } from './cluster.js';

const json = process.argv.slice(2).includes('--json');

function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  return rows.map((r) => r.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  ').trimEnd()).join('\n');
}

function healthTable(health: ClusterHealth): string {
  const order = { Coordinator: 0, DBServer: 1, Agent: 2 } as Record<string, number>;
  const servers = Object.entries(health.Health).sort(([a, x], [b, y]) => (order[x.Role] ?? 3) - (order[y.Role] ?? 3) || (x.ShortName ?? a).localeCompare(y.ShortName ?? b));
  return table([
    ['ID', 'NAME', 'ROLE', 'STATUS', 'ENDPOINT', 'VERSION'],
    ...servers.map(([id, s]) => [id, s.ShortName ?? '-', s.Role + (s.Leading === true ? ' (leader)' : ''), s.Status, s.Endpoint, s.Version ?? '-']),
  ]);
}

const mean = (d: StatDistribution): string => (d.count === 0 ? 'no requests' : `${((d.sum / d.count) * 1000).toFixed(2)} ms mean over ${d.count}`);

function statisticsSummary(stats: ServerStatistics): string {
  const http = Object.entries(stats.http).filter(([, n]) => n > 0);
  return table([
    ['uptime', `${stats.server.uptime.toFixed(1)} s`],
    ['threads', String(stats.system.numberOfThreads)],
    ['resident memory', `${(stats.system.residentSize / 1024 / 1024).toFixed(1)} MiB`],
    ['HTTP connections', String(stats.client.httpConnections)],
    ['request time', mean(stats.client.totalTime)],
    ['requests', http.length === 0 ? 'none' : http.map(([k, n]) => `${k.replace(/^requests/, '') || 'total'} ${n}`).join(', ')],
    ['transactions', `${stats.server.transactions.started} started, ${stats.server.transactions.committed} committed, ${stats.server.transactions.aborted} aborted`],
  ]);
}

const emulator = await startCluster({ coordinators: 3, rootPassword: 'passwd', port: 0 });
try {
  const dbServerId = [...emulator.state.nodes.keys()].find((id) => id.startsWith('PRMR-'));
  if (dbServerId === undefined) throw new Error('the emulator cluster has no DB-server');
  const answers = await run({ hosts: emulator.urls, username: 'root', password: 'passwd', dbServerId });
  if (json) {
    process.stdout.write(`${JSON.stringify(answers, null, 2)}\n`);
  } else {
    const out = [
      `emulator cluster: ${emulator.urls.join(', ')}`,
      '',
      `cluster.serverId()    ${answers.id}  (the coordinator that answered)`,
      `cluster.serverRole()  ${answers.role}`,
      '',
      `cluster.health()      cluster ${answers.health.ClusterId}`,
      healthTable(answers.health),
      '',
      `cluster.statistics('${dbServerId}')`,
      statisticsSummary(answers.stats),
      '',
      `cluster.toggleMaintenanceMode('on')   ${answers.maintenanceOn.warning ?? JSON.stringify(answers.maintenanceOn)}`,
      `cluster.toggleMaintenanceMode('off')  ${answers.maintenanceOff.warning ?? JSON.stringify(answers.maintenanceOff)}`,
      '',
      '(npm run demo -- --json prints the raw answers)',
    ];
    process.stdout.write(`${out.join('\n')}\n`);
  }
} finally {
  await emulator.close();
}
