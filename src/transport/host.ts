/**
 * Hosts: parsing the `hosts` option into stable ids, and the live health state of each host.
 *
 * A host's id is its normalised origin (`http://10.0.0.1:8529`), never a position in a list, so
 * the list can be replaced (discovery) while cursors and transactions stay pinned to their owner.
 */
import { ArangoClientError } from '../errors.js';
import { HostStatsRecorder, type HostStats } from './host-stats.js';
import { lostRaceSample } from './least-busy.js';

/**
 * A host's state: `up` (in rotation) or `down` (taken out after a failure or as an outlier; probed
 * again after the back-off).
 */
export type HostHealth = 'up' | 'down';

/**
 * Why a host is out of rotation: `unreachable` (refused, reset, closed), `unavailable` (503),
 * `timeout` (an attempt ran past its attempt timeout without the host answering anything),
 * `slow` (its latency stands far above its peers').
 */
export type HostDownReason = 'unreachable' | 'unavailable' | 'timeout' | 'slow';

/** A read-only view of one host, as resolvers and `client.hosts()` see it. */
export interface HostInfo {
  /** Stable identity: the normalised origin. */
  readonly id: string;
  /** Same as `id`; kept separate so ids could become opaque later without breaking callers. */
  readonly url: string;
  readonly state: HostHealth;
  /** Requests of this client currently on the wire to this host. */
  readonly inFlight: number;
  /**
   * While requests are in flight: for how long (ms) the client has had answers from other hosts
   * but none from this one since it got requests in flight. A host that turned slow or silent
   * shows it here before its first slow answer arrives; one that keeps answering stays near 0,
   * even while a long query of its own runs.
   */
  readonly waiting?: number | undefined;
  /** Consecutive failures (reset by a success). */
  readonly failures: number;
  /** While down: when the next availability probe is due (ms since epoch). */
  readonly downUntil?: number | undefined;
  /**
   * Recent response time in ms (moving average of answered requests, fading toward 0 while the
   * host gets no traffic, so a once-slow host is tried again); undefined before the first answer.
   * An attempt given up because another copy answered first counts as twice the time it had
   * waited (it would have taken longer), doubling with each such loss in a row.
   */
  readonly latency?: number | undefined;
  /** The attempt timeout (ms) a first attempt on this host gets now; absent when off. */
  readonly attemptTimeout?: number | undefined;
  /** After how many ms an idempotent read on this host is hedged now; absent while unknown or off. */
  readonly hedgeDelay?: number | undefined;
  /** While down: why it was taken out of rotation. */
  readonly downReason?: HostDownReason | undefined;
  /** Counters and recent latency percentiles: what the gray-failure decisions rest on. */
  readonly stats: HostStats;
}

/** The latest complete answer (performance.now()) the client got from any of its hosts. */
export interface AnswerClock {
  lastAnswerAt: number;
}

/** Weight of a new response-time sample in the moving average. */
const LATENCY_ALPHA = 0.3;
/** Time constant (ms) of the fade of an unrefreshed average. */
const LATENCY_FADE_MS = 3_000;

/** Live state of one host. Mutated only by the transport. */
export class Host implements HostInfo {
  readonly id: string;
  readonly url: string;
  state: HostHealth = 'up';
  inFlight = 0;
  failures = 0;
  downUntil: number | undefined = undefined;
  downReason: HostDownReason | undefined = undefined;
  readonly stats = new HostStatsRecorder();
  /** Why the host was last marked down. */
  lastError: string | undefined = undefined;
  /** Set when the host left the host list: no new requests; its pool closes once drained. */
  removed = false;
  /** @internal (a Node.js timer type: kept out of the published typings) */
  probeTimer: NodeJS.Timeout | undefined = undefined;
  probing = false;
  /** performance.now() of the last complete answer (any status): a silent host answers nothing. */
  lastAnswerAt = -Infinity;
  /** Attempt timeouts in a row, and network failures in a row (both reset by an answer). */
  consecutiveTimeouts = 0;
  consecutiveNetworkErrors = 0;
  /** Derived per-attempt timeout (ms) and hedge delay, refreshed by the pool's periodic evaluation. */
  attemptTimeout: number | undefined = undefined;
  hedgeDelay: number | undefined = undefined;
  /** Latency ejections in close succession (their out-of-rotation time grows), and since when up. */
  slowStreak = 0;
  upSince = 0;
  /** Attempt-timeout ejections in close succession (readmission.ts). */
  timeoutStreak = 0;
  /**
   * performance.now() of the last time the host left rotation and came back into it: attempts
   * sent before either describe the host as it was then (readmission.ts).
   */
  downAt = -Infinity;
  readmittedAt = -Infinity;
  /** Attempts in a row given up because another copy answered first (reset by an answer). */
  lostRaces = 0;

  #latency = 0;
  #latencyAt = 0;
  #sampled = false;
  /** When the host last went from nothing in flight to something in flight. */
  #busySince = 0;
  readonly #clock: AnswerClock;

  /** `clock`: shared by the hosts of one client; `lastAnswerAt` is its latest answer from any of them. */
  constructor(id: string, clock: AnswerClock = { lastAnswerAt: -Infinity }) {
    this.id = id;
    this.url = id;
    this.#clock = clock;
  }

  /** Records the response time of one answered attempt. */
  observe(ms: number, now: number): void {
    this.lostRaces = 0;
    this.#record(ms, now);
  }

  #record(ms: number, now: number): void {
    if (!this.#sampled) {
      this.#latency = ms;
      this.#sampled = true;
    } else {
      const current = this.#faded(now);
      this.#latency = current + LATENCY_ALPHA * (ms - current);
    }
    this.#latencyAt = now;
  }

  /**
   * An attempt given up after waiting `ms` because another copy answered first. It would have
   * taken longer, by an unknown amount: it counts as a sample of `lostRaceSample` (twice the
   * wait, doubling with each loss in a row), so a host that keeps losing is tried ever more
   * rarely, while a healthy host's occasional lost race is averaged away by its next answers.
   */
  lostRace(ms: number, now: number): void {
    const sample = lostRaceSample(ms, ++this.lostRaces);
    if (this.#sampled && sample <= this.#faded(now)) return;
    this.#record(sample, now);
  }

  /** Forgets the moving average (a host back from a gray failure starts afresh, as its window does). */
  forgetLatency(): void {
    this.#sampled = false;
    this.#latency = 0;
    this.lostRaces = 0;
  }

  /** An attempt to this host starts (`started`: performance.now()). */
  begin(started: number): void {
    if (this.inFlight <= 0) this.#busySince = started;
    this.inFlight++;
  }

  /** An attempt that `begin` counted settled or was given up. */
  end(): void {
    this.inFlight--;
  }

  get waiting(): number {
    if (this.inFlight <= 0) return 0;
    const since = this.lastAnswerAt > this.#busySince ? this.lastAnswerAt : this.#busySince;
    // measured up to the client's latest answer from any host, not up to now: while the client
    // itself is too busy to read answers (a burst of calls), no host is blamed for the wait
    const wait = this.#clock.lastAnswerAt - since;
    return wait > 0 ? wait : 0;
  }

  get latency(): number | undefined {
    return this.latencyAt(performance.now());
  }

  /** `latency` as it will be at `now` (performance.now()) without new samples. */
  latencyAt(now: number): number | undefined {
    return this.#sampled ? this.#faded(now) : undefined;
  }

  #faded(now: number): number {
    return this.#latency * Math.exp(-(now - this.#latencyAt) / LATENCY_FADE_MS);
  }

  snapshot(): HostInfo {
    const info: { -readonly [K in keyof HostInfo]: HostInfo[K] } = {
      id: this.id,
      url: this.url,
      state: this.state,
      inFlight: this.inFlight,
      failures: this.failures,
      stats: this.stats.snapshot(),
    };
    if (this.inFlight > 0) info.waiting = Math.round(this.waiting * 100) / 100;
    if (this.state === 'down' && this.downUntil !== undefined) info.downUntil = this.downUntil;
    if (this.state === 'down' && this.downReason !== undefined) info.downReason = this.downReason;
    const latency = this.latency;
    if (latency !== undefined) info.latency = Math.round(latency * 100) / 100;
    if (this.attemptTimeout !== undefined) info.attemptTimeout = Math.round(this.attemptTimeout);
    if (this.hedgeDelay !== undefined) info.hedgeDelay = Math.round(this.hedgeDelay * 100) / 100;
    return info;
  }
}

export const DEFAULT_HOST = 'http://127.0.0.1:8529';

/**
 * Splits and validates the `hosts` option. Accepts one URL, an array of URLs, or a comma-separated
 * string (spaces around commas allowed). Returns normalised origins in the given order.
 *
 * Credentials embedded in a URL (`http://root:pw@host`) are refused rather than used: a URL is
 * logged and echoed in too many places to be a safe home for a password. The refusal message masks
 * them. Pass credentials to `client.db()` instead.
 */
export function parseHosts(input: string | readonly string[] | undefined): string[] {
  if (input === undefined) return [DEFAULT_HOST];
  let parts: string[];
  if (typeof input === 'string') {
    parts = input.split(',').map((s) => s.trim());
  } else if (Array.isArray(input)) {
    parts = [];
    for (const item of input as readonly unknown[]) {
      if (typeof item !== 'string') throw new ArangoClientError(`hosts: every entry must be a string URL, got ${typeof item}`);
      parts.push(...item.split(',').map((s) => s.trim()));
    }
  } else {
    throw new ArangoClientError(`hosts: expected a URL, an array of URLs or a comma-separated string, got ${typeof input}`);
  }
  if (parts.length === 0 || parts.every((p) => p === '')) throw new ArangoClientError('hosts: the host list is empty');
  const ids: string[] = [];
  for (const part of parts) {
    if (part === '') throw new ArangoClientError(`hosts: empty entry in host list ${JSON.stringify(maskCredentials(String(input)))}`);
    const id = normaliseHost(part);
    if (ids.includes(id)) throw new ArangoClientError(`hosts: ${id} is listed twice`);
    ids.push(id);
  }
  return ids;
}

/** Validates one host URL and returns its normalised origin (the host id). */
export function normaliseHost(raw: string): string {
  const shown = JSON.stringify(maskCredentials(raw));
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ArangoClientError(`hosts: ${shown} is not a valid URL (expected e.g. http://127.0.0.1:8529)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ArangoClientError(`hosts: ${shown} must use http:// or https://, not ${url.protocol}//`);
  }
  if (url.username !== '' || url.password !== '') {
    throw new ArangoClientError(`hosts: ${shown} embeds credentials; pass username/password to client.db() instead`);
  }
  if (url.hostname === '') throw new ArangoClientError(`hosts: ${shown} has no host name`);
  if (url.pathname !== '/' && url.pathname !== '') {
    throw new ArangoClientError(`hosts: ${shown} has a path (${url.pathname}); give the server's origin and choose the database with client.db(name)`);
  }
  if (url.search !== '' || raw.includes('?')) throw new ArangoClientError(`hosts: ${shown} has a query string; give the server's origin only`);
  if (url.hash !== '' || raw.includes('#')) throw new ArangoClientError(`hosts: ${shown} has a fragment; give the server's origin only`);
  return url.origin;
}

/**
 * Hides anything that could be a `user:password@` part so a refused URL can be echoed safely:
 * everything between the scheme and the last `@` of each comma-separated entry.
 */
export function maskCredentials(text: string): string {
  return text
    .split(',')
    .map((entry) => {
      const at = entry.lastIndexOf('@');
      if (at < 0) return entry;
      const scheme = entry.indexOf('://');
      const start = scheme >= 0 && scheme < at ? scheme + 3 : 0;
      return `${entry.slice(0, start)}***${entry.slice(at)}`;
    })
    .join(',');
}
