/**
 * Which host would answer soonest: the decision behind the `leastbusy` resolver and behind the
 * choice of the host for a second copy of a call (hedge, or a retry beside a stuck attempt).
 * Pure, tested alone; it reads only what `client.hosts()` shows per host.
 *
 * A host's expected response time is the larger of its recent response time (`latency`, a moving
 * average) and how long it has kept requests waiting without answering anything (`waiting`): a
 * host that turned slow shows it in the second figure within milliseconds, long before its slow
 * answers arrive — and, when hedges keep winning against it, before any answer arrives at all. Hosts expected
 * within 2× of the fastest plus 1 ms count as equally fast (scheduling noise must not decide);
 * a host k times beyond that mark weighs k. A host's cost is (requests in flight + 1) × weight,
 * so a slow host gets a request only when the fast ones are k times as busy.
 */

/** What the decision reads of a host (a `HostInfo` has all of it). */
export interface BusyView {
  readonly inFlight: number;
  /** Recent response time (ms), undefined before the first answer. */
  readonly latency?: number | undefined;
  /** While requests are in flight: ms since the host last answered anything; absent or 0 when idle. */
  readonly waiting?: number | undefined;
}

/** Hosts expected within TIE_FACTOR × the fastest + TIE_SLACK_MS count as equally fast. */
export const TIE_FACTOR = 2;
export const TIE_SLACK_MS = 1;

/** Lost races in a row beyond which the sample stops doubling (2^4 × the wait): the host is still tried again once its average fades. */
const MAX_LOST_DOUBLINGS = 4;

/**
 * The response-time sample (ms) an attempt counts as when it was given up after waiting `waited`
 * ms because another copy answered first, as the `lostInARow`-th such loss in a row (1, 2, …):
 * twice the wait, doubled again for each earlier loss in the row. A host that turned slow and
 * keeps losing hedge races is then tried exponentially less often; the first answer it gives
 * ends the row.
 */
export function lostRaceSample(waited: number, lostInARow: number): number {
  const n = lostInARow < 1 ? 1 : lostInARow > MAX_LOST_DOUBLINGS ? MAX_LOST_DOUBLINGS : lostInARow;
  return waited * 2 ** n;
}

/** The response time (ms) to expect from a host now: its recent latency, or how long it has kept requests waiting if longer. */
export function expectedLatency(host: BusyView): number {
  const latency = host.latency ?? 0;
  const waiting = host.waiting ?? 0;
  return waiting > latency ? waiting : latency;
}

/** The weight of a host expected to answer in `expected` ms when the fastest expects `fastest` ms. */
export function busyWeight(expected: number, fastest: number): number {
  const mark = TIE_FACTOR * fastest + TIE_SLACK_MS;
  return expected <= mark ? 1 : expected / mark;
}

/**
 * The index of the least busy host of `hosts` (skipping those `skip` refuses), or -1 when none
 * is left. Equal costs go to the first one found from index `start` on (wrapping), so a caller
 * that moves `start` on breaks ties round-robin.
 */
export function leastBusyIndex<H extends BusyView>(hosts: readonly H[], start = 0, skip?: (host: H) => boolean): number {
  const n = hosts.length;
  let fastest = Infinity;
  for (let i = 0; i < n; i++) {
    const host = hosts[i] as H;
    if (skip !== undefined && skip(host)) continue;
    const expected = expectedLatency(host);
    if (expected < fastest) fastest = expected;
  }
  let best = -1;
  let bestCost = Infinity;
  for (let k = 0; k < n; k++) {
    const i = (start + k) % n;
    const host = hosts[i] as H;
    if (skip !== undefined && skip(host)) continue;
    const cost = (host.inFlight + 1) * busyWeight(expectedLatency(host), fastest);
    // the first host seen is kept even if its figures are unusable (NaN)
    if (best < 0 || cost < bestCost) {
      best = i;
      bestCost = cost;
    }
  }
  return best;
}
