/**
 * The lost-race test of outlier.ts alone: its bounds, its evidence, and the whole decision driven
 * tick by tick (as HostPool.evaluate does every 200 ms) over seeded simulated traffic: healthy
 * noise, stalls and different rates must never eject a host; a straggler must leave soon.
 */
import { describe, expect, it } from 'vitest';
import { RaceCounts } from '../src/transport/host-stats.js';
import {
  countBounds,
  DEFAULT_OUTLIER,
  ejectionAllowed,
  latencyOutliers,
  LOST_EXCESS,
  lostRaceExcess,
  parseOutlier,
  RACE_BUCKET_MS,
  raceBunching,
  raceEvidence,
  type LatencyEntry,
  type OutlierPolicy,
} from '../src/transport/outlier.js';

describe('lost-race bounds', () => {
  it('bounds a count like the exact Poisson bounds, a little wider for a few counts', () => {
    // exact one-sided 1e-5 bounds: upper of 0 is 11.51, of 10 is 31.17; lower of 10 is 1.66, of 100 62.93
    const [l0, u0] = countBounds(0, 4.26);
    expect(l0).toBe(0);
    expect(u0).toBeGreaterThan(11.5);
    expect(u0).toBeLessThan(12.5);
    const [l10, u10] = countBounds(10, 4.26);
    expect(l10).toBeGreaterThan(1.5);
    expect(l10).toBeLessThan(1.67);
    expect(u10).toBeGreaterThan(31.1);
    expect(u10).toBeLessThan(31.6);
    expect(countBounds(100, 4.26)[0]).toBeCloseTo(62.9, 0);
  });

  it('a few lost races are enough when the peers lost none of many; a small sample never is', () => {
    // 30 of 1 140 attempts (2.6 %), peers 0 of 2 280: not yet; 40 (3.5 %): out
    expect(lostRaceExcess(1140, 30, 2280, 0, 3)).toBeLessThan(LOST_EXCESS);
    expect(lostRaceExcess(1140, 40, 2280, 0, 3)).toBeGreaterThan(LOST_EXCESS);
    // 3 of 16 is 19 %, but 16 attempts cannot tell that from a healthy host's 1 %
    expect(lostRaceExcess(16, 3, 100_000, 0, 3)).toBeLessThan(LOST_EXCESS);
    // a share just above the peers' by less than a point never goes out, however much evidence
    expect(lostRaceExcess(1e7, 0.019 * 1e7, 2e7, 0.01 * 2e7, 1)).toBeLessThan(LOST_EXCESS);
    expect(lostRaceExcess(1e7, 0.021 * 1e7, 2e7, 0.01 * 2e7, 1)).toBeGreaterThan(LOST_EXCESS);
  });

  it('needs the host to lose more than latencyFactor times its peers’ share', () => {
    // peers lose 3 %: 8 % stands well clear of them by the bound, but is under 3 × 3 %
    expect(lostRaceExcess(10_000, 800, 20_000, 600, 3)).toBe(-Infinity);
    expect(lostRaceExcess(10_000, 800, 20_000, 600, 2)).toBeGreaterThan(LOST_EXCESS);
    expect(lostRaceExcess(0, 0, 100, 0, 3)).toBe(-Infinity);
    expect(lostRaceExcess(100, 50, 0, 0, 3)).toBe(-Infinity);
  });
});

describe('lost-race evidence', () => {
  it('counts attempts in buckets of time, forgetting those that left the span', () => {
    const r = new RaceCounts(10, 200);
    r.roll(0);
    for (let i = 0; i < 10; i++) r.add(i < 3);
    r.roll(250); // the next bucket
    for (let i = 0; i < 5; i++) r.add(false);
    expect([r.attemptsAt(0), r.lostAt(0), r.attemptsAt(1), r.lostAt(1)]).toEqual([5, 0, 10, 3]);
    r.roll(250 + 8 * 200); // 8 buckets on: the first is 9 back, still in
    expect([r.attemptsAt(9), r.lostAt(9), r.attemptsAt(8)]).toEqual([10, 3, 5]);
    r.roll(250 + 9 * 200); // one more: it is gone
    expect([r.attemptsAt(9), r.attemptsAt(10)]).toEqual([5, 0]);
    r.roll(1e6); // a long quiet: everything gone
    for (let b = 0; b < 10; b++) expect(r.attemptsAt(b)).toBe(0);
    r.add(true);
    r.clear();
    expect([r.attemptsAt(0), r.lostAt(0)]).toEqual([0, 0]);
  });

  it('leaves out a span’s stalls (buckets whose losses the rest makes implausible, up to a tenth of it) and weighs bunched losses less', () => {
    const r = new RaceCounts(50, 200);
    r.roll(0);
    // 50 buckets of 40 attempts, one lost in each, and three stalls of 12 lost
    for (let b = 0; b < 50; b++) {
      const stall = b === 5 || b === 30 || b === 48;
      for (let i = 0; i < 40; i++) r.add(stall ? i < 12 : i < 1);
      if (b < 49) r.roll((b + 1) * 200);
    }
    // each span leaves out its stalls (implausible for the rest of it), not its ordinary buckets;
    // what is left is even: no design effect
    expect(raceEvidence(r)).toEqual([
      { attempts: 120, lost: 3, effect: 1 },
      { attempts: 360, lost: 9, effect: 1 },
      { attempts: 1880, lost: 47, effect: 1 },
    ]);
    // the stalls of its older buckets are its record: bunched
    expect(raceBunching(r)).toBeGreaterThan(3);
    // losses that bunch weigh less: 10 of 40 in one bucket, none in the others
    const b = new RaceCounts(50, 200);
    b.roll(0);
    for (let k = 0; k < 50; k++) {
      for (let i = 0; i < 40; i++) b.add((k === 20 || k === 40 || k < 6) && i < 10);
      if (k < 49) b.roll((k + 1) * 200);
    }
    const long = raceEvidence(b).at(-1)!;
    expect(long).toMatchObject({ attempts: 1800, lost: 30 });
    expect(long.effect).toBeGreaterThan(5);
    // a quiet host's lone losses are not outliers: nothing is left out
    const lone = new RaceCounts(50, 200);
    lone.roll(0);
    for (let k = 0; k < 50; k++) {
      for (let i = 0; i < 5; i++) lone.add(k % 7 === 0 && i === 0);
      if (k < 49) lone.roll((k + 1) * 200);
    }
    expect(raceEvidence(lone).at(-1)).toEqual({ attempts: 250, lost: 8, effect: 1 });
    expect(raceBunching(lone)).toBe(1);
  });
});

// ---- the decision over simulated traffic ---------------------------------------------------------

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A binomial draw by inversion (fast for the small shares of lost races). */
function binomial(rand: () => number, n: number, p: number): number {
  if (p <= 0 || n <= 0) return 0;
  if (p >= 1) return n;
  const q = 1 - p;
  let pr = Math.pow(q, n);
  if (pr === 0) return Math.round(n * p); // never reached at these sizes; keeps the loop finite
  let cdf = pr;
  const u = rand();
  let k = 0;
  while (u > cdf && k < n) {
    pr *= ((n - k) / (k + 1)) * (p / q);
    k++;
    cdf += pr;
  }
  return k;
}

interface SimHost {
  /** Attempts per 200 ms bucket, on average. */
  rate: number;
  /** Share of its attempts that lose a race, outside stalls. */
  lostShare: number;
  /** Chance per bucket of a stall (a pause or a collection): every attempt in flight or arriving during it loses. */
  stallChance?: number;
  /** How long stalls last at most (ms); at least 10, the hedge's minimum delay. */
  stallMs?: number;
  /** From this tick on, this much more of its attempts lose (a straggler from then on). */
  straggleFrom?: number;
  straggle?: number;
}

/**
 * Drives latencyOutliers as HostPool.evaluate does, one evaluation per 200 ms bucket, ejecting
 * within the cap (an ejected host gets no traffic and stays out). Attempts take ~5 ms, so a host
 * has rate / 40 in flight; a stall of d ms makes those and the d / 200 × rate arriving during it
 * lose (as many as the hedge budget, 5 % of the calls, allows), and straddles two buckets with a
 * chance of d / 200. Returns the tick of each host's ejection.
 */
function simulate(policy: OutlierPolicy, hosts: SimHost[], ticks: number, seed: number): (number | undefined)[] {
  const rand = mulberry32(seed);
  // the latency rules are not under test: every host answers in 2-3 ms; only the races count
  const counts = hosts.map(() => new RaceCounts());
  const out: (number | undefined)[] = hosts.map(() => undefined);
  const calls = hosts.reduce((n, h) => n + h.rate, 0);
  const carry = hosts.map(() => 0);
  for (let t = 0; t < ticks; t++) {
    const now = t * RACE_BUCKET_MS;
    hosts.forEach((h, i) => {
      if (out[i] !== undefined) return;
      const r = counts[i] as RaceCounts;
      const n = Math.max(1, Math.round(h.rate * (0.7 + 0.6 * rand())));
      let stalled = carry[i] as number;
      carry[i] = 0;
      if (rand() < (h.stallChance ?? 0)) {
        const d = 10 + rand() * ((h.stallMs ?? 60) - 10);
        const hit = Math.min(Math.round(h.rate / 40 + (h.rate * d) / 200), Math.round(0.05 * calls * (d / 200)) + 10);
        if (rand() < d / 200) {
          const first = Math.round(hit * rand());
          stalled += first;
          carry[i] = hit - first;
        } else {
          stalled += hit;
        }
      }
      stalled = Math.min(stalled, n);
      const share = h.lostShare + (t >= (h.straggleFrom ?? 0) ? (h.straggle ?? 0) : 0);
      const lost = stalled + binomial(rand, n - stalled, share);
      for (let a = 0; a < n; a++) r.add(a < lost);
    });
    const up: number[] = [];
    const entries: LatencyEntry[] = [];
    hosts.forEach((_, i) => {
      if (out[i] !== undefined) return;
      const r = counts[i] as RaceCounts;
      up.push(i);
      entries.push({ samples: 256, p50: 2, p95: 3, races: raceEvidence(r), bunching: raceBunching(r) });
      r.roll(now + RACE_BUCKET_MS);
    });
    for (const index of latencyOutliers(policy, entries)) {
      const ejected = out.filter((x) => x !== undefined).length;
      if (!ejectionAllowed(policy, hosts.length, ejected, hosts.length - ejected)) break;
      out[up[index] as number] = t;
    }
  }
  return out;
}

describe('lost-race ejection over simulated traffic', () => {
  /** 32 scenarios of healthy hosts: rates of 5 to 1 500 attempts per 200 ms, shares of none to 4 %. */
  function healthyRuns(stallChance: number): { falses: number; hostHours: number; runs: number } {
    let falses = 0;
    let hostTicks = 0;
    let runs = 0;
    for (const rate of [5, 40, 200, 1_500]) {
      for (const share of [0, 0.003, 0.01, 0.04]) {
        for (const nHosts of [3, 5]) {
          const seed = 1_000 * rate + 10_000 * share + nHosts;
          const rand = mulberry32(seed);
          const hosts: SimHost[] = Array.from({ length: nHosts }, () => ({
            rate: rate * (0.6 + 0.8 * rand()),
            // hosts differ: ±30 % in their share of lost races
            lostShare: share * (0.7 + 0.6 * rand()),
            stallChance,
            stallMs: 100,
          }));
          const ticks = 1_000;
          falses += simulate(DEFAULT_OUTLIER, hosts, ticks, seed).filter((t) => t !== undefined).length;
          hostTicks += nHosts * ticks;
          runs++;
        }
      }
    }
    return { falses, hostHours: (hostTicks * RACE_BUCKET_MS) / 3_600_000, runs };
  }

  it('never ejects a healthy host for its noise: any rate, any share up to 4 %, hosts 30 % apart (seeded)', () => {
    // a hedge at the p95 loses at most about 5 % of a host's attempts
    const r = healthyRuns(0);
    expect(r.runs).toBe(32);
    expect(r.hostHours).toBeGreaterThan(7);
    expect(r.falses).toBe(0);
  });

  it('stalls (10-100 ms, every 4 s on every host, all attempts in flight lose) eject a healthy host hardly ever', () => {
    // three stall-hit buckets within 0.8 s on a host with a clean record look like a straggler
    // starting: the only false ejections this model produces (the host is back at its first probe)
    // (the rule this replaced, a bar on the share of the last 256 attempts, ejected a healthy host
    // about three times per simulated host-hour here: a stall fills a busy host's window)
    const r = healthyRuns(0.05);
    expect(r.hostHours).toBeGreaterThan(7);
    expect(r.falses / r.hostHours).toBeLessThan(0.5);
  });

  it('ejects a straggler that starts after a healthy minute: 10 % of its attempts within about a second, 5 % within a few, 2 % within ten (a busy host)', () => {
    const busy = 1_200; // ~6 000 attempts/s per host, as in bench/faults.mjs on a quiet machine
    const onset = 300; // ticks of 200 ms: a healthy minute first, with stalls on every host
    for (const [straggle, within] of [
      [0.1, 1_600],
      [0.05, 6_000],
      [0.02, 12_000],
    ] as const) {
      const took: number[] = [];
      for (let seed = 1; seed <= 5; seed++) {
        const hosts: SimHost[] = [
          { rate: busy, lostShare: 0.003, straggle, straggleFrom: onset, stallChance: 0.02, stallMs: 60 },
          { rate: busy, lostShare: 0.003, stallChance: 0.02, stallMs: 60 },
          { rate: busy, lostShare: 0.003, stallChance: 0.02, stallMs: 60 },
        ];
        const out = simulate(DEFAULT_OUTLIER, hosts, onset + 100, seed);
        expect({ straggle, seed, peers: out.slice(1) }).toEqual({ straggle, seed, peers: [undefined, undefined] });
        expect(out[0]).toBeDefined();
        took.push(((out[0] as number) + 1 - onset) * RACE_BUCKET_MS);
      }
      // not before it starts, and soon after
      expect(Math.min(...took)).toBeGreaterThan(0);
      expect({ straggle, took: Math.max(...took) <= within }).toEqual({ straggle, took: true });
    }
  });

  it('leaves a host that loses 1 % more than its peers in rotation (the bar is one point above them, with confidence)', () => {
    const hosts: SimHost[] = [
      { rate: 1_200, lostShare: 0.003, straggle: 0.008, straggleFrom: 0 },
      { rate: 1_200, lostShare: 0.003 },
      { rate: 1_200, lostShare: 0.003 },
    ];
    expect(simulate(DEFAULT_OUTLIER, hosts, 600, 11)).toEqual([undefined, undefined, undefined]);
  });

  it('at a quiet host’s rate it takes longer, but gets there', () => {
    // 25 attempts/s: the window's 256 attempts reach back 10 s
    const hosts: SimHost[] = [
      { rate: 5, lostShare: 0.1 },
      { rate: 5, lostShare: 0.002 },
      { rate: 5, lostShare: 0.002 },
    ];
    const out = simulate(DEFAULT_OUTLIER, hosts, 600, 7);
    expect(out[0]).toBeDefined();
    expect(out.slice(1)).toEqual([undefined, undefined]);
  });

  it('never ejects past the cap: of three hosts one, of five two, even when more straggle', () => {
    const straggler: SimHost = { rate: 1_000, lostShare: 0.1 };
    const healthy: SimHost = { rate: 1_000, lostShare: 0.002 };
    // two of three straggle: the median peer is a straggler, so neither stands out; never both
    const three = simulate(DEFAULT_OUTLIER, [straggler, straggler, healthy], 50, 3);
    expect(three.filter((t) => t !== undefined).length).toBeLessThanOrEqual(1);
    // two of five: both go, one at a time; a third (a cap of floor(0.5 × 5) = 2) never
    const five = simulate(DEFAULT_OUTLIER, [straggler, straggler, { ...straggler, lostShare: 0.2 }, healthy, healthy], 50, 5);
    expect(five.filter((t) => t !== undefined).length).toBe(2);
    expect(five.slice(3)).toEqual([undefined, undefined]);
    // a tighter cap: one of five
    const capped = simulate(parseOutlier({ maxEjectedFraction: 0.2 }), [straggler, straggler, healthy, healthy, healthy], 50, 5);
    expect(capped.filter((t) => t !== undefined).length).toBe(1);
    // latency ejection off: never for lost races either
    expect(simulate(parseOutlier({ latencyFactor: 0 }), [straggler, healthy, healthy], 50, 5)).toEqual([undefined, undefined, undefined]);
  });
});
