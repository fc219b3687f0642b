/**
 * Time-to-eject and false ejections under stragglers, from the client's own events
 * (`node bench/eject.mjs [--resolver random,roundrobin] [--fraction 0.1,0.05,0.02] [--delay 800]
 * [--healthy 3000] [--fault 3000] [--repeat 3]`; `--fraction 0` is a healthy run: the "fault"
 * phase injects nothing). The load is bench/faults.mjs's (32 readers, 8 writers, 1 000 keys, three
 * coordinators, the fault on the first), but where faults.mjs infers "left rotation" from the
 * servers' traffic counters, this script listens to `hostDown` / `hostUp` and samples
 * `client.hosts()`, so it reports:
 *  - eject: ms from the fault's start to the first `hostDown` of coordinator #1 for slowness;
 *  - out: share of the fault phase coordinator #1 spent out of rotation;
 *  - false: ejections of any host during the healthy phase, and of the healthy coordinators
 *    (#2, #3) during the fault;
 *  - lost %: the lost-race share of each host's window (peak over the healthy phase, mean over
 *    the fault phase) — the noise the ejection test has to live with.
 */
import { ArangoClient } from 'arangots';
import { startEmulator } from './lib/emulator.mjs';
import { RawClient } from './lib/clients.mjs';
import { quantile } from './lib/measure.mjs';

const READERS = 32;
const WRITERS = 8;
const KEYS = 1_000;
const WARMUP_MS = 750;
const DB = '/_db/_system';

function arg(name, fallback) {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? process.argv[at + 1] : fallback;
}

const resolvers = arg('resolver', 'random,roundrobin').split(',');
const fractions = arg('fraction', '0.1,0.05').split(',').map(Number);
const delay = Number(arg('delay', '800'));
const healthyMs = Number(arg('healthy', '3000'));
const faultMs = Number(arg('fault', '3000'));
const repeat = Number(arg('repeat', '1'));

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function runOne(resolver, fraction, seed) {
  const password = 'bench-eject';
  const emulator = await startEmulator({ coordinators: 3, password });
  const raw = new RawClient(emulator.urls.slice(1), password);
  const client = new ArangoClient({ hosts: emulator.urls, hostResolver: resolver });
  try {
    for (const name of ['bench_faults', 'bench_faults_w']) {
      const res = await raw.pools[0].request({ method: 'POST', path: `${DB}/_api/collection`, headers: raw.jsonHeaders, body: JSON.stringify({ name }) });
      await res.body.dump();
    }
    const docs = [];
    for (let i = 0; i < KEYS; i++) docs.push({ _key: `k${i}`, value: i, text: 'x'.repeat(60) });
    await raw.request('POST', `${DB}/_api/document/bench_faults`, docs, raw.pools[0]);
    const db = await client.db('_system', { username: 'root', password });
    const urls = client.hosts().map((h) => h.id);
    const events = [];
    let t0 = performance.now();
    client.on('hostDown', (e) => events.push({ t: performance.now() - t0, host: urls.indexOf(e.host.id), down: true, kind: e.kind, reason: e.reason }));
    client.on('hostUp', (e) => events.push({ t: performance.now() - t0, host: urls.indexOf(e.host.id), down: false }));

    let phase = 'warmup';
    let stop = false;
    const reads = [];
    const reader = async (w) => {
      let n = w;
      while (!stop) {
        const key = `k${(n = (n * 7919 + 13) % KEYS)}`;
        const at = performance.now();
        const p = phase;
        try {
          await db.collection('bench_faults').get(key);
          reads.push({ p, ms: performance.now() - at });
        } catch {
          /* failures are faults.mjs's business */
        }
      }
    };
    let seq = 0;
    const writer = async () => {
      while (!stop) {
        try {
          await db.collection('bench_faults_w').insert({ token: `t${seq++}` });
        } catch {
          /* idem */
        }
      }
    };
    const shares = { healthy: [[], [], []], fault: [[], [], []] };
    const sampler = setInterval(() => {
      if (phase !== 'healthy' && phase !== 'fault') return;
      client.hosts().forEach((h, i) => {
        const r = h.stats.recent;
        if (h.state === 'up' && r.samples >= 16) shares[phase][i].push((r.lost ?? 0) / r.samples);
      });
    }, 50);
    const workers = [...Array.from({ length: READERS }, (_, w) => reader(w + 1)), ...Array.from({ length: WRITERS }, () => writer())];
    await sleep(WARMUP_MS);
    phase = 'healthy';
    t0 = performance.now();
    events.length = 0;
    await sleep(healthyMs);
    phase = 'fault';
    const faultAt = performance.now() - t0;
    if (fraction > 0) await emulator.control(`stragglers 0 ${fraction} ${delay} ${seed}`);
    await sleep(faultMs);
    stop = true;
    clearInterval(sampler);
    await emulator.control('heal 0');
    await Promise.all(workers);

    const inFault = (e) => e.t >= faultAt;
    const firstEject = events.find((e) => inFault(e) && e.host === 0 && e.down && e.kind === 'slow');
    // time out of rotation of host 0 during the fault
    let out = 0;
    let downAt = null;
    for (const e of events.filter((x) => x.host === 0)) {
      const t = Math.max(faultAt, e.t);
      if (e.down && downAt === null) downAt = t;
      else if (!e.down && downAt !== null) {
        if (e.t >= faultAt) out += t - downAt;
        downAt = null;
      }
    }
    if (downAt !== null) out += Math.max(0, faultAt + faultMs - downAt);
    const falseHealthy = events.filter((e) => !inFault(e) && e.down);
    const falseFault = events.filter((e) => inFault(e) && e.down && e.host !== 0);
    const p99 = (p) => quantile(reads.filter((r) => r.p === p).map((r) => r.ms).sort((a, b) => a - b), 0.99);
    const mean = (a) => (a.length ? a.reduce((x, y) => x + y, 0) / a.length : NaN);
    const max = (a) => (a.length ? Math.max(...a) : NaN);
    return {
      resolver,
      fraction,
      eject: firstEject ? Math.round(firstEject.t - faultAt) : null,
      outPct: (100 * out) / faultMs,
      ejections0: events.filter((e) => inFault(e) && e.host === 0 && e.down).length,
      falseHealthy,
      falseFault,
      p99h: p99('healthy'),
      p99f: p99('fault'),
      lostHealthyPeak: shares.healthy.map((s) => max(s)),
      lostFault: shares.fault.map((s) => mean(s)),
      reason: firstEject?.reason,
    };
  } finally {
    await client.close();
    await raw.close();
    await emulator.close();
  }
}

const pct = (v) => (Number.isFinite(v) ? `${(100 * v).toFixed(1)}` : 'n/a');
for (let r = 0; r < repeat; r++) {
  for (const fraction of fractions) {
    for (const resolver of resolvers) {
      const x = await runOne(resolver, fraction, r + 1);
      const falses = [...x.falseHealthy.map((e) => `healthy #${e.host + 1} ${e.kind}`), ...x.falseFault.map((e) => `fault #${e.host + 1} ${e.kind}`)];
      process.stdout.write(
        `${resolver.padEnd(10)} straggle ${String(fraction).padEnd(5)} eject ${x.eject === null ? '—' : `${x.eject} ms`} | out ${x.outPct.toFixed(0)} % (${x.ejections0} ejections) | false ${falses.length === 0 ? 0 : falses.join(', ')} | p99 ${x.p99h.toFixed(1)} → ${x.p99f.toFixed(1)} ms | lost % healthy peak ${x.lostHealthyPeak.map(pct).join('/')} fault mean ${x.lostFault.map(pct).join('/')}\n`,
      );
      if (process.argv.includes('--verbose')) {
        if (x.reason) process.stdout.write(`    ${x.reason}\n`);
        for (const e of [...x.falseHealthy, ...x.falseFault]) process.stdout.write(`    false: #${e.host + 1} at ${Math.round(e.t)} ms: ${e.reason}\n`);
      }
    }
  }
}
