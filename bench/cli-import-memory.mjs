/**
 * The CLI's data paths side by side (issue 16): `arangots import` of JSON Lines and of CSV, the
 * driver's own pipelined `importBulk` as the throughput reference, and `arangots export` of the
 * same documents — each CLI run in a child process whose memory is sampled from /proc every 20 ms.
 *
 *   npm run build && node bench/cli-import-memory.mjs [--docs N] [--threads N] [--batch-size BYTES]
 *       [--limit MiB] [--keep] [--json] [--no-fail] [--urls U1,U2,U3 --password P]
 *
 * Without --urls it starts an emulator (3 coordinators) in its own process; `npm run bench --
 * --only cli` runs it against the bench's emulator. Order: reference, import JSONL, import CSV,
 * export, reference again (two reference runs bracket the drift of a shared machine; the ratio
 * uses their mean). Each import goes into a fresh collection that is dropped afterwards, so every
 * run meets the same server state.
 *
 * Figures: throughput is the CLI's own (documents answered / time from the first byte read to the
 * last answer, as printed in its summary; process start-up excluded, as the reference excludes
 * reading its input); the wall-clock time of the child is shown too. RSS growth = the peak
 * (VmHWM) of the run minus the peak of `arangots query 'RETURN 1'` against the same server (a CLI
 * process that loaded everything and made a request). Exit code 1 when a target is missed.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ArangoClient } from 'arangots';
import { startEmulator } from './lib/emulator.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CLI = join(ROOT, 'dist/cli/main.js');
const MiB = 1024 * 1024;

const { values } = parseArgs({
  options: {
    docs: { type: 'string', default: '1000000' },
    threads: { type: 'string', default: '3' },
    /** The CLI's default. */
    'batch-size': { type: 'string', default: String(MiB) },
    limit: { type: 'string', default: '100' },
    keep: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    /** Report only: exit 0 even when a target is missed (for bench/run.mjs). */
    'no-fail': { type: 'boolean', default: false },
    urls: { type: 'string' },
    password: { type: 'string' },
    /** With --urls: the emulator's process, whose CPU time is then reported per run. */
    'server-pid': { type: 'string' },
  },
});
const N = Number(values.docs);
const threads = Number(values.threads);
const batchBytes = Number(values['batch-size']);
const limitMiB = Number(values.limit);
const log = (line) => process.stderr.write(`${line}\n`);

if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` first`);

/** The same ~100-byte documents as JSON Lines and as CSV (with a header line). */
async function generate(jsonl, csv, n) {
  const j = createWriteStream(jsonl);
  const c = createWriteStream(csv);
  let jc = '';
  let cc = '_key,i,name,email,score,active\n';
  for (let i = 0; i < n; i++) {
    const score = ((i * 7919) % 1000) / 10;
    jc += `${JSON.stringify({ _key: `k${i}`, i, name: `user ${i}`, email: `user${i}@example.com`, score, active: i % 3 === 0 })}\n`;
    cc += `k${i},${i},"user ${i}","user${i}@example.com",${score},${i % 3 === 0}\n`;
    if (jc.length > 1 << 20) {
      if (!j.write(jc)) await once(j, 'drain');
      if (!c.write(cc)) await once(c, 'drain');
      jc = '';
      cc = '';
    }
  }
  j.end(jc);
  c.end(cc);
  await Promise.all([once(j, 'finish'), once(c, 'finish')]);
}

/** CPU time (user + system) of a process so far, in ms, from /proc (clock ticks of 10 ms). */
function cpuMs(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
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

/** Runs a node script as a child with its memory sampled; resolves to its output, exit code, time and peak RSS. */
async function sampled(args, env) {
  const started = Date.now();
  const child = spawn(process.execPath, args, { env: { ...process.env, ...env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  let peak = 0;
  let cpu = 0;
  const serverBefore = serverPid === undefined ? undefined : cpuMs(serverPid);
  const timer = setInterval(() => {
    const m = memory(child.pid);
    if (m !== undefined) peak = Math.max(peak, m.rss, m.hwm);
    cpu = cpuMs(child.pid) ?? cpu;
  }, 20);
  const [code] = await once(child, 'exit');
  clearInterval(timer);
  const serverAfter = serverPid === undefined ? undefined : cpuMs(serverPid);
  const serverCpu = serverBefore === undefined || serverAfter === undefined ? undefined : serverAfter - serverBefore;
  return { code, stdout, stderr, seconds: (Date.now() - started) / 1000, peak, cpuMs: cpu, serverCpuMs: serverCpu };
}

const dir = await mkdtemp(join(os.tmpdir(), 'arangots-cli-bench-'));
const jsonl = join(dir, 'docs.jsonl');
const csv = join(dir, 'docs.csv');
const exported = join(dir, 'export.jsonl');
let emulator;
let client;
let serverPid = values['server-pid'] === undefined ? undefined : Number(values['server-pid']);
/** µs of CPU per document of a run, of the child (client) and of the emulator. */
const perDoc = (ms, n) => (ms === undefined || !(n > 0) ? undefined : (ms * 1000) / n);
const cpuText = (r, n) => {
  const c = perDoc(r.cpuMs, n);
  const s = perDoc(r.serverCpuMs, n);
  return `CPU ${c === undefined ? '?' : c.toFixed(1)} µs/doc${s === undefined ? '' : `, emulator ${s.toFixed(1)} µs/doc`}`;
};
const loadBefore = os.loadavg()[0];
try {
  log(`generating ${N.toLocaleString('en-US')} documents as JSON Lines and CSV…`);
  await generate(jsonl, csv, N);
  const jsonlBytes = (await stat(jsonl)).size;
  const csvBytes = (await stat(csv)).size;
  log(`  ${(jsonlBytes / MiB).toFixed(1)} MiB JSONL (${(jsonlBytes / N).toFixed(0)} bytes/document), ${(csvBytes / MiB).toFixed(1)} MiB CSV`);
  let urls;
  let password;
  if (values.urls !== undefined) {
    urls = values.urls.split(',');
    password = values.password ?? '';
  } else {
    password = 'bench-pw';
    emulator = await startEmulator({ coordinators: 3, password });
    urls = emulator.urls;
    serverPid = emulator.pid;
  }
  log(`emulator: ${urls.join(' ')}`);
  client = new ArangoClient({ hosts: urls });
  const db = await client.db('_system', { username: 'root', password });
  const drop = (name) => db.collection(name).drop().catch(() => undefined);
  const env = { ARANGO_HOSTS: urls.join(','), ARANGO_PASSWORD: password };
  const docsPerBatch = Math.max(1, Math.round(batchBytes / (jsonlBytes / N)));

  const baseline = await sampled([CLI, 'query', 'RETURN 1'], env);
  if (baseline.code !== 0) throw new Error(`baseline CLI run failed: ${baseline.stderr}`);
  log(`baseline: a CLI process that connected and ran one query peaks at ${(baseline.peak / MiB).toFixed(1)} MiB RSS`);

  const reference = async (name) => {
    await drop(name);
    const r = await sampled(['bench/lib/import-bulk-reference.mjs', '--file', jsonl, '--urls', urls.join(','), '--password', password, '--collection', name, '--docs', String(docsPerBatch), '--threads', String(threads)], {});
    if (r.code !== 0) throw new Error(`reference failed: ${r.stderr}`);
    const out = JSON.parse(r.stdout.trim().split('\n').pop());
    await drop(name);
    const result = { ...out, cpuUsPerDoc: perDoc(r.cpuMs, out.created), serverCpuUsPerDoc: perDoc(r.serverCpuMs, out.created) };
    log(`importBulk reference: ${out.created.toLocaleString('en-US')} created in ${out.seconds.toFixed(1)} s = ${Math.round(out.docsPerSec).toLocaleString('en-US')} docs/s (${threads} in flight, ${docsPerBatch.toLocaleString('en-US')} documents per call), ${cpuText(r, out.created)} (incl. reading its input)`);
    return result;
  };
  const cliImport = async (file, name, keep) => {
    await drop(name);
    const r = await sampled([CLI, 'import', file, '--collection', name, '--create-collection', '--threads', String(threads), '--batch-size', String(batchBytes)], env);
    const created = Number(/created\s+([\d,]+)/.exec(r.stdout)?.[1]?.replace(/,/g, '') ?? Number.NaN);
    const docsPerSec = Number(/\(([\d,]+) docs\/s\)/.exec(r.stdout)?.[1]?.replace(/,/g, '') ?? Number.NaN);
    if (!keep) await drop(name);
    const result = { code: r.code, created, docsPerSec, wallSeconds: r.seconds, peak: r.peak, growth: r.peak - baseline.peak, cpuUsPerDoc: perDoc(r.cpuMs, created), serverCpuUsPerDoc: perDoc(r.serverCpuMs, created) };
    log(`CLI import ${file.endsWith('.csv') ? 'CSV ' : 'JSONL'}: exit ${r.code}, ${created.toLocaleString('en-US')} created, ${docsPerSec.toLocaleString('en-US')} docs/s (wall ${r.seconds.toFixed(1)} s), peak RSS ${(r.peak / MiB).toFixed(1)} MiB (+${(result.growth / MiB).toFixed(1)} MiB), ${cpuText(r, created)}`);
    if (r.code !== 0) log(r.stdout + r.stderr);
    return result;
  };

  const ref1 = await reference('bench_ref1');
  const importJsonl = await cliImport(jsonl, 'bench_cli_jsonl', true);
  const importCsv = await cliImport(csv, 'bench_cli_csv', false);
  const ex = await sampled([CLI, 'export', '--collection', 'bench_cli_jsonl', '--output', exported, '--overwrite'], env);
  const exportedLines = ex.code === 0 ? readFileSync(exported, 'utf8').split('\n').length - 1 : 0;
  const exportResult = {
    code: ex.code,
    documents: exportedLines,
    seconds: ex.seconds,
    docsPerSec: exportedLines / ex.seconds,
    peak: ex.peak,
    growth: ex.peak - baseline.peak,
    cpuUsPerDoc: perDoc(ex.cpuMs, exportedLines),
    serverCpuUsPerDoc: perDoc(ex.serverCpuMs, exportedLines),
  };
  log(`CLI export: exit ${ex.code}, ${exportedLines.toLocaleString('en-US')} lines in ${ex.seconds.toFixed(1)} s, peak RSS ${(ex.peak / MiB).toFixed(1)} MiB (+${(exportResult.growth / MiB).toFixed(1)} MiB), ${cpuText(ex, exportedLines)}`);
  await drop('bench_cli_jsonl');
  const ref2 = await reference('bench_ref2');

  const refRate = (ref1.docsPerSec + ref2.docsPerSec) / 2;
  const result = {
    docs: N,
    bytesPerDoc: jsonlBytes / N,
    threads,
    batchBytes,
    docsPerBatch,
    baselinePeak: baseline.peak,
    reference: [ref1, ref2],
    importJsonl: { ...importJsonl, ratio: importJsonl.docsPerSec / refRate },
    importCsv: { ...importCsv, ratio: importCsv.docsPerSec / refRate },
    export: exportResult,
    limitMiB,
    load: [loadBefore, os.loadavg()[0]],
  };
  const ok =
    importJsonl.code === 0 &&
    importJsonl.created === N &&
    importCsv.code === 0 &&
    importCsv.created === N &&
    ex.code === 0 &&
    exportedLines === N &&
    result.importJsonl.ratio >= 0.8 &&
    result.importCsv.ratio >= 0.8 &&
    [importJsonl, importCsv, exportResult].every((r) => r.growth < limitMiB * MiB);
  log(
    `\nimport JSONL ${(result.importJsonl.ratio * 100).toFixed(0)} % and CSV ${(result.importCsv.ratio * 100).toFixed(0)} % of importBulk (target ≥ 80 %); RSS growth JSONL +${(importJsonl.growth / MiB).toFixed(1)}, CSV +${(importCsv.growth / MiB).toFixed(1)}, export +${(exportResult.growth / MiB).toFixed(1)} MiB (target < ${limitMiB}); load ${result.load.map((l) => l.toFixed(2)).join(' → ')}\n${ok ? 'OK' : 'FAIL: a target was missed or a run did not complete'}`,
  );
  result.ok = ok;
  if (values.json) process.stdout.write(`${JSON.stringify(result)}\n`);
  if (!ok && !values['no-fail']) process.exitCode = 1;
} finally {
  await client?.close();
  await emulator?.close();
  if (!values.keep) await rm(dir, { recursive: true, force: true });
}
