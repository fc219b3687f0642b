/**
 * The HTTP layer as an interface, and its default implementation: one undici `Pool` per host.
 *
 * Replace it with `new ArangoClient({ httpClient })` — an object, or a factory that receives the
 * client's connection options (so a wrapper can build the default one and decorate it).
 */
import { Pool, util } from 'undici';
import type { Dispatcher } from 'undici';
import type { Cancellation } from './cancel.js';
import type { AbortSignalLike, HttpMethod } from './request.js';

/** One HTTP exchange, fully prepared by the transport. */
export interface HttpRequest {
  /** The host id, i.e. its origin: `http://10.0.0.1:8529`. */
  origin: string;
  method: HttpMethod;
  /** Path and query string, already encoded. */
  path: string;
  /** Lower-case header names. Contains the credentials: never log or echo it. */
  headers: Record<string, string>;
  body?: string | Uint8Array | undefined;
  /** Aborted when the call's deadline passes or the caller aborts; stop and reject promptly. */
  signal?: AbortSignalLike | undefined;
}

/** One HTTP answer as an {@link HttpClient} delivers it to the transport. */
export interface HttpResponse {
  status: number;
  /** Lower-case header names. */
  headers: Record<string, string | string[] | undefined>;
  /** The raw (possibly still content-encoded) body. */
  body: Uint8Array;
}

/**
 * What the transport needs from an HTTP layer.
 *
 * When no response arrives, reject. If you know whether the request could have reached the server,
 * reject with a `ConnectionFailure` (or set a boolean `requestSent` on the error): `false` lets the
 * transport retry any request on another host, `true` limits retries to idempotent requests.
 * Without it the transport decides from the error `code` (ECONNREFUSED, ENOTFOUND, connect
 * timeouts… are "not sent"; everything else "may have been sent").
 */
export interface HttpClient {
  /**
   * Sends one request and resolves with the complete answer; rejects when no answer arrived (see
   * above on `ConnectionFailure`) or when `request.signal` aborts.
   */
  request(request: HttpRequest): Promise<HttpResponse>;
  /** Closes the connections to one origin (a host that left the host list). */
  closeOrigin?(origin: string): Promise<void>;
  /** Closes every connection; called once by `client.close()`. */
  close(): Promise<void>;
}

/** TLS options, passed to undici's connector (node:tls). */
export interface TlsOptions {
  /** CA bundle (PEM) to trust instead of the system store. */
  ca?: string | Uint8Array | readonly (string | Uint8Array)[];
  /** Client certificate (PEM) for mutual TLS. */
  cert?: string | Uint8Array;
  /** Client key (PEM). */
  key?: string | Uint8Array;
  passphrase?: string;
  /** Default true. Set false only for testing against self-signed certificates. */
  rejectUnauthorized?: boolean;
  /** SNI server name when it differs from the host name. */
  servername?: string;
}

/** Connection options every HttpClient factory receives. */
export interface HttpClientOptions {
  /** Maximum sockets per host. */
  connections: number;
  /** Milliseconds an idle keep-alive socket is kept (shorter if the server says so). */
  keepAliveTimeout: number;
  /** Milliseconds to establish a connection (TCP + TLS). */
  connectTimeout: number;
  tls?: TlsOptions | undefined;
}

/**
 * Builds the {@link HttpClient} from the client's connection options (`connections`,
 * `keepAliveTimeout`, `connectTimeout`, `tls`); pass it as `new ArangoClient({ httpClient })`.
 */
export type HttpClientFactory = (options: HttpClientOptions) => HttpClient;

/**
 * A failure before any response arrived, with what the HTTP layer knows about how far the request
 * got. `cause` is the platform error (undici / node:net), kept for diagnosis.
 */
export class ConnectionFailure extends Error {
  override readonly name = 'ConnectionFailure';
  /** False: the server cannot have seen the complete request. True: it may have processed it. */
  readonly requestSent: boolean;
  /** The platform error code, e.g. ECONNREFUSED, UND_ERR_SOCKET. */
  readonly code: string | undefined;

  constructor(cause: unknown, requestSent: boolean) {
    const code = errorCode(cause);
    super(describePlatformError(cause), { cause });
    this.requestSent = requestSent;
    this.code = code;
  }
}

/** The most specific `code` of a platform error (undici wraps node:net errors in `cause`). */
export function errorCode(err: unknown): string | undefined {
  let current: unknown = err;
  let found: string | undefined;
  for (let depth = 0; depth < 4 && current instanceof Error; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') found = code;
    // node:net's AggregateError (happy eyeballs) carries the code of its parts on itself
    current = current.cause;
  }
  return found;
}

function describePlatformError(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const code = errorCode(err);
  const message = err.message !== '' ? err.message : err instanceof AggregateError ? err.errors.map((e: unknown) => (e instanceof Error ? e.message : String(e))).join('; ') : err.name;
  return code !== undefined && !message.includes(code) ? `${code}: ${message}` : message;
}

/** Default HTTP layer: an undici `Pool` per origin, created on first use. */
export class UndiciHttpClient implements HttpClient {
  readonly #pools = new Map<string, Pool>();
  readonly #options: HttpClientOptions;
  #closed = false;

  constructor(options: HttpClientOptions) {
    this.#options = options;
  }

  #pool(origin: string): Pool {
    let pool = this.#pools.get(origin);
    if (pool === undefined) {
      const tls = this.#options.tls;
      pool = new Pool(origin, {
        connections: this.#options.connections,
        // One request per socket at a time: pipelining would let one slow answer block others.
        pipelining: 1,
        keepAliveTimeout: this.#options.keepAliveTimeout,
        // The deadline is the transport's (one per call); undici's own timers would double it.
        headersTimeout: 0,
        bodyTimeout: 0,
        connect: {
          timeout: this.#options.connectTimeout,
          ...(tls === undefined ? {} : (tls as Record<string, unknown>)),
        },
      });
      this.#pools.set(origin, pool);
    }
    return pool;
  }

  /** Sends one request through the host's undici pool and collects the whole body. */
  request(request: HttpRequest): Promise<HttpResponse> {
    return this.send(request, undefined);
  }

  /**
   * @internal The transport's path: cancellation through a plain object instead of an
   * AbortSignal (see cancel.ts), and the outcome handed to `sink` without a promise of its own.
   */
  dispatch(request: HttpRequest, cancel: Cancellation, sink: ExchangeSink): void {
    const handler = new CollectingHandler(sink);
    if (this.#closed) {
      handler.onError(new Error('HTTP client closed'));
      return;
    }
    if (cancel.cancelled) {
      handler.cancel(cancel.reason);
      return;
    }
    cancel.wait((reason) => handler.cancel(reason));
    handler.cancelRef = cancel;
    this.#dispatch(request, handler);
  }

  /** @internal `request()` with a Cancellation instead of a signal. */
  send(request: HttpRequest, cancel: Cancellation | undefined): Promise<HttpResponse> {
    if (this.#closed) return Promise.reject(new ConnectionFailure(new Error('HTTP client closed'), false));
    return new Promise<HttpResponse>((resolve, reject) => {
      const handler = new CollectingHandler(new PromiseSink(resolve, reject));
      if (cancel !== undefined) {
        if (cancel.cancelled) {
          handler.cancel(cancel.reason);
          return;
        }
        cancel.wait((reason) => handler.cancel(reason));
        handler.cancelRef = cancel;
      } else if (request.signal !== undefined) {
        const signal = request.signal;
        if (signal.aborted) {
          handler.cancel(signal.reason);
          return;
        }
        const onAbort = (): void => handler.cancel(signal.reason);
        signal.addEventListener('abort', onAbort, { once: true });
        handler.onSettle = () => signal.removeEventListener('abort', onAbort);
      }
      this.#dispatch(request, handler);
    });
  }

  #dispatch(request: HttpRequest, handler: CollectingHandler): void {
    this.#pool(request.origin).dispatch(
      {
        origin: request.origin,
        method: request.method,
        path: request.path,
        headers: request.headers,
        body: request.body ?? null,
        // Idempotency decisions belong to the transport; undici must not replay on its own.
        idempotent: false,
      },
      handler,
    );
  }

  async closeOrigin(origin: string): Promise<void> {
    const pool = this.#pools.get(origin);
    if (pool === undefined) return;
    this.#pools.delete(origin);
    await pool.close();
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    const pools = [...this.#pools.values()];
    this.#pools.clear();
    await Promise.all(pools.map((p) => p.close()));
  }
}

/**
 * Collects the response into one buffer and tracks how far the request got, which the transport's
 * retry rules need: before `onRequestSent` the server cannot have processed the request.
 * Uses undici's handler callbacks directly (no stream per response), which keeps the hot path
 * cheaper than `Pool.request` + `body.json()`.
 */
class CollectingHandler implements Dispatcher.DispatchHandler {
  settled = false;
  /** Called once when the exchange settles (detaches the cancellation listener). */
  onSettle: (() => void) | undefined = undefined;
  /** The Cancellation whose waiter this exchange is, detached when it settles. */
  cancelRef: Cancellation | undefined = undefined;
  #sent = false;
  #status = 0;
  #rawHeaders: Buffer[] = [];
  #chunks: Buffer[] = [];
  #abort: ((err?: Error) => void) | undefined;
  #cancelReason: unknown = undefined;
  readonly #sink: ExchangeSink;

  constructor(sink: ExchangeSink) {
    this.#sink = sink;
  }

  /**
   * Rejects at once, even while the request still waits for a socket; undici is told to drop it
   * as soon as it has (or already has) a connection.
   */
  cancel(reason: unknown): void {
    if (this.settled) return;
    this.#cancelReason = reason;
    // settle first, so the rejection carries the caller's reason and not undici's abort error
    this.#fail(reason, this.#sent);
    this.#abort?.(toError(reason));
  }

  onConnect(abort: (err?: Error) => void): void {
    this.#abort = abort;
    this.#sent = false;
    if (this.settled) abort(toError(this.#cancelReason));
  }

  onRequestSent(): void {
    this.#sent = true;
  }

  onHeaders(statusCode: number, headers: Buffer[]): boolean {
    this.#sent = true;
    // 1xx informational answers come before the real one
    if (statusCode < 200) return true;
    this.#status = statusCode;
    this.#rawHeaders = headers;
    return true;
  }

  onData(chunk: Buffer): boolean {
    this.#chunks.push(chunk);
    return true;
  }

  onComplete(): void {
    if (this.settled) return;
    this.settled = true;
    this.#cleanup();
    const chunks = this.#chunks;
    const body = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks);
    this.#sink.answered({ status: this.#status, headers: parseRawHeaders(this.#rawHeaders), body });
  }

  onError(err: Error): void {
    if (this.settled) return;
    this.#fail(err, this.#sent || this.#status !== 0);
  }

  #fail(err: unknown, sent: boolean): void {
    if (this.settled) return;
    this.settled = true;
    this.#cleanup();
    this.#sink.failed(new ConnectionFailure(err, sent));
  }

  #cleanup(): void {
    const cancel = this.cancelRef;
    if (cancel !== undefined) {
      this.cancelRef = undefined;
      cancel.wait(undefined);
    }
    const onSettle = this.onSettle;
    this.onSettle = undefined;
    onSettle?.();
  }
}

/** @internal Where an exchange's outcome goes (the transport's attempt, or a promise). */
export interface ExchangeSink {
  answered(res: HttpResponse): void;
  failed(err: ConnectionFailure): void;
}

class PromiseSink implements ExchangeSink {
  constructor(
    readonly answered: (res: HttpResponse) => void,
    readonly failed: (err: ConnectionFailure) => void,
  ) {}
}

function toError(reason: unknown): Error {
  return reason instanceof Error ? reason : new Error('aborted');
}

/**
 * undici's own parser: lower-case names interned from a table of known headers (no string per
 * name), repeated headers as arrays, and names like `constructor` or `__proto__` kept as own
 * properties instead of colliding with Object.prototype.
 */
function parseRawHeaders(raw: Buffer[]): Record<string, string | string[] | undefined> {
  return util.parseHeaders(raw);
}
