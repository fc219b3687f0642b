import { describe, expect, it } from 'vitest';
import { HostStatsRecorder, LatencyWindow } from '../src/transport/host-stats.js';

describe('LatencyWindow', () => {
  it('reads nearest-rank percentiles of the samples', () => {
    const w = new LatencyWindow(100);
    expect(w.percentile(0.5)).toBeUndefined();
    for (let i = 100; i >= 1; i--) w.record(i);
    expect(w.count).toBe(100);
    expect(w.percentile(0.5, Infinity)).toBe(50);
    expect(w.percentile(0.95, Infinity)).toBe(95);
    expect(w.percentile(0.99, Infinity)).toBe(99);
    expect(w.percentile(1, Infinity)).toBe(100);
    expect(w.percentile(0, Infinity)).toBe(1);
    expect(w.summary(Infinity)).toEqual({ samples: 100, p50: 50, p95: 95, p99: 99, max: 100 });
  });

  it('keeps only the latest samples', () => {
    const w = new LatencyWindow(4);
    for (const ms of [1000, 1000, 1000, 1000, 1, 2, 3]) w.record(ms);
    expect(w.count).toBe(4);
    expect(w.summary(Infinity)).toEqual({ samples: 4, p50: 2, p95: 1000, p99: 1000, max: 1000 });
    w.record(4);
    expect(w.summary(Infinity).max).toBe(4);
  });

  it('sorts at most once per few samples while the cache is fresh (amortised read-out)', () => {
    const w = new LatencyWindow(64);
    for (let i = 0; i < 32; i++) w.record(10);
    expect(w.percentile(0.99, 0)).toBe(10);
    // a few new samples within the refresh interval leave the cached value
    for (let i = 0; i < 3; i++) w.record(500);
    expect(w.percentile(0.99, 1)).toBe(10);
    // an old cache is refreshed
    expect(w.percentile(0.99, 10_000)).toBe(500);
    // so are many new samples
    for (let i = 0; i < 40; i++) w.record(7);
    expect(w.percentile(0.5, 10_001)).toBe(7);
  });

  it('counts the lost races among the samples it keeps', () => {
    const w = new LatencyWindow(4);
    w.record(10, true);
    w.record(1);
    w.record(12, true);
    expect(w.lost).toBe(2);
    expect(w.summary(Infinity)).toEqual({ samples: 3, p50: 10, p95: 12, p99: 12, max: 12, lost: 2 });
    // the ring overwrites the oldest sample, a lost one: it leaves the count
    w.record(2);
    w.record(3);
    expect(w.lost).toBe(1);
    w.record(4);
    w.record(5);
    expect(w.lost).toBe(0);
    expect(w.summary(Infinity)).not.toHaveProperty('lost');
    w.record(9, true);
    w.clear();
    expect(w.lost).toBe(0);
    w.record(1);
    expect(w.lost).toBe(0);
  });

  it('clear() forgets everything; bad samples count as 0', () => {
    const w = new LatencyWindow(8);
    w.record(5);
    w.clear();
    expect(w.count).toBe(0);
    expect(w.summary(Infinity)).toEqual({ samples: 0 });
    w.record(-3);
    w.record(Number.NaN);
    expect(w.summary(Infinity)).toMatchObject({ samples: 2, max: 0 });
    expect(() => new LatencyWindow(0)).toThrow(RangeError);
  });
});

describe('HostStatsRecorder', () => {
  it('snapshots counters and the window', () => {
    const s = new HostStatsRecorder(16);
    s.requests += 3;
    s.answers += 2;
    s.timeouts++;
    s.window.record(1.234);
    s.window.record(3);
    const snap = s.snapshot();
    expect(snap).toEqual({
      requests: 3, answers: 2, networkErrors: 0, timeouts: 1, retries: 0, hedges: 0, hedgesWon: 0, ejections: 0,
      recent: { samples: 2, p50: 1.23, p95: 3, p99: 3, max: 3 },
    });
    // a snapshot is a copy
    s.requests++;
    expect(snap.requests).toBe(3);
    expect(s.recent.samples).toBe(2);
  });
});
