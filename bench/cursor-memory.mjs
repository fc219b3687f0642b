/**
 * Client memory while draining a large streaming AQL result through a cursor.
 *
 *   node --expose-gc bench/cursor-memory.mjs [--driver arangots|arangojs] [--n 1000000] [--batch 1000]
 *                                          [--url http://…] [--password pw] [--json]
 *
 * Uses the BUILT arangots (`dist/`, run `npm run build` first) or arangojs. Without --url an
 * emulator runs in a child process, so its memory is not counted. Reports the client's growth
 * over a baseline taken after a warm-up query: the peak `heapUsed` sampled after every batch
 * (garbage included, an upper bound), the live heap (after a forced GC every 100 batches) and the
 * peak RSS. A cursor holds one batch at a time, so the growth must stay flat whatever `--n` is
 * (target: < 64 MiB for 1 000 000 results). Run each driver in its own process (run.mjs does).
 */
import { parseArgs } from 'node:util';
import { startEmulator } from './lib/emulator.mjs';

const MiB = 1024 * 1024;

const { values } = parseArgs({
  options: {
    driver: { type: 'string', default: 'arangots' },
    n: { type: 'string', default: '1000000' },
    batch: { type: 'string', default: '1000' },
    url: { type: 'string' },
    password: { type: 'string', default: '' },
    json: { type: 'boolean', default: false },
  },
});
const total = Number(values.n);
const batchSize = Number(values.batch);
if (!Number.isInteger(total) || total < 1 || !Number.isInteger(batchSize) || batchSize < 1) {
  throw new Error('--n and --batch must be positive integers');
}
if (values.driver !== 'arangots' && values.driver !== 'arangojs') throw new Error(`--driver must be arangots or arangojs, got '${values.driver}'`);

const gc = globalThis.gc;
if (gc === undefined) {
  process.stderr.write('run with node --expose-gc (see the header of this file)\n');
  process.exit(2);
}

const heap = () => process.memoryUsage().heapUsed;
function liveHeap() {
  gc();
  gc();
  return heap();
}

/**
 * The same streaming query through either driver: `open(query)` resolves with an async iterable
 * of batches, and `close()` releases the client.
 */
async function driver(name, url, password) {
  if (name === 'arangots') {
    const { ArangoClient } = await import('arangots');
    const client = new ArangoClient({ hosts: url });
    const db = await client.db('_system', { username: 'root', password });
    return {
      open: async (query) => (await db.aql.execute(query, { batchSize, stream: true })).batches,
      close: () => client.close(),
    };
  }
  const { Database } = await import('arangojs');
  const db = new Database({ url, databaseName: '_system', auth: { username: 'root', password } });
  return {
    open: async (query) => (await db.query(query, {}, { batchSize, stream: true })).batches,
    close: async () => db.close(),
  };
}

async function main() {
  const password = values.password ?? '';
  const emulator = values.url === undefined ? await startEmulator({ coordinators: 1, password }) : undefined;
  const url = values.url ?? emulator?.urls[0] ?? '';
  const client = await driver(values.driver, url, password);
  try {
    // Warm-up: load modules, JIT the hot paths and open the socket before the baseline.
    for await (const batch of await client.open('FOR i IN 1..5000 RETURN { i }')) void batch;

    const baseline = liveHeap();
    const rssBaseline = process.memoryUsage().rss;
    let peak = baseline;
    let livePeak = baseline;
    let rssPeak = rssBaseline;
    let seen = 0;
    let sum = 0;
    let batches = 0;
    const started = performance.now();
    for await (const batch of await client.open(`FOR i IN 1..${total} RETURN { i }`)) {
      for (const item of batch) {
        seen++;
        sum += item.i;
      }
      batches++;
      peak = Math.max(peak, heap());
      rssPeak = Math.max(rssPeak, process.memoryUsage.rss());
      if (batches % 100 === 0) livePeak = Math.max(livePeak, liveHeap());
    }
    const seconds = (performance.now() - started) / 1000;
    rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
    const after = liveHeap();

    const expectedSum = (total * (total + 1)) / 2;
    if (seen !== total || sum !== expectedSum) throw new Error(`drained ${seen} results (sum ${sum}); expected ${total} (sum ${expectedSum})`);
    const growth = peak - baseline;
    const result = {
      driver: values.driver,
      results: seen,
      batches,
      batchSize,
      seconds,
      heapBaseline: baseline,
      heapPeakGrowth: growth,
      liveHeapGrowth: livePeak - baseline,
      retained: after - baseline,
      rssBaseline,
      rssGrowth: rssPeak - rssBaseline,
    };
    if (values.json) {
      process.stdout.write(`${JSON.stringify(result)}\n`);
    } else {
      const fmt = (bytes) => `${(bytes / MiB).toFixed(1)} MiB`;
      process.stdout.write(
        [
          `${values.driver}: drained ${seen.toLocaleString('en')} results in ${batches} batches of ${batchSize} (stream) in ${seconds.toFixed(1)} s`,
          `client heap baseline (after GC):   ${fmt(baseline)}`,
          `peak heapUsed during the drain:    ${fmt(peak)}  (growth ${fmt(growth)}, garbage included)`,
          `peak live heap (GC every 100):     ${fmt(livePeak)}  (growth ${fmt(livePeak - baseline)})`,
          `heap after the drain (after GC):   ${fmt(after)}  (retained ${fmt(after - baseline)})`,
          `RSS growth (peak - baseline):      ${fmt(rssPeak - rssBaseline)}`,
          `target: heap growth < 64 MiB -> ${growth < 64 * MiB ? 'OK' : 'EXCEEDED'}`,
        ].join('\n') + '\n',
      );
    }
  } finally {
    await client.close();
    await emulator?.close();
  }
}

await main();
