/**
 * Tail latency with one slow coordinator: for each arangots resolver, single-document GETs over
 * three coordinators at concurrency 64 — first all healthy, then with 200 ms of added latency on
 * the FIRST coordinator (the one sticky resolvers prefer), injected through the emulator's
 * `--control` stdin, three times each, alternating. Reports p50/p99 of both phases and slow p99 /
 * healthy p99.
 *
 * At concurrency 64 the emulator (one process for all three coordinators) is saturated, so the
 * healthy coordinators queue requests too; a second, lighter pass (concurrency 8, where the
 * server has headroom) shows the resolvers when only the slow coordinator is slow — where few
 * calls are in flight and `leastbusy` cannot lean on in-flight counts alone.
 */
import { ArangoClient } from 'arangots';
import { measure, pool } from './lib/measure.mjs';

export const RESOLVERS = ['roundrobin', 'random', 'leastbusy', 'periodic', 'fallback', 'single'];
export const SLOW_MS = 200;
export const SLOW_INDEX = 0;
export const PLAN = [
  { concurrency: 64, resolvers: RESOLVERS },
  { concurrency: 8, resolvers: ['roundrobin', 'random', 'leastbusy', 'periodic'] },
];
const KEYS = 1_000;
const REPEATS = 3;

/**
 * @param {{ urls: string[], control: (command: string) => Promise<string> }} emulator
 * @param {{ password: string, ms: number, plan?: { concurrency: number, resolvers: string[] }[], log?: (line: string) => void }} options
 */
export async function runTail(emulator, { password, ms, plan = PLAN, log = () => {} }) {
  const rows = [];
  for (const { concurrency, resolvers } of plan) {
    for (const resolver of resolvers) rows.push(await tailOf(emulator, resolver, concurrency, { password, ms, log }));
  }
  return rows;
}

async function tailOf(emulator, resolver, concurrency, { password, ms, log }) {
  const client = new ArangoClient({ hosts: emulator.urls, hostResolver: /** @type {'roundrobin'} */ (resolver) });
  try {
    const col = (await client.db('_system', { username: 'root', password })).collection('bench_get');
    const op = (i) => col.get(`k${i % KEYS}`);
    await measure(op, { ms: ms / 3 }, concurrency);
    // Healthy and slow phases alternate and each side's latencies are pooled, so a burst of noise
    // from the machine does not land on one side only.
    const healthyRuns = [];
    const slowRuns = [];
    for (let rep = 0; rep < REPEATS; rep++) {
      healthyRuns.push(await measure(op, { ms, keepSamples: true }, concurrency));
      await emulator.control(`latency ${SLOW_INDEX} ${SLOW_MS}`);
      try {
        slowRuns.push(await measure(op, { ms: Math.max(ms, 4 * SLOW_MS), keepSamples: true }, concurrency));
      } finally {
        await emulator.control(`latency ${SLOW_INDEX} 0`);
      }
    }
    const healthy = pool(healthyRuns);
    const slow = pool(slowRuns);
    const row = { resolver, concurrency, healthy, slow, ratio: slow.p99 / healthy.p99 };
    log(
      `  tail c=${concurrency} ${resolver.padEnd(10)} healthy p50 ${healthy.p50.toFixed(2)} p99 ${healthy.p99.toFixed(2)} ms | slow p50 ${slow.p50.toFixed(2)} p99 ${slow.p99.toFixed(2)} ms | p99 ×${row.ratio.toFixed(2)}`,
    );
    return row;
  } finally {
    await client.close();
  }
}
