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
 *   race says what its percentiles cannot. Each attempt either loses a race or not, so the counts
 *   are binomial, and the decision is a test, not a bar on the raw share (`lostRaceExcess`): the
 *   host goes out when, with confidence (z = `LOST_Z`), its share exceeds its peers' by more than
 *   `LOST_EXCESS` (one attempt in a hundred: beyond that the host alone pulls the p99 of the reads
 *   it serves up to the hedge delay), and its share is more than `latencyFactor` times theirs (when
 *   every host loses often, the cluster is slow, not this host). The bound combines exact Poisson
 *   bounds of the two shares as Newcombe's interval does, which stays honest for a handful of
 *   lost races and for peers that lost none: a few lost races take a host out when its peers'
 *   evidence is large and clean, and a small window never does. The evidence is the host's
 *   attempts over the last 0.8, 2 and 10 s (`RACE_SPANS`), each tested on its own, each
 *   without the tenth of its 200 ms buckets with the most lost races and weighed by how much its
 *   losses bunch in a few buckets (`raceEvidence`): the latency window spans a few tens of ms of
 *   a busy host, where a light straggler's share is mostly noise, and one stall makes many
 *   attempts lose at once.
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
/**
 * How far (0–1) a host's share of lost races must stand above its peers' to take it out: one
 * attempt in a hundred, the share at which the hedge delay it adds reaches the p99 of its reads.
 */
export const LOST_EXCESS = 0.01;
/**
 * The confidence of the lost-race test, as a normal quantile: one-sided 10⁻⁵ for each of the
 * `RACE_SPANS`. Tests come every `OUTLIER_INTERVAL` per host (18 000 an hour) over overlapping
 * evidence; a healthy host sits far below the bar, so its chance of failing one is far smaller.
 */
export const LOST_Z = 4.26;
/** The buckets (ms) a host's attempts and lost races are counted in (host-stats.ts `RaceCounts`). */
export const RACE_BUCKET_MS = 200;
/**
 * The spans (in buckets: 0.8, 2 and 10 s) the lost-race test looks back over, each on its own:
 * a short one sees a straggler soon after it starts, before older healthy attempts dilute it; a
 * long one sees a light straggler, or one at a quiet host, that short spans hold too few
 * attempts to tell.
 */
export const RACE_SPANS: readonly number[] = [4, 10, 50];
/**
 * Buckets of a span that may be left out of its evidence as outliers (`raceEvidence`): one in ten,
 * and at least two, as many as one stall can straddle.
 */
const TRIM_SHARE = 0.1;
const TRIM_MIN = 2;
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
  /**
   * The lost-race evidence, one per `RACE_SPANS` (`raceEvidence`): recent attempts, and how many
   * of them were given up because another copy answered first. Without it, `lost` counts among
   * `samples`.
   */
  readonly races?: readonly RaceEvidence[] | undefined;
  /** How many of the `samples` are attempts given up because another copy answered first. */
  readonly lost?: number | undefined;
  /** How much the host's lost races bunch in time (`raceBunching`); 1 when absent. */
  readonly bunching?: number | undefined;
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
  // how much lost races bunch on these hosts: the upper median of their records (a straggler's
  // own, inflated as it goes on, is not the median)
  const typical = upperMedian(ready.map((i) => (entries[i] as LatencyEntry).bunching ?? 1));
  // a span weighs by the most of the typical bunching, its host's record and its own
  const weigh = (r: RaceEvidence, host: LatencyEntry): RaceEvidence => {
    const d = Math.max(typical, host.bunching ?? 1, r.effect ?? 1);
    return { attempts: r.attempts / d, lost: r.lost / d };
  };
  for (const i of ready) {
    const e = entries[i] as LatencyEntry;
    const p50s: number[] = [];
    const p95s: number[] = [];
    const peers: LatencyEntry[] = [];
    for (const j of ready) {
      if (j === i) continue;
      const peer = entries[j] as LatencyEntry;
      p50s.push(peer.p50 as number);
      p95s.push(peer.p95 as number);
      peers.push(peer);
    }
    const limit50 = factor * upperMedian(p50s) + P50_SLACK;
    const limit95 = p95Bar(factor, upperMedian(p95s));
    const p50 = e.p50 as number;
    const p95 = e.p95 as number;
    let excess = -Infinity;
    const own = racesOf(e);
    for (let s = 0; s < own.length; s++) {
      const base = peerBaseline(peers, s, weigh);
      const mine = weigh(own[s] as RaceEvidence, e);
      excess = Math.max(excess, lostRaceExcess(mine.attempts, mine.lost, base.attempts, base.lost, factor));
    }
    if (p50 > limit50 || p95 > limit95 || excess > LOST_EXCESS) {
      found.push({ index: i, excess: Math.max(p50 / limit50, p95 / limit95, excess / LOST_EXCESS) });
    }
  }
  found.sort((a, b) => b.excess - a.excess);
  return found.map((f) => f.index);
}

/**
 * How much a host's lost races bunch in time: the design effect (`designEffect`) of its buckets
 * older than the shortest span, over the longest, all of them (none left out). It is the host's
 * record: a host whose losses came in bursts weighs its recent ones as bursts too, while a
 * straggler that has just started, all of it in the shortest span, is not held back by it.
 */
export function raceBunching(counts: { attemptsAt(back: number): number; lostAt(back: number): number }): number {
  const buckets: { a: number; l: number }[] = [];
  for (let back = RACE_SPANS[0] as number; back < (RACE_SPANS[RACE_SPANS.length - 1] as number); back++) {
    const a = counts.attemptsAt(back);
    if (a > 0) buckets.push({ a, l: counts.lostAt(back) });
  }
  return designEffect(buckets);
}

/**
 * The design effect of buckets of attempts: the cluster-robust variance of their pooled share of
 * lost races over its binomial variance, at least 1 (1 with fewer than two buckets or no losses).
 */
function designEffect(buckets: readonly { a: number; l: number }[]): number {
  let attempts = 0;
  let lost = 0;
  for (const b of buckets) {
    attempts += b.a;
    lost += b.l;
  }
  const p = attempts > 0 ? lost / attempts : 0;
  if (buckets.length < 2 || !(p > 0 && p < 1)) return 1;
  let sq = 0;
  for (const b of buckets) sq += (b.l - p * b.a) ** 2;
  const clustered = ((buckets.length / (buckets.length - 1)) * sq) / (attempts * attempts);
  return Math.max(1, clustered / ((p * (1 - p)) / attempts));
}

/** Attempts, how many of them lost the race to another copy, and how much those losses bunch. */
export interface RaceEvidence {
  readonly attempts: number;
  readonly lost: number;
  /**
   * The design effect of the span (1 when absent): the variance of the share across its buckets
   * over the binomial variance, at least 1. The counts weigh as `attempts / effect` trials.
   */
  readonly effect?: number | undefined;
}

/**
 * The lost-race evidence of one host, one per `RACE_SPANS`, as effective counts. Lost races are
 * not independent trials: a stall (a pause, a collection, a burst of new connections) makes every
 * attempt in flight at the time lose together, and a binomial test would count that one event as
 * many. So each span's 200 ms buckets are its clusters, as in a cluster sample:
 * - buckets whose losses are implausible for the rest of the span (the lower bound of their count
 *   above what the others' share predicts) are left out, worst first, up to a tenth of the span
 *   and at least two (one stall can straddle two): a stall drops out, while a straggler's
 *   buckets, alike, and a quiet host's lone losses stay;
 *   and a span needs two buckets with attempts left to count at all;
 * - the rest come with their design effect, the variance of the share across those buckets (the
 *   cluster-robust estimate) over the binomial variance, at least 1: losses that bunch in a few
 *   buckets weigh as the few events they are (the test divides the counts by it), evenly spread
 *   ones (a straggler, once it fills the span) keep their weight. A span of a few buckets says
 *   little about its own bunching, so the test weighs every span by the largest of its own
 *   effect, its host's record (`raceBunching`) and the hosts' typical record (`latencyOutliers`).
 * `back` 0 is the current bucket.
 */
export function raceEvidence(counts: { attemptsAt(back: number): number; lostAt(back: number): number }): RaceEvidence[] {
  const out: RaceEvidence[] = [];
  for (const span of RACE_SPANS) {
    const trim = Math.max(TRIM_MIN, Math.round(TRIM_SHARE * span));
    const buckets: { a: number; l: number }[] = [];
    for (let back = 0; back < span; back++) buckets.push({ a: counts.attemptsAt(back), l: counts.lostAt(back) });
    buckets.sort((x, y) => y.l - x.l);
    let restAttempts = 0;
    let restLost = 0;
    for (const b of buckets) {
      restAttempts += b.a;
      restLost += b.l;
    }
    // leave out, worst first, buckets whose losses the rest of the span makes implausible
    let dropped = 0;
    while (dropped < trim && dropped < buckets.length) {
      const b = buckets[dropped] as { a: number; l: number };
      const otherAttempts = restAttempts - b.a;
      const expected = otherAttempts > 0 ? ((restLost - b.l) / otherAttempts) * b.a : 0;
      if (!(countBounds(b.l, LOST_Z)[0] > expected)) break;
      restAttempts -= b.a;
      restLost -= b.l;
      dropped++;
    }
    const kept = buckets.slice(dropped).filter((b) => b.a > 0);
    // one bucket is one cluster: no evidence that its losses recur
    if (kept.length < 2) {
      out.push({ attempts: 0, lost: 0 });
      continue;
    }
    let attempts = 0;
    let lost = 0;
    for (const b of kept) {
      attempts += b.a;
      lost += b.l;
    }
    out.push({ attempts, lost, effect: designEffect(kept) });
  }
  return out;
}

/**
 * How far the host's share of lost races (`lost` of `attempts`) stands above its peers' (`peerLost`
 * of `peerAttempts`), at confidence `LOST_Z`: a lower bound of the excess, or −Infinity when the
 * host's share is not also `factor` times its peers' (an effect size, on the shares themselves:
 * when every host loses often the cluster is slow, not this host). The bound combines one bound
 * of each share the way Newcombe's interval for a difference of proportions does:
 * p̂ − q̂ − √((p̂ − l)² + (u − q̂)²), l the lower bound of the host's share, u the upper bound of its
 * peers'. Those are the exact Poisson (Garwood) bounds, `countBounds`: lost races are rare events,
 * and at this confidence the usual normal-based (Wald, even Wilson) bounds are far too tight for a
 * handful of them: Wilson puts the lower bound of 3 in 16 at 2.4 %, the exact one is 0.26 %.
 * The host goes out when the result exceeds `LOST_EXCESS`.
 */
export function lostRaceExcess(attempts: number, lost: number, peerAttempts: number, peerLost: number, factor: number): number {
  if (attempts <= 0 || peerAttempts <= 0) return -Infinity;
  const p = lost / attempts;
  const q = peerLost / peerAttempts;
  if (!(p > factor * q)) return -Infinity;
  const l = Math.min(p, countBounds(lost, LOST_Z)[0] / attempts);
  const u = Math.max(q, Math.min(1, countBounds(peerLost, LOST_Z)[1] / peerAttempts));
  return p - q - Math.sqrt((p - l) ** 2 + (u - q) ** 2);
}

/**
 * One-sided bounds, at normal quantile `z`, of the mean of a Poisson count observed as `k`: the
 * exact (Garwood) bounds, chi-square quantiles, in the Wilson–Hilferty approximation: a little
 * wider than the exact ones for a few counts (at z 4.26 the upper bound of 0 is 12.3 for 11.5),
 * within 1 % of them from k = 10 on. A Poisson count is a binomial one's conservative stand-in
 * when the share is small, as lost races are.
 */
export function countBounds(k: number, z: number): [number, number] {
  const lower = k <= 0 ? 0 : k * Math.max(0, 1 - 1 / (9 * k) - z / (3 * Math.sqrt(k))) ** 3;
  const k1 = k + 1;
  const upper = k1 * (1 - 1 / (9 * k1) + z / (3 * Math.sqrt(k1))) ** 3;
  return [lower, upper];
}

/**
 * The peers' pooled lost-race evidence over span `s`, of those whose share is at most the upper
 * median of theirs: a peer that straggles too must not raise the bar the others are held to.
 */
function peerBaseline(peers: readonly LatencyEntry[], s: number, weigh: (r: RaceEvidence, host: LatencyEntry) => RaceEvidence): RaceEvidence {
  const spans = peers.map((p) => weigh(racesOf(p)[s] ?? { attempts: 0, lost: 0 }, p));
  const shares = spans.map((r) => (r.attempts > 0 ? r.lost / r.attempts : 0));
  const median = upperMedian([...shares]);
  let attempts = 0;
  let lost = 0;
  for (let j = 0; j < spans.length; j++) {
    if ((shares[j] as number) > median) continue;
    attempts += (spans[j] as RaceEvidence).attempts;
    lost += (spans[j] as RaceEvidence).lost;
  }
  return { attempts, lost };
}

function racesOf(e: LatencyEntry): readonly RaceEvidence[] {
  return e.races ?? [{ attempts: e.samples, lost: e.lost ?? 0 }];
}

/** The share (0–1) of a host's recent attempts (its longest span) given up because another copy answered first. */
export function lostShare(e: LatencyEntry): number {
  const races = racesOf(e);
  const r = races[races.length - 1] as RaceEvidence;
  return r.attempts > 0 ? r.lost / r.attempts : 0;
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
