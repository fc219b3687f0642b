/**
 * Gray-failure benchmark (`npm run bench -- --only faults`, or `node bench/faults.mjs` alone):
 * each gray fault of the emulator, injected into the FIRST of three coordinators (the one the
 * sticky resolvers prefer), under 32 readers and 8 writers, for arangots with each resolver at
 * its default options and for arangojs 10 (ROUND_ROBIN, maxRetries 3). Every configuration gets
 * a fresh emulator in its own process, an untimed warm-up under the same load (its reads count
 * for failures, not for latency), a healthy phase, then the fault phase, then `heal`.
 *
 * What is counted, and how:
 *  - failed reads / writes: calls that rejected (a read that has not settled 20 s after the run
 *    ended counts as failed too);
 *  - how failed writes were flagged: `mayHaveBeenApplied` true / false / absent (arangojs has no
 *    such flag);
 *  - lost / duplicated writes: every write carries a unique token and no key; afterwards every
 *    token is counted in the collection. An acknowledged write whose token is missing is lost, a
 *    token stored twice is a duplicate, a write reported "not applied" whose token is stored is an
 *    untruthful flag;
 *  - extra requests: requests the three coordinators received (health probes excluded) beyond one
 *    per call, as % of calls — hedges and retries, whichever driver sends them;
 *  - left rotation: when the faulty coordinator's share of the arrivals (requests and new
 *    connections, sampled every 100 ms from its traffic counters) dropped below 2 % for the rest of
 *    the fault phase, counted from the fault's start ("—": it never did; for faults the host can
 *    live with, such as lost responses or a short keep-alive timeout, staying is fine).
 */
import { ArangoClient } from 'arangots';
import { Database } from 'arangojs';
import { startEmulator } from './lib/emulator.mjs';
import { RawClient } from './lib/clients.mjs';
import { quantile } from './lib/measure.mjs';

export const FAULTS = [
  { name: 'hang', what: 'accepts and reads requests, never answers', inject: 'hang 0' },
  { name: 'blackhole', what: 'accepts TCP connections, never reads them', inject: 'blackhole 0' },
  { name: 'slow body', what: 'answers trickle at 200 bytes/s', inject: 'slowbody 0 200' },
  { name: 'stragglers', what: '10 % of answers 800 ms late', inject: 'stragglers 0 0.1 800' },
  { name: 'pause', what: '3 s stop-the-world pause', inject: 'pause 0 3000' },
  { name: 'lost responses', what: 'next 200 requests applied, connection reset', inject: 'lose 0 200' },
  { name: 'keep-alive timeout', what: 'idle sockets closed after 100 ms, unannounced', inject: 'keepalive 0 100' },
  { name: 'flap', what: 'up 500 ms, down 500 ms, repeatedly', inject: 'flap 0 500 500' },
];
export const RESOLVERS = ['roundrobin', 'leastbusy', 'fallback', 'random'];
/** Resolvers `--resolver` may also pick (not in the default run: the sticky `single` behaves as `fallback` until its host is taken out). */
const SELECTABLE = [...RESOLVERS, 'single', 'periodic'];
const READERS = 32;
const WRITERS = 8;
const KEYS = 1_000;
const SETTLE_MS = 20_000;
/**
 * Untimed load before the healthy phase (`--warmup <ms>`, 0 for none): without it the healthy p99
 * carried JIT warm-up and pool growth, 2-10x the p99 of the same load a second later even for
 * resolvers the fault never touches, and every fault / healthy ratio looked better than it was.
 */
const WARMUP_MS = { quick: 750, full: 1_500 };

const DB = '/_db/_system';

/**
 * @param {{ quick?: boolean, log?: (line: string) => void, only?: string[], resolvers?: string[] }} options
 * `resolvers`: arangots resolvers to run (default RESOLVERS); `arangojs` in the list runs arangojs.
 */
export async function runFaults({ quick = false, log = () => {}, only, resolvers, warmupMs = quick ? WARMUP_MS.quick : WARMUP_MS.full } = {}) {
  const healthyMs = quick ? 1_500 : 3_000;
  const faultMs = quick ? 3_000 : 6_000;
  const rows = [];
  for (const r of resolvers ?? []) if (r !== 'arangojs' && !SELECTABLE.includes(r)) throw new Error(`--resolver: unknown ${JSON.stringify(r)} (expected ${[...SELECTABLE, 'arangojs'].join(', ')})`);
  const drivers = [
    ...(resolvers?.filter((r) => r !== 'arangojs') ?? RESOLVERS).map((r) => ({ driver: 'arangots', resolver: r })),
    ...(resolvers === undefined || resolvers.includes('arangojs') ? [{ driver: 'arangojs', resolver: 'ROUND_ROBIN' }] : []),
  ];
  for (const fault of FAULTS) {
    if (only !== undefined && !only.includes(fault.name)) continue;
    for (const d of drivers) {
      const row = await runOne(fault, d, { warmupMs, healthyMs, faultMs });
      rows.push(row);
      log(`  ${fault.name.padEnd(18)} ${`${d.driver} ${d.resolver}`.padEnd(20)} calls ${row.calls} | failed reads ${row.failedReads} writes ${row.failedWrites} | lost ${row.lost} dup ${row.duplicated} | read p99 ${row.healthy.p99.toFixed(1)} → ${row.fault.p99.toFixed(1)} ms, max ${row.fault.max.toFixed(0)} ms | extra ${row.extraPct.toFixed(1)} % | left ${row.leftAfterMs === null ? '—' : `${row.leftAfterMs} ms`}${row.outIn === undefined ? '' : ` | out/in ${row.outIn.out}/${row.outIn.in} ${JSON.stringify(row.outIn.kinds)}`}`);
    }
  }
  return { rows, warmupMs, healthyMs, faultMs, readers: READERS, writers: WRITERS };
}

async function runOne(fault, { driver, resolver }, { warmupMs, healthyMs, faultMs }) {
  const password = 'bench-faults';
  const emulator = await startEmulator({ coordinators: 3, password });
  const raw = new RawClient(emulator.urls.slice(1), password);
  try {
    await setup(raw);
    const client = makeClient(driver, resolver, emulator.urls, password);
    try {
      return await drive(fault, client, emulator, raw, { warmupMs, healthyMs, faultMs, driver, resolver });
    } finally {
      await client.close();
    }
  } finally {
    await raw.close();
    await emulator.close();
  }
}

async function setup(raw) {
  for (const name of ['bench_faults', 'bench_faults_w']) {
    const res = await raw.pools[0].request({ method: 'POST', path: `${DB}/_api/collection`, headers: raw.jsonHeaders, body: JSON.stringify({ name }) });
    await res.body.dump();
  }
  const docs = [];
  for (let i = 0; i < KEYS; i++) docs.push({ _key: `k${i}`, value: i, text: 'x'.repeat(60) });
  await raw.request('POST', `${DB}/_api/document/bench_faults`, docs, raw.pools[0]);
}

function makeClient(driver, resolver, urls, password) {
  if (driver === 'arangots') {
    // Defaults: nothing tuned but the resolver.
    const client = new ArangoClient({ hosts: urls, hostResolver: /** @type {'roundrobin'} */ (resolver) });
    // times the faulty coordinator (#0) left and rejoined rotation, counted from `countFlips()`
    const flips = { on: false, out: 0, in: 0, kinds: {} };
    client.on('hostDown', (e) => {
      if (!flips.on || e.host.id !== urls[0]) return;
      flips.out++;
      flips.kinds[e.kind] = (flips.kinds[e.kind] ?? 0) + 1;
    });
    client.on('hostUp', (e) => {
      if (flips.on && e.host.id === urls[0]) flips.in++;
    });
    let db;
    return {
      countFlips: () => {
        flips.on = true;
      },
      flips: () => ({ out: flips.out, in: flips.in, kinds: { ...flips.kinds } }),
      async ready() {
        db = await client.db('_system', { username: 'root', password });
      },
      read: (key) => db.collection('bench_faults').get(key),
      write: (doc) => db.collection('bench_faults_w').insert(doc),
      flag: (e) => (e !== null && typeof e === 'object' && 'mayHaveBeenApplied' in e ? Boolean(e.mayHaveBeenApplied) : undefined),
      close: () => client.close(),
    };
  }
  // arangojs 10 as a user would set it up for a cluster, with three retries; 128 sockets per
  // host as in the other benchmarks (its default of 3 would throttle 40 workers, not the fault).
  const db = new Database({ url: urls, databaseName: '_system', auth: { username: 'root', password }, loadBalancingStrategy: 'ROUND_ROBIN', maxRetries: 3, poolSize: 128 });
  return {
    async ready() {},
    read: (key) => db.collection('bench_faults').document(key),
    write: (doc) => db.collection('bench_faults_w').save(doc),
    flag: () => undefined,
    close: async () => db.close(),
  };
}

async function drive(fault, client, emulator, raw, { warmupMs, healthyMs, faultMs, driver, resolver }) {
  await client.ready();
  // Warm-up: every worker's first call opens sockets.
  await Promise.all(Array.from({ length: READERS }, (_, i) => client.read(`k${i}`)));

  const reads = []; // { at, ms, ok, phase }
  const writes = []; // { token, ok, flag }
  // Reads of the warm-up phase count for failures, not for latency.
  let phase = warmupMs > 0 ? 'warmup' : 'healthy';
  let stop = false;
  let seq = 0;
  const inFlight = new Set();
  const track = (p) => {
    inFlight.add(p);
    p.finally(() => inFlight.delete(p)).catch(() => undefined);
    return p;
  };
  const reader = async (w) => {
    let n = w;
    while (!stop) {
      const key = `k${(n = (n * 7919 + 13) % KEYS)}`;
      const at = performance.now();
      const myPhase = phase;
      const rec = { at, ms: NaN, ok: false, phase: myPhase };
      reads.push(rec);
      try {
        await track(client.read(key));
        rec.ok = true;
      } catch {
        rec.ok = false;
      }
      rec.ms = performance.now() - at;
    }
  };
  const writer = async () => {
    while (!stop) {
      const token = `t${seq++}`;
      const rec = { token, ok: false, flag: undefined, done: false };
      writes.push(rec);
      try {
        await track(client.write({ token, at: Date.now() }));
        rec.ok = true;
      } catch (e) {
        rec.flag = client.flag(e);
      }
      rec.done = true;
    }
  };
  const traffic = async () => Promise.all([0, 1, 2].map(async (i) => JSON.parse((await emulator.control(`traffic ${i}`)).replace(/^traffic \d+ /, ''))));
  const before = await traffic();

  const workers = [
    ...Array.from({ length: READERS }, (_, w) => reader(w + 1)),
    ...Array.from({ length: WRITERS }, () => writer()),
  ];
  if (warmupMs > 0) {
    await sleep(warmupMs);
    phase = 'healthy';
  }
  await sleep(healthyMs);
  phase = 'fault';
  const faultStart = performance.now();
  client.countFlips?.();
  await emulator.control(fault.inject);
  const samples = [];
  while (performance.now() - faultStart < faultMs) {
    await sleep(100);
    samples.push({ t: performance.now() - faultStart, traffic: await traffic() });
  }
  const outIn = client.flips?.();
  stop = true;
  phase = 'after';
  await emulator.control('heal 0');
  // Calls a hung coordinator held: give them time to settle once it is healed.
  const settled = await Promise.race([Promise.all(workers).then(() => true), sleep(SETTLE_MS).then(() => false)]);
  const after = await traffic();

  // Every token, counted where it landed.
  const stored = new Map();
  const body = await raw.request('POST', `${DB}/_api/cursor`, { query: 'FOR d IN bench_faults_w COLLECT t = d.token WITH COUNT INTO n RETURN [t, n]', batchSize: 1_000_000 }, raw.pools[0]);
  for (const [t, n] of body.result) stored.set(t, n);
  let lost = 0;
  let untruthful = 0;
  const flagged = { may: 0, not: 0, none: 0 };
  let failedWrites = 0;
  for (const w of writes) {
    const n = stored.get(w.token) ?? 0;
    if (w.ok && n === 0) lost++;
    if (!w.ok) {
      failedWrites++;
      if (w.flag === true) flagged.may++;
      else if (w.flag === false) {
        flagged.not++;
        if (n > 0) untruthful++;
      } else flagged.none++;
    }
  }
  let duplicated = 0;
  for (const n of stored.values()) if (n > 1) duplicated += n - 1;

  const finished = reads.filter((r) => Number.isFinite(r.ms));
  const failedReads = reads.filter((r) => !r.ok).length; // unsettled reads count as failed
  const stats = (phaseName) => {
    const ms = finished.filter((r) => r.phase === phaseName && r.ok).map((r) => r.ms).sort((a, b) => a - b);
    return { n: ms.length, p50: quantile(ms, 0.5), p99: quantile(ms, 0.99), max: ms.length ? ms[ms.length - 1] : NaN };
  };
  const calls = reads.length + writes.length;
  const received = after.reduce((n, t) => n + t.requests, 0) - before.reduce((n, t) => n + t.requests, 0);
  return {
    what: fault.what,
    driver,
    resolver,
    calls,
    reads: reads.length,
    writes: writes.length,
    failedReads,
    failedWrites,
    flagged,
    lost,
    duplicated,
    untruthful,
    unsettled: settled ? 0 : inFlight.size,
    healthy: stats('healthy'),
    fault: stats('fault'),
    faultName: fault.name,
    extraPct: (100 * Math.max(0, received - calls)) / calls,
    leftAfterMs: leftRotation(samples, before),
    outIn,
  };
}

/** First sample time after which the bad coordinator (#0) got < 2 % of the arrivals until the end. */
function leftRotation(samples, before) {
  const arrivals = (t, i) => t[i].requests + (i === 0 ? t[i].connections : 0);
  let prev = before;
  const shares = [];
  for (const s of samples) {
    const bad = arrivals(s.traffic, 0) - arrivals(prev, 0);
    const all = bad + [1, 2].reduce((n, i) => n + s.traffic[i].requests - prev[i].requests, 0);
    shares.push({ t: s.t, bad, all });
    prev = s.traffic;
  }
  // Scan from the end: the longest tail of samples where the bad host's share stays below 2 %.
  let bad = 0;
  let all = 0;
  let left = null;
  for (let i = shares.length - 1; i >= 0; i--) {
    bad += shares[i].bad;
    all += shares[i].all;
    if (all > 0 && bad / all < 0.02) left = i === 0 ? 0 : Math.round(shares[i - 1].t);
    else break;
  }
  return left;
}

function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
}

const fmt = (v, d = 0) => (Number.isFinite(v) ? v.toFixed(d) : 'n/a');

/** The BENCHMARKS.md section. */
export function faultsTable(result) {
  const lines = [
    `Each fault on coordinator #1 of 3, ${result.readers} readers + ${result.writers} writers, ${result.warmupMs > 0 ? `${result.warmupMs / 1000} s of untimed warm-up, ` : ''}${result.healthyMs / 1000} s healthy then ${result.faultMs / 1000} s of fault; arangots at its default options with each resolver, arangojs 10 with ROUND_ROBIN and maxRetries 3. Read latencies of successful reads in ms. Failed writes: may = flagged "may have been applied", not = flagged "not applied", ? = no flag.`,
    '',
    '| fault | client | calls | failed reads | failed writes (may / not / ?) | lost / dup / untruthful | healthy read p50 / p99 / max | fault read p50 / p99 / max | p99 fault / healthy | extra requests | left rotation after |',
    '|---|---|---:|---:|---|---|---|---|---:|---:|---:|',
  ];
  for (const r of result.rows) {
    const ratio = r.fault.p99 / r.healthy.p99;
    lines.push(
      `| ${r.faultName} | ${r.driver === 'arangots' ? `arangots ${r.resolver}` : 'arangojs RR ×3'} | ${r.calls.toLocaleString('en')} | ${r.failedReads} | ${r.failedWrites} (${r.flagged.may} / ${r.flagged.not} / ${r.flagged.none}) | ${r.lost} / ${r.duplicated} / ${r.untruthful} | ${fmt(r.healthy.p50, 1)} / ${fmt(r.healthy.p99, 1)} / ${fmt(r.healthy.max)} | ${fmt(r.fault.p50, 1)} / ${fmt(r.fault.p99, 1)} / ${fmt(r.fault.max)} | ${fmt(ratio, 2)}× | ${fmt(r.extraPct, 1)} % | ${r.leftAfterMs === null ? '—' : `${r.leftAfterMs} ms`} |`,
    );
  }
  lines.push('', 'Faults: ' + FAULTS.map((f) => `**${f.name}** — ${f.what} (\`${f.inject}\`)`).join('; ') + '.');
  return lines.join('\n');
}

// Run alone: `node bench/faults.mjs [--quick] [--fault hang,flap] [--resolver single,fallback,arangojs] [--warmup ms]`.
if (import.meta.url === `file://${process.argv[1]}`) {
  const quick = process.argv.includes('--quick');
  const at = process.argv.indexOf('--fault');
  const only = at > 0 ? process.argv[at + 1]?.split(',') : undefined;
  const w = process.argv.indexOf('--warmup');
  const warmupMs = w > 0 ? Number(process.argv[w + 1]) : undefined;
  const r = process.argv.indexOf('--resolver');
  const resolvers = r > 0 ? process.argv[r + 1]?.split(',') : undefined;
  const result = await runFaults({ quick, only, resolvers, warmupMs, log: (l) => process.stderr.write(`${l}\n`) });
  process.stdout.write(`${faultsTable(result)}\n`);
}
