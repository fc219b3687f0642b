/**
 * `npm run demo`: starts a 3-coordinator emulator cluster in this process, runs the README's
 * cluster example (examples/cluster.ts) against it and prints each answer.
 */
import { startCluster } from 'arangots-emulator';
import { run } from './cluster.js';

const emulator = await startCluster({ coordinators: 3, rootPassword: 'passwd', port: 0 });
console.log(`emulator cluster: ${emulator.urls.join(', ')}\n`);
try {
  const dbServerId = [...emulator.state.nodes.keys()].find((id) => id.startsWith('PRMR-'));
  if (dbServerId === undefined) throw new Error('the emulator cluster has no DB-server');
  const answers = await run({ hosts: emulator.urls, username: 'root', password: 'passwd', dbServerId });
  for (const [label, value] of Object.entries(answers)) {
    console.log(`${label}:`);
    console.log(`  ${JSON.stringify(value, null, 2).replaceAll('\n', '\n  ')}`);
  }
} finally {
  await emulator.close();
}
