/**
 * The client's hosts and their health: which hosts are in rotation, picking one through the
 * resolver, taking hosts out (refused, 503, silent past an attempt timeout, latency outlier),
 * probing them with `GET /_admin/server/availability` and bringing them back, and the host-list
 * changes of discovery. The decisions themselves are pure functions (retry.ts, outlier.ts,
 * attempt-timeout.ts, hedge.ts); this class applies them to live hosts.
 */
import { ArangoClientError, ClientClosedError, NoHostAvailableError } from '../errors.js';
import { attemptTimeoutFor, MIN_SAMPLES, type AttemptTimeoutPolicy } from './attempt-timeout.js';
import type { TypedEmitter } from './events.js';
import { hedgeDelayFor, type HedgePolicy } from './hedge.js';
import { Host, type AnswerClock, type HostDownReason, type HostInfo } from './host.js';
import { ConnectionFailure, errorCode, type HttpClient } from './http-client.js';
import { ejectionAllowed, latencyOutliers, lostShare, OUTLIER_INTERVAL, RACE_BUCKET_MS, RACE_SPANS, raceBunching, raceEvidence, readmissionLimit, timeoutEjects, type LatencyEntry, type OutlierPolicy } from './outlier.js';
import { leastBusyIndex } from './least-busy.js';
import { answerReadmits, nextTimeoutStreak, timeoutCounts, timeoutProbeDelay } from './readmission.js';
import type { HostResolver } from './resolvers.js';
import { hostDownFor } from './retry.js';

export interface HostPoolOptions {
  hosts: readonly string[];
  resolver: HostResolver;
  http: HttpClient;
  events: TypedEmitter;
  /** Host down back-off: first and maximum delay before a probe, in ms. */
  hostBackoff: { initial: number; max: number };
  driver: string;
  attemptTimeout: AttemptTimeoutPolicy;
  hedge: HedgePolicy;
  outlier: OutlierPolicy;
}

const PROBE_PATH = '/_admin/server/availability';
const PROBE_TIMEOUT = 5_000;
/** A latency-ejected host that stayed in rotation this long starts its ejection streak afresh. */
const SLOW_STREAK_RESET_MS = 30_000;

export class HostPool {
  readonly #hosts = new Map<string, Host>();
  /** Every host in list order, and those in rotation (the same array while all are up). */
  all: Host[] = [];
  up: Host[] = [];
  closed = false;
  readonly #o: HostPoolOptions;
  /** The latest answer from any host: what a host's `waiting` is measured against. */
  readonly #clock: AnswerClock = { lastAnswerAt: -Infinity };
  #nextEvaluation = 0;
  /** The highest p99 and the upper-median p95 of the hosts in rotation (cold hosts borrow them). */
  #refP99: number | undefined = undefined;
  #refP95: number | undefined = undefined;

  constructor(options: HostPoolOptions) {
    this.#o = options;
    for (const id of options.hosts) this.#hosts.set(id, this.#newHost(id));
    this.#rebuild();
  }

  hosts(): HostInfo[] {
    return this.all.map((h) => h.snapshot());
  }

  /** A host for the next attempt: in rotation and not tried by this call if possible. */
  pick(tried: Set<Host> | undefined, attempt: number): Host {
    const all = this.all;
    if (all.length === 0) throw new ClientClosedError('the client has no hosts left');
    let candidates: Host[];
    if (tried === undefined || tried.size === 0) {
      candidates = this.up.length > 0 ? this.up : all;
    } else {
      candidates = this.up.filter((h) => !tried.has(h));
      if (candidates.length === 0) candidates = all.filter((h) => !tried.has(h));
      if (candidates.length === 0) candidates = all;
    }
    return this.#choose(candidates, attempt);
  }

  /**
   * A host in rotation outside `exclude` for a second copy (hedge, or a retry beside a stuck
   * attempt), or undefined: the least busy one, weighted by expected response time
   * (least-busy.ts), so a copy does not land on a host that is slow right now. Chosen here and not
   * by the resolver, so a copy does not move a round-robin or periodic resolver on and bend the
   * spread of first attempts.
   */
  pickOther(exclude: Set<Host>): Host | undefined {
    const up = this.up;
    const i = leastBusyIndex(up, 0, (h) => exclude.has(h));
    return i < 0 ? undefined : up[i];
  }

  #choose(candidates: Host[], attempt: number): Host {
    if (candidates.length === 1) return candidates[0] as Host;
    const id = this.#o.resolver.pick(candidates, { all: this.all, attempt });
    const host = this.#hosts.get(id);
    if (host === undefined) throw new ArangoClientError(`hostResolver.pick returned ${JSON.stringify(id)}, which is not one of the client's hosts`);
    return host;
  }

  pinned(id: string, method: string, pathOnly: string): Host {
    const host = this.#hosts.get(id);
    if (host === undefined || host.removed) {
      throw new NoHostAvailableError({
        message: `${method} ${pathOnly} is pinned to ${id}, which owns its cursor, transaction or job, but that host is no longer in the client's host list`,
        method,
        url: pathOnly,
        attempts: [{ hostId: id, reason: 'not in the host list' }],
      });
    }
    return host;
  }

  // ---- outcomes of attempts ------------------------------------------------------------------

  /** A complete answer (any status) after `ms`. */
  answered(host: Host, ms: number, now: number): void {
    host.observe(ms, now);
    const stats = host.stats;
    stats.answers++;
    stats.window.record(ms);
    host.lastAnswerAt = now;
    if (now > this.#clock.lastAnswerAt) this.#clock.lastAnswerAt = now;
    host.consecutiveTimeouts = 0;
    host.consecutiveNetworkErrors = 0;
    if (now >= this.#nextEvaluation || stats.window.count === MIN_SAMPLES) this.evaluate(now);
  }

  /**
   * An attempt given up after `ms` because another copy answered first: it took at least that
   * long. Marked as lost in the window: the outlier decision weighs the share of lost races, which
   * the waited times alone hide.
   */
  abandoned(host: Host, ms: number, now: number): void {
    host.stats.window.record(ms, true);
    host.lostRace(ms, now);
  }

  /**
   * A network failure. One that cannot have reached the server (refused, DNS…) takes the host out
   * at once; one after the request was sent (reset, closed) only when it repeats without an answer
   * in between: a server closing an idle keep-alive socket as it is reused is not a dead host.
   */
  networkFailure(host: Host, sent: boolean, reason: string): void {
    host.stats.networkErrors++;
    host.consecutiveNetworkErrors++;
    host.lastError = reason;
    if (!sent || host.consecutiveNetworkErrors >= 2) this.markDown(host, reason, 'unreachable');
  }

  /**
   * An attempt ran past its attempt timeout. Returns whether the host looks silent (it answered
   * nothing since the attempt started), whether or not it could be taken out.
   */
  attemptTimedOut(host: Host, started: number, reason: string): boolean {
    host.stats.timeouts++;
    const silent = host.lastAnswerAt < started;
    // an attempt sent before the host last came back was already judged (readmission.ts)
    if (!timeoutCounts(started, host.readmittedAt)) return silent;
    host.consecutiveTimeouts++;
    if (host.state === 'up' && timeoutEjects(this.#o.outlier, !silent, host.consecutiveTimeouts) && this.#mayEject()) {
      this.markDown(host, reason, 'timeout');
    }
    return silent;
  }

  /**
   * A non-503 answer from a host to an attempt sent at `started` (performance.now()), `timedOut`
   * if it came after the attempt's timeout: back in rotation if readmission.ts says so.
   */
  succeeded(host: Host, started: number, timedOut: boolean): void {
    if (host.state === 'down') {
      if (answerReadmits(host.downReason, { sentAfterDown: started >= host.downAt, inTime: !timedOut })) this.markUp(host);
    } else if (host.failures > 0) {
      this.markUp(host);
    }
  }

  // ---- periodic evaluation -------------------------------------------------------------------

  /** Refreshes each host's derived attempt timeout and hedge delay, and ejects latency outliers. */
  evaluate(now: number): void {
    this.#nextEvaluation = now + OUTLIER_INTERVAL;
    const up = this.up;
    let refP99: number | undefined;
    const p95s: number[] = [];
    const entries: LatencyEntry[] = [];
    for (const host of up) {
      const w = host.stats.window;
      const p50 = w.percentile(0.5, now);
      const p95 = w.percentile(0.95, now);
      const p99 = w.percentile(0.99, now);
      if (w.count >= MIN_SAMPLES && p99 !== undefined && p95 !== undefined) {
        if (refP99 === undefined || p99 > refP99) refP99 = p99;
        p95s.push(p95);
      }
      entries.push({ samples: w.count, p50, p95, races: raceEvidence(w.races), bunching: raceBunching(w.races) });
      // after the read: the bucket that ends now is the latest evidence, not an empty new one
      w.races.roll(now);
    }
    p95s.sort((a, b) => a - b);
    this.#refP99 = refP99;
    this.#refP95 = p95s.length === 0 ? undefined : p95s[Math.floor(p95s.length / 2)];
    for (const host of this.all) this.#derive(host, now);
    if (this.#o.outlier.enabled && up.length > 1) {
      const outliers = latencyOutliers(this.#o.outlier, entries);
      for (const index of outliers) {
        const host = up[index] as Host;
        if (!this.#mayEject()) break;
        const w = host.stats.window;
        const e = entries[index] as LatencyEntry;
        const lost = lostShare(e) > 0 ? `, attempts that lost the race to another copy ${(e.races ?? []).map((r) => `${r.lost} of ${r.attempts}`).join(', ')} over ${RACE_SPANS.map((b) => (b * RACE_BUCKET_MS) / 1000).join(', ')} s (${pct(lostShare(e))})` : '';
        this.markDown(host, `latency outlier: p50 ${fmt(w.percentile(0.5, now))} ms, p95 ${fmt(w.percentile(0.95, now))} ms${lost}; peers' p95 ${fmt(this.#refP95)} ms`, 'slow');
      }
    }
  }

  #derive(host: Host, now: number): void {
    const w = host.stats.window;
    host.attemptTimeout = attemptTimeoutFor(this.#o.attemptTimeout, w.percentile(0.99, now), w.count, this.#refP99);
    host.hedgeDelay = hedgeDelayFor(this.#o.hedge, w.percentile(0.95, now), w.count, this.#refP95);
  }

  #mayEject(): boolean {
    let gray = 0;
    for (const h of this.all) if (h.state === 'down' && (h.downReason === 'timeout' || h.downReason === 'slow')) gray++;
    return ejectionAllowed(this.#o.outlier, this.all.length, gray, this.up.length);
  }

  // ---- health --------------------------------------------------------------------------------

  #rebuild(): void {
    this.all = [...this.#hosts.values()].filter((h) => !h.removed);
    const up = this.all.filter((h) => h.state === 'up');
    this.up = up.length === this.all.length ? this.all : up;
  }

  markDown(host: Host, reason: string, kind: HostDownReason): void {
    host.lastError = reason;
    if (host.state === 'down' || this.closed) return;
    const now = Date.now();
    host.state = 'down';
    host.downReason = kind;
    host.downAt = performance.now();
    host.stats.ejections++;
    host.failures++;
    const { initial, max } = this.#o.hostBackoff;
    let delay: number;
    if (kind === 'timeout') {
      // at once the first time (a busy but healthy host is back within a round trip), then later each time
      host.timeoutStreak = nextTimeoutStreak(host.timeoutStreak, now - host.upSince);
      delay = timeoutProbeDelay(host.timeoutStreak, initial, max);
    } else if (kind === 'slow') {
      if (now - host.upSince > SLOW_STREAK_RESET_MS) host.slowStreak = 0;
      host.slowStreak++;
      delay = hostDownFor(host.slowStreak, 4 * initial, Math.max(4 * initial, 6 * max));
    } else {
      delay = hostDownFor(host.failures, initial, max);
    }
    host.downUntil = now + delay;
    this.#rebuild();
    this.#o.events.emit('hostDown', { host: host.snapshot(), reason, kind });
    this.#scheduleProbe(host);
  }

  markUp(host: Host): void {
    const wasDown = host.state === 'down';
    const gray = host.downReason === 'timeout' || host.downReason === 'slow';
    host.state = 'up';
    host.failures = 0;
    host.downUntil = undefined;
    host.downReason = undefined;
    host.lastError = undefined;
    host.consecutiveTimeouts = 0;
    host.consecutiveNetworkErrors = 0;
    if (host.probeTimer !== undefined) {
      clearTimeout(host.probeTimer);
      host.probeTimer = undefined;
    }
    if (wasDown) {
      host.upSince = Date.now();
      host.readmittedAt = performance.now();
      // its old samples describe the fault, not the host as it is now
      if (gray) {
        host.stats.window.clear();
        host.forgetLatency();
      }
      this.#derive(host, performance.now());
      this.#rebuild();
      this.#o.events.emit('hostUp', { host: host.snapshot() });
    }
  }

  #scheduleProbe(host: Host): void {
    if (host.probeTimer !== undefined) clearTimeout(host.probeTimer);
    const delay = Math.max(0, (host.downUntil ?? Date.now()) - Date.now());
    host.probeTimer = setTimeout(() => {
      host.probeTimer = undefined;
      void this.#probe(host);
    }, delay);
    // Probes must never keep a process alive on their own.
    host.probeTimer.unref();
  }

  /**
   * `GET /_admin/server/availability` (public, no credentials): any answer but 503 means up. A host
   * out for a gray failure must also answer within the attempt timeout its healthy peers would get,
   * and one out for slowness within the latency bar it failed (outlier.ts).
   */
  async #probe(host: Host): Promise<void> {
    if (this.closed || host.removed || host.state === 'up' || host.probing) return;
    host.probing = true;
    let up = false;
    let reason = 'HTTP 503';
    const gray = host.downReason === 'timeout' || host.downReason === 'slow';
    let limit = gray ? Math.min(PROBE_TIMEOUT, attemptTimeoutFor(this.#o.attemptTimeout, undefined, 0, this.#refP99) ?? PROBE_TIMEOUT) : PROBE_TIMEOUT;
    if (host.downReason === 'slow') limit = readmissionLimit(this.#o.outlier, this.#refP95, limit);
    try {
      const res = await this.#o.http.request({
        origin: host.id,
        method: 'GET',
        path: PROBE_PATH,
        headers: { 'x-arango-driver': this.#o.driver },
        signal: AbortSignal.timeout(Math.ceil(limit)),
      });
      up = res.status !== 503;
    } catch (err) {
      reason = gray && isAbort(err) ? `no answer to ${PROBE_PATH} within ${Math.round(limit)} ms` : describeNetworkFailure(err);
    } finally {
      host.probing = false;
    }
    if (this.closed || host.removed || isUp(host)) return;
    if (up) {
      this.markUp(host);
    } else {
      host.lastError = reason;
      host.failures++;
      host.downUntil = Date.now() + hostDownFor(host.failures, this.#o.hostBackoff.initial, this.#o.hostBackoff.max);
      this.#scheduleProbe(host);
    }
  }

  // ---- host list changes -------------------------------------------------------------------

  #newHost(id: string): Host {
    const host = new Host(id, this.#clock);
    host.upSince = Date.now();
    this.#derive(host, performance.now());
    return host;
  }

  /** Replaces the host list: adopts new ids, drains and closes removed ones. Returns the new list. */
  setHosts(ids: readonly string[]): string[] {
    if (this.closed) throw new ClientClosedError();
    if (ids.length === 0) throw new ArangoClientError('refusing to replace the host list with an empty one');
    const wanted = new Set(ids);
    const added: Host[] = [];
    const removed: Host[] = [];
    for (const host of this.all) {
      if (!wanted.has(host.id)) {
        host.removed = true;
        if (host.probeTimer !== undefined) clearTimeout(host.probeTimer);
        host.probeTimer = undefined;
        this.#hosts.delete(host.id);
        removed.push(host);
      }
    }
    // Keep the order the caller gave, existing hosts keep their state.
    const next = new Map<string, Host>();
    for (const id of ids) {
      let host = this.#hosts.get(id);
      if (host === undefined) {
        host = this.#newHost(id);
        added.push(host);
      }
      next.set(id, host);
    }
    this.#hosts.clear();
    for (const [id, host] of next) this.#hosts.set(id, host);
    this.#rebuild();
    for (const host of added) this.#o.events.emit('hostAdded', { host: host.snapshot() });
    for (const host of removed) {
      this.#o.events.emit('hostRemoved', { host: host.snapshot() });
      if (host.inFlight === 0) this.drain(host);
    }
    return this.all.map((h) => h.id);
  }

  drain(host: Host): void {
    void this.#o.http.closeOrigin?.(host.id).catch(() => {
      /* closing a pool of a host that left the list is best effort */
    });
  }

  close(): void {
    this.closed = true;
    for (const host of this.#hosts.values()) {
      if (host.probeTimer !== undefined) clearTimeout(host.probeTimer);
      host.probeTimer = undefined;
    }
  }
}

export function describeNetworkFailure(err: unknown): string {
  const code = errorCode(err);
  if (err instanceof ConnectionFailure) return err.message;
  if (err instanceof Error) return code !== undefined && !err.message.includes(code) ? `${code}: ${err.message}` : err.message;
  return String(err);
}

function isAbort(err: unknown): boolean {
  const name = err instanceof ConnectionFailure ? (err.cause as { name?: unknown } | undefined)?.name : (err as { name?: unknown } | undefined)?.name;
  return name === 'TimeoutError' || name === 'AbortError';
}

/** A function, so TypeScript does not narrow `state` across the probe's await. */
function isUp(host: Host): boolean {
  return host.state === 'up';
}

function pct(share: number): string {
  return `${Math.round(share * 1000) / 10} %`;
}

function fmt(ms: number | undefined): string {
  return ms === undefined ? '?' : String(Math.round(ms * 10) / 10);
}
