/**
 * `npm run fuzz -- --requests 100000 --seed 7 [--time-limit 3600] [--coordinators 3]
 * [--concurrency 16] [--batch 100] [--only route,aql,…] [--json]`: fuzzes a fresh emulator
 * cluster on loopback and prints what it found. Exit 1 when something is wrong.
 */
import { parseArgs } from 'node:util';
import { ALL_CATEGORIES } from './generate.js';
import { clean, runFuzz } from './run.js';

const USAGE =
  'Usage: npm run fuzz -- [--requests N] [--seed N] [--time-limit SECONDS] [--coordinators N]\n' +
  '                       [--concurrency N] [--batch N] [--only category,…] [--json]\n';

function usage(message: string): never {
  // A mistyped flag is the caller's mistake, not a crash: say what was wrong, the usage, exit 64.
  process.stderr.write(`${message}\n${USAGE}`);
  process.exit(64);
}

let parsed;
try {
  parsed = parseArgs({
    options: {
      requests: { type: 'string' },
      seed: { type: 'string' },
      'time-limit': { type: 'string' },
      coordinators: { type: 'string' },
      concurrency: { type: 'string' },
      batch: { type: 'string' },
      only: { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
} catch (err) {
  usage(err instanceof Error ? err.message : String(err));
}
const { values } = parsed;
if (values.help) {
  process.stdout.write(USAGE);
  process.exit(0);
}

function int(v: string | undefined, name: string, def: number): number {
  if (v === undefined) return def;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) usage(`--${name} must be a non-negative integer, got '${v}'`);
  return n;
}

const categories = values.only === undefined ? ALL_CATEGORIES : values.only.split(',').map((s) => s.trim());
const KNOWN = [...ALL_CATEGORIES, 'aql-heavy-bounded'];
for (const c of categories) if (!KNOWN.includes(c)) usage(`--only: unknown category '${c}' (${KNOWN.join(', ')})`);
const seed = int(values.seed, 'seed', 1);
let last = 0;
const report = await runFuzz({
  seed,
  requests: int(values.requests, 'requests', 10_000),
  timeLimitMs: int(values['time-limit'], 'time-limit', 3600) * 1000,
  coordinators: int(values.coordinators, 'coordinators', 3),
  concurrency: int(values.concurrency, 'concurrency', 16),
  batchSize: int(values.batch, 'batch', 100),
  categories,
  onBatch: (r) => {
    if (values.json || Date.now() - last < 5000) return;
    last = Date.now();
    const c = r.counts;
    process.stderr.write(`seed ${seed}: ${r.sent} sent in ${(r.durationMs / 1000).toFixed(0)} s; crashes ${c.crash}, hangs ${c.hang}, non-envelope ${c.envelope}, leaks ${c.leak}, sentinel ${c.sentinel}, timeouts ${c.timeout}, resets ${c.reset}\n`);
  },
});
if (values.json) {
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
} else {
  const c = report.counts;
  process.stdout.write(`seed ${report.seed}: ${report.sent} requests in ${(report.durationMs / 1000).toFixed(1)} s (${report.batches} batches, ${report.skipped} skipped after timeouts)\n`);
  process.stdout.write(`  crashes ${c.crash}, hangs ${c.hang}, non-envelope answers ${c.envelope}, leaks ${c.leak}, sentinel changes ${c.sentinel}, timeouts ${c.timeout}\n`);
  process.stdout.write(`  connection resets ${c.reset}, raw requests without answer ${c['no-answer']}, internal errors (500/4) ${c.internal}, refused by the client ${report.clientRefused}\n`);
  process.stdout.write(`  statuses ${JSON.stringify(report.statuses)}\n`);
  for (const f of report.findings) process.stdout.write(`  [${f.kind}] batch ${f.batch}: ${f.detail}\n`);
}
process.exit(clean(report) ? 0 : 1);
