/**
 * Client heap while draining a large AQL result through a Cursor.
 *
 *   node --expose-gc --import tsx bench/cursor-memory.ts [--n 1000000] [--batch 1000] [--url http://…]
 *
 * Without --url an emulator runs in a child process, so its memory is not counted. The script
 * prints the client's heap growth: the peak `heapUsed` sampled after every batch (garbage
 * included, an upper bound) and the live heap (after a forced GC every 100 batches), both
 * relative to a baseline taken after a warm-up query. The cursor holds one batch at a time, so
 * the growth must stay flat whatever `--n` is (target: < 64 MiB for 1 000 000 results).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ArangoClient } from '../src/index.js';

const MiB = 1024 * 1024;

const { values } = parseArgs({
  options: {
    n: { type: 'string', default: '1000000' },
    batch: { type: 'string', default: '1000' },
    url: { type: 'string' },
    password: { type: 'string', default: '' },
  },
});
const total = Number(values.n);
const batchSize = Number(values.batch);
if (!Number.isInteger(total) || total < 1 || !Number.isInteger(batchSize) || batchSize < 1) {
  throw new Error('--n and --batch must be positive integers');
}

const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) {
  process.stderr.write('run with node --expose-gc (see the header of this file)\n');
  process.exit(2);
}

function heap(): number {
  return process.memoryUsage().heapUsed;
}

function liveHeap(): number {
  gc?.();
  gc?.();
  return heap();
}

/** Starts the emulator CLI (one coordinator, free port) and resolves its URL from its banner. */
async function startEmulator(password: string): Promise<{ url: string; child: ChildProcess }> {
  const cli = fileURLToPath(new URL('../emulator/bin/cli.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', cli, '--coordinators', '1', '--port', '0', '--password', password], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer): void => {
      output += chunk.toString('utf8');
      const match = /(http:\/\/[\d.]+:\d+)/.exec(output);
      if (match?.[1] !== undefined) {
        child.stdout?.off('data', onData);
        child.stdout?.resume();
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`emulator exited early (code ${String(code)}): ${output}`)));
  });
  return { url, child };
}

async function main(): Promise<void> {
  const password = values.password ?? '';
  const emulator = values.url === undefined ? await startEmulator(password) : undefined;
  const url = values.url ?? emulator?.url ?? '';
  const client = new ArangoClient({ hosts: url });
  try {
    const db = await client.db('_system', { username: 'root', password });
    // Warm-up: load modules, JIT the hot paths and open the socket before the baseline.
    await (await db.aql.execute('FOR i IN 1..5000 RETURN { i }', { batchSize, stream: true })).all();

    const baseline = liveHeap();
    let peak = baseline;
    let livePeak = baseline;
    let seen = 0;
    let sum = 0;
    let batches = 0;
    const started = performance.now();
    const cursor = await db.aql.execute<{ i: number }>(`FOR i IN 1..${total} RETURN { i }`, { batchSize, stream: true });
    for await (const batch of cursor.batches) {
      for (const item of batch) {
        seen++;
        sum += item.i;
      }
      batches++;
      peak = Math.max(peak, heap());
      if (batches % 100 === 0) livePeak = Math.max(livePeak, liveHeap());
    }
    const seconds = (performance.now() - started) / 1000;
    const after = liveHeap();

    const expectedSum = (total * (total + 1)) / 2;
    if (seen !== total || sum !== expectedSum) throw new Error(`drained ${seen} results (sum ${sum}); expected ${total} (sum ${expectedSum})`);
    const fmt = (bytes: number): string => `${(bytes / MiB).toFixed(1)} MiB`;
    const growth = peak - baseline;
    process.stdout.write(
      [
        `drained ${seen.toLocaleString('en')} results in ${batches} batches of ${batchSize} (stream) in ${seconds.toFixed(1)} s`,
        `client heap baseline (after GC):   ${fmt(baseline)}`,
        `peak heapUsed during the drain:    ${fmt(peak)}  (growth ${fmt(growth)}, garbage included)`,
        `peak live heap (GC every 100):     ${fmt(livePeak)}  (growth ${fmt(livePeak - baseline)})`,
        `heap after the drain (after GC):   ${fmt(after)}  (retained ${fmt(after - baseline)})`,
        `target: growth < 64 MiB -> ${growth < 64 * MiB ? 'OK' : 'EXCEEDED'}`,
      ].join('\n') + '\n',
    );
    if (growth >= 64 * MiB) process.exitCode = 1;
  } finally {
    await client.close();
    if (emulator !== undefined) {
      emulator.child.kill('SIGTERM');
      if (emulator.child.exitCode === null) await once(emulator.child, 'exit');
    }
  }
}

await main();
