/**
 * The transport: sends a RequestSpec to a host chosen through the host pool, applying the retry
 * rules (retry.ts) and the gray-failure decisions (attempt-timeout.ts, hedge.ts, outlier.ts) in
 * one loop under one deadline. Host health lives in host-pool.ts; the per-call state (attempts in
 * flight, the one timer) in call.ts. It knows nothing about collections.
 */
import {
  AbortError,
  ArangoClientError,
  ClientClosedError,
  NetworkError,
  NoHostAvailableError,
  TimeoutError,
  type AttemptFailure,
} from '../errors.js';
import { parseAttemptTimeout, attemptTimeoutFor, type AttemptTimeoutPolicy } from './attempt-timeout.js';
import type { Authenticator } from './auth.js';
import { Attempt, Call, CHECKPOINT } from './call.js';
import { compress, reachesBytes, type Codec, type ResolvedCompression } from './codec.js';
import { parseBody, rawBody, serverError } from './answer.js';
import { CallStats, type ClientStats } from './call-stats.js';
import { attemptAnswered, attemptFailed, attemptSent, attemptStarted, bodyBytes, callAnswered, callFailed, requestTrace, traceRequest, tracing, type AttemptRecord, type RequestTraceContext } from './diagnostics.js';
import { TypedEmitter } from './events.js';
import { HedgeBudget, type HedgePolicy } from './hedge.js';
import type { Host, HostInfo } from './host.js';
import { HostPool, describeNetworkFailure } from './host-pool.js';
import { race, sleep } from './cancel.js';
import { ConnectionFailure, UndiciHttpClient, errorCode, type HttpClient, type HttpRequest } from './http-client.js';
import type { OutlierPolicy } from './outlier.js';
import type { AbortSignalLike, ArangoResponse, RequestSpec } from './request.js';
import type { HostResolver } from './resolvers.js';
import { backoff, classifyUnavailable, isConflict, mayHaveBeenSent } from './retry.js';

export interface TransportOptions {
  hosts: readonly string[];
  resolver: HostResolver;
  http: HttpClient;
  /** Default per-call deadline in ms; 0 or Infinity for none. */
  timeout: number;
  /** Explicit `maxTries`, or undefined for 3 × the current number of hosts. */
  maxTries: number | undefined;
  compression: ResolvedCompression;
  /** Host down back-off: first and maximum delay before a probe, in ms. */
  hostBackoff: { initial: number; max: number };
  /** `x-arango-driver` header value. */
  driver: string;
  attemptTimeout: AttemptTimeoutPolicy;
  hedge: HedgePolicy;
  outlier: OutlierPolicy;
  /** Put AQL text into the `arangots:request` diagnostics context. */
  traceQueryText?: boolean;
}

/** Credentials and (de)serialisation of one database handle. */
export interface SendContext {
  readonly auth: Authenticator;
  readonly codec: Codec;
}

const SUPERSEDED = new Error('another attempt answered first');
const ATTEMPT_TIMEOUT = new Error('attempt timeout');

export class Transport {
  readonly events = new TypedEmitter();
  readonly #callStats = new CallStats();
  readonly #pool: HostPool;
  readonly #http: HttpClient;
  /** The built-in HTTP layer, reached without an AbortSignal or a promise per attempt. */
  readonly #undici: UndiciHttpClient | undefined;
  readonly #options: TransportOptions;
  readonly #budget: HedgeBudget | undefined;
  #closed = false;
  #closing: Promise<void> | undefined;
  #lastDatabase: string | undefined;
  #lastPrefix = '';

  constructor(options: TransportOptions) {
    this.#options = options;
    this.#http = options.http;
    this.#undici = options.http instanceof UndiciHttpClient ? options.http : undefined;
    this.#budget = options.hedge.enabled ? new HedgeBudget(options.hedge.budget) : undefined;
    this.#pool = new HostPool({
      hosts: options.hosts,
      resolver: options.resolver,
      http: options.http,
      events: this.events,
      hostBackoff: options.hostBackoff,
      driver: options.driver,
      attemptTimeout: options.attemptTimeout,
      hedge: options.hedge,
      outlier: options.outlier,
    });
  }

  get closed(): boolean {
    return this.#closed;
  }

  hosts(): HostInfo[] {
    return this.#pool.hosts();
  }

  stats(): ClientStats {
    return this.#callStats.view(this.hosts());
  }

  hostIds(): string[] {
    return this.#pool.all.map((h) => h.id);
  }

  get maxTries(): number {
    return this.#options.maxTries ?? 3 * this.#pool.all.length;
  }

  /**
   * Sends one request under the retry rules. `stackHolder` carries the caller's stack, captured
   * synchronously at call time, so errors point at the application's line and not at undici.
   * `database`, when given, replaces `spec.database` (so a connection need not copy the spec).
   */
  request<T>(spec: RequestSpec, ctx: SendContext, stackHolder?: { stack?: string }, database?: string): Promise<ArangoResponse<T>> {
    if (!tracing()) return this.#send<T>(spec, ctx, stackHolder, database, undefined);
    const trace = requestTrace(spec, database ?? spec.database, this.#options.traceQueryText === true);
    return traceRequest(trace, () => this.#send<T>(spec, ctx, stackHolder, database, trace));
  }

  async #send<T>(spec: RequestSpec, ctx: SendContext, stackHolder: { stack?: string } | undefined, database: string | undefined, trace: RequestTraceContext | undefined): Promise<ArangoResponse<T>> {
    // One async frame for preparation, deadline, the retry loop and error decoration: each extra
    // async layer costs a promise and a resumption per request.
    let call: Call | undefined;
    let onUserAbort: (() => void) | undefined;
    // While traced: the call's first attempt, and all of them once there is a second (the attempt log).
    let firstAttempt: Attempt | undefined;
    let traced: Attempt[] | undefined;
    const method = spec.method;
    let pathOnly = spec.path;
    let body: string | Uint8Array | undefined;
    const userSignal = spec.signal;
    const callStarted = this.#callStats.started();
    try {
      if (this.#closed) throw new ClientClosedError();
      const db = database ?? spec.database;
      pathOnly = db === undefined ? spec.path : this.#prefix(db) + spec.path;
      const fullPath = spec.query === undefined ? pathOnly : pathOnly + buildQuery(spec.query);

      const headers: Record<string, string> = { 'x-arango-driver': this.#options.driver };
      if (this.#options.compression.acceptEncoding) headers['accept-encoding'] = 'gzip, deflate';
      if (spec.rawBody !== undefined) body = spec.rawBody;
      else if (spec.body !== undefined) body = ctx.codec.serializer(spec.body);
      if (body !== undefined) {
        headers['content-type'] = spec.contentType ?? 'application/json';
        if (reachesBytes(body, this.#options.compression.threshold)) {
          const encoding = this.#options.compression.encoding;
          body = await compress(body, encoding);
          headers['content-encoding'] = encoding;
        }
      }
      if (spec.headers !== undefined) {
        for (const name in spec.headers) {
          const value = spec.headers[name];
          if (value !== undefined) headers[name.toLowerCase()] = value;
        }
      }

      // One deadline and one cancellation path for the whole call.
      const timeout = spec.timeout ?? this.#options.timeout;
      if (typeof timeout !== 'number' || Number.isNaN(timeout) || timeout < 0) {
        throw new ArangoClientError(`timeout must be a non-negative number of milliseconds, got ${String(timeout)}`);
      }
      // a per-call attemptTimeout replaces the client's (validated like it)
      const ownPolicy = spec.attemptTimeout === undefined ? undefined : parseAttemptTimeout(spec.attemptTimeout, 'attemptTimeout');
      if (spec.hedge !== undefined && typeof spec.hedge !== 'boolean') throw new ArangoClientError(`hedge must be a boolean, got ${String(spec.hedge as unknown)}`);
      if (userSignal?.aborted === true) {
        throw new AbortError({ method, url: pathOnly, mayHaveBeenApplied: false, cause: userSignal.reason });
      }
      const c = (call = new Call(timeout));
      if (timeout > 0 && timeout !== Infinity) c.deadlineAt = performance.now() + timeout;
      if (userSignal !== undefined) {
        onUserAbort = () => {
          c.cancel.cancel(userSignal.reason);
          c.abortAll(userSignal.reason);
        };
        userSignal.addEventListener('abort', onUserAbort, { once: true });
      }

      // ---- the retry loop ----
      const pool = this.#pool;
      const pinned = spec.hostId;
      const idempotent = spec.idempotent ?? (method === 'GET' || method === 'HEAD');
      // an idempotent, unpinned call may run a second copy elsewhere (hedge, or a retry beside a stuck attempt)
      const movable = idempotent && pinned === undefined;
      const budget = this.#budget;
      const hedgeable = movable && budget !== undefined && spec.hedge !== false;
      if (budget !== undefined) budget.deposit();
      let conflictsLeft = spec.retryOnConflict ?? 0;
      let renewed = false;
      let tries = 0;
      let unavailableRetries = 0;
      let rounds = 0;
      let attemptTimeouts = 0;
      let hedgePending = hedgeable;
      let tried: Set<Host> | undefined;
      let failures: AttemptFailure[] | undefined;
      let lastError: unknown;
      let lastHost: Host | undefined;
      /** A host chosen beside a running attempt (hedge or retry), and whether it is a hedge. */
      let nextHost: Host | undefined;
      let nextIsHedge = false;
      /** Why the next attempt is made, for its diagnostics context (undefined for the first). */
      let why: string | undefined;
      let attemptNo = 0;

      for (;;) {
        if (this.#closed) throw new ClientClosedError();
        if (c.cancel.cancelled) throw this.#endedError(c, method, lastHost, pathOnly, userReason(userSignal));
        if (tries >= this.maxTries) {
          throw new NoHostAvailableError({ method, url: pathOnly, attempts: failures ?? [], cause: lastError });
        }
        const host = nextHost ?? (pinned === undefined ? pool.pick(tried, tries + 1) : pool.pinned(pinned, method, pathOnly));
        const isHedge = nextIsHedge;
        nextHost = undefined;
        nextIsHedge = false;
        lastHost = host;
        tries++;

        let authorization = ctx.auth.header();
        if (typeof authorization === 'object') {
          authorization = await race(authorization, c.cancel).catch((err: unknown) => {
            if (c.cancel.cancelled) throw this.#endedError(c, method, host, pathOnly, userReason(userSignal));
            throw err;
          });
        }
        if (authorization !== undefined) headers.authorization = authorization;

        // ---- send one attempt ----
        const started = performance.now();
        const limit = ownPolicy === undefined ? host.attemptTimeout : this.#ownLimit(ownPolicy, host);
        const timeoutAt = limit === undefined ? Infinity : started + (attemptTimeouts > 0 ? limit * 2 ** Math.min(attemptTimeouts, 10) : limit);
        const attempt = new Attempt(c, host, started, timeoutAt, isHedge);
        host.begin(started);
        host.stats.requests++;
        if (isHedge) host.stats.hedges++;
        else if (tries > 1) host.stats.retries++;
        c.inFlight.push(attempt);
        if (trace !== undefined) {
          attempt.trace = attemptStarted(trace, host.id, method, pathOnly, ++attemptNo, why, body);
          attempt.no = attemptNo;
          attempt.reason = why;
          if (firstAttempt === undefined) firstAttempt = attempt;
          else (traced ??= [firstAttempt]).push(attempt);
        }
        const exchange: HttpRequest = { origin: host.id, method, path: fullPath, headers, body };
        if (this.#undici !== undefined) this.#undici.dispatch(exchange, attempt.cancel, attempt);
        else this.#viaHttpClient(exchange, attempt);
        if (attempt.trace !== undefined) attemptSent(attempt.trace);

        // ---- wait for an answer, a checkpoint or the end ----
        let relaunch = false;
        while (!relaunch) {
          c.arm(this.#checkpoint(c, hedgePending));
          const event = await c.next();
          if (event === CHECKPOINT) {
            if (c.cancel.cancelled) continue;
            const now = performance.now();
            for (const a of c.inFlight.slice()) {
              if (a.timedOut || now < a.timeoutAt - 1) continue;
              a.timedOut = true;
              const silent = pool.attemptTimedOut(a.host, a.started, `${method} ${pathOnly}: no answer within the attempt timeout (${Math.round(now - a.started)} ms)`);
              if (!movable) continue;
              attemptTimeouts++;
              const exclude = this.#excluding(c, tried);
              const other = tries < this.maxTries ? pool.pickOther(exclude) : undefined;
              if (other === undefined) continue;
              if (silent) {
                // nothing comes back from that host: give up this copy
                this.#drop(c, a, ATTEMPT_TIMEOUT);
                (failures ??= []).push({ hostId: a.host.id, reason: `no answer within the attempt timeout (${Math.round(now - a.started)} ms)` });
                (tried ??= new Set()).add(a.host);
              }
              if (c.inFlight.length < 2) {
                nextHost = other;
                why = `attempt timeout: no answer from ${a.host.id} within ${Math.round(now - a.started)} ms`;
                hedgePending = false;
                relaunch = true;
              }
            }
            if (!relaunch && hedgePending && c.inFlight.length === 1) {
              const first = c.inFlight[0] as Attempt;
              const delay = first.host.hedgeDelay;
              if (delay !== undefined && now >= first.started + delay - 1) {
                hedgePending = false;
                const other = tries < this.maxTries ? pool.pickOther(this.#excluding(c, tried)) : undefined;
                if (other !== undefined && (budget as HedgeBudget).take()) {
                  nextHost = other;
                  nextIsHedge = true;
                  why = `hedge: no answer from ${first.host.id} within ${Math.round(now - first.started)} ms`;
                  relaunch = true;
                }
              }
            }
            continue;
          }

          // an attempt settled
          const a = event;
          if (a.abandoned) continue;
          this.#release(c, a);
          const ah = a.host;
          const res = a.res;
          if (res === undefined) {
            // ---- no answer ----
            const err = a.err;
            if (trace !== undefined) a.ended = performance.now();
            if (a.trace !== undefined) attemptFailed(a.trace, err);
            const sent = mayHaveBeenSent(err);
            if (c.cancel.cancelled) {
              c.onWire = sent || c.inFlight.length > 0;
              throw this.#endedError(c, method, ah, pathOnly, userReason(userSignal));
            }
            if (this.#closed) throw new ClientClosedError();
            const reason = describeNetworkFailure(err);
            lastError = new NetworkError({
              message: `${method} ${ah.id}${pathOnly} failed: ${reason}`,
              hostId: ah.id,
              method,
              url: ah.id + pathOnly,
              mayHaveBeenApplied: sent,
              errno: errorCode(err),
              cause: causeOf(err),
            });
            (failures ??= []).push({ hostId: ah.id, reason });
            why = reason;
            pool.networkFailure(ah, sent, reason);
            if (pinned !== undefined) {
              throw new NetworkError({
                message: `${method} ${ah.id}${pathOnly} is pinned to ${ah.id}, which owns its cursor, transaction or job, and that host is unreachable (${reason}); not retried elsewhere`,
                hostId: ah.id,
                method,
                url: ah.id + pathOnly,
                mayHaveBeenApplied: sent,
                errno: errorCode(err),
                cause: causeOf(err),
              });
            }
            if (sent && !idempotent) {
              throw new NetworkError({
                message: `${method} ${ah.id}${pathOnly} failed after the request was sent (${reason}); it may have been applied, so it was not retried`,
                hostId: ah.id,
                method,
                url: ah.id + pathOnly,
                mayHaveBeenApplied: true,
                errno: errorCode(err),
                cause: causeOf(err),
              });
            }
            (tried ??= new Set()).add(ah);
            // another copy still runs: wait for it
            if (c.inFlight.length > 0) continue;
            if (tried.size >= pool.all.length) {
              // every host failed once in this round: back off before the next round
              tried.clear();
              rounds++;
              await this.#pause(backoff(rounds, 100, 2_000), c, method, ah, pathOnly, userSignal);
            }
            // only a call's first attempt is hedged: a retry already is the second copy
            hedgePending = false;
            relaunch = true;
            continue;
          }

          // ---- an answer ----
          const answered = performance.now();
          a.ended = answered;
          pool.answered(ah, answered - a.started, answered);
          const status = res.status;
          if (status < 300 || (spec.allowStatus !== undefined && spec.allowStatus.includes(status))) {
            if (a.trace !== undefined) attemptAnswered(a.trace, status, res.body.byteLength);
            if (a.hedge) ah.stats.hedgesWon++;
            for (const other of c.inFlight) if (other.started < a.started) pool.abandoned(other.host, answered - other.started, answered);
            this.#dropAll(c, SUPERSEDED);
            pool.succeeded(ah, a.started, a.timedOut || answered > a.timeoutAt);
            const raw = res.headers['content-encoding'] === undefined ? res.body : await rawBody(res, ah.id);
            const answer = { status, headers: res.headers, body: parseBody(raw, res, ah.id, spec.responseType, ctx.codec) as T, hostId: ah.id };
            if (trace !== undefined) {
              if (traced !== undefined) trace.attemptLog = this.#attemptLog(traced, method, pathOnly, body);
              callAnswered(trace, status, ah.id);
            }
            return answer;
          }

          const error = await serverError(res, ah.id, method, pathOnly);
          a.errorNum = error.errorNum;
          if (a.trace !== undefined) attemptAnswered(a.trace, status, res.body.byteLength, error.errorNum);
          const unavailable = classifyUnavailable(status, error.errorNum);
          if (unavailable !== undefined) {
            lastError = error;
            why = `HTTP ${status} errorNum ${error.errorNum} (${error.errorMessage})`;
            (failures ??= []).push({ hostId: ah.id, reason: why });
            if (unavailable === 'retry-mark-down') pool.markDown(ah, `HTTP ${status} errorNum ${error.errorNum}`, 'unavailable');
            if (pinned === undefined) (tried ??= new Set()).add(ah);
            if (c.inFlight.length > 0) continue;
            if (tried !== undefined && tried.size >= pool.all.length) tried.clear();
            await this.#pause(backoff(++unavailableRetries), c, method, ah, pathOnly, userSignal);
            hedgePending = false;
            relaunch = true;
            continue;
          }
          pool.succeeded(ah, a.started, a.timedOut || answered > a.timeoutAt);
          this.#dropAll(c, SUPERSEDED);
          if (status === 401 && error.errorNum === 11 && !renewed) {
            renewed = true;
            if (await ctx.auth.renew(authorization)) {
              why = 'HTTP 401: credentials renewed';
              tries--;
              relaunch = true;
              continue;
            }
          }
          if (conflictsLeft > 0 && isConflict(status, error.errorNum)) {
            conflictsLeft--;
            why = 'HTTP 409 errorNum 1200 (write-write conflict)';
            tries--;
            await this.#pause(backoff(1, 10, 100), c, method, ah, pathOnly, userSignal);
            relaunch = true;
            continue;
          }
          throw error;
        }
      }
    } catch (err) {
      if (err instanceof Error) {
        // The caller's frames, captured synchronously at call time, replace the driver's and
        // undici's: the trace ends in the application's line.
        if (stackHolder?.stack !== undefined) {
          const frames = stackHolder.stack.slice(stackHolder.stack.indexOf('\n') + 1);
          err.stack = `${err.name}: ${err.message}\n${frames}`;
        }
        ctx.auth.redact(err);
      }
      this.#callStats.failed(err);
      if (trace !== undefined) {
        if (traced !== undefined) trace.attemptLog = this.#attemptLog(traced, method, pathOnly, body);
        callFailed(trace, err);
      }
      throw err;
    } finally {
      this.#callStats.finished(callStarted);
      if (call !== undefined) {
        for (const a of call.inFlight) this.#releaseHost(a);
        call.end(SUPERSEDED);
      }
      if (onUserAbort !== undefined) userSignal?.removeEventListener('abort', onUserAbort);
    }
  }

  /** When the loop must next look at the clock: the earliest attempt timeout, hedge point or deadline. */
  #checkpoint(c: Call, hedgePending: boolean): number {
    let at = c.deadlineAt;
    const flying = c.inFlight;
    for (let i = 0; i < flying.length; i++) {
      const a = flying[i] as Attempt;
      if (!a.timedOut && a.timeoutAt < at) at = a.timeoutAt;
    }
    if (hedgePending && flying.length === 1) {
      const first = flying[0] as Attempt;
      const delay = first.host.hedgeDelay;
      if (delay !== undefined && first.started + delay < at) at = first.started + delay;
    }
    return at;
  }

  #ownLimit(policy: AttemptTimeoutPolicy, host: Host): number | undefined {
    if (policy.kind !== 'derived') return attemptTimeoutFor(policy, undefined, 0, undefined);
    const w = host.stats.window;
    return attemptTimeoutFor(policy, w.percentile(0.99), w.count, undefined);
  }

  /** Hosts a second copy must avoid: those tried already and those running an attempt of this call. */
  #excluding(c: Call, tried: Set<Host> | undefined): Set<Host> {
    const out = new Set<Host>(tried);
    for (const a of c.inFlight) out.add(a.host);
    return out;
  }

  #viaHttpClient(exchange: HttpRequest, attempt: Attempt): void {
    this.#http.request({ ...exchange, signal: attempt.cancel.signal }).then(
      (res) => attempt.answered(res),
      (err: unknown) => attempt.failed(err),
    );
  }

  /** An attempt settled: it leaves the call's in-flight list and gives its host slot back. */
  #release(c: Call, a: Attempt): void {
    const i = c.inFlight.indexOf(a);
    if (i >= 0) c.inFlight.splice(i, 1);
    this.#releaseHost(a);
  }

  #releaseHost(a: Attempt): void {
    if (a.released) return;
    a.released = true;
    const host = a.host;
    host.end();
    if (host.removed && host.inFlight === 0) this.#pool.drain(host);
  }

  /** What `RequestTraceContext.attemptLog` shows of a call's attempts once it has ended. */
  #attemptLog(attempts: readonly Attempt[], method: string, path: string, body: string | Uint8Array | undefined): AttemptRecord[] {
    const now = performance.now();
    const bytesOut = bodyBytes(body);
    return attempts.map((a) => a.record(method, path, bytesOut, now, SUPERSEDED));
  }

  /** Gives up one attempt: aborted, its outcome ignored. */
  #drop(c: Call, a: Attempt, reason: Error): void {
    a.abandoned = true;
    if (a.ended === undefined) a.ended = performance.now();
    a.dropped ??= reason;
    this.#release(c, a);
    a.cancel.cancel(reason);
    if (a.trace !== undefined) attemptFailed(a.trace, reason);
  }

  #dropAll(c: Call, reason: Error): void {
    while (c.inFlight.length > 0) this.#drop(c, c.inFlight[0] as Attempt, reason);
  }

  /** `/_db/{name}`, remembered for the last database used (almost always the only one). */
  #prefix(database: string): string {
    if (database !== this.#lastDatabase) {
      this.#lastPrefix = `/_db/${encodeURIComponent(database)}`;
      this.#lastDatabase = database;
    }
    return this.#lastPrefix;
  }

  /** A back-off sleep that ends the call with its timeout or abort error when cancelled. */
  async #pause(ms: number, c: Call, method: string, host: Host, pathOnly: string, userSignal: AbortSignalLike | undefined): Promise<void> {
    try {
      await sleep(ms, c.cancel);
    } catch {
      throw this.#endedError(c, method, host, pathOnly, userReason(userSignal));
    }
  }

  #endedError(c: Call, method: string, host: Host | undefined, pathOnly: string, reason: unknown): Error {
    if (this.#closed) return new ClientClosedError();
    if (c.timedOut) {
      return new TimeoutError({ timeout: c.timeout, method, url: (host?.id ?? '') + pathOnly, hostId: host?.id, mayHaveBeenApplied: c.onWire });
    }
    return new AbortError({ method, url: (host?.id ?? '') + pathOnly, mayHaveBeenApplied: c.onWire, cause: reason });
  }

  /** Replaces the host list: adopts new ids, drains and closes removed ones. Returns the new list. */
  setHosts(ids: readonly string[]): string[] {
    if (this.#closed) throw new ClientClosedError();
    return this.#pool.setHosts(ids);
  }

  async close(): Promise<void> {
    this.#closing ??= (async () => {
      this.#closed = true;
      this.#pool.close();
      await this.#http.close();
    })();
    return this.#closing;
  }
}

/** `?a=1&b=x` without URLSearchParams; undefined and null values are left out. */
export function buildQuery(query: Readonly<Record<string, unknown>>): string {
  let out = '';
  for (const key in query) {
    const value = query[key];
    if (value === undefined || value === null) continue;
    const name = encodeURIComponent(key);
    if (Array.isArray(value)) {
      for (const item of value as unknown[]) out += `${out === '' ? '?' : '&'}${name}=${encodeURIComponent(String(item))}`;
    } else {
      out += `${out === '' ? '?' : '&'}${name}=${encodeURIComponent(String(value))}`;
    }
  }
  return out;
}

/** The platform error behind a ConnectionFailure, kept as the NetworkError's cause. */
function causeOf(err: unknown): unknown {
  return err instanceof ConnectionFailure ? err.cause : err;
}

function userReason(signal: AbortSignalLike | undefined): unknown {
  return signal !== undefined && signal.aborted ? signal.reason : undefined;
}
