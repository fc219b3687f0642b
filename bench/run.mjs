/**
 * `npm run bench`: arangots against arangojs and raw undici, side by side, on an emulator
 * cluster running in a separate process. Writes BENCHMARKS.md (full runs only, or with --write).
 *
 *   node bench/run.mjs [--quick] [--only get,insert,batch,cursor,roundrobin,memory,tail,faults,cli,otel,aql] [--cli-docs N]
 *                      [--rounds N] [--ms N] [--no-build] [--write] [--no-write] [--json file]
 *   node bench/run.mjs --from file.json [--no-write]   (re-renders BENCHMARKS.md from a dump)
 *
 * Every workload runs in a fresh `node --expose-gc` process (bench/worker.mjs) that interleaves
 * the three clients round after round; the cursor-memory runs get one fresh process per driver;
 * the tail-latency part (bench/tail.mjs) injects latency through the emulator's --control stdin;
 * the gray-failure part (bench/faults.mjs) starts an emulator of its own per configuration; the
 * AQL isolation part (bench/aql-isolation.mjs) runs heavy queries on one coordinator of its own
 * emulator while probing another.
 */
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { isStale } from './lib/build.mjs';
import { startEmulator } from './lib/emulator.mjs';
import { median } from './lib/measure.mjs';
import { WORKLOADS } from './workloads.mjs';
import { isolationTable } from './aql-isolation.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const MiB = 1024 * 1024;
const PARTS = [...Object.keys(WORKLOADS), 'memory', 'tail', 'faults', 'cli', 'otel', 'aql'];

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    only: { type: 'string' },
    rounds: { type: 'string' },
    ms: { type: 'string' },
    'no-build': { type: 'boolean', default: false },
    write: { type: 'boolean', default: false },
    'no-write': { type: 'boolean', default: false },
    /** Also write every raw measurement to this file (JSON). */
    json: { type: 'string' },
    /** Renders the tables and BENCHMARKS.md from a --json dump, without measuring. */
    from: { type: 'string' },
    /** Documents of the CLI import/export part (default 1 000 000; 200 000 with --quick). */
    'cli-docs': { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (values.help) {
  process.stdout.write(`Usage: npm run bench -- [--quick] [--only ${PARTS.join(',')}] [--rounds N] [--ms N] [--no-build] [--write|--no-write] [--json file] | --from file.json\n`);
  process.exit(0);
}
const only = values.only === undefined ? PARTS : values.only.split(',').map((s) => s.trim());
for (const part of only) if (!PARTS.includes(part)) throw new Error(`--only: unknown part '${part}' (${PARTS.join(', ')})`);
const quick = values.quick;
const roundsOption = values.rounds ?? (quick ? '2' : undefined);
const ms = Number(values.ms ?? (quick ? 400 : 1000));
const write = !values['no-write'] && (values.write || (values.only === undefined && !quick));

const log = (line) => process.stderr.write(`${line}\n`);

// ---- build ------------------------------------------------------------------------------------

/** Measures the shipped code: rebuilds dist/ when a source is newer than the build. */
function ensureBuilt() {
  const built = [join(ROOT, 'dist/index.js'), join(ROOT, 'emulator/dist/bin/cli.js')];
  if (!isStale(built, [join(ROOT, 'src'), join(ROOT, 'emulator/src'), join(ROOT, 'emulator/bin')])) return;
  if (values['no-build']) {
    log('warning: dist/ is older than the sources (--no-build given): measuring the old build');
    return;
  }
  log('dist/ is older than the sources: npm run build');
  try {
    execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  } catch (err) {
    // tsc still emits on type errors; a missing build is caught when the emulator or a worker starts.
    log(`warning: npm run build failed (${err instanceof Error ? err.message.split('\n')[0] : String(err)}); measuring what dist/ holds`);
  }
}

// ---- child processes --------------------------------------------------------------------------

function runNode(args) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code !== 0) reject(new Error(`node ${args.join(' ')} exited with code ${String(code)}`));
      else resolve(JSON.parse(out.trim().split('\n').pop() ?? 'null'));
    });
  });
}

// ---- formatting -------------------------------------------------------------------------------

const CLIENTS = ['arangots', 'undici', 'arangojs'];

function num(v, digits) {
  if (!Number.isFinite(v)) return 'n/a';
  if (digits === undefined) digits = v >= 100 ? 0 : v >= 10 ? 1 : 2;
  return v.toLocaleString('en', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

const ratio = (a, b) => (Number.isFinite(a) && Number.isFinite(b) && b > 0 ? `${(a / b).toFixed(2)}×` : 'n/a');

/** Medians over rounds of each metric, per client and concurrency. */
function summarize(run) {
  const by = {};
  for (const c of run.concurrency) {
    by[c] = {};
    for (const client of CLIENTS) {
      const rs = run.results.filter((r) => r.client === client && r.concurrency === c);
      by[c][client] = {
        rounds: rs.length,
        cpuUsPerOp: median(rs.map((r) => r.cpuUsPerOp)),
        opsPerSec: median(rs.map((r) => r.opsPerSec)),
        p50: median(rs.map((r) => r.p50)),
        p99: median(rs.map((r) => r.p99)),
        ops: rs.reduce((n, r) => n + r.ops, 0),
      };
    }
  }
  return by;
}

function workloadTable(run) {
  const s = summarize(run);
  const rows = [];
  const metric = (label, key, digits) => {
    for (const c of run.concurrency) {
      const m = Object.fromEntries(CLIENTS.map((client) => [client, s[c][client][key]]));
      rows.push(`| ${label}, c=${c} | ${num(m.arangots, digits)} | ${num(m.undici, digits)} | ${num(m.arangojs, digits)} | ${ratio(m.arangots, m.undici)} | ${ratio(m.arangots, m.arangojs)} |`);
    }
  };
  metric('client CPU µs/op', 'cpuUsPerOp');
  metric('throughput ops/s', 'opsPerSec');
  metric('latency p50 ms', 'p50');
  metric('latency p99 ms', 'p99');
  const rounds = s[run.concurrency[0]].arangots.rounds;
  const ops = CLIENTS.map((client) => run.concurrency.map((c) => s[c][client].ops).reduce((a, b) => a + b, 0));
  return [
    `### ${run.title}`,
    '',
    '| metric (median of rounds) | arangots | undici | arangojs | arangots/undici | arangots/arangojs |',
    '|---|---:|---:|---:|---:|---:|',
    ...rows,
    '',
    `${rounds} rounds; operations measured: ${CLIENTS.map((c, i) => `${c} ${ops[i].toLocaleString('en')}`).join(', ')}.`,
  ].join('\n');
}

/** Median over rounds of arangots' CPU per op divided by `other`'s in the same round (paired, so drift cancels). */
function pairedCpuRatio(run, concurrency, other) {
  const ratios = [];
  for (const r of run.results) {
    if (r.client !== 'arangots' || r.concurrency !== concurrency) continue;
    const o = run.results.find((x) => x.client === other && x.concurrency === concurrency && x.round === r.round);
    if (o !== undefined) ratios.push(r.cpuUsPerOp / o.cpuUsPerOp);
  }
  return { median: median(ratios), min: Math.min(...ratios), max: Math.max(...ratios) };
}

function summaryTable(runs) {
  const cell = (q, target) => `${q.median.toFixed(2)}× ${q.median <= target ? '✓' : '✗'} <sub>(${q.min.toFixed(2)}–${q.max.toFixed(2)})</sub>`;
  const rows = [];
  for (const run of runs) {
    for (const c of run.concurrency) {
      rows.push(`| ${run.workload} | ${c} | ${cell(pairedCpuRatio(run, c, 'undici'), 1.15)} | ${cell(pairedCpuRatio(run, c, 'arangojs'), 0.5)} |`);
    }
  }
  return [
    'Median over rounds of the per-round ratio of client CPU per operation (range over rounds in small print).',
    '',
    '| workload | concurrency | arangots/undici (target ≤ 1.15×) | arangots/arangojs (target ≤ 0.5×) |',
    '|---|---:|---|---|',
    ...rows,
  ].join('\n');
}

function otelTable(run) {
  const variants = run.variants ?? ['off', 'subscriber', 'otel'];
  const rows = [];
  const ratio = (q) => `${q.median.toFixed(2)}× <sub>(${q.min.toFixed(2)}–${q.max.toFixed(2)})</sub>`;
  for (const c of run.concurrency) {
    for (const variant of variants) {
      const s = run.summary[c][variant];
      const target = variant === 'otel' ? (s.cpuRatioToOff.median <= 1.15 ? ' ✓' : ' ✗') : '';
      const vsOff = variant === 'off' ? '1.00×' : variant === 'undici' ? '—' : ratio(s.cpuRatioToOff).replace('×', `×${target}`);
      const vsUndici = s.cpuRatioToUndici === undefined || variant === 'undici' ? '1.00×' : ratio(s.cpuRatioToUndici);
      rows.push(`| ${c} | ${variant} | ${s.cpuUsPerOp.toFixed(1)} | ${vsOff} | ${vsUndici} | ${Math.round(s.opsPerSec).toLocaleString('en')} | ${s.p50.toFixed(2)} |`);
    }
  }
  const lines = [
    `Single-document \`collection.get\`, 1 coordinator, ${run.rounds} interleaved rounds in one process (\`bench/otel.mjs\`). \`undici\`: the same GET through raw undici (the floor); \`off\`: nobody subscribed (target: CPU unchanged, i.e. \`off\`/undici as in the \`get\` workload); \`subscriber\`: no-op handlers on all events of both channels; \`otel\`: \`arangots/opentelemetry\` with its defaults (one span per call, attempt spans only for calls with more than one attempt); \`sdk-span\`: no instrumentation, the bench wraps each get in one SDK span with the same six attributes (the SDK's own price of a span, plus one async wrapper); \`otel-sampled\`: the integration under a provider that samples 10 % of root traces (\`ParentBasedSampler\` over \`TraceIdRatioBasedSampler(0.1)\`), as busy production services run. SDK setup for every variant, as in an application: AsyncLocalStorageContextManager (async hooks on), BasicTracerProvider with the default sampler (\`otel-sampled\`: the ratio sampler), BatchSpanProcessor with default batching, an exporter that drops spans. Each timed run follows an untimed warm-up of the same variant (as long as the timed run, ≥ 4,000 calls) and no forced garbage collection (a forced collection between runs made V8 discard and recompile its optimized code during every timed run). Target: otel ≤ 1.15× off.`,
    '',
    '| concurrency | variant | client CPU µs/op | CPU vs off (paired, median) | CPU vs undici (paired) | ops/s | p50 ms |',
    '|---:|---|---:|---|---|---:|---:|',
    ...rows,
  ];
  if (run.bareSpanUs !== undefined) {
    lines.push('', `- A bare SDK span (\`tracer.startSpan(name, { kind, attributes }).end()\`, six attributes, same provider) costs ${run.bareSpanUs.toFixed(2)} µs CPU in the same process (median of ${run.spanCost.length} loops of 50,000).`);
    for (const c of run.concurrency) {
      const s = run.summary[c];
      if (s.otel === undefined || s.off === undefined) continue;
      lines.push(`- At concurrency ${c}: otel adds ${(s.otel.cpuUsPerOp - s.off.cpuUsPerOp).toFixed(1)} µs per get (medians), of which the SDK's span alone (\`sdk-span\` − \`off\`) ${(s['sdk-span'] === undefined ? NaN : s['sdk-span'].cpuUsPerOp - s.off.cpuUsPerOp).toFixed(1)} µs.`);
    }
  }
  return lines.join('\n');
}

function memoryTable(rows) {
  const fmt = (b) => `${(b / MiB).toFixed(1)} MiB`;
  return [
    `### Memory: draining a ${rows[0]?.results.toLocaleString('en')}-result streaming cursor (batchSize ${rows[0]?.batchSize})`,
    '',
    '| driver | heap growth (peak heapUsed, garbage incl.) | live heap growth (after GC) | retained after drain | RSS growth (peak) | drain time | target heap < 64 MiB |',
    '|---|---:|---:|---:|---:|---:|---|',
    ...rows.map(
      (r) =>
        `| ${r.driver} | ${fmt(r.heapPeakGrowth)} | ${fmt(r.liveHeapGrowth)} | ${fmt(r.retained)} | ${fmt(r.rssGrowth)} | ${r.seconds.toFixed(1)} s | ${r.heapPeakGrowth < 64 * MiB ? '✓' : '✗'} |`,
    ),
  ].join('\n');
}

function tailTable(rows, slowMs, slowIndex) {
  return [
    `### Tail latency: arangots, GET over 3 coordinators, coordinator #${slowIndex + 1} given ${slowMs} ms latency`,
    '',
    '| resolver | concurrency | healthy p50 ms | healthy p99 ms | slow p50 ms | slow p99 ms | slow p99 / healthy p99 | ≤ 1.5× | ops/s healthy → slow |',
    '|---|---:|---:|---:|---:|---:|---:|---|---:|',
    ...rows.map(
      (r) =>
        `| ${r.resolver} | ${r.concurrency} | ${num(r.healthy.p50)} | ${num(r.healthy.p99)} | ${num(r.slow.p50)} | ${num(r.slow.p99)} | ${r.ratio.toFixed(2)}× | ${r.ratio <= 1.5 ? '✓' : '✗'} | ${num(r.healthy.opsPerSec, 0)} → ${num(r.slow.opsPerSec, 0)} |`,
    ),
  ].join('\n');
}

function cliTable(r) {
  const mib = (b) => `${(b / MiB).toFixed(1)} MiB`;
  const rate = (v) => Math.round(v).toLocaleString('en');
  const [ref1, ref2] = r.reference;
  const us = (v) => (v === undefined || v === null ? '' : v.toFixed(1));
  const row = (name, x, ratio) =>
    `| ${name} | ${rate(x.docsPerSec)} | ${ratio === undefined ? '' : `${(ratio * 100).toFixed(0)} % ${ratio >= 0.8 ? '✓' : '✗'}`} | ${mib(x.peak)} | +${mib(x.growth)} ${x.growth < r.limitMiB * MiB ? '✓' : '✗'} | ${us(x.cpuUsPerDoc)} | ${us(x.serverCpuUsPerDoc)} | ${(x.wallSeconds ?? x.seconds).toFixed(1)} s |`;
  const refUs = (key) => (ref1[key] === undefined || ref2[key] === undefined ? undefined : (ref1[key] + ref2[key]) / 2);
  return [
    `${r.docs.toLocaleString('en')} documents of ${r.bytesPerDoc.toFixed(0)} bytes (JSON Lines), 3 coordinators, ${r.threads} batches in flight of ${mib(r.batchBytes)} (${r.docsPerBatch.toLocaleString('en')} documents). Each CLI run is \`node dist/cli/main.js\` in its own process; its RSS growth is its peak (VmHWM) minus the ${mib(r.baselinePeak)} peak of \`arangots query 'RETURN 1'\`. The reference is \`collection.importBulk\` with the same documents per call and as many calls in flight, its input cut into chunks before its clock starts; it ran before and after the CLI runs (${rate(ref1.docsPerSec)} and ${rate(ref2.docsPerSec)} docs/s) and the ratio uses their mean. CLI throughput is its own summary's (first byte read to last answer). CPU per document is the process's user + system time from /proc (the reference's includes reading and cutting its input; the emulator's is its whole process during the run, 10 ms ticks): on a shared machine it says more than the rates, since the CLI and the emulator each need a core of their own to run side by side. Load average (1 min) before/after the part: ${r.load.map((l) => l.toFixed(2)).join(' / ')}.`,
    '',
    '| run | docs/s | of importBulk (target ≥ 80 %) | peak RSS | RSS growth (target < 100 MiB) | client CPU µs/doc | emulator CPU µs/doc | wall time |',
    '|---|---:|---|---:|---|---:|---:|---:|',
    `| importBulk reference (mean) | ${rate((ref1.docsPerSec + ref2.docsPerSec) / 2)} | | | | ${us(refUs('cpuUsPerDoc'))} | ${us(refUs('serverCpuUsPerDoc'))} | ${ref1.seconds.toFixed(1)} s, ${ref2.seconds.toFixed(1)} s |`,
    row('arangots import (JSON Lines)', r.importJsonl, r.importJsonl.ratio),
    row('arangots import (CSV)', r.importCsv, r.importCsv.ratio),
    row('arangots export (JSON Lines)', r.export, undefined),
  ].join('\n');
}

function machine() {
  let cpu = 'unknown';
  try {
    cpu = /model name\s*:\s*(.*)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? os.cpus()[0]?.model ?? 'unknown';
  } catch {
    cpu = os.cpus()[0]?.model ?? 'unknown';
  }
  const pkg = (name) => JSON.parse(readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8')).version;
  return {
    nproc: os.availableParallelism(),
    cpu,
    node: process.version,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    memory: `${(os.totalmem() / 1024 ** 3).toFixed(1)} GiB`,
    versions: `arangots ${JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version} (dist/), arangojs ${pkg('arangojs')}, undici ${pkg('undici')}`,
  };
}

// ---- main -------------------------------------------------------------------------------------

async function main() {
  const started = Date.now();
  const loadBefore = os.loadavg();
  const password = randomBytes(12).toString('hex');
  const emulator = await startEmulator({ coordinators: 3, password });
  log(`emulator: ${emulator.urls.join(' ')} (pid ${emulator.pid})`);
  const runs = [];
  let memory = [];
  let tail;
  let faults;
  let cli;
  let otel;
  let aql;
  try {
    for (const name of Object.keys(WORKLOADS)) {
      if (!only.includes(name)) continue;
      log(`workload ${name}: ${WORKLOADS[name].title}`);
      const args = ['--expose-gc', 'bench/worker.mjs', '--workload', name, '--urls', emulator.urls.join(','), '--password', password, '--ms', String(ms)];
      if (roundsOption !== undefined) args.push('--rounds', roundsOption);
      runs.push(await runNode(args));
    }
    if (only.includes('memory')) {
      for (const driver of ['arangots', 'arangojs']) {
        log(`memory: ${driver} draining 1,000,000 results`);
        const result = await runNode(['--expose-gc', 'bench/cursor-memory.mjs', '--driver', driver, '--url', emulator.urls[0], '--password', password, '--json']);
        log(`  ${driver}: heap growth ${(result.heapPeakGrowth / MiB).toFixed(1)} MiB, RSS growth ${(result.rssGrowth / MiB).toFixed(1)} MiB`);
        memory.push(result);
      }
    }
    if (only.includes('tail')) {
      log('tail latency: one slow coordinator, per resolver');
      const raw = new RawClient(emulator.urls.slice(0, 1), password);
      await WORKLOADS.get.setup(raw);
      await raw.close();
      const { runTail, SLOW_MS, SLOW_INDEX } = await import('./tail.mjs');
      tail = { rows: await runTail(emulator, { password, ms: Math.max(ms, 800), log }), slowMs: SLOW_MS, slowIndex: SLOW_INDEX };
    }
    if (only.includes('cli')) {
      const docs = values['cli-docs'] ?? (quick ? '200000' : '1000000');
      log(`cli: arangots import (JSONL, CSV) and export of ${Number(docs).toLocaleString('en')} documents beside pipelined importBulk`);
      cli = await runNode(['bench/cli-import-memory.mjs', '--json', '--no-fail', '--docs', docs, '--urls', emulator.urls.join(','), '--password', password, '--server-pid', String(emulator.pid)]);
    }
    if (only.includes('otel')) {
      log('tracing cost: collection.get with nobody subscribed, a no-op subscriber, OpenTelemetry on');
      const args = ['--expose-gc', 'bench/otel.mjs', '--urls', emulator.urls[0], '--password', password, '--ms', String(ms)];
      if (roundsOption !== undefined) args.push('--rounds', roundsOption);
      otel = await runNode(args);
    }
  } finally {
    await emulator.close();
  }
  if (only.includes('aql')) {
    log('AQL isolation: heavy queries on one coordinator, GET /_api/version on another');
    aql = await runNode(['bench/aql-isolation.mjs', '--json', '--no-build', '--seconds', quick ? '2' : '5']);
  }
  if (only.includes('faults')) {
    log('gray faults: each fault on one of three coordinators, per resolver, and arangojs');
    const { runFaults } = await import('./faults.mjs');
    faults = await runFaults({ quick, log });
  }

  const loadAfter = os.loadavg();
  const meta = {
    date: new Date().toISOString(),
    minutes: ((Date.now() - started) / 60_000).toFixed(1),
    flags: `${quick ? ' (--quick)' : ''}${values.only === undefined ? '' : ` (--only ${values.only})`}`,
    machine: machine(),
    load: [loadBefore[0] ?? NaN, loadAfter[0] ?? NaN],
  };
  if (values.json !== undefined) writeFileSync(values.json, `${JSON.stringify({ meta, runs, memory, tail, faults, cli, otel, aql }, null, 1)}\n`);
  report({ meta, runs, memory, tail, faults, cli, otel, aql }, write || (STANDALONE.includes(values.only) && !quick && !values['no-write']));
}

/** Prints the tables and, when asked, writes BENCHMARKS.md from the template. */
const FAULTS_START = '<!-- faults:start -->';
const FAULTS_END = '<!-- faults:end -->';

const CLI_START = '<!-- cli:start -->';
const CLI_END = '<!-- cli:end -->';

const AQL_START = '<!-- aql:start -->';
const AQL_END = '<!-- aql:end -->';

/** Parts with a section of their own in BENCHMARKS.md: a run of only that part rewrites only it. */
const STANDALONE = ['faults', 'cli', 'aql'];

/** A standalone section (faults, cli) of the BENCHMARKS.md on disk, kept when a run did not measure it. */
function previousSection(start, end) {
  try {
    const text = readFileSync(join(ROOT, 'BENCHMARKS.md'), 'utf8');
    const from = text.indexOf(start);
    const to = text.indexOf(end);
    return from >= 0 && to > from ? text.slice(from, to + end.length) : undefined;
  } catch {
    return undefined;
  }
}

function previousFaultsSection() {
  return previousSection(FAULTS_START, FAULTS_END);
}

function report({ meta, runs, memory, tail, faults, cli, otel, aql }, writeFile) {
  const m = meta.machine;
  const sections = [];
  if (runs.length > 0) sections.push('## Client CPU per operation against the targets\n\n' + summaryTable(runs), '## Workloads\n\n' + runs.map(workloadTable).join('\n\n'));
  if (memory.length > 0) sections.push('## Cursor memory\n\n' + memoryTable(memory));
  if (tail !== undefined) sections.push('## One slow coordinator\n\n' + tailTable(tail.rows, tail.slowMs, tail.slowIndex));
  if (otel !== undefined) sections.push('## Tracing cost (`--only otel`)\n\n' + otelTable(otel));
  let faultSection;
  if (faults !== undefined) {
    faultSection = `${FAULTS_START}\n## Gray failures (\`--only faults\`, ${meta.date})\n\n${faultsTable(faults)}\n${FAULTS_END}`;
    sections.push(faultSection);
  } else {
    faultSection = previousFaultsSection();
  }
  let cliSection;
  if (cli !== undefined) {
    cliSection = `${CLI_START}\n## CLI import and export (\`--only cli\`, ${meta.date})\n\n${cliTable(cli)}\n${CLI_END}`;
    sections.push(cliSection);
  } else {
    cliSection = previousSection(CLI_START, CLI_END);
  }
  let aqlSection;
  if (aql !== undefined) {
    aqlSection = `${AQL_START}\n## One coordinator busy with heavy AQL (\`--only aql\`, ${meta.date})\n\n${isolationTable(aql)}\n${AQL_END}`;
    sections.push(aqlSection);
  } else {
    aqlSection = previousSection(AQL_START, AQL_END);
  }
  const tables = sections.join('\n\n');
  const header = [
    `Run of ${meta.date}, ${meta.minutes} min${meta.flags}.`,
    '',
    `- Machine: ${m.nproc} CPUs (\`nproc\`), ${m.cpu}, ${m.memory} RAM, ${m.os}`,
    `- Node ${m.node}; ${m.versions}`,
    `- Load average (1 min) before/after: ${meta.load[0].toFixed(2)} / ${meta.load[1].toFixed(2)}`,
  ].join('\n');
  process.stdout.write(`\n${header}\n\n${tables}\n`);
  if (writeFile) {
    const template = readFileSync(join(ROOT, 'bench/BENCHMARKS.template.md'), 'utf8');
    const measured = runs.length > 0 || memory.length > 0 || tail !== undefined || otel !== undefined;
    // A faults-only (cli-only, aql-only) run replaces just its own section; any other run keeps the previous one.
    const results = measured ? `${header}\n\n${sections.filter((x) => x !== faultSection && x !== cliSection && x !== aqlSection).join('\n\n')}` : previousResults() ?? header;
    const all = [results, faultSection, cliSection, aqlSection].filter((x) => x !== undefined).join('\n\n');
    writeFileSync(join(ROOT, 'BENCHMARKS.md'), template.replace('{{RESULTS}}', all));
    log('\nwrote BENCHMARKS.md');
  }
}

/** The measured part of the BENCHMARKS.md on disk (without the faults section). */
function previousResults() {
  try {
    const text = readFileSync(join(ROOT, 'BENCHMARKS.md'), 'utf8');
    const from = text.indexOf('## Latest results');
    if (from < 0) return undefined;
    let body = text.slice(from + '## Latest results'.length).trim();
    for (const marker of [FAULTS_START, CLI_START, AQL_START]) {
      const f = body.indexOf(marker);
      if (f >= 0) body = body.slice(0, f).trim();
    }
    return body;
  } catch {
    return undefined;
  }
}

// The clients (and the fault bench's table, beside its clients) import the BUILT package, which a fresh
// clone does not have yet: they are loaded only once ensureBuilt() has made dist/.
ensureBuilt();
const { RawClient } = await import('./lib/clients.mjs');
const { faultsTable } = await import('./faults.mjs');

if (values.from !== undefined) report(JSON.parse(readFileSync(values.from, 'utf8')), !values['no-write']);
else await main();
