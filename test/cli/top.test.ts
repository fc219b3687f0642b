/**
 * `arangots cluster top`: `--once` and `--json` against the emulator, whose coordinators export
 * ArangoDB's request-count and request-time metrics, under a little load from another client.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArangoClient, type Database } from 'arangots';
import { quantile, readMetrics, type TopSnapshot } from '../../src/cli/commands/top.js';
import { realServer, startTestServer, type TestServer } from '../helpers/server.js';
import { ANSI, run, serverEnv, start } from './run.js';

let server: TestServer;
let client: ArangoClient;
let db: Database;
let env: Record<string, string>;

beforeAll(async () => {
  server = await startTestServer({ coordinators: 3 });
  client = new ArangoClient({ hosts: server.urls, hostResolver: 'roundrobin' });
  db = await client.db('_system', { username: server.username, password: server.password });
  env = { ...serverEnv(server), ARANGO_HOSTS: server.urls[0] ?? '' };
});
afterAll(async () => {
  await client?.close();
  await server?.close();
});

/** Home the cursor and clear the screen: how a live view redraws in place. */
const CLEAR = '\u001b[H\u001b[2J';

/** Keeps every coordinator busy until the returned function is called. */
function load(): () => Promise<void> {
  let running = true;
  const loop = async (): Promise<void> => {
    while (running) await db.version();
  };
  const loops = [loop(), loop(), loop()];
  return async () => {
    running = false;
    await Promise.all(loops);
  };
}

describe('arangots cluster top', () => {
  it('--once --json: one entry per coordinator with a request rate and latency from its metrics', async () => {
    const stop = load();
    let result;
    try {
      result = await run(['cluster', 'top', '--once', '--json', '--interval', '0.5'], { env });
    } finally {
      await stop();
    }
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const snap = JSON.parse(result.stdout) as TopSnapshot;
    const health = await db.cluster.health();
    const coordinatorIds = Object.entries(health.Health).filter(([, h]) => h.Role === 'Coordinator').map(([id]) => id);
    expect(snap.coordinators.map((c) => c.id).sort()).toEqual(coordinatorIds.sort());
    expect(snap.intervalSeconds).toBe(0.5);
    for (const c of snap.coordinators) {
      expect(c.status).toBe('GOOD');
      expect(c.error).toBeUndefined();
      // The load loop reaches every coordinator (round-robin): each served requests in the interval.
      expect(c.requestsPerSecond).toBeGreaterThan(0);
      expect(c.latencyMs.mean).toBeGreaterThan(0);
      expect(c.latencyMs.p95).toBeGreaterThanOrEqual(0);
      expect(c.queueTimeMs.mean).toBeGreaterThanOrEqual(0);
      expect(c.requestsTotal).toBeGreaterThan(0);
      expect(c.connections).toBeGreaterThan(0);
    }
    expect(snap.total.requestsPerSecond).toBeCloseTo(snap.coordinators.reduce((n, c) => n + (c.requestsPerSecond ?? 0), 0));
  });

  it.skipIf(realServer)('shows injected latency as queue time on that coordinator only', async () => {
    const slow = server.emulator!.coordinators[1]!;
    slow.setLatency(40);
    const stop = load();
    let result;
    try {
      result = await run(['cluster', 'top', '--once', '--json', '--interval', '0.6'], { env });
    } finally {
      await stop();
      slow.setLatency(0);
    }
    const snap = JSON.parse(result.stdout) as TopSnapshot;
    const slowRow = snap.coordinators.find((c) => c.endpoint === `tcp://127.0.0.1:${new URL(slow.url).port}`);
    expect(slowRow, JSON.stringify(snap.coordinators.map((c) => c.endpoint))).toBeDefined();
    expect(slowRow!.queueTimeMs.mean).toBeGreaterThanOrEqual(35);
    expect(slowRow!.latencyMs.mean).toBeGreaterThanOrEqual(35);
    for (const other of snap.coordinators.filter((c) => c !== slowRow)) expect(other.queueTimeMs.mean ?? 0).toBeLessThan(35);
  });

  it('--once: an aligned plain table when piped, one row per coordinator', async () => {
    const { code, stdout, stderr } = await run(['cluster', 'top', '--once', '--interval', '0.2'], { env });
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).not.toMatch(ANSI);
    const lines = stdout.split('\n').filter((l) => l !== '');
    expect(lines[0]).toMatch(/^NAME +ENDPOINT +STATUS +REQ\/S +LAT MEAN ms +LAT p95 ms +LAT p99 ms +QUEUE MEAN ms +QUEUE p95 ms +QUEUE LEN +CONNS$/);
    expect(lines.filter((l) => /^Coordinator\d+ /.test(l))).toHaveLength(3);
    expect(lines.at(-1)).toMatch(/^3 coordinators, [\d.]+ requests\/s in all over the last 0.2s$/);
  });

  it('live: redraws in place on a terminal until Ctrl-C; plain lines when piped', async () => {
    const tty = start(['cluster', 'top', '--interval', '0.1'], { env, stdoutTTY: true });
    await expect.poll(() => tty.stdout().split(CLEAR).length - 1, { timeout: 20_000 }).toBeGreaterThanOrEqual(2);
    tty.interrupt();
    expect(await tty.done).toBe(0);
    expect(tty.stdout()).toContain('arangots cluster top, every 0.1s');

    const piped = start(['cluster', 'top', '--interval', '0.1'], { env });
    await expect.poll(() => piped.stdout().split('\n').filter((l) => l.includes(' req/s=')).length, { timeout: 20_000 }).toBeGreaterThanOrEqual(6);
    piped.interrupt();
    expect(await piped.done).toBe(0);
    expect(piped.stdout()).not.toMatch(ANSI);
  });

  it('reads the metrics with the Prometheus parser; percentiles as histogram_quantile', async () => {
    const text = [
      '# TYPE arangodb_http_request_statistics_total_requests_total counter',
      'arangodb_http_request_statistics_total_requests_total{role="COORDINATOR"} 10',
      '# TYPE arangodb_client_connection_statistics_total_time histogram',
      'arangodb_client_connection_statistics_total_time_bucket{role="COORDINATOR",le="0.01"} 5',
      'arangodb_client_connection_statistics_total_time_bucket{role="COORDINATOR",le="0.1"} 9',
      'arangodb_client_connection_statistics_total_time_bucket{role="COORDINATOR",le="+Inf"} 10',
      'arangodb_client_connection_statistics_total_time_count{role="COORDINATOR"} 10',
      'arangodb_client_connection_statistics_total_time_sum{role="COORDINATOR"} 0.5',
    ].join('\n');
    const m = await readMetrics(text);
    expect(m.requests).toBe(10);
    expect(m.totalTime).toEqual({ buckets: [{ le: 0.01, count: 5 }, { le: 0.1, count: 9 }, { le: Infinity, count: 10 }], sum: 0.5, count: 10 });
    expect(quantile(m.totalTime, 0.5)).toBeCloseTo(0.01);
    expect(quantile(m.totalTime, 0.7)).toBeCloseTo(0.01 + 0.09 * (2 / 4));
    expect(quantile(m.totalTime, 0.99)).toBe(0.1);
    expect(quantile(undefined, 0.5)).toBeNull();
  });
});
