/**
 * Per-host statistics: a fixed-size window of recent attempt latencies with percentile read-out,
 * and counters of what happened to the host's attempts. The gray-failure decisions (attempt
 * timeouts, hedging, outlier ejection) read them, and `client.hosts()` shows them, so users see
 * exactly what those decisions rest on.
 *
 * Recording is O(1) and allocation-free (two typed arrays written in a ring). Percentiles need a
 * sort, so they are computed at most once per `REFRESH_SAMPLES` new samples or `REFRESH_MS`, and
 * read from the cache in between: the hot path never sorts.
 */
import { RACE_BUCKET_MS, RACE_SPANS } from './outlier.js';

/** Latency percentiles over the recent window, in ms. */
export interface LatencySummary {
  /** Samples in the window (at most `WINDOW_SIZE`). */
  readonly samples: number;
  readonly p50?: number | undefined;
  readonly p95?: number | undefined;
  readonly p99?: number | undefined;
  readonly max?: number | undefined;
  /**
   * How many of the samples are attempts given up because another copy answered first (shown
   * when there are any): each counts as the time it had waited, a lower bound of its real time.
   */
  readonly lost?: number | undefined;
}

/** What `client.hosts()` shows per host under `stats`. Counters only grow (they never reset). */
export interface HostStats {
  /** Attempts sent to this host: first tries, retries and hedges. */
  readonly requests: number;
  /** Attempts this host answered with any HTTP status. */
  readonly answers: number;
  /** Attempts that failed without an answer (refused, reset, closed…); attempt timeouts are counted apart. */
  readonly networkErrors: number;
  /** Attempts that ran past their attempt timeout (see the README: gray failures). */
  readonly timeouts: number;
  /** Attempts that were a call's retry (second or later try, hedges not included). */
  readonly retries: number;
  /** Hedged copies sent to this host, and how many of them answered first. */
  readonly hedges: number;
  readonly hedgesWon: number;
  /** Times the host was taken out of rotation, whatever the reason. */
  readonly ejections: number;
  /** Response times of the most recent answered (or abandoned) attempts. */
  readonly recent: LatencySummary;
}

/** Samples kept per host. */
export const WINDOW_SIZE = 256;
const REFRESH_SAMPLES = 16;
const REFRESH_MS = 250;

/**
 * The latest `size` latency samples of one host, in a ring. `percentile()` reads a cached sorted
 * copy that is refreshed only when enough new samples arrived or the cache is old.
 */
export class LatencyWindow {
  readonly #values: Float64Array;
  readonly #sorted: Float64Array;
  /** 1 where the sample is an attempt that lost the race to another copy. */
  readonly #lostFlags: Uint8Array;
  #lost = 0;
  #next = 0;
  #count = 0;
  #sortedCount = 0;
  #sinceSort = 0;
  #sortedAt = -Infinity;

  constructor(readonly size = WINDOW_SIZE) {
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`window size must be a positive integer, got ${String(size)}`);
    this.#values = new Float64Array(size);
    this.#sorted = new Float64Array(size);
    this.#lostFlags = new Uint8Array(size);
  }

  /** Samples in the window. */
  get count(): number {
    return this.#count;
  }

  /** Samples in the window that are attempts given up because another copy answered first. */
  get lost(): number {
    return this.#lost;
  }

  /**
   * Attempts and lost races over the last 10 s, in buckets of time, however many: the window holds
   * 256 samples, a few tens of ms of a busy host, too few to tell a light straggler from noise.
   */
  readonly races = new RaceCounts();

  /** `lost`: the attempt was given up after `ms` because another copy answered first. */
  record(ms: number, lost = false): void {
    this.races.add(lost);
    const i = this.#next;
    if (this.#count === this.size) this.#lost -= this.#lostFlags[i] as number;
    this.#lostFlags[i] = lost ? 1 : 0;
    if (lost) this.#lost++;
    this.#values[i] = ms < 0 || Number.isNaN(ms) ? 0 : ms;
    this.#next = (this.#next + 1) % this.size;
    if (this.#count < this.size) this.#count++;
    this.#sinceSort++;
  }

  /** Forgets every sample (a host that comes back starts afresh). */
  clear(): void {
    this.races.clear();
    this.#next = 0;
    this.#count = 0;
    this.#lost = 0;
    this.#sortedCount = 0;
    this.#sinceSort = 0;
    this.#sortedAt = -Infinity;
  }

  /**
   * The `q`-quantile (0–1, nearest rank) of the window, or undefined while empty. `now`
   * (performance.now()) decides whether the cached sort is still fresh; pass Infinity to force a
   * refresh when new samples exist.
   */
  percentile(q: number, now: number = performance.now()): number | undefined {
    this.#refresh(now);
    const n = this.#sortedCount;
    if (n === 0) return undefined;
    const rank = Math.min(n - 1, Math.max(0, Math.ceil(q * n) - 1));
    return this.#sorted[rank];
  }

  /** p50/p95/p99/max in one go (one refresh). */
  summary(now: number = performance.now()): LatencySummary {
    this.#refresh(now);
    const n = this.#sortedCount;
    if (n === 0) return { samples: this.#count };
    const out: { -readonly [K in keyof LatencySummary]: LatencySummary[K] } = {
      samples: this.#count,
      p50: round(this.#at(0.5)),
      p95: round(this.#at(0.95)),
      p99: round(this.#at(0.99)),
      max: round(this.#sorted[n - 1] as number),
    };
    if (this.#lost > 0) out.lost = this.#lost;
    return out;
  }

  #at(q: number): number {
    const n = this.#sortedCount;
    return this.#sorted[Math.min(n - 1, Math.max(0, Math.ceil(q * n) - 1))] as number;
  }

  #refresh(now: number): void {
    if (this.#sinceSort === 0) return;
    if (this.#sortedCount !== 0 && this.#sinceSort < REFRESH_SAMPLES && now - this.#sortedAt < REFRESH_MS) return;
    const n = this.#count;
    const sorted = this.#sorted.subarray(0, n);
    sorted.set(this.#values.subarray(0, n));
    sorted.sort();
    this.#sortedCount = n;
    this.#sinceSort = 0;
    this.#sortedAt = now;
  }
}

/**
 * Counts of attempts and of those that lost the race to another copy, in `buckets` buckets of
 * `bucketMs` of time: `roll(now)` moves on to the bucket `now` falls in and forgets those that
 * left the span. Allocation-free and O(1) per attempt.
 */
export class RaceCounts {
  readonly #attempts: Float64Array;
  readonly #lost: Float64Array;
  #current = 0;
  /** Start of the current bucket (performance.now()), or -Infinity before the first roll. */
  #startedAt = -Infinity;

  constructor(
    readonly buckets = RACE_SPANS[RACE_SPANS.length - 1] as number,
    readonly bucketMs = RACE_BUCKET_MS,
  ) {
    this.#attempts = new Float64Array(buckets);
    this.#lost = new Float64Array(buckets);
  }

  add(lost: boolean): void {
    const c = this.#current;
    this.#attempts[c] = (this.#attempts[c] as number) + 1;
    if (lost) this.#lost[c] = (this.#lost[c] as number) + 1;
  }

  roll(now: number): void {
    if (this.#startedAt === -Infinity) {
      this.#startedAt = now;
      return;
    }
    const steps = Math.min(this.buckets, Math.floor((now - this.#startedAt) / this.bucketMs));
    if (steps <= 0) return;
    for (let s = 0; s < steps; s++) {
      this.#current = (this.#current + 1) % this.buckets;
      this.#attempts[this.#current] = 0;
      this.#lost[this.#current] = 0;
    }
    this.#startedAt += steps * this.bucketMs;
    if (now - this.#startedAt >= this.bucketMs) this.#startedAt = now;
  }

  /** Attempts in the bucket `back` buckets before the current one (0: the current one). */
  attemptsAt(back: number): number {
    return back >= this.buckets ? 0 : (this.#attempts[(this.#current - back + this.buckets) % this.buckets] as number);
  }

  /** Lost races in the bucket `back` buckets before the current one. */
  lostAt(back: number): number {
    return back >= this.buckets ? 0 : (this.#lost[(this.#current - back + this.buckets) % this.buckets] as number);
  }

  clear(): void {
    this.#attempts.fill(0);
    this.#lost.fill(0);
    this.#startedAt = -Infinity;
  }
}

/** The live counters and window of one host; mutated only by the transport. */
export class HostStatsRecorder implements HostStats {
  readonly window: LatencyWindow;
  requests = 0;
  answers = 0;
  networkErrors = 0;
  timeouts = 0;
  retries = 0;
  hedges = 0;
  hedgesWon = 0;
  ejections = 0;

  constructor(size = WINDOW_SIZE) {
    this.window = new LatencyWindow(size);
  }

  /** Percentiles of the window, freshly computed. */
  get recent(): LatencySummary {
    return this.window.summary(Infinity);
  }

  snapshot(): HostStats {
    return {
      requests: this.requests,
      answers: this.answers,
      networkErrors: this.networkErrors,
      timeouts: this.timeouts,
      retries: this.retries,
      hedges: this.hedges,
      hedgesWon: this.hedgesWon,
      ejections: this.ejections,
      recent: this.window.summary(Infinity),
    };
  }
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}
