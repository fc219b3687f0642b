/**
 * One measurement: `ops` calls of `op` by `concurrency` workers (a closed loop), with the process's
 * CPU time, the wall time and every call's latency.
 */

/** Forces a full collection (the workers run with --expose-gc), so one client's garbage is not collected on the next one's time. */
export function collect() {
  const gc = /** @type {{ gc?: () => void }} */ (globalThis).gc;
  if (gc !== undefined) {
    gc();
    gc();
  }
}

/** The q-quantile of sorted samples (nearest rank). */
export function quantile(sorted, q) {
  if (sorted.length === 0) return NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank];
}

export function median(values) {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const MAX_SAMPLES = 1 << 18;

/**
 * Runs `op` from `concurrency` workers for `ms` milliseconds (each worker finishes the call it is
 * in; at least `minOps` calls in all), then reports per-call CPU, throughput and latency.
 * `collect: false` skips the forced full collection before the run; `warmMs` / `warmOps` first run
 * the same workers untimed, for at least that long and at least that many calls. Why both exist: a
 * full collection while no call is in flight frees every per-request object, and with them the
 * hidden classes (maps) V8's optimized code refers to weakly; V8 then throws that code away ("weak
 * objects") and re-optimizes while the next run is timed — hundreds of ms of compiler CPU, which
 * `process.cpuUsage` counts, most per call where the fewest calls are timed. An application under
 * steady load never pays that.
 * @param {(i: number) => Promise<unknown>} op
 * @param {{ ms: number, minOps?: number, keepSamples?: boolean, collect?: boolean, warmMs?: number, warmOps?: number }} budget
 * @param {number} concurrency
 */
export async function measure(op, budget, concurrency) {
  const { ms, minOps = concurrency, warmMs = 0, warmOps = 0 } = budget;
  const latencies = new Float64Array(MAX_SAMPLES);
  let issued = 0;
  let deadline = 0;
  let least = minOps;
  const worker = async () => {
    while (issued < MAX_SAMPLES && (issued < least || performance.now() < deadline)) {
      const i = issued++;
      const started = performance.now();
      await op(i);
      latencies[i] = performance.now() - started;
    }
  };
  const run = async () => {
    const workers = [];
    for (let w = 0; w < concurrency; w++) workers.push(worker());
    await Promise.all(workers);
  };
  if (budget.collect !== false) collect();
  if (warmMs > 0 || warmOps > 0) {
    // the same closures and arrays as the timed part: nothing of the warm-up dies in between
    deadline = performance.now() + warmMs;
    least = Math.max(minOps, warmOps);
    await run();
    issued = 0;
    least = minOps;
  }
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  deadline = started + ms;
  await run();
  const elapsed = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  const ops = issued;
  const sorted = budget.keepSamples === true ? latencies.slice(0, ops).sort() : latencies.subarray(0, ops).sort();
  return {
    ops,
    concurrency,
    seconds: elapsed / 1000,
    opsPerSec: ops / (elapsed / 1000),
    cpuUsPerOp: (cpu.user + cpu.system) / ops,
    p50: quantile(sorted, 0.5),
    p99: quantile(sorted, 0.99),
    ...(budget.keepSamples === true ? { samples: sorted } : {}),
  };
}

/** Pools several measurements of one configuration: their latencies together, their ops and time summed. */
export function pool(measurements) {
  const total = measurements.reduce((n, m) => n + m.ops, 0);
  const all = new Float64Array(total);
  let at = 0;
  for (const m of measurements) {
    all.set(m.samples, at);
    at += m.ops;
  }
  all.sort();
  const seconds = measurements.reduce((n, m) => n + m.seconds, 0);
  return { ops: total, seconds, opsPerSec: total / seconds, p50: quantile(all, 0.5), p99: quantile(all, 0.99) };
}
