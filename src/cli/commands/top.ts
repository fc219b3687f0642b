/**
 * `arangots cluster top`: one row per coordinator with request rate, latency and queue time,
 * computed from the difference of two reads of each coordinator's `/_admin/metrics` (ArangoDB's
 * Prometheus text, parsed with prom2javascript). Live like `top` on a terminal,
 * plain lines when piped; `--once` prints one snapshot, `--json` prints it as JSON.
 */
import { getMetricsFromIterator, type PromHistogramData, type PromMetric, type PromMetrics } from 'prom2javascript';
import type { Database } from '../../index.js';
import { EXIT, flag, numberOption } from '../args.js';
import type { Command, CommandContext } from '../command.js';
import { describeError } from '../errors.js';
import { write } from '../io.js';
import { renderTable, type Column } from '../table.js';

/** ArangoDB 3.12 metric names read by `cluster top`. */
export const TOP_METRICS = {
  requests: 'arangodb_http_request_statistics_total_requests_total',
  totalTime: 'arangodb_client_connection_statistics_total_time',
  requestTime: 'arangodb_client_connection_statistics_request_time',
  queueTime: 'arangodb_client_connection_statistics_queue_time',
  violations: 'arangodb_scheduler_queue_time_violations_total',
  queueLength: 'arangodb_scheduler_queue_length',
  connections: 'arangodb_client_connection_statistics_client_connections',
} as const;

/** A histogram summed over its label sets: cumulative counts per upper bound (seconds). */
export interface Histogram {
  buckets: { le: number; count: number }[];
  sum: number;
  count: number;
}

/** What one read of one coordinator's metrics gives. */
export interface CoordinatorSample {
  id: string;
  name: string;
  endpoint: string;
  status: string;
  /** `performance.now()`-style milliseconds of the read. */
  at: number;
  requests?: number;
  totalTime?: Histogram;
  requestTime?: Histogram;
  queueTime?: Histogram;
  violations?: number;
  queueLength?: number;
  connections?: number;
  error?: string;
}

export interface TopRow {
  id: string;
  name: string;
  endpoint: string;
  status: string;
  /** Requests per second between the two reads. */
  requestsPerSecond: number | null;
  /** Mean and estimated percentiles of the total time per request in the interval (ms). */
  latencyMs: { mean: number | null; p50: number | null; p95: number | null; p99: number | null };
  /** Mean time requests waited before processing in the interval (ms). */
  queueTimeMs: { mean: number | null; p95: number | null };
  /** Mean processing time (ms). */
  requestTimeMs: { mean: number | null };
  queueTimeViolations: number | null;
  queueLength: number | null;
  connections: number | null;
  requestsTotal: number | null;
  error?: string;
}

export interface TopSnapshot {
  time: string;
  intervalSeconds: number;
  coordinators: TopRow[];
  total: { requestsPerSecond: number | null };
}

/** A counter or gauge summed over its label sets. */
function sumValues(family: PromMetric | undefined): number | undefined {
  if (family === undefined || family.type === 'histogram' || family.type === 'summary') return undefined;
  let total = 0;
  for (const m of family.data as { value: number }[]) total += m.value;
  return total;
}

function histogramOf(family: PromMetric | undefined): Histogram | undefined {
  if (family === undefined || family.type !== 'histogram') return undefined;
  const byBound = new Map<number, number>();
  let sum = 0;
  let count = 0;
  for (const m of family.data as PromHistogramData[]) {
    for (const [le, c] of Object.entries(m.buckets)) {
      const bound = le === '+Inf' ? Infinity : Number(le);
      byBound.set(bound, (byBound.get(bound) ?? 0) + c);
    }
    sum += m.sum ?? 0;
    count += m.count;
  }
  const buckets = [...byBound.entries()].map(([le, c]) => ({ le, count: c })).sort((a, b) => a.le - b.le);
  return { buckets, sum, count };
}

/** The figures `cluster top` needs from one `/_admin/metrics` text. */
export async function readMetrics(text: string): Promise<Omit<CoordinatorSample, 'id' | 'name' | 'endpoint' | 'status' | 'at'>> {
  const parsed: PromMetrics = await getMetricsFromIterator(text.split('\n')[Symbol.iterator]());
  const families = new Map<string, PromMetric>(Object.entries(parsed));
  const out: Omit<CoordinatorSample, 'id' | 'name' | 'endpoint' | 'status' | 'at'> = {};
  const requests = sumValues(families.get(TOP_METRICS.requests));
  if (requests !== undefined) out.requests = requests;
  const totalTime = histogramOf(families.get(TOP_METRICS.totalTime));
  if (totalTime !== undefined) out.totalTime = totalTime;
  const requestTime = histogramOf(families.get(TOP_METRICS.requestTime));
  if (requestTime !== undefined) out.requestTime = requestTime;
  const queueTime = histogramOf(families.get(TOP_METRICS.queueTime));
  if (queueTime !== undefined) out.queueTime = queueTime;
  const violations = sumValues(families.get(TOP_METRICS.violations));
  if (violations !== undefined) out.violations = violations;
  const queueLength = sumValues(families.get(TOP_METRICS.queueLength));
  if (queueLength !== undefined) out.queueLength = queueLength;
  const connections = sumValues(families.get(TOP_METRICS.connections));
  if (connections !== undefined) out.connections = connections;
  return out;
}

/** The histogram of what happened between two reads (counts never decrease unless the server restarted). */
function delta(a: Histogram | undefined, b: Histogram | undefined): Histogram | undefined {
  if (a === undefined || b === undefined || b.count < a.count) return b === undefined || a !== undefined ? undefined : b;
  const before = new Map(a.buckets.map((x) => [x.le, x.count]));
  return { buckets: b.buckets.map((x) => ({ le: x.le, count: x.count - (before.get(x.le) ?? 0) })), sum: b.sum - a.sum, count: b.count - a.count };
}

/** Prometheus' histogram_quantile: linear within the bucket, the last finite bound for the +Inf one. */
export function quantile(h: Histogram | undefined, q: number): number | null {
  if (h === undefined || h.count <= 0) return null;
  const rank = q * h.count;
  let lower = 0;
  let below = 0;
  for (const b of h.buckets) {
    if (b.count >= rank) {
      if (b.le === Infinity) return lower;
      const inBucket = b.count - below;
      return inBucket <= 0 ? b.le : lower + ((b.le - lower) * (rank - below)) / inBucket;
    }
    lower = b.le;
    below = b.count;
  }
  return lower;
}

const ms = (seconds: number | null): number | null => (seconds === null ? null : seconds * 1000);
const mean = (h: Histogram | undefined): number | null => (h === undefined || h.count <= 0 ? null : ms(h.sum / h.count));

/** One row from two samples of the same coordinator. */
export function topRow(a: CoordinatorSample | undefined, b: CoordinatorSample): TopRow {
  const seconds = a === undefined ? 0 : (b.at - a.at) / 1000;
  const total = delta(a?.totalTime, b.totalTime);
  const queue = delta(a?.queueTime, b.queueTime);
  const request = delta(a?.requestTime, b.requestTime);
  const rate = a?.requests !== undefined && b.requests !== undefined && seconds > 0 && b.requests >= a.requests ? (b.requests - a.requests) / seconds : null;
  const row: TopRow = {
    id: b.id,
    name: b.name,
    endpoint: b.endpoint,
    status: b.status,
    requestsPerSecond: rate,
    latencyMs: { mean: mean(total), p50: ms(quantile(total, 0.5)), p95: ms(quantile(total, 0.95)), p99: ms(quantile(total, 0.99)) },
    queueTimeMs: { mean: mean(queue), p95: ms(quantile(queue, 0.95)) },
    requestTimeMs: { mean: mean(request) },
    queueTimeViolations: a?.violations !== undefined && b.violations !== undefined ? b.violations - a.violations : null,
    queueLength: b.queueLength ?? null,
    connections: b.connections ?? null,
    requestsTotal: b.requests ?? null,
  };
  if (b.error !== undefined) row.error = b.error;
  return row;
}

interface Coordinator {
  id: string;
  name: string;
  endpoint: string;
  status: string;
}

/** The coordinators from cluster health; on a single server, the server itself. */
async function coordinators(db: Database): Promise<Coordinator[]> {
  let health;
  try {
    health = await db.cluster.health();
  } catch {
    const id = await db.cluster.serverId().catch(() => 'single');
    return [{ id, name: '-', endpoint: '-', status: 'GOOD' }];
  }
  return Object.entries(health.Health)
    .filter(([, h]) => String(h.Role).toUpperCase() === 'COORDINATOR')
    .map(([id, h]) => ({ id, name: typeof h.ShortName === 'string' ? h.ShortName : '-', endpoint: String(h.Endpoint ?? '-'), status: String(h.Status) }))
    .sort((x, y) => x.name.localeCompare(y.name) || x.id.localeCompare(y.id));
}

/** Reads every coordinator's metrics (through any coordinator, with `serverId`). */
async function sample(db: Database, list: readonly Coordinator[]): Promise<CoordinatorSample[]> {
  return Promise.all(
    list.map(async (c): Promise<CoordinatorSample> => {
      const base = { ...c, at: performance.now() };
      try {
        const text = await db.admin.metrics(list.length === 1 && c.endpoint === '-' ? {} : { serverId: c.id });
        return { ...base, at: performance.now(), ...(await readMetrics(text)) };
      } catch (e) {
        return { ...base, error: describeError(e, []) };
      }
    }),
  );
}

function snapshot(before: readonly CoordinatorSample[], after: readonly CoordinatorSample[], intervalSeconds: number): TopSnapshot {
  const rows = after.map((b) => topRow(before.find((a) => a.id === b.id && a.error === undefined), b));
  const rates = rows.map((r) => r.requestsPerSecond).filter((r): r is number => r !== null);
  return {
    time: new Date().toISOString(),
    intervalSeconds,
    coordinators: rows,
    total: { requestsPerSecond: rates.length === 0 ? null : rates.reduce((x, y) => x + y, 0) },
  };
}

const fmt = (v: number | null, digits = 1): string => (v === null || !Number.isFinite(v) ? '-' : v.toFixed(digits));

const COLUMNS: Column[] = [
  { header: 'NAME' },
  { header: 'ENDPOINT' },
  { header: 'STATUS' },
  { header: 'REQ/S', align: 'right' },
  { header: 'LAT MEAN ms', align: 'right' },
  { header: 'LAT p95 ms', align: 'right' },
  { header: 'LAT p99 ms', align: 'right' },
  { header: 'QUEUE MEAN ms', align: 'right' },
  { header: 'QUEUE p95 ms', align: 'right' },
  { header: 'QUEUE LEN', align: 'right' },
  { header: 'CONNS', align: 'right' },
];

function cells(r: TopRow): string[] {
  return [
    r.name,
    r.endpoint,
    r.error === undefined ? r.status : `${r.status} (${r.error})`,
    fmt(r.requestsPerSecond),
    fmt(r.latencyMs.mean, 2),
    fmt(r.latencyMs.p95, 2),
    fmt(r.latencyMs.p99, 2),
    fmt(r.queueTimeMs.mean, 2),
    fmt(r.queueTimeMs.p95, 2),
    fmt(r.queueLength, 0),
    fmt(r.connections, 0),
  ];
}

export function renderTop(s: TopSnapshot, bold: (t: string) => string): string {
  const table = renderTable(COLUMNS, s.coordinators.map(cells), { bold });
  return `${table}\n${s.coordinators.length} coordinators, ${fmt(s.total.requestsPerSecond)} requests/s in all over the last ${s.intervalSeconds}s\n`;
}

/** Piped: one self-contained line per coordinator per refresh. */
function plainLines(s: TopSnapshot): string {
  return s.coordinators
    .map(
      (r) =>
        `${s.time} ${r.name} ${r.endpoint} ${r.status} req/s=${fmt(r.requestsPerSecond)} lat_mean_ms=${fmt(r.latencyMs.mean, 2)} lat_p95_ms=${fmt(r.latencyMs.p95, 2)} queue_mean_ms=${fmt(r.queueTimeMs.mean, 2)} queue_len=${fmt(r.queueLength, 0)}${r.error === undefined ? '' : ` error=${JSON.stringify(r.error)}`}\n`,
    )
    .join('');
}

function pause(ctx: CommandContext, millis: number): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      off();
      resolve(true);
    }, millis);
    const off = ctx.io.onInterrupt(() => {
      clearTimeout(timer);
      off();
      resolve(false);
    });
  });
}

export const topCommand: Command = {
  name: 'cluster top',
  summary: 'Live view of every coordinator: request rate, latency and queue time from its metrics.',
  usage: 'cluster top [--interval SECONDS] [--once] [--json]',
  options: { interval: { type: 'string' }, once: { type: 'boolean' }, json: { type: 'boolean' } },
  args: { min: 0, max: 0 },
  help: `Reads /_admin/metrics of each coordinator (through the one connected to, with serverId)
every interval and shows what changed in between: requests per second, mean and p95/p99 total
time per request, mean and p95 queue time (time a request waited before it was processed), the
scheduler queue length and open client connections. Percentiles are estimated from ArangoDB's
histogram buckets, as Prometheus' histogram_quantile does.

Options:
  --interval SECONDS   time between reads (default 2)
  --once               read twice, one interval apart, print one snapshot and exit
  --json               print the snapshot as JSON (live: one JSON line per refresh)

On a terminal the view is redrawn in place until Ctrl-C; piped, each refresh prints one line per
coordinator.

Examples:
  arangots cluster top
  arangots cluster top --once --interval 5
  arangots cluster top --once --json | jq '.coordinators[] | {name, requestsPerSecond}'`,
  async run(ctx) {
    const interval = numberOption(ctx.values, 'interval', ctx.command, { min: 0.05, integer: false }) ?? 2;
    const once = flag(ctx.values, 'once');
    const json = flag(ctx.values, 'json');
    const { db } = await ctx.connect();
    const out = ctx.io.stdout;
    const tty = out.isTTY === true && !json;
    let list = await coordinators(db);
    let previous = await sample(db, list);
    let stopped = false;
    const off = ctx.io.onInterrupt(() => {
      stopped = true;
    });
    try {
      for (let draw = 1; ; draw++) {
        if (!(await pause(ctx, interval * 1000)) || stopped) break;
        const current = await sample(db, list);
        const snap = snapshot(previous, current, interval);
        previous = current;
        if (once) {
          await write(out, json ? `${JSON.stringify(snap, null, 2)}\n` : renderTop(snap, ctx.out.bold));
          return snap.coordinators.some((r) => r.error !== undefined) ? EXIT.error : EXIT.ok;
        }
        const text = json
          ? `${JSON.stringify(snap)}\n`
          : tty
            ? `\x1b[H\x1b[2J${ctx.out.bold(`arangots cluster top, every ${interval}s`)}  ${snap.time}  (Ctrl-C to stop)\n\n${renderTop(snap, ctx.out.bold)}`
            : plainLines(snap);
        await write(out, text);
        // Coordinators come and go: re-read the list now and then.
        if (draw % 10 === 0) list = await coordinators(db).catch(() => list);
      }
    } finally {
      off();
    }
    return EXIT.ok;
  },
};
