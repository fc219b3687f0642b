/**
 * Runs ONE workload in a fresh process (started by run.mjs with --expose-gc) and prints its
 * measurements as one JSON line on stdout; progress goes to stderr.
 *
 *   node --expose-gc bench/worker.mjs --workload get --urls http://…,http://… --password pw [--rounds 5] [--ms 1000]
 *
 * Clients are interleaved: each round measures every client once per concurrency, in an order
 * rotated from round to round, so drift (server heap growth, thermal, neighbours) hits all alike.
 */
import { parseArgs } from 'node:util';
import { CLIENTS, connect } from './lib/clients.mjs';
import { collect, measure } from './lib/measure.mjs';
import { WORKLOADS } from './workloads.mjs';

const { values } = parseArgs({
  options: {
    workload: { type: 'string' },
    urls: { type: 'string' },
    password: { type: 'string', default: '' },
    rounds: { type: 'string' },
    /** Milliseconds per measurement. */
    ms: { type: 'string', default: '1000' },
    clients: { type: 'string', default: CLIENTS.join(',') },
  },
});

const workload = WORKLOADS[values.workload ?? ''];
if (workload === undefined) throw new Error(`unknown --workload '${values.workload}' (${Object.keys(WORKLOADS).join(', ')})`);
const urls = (values.urls ?? '').split(',').filter((u) => u !== '');
if (urls.length === 0) throw new Error('--urls is required');
const rounds = Number(values.rounds ?? workload.rounds ?? 5);
const ms = Number(values.ms);
const clients = values.clients.split(',');

const conn = await connect(workload.multi ? urls : urls.slice(0, 1), { password: values.password });
try {
  await workload.setup(conn.raw);
  const ops = workload.makeOps(conn);
  const budget = (concurrency) => ({ ms: ms * (workload.time ?? 1), minOps: workload.minOps?.[concurrency] ?? concurrency });

  // Warm-up: JIT, sockets, auth; and one checked answer per client.
  const top = workload.concurrency[workload.concurrency.length - 1];
  for (const client of clients) {
    workload.check(await ops[client](7));
    await measure(ops[client], { ms: ms / 3, minOps: top }, top);
    await workload.between?.(conn.raw);
  }

  const results = [];
  for (let round = 0; round < rounds; round++) {
    for (const [ci, concurrency] of workload.concurrency.entries()) {
      const shift = (round + ci) % clients.length;
      const order = [...clients.slice(shift), ...clients.slice(0, shift)];
      for (const client of order) {
        await workload.between?.(conn.raw);
        // A full collection first, so the previous client's garbage is not collected on this one's
        // time; then an untimed warm-up, because that collection frees the per-request objects
        // whose hidden classes this client's optimized code refers to, and V8 would otherwise
        // re-optimize inside the timed run (see measure()).
        collect();
        const b = budget(concurrency);
        const r = await measure(ops[client], { ...b, collect: false, warmMs: b.ms / 2 }, concurrency);
        results.push({ client, round, ...r });
        process.stderr.write(
          `  ${workload.name} r${round + 1} c=${concurrency} ${client.padEnd(8)} ${r.cpuUsPerOp.toFixed(1).padStart(8)} µs CPU/op ${Math.round(r.opsPerSec).toString().padStart(7)} ops/s  p50 ${r.p50.toFixed(2)} ms  p99 ${r.p99.toFixed(2)} ms\n`,
        );
      }
    }
  }
  process.stdout.write(`${JSON.stringify({ workload: workload.name, title: workload.title, concurrency: workload.concurrency, results })}\n`);
} finally {
  await conn.close();
}
