/**
 * Outlier ejection (after Envoy's): which hosts leave rotation for gray failures. Pure decisions,
 * tested alone; the host pool applies them, probes the ejected host and brings it back.
 *
 * - Timeouts: an attempt that passes its attempt timeout takes its host out at once when the host
 *   answered nothing at all since that attempt started (it is silent, not merely busy with a slow
 *   request); a host that still answers other calls goes out after `consecutiveTimeouts` attempt
 *   timeouts in a row.
 * - Latency: a host whose recent p50 or p95 stands `latencyFactor` times above its peers' (the
 *   upper median of the others, so a slow majority never ejects the fast minority), plus a slack
 *   that keeps millisecond noise out, is taken out.
 * - Never more than `maxEjectedFraction` of the hosts (at least one) are out for these reasons at
 *   once, and never the last host in rotation.
 */
import { ArangoClientError } from '../errors.js';
import { describe } from './attempt-timeout.js';

/** The client option `outlierEjection` as an object: when a slow or silent host leaves rotation. */
export interface OutlierOptions {
  /** Most hosts out of rotation for timeouts or slowness at once, as a fraction (at least one host). Default 0.5. */
  maxEjectedFraction?: number;
  /** Attempt timeouts in a row that take out a host that still answers other calls. Default 3. */
  consecutiveTimeouts?: number;
  /** A host this many times slower than its peers (p50 or p95) is taken out; 0 = never for latency. Default 3. */
  latencyFactor?: number;
}

/** The `outlierEjection` option: true (default), false, or tuned. */
export type OutlierOption = boolean | OutlierOptions;

export type OutlierPolicy =
  | { readonly enabled: false }
  | { readonly enabled: true; readonly maxEjectedFraction: number; readonly consecutiveTimeouts: number; readonly latencyFactor: number };

export const DEFAULT_OUTLIER: OutlierPolicy = { enabled: true, maxEjectedFraction: 0.5, consecutiveTimeouts: 3, latencyFactor: 3 };
const OFF: OutlierPolicy = { enabled: false };

/** Samples a host needs before its latency is compared with its peers'. */
export const OUTLIER_MIN_SAMPLES = 16;
/** Absolute slack (ms) above factor × peers for p50 and p95. */
const P50_SLACK = 20;
const P95_SLACK = 50;
/** How often (ms) the latency comparison runs at most. */
export const OUTLIER_INTERVAL = 200;

export function parseOutlier(option: unknown): OutlierPolicy {
  if (option === undefined || option === true) return DEFAULT_OUTLIER;
  if (option === false) return OFF;
  if (typeof option === 'object' && option !== null && !Array.isArray(option)) {
    const o = option as Record<string, unknown>;
    for (const key of Object.keys(o)) {
      if (key !== 'maxEjectedFraction' && key !== 'consecutiveTimeouts' && key !== 'latencyFactor') {
        throw new ArangoClientError(`outlierEjection: unknown option ${JSON.stringify(key)} (expected maxEjectedFraction, consecutiveTimeouts, latencyFactor)`);
      }
    }
    const d = DEFAULT_OUTLIER as Extract<OutlierPolicy, { enabled: true }>;
    const fraction = o.maxEjectedFraction ?? d.maxEjectedFraction;
    if (typeof fraction !== 'number' || !(fraction >= 0 && fraction <= 1)) {
      throw new ArangoClientError(`outlierEjection.maxEjectedFraction must be a fraction between 0 and 1, got ${describe(fraction)}`);
    }
    const consecutive = o.consecutiveTimeouts ?? d.consecutiveTimeouts;
    if (typeof consecutive !== 'number' || !Number.isInteger(consecutive) || consecutive < 1) {
      throw new ArangoClientError(`outlierEjection.consecutiveTimeouts must be a positive integer, got ${describe(consecutive)}`);
    }
    const factor = o.latencyFactor ?? d.latencyFactor;
    if (typeof factor !== 'number' || !Number.isFinite(factor) || (factor !== 0 && factor < 1)) {
      throw new ArangoClientError(`outlierEjection.latencyFactor must be 0 (off) or a number of at least 1, got ${describe(factor)}`);
    }
    return fraction === 0 ? OFF : { enabled: true, maxEjectedFraction: fraction, consecutiveTimeouts: consecutive, latencyFactor: factor };
  }
  throw new ArangoClientError(`outlierEjection must be true, false or { maxEjectedFraction, consecutiveTimeouts, latencyFactor }, got ${describe(option)}`);
}

/**
 * Whether one more host may leave rotation for a gray reason: `total` hosts, `ejected` of them out
 * for timeouts or slowness already, `up` in rotation now.
 */
export function ejectionAllowed(policy: OutlierPolicy, total: number, ejected: number, up: number): boolean {
  if (!policy.enabled || up <= 1) return false;
  const cap = Math.max(1, Math.floor(policy.maxEjectedFraction * total + 1e-9));
  return ejected + 1 <= cap;
}

/** Whether an attempt timeout takes its host out (before the ejection cap). */
export function timeoutEjects(policy: OutlierPolicy, answeredSinceAttemptStarted: boolean, consecutiveTimeouts: number): boolean {
  if (!policy.enabled) return false;
  return !answeredSinceAttemptStarted || consecutiveTimeouts >= policy.consecutiveTimeouts;
}

/** One host's recent latency, as the comparison needs it. */
export interface LatencyEntry {
  readonly samples: number;
  readonly p50: number | undefined;
  readonly p95: number | undefined;
}

/**
 * Indexes of the hosts whose latency stands out from their peers', worst first. Only hosts with
 * enough samples take part; a host needs at least one such peer to be compared.
 */
export function latencyOutliers(policy: OutlierPolicy, entries: readonly LatencyEntry[]): number[] {
  if (!policy.enabled || policy.latencyFactor === 0) return [];
  const ready: number[] = [];
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i] as LatencyEntry;
    if (e.samples >= OUTLIER_MIN_SAMPLES && e.p50 !== undefined && e.p95 !== undefined) ready.push(i);
  }
  if (ready.length < 2) return [];
  const found: { index: number; excess: number }[] = [];
  const factor = policy.latencyFactor;
  for (const i of ready) {
    const e = entries[i] as LatencyEntry;
    const p50s: number[] = [];
    const p95s: number[] = [];
    for (const j of ready) {
      if (j === i) continue;
      const peer = entries[j] as LatencyEntry;
      p50s.push(peer.p50 as number);
      p95s.push(peer.p95 as number);
    }
    const m50 = upperMedian(p50s);
    const m95 = upperMedian(p95s);
    const limit50 = factor * m50 + P50_SLACK;
    const limit95 = factor * m95 + P95_SLACK;
    const p50 = e.p50 as number;
    const p95 = e.p95 as number;
    if (p50 > limit50 || p95 > limit95) found.push({ index: i, excess: Math.max(p50 / limit50, p95 / limit95) });
  }
  found.sort((a, b) => b.excess - a.excess);
  return found.map((f) => f.index);
}

function upperMedian(values: number[]): number {
  values.sort((a, b) => a - b);
  return values[Math.floor(values.length / 2)] as number;
}
