/**
 * `node bench/aql-isolation.mjs [--seconds N] [--only TEXT] [--no-build] [--json]`: how well one coordinator of an
 * emulated cluster answers while another runs a heavy AQL query. All coordinators share one
 * Node event loop, so this measures how the AQL engine yields: a heavy query runs on
 * coordinator 0 (stopped by its `maxRuntime` unless it finishes first), while a probe sends
 * `GET /_api/version` to coordinator 1 back to back; the table gives the probe's latency
 * percentiles per query, and for an idle cluster. Target: p99 ≤ 100 ms for every query.
 * `npm run bench -- --only aql` runs it as a part of the bench and writes its table into
 * BENCHMARKS.md; with `--json` the table goes to stderr and the measurements to stdout.
 * `--only TEXT` runs just the queries whose name contains TEXT (case-insensitive; repeatable).
 *
 * The emulator runs as the built CLI in a child process (bench/lib/emulator.mjs), so the probe's
 * own CPU (and its parsing of big answers) is not the server's.
 */
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { request } from 'undici';
import { isStale } from './lib/build.mjs';
import { startEmulator } from './lib/emulator.mjs';
import { quantile } from './lib/measure.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const PASSWORD = 'bench';
const AUTH = `Basic ${Buffer.from(`root:${PASSWORD}`).toString('base64')}`;

/**
 * The heaviest queries we could write, one per part of the engine that must yield: the row
 * pipeline, subqueries, sorting and grouping, regular expressions, one expression over a
 * 10 M-element array (a function call, an inline subquery, IN over a variable), and writing a
 * huge answer. `[name, query, cursor options]`.
 */
export const HEAVY = [
  ['nested FOR loops, FILTER', 'FOR i IN 1..1000000000 FOR j IN 1..1000000000 FILTER i == j + 1 RETURN i'],
  ['subquery in LET', 'LET xs = (FOR i IN 1..1000000000 FILTER i < 0 RETURN i) RETURN LENGTH(xs)'],
  ['subquery in a function call', 'RETURN LENGTH((FOR i IN 1..1000000000 FILTER i % 3 == 7 RETURN i))'],
  ['subquery in a ternary branch (inline)', 'FOR i IN 1..2 RETURN i > 0 ? LENGTH((FOR j IN 1..1000000000 FILTER j < 0 RETURN j)) : 0'],
  ['SORT of 2 M rows', 'FOR i IN 1..2000000 SORT RAND() LIMIT 1 RETURN i'],
  ['COLLECT of 2 M rows into 1 M groups', 'FOR i IN 1..2000000 COLLECT k = i % 1000000 WITH COUNT INTO n SORT n DESC LIMIT 1 RETURN n'],
  ['regex over 10 M rows', 'FOR i IN 1..10000000 FILTER CONCAT("a", i) =~ "^(a+)+[0-9]*9$" COLLECT WITH COUNT INTO n RETURN n'],
  ['UNIQUE of 1 M values, per row', 'FOR i IN 1..1000000 RETURN LENGTH(UNIQUE(1..(1000000 + i % 2)))'],
  ['UNIQUE of 10 M values, one call', 'RETURN LENGTH(UNIQUE(1..10000000))'],
  ['SORTED of 5 M random numbers', 'RETURN LENGTH(SORTED((1..5000000)[* RETURN RAND()]))'],
  ['INTERSECTION of two 10 M arrays', 'RETURN LENGTH(INTERSECTION(1..10000000, 5..10000004))'],
  ['CONCAT_SEPARATOR of 10 M values', 'RETURN LENGTH(CONCAT_SEPARATOR(",", 1..10000000))'],
  ['JSON_STRINGIFY of 10 M values', 'RETURN LENGTH(JSON_STRINGIFY(1..10000000))'],
  ['IN over a 10 M-element variable, per row', 'LET xs = (FOR i IN 1..10000000 RETURN i) FOR i IN 1..1000000 FILTER -i IN xs RETURN i'],
  ['answer of one 10 M-element array', 'RETURN 1..10000000'],
  ['first batch of 1 M results (batchSize 1 M)', 'FOR i IN 1..1000000 RETURN {i, s: "x"}', { batchSize: 1000000 }],
];

function ensureBuilt(noBuild) {
  if (!isStale([join(ROOT, 'emulator/dist/bin/cli.js')], [join(ROOT, 'emulator/src')])) return;
  if (noBuild) {
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

/** Latency percentiles of one probe run. */
function summary(name, lat, answer) {
  const s = [...lat].sort((x, y) => x - y);
  return { name, probes: s.length, p50: quantile(s, 0.5), p99: quantile(s, 0.99), max: s[s.length - 1] ?? NaN, answer };
}

/** The Markdown table of a run (also used by bench/run.mjs for BENCHMARKS.md). */
export function isolationTable(run) {
  const f = (v) => (Number.isFinite(v) ? v.toFixed(1) : '-');
  return [
    `Probe: \`GET /_api/version\` on coordinator 1, back to back, while coordinator 0 runs the query (maxRuntime ${run.seconds} s). Target: p99 ≤ 100 ms.`,
    '',
    '| query on coordinator 0 | probes | p50 ms | p99 ms | max ms | ≤ 100 ms | its answer |',
    '|---|---:|---:|---:|---:|---|---|',
    ...run.rows.map((r) => `| ${r.name} | ${r.probes} | ${f(r.p50)} | ${f(r.p99)} | ${f(r.max)} | ${r.answer === '-' ? '' : r.p99 <= 100 ? '✓' : '✗'} | ${r.answer} |`),
  ].join('\n');
}

async function main() {
  const { values } = parseArgs({
    options: {
      seconds: { type: 'string', default: '5' },
      'no-build': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      only: { type: 'string', multiple: true, default: [] },
    },
  });
  const seconds = Number(values.seconds);
  ensureBuilt(values['no-build']);
  const emu = await startEmulator({ coordinators: 2, password: PASSWORD });
  const [heavyUrl, probeUrl] = emu.urls;
  const out = values.json ? process.stderr : process.stdout;
  const rows = [];
  try {
    const idleUntil = Date.now() + 1000 * Math.min(seconds, 3);
    const report = (r) => {
      rows.push(r);
      out.write(`${r.name}: ${r.probes} probes, p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms, max ${r.max.toFixed(1)} ms; ${r.answer}\n`);
    };
    report(summary('(none: idle cluster)', await probe(probeUrl, () => Date.now() > idleUntil), '-'));
    const only = values.only.map((t) => t.toLowerCase());
    const chosen = only.length === 0 ? HEAVY : HEAVY.filter(([name]) => only.some((t) => name.toLowerCase().includes(t)));
    if (chosen.length === 0) throw new Error(`--only ${values.only.join(', ')}: no query's name contains it`);
    for (const [name, query, options = {}] of chosen) {
      let done = false;
      const t = Date.now();
      const running = request(`${heavyUrl}/_api/cursor`, {
        method: 'POST',
        headers: { authorization: AUTH, 'content-type': 'application/json' },
        body: JSON.stringify({ query, ...options, options: { maxRuntime: seconds } }),
        headersTimeout: 0,
        bodyTimeout: 0,
      }).then(async (res) => {
        // the answer is read, not parsed: parsing a 80 MB answer would hold this process's probes
        let head = '';
        for await (const chunk of res.body) if (head.length < 65536) head += chunk.toString('utf8');
        const s = `${res.statusCode} after ${((Date.now() - t) / 1000).toFixed(1)} s`;
        const errorNum = res.statusCode >= 400 ? JSON.parse(head).errorNum : undefined;
        return errorNum ? s.replace(' ', `/${errorNum} `) : s;
      }).finally(() => { done = true; });
      const lat = await probe(probeUrl, () => done);
      report(summary(name, lat, await running));
    }
  } finally {
    await emu.close();
  }
  const run = { seconds, rows };
  if (values.json) process.stdout.write(`${JSON.stringify(run)}\n`);
  else process.stdout.write(`\n${isolationTable(run)}\n`);
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) await main();
