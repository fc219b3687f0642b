/**
 * What an API method hands to the transport, and what it gets back. API classes build these;
 * the transport (hosts, pools, resolvers, retries, auth) sends them and knows nothing else.
 */

export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** A query-string value: arrays are sent as repeated parameters, `undefined` and `null` are left out. */
export type QueryValue = string | number | boolean | null | undefined | readonly string[];

/**
 * The part of an `AbortSignal` the driver uses. Node's and the DOM's `AbortSignal` both fit, and
 * the published typings need neither `@types/node` nor the DOM lib.
 */
export interface AbortSignalLike {
  readonly aborted: boolean;
  readonly reason?: unknown;
  /** Registers the abort listener (the driver passes `{ once: true }`). */
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
  /** Removes the abort listener once the call has settled. */
  removeEventListener(type: 'abort', listener: () => void): void;
}

/** Options every async API call accepts as its last argument. */
export interface CallOptions {
  /** Aborts the call: the pending request is cancelled and the call rejects with {@link AbortError}. */
  signal?: AbortSignalLike;
  /** Milliseconds for the whole call, retries included; defaults to the client's `timeout`. */
  timeout?: number;
  /**
   * Writes: re-send up to this many times when the server answers 409 with errorNum 1200
   * (write-write conflict). Default 0: conflicts are reported, never retried silently.
   */
  retryOnConflict?: number;
  /**
   * How long one attempt may take before an idempotent call moves to another host: `'auto'`
   * (the client's setting), a number of ms, or 0 for none on this call.
   */
  attemptTimeout?: number | 'auto';
  /** `false` never hedges this call; `true` (default) lets an idempotent read be hedged under the client's budget. */
  hedge?: boolean;
}

export interface RequestSpec extends CallOptions {
  /**
   * The public call this request serves (`collection.insert`, `aql.query`, …), published as
   * `operation` on the `arangots:request` diagnostics channel. A string constant at each call
   * site: naming a call costs nothing. Raw `db.request()` calls default to `database.request`.
   */
  operation?: string;
  method: HttpMethod;
  /**
   * Path below the database prefix, each variable segment already encoded — build it with
   * `path` from transport/path.ts. The transport prepends `/_db/{database}` when `database` is set.
   */
  path: string;
  /** Database whose `/_db/{name}` prefix the request carries; omit for server-wide paths. */
  database?: string;
  /** `undefined` and `null` values are left out, never sent as `?x=undefined`. */
  query?: Readonly<Record<string, QueryValue>>;
  headers?: Readonly<Record<string, string>>;
  /** A JSON body (serialised by the client's serializer). */
  body?: unknown;
  /** A body sent as is (e.g. JSONL for import, a raw JSON string for maintenance mode). */
  rawBody?: string | Uint8Array;
  contentType?: string;
  /**
   * Send to this host (its id, see transport/host.ts) and nowhere else: cursor, transaction and
   * job follow-ups go to the coordinator that owns them.
   */
  hostId?: string;
  /**
   * Whether sending twice is harmless. Defaults to true for GET/HEAD, false otherwise; API calls
   * documented as safe to repeat (e.g. AQL explain) set it.
   */
  idempotent?: boolean;
  /** Return the body as text instead of parsing JSON (metrics, logs in text form). */
  responseType?: 'json' | 'text' | 'buffer';
  /** Statuses that are not errors for this call (e.g. 404 for `has()`); default: status < 300 is success. */
  allowStatus?: readonly number[];
}

/**
 * An answer as the transport hands it to the API layer (and `db.request()` to you): status, headers
 * (lower-case names) and the body, parsed as JSON unless the request asked for text or bytes.
 */
export interface ArangoResponse<T = unknown> {
  status: number;
  headers: Readonly<Record<string, string | string[] | undefined>>;
  body: T;
  /** Id of the host that answered (pin follow-ups to it). */
  hostId: string;
}

/** Anything that can send a RequestSpec: the client's transport, or a database bound to a transaction. */
export interface Requester {
  /**
   * Sends one request (with retries, failover and the handle's credentials) and answers the response.
   * A status that is neither below 300 nor in `spec.allowStatus` rejects with {@link ArangoServerError}.
   */
  request<T = unknown>(spec: RequestSpec): Promise<ArangoResponse<T>>;
}

/**
 * The call options of an options bag (`signal`, `timeout`, `retryOnConflict`, `attemptTimeout`,
 * `hedge`) without unset keys,
 * so a method's own options never reach the request spec.
 */
export function callOptions(opts: CallOptions | undefined): CallOptions {
  const out: CallOptions = {};
  if (opts === undefined) return out;
  if (opts.signal !== undefined) out.signal = opts.signal;
  if (opts.timeout !== undefined) out.timeout = opts.timeout;
  if (opts.retryOnConflict !== undefined) out.retryOnConflict = opts.retryOnConflict;
  if (opts.attemptTimeout !== undefined) out.attemptTimeout = opts.attemptTimeout;
  if (opts.hedge !== undefined) out.hedge = opts.hedge;
  return out;
}
