/**
 * The transport: sends a RequestSpec to a host chosen by the resolver, applying the retry rules
 * (retry.ts) in one loop under one deadline, and keeps each host's health (down marking with
 * growing back-off, availability probes, discovery changes). It knows nothing about collections.
 */
import { STATUS_CODES } from 'node:http';
import {
  AbortError,
  ArangoClientError,
  ArangoServerError,
  BadResponseError,
  ClientClosedError,
  NetworkError,
  NoHostAvailableError,
  TimeoutError,
  redactSecrets,
  type AttemptFailure,
} from '../errors.js';
import type { Authenticator } from './auth.js';
import { compress, decompress, isJsonContentType, toBuffer, toText, reachesBytes, type Codec, type ResolvedCompression } from './codec.js';
import { attemptAnswered, attemptFailed, attemptSent, attemptStarted, requestTrace, traceRequest, tracing, type AttemptTraceContext, type RequestTraceContext } from './diagnostics.js';
import { TypedEmitter } from './events.js';
import { Host, type HostDownReason, type HostInfo } from './host.js';
import { Cancellation, race, sleep } from './cancel.js';
import { ConnectionFailure, UndiciHttpClient, errorCode, type HttpClient, type HttpResponse } from './http-client.js';
import type { AbortSignalLike, ArangoResponse, RequestSpec } from './request.js';
import type { HostResolver } from './resolvers.js';
import { backoff, classifyUnavailable, hostDownFor, isConflict, mayHaveBeenSent } from './retry.js';

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
  /** Put AQL text into the `arangots:request` diagnostics context. */
  traceQueryText?: boolean;
}

/** Credentials and (de)serialisation of one database handle. */
export interface SendContext {
  readonly auth: Authenticator;
  readonly codec: Codec;
}

const PROBE_PATH = '/_admin/server/availability';
const PROBE_TIMEOUT = 5_000;
const SECRET_HEADER = /auth|cookie|token|secret|passw|session/i;

interface CallState {
  cancel: Cancellation | undefined;
  timedOut: boolean;
  timeout: number;
  /** Whether the attempt in flight when the call ended may have been processed. */
  onWire: boolean;
}

export class Transport {
  readonly events = new TypedEmitter();
  readonly #hosts = new Map<string, Host>();
  #all: Host[] = [];
  /** Hosts that are up, in list order; equals #all while all are up (cheap hot path). */
  #up: Host[] = [];
  readonly #resolver: HostResolver;
  readonly #http: HttpClient;
  /** The built-in HTTP layer, reached without an AbortSignal per call. */
  readonly #undici: UndiciHttpClient | undefined;
  readonly #options: TransportOptions;
  #closed = false;
  #closing: Promise<void> | undefined;
  #lastDatabase: string | undefined;
  #lastPrefix = '';

  constructor(options: TransportOptions) {
    this.#options = options;
    this.#resolver = options.resolver;
    this.#http = options.http;
    this.#undici = options.http instanceof UndiciHttpClient ? options.http : undefined;
    for (const id of options.hosts) this.#hosts.set(id, new Host(id));
    this.#rebuild();
  }

  get closed(): boolean {
    return this.#closed;
  }

  hosts(): HostInfo[] {
    return this.#all.map((h) => h.snapshot());
  }

  hostIds(): string[] {
    return this.#all.map((h) => h.id);
  }

  get maxTries(): number {
    return this.#options.maxTries ?? 3 * this.#all.length;
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
    let timer: NodeJS.Timeout | undefined;
    let onUserAbort: (() => void) | undefined;
    const userSignal = spec.signal;
    try {
      if (this.#closed) throw new ClientClosedError();
      const method = spec.method;
      const db = database ?? spec.database;
      const pathOnly = db === undefined ? spec.path : this.#prefix(db) + spec.path;
      const fullPath = spec.query === undefined ? pathOnly : pathOnly + buildQuery(spec.query);

      const headers: Record<string, string> = { 'x-arango-driver': this.#options.driver };
      if (this.#options.compression.acceptEncoding) headers['accept-encoding'] = 'gzip, deflate';
      let body: string | Uint8Array | undefined;
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
      if (userSignal?.aborted === true) {
        throw new AbortError({ method, url: pathOnly, mayHaveBeenApplied: false, cause: userSignal.reason });
      }
      const state: CallState = { cancel: undefined, timedOut: false, timeout, onWire: false };
      let cancel: Cancellation | undefined;
      if (timeout > 0 && timeout !== Infinity) {
        const c = (cancel = new Cancellation());
        timer = setTimeout(() => {
          state.timedOut = true;
          c.cancel(new Error('timeout'));
        }, timeout);
      }
      if (userSignal !== undefined) {
        const c = (cancel ??= new Cancellation());
        onUserAbort = () => c.cancel(userSignal.reason);
        userSignal.addEventListener('abort', onUserAbort, { once: true });
      }
      state.cancel = cancel;

      // ---- the retry loop ----
      const pinned = spec.hostId;
      const idempotent = spec.idempotent ?? (method === 'GET' || method === 'HEAD');
      let conflictsLeft = spec.retryOnConflict ?? 0;
      let renewed = false;
      let tries = 0;
      let unavailableRetries = 0;
      let rounds = 0;
      let tried: Set<Host> | undefined;
      let failures: AttemptFailure[] | undefined;
      let lastError: unknown;
      let lastHost: Host | undefined;
      /** What ended the previous attempt, for the diagnostics context of the next. */
      let why: string | undefined;
      let attemptNo = 0;

      for (;;) {
        if (this.#closed) throw new ClientClosedError();
        if (cancelled(cancel)) throw this.#endedError(state, method, lastHost, pathOnly, userReason(userSignal));
        if (tries >= this.maxTries) {
          throw new NoHostAvailableError({ method, url: pathOnly, attempts: failures ?? [], cause: lastError });
        }
        const host = pinned === undefined ? this.#pick(tried, tries + 1) : this.#pinnedHost(pinned, method, pathOnly);
        lastHost = host;
        tries++;

        let authorization = ctx.auth.header();
        if (typeof authorization === 'object') {
          authorization = await race(authorization, cancel).catch((err: unknown) => {
            if (cancelled(cancel)) throw this.#endedError(state, method, host, pathOnly, userReason(userSignal));
            throw err;
          });
        }
        if (authorization !== undefined) headers.authorization = authorization;

        let res: HttpResponse;
        let started = 0;
        const attempt: AttemptTraceContext | undefined = trace && attemptStarted(trace, host.id, method, pathOnly, ++attemptNo, why, body);
        host.inFlight++;
        host.stats.requests++;
        if (tries > 1) host.stats.retries++;
        state.onWire = true;
        try {
          const exchange = { origin: host.id, method, path: fullPath, headers, body };
          started = performance.now();
          const answer = this.#undici !== undefined
            ? this.#undici.send(exchange, cancel)
            : this.#http.request(cancel === undefined ? exchange : { ...exchange, signal: cancel.signal });
          if (attempt !== undefined) attemptSent(attempt);
          res = await answer;
        } catch (err) {
          if (attempt !== undefined) attemptFailed(attempt, err);
          const sent = mayHaveBeenSent(err);
          state.onWire = sent;
          if (cancelled(cancel)) throw this.#endedError(state, method, host, pathOnly, userReason(userSignal));
          if (this.#closed) throw new ClientClosedError();
          const reason = describeNetworkFailure(err);
          host.stats.networkErrors++;
          lastError = new NetworkError({
            message: `${method} ${host.id}${pathOnly} failed: ${reason}`,
            hostId: host.id,
            method,
            url: host.id + pathOnly,
            mayHaveBeenApplied: sent,
            errno: errorCode(err),
            cause: causeOf(err),
          });
          (failures ??= []).push({ hostId: host.id, reason });
          why = reason;
          this.#markDown(host, reason, 'unreachable');
          if (pinned !== undefined) {
            throw new NetworkError({
              message: `${method} ${host.id}${pathOnly} is pinned to ${host.id}, which owns its cursor, transaction or job, and that host is unreachable (${reason}); not retried elsewhere`,
              hostId: host.id,
              method,
              url: host.id + pathOnly,
              mayHaveBeenApplied: sent,
              errno: errorCode(err),
              cause: causeOf(err),
            });
          }
          if (sent && !idempotent) {
            throw new NetworkError({
              message: `${method} ${host.id}${pathOnly} failed after the request was sent (${reason}); it may have been applied, so it was not retried`,
              hostId: host.id,
              method,
              url: host.id + pathOnly,
              mayHaveBeenApplied: true,
              errno: errorCode(err),
              cause: causeOf(err),
            });
          }
          (tried ??= new Set()).add(host);
          if (tried.size >= this.#all.length) {
            // every host failed once in this round: back off before the next round
            tried.clear();
            rounds++;
            await this.#pause(backoff(rounds, 100, 2_000), state, method, host, pathOnly, userSignal);
          }
          continue;
        } finally {
          host.inFlight--;
          if (host.removed && host.inFlight === 0) this.#drain(host);
        }
        state.onWire = false;
        const answered = performance.now();
        host.observe(answered - started, answered);
        host.stats.answers++;
        host.stats.window.record(answered - started);

        const status = res.status;
        if (status < 300 || (spec.allowStatus !== undefined && spec.allowStatus.includes(status))) {
          if (attempt !== undefined) attemptAnswered(attempt, status, res.body.byteLength);
          if (host.state === 'down' || host.failures > 0) this.#markUp(host);
          const raw = res.headers['content-encoding'] === undefined ? res.body : await this.#rawBody(res, host);
          return { status, headers: res.headers, body: this.#parseBody(raw, res, host, spec.responseType, ctx) as T, hostId: host.id };
        }

        const error = await this.#serverError(res, host, method, pathOnly);
        if (attempt !== undefined) attemptAnswered(attempt, status, res.body.byteLength, error.errorNum);
        const unavailable = classifyUnavailable(status, error.errorNum);
        if (unavailable !== undefined) {
          lastError = error;
          why = `HTTP ${status} errorNum ${error.errorNum} (${error.errorMessage})`;
          (failures ??= []).push({ hostId: host.id, reason: why });
          if (unavailable === 'retry-mark-down') this.#markDown(host, `HTTP ${status} errorNum ${error.errorNum}`, 'unavailable');
          if (pinned === undefined) (tried ??= new Set()).add(host);
          if (tried !== undefined && tried.size >= this.#all.length) tried.clear();
          await this.#pause(backoff(++unavailableRetries), state, method, host, pathOnly, userSignal);
          continue;
        }
        if (host.state === 'down' || host.failures > 0) this.#markUp(host);
        if (status === 401 && error.errorNum === 11 && !renewed) {
          renewed = true;
          if (await ctx.auth.renew(authorization)) {
            why = 'HTTP 401: credentials renewed';
            tries--;
            continue;
          }
        }
        if (conflictsLeft > 0 && isConflict(status, error.errorNum)) {
          conflictsLeft--;
          why = 'HTTP 409 errorNum 1200 (write-write conflict)';
          tries--;
          await this.#pause(backoff(1, 10, 100), state, method, host, pathOnly, userSignal);
          continue;
        }
        throw error;
      }
    } catch (err) {
      if (err instanceof Error) {
        // The caller's frames, captured synchronously at call time, replace the driver's and
        // undici's: the trace ends in the application's line.
        if (stackHolder?.stack !== undefined) {
          const frames = stackHolder.stack.slice(stackHolder.stack.indexOf('\n') + 1);
          err.stack = `${err.name}: ${err.message}\n${frames}`;
        }
        redactSecrets(err, ctx.auth.secrets);
      }
      throw err;
    } finally {
      if (timer !== undefined) clearTimeout(timer);
      if (onUserAbort !== undefined) userSignal?.removeEventListener('abort', onUserAbort);
    }
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
  async #pause(ms: number, state: CallState, method: string, host: Host, pathOnly: string, userSignal: AbortSignalLike | undefined): Promise<void> {
    try {
      await sleep(ms, state.cancel);
    } catch {
      throw this.#endedError(state, method, host, pathOnly, userReason(userSignal));
    }
  }

  #endedError(state: CallState, method: string, host: Host | undefined, pathOnly: string, reason: unknown): Error {
    if (this.#closed) return new ClientClosedError();
    if (state.timedOut) {
      return new TimeoutError({ timeout: state.timeout, method, url: (host?.id ?? '') + pathOnly, hostId: host?.id, mayHaveBeenApplied: state.onWire });
    }
    return new AbortError({ method, url: (host?.id ?? '') + pathOnly, mayHaveBeenApplied: state.onWire, cause: reason });
  }

  #pick(tried: Set<Host> | undefined, attempt: number): Host {
    const all = this.#all;
    if (all.length === 0) throw new ClientClosedError('the client has no hosts left');
    let candidates: Host[];
    if (tried === undefined || tried.size === 0) {
      candidates = this.#up.length > 0 ? this.#up : all;
    } else {
      candidates = this.#up.filter((h) => !tried.has(h));
      if (candidates.length === 0) candidates = all.filter((h) => !tried.has(h));
      if (candidates.length === 0) candidates = all;
    }
    if (candidates.length === 1) return candidates[0] as Host;
    const id = this.#resolver.pick(candidates, { all, attempt });
    const host = this.#hosts.get(id);
    if (host === undefined) throw new ArangoClientError(`hostResolver.pick returned ${JSON.stringify(id)}, which is not one of the client's hosts`);
    return host;
  }

  #pinnedHost(id: string, method: string, pathOnly: string): Host {
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

  /** Synchronous on purpose: the common answer needs no await after the HTTP layer's. */
  #parseBody(raw: Uint8Array, res: HttpResponse, host: Host, responseType: RequestSpec['responseType'], ctx: SendContext): unknown {
    if (responseType === 'buffer') return toBuffer(raw);
    if (raw.byteLength === 0) return responseType === 'text' ? '' : undefined;
    if (responseType === 'text' || !isJsonContentType(res.headers['content-type'])) return toText(raw);
    try {
      return ctx.codec.deserializer(toText(raw));
    } catch (err) {
      throw new BadResponseError({ message: `the answer of ${host.id} (HTTP ${res.status}) is not valid JSON: ${err instanceof Error ? err.message : String(err)}`, hostId: host.id, httpCode: res.status, cause: err });
    }
  }

  async #rawBody(res: HttpResponse, host: Host): Promise<Uint8Array> {
    const encoding = res.headers['content-encoding'];
    if (encoding === undefined || res.body.byteLength === 0) return res.body;
    try {
      return await decompress(res.body, Array.isArray(encoding) ? encoding.join(',') : encoding);
    } catch (err) {
      throw new BadResponseError({ message: `the answer of ${host.id} (HTTP ${res.status}) could not be decompressed: ${err instanceof Error ? err.message : String(err)}`, hostId: host.id, httpCode: res.status, cause: err });
    }
  }

  async #serverError(res: HttpResponse, host: Host, method: string, pathOnly: string): Promise<ArangoServerError> {
    let envelope: unknown;
    try {
      const raw = await this.#rawBody(res, host);
      if (raw.byteLength > 0) {
        const text = toText(raw);
        envelope = isJsonContentType(res.headers['content-type']) ? (JSON.parse(text) as unknown) : text;
      }
    } catch {
      envelope = undefined;
    }
    const record = typeof envelope === 'object' && envelope !== null ? (envelope as Record<string, unknown>) : undefined;
    const errorNum = typeof record?.errorNum === 'number' ? record.errorNum : 0;
    const errorMessage = typeof record?.errorMessage === 'string' && record.errorMessage !== '' ? record.errorMessage : (STATUS_CODES[res.status] ?? `HTTP ${res.status}`);
    return new ArangoServerError({
      httpCode: res.status,
      errorNum,
      errorMessage,
      method,
      url: host.id + pathOnly,
      hostId: host.id,
      headers: safeHeaders(res.headers),
      body: envelope,
    });
  }

  // ---- host health -------------------------------------------------------------------------

  #rebuild(): void {
    this.#all = [...this.#hosts.values()].filter((h) => !h.removed);
    const up = this.#all.filter((h) => h.state === 'up');
    this.#up = up.length === this.#all.length ? this.#all : up;
  }

  #markDown(host: Host, reason: string, kind: HostDownReason): void {
    host.lastError = reason;
    if (host.state === 'down' || this.#closed) return;
    host.state = 'down';
    host.downReason = kind;
    host.stats.ejections++;
    host.failures++;
    host.downUntil = Date.now() + hostDownFor(host.failures, this.#options.hostBackoff.initial, this.#options.hostBackoff.max);
    this.#rebuild();
    this.events.emit('hostDown', { host: host.snapshot(), reason, kind });
    this.#scheduleProbe(host);
  }

  #markUp(host: Host): void {
    const wasDown = host.state === 'down';
    host.state = 'up';
    host.failures = 0;
    host.downUntil = undefined;
    host.downReason = undefined;
    host.lastError = undefined;
    if (host.probeTimer !== undefined) {
      clearTimeout(host.probeTimer);
      host.probeTimer = undefined;
    }
    if (wasDown) {
      this.#rebuild();
      this.events.emit('hostUp', { host: host.snapshot() });
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

  /** `GET /_admin/server/availability` (public, no credentials): any answer but 503 means up. */
  async #probe(host: Host): Promise<void> {
    if (this.#closed || host.removed || host.state === 'up' || host.probing) return;
    host.probing = true;
    let up = false;
    let reason = 'HTTP 503';
    try {
      const res = await this.#http.request({
        origin: host.id,
        method: 'GET',
        path: PROBE_PATH,
        headers: { 'x-arango-driver': this.#options.driver },
        signal: AbortSignal.timeout(PROBE_TIMEOUT),
      });
      up = res.status !== 503;
    } catch (err) {
      reason = describeNetworkFailure(err);
    } finally {
      host.probing = false;
    }
    if (this.#closed || host.removed || isUp(host)) return;
    if (up) {
      this.#markUp(host);
    } else {
      host.lastError = reason;
      host.failures++;
      host.downUntil = Date.now() + hostDownFor(host.failures, this.#options.hostBackoff.initial, this.#options.hostBackoff.max);
      this.#scheduleProbe(host);
    }
  }

  // ---- host list changes -------------------------------------------------------------------

  /** Replaces the host list: adopts new ids, drains and closes removed ones. Returns the new list. */
  setHosts(ids: readonly string[]): string[] {
    if (this.#closed) throw new ClientClosedError();
    if (ids.length === 0) throw new ArangoClientError('refusing to replace the host list with an empty one');
    const wanted = new Set(ids);
    const added: Host[] = [];
    const removed: Host[] = [];
    for (const host of this.#all) {
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
        host = new Host(id);
        added.push(host);
      }
      next.set(id, host);
    }
    this.#hosts.clear();
    for (const [id, host] of next) this.#hosts.set(id, host);
    this.#rebuild();
    for (const host of added) this.events.emit('hostAdded', { host: host.snapshot() });
    for (const host of removed) {
      this.events.emit('hostRemoved', { host: host.snapshot() });
      if (host.inFlight === 0) this.#drain(host);
    }
    return this.hostIds();
  }

  #drain(host: Host): void {
    void this.#http.closeOrigin?.(host.id).catch(() => {
      /* closing a pool of a host that left the list is best effort */
    });
  }

  async close(): Promise<void> {
    this.#closing ??= (async () => {
      this.#closed = true;
      for (const host of this.#hosts.values()) {
        if (host.probeTimer !== undefined) clearTimeout(host.probeTimer);
        host.probeTimer = undefined;
      }
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

function safeHeaders(headers: HttpResponse['headers']): Record<string, string | string[] | undefined> {
  const out: Record<string, string | string[] | undefined> = {};
  for (const name in headers) if (!SECRET_HEADER.test(name)) out[name] = headers[name];
  return out;
}

function describeNetworkFailure(err: unknown): string {
  const code = errorCode(err);
  if (err instanceof ConnectionFailure) return err.message;
  if (err instanceof Error) return code !== undefined && !err.message.includes(code) ? `${code}: ${err.message}` : err.message;
  return String(err);
}

/** The platform error behind a ConnectionFailure, kept as the NetworkError's cause. */
function causeOf(err: unknown): unknown {
  return err instanceof ConnectionFailure ? err.cause : err;
}

function userReason(signal: AbortSignalLike | undefined): unknown {
  return signal !== undefined && signal.aborted ? signal.reason : undefined;
}

/** A function, not an inline check, so TypeScript does not narrow `cancelled` across awaits. */
function cancelled(cancel: Cancellation | undefined): boolean {
  return cancel !== undefined && cancel.cancelled;
}

function isUp(host: Host): boolean {
  return host.state === 'up';
}
