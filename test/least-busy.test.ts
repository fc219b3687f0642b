/** The least-busy decision alone (leastbusy resolver, host of a hedge or a retry beside a stuck attempt): no server, no timing. */
import { describe, expect, it } from 'vitest';
import { busyWeight, expectedLatency, leastBusyIndex, lostRaceSample, TIE_FACTOR, TIE_SLACK_MS, type BusyView } from '../src/transport/least-busy.js';
import { Host } from '../src/transport/host.js';
import { LeastBusyResolver } from '../src/transport/resolvers.js';
import type { HostInfo } from 'arangots';

const view = (inFlight: number, latency?: number, waiting?: number): BusyView => ({ inFlight, latency, waiting });
const info = (id: string, inFlight: number, latency?: number, waiting?: number): HostInfo => ({ id, url: id, state: 'up', inFlight, failures: 0, latency, waiting }) as unknown as HostInfo;

describe('expected response time', () => {
  it('is the larger of the recent latency and how long the requests in flight have waited', () => {
    expect(expectedLatency(view(0))).toBe(0);
    expect(expectedLatency(view(0, 0.4))).toBe(0.4);
    expect(expectedLatency(view(1, 0.4, 30))).toBe(30);
    expect(expectedLatency(view(3, 12, 2))).toBe(12);
  });

  it('weighs 1 within 2× the fastest plus 1 ms, and the ratio to that mark beyond it', () => {
    expect([TIE_FACTOR, TIE_SLACK_MS]).toEqual([2, 1]);
    expect(busyWeight(0.4, 0.4)).toBe(1);
    expect(busyWeight(1.8, 0.4)).toBe(1);
    expect(busyWeight(18, 0.4)).toBeCloseTo(10);
    expect(busyWeight(200, 4)).toBeCloseTo(200 / 9);
  });
});

describe('least busy host', () => {
  it('equal hosts: fewest in flight, ties from `start` on (round-robin when start moves)', () => {
    const hosts = [view(0, 0.4), view(0, 0.5), view(0, 0.6)];
    expect([0, 1, 2, 3].map((s) => leastBusyIndex(hosts, s % 3))).toEqual([0, 1, 2, 0]);
    expect(leastBusyIndex([view(2, 0.4), view(1, 0.4), view(2, 0.4)], 0)).toBe(1);
    // scheduling noise within the tie band does not decide
    expect(leastBusyIndex([view(1, 1.7), view(1, 0.4)], 0)).toBe(0);
  });

  it('a host k times beyond the mark gets a request only when the others are k times as busy', () => {
    // slow host 0: 200 ms against 0.4 ms → weight 200 / 1.8 ≈ 111
    expect(leastBusyIndex([view(0, 200), view(7, 0.4), view(7, 0.4)], 0)).toBe(1);
    expect(leastBusyIndex([view(0, 200), view(200, 0.4), view(200, 0.4)], 0)).toBe(0);
    // moderately slower host: weight 9 / 1.8 = 5
    expect(leastBusyIndex([view(0, 9), view(3, 0.4), view(3, 0.4)], 0)).toBe(1);
    expect(leastBusyIndex([view(0, 9), view(5, 0.4), view(5, 0.4)], 0)).toBe(0);
  });

  it('few calls in flight: a host that has kept its request waiting far longer than the others answer is avoided before it answers', () => {
    // concurrency 8 over three hosts, host 0 turned slow 20 ms ago; its latency still looks healthy
    const hosts = [view(1, 0.4, 20), view(3, 0.4, 0.2), view(3, 0.5, 0.3)];
    expect(leastBusyIndex(hosts, 0)).toBe(1);
    expect(leastBusyIndex(hosts, 2)).toBe(2);
    // the same host with its request only just sent is a plain "fewest in flight" choice
    expect(leastBusyIndex([view(1, 0.4, 0.1), view(3, 0.4, 0.2), view(3, 0.5, 0.3)], 1)).toBe(0);
  });

  it('a host never measured counts as fast, so a new host is tried', () => {
    expect(leastBusyIndex([view(1, 0.4), view(0)], 0)).toBe(1);
  });

  it('skips what the caller excludes (the host of the attempt a hedge backs up), -1 when nothing is left', () => {
    const hosts = [view(0, 0.4), view(0, 200), view(3, 0.5)];
    expect(leastBusyIndex(hosts, 0, (h) => h === hosts[0])).toBe(2);
    expect(leastBusyIndex(hosts, 0, () => true)).toBe(-1);
    expect(leastBusyIndex([], 0)).toBe(-1);
  });

  it('the leastbusy resolver breaks ties round-robin and keeps off a slow host', () => {
    const r = new LeastBusyResolver();
    const equal = ['a', 'b', 'c'].map((id) => info(id, 0, 5));
    expect(Array.from({ length: 6 }, () => r.pick(equal))).toEqual(['a', 'b', 'c', 'a', 'b', 'c']);
    const slow = [info('a', 0, 200), info('b', 2, 0.4), info('c', 2, 0.4)];
    expect(Array.from({ length: 6 }, () => r.pick(slow))).not.toContain('a');
  });
});

describe('lost races', () => {
  it('count as twice the wait, doubling with each loss in a row, up to 16×', () => {
    expect([1, 2, 3, 4, 5, 9].map((n) => lostRaceSample(10, n))).toEqual([20, 40, 80, 160, 160, 160]);
    expect(lostRaceSample(10, 0)).toBe(20);
  });

  it('a host that keeps losing hedge races looks ever slower; its first answer ends the row', () => {
    const h = new Host('http://h:1');
    h.observe(0.4, 1_000);
    const seen: number[] = [];
    for (let i = 1; i <= 4; i++) {
      h.lostRace(10, 1_000 + i);
      seen.push(h.latencyAt(1_000 + i) as number);
    }
    for (let i = 1; i < seen.length; i++) expect(seen[i]).toBeGreaterThan(seen[i - 1] as number);
    expect(seen[3]).toBeGreaterThan(50);
    expect(h.lostRaces).toBe(4);
    h.observe(0.4, 1_010);
    expect(h.lostRaces).toBe(0);
    // against healthy peers (0.4 ms, 3 in flight each) it is avoided now …
    const peers = [view(3, 0.4), view(3, 0.4)];
    expect(leastBusyIndex([view(0, h.latencyAt(1_010)), ...peers], 0)).not.toBe(0);
    // … and tried again once its unrefreshed average has faded (no traffic for a while)
    expect(leastBusyIndex([view(0, h.latencyAt(1_010 + 30_000)), ...peers], 0)).toBe(0);
  });

  it('a healthy host’s lost race is averaged away by its next answers', () => {
    const h = new Host('http://h:1');
    h.observe(0.4, 0);
    h.lostRace(10, 1);
    expect(h.latencyAt(1)).toBeGreaterThan(1.8);
    for (let i = 0; i < 10; i++) h.observe(0.4, 2 + i);
    expect(h.latencyAt(12)).toBeLessThan(1.8);
  });

  it('a race lost in less time than the host usually takes does not make it look faster', () => {
    const h = new Host('http://h:1');
    h.observe(100, 0);
    h.lostRace(10, 1);
    expect(h.latencyAt(1)).toBeCloseTo(100 * Math.exp(-1 / 3_000));
  });
});

describe('waiting', () => {
  it('is how long the client has had answers from other hosts but none from this one, 0 when idle', () => {
    const clock = { lastAnswerAt: 1_000 };
    const h = new Host('http://h:1', clock);
    expect(h.waiting).toBe(0);
    h.begin(900);
    h.begin(950);
    expect(h.inFlight).toBe(2);
    // other hosts answered up to 1 000: this one has kept its requests waiting since 900
    expect(h.waiting).toBe(100);
    expect(h.snapshot().waiting).toBe(100);
    clock.lastAnswerAt = 1_100;
    expect(h.waiting).toBe(200);
    // an answer of its own (to any call) is progress: a long query does not make a host look stuck
    h.lastAnswerAt = 1_080;
    expect(h.waiting).toBe(20);
    h.end();
    h.end();
    expect(h.inFlight).toBe(0);
    expect(h.waiting).toBe(0);
    expect(h.snapshot().waiting).toBeUndefined();
    // busy again later: counted from the new start, not from its old answer
    h.begin(1_200);
    expect(h.waiting).toBe(0);
    clock.lastAnswerAt = 1_230;
    expect(h.waiting).toBe(30);
  });

  it('no host is blamed while the client reads no answers at all (a burst of calls keeps it busy)', () => {
    const clock = { lastAnswerAt: 1_000 };
    const hosts = [new Host('http://a:1', clock), new Host('http://b:1', clock)];
    for (let i = 0; i < 12; i++) for (const h of hosts) h.begin(1_001 + i);
    expect(hosts.map((h) => h.waiting)).toEqual([0, 0]);
  });
});
