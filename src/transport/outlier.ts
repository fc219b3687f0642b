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
 * - Lost races: an attempt given up because a hedge (or a retry) answered first is recorded only
 *   as the time it had waited, about the hedge delay, so a host whose slow answers are all hedged
 *   away (stragglers) shows a p95 near the hedge point and never crosses the latency bar, while
 *   every read routed to it pays the hedge delay. The share of its recent attempts that lost a
 *   race says what its percentiles cannot: a hedge fires at about the peers' p95, so a host as fast
 *   as its peers loses at most about one attempt in twenty, and far fewer in practice. A host whose
 *   share stands `latencyFactor` times above its peers' plus 5 points (and at least
 *   `LOST_MIN_COUNT` attempts) is taken out as slow too.
 * - A host out for slowness comes back only through a probe that answers within the latency bar
 *   its p95 failed (`readmissionLimit`), not merely within an attempt timeout.
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
/** Absolute slack above factor × peers' share of attempts lost to another copy (0–1). */
const LOST_SHARE_SLACK = 0.05;
/** Lost races a host needs in its window before their share can take it out (noise guard). */
export const LOST_MIN_COUNT = 8;
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
  /** How many of the `samples` are attempts given up because another copy answered first. */
  readonly lost?: number | undefined;
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
    const shares: number[] = [];
    for (const j of ready) {
      if (j === i) continue;
      const peer = entries[j] as LatencyEntry;
      p50s.push(peer.p50 as number);
      p95s.push(peer.p95 as number);
      shares.push(lostShare(peer));
    }
    const limit50 = factor * upperMedian(p50s) + P50_SLACK;
    const limit95 = p95Bar(factor, upperMedian(p95s));
    const limitLost = factor * upperMedian(shares) + LOST_SHARE_SLACK;
    const p50 = e.p50 as number;
    const p95 = e.p95 as number;
    const share = (e.lost ?? 0) >= LOST_MIN_COUNT ? lostShare(e) : 0;
    if (p50 > limit50 || p95 > limit95 || share > limitLost) {
      found.push({ index: i, excess: Math.max(p50 / limit50, p95 / limit95, share / limitLost) });
    }
  }
  found.sort((a, b) => b.excess - a.excess);
  return found.map((f) => f.index);
}

/** The share (0–1) of a host's recent attempts that were given up because another copy answered first. */
export function lostShare(e: LatencyEntry): number {
  return e.samples > 0 ? (e.lost ?? 0) / e.samples : 0;
}

/**
 * How long (ms) a probe of a host taken out for slowness may take for the host to come back: the
 * bar its p95 failed (`latencyFactor` × the p95 of the hosts in rotation + slack), within the
 * attempt timeout `attemptLimit`. Without that p95 (or with latency ejection off) only the attempt
 * timeout counts. A host that answers a probe in time but still straggles is taken out again by
 * its next window, for longer each time.
 */
export function readmissionLimit(policy: OutlierPolicy, peersP95: number | undefined, attemptLimit: number): number {
  if (!policy.enabled || policy.latencyFactor === 0 || peersP95 === undefined) return attemptLimit;
  return Math.min(attemptLimit, p95Bar(policy.latencyFactor, peersP95));
}

/** The p95 above which a host is slow: `factor` × its peers' p95, plus the slack. */
function p95Bar(factor: number, peersP95: number): number {
  return factor * peersP95 + P95_SLACK;
}

function upperMedian(values: number[]): number {
  values.sort((a, b) => a - b);
  return values[Math.floor(values.length / 2)] as number;
}
