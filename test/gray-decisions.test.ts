/** The gray-failure decisions alone: attempt timeouts, hedging, outlier ejection (no server). */
import { describe, expect, it } from 'vitest';
import { ArangoClient, ArangoClientError } from 'arangots';
import { attemptTimeoutFor, DEFAULT_ATTEMPT_TIMEOUT, MIN_SAMPLES, parseAttemptTimeout } from '../src/transport/attempt-timeout.js';
import { DEFAULT_HEDGE, HedgeBudget, hedgeDelayFor, parseHedge } from '../src/transport/hedge.js';
import { DEFAULT_OUTLIER, ejectionAllowed, latencyOutliers, lostShare, OUTLIER_MIN_SAMPLES, parseOutlier, readmissionLimit, timeoutEjects } from '../src/transport/outlier.js';

describe('attempt timeout', () => {
  const auto = DEFAULT_ATTEMPT_TIMEOUT;
  it('is 5 × the host p99 with a 500 ms floor, the peers’ p99 for a cold host, 1 s with nothing known', () => {
    expect(attemptTimeoutFor(auto, 200, 100, undefined)).toBe(1_000);
    expect(attemptTimeoutFor(auto, 2, 100, undefined)).toBe(500);
    // too few samples of its own: the peers' p99 counts
    expect(attemptTimeoutFor(auto, 2_000, MIN_SAMPLES - 1, 300)).toBe(1_500);
    expect(attemptTimeoutFor(auto, undefined, 0, undefined)).toBe(1_000);
  });

  it('doubles with each attempt timeout the call already hit', () => {
    expect(attemptTimeoutFor(auto, 2, 100, undefined, 1)).toBe(1_000);
    expect(attemptTimeoutFor(auto, 2, 100, undefined, 3)).toBe(4_000);
  });

  it('can be fixed, tuned or turned off', () => {
    expect(attemptTimeoutFor(parseAttemptTimeout(0), 2, 100, undefined)).toBeUndefined();
    expect(attemptTimeoutFor(parseAttemptTimeout(250), 2_000, 100, undefined)).toBe(250);
    const tuned = parseAttemptTimeout({ multiplier: 2, min: 50, initial: 300 });
    expect(attemptTimeoutFor(tuned, 40, 100, undefined)).toBe(80);
    expect(attemptTimeoutFor(tuned, undefined, 0, undefined)).toBe(300);
    expect(parseAttemptTimeout('auto')).toBe(auto);
    expect(parseAttemptTimeout(undefined)).toBe(auto);
  });

  it('refuses bad values, naming them', () => {
    expect(() => parseAttemptTimeout(-1)).toThrow(/attemptTimeout .*got -1/);
    expect(() => parseAttemptTimeout(Number.NaN)).toThrow(/got NaN/);
    expect(() => parseAttemptTimeout('fast')).toThrow(/got "fast"/);
    expect(() => parseAttemptTimeout({ multiplier: 0.5 })).toThrow(/attemptTimeout.multiplier .*got 0.5/);
    expect(() => parseAttemptTimeout({ min: -5 })).toThrow(/attemptTimeout.min .*got -5/);
    expect(() => parseAttemptTimeout({ floor: 5 })).toThrow(/unknown option "floor"/);
    expect(() => parseAttemptTimeout(-1)).toThrow(ArangoClientError);
  });
});

describe('hedging', () => {
  it('waits the lower of the host p95 and the peers’ median p95, at least minDelay', () => {
    expect(hedgeDelayFor(DEFAULT_HEDGE, 40, 100, 25)).toBe(25);
    // a host whose own tail is bad (stragglers) hedges at the peers' p95
    expect(hedgeDelayFor(DEFAULT_HEDGE, 900, 100, 30)).toBe(30);
    expect(hedgeDelayFor(DEFAULT_HEDGE, 2, 100, 3)).toBe(10);
    // nothing known: no hedging
    expect(hedgeDelayFor(DEFAULT_HEDGE, undefined, 0, undefined)).toBeUndefined();
    expect(hedgeDelayFor(DEFAULT_HEDGE, 50, MIN_SAMPLES - 1, undefined)).toBeUndefined();
    expect(hedgeDelayFor(parseHedge(false), 50, 100, 50)).toBeUndefined();
  });

  it('a token bucket caps hedges at the budget × calls plus a small burst', () => {
    const b = new HedgeBudget(0.05, 10);
    let hedges = 0;
    for (let call = 0; call < 10_000; call++) {
      b.deposit();
      if (b.take()) hedges++; // every call wants a hedge: a cluster-wide slowdown
    }
    expect(hedges).toBeLessThanOrEqual(0.05 * 10_000 + 10);
    expect(hedges).toBeGreaterThanOrEqual(0.05 * 10_000);
    const none = new HedgeBudget(0.05, 0);
    expect(none.take()).toBe(false);
  });

  it('refuses a budget outside 0–1 and unknown keys', () => {
    expect(() => parseHedge({ budget: 1.5 })).toThrow(/hedge.budget .*between 0 and 1, got 1.5/);
    expect(() => parseHedge({ budget: -0.1 })).toThrow(/got -0.1/);
    expect(() => parseHedge({ minDelay: -1 })).toThrow(/hedge.minDelay .*got -1/);
    expect(() => parseHedge({ ratio: 0.1 })).toThrow(/unknown option "ratio"/);
    expect(() => parseHedge('yes')).toThrow(/got "yes"/);
    expect(parseHedge({ budget: 0 })).toEqual({ enabled: false });
    expect(parseHedge({ budget: 0.01 })).toEqual({ enabled: true, budget: 0.01, minDelay: 10 });
  });
});

describe('outlier ejection', () => {
  const entry = (p50: number, p95: number, samples = 100, lost = 0) => ({ samples, p50, p95, lost });

  it('finds a host far slower than its peers, by p50 or by p95', () => {
    expect(latencyOutliers(DEFAULT_OUTLIER, [entry(2, 4), entry(200, 300), entry(3, 5)])).toEqual([1]);
    // stragglers: a normal median but a long tail
    expect(latencyOutliers(DEFAULT_OUTLIER, [entry(2, 4), entry(2, 500), entry(3, 5)])).toEqual([1]);
    expect(latencyOutliers(DEFAULT_OUTLIER, [entry(2, 4), entry(3, 6), entry(3, 5)])).toEqual([]);
  });

  it('leaves millisecond noise, hosts without enough samples and a slow majority alone', () => {
    expect(latencyOutliers(DEFAULT_OUTLIER, [entry(1, 2), entry(15, 30), entry(1, 2)])).toEqual([]);
    expect(latencyOutliers(DEFAULT_OUTLIER, [entry(2, 4), entry(500, 900, OUTLIER_MIN_SAMPLES - 1), entry(3, 5)])).toEqual([]);
    expect(latencyOutliers(DEFAULT_OUTLIER, [entry(2, 4), entry(200, 300), entry(210, 320)])).toEqual([]);
    expect(latencyOutliers(DEFAULT_OUTLIER, [entry(200, 300)])).toEqual([]);
    expect(latencyOutliers(parseOutlier({ latencyFactor: 0 }), [entry(2, 4), entry(200, 300), entry(3, 5)])).toEqual([]);
  });

  it('finds a host that loses far more of its races to hedges than its peers (stragglers hedged away)', () => {
    // the bench's stragglers: 10 % of answers 800 ms late, all hedged away at ~10 ms, so the
    // host's own p95 (11 ms) stays under the latency bar (3 × 3.4 + 50 ms)
    const straggler = entry(2, 11, 256, 26);
    expect(latencyOutliers(DEFAULT_OUTLIER, [entry(2, 3.4, 256), straggler, entry(2, 3.4, 256, 1)])).toEqual([1]);
    expect(latencyOutliers(DEFAULT_OUTLIER, [entry(2, 3.4, 256), entry(2, 11, 256), entry(2, 3.4, 256, 1)])).toEqual([]);
    expect(lostShare(straggler)).toBeCloseTo(26 / 256);
  });

  it('leaves a few lost races, lost races shared by every host and too few of them alone', () => {
    // 4 % of its attempts: a healthy host hedged at about its peers' p95
    expect(latencyOutliers(DEFAULT_OUTLIER, [entry(2, 4, 256), entry(2, 4, 256, 10), entry(2, 4, 256)])).toEqual([]);
    // everybody loses about as often: nobody stands out
    expect(latencyOutliers(DEFAULT_OUTLIER, [entry(2, 4, 256, 30), entry(2, 4, 256, 40), entry(2, 4, 256, 28)])).toEqual([]);
    // a share of a small window: too few attempts to tell (the test's bound, test/outlier-races.test.ts)
    expect(latencyOutliers(DEFAULT_OUTLIER, [entry(2, 4, 256), entry(2, 4, OUTLIER_MIN_SAMPLES, 3), entry(2, 4, 256)])).toEqual([]);
    expect(latencyOutliers(DEFAULT_OUTLIER, [entry(2, 4, 256), entry(2, 4, 2 * OUTLIER_MIN_SAMPLES, 8), entry(2, 4, 256)])).toEqual([1]);
    expect(latencyOutliers(parseOutlier({ latencyFactor: 0 }), [entry(2, 4, 256), entry(2, 11, 256, 100), entry(2, 4, 256)])).toEqual([]);
  });

  it('a probe brings a slow host back only within the latency bar it failed, never beyond the attempt timeout', () => {
    expect(readmissionLimit(DEFAULT_OUTLIER, 4, 500)).toBe(62);
    expect(readmissionLimit(DEFAULT_OUTLIER, 300, 500)).toBe(500);
    // nothing to compare with, or latency ejection off: the attempt timeout
    expect(readmissionLimit(DEFAULT_OUTLIER, undefined, 500)).toBe(500);
    expect(readmissionLimit(parseOutlier({ latencyFactor: 0 }), 4, 500)).toBe(500);
    expect(readmissionLimit(parseOutlier(false), 4, 500)).toBe(500);
  });

  it('orders outliers worst first', () => {
    expect(latencyOutliers(DEFAULT_OUTLIER, [entry(100, 150), entry(2, 4), entry(900, 1000), entry(2, 4), entry(3, 5)])).toEqual([2, 0]);
  });

  it('takes a silent host out at its first timeout, a busy one after consecutive timeouts', () => {
    expect(timeoutEjects(DEFAULT_OUTLIER, false, 1)).toBe(true);
    expect(timeoutEjects(DEFAULT_OUTLIER, true, 1)).toBe(false);
    expect(timeoutEjects(DEFAULT_OUTLIER, true, 3)).toBe(true);
    expect(timeoutEjects(parseOutlier(false), false, 10)).toBe(false);
  });

  it('never ejects more than the max fraction (at least one host), nor the last host in rotation', () => {
    expect(ejectionAllowed(DEFAULT_OUTLIER, 3, 0, 3)).toBe(true);
    expect(ejectionAllowed(DEFAULT_OUTLIER, 3, 1, 2)).toBe(false);
    expect(ejectionAllowed(DEFAULT_OUTLIER, 4, 1, 3)).toBe(true);
    expect(ejectionAllowed(DEFAULT_OUTLIER, 4, 2, 2)).toBe(false);
    expect(ejectionAllowed(DEFAULT_OUTLIER, 2, 0, 1)).toBe(false);
    expect(ejectionAllowed(DEFAULT_OUTLIER, 1, 0, 1)).toBe(false);
    expect(ejectionAllowed(parseOutlier({ maxEjectedFraction: 0.1 }), 10, 0, 10)).toBe(true);
    expect(ejectionAllowed(parseOutlier({ maxEjectedFraction: 0.1 }), 10, 1, 9)).toBe(false);
  });

  it('refuses bad options, naming them', () => {
    expect(() => parseOutlier({ maxEjectedFraction: 2 })).toThrow(/maxEjectedFraction .*got 2/);
    expect(() => parseOutlier({ consecutiveTimeouts: 0 })).toThrow(/consecutiveTimeouts .*got 0/);
    expect(() => parseOutlier({ latencyFactor: 0.5 })).toThrow(/latencyFactor .*got 0.5/);
    expect(() => parseOutlier({ maxEjected: 1 })).toThrow(/unknown option "maxEjected"/);
  });
});

describe('client options', () => {
  const refused = (options: Record<string, unknown>): string => {
    try {
      new ArangoClient(options as ConstructorParameters<typeof ArangoClient>[0]);
    } catch (err) {
      expect(err).toBeInstanceOf(ArangoClientError);
      return (err as Error).message;
    }
    throw new Error(`${JSON.stringify(options)} was accepted`);
  };

  it('refuses bad gray-failure options at construction, naming the value', () => {
    expect(refused({ attemptTimeout: -100 })).toMatch(/attemptTimeout .*got -100/);
    expect(refused({ hedge: { budget: 7 } })).toMatch(/hedge.budget .*got 7/);
    expect(refused({ hedge: { budgte: 0.1 } })).toMatch(/unknown option "budgte"/);
    expect(refused({ outlierEjection: 'on' })).toMatch(/outlierEjection .*got "on"/);
    expect(refused({ attemptTimout: 5 })).toMatch(/unknown option "attemptTimout" \(did you mean "attemptTimeout"\?\)/);
  });

  it('accepts the documented forms', async () => {
    for (const options of [
      { attemptTimeout: 'auto' as const },
      { attemptTimeout: 0 },
      { attemptTimeout: 2_000, hedge: false, outlierEjection: false },
      { attemptTimeout: { multiplier: 3, min: 250, initial: 800 }, hedge: { budget: 0.02, minDelay: 5 }, outlierEjection: { maxEjectedFraction: 0.34 } },
    ]) {
      await new ArangoClient(options).close();
    }
  });
});
