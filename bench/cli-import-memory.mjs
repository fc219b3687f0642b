/**
 * Peak memory of `arangots import` on a 1 000 000-line JSONL file (issue 11: under 150 MiB).
 *
 *   npm run build && node bench/cli-import-memory.mjs [--lines N] [--batch-size N] [--limit MiB] [--keep]
 *
 * Generates the file in a temp dir, starts an emulator (one coordinator) in its own process, runs
 * the built CLI (dist/cli/main.js) as a child process and samples its /proc/<pid>/status every
 * 20 ms (VmRSS, and VmHWM — the kernel's own high-water mark). Exits 1 when the peak is over the limit.
 * CLI_NODE_FLAGS="--max-semi-space-size=4" passes V8 flags to the CLI process (for experiments).
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CLI = join(ROOT, 'dist/cli/main.js');
const EMULATOR = join(ROOT, 'emulator/dist/bin/cli.js');
const MiB = 1024 * 1024;

const { values } = parseArgs({
  options: {
    lines: { type: 'string', default: '1000000' },
    'batch-size': { type: 'string' },
    limit: { type: 'string', default: '150' },
    keep: { type: 'boolean', default: false },
  },
});
const lines = Number(values.lines);
const limitMiB = Number(values.limit);

for (const f of [CLI, EMULATOR]) if (!existsSync(f)) throw new Error(`${f} is missing: run \`npm run build\` first`);

async function generate(file, n) {
  const out = createWriteStream(file);
  let chunk = '';
  for (let i = 0; i < n; i++) {
    chunk += `${JSON.stringify({ _key: `k${i}`, i, name: `user ${i}`, email: `user${i}@example.com`, tags: ['a', 'b', 'c'], score: (i * 7919) % 1000 / 10 })}\n`;
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'finish');
}

async function startEmulator(password) {
  const child = spawn(process.execPath, [EMULATOR, '--coordinators', '1', '--port', '0', '--password', password], { stdio: ['ignore', 'pipe', 'inherit'] });
  const urls = [];
  await new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`emulator exited early (code ${String(code)})`)));
    createInterface({ input: child.stdout }).on('line', (line) => {
      const m = /^\s+(http:\/\/\S+)\s/.exec(line);
      if (m !== null) urls.push(m[1]);
      if (line.startsWith('Press Ctrl-C')) resolve();
    });
  });
  return {
    urls,
    async close() {
      if (child.exitCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
    },
  };
}

function memory(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (name) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0) * 1024;
    return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
  } catch {
    return undefined;
  }
}

const dir = await mkdtemp(join(tmpdir(), 'arangots-cli-bench-'));
const file = join(dir, 'docs.jsonl');
const password = 'bench-pw';
let emulator;
try {
  process.stdout.write(`generating ${lines.toLocaleString('en-US')} lines… `);
  await generate(file, lines);
  const size = (await stat(file)).size;
  process.stdout.write(`${(size / MiB).toFixed(1)} MiB\n`);
  emulator = await startEmulator(password);

  const started = Date.now();
  const child = spawn(process.execPath, [...(process.env.CLI_NODE_FLAGS ? process.env.CLI_NODE_FLAGS.split(' ') : []), CLI, 'import', file, '--collection', 'bench', '--create', ...(values['batch-size'] === undefined ? [] : ['--batch-size', values['batch-size']])], {
    env: { ...process.env, ARANGO_HOSTS: emulator.urls.join(','), ARANGO_PASSWORD: password, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  let peakRss = 0;
  let hwm = 0;
  const sample = () => {
    const m = memory(child.pid);
    if (m === undefined) return;
    peakRss = Math.max(peakRss, m.rss);
    hwm = Math.max(hwm, m.hwm);
  };
  const timer = setInterval(sample, 20);
  const [code] = await once(child, 'exit');
  clearInterval(timer);
  const seconds = (Date.now() - started) / 1000;
  process.stdout.write(stdout);
  if (stderr !== '') process.stdout.write(`stderr:\n${stderr}`);
  const created = Number(/created\s+([\d,]+)/.exec(stdout)?.[1]?.replace(/,/g, '') ?? Number.NaN);
  const peak = Math.max(peakRss, hwm);
  process.stdout.write(
    `\nCLI exit code ${String(code)}; ${created.toLocaleString('en-US')} created in ${seconds.toFixed(1)} s\n` +
      `peak RSS of the CLI process: ${(peak / MiB).toFixed(1)} MiB (VmHWM ${(hwm / MiB).toFixed(1)} MiB, highest sampled VmRSS ${(peakRss / MiB).toFixed(1)} MiB); limit ${limitMiB} MiB\n`,
  );
  if (code !== 0 || created !== lines) {
    process.stdout.write('FAIL: the import did not complete\n');
    process.exitCode = 1;
  } else if (peak > limitMiB * MiB) {
    process.stdout.write('FAIL: over the memory limit\n');
    process.exitCode = 1;
  } else {
    process.stdout.write('OK\n');
  }
} finally {
  await emulator?.close();
  if (!values.keep) await rm(dir, { recursive: true, force: true });
}
