/**
 * `node bench/aql-isolation.mjs [--seconds N] [--no-build]`: how well one coordinator of an
 * emulated cluster answers while another runs a heavy AQL query. All coordinators share one
 * Node event loop, so this measures how the AQL engine yields: a heavy query runs on
 * coordinator 0 (stopped by its `maxRuntime`), while a probe sends `GET /_api/version` to
 * coordinator 1 back to back; the table gives the probe's latency percentiles per query, and
 * for an idle cluster. Target: p99 ≤ 100 ms for every query.
 *
 * The emulator runs as the built CLI in a child process (bench/lib/emulator.mjs), so the probe's
 * own CPU is not the server's.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { request } from 'undici';
import { startEmulator } from './lib/emulator.mjs';
import { quantile } from './lib/measure.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '5' },
    'no-build': { type: 'boolean', default: false },
  },
});
const seconds = Number(values.seconds);
const PASSWORD = 'bench';
const AUTH = `Basic ${Buffer.from(`root:${PASSWORD}`).toString('base64')}`;

/** The heaviest queries we could write, one per part of the engine that must yield. */
const HEAVY = [
  ['nested FOR loops, FILTER', 'FOR i IN 1..1000000000 FOR j IN 1..1000000000 FILTER i == j + 1 RETURN i'],
  ['subquery in LET', 'LET xs = (FOR i IN 1..1000000000 FILTER i < 0 RETURN i) RETURN LENGTH(xs)'],
  ['subquery in a function call', 'RETURN LENGTH((FOR i IN 1..1000000000 FILTER i % 3 == 7 RETURN i))'],
  ['SORT of 2 M rows', 'FOR i IN 1..2000000 SORT RAND() LIMIT 1 RETURN i'],
  ['COLLECT of 2 M rows into 1 M groups', 'FOR i IN 1..2000000 COLLECT k = i % 1000000 WITH COUNT INTO n SORT n DESC LIMIT 1 RETURN n'],
  ['regex over 10 M rows', 'FOR i IN 1..10000000 FILTER CONCAT("a", i) =~ "^(a+)+[0-9]*9$" COLLECT WITH COUNT INTO n RETURN n'],
  ['UNIQUE of 1 M values, per row', 'FOR i IN 1..1000000 RETURN LENGTH(UNIQUE(1..(1000000 + i % 2)))'],
];

function newest(dir) {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

function ensureBuilt() {
  const cli = join(ROOT, 'emulator/dist/bin/cli.js');
  if (existsSync(cli) && statSync(cli).mtimeMs >= newest(join(ROOT, 'emulator/src'))) return;
  if (values['no-build']) {
    process.stderr.write('warning: emulator/dist is older than its sources (--no-build)\n');
    return;
  }
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-p', join(ROOT, 'emulator/tsconfig.build.json')], { stdio: 'inherit' });
}

async function get(url) {
  const t = performance.now();
  const res = await request(`${url}/_api/version`, { headers: { authorization: AUTH }, headersTimeout: 0, bodyTimeout: 0 });
  await res.body.dump();
  if (res.statusCode !== 200) throw new Error(`/_api/version answered ${res.statusCode}`);
  return performance.now() - t;
}

/** Probes `url` back to back until `until()` is true; latencies in ms. */
async function probe(url, until) {
  const out = [];
  while (!until()) out.push(await get(url));
  return out;
}

function row(name, lat, answer) {
  const s = [...lat].sort((x, y) => x - y);
  const f = (q) => quantile(s, q).toFixed(1);
  return `| ${name} | ${s.length} | ${f(0.5)} | ${f(0.99)} | ${s[s.length - 1]?.toFixed(1) ?? '-'} | ${answer} |`;
}

ensureBuilt();
const emu = await startEmulator({ coordinators: 2, password: PASSWORD });
const [heavyUrl, probeUrl] = emu.urls;
try {
  const lines = [
    `Probe: GET /_api/version on coordinator 1, back to back, while coordinator 0 runs the query (maxRuntime ${seconds} s).`,
    '',
    '| query on coordinator 0 | probes | p50 ms | p99 ms | max ms | its answer |',
    '|---|---:|---:|---:|---:|---|',
  ];
  const idleUntil = Date.now() + 1000 * Math.min(seconds, 3);
  process.stdout.write(`${lines.join('\n')}\n`);
  const print = (line) => process.stdout.write(`${line}\n`);
  print(row('(none: idle cluster)', await probe(probeUrl, () => Date.now() > idleUntil), '-'));
  for (const [name, query] of HEAVY) {
    let done = false;
    const t = Date.now();
    const running = request(`${heavyUrl}/_api/cursor`, {
      method: 'POST',
      headers: { authorization: AUTH, 'content-type': 'application/json' },
      body: JSON.stringify({ query, options: { maxRuntime: seconds } }),
      headersTimeout: 0,
      bodyTimeout: 0,
    }).then(async (res) => {
      const body = JSON.parse(await res.body.text());
      return `${res.statusCode}${body.errorNum ? `/${body.errorNum}` : ''} after ${((Date.now() - t) / 1000).toFixed(1)} s`;
    }).finally(() => { done = true; });
    const lat = await probe(probeUrl, () => done);
    print(row(name, lat, await running));
  }
} finally {
  await emu.close();
}
