/**
 * ArangoClient: the entry point. Holds the hosts, the resolver, the HTTP layer and the transport;
 * `db()` binds credentials and (de)serialisers to a database handle.
 */
import { createRequire } from 'node:module';
import { DatabaseConnection, type DatabaseRequester as DatabaseRequesterContract } from './connection.js';
import { Database } from './database.js';
import { assertDatabaseName } from './names.js';
import { unexpected } from './shape.js';
import { inspectable, type HandleDescription } from './describe.js';
import { ArangoClientError, ArangoError, ClientClosedError } from './errors.js';
import { LoginAuth, createAuthenticator, superuserToken, type AuthOptions, type Authenticator, type SuperuserTokenOptions } from './transport/auth.js';
import { defaultCodec, resolveCompression, type Codec, type CompressionOptions, type Deserializer, type Serializer } from './transport/codec.js';
import { endpointToHost } from './transport/discovery.js';
import type { ClientEventName, Listener } from './transport/events.js';
import { parseHosts, type HostInfo } from './transport/host.js';
import { UndiciHttpClient, type HttpClient, type HttpClientFactory, type HttpClientOptions, type TlsOptions } from './transport/http-client.js';
import type { ArangoResponse, CallOptions, RequestSpec } from './transport/request.js';
import { callOptions } from './transport/request.js';
import { createResolver, type HostResolver, type HostResolverName } from './transport/resolvers.js';
import { Transport, type SendContext } from './transport/transport.js';
import { parseAttemptTimeout, type AttemptTimeoutOption } from './transport/attempt-timeout.js';
import { parseHedge, type HedgeOption } from './transport/hedge.js';
import { parseOutlier, type OutlierOption } from './transport/outlier.js';
import type { ClientStats } from './transport/call-stats.js';

const VERSION = (createRequire(import.meta.url)('../package.json') as { version: string }).version;
/** The `x-arango-driver` header value. */
export const DRIVER_ID = `arangots/${VERSION}`;

/**
 * Options of `new ArangoClient(…)`: the coordinators to talk to, how requests spread over them
 * (resolver, retries, timeouts, gray-failure handling), the HTTP layer and (de)serialisers. Every
 * duration is in milliseconds. Unknown keys and out-of-range values are refused with an
 * {@link ArangoClientError}.
 */
export interface ArangoClientOptions {
  /** One URL, an array, or a comma-separated string. Default `http://127.0.0.1:8529`. */
  hosts?: string | readonly string[];
  /** Default `'roundrobin'`. */
  hostResolver?: HostResolverName | HostResolver;
  /** `'periodic'` resolver: requests per host before moving on. Default 100. */
  requestsPeriod?: number;
  /** Attempts per call across hosts. Default 3 × the number of hosts; refused below the host count. */
  maxTries?: number;
  /** Default deadline of every call in ms (retries and body download included). Default 60 000; 0 = none. */
  timeout?: number;
  /** Sockets per host. Default 128. */
  connections?: number;
  /** Idle keep-alive socket lifetime in ms (the server's `Keep-Alive` hint wins if shorter). Default 30 000. */
  keepAliveTimeout?: number;
  /** Connect (TCP + TLS) timeout in ms. Default 10 000. */
  connectTimeout?: number;
  /** CA bundle, client certificate and key, `rejectUnauthorized` — for every host. */
  tls?: TlsOptions;
  /** Replaces the undici layer: an HttpClient, or a factory that gets the connection options. */
  httpClient?: HttpClient | HttpClientFactory;
  /** Request compression above a size threshold, and `accept-encoding` for answers. */
  compression?: CompressionOptions;
  /** Default (de)serialisers for every database handle. Default JSON.stringify / JSON.parse. */
  serializer?: Serializer;
  deserializer?: Deserializer;
  /** A down host is probed after `initial` ms, doubling per failed probe up to `max`. Default 250 / 5 000. */
  hostBackoff?: { initial?: number; max?: number };
  /** Re-read the coordinator list (`acquireHostList`) every this many ms. Default: never. */
  hostListRefresh?: number;
  /**
   * Capture the caller's stack synchronously at every call and make it the error's whole stack
   * (no driver or undici frames). Default false: V8's async stack traces (on by default) already
   * name the application's awaiting function and line after the driver's own frames, at no cost
   * per call; the capture cost a few microseconds per call (see BENCHMARKS.md).
   */
  captureStackTraces?: boolean;
  /**
   * Put the AQL text of queries into the `arangots:request` diagnostics context (and so into
   * `db.query.text` of OpenTelemetry spans). Default false: query text may embed literal data.
   * Bind variable names are always there, their values never.
   */
  traceQueryText?: boolean;
  /**
   * Per-attempt timeout: `'auto'` (default) derives it from the host's recent latency (5 × p99,
   * at least 500 ms, 1 000 ms before anything is known); a number of ms fixes it; 0 turns it off;
   * `{ multiplier, min, initial }` tunes the derivation. An idempotent call whose attempt passes
   * it moves to another host within the call's deadline; a host silent past it leaves rotation.
   */
  attemptTimeout?: AttemptTimeoutOption;
  /**
   * Hedged reads: an idempotent, unpinned call still unanswered after about the recent p95 is sent
   * a second time to another host; the first answer wins. Default on with `{ budget: 0.05,
   * minDelay: 10 }` (at most 5 % extra requests); `false` turns it off.
   */
  hedge?: HedgeOption;
  /**
   * Taking hosts out of rotation for gray failures (silent past an attempt timeout, latency far
   * above their peers'). Default on with `{ maxEjectedFraction: 0.5, consecutiveTimeouts: 3,
   * latencyFactor: 3 }`; `false` turns it off.
   */
  outlierEjection?: OutlierOption;
}

/** Options of `client.db()`: credentials, plus per-database (de)serialisers and verification. */
export type DatabaseOptions = AuthOptions & {
  /** Check that the server answers and the credentials work (`GET /_api/version`) before returning. */
  verify?: boolean;
  serializer?: Serializer;
  deserializer?: Deserializer;
} & CallOptions;

/** The requester a Database handle sends through: the client's transport plus this handle's credentials. */
/**
 * Its state is `#private`: the context holds the credentials, and nothing reachable from a
 * handle may show them (JSON, inspection, structured clone, enumeration).
 */
class DatabaseRequester implements DatabaseRequesterContract {
  readonly #transport: Transport;
  readonly #context: SendContext;
  readonly #captureStacks: boolean;

  constructor(transport: Transport, context: SendContext, captureStacks: boolean) {
    this.#transport = transport;
    this.#context = context;
    this.#captureStacks = captureStacks;
  }

  request<T = unknown>(spec: RequestSpec): Promise<ArangoResponse<T>> {
    if (!this.#captureStacks) return this.#transport.request<T>(spec, this.#context);
    // Captured now, while the application's frames are still on the stack (formatted only on error).
    const holder: { stack?: string } = {};
    Error.captureStackTrace(holder, DatabaseRequester.prototype.request);
    return this.#transport.request<T>(spec, this.#context, holder);
  }

  /** `request` with the database given apart (the connection's path: no spec copy per call). */
  requestIn<T = unknown>(spec: RequestSpec, database: string): Promise<ArangoResponse<T>> {
    if (!this.#captureStacks) return this.#transport.request<T>(spec, this.#context, undefined, database);
    const holder: { stack?: string } = {};
    Error.captureStackTrace(holder, DatabaseRequester.prototype.requestIn);
    return this.#transport.request<T>(spec, this.#context, holder, database);
  }

  hostIds(): string[] {
    return this.#transport.hostIds();
  }

  toJSON(): { kind: string; hosts: string[] } {
    return { kind: 'DatabaseRequester', hosts: this.hostIds() };
  }
}

/**
 * The entry point: one client per cluster, holding the connection pools to every coordinator, the
 * host resolver and the retry, hedging and outlier-ejection rules. Credentials are not the client's:
 * each `client.db(name, credentials)` handle carries its own. Close it with {@link ArangoClient.close}.
 *
 * ```ts
 * const client = new ArangoClient({ hosts: ['http://c1:8529', 'http://c2:8529'] });
 * const db = await client.db('shop', { username: 'root', password: '' });
 * ```
 */
export class ArangoClient {
  readonly #transport: Transport;
  readonly #codec: Codec;
  readonly #captureStacks: boolean;
  #discoveryContext: SendContext | undefined;
  #refreshTimer: NodeJS.Timeout | undefined;

  constructor(options: ArangoClientOptions = {}) {
    if (typeof options !== 'object' || options === null) throw new ArangoClientError('ArangoClient options must be an object');
    refuseUnknown('ArangoClient', options, CLIENT_OPTIONS);
    const hosts = parseHosts(options.hosts);
    const resolver = createResolver(options.hostResolver, options.requestsPeriod === undefined ? {} : { requestsPeriod: options.requestsPeriod });
    const maxTries = options.maxTries;
    if (maxTries !== undefined && (!Number.isInteger(maxTries) || maxTries < hosts.length)) {
      throw new ArangoClientError(`maxTries must be an integer of at least the number of hosts (${hosts.length}), got ${String(maxTries)}`);
    }
    const timeout = positive('timeout', options.timeout, 60_000, true);
    const httpOptions: HttpClientOptions = {
      connections: positive('connections', options.connections, 128, false),
      keepAliveTimeout: positive('keepAliveTimeout', options.keepAliveTimeout, 30_000, false),
      connectTimeout: positive('connectTimeout', options.connectTimeout, 10_000, false),
      tls: options.tls,
    };
    const http = createHttpClient(options.httpClient, httpOptions);
    const initial = positive('hostBackoff.initial', options.hostBackoff?.initial, 250, false);
    const max = positive('hostBackoff.max', options.hostBackoff?.max, 5_000, false);
    if (options.serializer !== undefined && typeof options.serializer !== 'function') throw new ArangoClientError('serializer must be a function');
    if (options.deserializer !== undefined && typeof options.deserializer !== 'function') throw new ArangoClientError('deserializer must be a function');
    if (options.captureStackTraces !== undefined && typeof options.captureStackTraces !== 'boolean') {
      throw new ArangoClientError(`captureStackTraces must be a boolean, got ${JSON.stringify(options.captureStackTraces)}`);
    }
    this.#captureStacks = options.captureStackTraces ?? false;
    if (options.traceQueryText !== undefined && typeof options.traceQueryText !== 'boolean') {
      throw new ArangoClientError(`traceQueryText must be a boolean, got ${JSON.stringify(options.traceQueryText)}`);
    }
    this.#codec = { serializer: options.serializer ?? defaultCodec.serializer, deserializer: options.deserializer ?? defaultCodec.deserializer };
    this.#transport = new Transport({
      hosts,
      resolver,
      http,
      timeout,
      maxTries,
      compression: resolveCompression(options.compression),
      hostBackoff: { initial, max: Math.max(initial, max) },
      driver: DRIVER_ID,
      traceQueryText: options.traceQueryText === true,
      attemptTimeout: parseAttemptTimeout(options.attemptTimeout),
      hedge: parseHedge(options.hedge),
      outlier: parseOutlier(options.outlierEjection),
    });
    if (options.hostListRefresh !== undefined) {
      const every = positive('hostListRefresh', options.hostListRefresh, 0, false);
      this.#refreshTimer = setInterval(() => {
        this.acquireHostList().catch((error: unknown) => {
          this.#transport.events.emit('discoveryError', { error: error instanceof Error ? error : new ArangoError(String(error)) });
        });
      }, every);
      this.#refreshTimer.unref();
    }
  }

  /**
   * A handle on database `name` with the given credentials: `{ username, password }` (basic),
   * `{ authMethod: 'jwt', username, password }` (session token from `/_open/auth`, renewed
   * before it expires and once after a 401), or `{ token }` (a ready JWT, e.g. superuserToken()).
   */
  async db(name = '_system', options: DatabaseOptions = {}): Promise<Database> {
    if (this.#transport.closed) throw new ClientClosedError();
    assertDatabaseName(name);
    if (typeof options !== 'object' || options === null) throw new ArangoClientError('client.db() options must be an object');
    refuseUnknown('client.db()', options, DB_OPTIONS);
    if (options.serializer !== undefined && typeof options.serializer !== 'function') throw new ArangoClientError('serializer must be a function');
    if (options.deserializer !== undefined && typeof options.deserializer !== 'function') throw new ArangoClientError('deserializer must be a function');
    const auth = createAuthenticator(authPart(options), (username, password) => this.#login(username, password, options));
    const context: SendContext = {
      auth,
      codec: { serializer: options.serializer ?? this.#codec.serializer, deserializer: options.deserializer ?? this.#codec.deserializer },
    };
    this.#discoveryContext = context;
    const requester = new DatabaseRequester(this.#transport, context, this.#captureStacks);
    if (options.verify === true) {
      // A proxy may strip the Server header; the version answer itself says whether this is ArangoDB.
      const path = '/_api/version';
      const res = await requester.request({ operation: 'client.db', method: 'GET', path, database: name, ...callOptions(options) });
      const body = res.body as { server?: unknown } | undefined;
      if (typeof body !== 'object' || body === null || body.server !== 'arango') {
        throw unexpected(res, 'ArangoDB\'s version answer ({ "server": "arango", … })').locate({ method: 'GET', path: `/_db/${encodeURIComponent(name)}${path}` });
      }
    }
    return new Database(new DatabaseConnection(requester, name));
  }

  /** What logging shows: the hosts — never credentials, which live in the handles' private state. */
  toJSON(): HandleDescription {
    return { kind: 'ArangoClient', hosts: this.#transport.hostIds() };
  }

  /** Every host with its health: `{ id, url, state, inFlight, failures, downUntil? }`. */
  hosts(): HostInfo[] {
    return this.#transport.hosts();
  }

  /**
   * Calls, failures by kind, retries, hedges, calls in flight and latency percentiles over a
   * recent window — in total and per host. Per host it is the same data as `hosts()[i].stats`
   * (what the gray-failure decisions use), shown beside the client's whole-call figures.
   */
  stats(): ClientStats {
    return this.#transport.stats();
  }

  /** Effective attempt bound per call. */
  get maxTries(): number {
    return this.#transport.maxTries;
  }

  /**
   * Reads the coordinators from `GET /_api/cluster/endpoints` and makes them the host list:
   * `tcp://` becomes `http://`, `ssl://` `https://`; new coordinators are adopted with the same
   * TLS options and credentials, removed ones are drained and closed. Authenticates with the
   * credentials of the most recent `client.db()` handle. Returns the new host ids.
   */
  async acquireHostList(options: CallOptions = {}): Promise<string[]> {
    const context = this.#discoveryContext ?? { auth: createAuthenticator(undefined, () => Promise.reject(new Error('no login'))), codec: defaultCodec };
    const holder: { stack?: string } = {};
    Error.captureStackTrace(holder, ArangoClient.prototype.acquireHostList);
    const res = await this.#transport.request<unknown>(
      { operation: 'client.acquireHostList', method: 'GET', path: '/_api/cluster/endpoints', database: '_system', ...callOptions(options) },
      { auth: context.auth, codec: defaultCodec },
      holder,
    );
    const list = (res.body as { endpoints?: unknown } | undefined)?.endpoints;
    if (!Array.isArray(list)) throw unexpected(res, 'a JSON object with an "endpoints" list').locate({ method: 'GET', path: '/_db/_system/_api/cluster/endpoints' });
    const ids: string[] = [];
    for (const entry of list as unknown[]) {
      const endpoint = (entry as { endpoint?: unknown } | null)?.endpoint;
      if (typeof endpoint !== 'string') continue;
      const id = endpointToHost(endpoint);
      if (id !== undefined && !ids.includes(id)) ids.push(id);
    }
    if (ids.length === 0) throw unexpected(res, 'at least one usable coordinator endpoint (tcp://… or ssl://…)').locate({ method: 'GET', path: '/_db/_system/_api/cluster/endpoints' });
    return this.#transport.setHosts(ids);
  }

  /**
   * Listens to host lifecycle events (`hostDown`, `hostUp`, `hostAdded`, `hostRemoved`,
   * `discoveryError`); see {@link ClientEvents}. A throwing listener never breaks a request: its error
   * is rethrown on a later tick.
   */
  on<K extends ClientEventName>(name: K, listener: Listener<K>): this {
    this.#transport.events.on(name, listener);
    return this;
  }

  /** Like {@link ArangoClient.on}, for the next event of that name only. */
  once<K extends ClientEventName>(name: K, listener: Listener<K>): this {
    this.#transport.events.once(name, listener);
    return this;
  }

  /** Removes a listener added with `on()` or `once()`; an unknown listener is ignored. */
  off<K extends ClientEventName>(name: K, listener: Listener<K>): this {
    this.#transport.events.off(name, listener);
    return this;
  }

  /** Closes every connection (idempotent); afterwards every call fails with ClientClosedError. */
  async close(): Promise<void> {
    if (this.#refreshTimer !== undefined) clearInterval(this.#refreshTimer);
    this.#refreshTimer = undefined;
    await this.#transport.close();
  }

  /** An HS256 superuser JWT made from the server's `--server.jwt-secret`, for `client.db(name, { token })`. */
  static superuserToken(secret: string | Uint8Array, options?: SuperuserTokenOptions): string {
    return superuserToken(secret, options);
  }

  async #login(username: string, password: string, options: CallOptions): Promise<string> {
    const loginAuth: Authenticator = new LoginAuth(password);
    const holder: { stack?: string } = {};
    Error.captureStackTrace(holder);
    const res = await this.#transport.request<{ jwt?: unknown }>(
      // Logging in twice is harmless (it only mints a token), so it may be retried like a read.
      { operation: 'client.login', method: 'POST', path: '/_open/auth', body: { username, password }, idempotent: true, ...(options.timeout === undefined ? {} : { timeout: options.timeout }) },
      { auth: loginAuth, codec: defaultCodec },
      holder,
    );
    const jwt = res.body?.jwt;
    if (typeof jwt !== 'string' || jwt === '') throw unexpected(res, 'a JSON object with a "jwt" token').locate({ method: 'POST', path: '/_open/auth' });
    return jwt;
  }
}

inspectable(ArangoClient);

const CLIENT_OPTIONS: readonly (keyof ArangoClientOptions)[] = [
  'hosts', 'hostResolver', 'requestsPeriod', 'maxTries', 'timeout', 'connections', 'keepAliveTimeout', 'connectTimeout',
  'tls', 'httpClient', 'compression', 'serializer', 'deserializer', 'hostBackoff', 'hostListRefresh',
  'captureStackTraces', 'traceQueryText', 'attemptTimeout', 'hedge', 'outlierEjection',
];
const DB_OPTIONS: readonly string[] = [
  'username', 'password', 'authMethod', 'token', 'refreshMargin', 'verify', 'serializer', 'deserializer', 'signal', 'timeout', 'retryOnConflict', 'attemptTimeout', 'hedge',
];

/** Plain-JS callers get no compile-time check: a misspelt option (`host`) must not be ignored silently. */
function refuseUnknown(where: string, options: object, known: readonly string[]): void {
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) {
      const near = known.find((k) => k.toLowerCase().startsWith(key.toLowerCase().slice(0, 4)));
      throw new ArangoClientError(`${where}: unknown option ${JSON.stringify(key)}${near === undefined ? '' : ` (did you mean ${JSON.stringify(near)}?)`}`);
    }
  }
}

function authPart(options: DatabaseOptions): AuthOptions | undefined {
  if ('token' in options && options.token !== undefined) return { token: options.token };
  if ('authMethod' in options && options.authMethod === 'jwt') {
    const jwt: AuthOptions = { authMethod: 'jwt', username: options.username };
    if (options.password !== undefined) jwt.password = options.password;
    if (options.refreshMargin !== undefined) jwt.refreshMargin = options.refreshMargin;
    return jwt;
  }
  const basic = options as { username?: string; password?: string; authMethod?: 'basic' };
  if (basic.username === undefined && basic.password === undefined && basic.authMethod === undefined) return undefined;
  return { ...(basic.username === undefined ? {} : { username: basic.username }), ...(basic.password === undefined ? {} : { password: basic.password }), ...(basic.authMethod === undefined ? {} : { authMethod: basic.authMethod }) };
}

function positive(name: string, value: number | undefined, fallback: number, allowZero: boolean): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || Number.isNaN(value) || value < 0 || (!allowZero && value === 0)) {
    throw new ArangoClientError(`${name} must be a ${allowZero ? 'non-negative' : 'positive'} number, got ${String(value)}`);
  }
  return value;
}

function createHttpClient(option: HttpClient | HttpClientFactory | undefined, options: HttpClientOptions): HttpClient {
  if (option === undefined) return new UndiciHttpClient(options);
  const client = typeof option === 'function' ? option(options) : option;
  if (typeof client !== 'object' || client === null || typeof client.request !== 'function' || typeof client.close !== 'function') {
    throw new ArangoClientError('httpClient must be an HttpClient (request() and close()) or a factory returning one');
  }
  return client;
}
