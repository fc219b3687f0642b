import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTcpServer, type Server as TcpServer, type Socket } from 'node:net';
import { gzip, deflate } from 'node:zlib';
import { promisify } from 'node:util';
import type { EmuResponse, Router } from './router.js';
import { addCorsHeaders } from './cors.js';
import { ArangoHttpError, httpError } from '../errors.js';
import { errorMessages } from '../error-codes.js';
import { NodeStats, type NodeRole, type ServerNode, type ServerState } from '../store/server-state.js';
import { registryOf } from '../aql/registry.js';
import { DEFAULT_KEEP_ALIVE_TIMEOUT_MS, GrayFaults } from './faults.js';
import { bodyEncoding, decodeBody, hasNoBody, readBody } from './body.js';
import { onClientError } from './client-error.js';
import { headerValue } from './params.js';
import { prepare, type Prepared } from './request.js';
import { baseHeaders, defaultContentType, EMPTY, errorResponse, JSON_TYPE, NO_HEADERS, preflight, render } from './response.js';

const gzipAsync = promisify(gzip);
const deflateAsync = promisify(deflate);

export { MAX_BODY_BYTES } from './body.js';
/** Responses larger than this are compressed when the client accepts gzip/deflate. */
const COMPRESS_THRESHOLD = 1024;

/**
 * One listening ArangoDB server (a coordinator, or a single server) in front of the shared
 * state. Fault injection (latency, forced failures, stop/start) lives here because it is per
 * server: the others keep serving the same data.
 */
export class EmuHttpServer implements ServerNode {
  readonly stats = new NodeStats();
  startTime = Date.now();
  latencyMs = 0;
  private queueTimeFor = 0;
  private queueTimeText = (0).toFixed(6);
  stoppedAt: number | undefined;
  softShutdownOngoing = false;
  private failures: { remaining: number; status: number; errorNum: number } = { remaining: 0, status: 503, errorNum: 503 };
  private server: Server | undefined;
  /**
   * The listening socket. It hands connections to `server` itself (which never listens), so a
   * black-holed or paused server can accept a connection and leave it unread.
   */
  private tcp: TcpServer | undefined;
  private readonly sockets = new Set<Socket>();
  /** Hang, black hole, slow body, stragglers, pause, lost answers, keep-alive timeout, flap. */
  readonly faults = new GrayFaults((s) => this.admit(s));
  private boundPort = 0;

  constructor(
    readonly state: ServerState,
    readonly router: Router,
    readonly id: string,
    readonly shortId: number,
    readonly shortName: string,
    readonly role: NodeRole,
    readonly host: string,
  ) {}

  get running(): boolean {
    return this.tcp !== undefined;
  }

  get port(): number {
    return this.boundPort;
  }

  get url(): string {
    return `http://${this.host}:${this.boundPort}`;
  }

  get endpoint(): string {
    return `tcp://${this.host}:${this.boundPort}`;
  }

  /** Listens on `port` (0 = a free one; after a stop, the same port again). */
  async listen(port: number): Promise<void> {
    if (this.tcp) return;
    const server = createServer({ keepAlive: true }, this.onRequest);
    server.keepAliveTimeout = this.faults.keepAliveTimeoutMs;
    server.on('clientError', onClientError);
    // Connections are accepted paused: GrayFaults decides whether one is read now or held.
    const tcp = createTcpServer({ pauseOnConnect: true }, this.onConnection);
    await new Promise<void>((resolve, reject) => {
      tcp.once('error', reject);
      tcp.listen(port, this.host, () => {
        tcp.off('error', reject);
        resolve();
      });
    });
    const addr = tcp.address();
    this.boundPort = typeof addr === 'object' && addr ? addr.port : port;
    this.server = server;
    this.tcp = tcp;
    this.startTime = Date.now();
    this.stoppedAt = undefined;
  }

  /** Closes idle keep-alive sockets after `ms`, as `--http.keep-alive-timeout` does. */
  setKeepAliveTimeout(ms: number): void {
    this.faults.keepAliveTimeout(ms);
    if (this.server) this.server.keepAliveTimeout = ms;
  }

  /** Stops listening and destroys open connections: clients see refused/reset connections. */
  async close(): Promise<void> {
    const tcp = this.tcp;
    if (!tcp) return;
    this.tcp = undefined;
    this.server = undefined;
    this.stoppedAt = Date.now();
    const closed = new Promise<void>((resolve) => tcp.close(() => resolve()));
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
    this.faults.onStop();
    this.forgetOwnedState();
    await closed;
  }

  /**
   * A stopped process loses what only it held in memory, as a real coordinator does: its
   * cursors (follow-ups → 404/1600), running queries and their slow-query log, stored async-job
   * results (→ 404), and its stream transactions, which are aborted (uncommitted writes rolled
   * back; a later use answers as for any aborted transaction, 410/1654). Data and other
   * coordinators' state are untouched.
   */
  private forgetOwnedState(): void {
    // On a single server ids carry no owner (short id 0): everything was its own.
    const owns = (id: string): boolean => this.role === 'SINGLE' || this.state.ownerOf(id)?.id === this.id;
    const reg = registryOf(this.state);
    for (const [id, cursor] of reg.cursors) {
      if (!owns(id)) continue;
      reg.cursors.delete(id);
      cursor.exec?.kill();
      cursor.exec?.close();
    }
    for (const [id, q] of reg.queries) {
      if (q.nodeId !== this.id) continue;
      q.exec?.kill();
      q.state = 'killed';
      reg.queries.delete(id);
    }
    reg.slow.delete(this.id);
    this.state.jobs.forgetOwner(this.id);
    for (const name of this.state.databaseNames()) {
      for (const tx of this.state.database(name).transactions.values()) {
        if (tx.status === 'running' && owns(tx.id)) tx.abort();
      }
    }
  }

  failNext(count: number, status: number, errorNum: number): void {
    this.failures = { remaining: count, status, errorNum };
  }

  /**
   * `DELETE /_admin/shutdown`: stop listening once the answer is out. A soft shutdown waits
   * until this coordinator's async jobs are done, refusing new async jobs meanwhile; stopping
   * then drops its cursors, transactions and job results (see `forgetOwnedState`).
   */
  shutdown(soft: boolean): void {
    if (!soft) {
      setTimeout(() => void this.close(), 10);
      return;
    }
    this.softShutdownOngoing = true;
    this.finishSoftShutdownIfClear();
  }

  private finishSoftShutdownIfClear(): void {
    if (!this.softShutdownOngoing) return;
    if (this.state.jobs.countByOwner(this.id).pending > 0) return;
    this.softShutdownOngoing = false;
    setTimeout(() => void this.close(), 10);
  }

  /** The queue time this server reports: its injected latency, in seconds. */
  queueTimeSeconds(): number {
    return this.latencyMs / 1000;
  }

  /** `x-arango-queue-time-seconds` of the answers, formatted once per latency setting. */
  private queueTimeHeader(): string {
    if (this.queueTimeFor !== this.latencyMs) {
      this.queueTimeFor = this.latencyMs;
      this.queueTimeText = this.queueTimeSeconds().toFixed(6);
    }
    return this.queueTimeText;
  }

  private observeTimes(started: number, processing: number | undefined): void {
    const now = performance.now();
    const stats = this.stats;
    const total = (now - started) / 1000;
    stats.requestTimeSum += total;
    stats.totalTime.observe(total);
    if (processing !== undefined) {
      stats.queueTime.observe((processing - started) / 1000);
      stats.requestTime.observe((now - processing) / 1000);
      stats.lastQueueTimeMs = processing - started;
    }
  }

  // Bound once per server, not per request.
  private readonly onRequest = (req: IncomingMessage, res: ServerResponse): void => {
    const method = (req.method ?? 'GET').toUpperCase();
    this.stats.countRequest(method);
    const started = performance.now();
    if (hasNoBody(req)) {
      void this.handle(req, res, method, started, EMPTY);
    } else {
      void this.handle(req, res, method, started, readBody(req, this.state.maxBodyBytes));
    }
  };

  private readonly onConnection = (s: Socket): void => {
    this.sockets.add(s);
    this.stats.openConnections++;
    s.once('close', this.onSocketClose.bind(this, s));
    this.faults.onConnection(s);
  };

  /** Starts serving HTTP on an accepted connection. */
  private admit(s: Socket): void {
    const server = this.server;
    if (!server || s.destroyed) return;
    server.emit('connection', s);
    s.resume();
  }

  private onSocketClose(s: Socket): void {
    this.sockets.delete(s);
    this.stats.openConnections--;
  }

  private async handle(req: IncomingMessage, res: ServerResponse, method: string, started: number, pending: Buffer | Promise<Buffer>): Promise<void> {
    let out: EmuResponse;
    let headers: Readonly<Record<string, string>> = NO_HEADERS;
    // An injected failure belongs to the next requests to ARRIVE: decided now, not after the body
    // and the latency, so a slow request still in flight from earlier cannot take it.
    let injected: { status: number; errorNum: number } | undefined;
    if (this.failures.remaining > 0) {
      this.failures.remaining--;
      injected = { status: this.failures.status, errorNum: this.failures.errorNum };
    }
    const faults = this.faults;
    const lose = faults.onRequest(req.url ?? '/', req.socket);
    /** When processing began (after the body, injected latency and held faults): ends the queue time. */
    let processing: number | undefined;
    try {
      const body = pending instanceof Buffer ? pending : await pending;
      this.stats.bytesReceived += body.length;
      if (this.latencyMs > 0) await sleep(this.latencyMs);
      const held = faults.beforeProcessing();
      if (held !== undefined) {
        await held;
        // The client gave up (or the server stopped) while the request was held: a request
        // nobody waits for any more is not applied.
        if (res.destroyed || req.socket.destroyed) return;
      }
      processing = performance.now();
      if (injected) throw new ArangoHttpError(injected.status, injected.errorNum, errorMessages[injected.errorNum] ?? 'injected failure');
      if (method === 'OPTIONS') {
        out = preflight(req);
      } else {
        const prepared = prepare(this, method, req, res, body);
        headers = prepared.ctx.responseHeaders;
        const encoding = bodyEncoding(req.headers);
        if (encoding !== undefined) {
          const authenticated = !this.state.authentication || prepared.ctx.identity.kind !== 'anonymous';
          prepared.req = prepared.req.withBody(await decodeBody(body, encoding, authenticated, this.state.maxBodyBytes));
        }
        const asyncMode = headerValue(req.headers['x-arango-async']);
        if (asyncMode === 'true' || asyncMode === 'store') {
          out = this.startAsync(prepared, asyncMode === 'store');
        } else {
          const result = this.run(prepared);
          out = result instanceof Promise ? await result : result;
        }
      }
    } catch (e) {
      out = errorResponse(e, req.headers);
    }
    if (method !== 'OPTIONS') this.observeTimes(started, processing);
    const delayed = faults.beforeAnswer();
    if (delayed !== undefined) await delayed;
    if (lose) {
      // Applied, then the connection dies before a byte of the answer is out.
      req.socket.resetAndDestroy();
      return;
    }
    try {
      const sent = this.send(req, res, method, out, headers);
      if (sent !== undefined) await sent;
    } catch {
      // Never let one response take the server down.
      res.destroy();
    }
  }

  /** Runs the handler; a synchronous handler's answer comes back without a promise. */
  private run({ req, match }: Prepared): EmuResponse | Promise<EmuResponse> {
    try {
      const out = match.handler(req);
      return out instanceof Promise ? out.catch((e: unknown) => errorResponse(e, req.headers)) : out;
    } catch (e) {
      return errorResponse(e, req.headers);
    }
  }

  /** `x-arango-async`: answer 202 now, run the handler in the background (and keep the result for `store`). */
  private startAsync(prepared: Prepared, store: boolean): EmuResponse {
    // During a soft shutdown no new async jobs are accepted (ArangoDB: shutdown in progress).
    if (this.softShutdownOngoing) throw httpError(503, 'ERROR_SHUTTING_DOWN');
    this.stats.requestsAsync++;
    const headers: Record<string, string> = {};
    let jobId: string | undefined;
    if (store) {
      jobId = prepared.req.ctx.newServerTick();
      headers['x-arango-async-id'] = jobId;
    }
    const job = jobId !== undefined ? this.state.jobs.create(jobId, this.id, prepared.req.user ?? '') : undefined;
    const signal = job ? job.abort.signal : new AbortController().signal;
    // The job runs with the job's signal (cancel), not the connection's (which closes at once).
    const jobCtx = prepared.ctx.forJob(signal);
    const jobReq = prepared.req.withContext(jobCtx);
    setImmediate(() => {
      void Promise.resolve(this.run({ req: jobReq, ctx: jobCtx, match: prepared.match })).then((res) => {
        if (!job) return;
        let result = signal.aborted ? errorResponse(httpError(410, 'ERROR_REQUEST_CANCELED'), jobReq.headers) : res;
        let headers: Record<string, string> = {};
        let body: Buffer;
        try {
          body = render(result, jobCtx.responseHeaders, headers);
        } catch (e) {
          result = errorResponse(e, jobReq.headers);
          headers = {};
          body = render(result, NO_HEADERS, headers);
        }
        this.state.jobs.finish(job.id, { status: result.status, headers, body });
        this.finishSoftShutdownIfClear();
      });
    });
    return { status: 202, headers, rawBody: '' };
  }

  /** Writes the answer; returns a promise only when the body is compressed first. */
  private send(req: IncomingMessage, res: ServerResponse, method: string, out: EmuResponse, ctxHeaders: Readonly<Record<string, string>>): Promise<void> | undefined {
    let headers = baseHeaders(this.queueTimeHeader());
    let body: Buffer;
    try {
      body = render(out, ctxHeaders, headers);
    } catch (e) {
      out = errorResponse(e, req.headers);
      headers = baseHeaders(this.queueTimeHeader());
      body = render(out, NO_HEADERS, headers);
    }
    const accept = req.headers['accept-encoding'];
    if (accept !== undefined && body.length > COMPRESS_THRESHOLD && method !== 'HEAD' && headers['content-encoding'] === undefined) {
      const acceptText = headerValue(accept) ?? '';
      const encoding = /\bgzip\b/.test(acceptText) ? 'gzip' : /\bdeflate\b/.test(acceptText) ? 'deflate' : undefined;
      if (encoding !== undefined) {
        return (encoding === 'gzip' ? gzipAsync(body) : deflateAsync(body)).then((compressed) => {
          headers['content-encoding'] = encoding;
          this.write(req, res, out.status, headers, compressed);
        });
      }
    }
    this.write(req, res, out.status, headers, body);
    return undefined;
  }


  private write(req: IncomingMessage, res: ServerResponse, status: number, headers: Record<string, string>, body: Buffer): void {
    defaultContentType(req.method ?? 'GET', headers);
    addCorsHeaders(headers, headerValue(req.headers.origin), this.state.trustedOrigins);
    if (status === 204 || status === 304) body = EMPTY;
    headers['content-length'] = String(body.length);
    // ArangoDB says `Connection: Keep-Alive` and never how long it keeps an idle socket; Node
    // would add `Keep-Alive: timeout=…`, which lets clients dodge the idle-close race that real
    // servers expose them to (the emulator's keep-alive-timeout fault depends on it).
    if (req.headers.connection === undefined || !/close/i.test(req.headers.connection)) headers.connection = 'Keep-Alive';
    this.stats.bytesSent += body.length;
    this.stats.byStatus[status] = (this.stats.byStatus[status] ?? 0) + 1;
    if (res.destroyed) return;
    try {
      res.writeHead(status, headers);
    } catch {
      // A handler produced a header Node refuses (e.g. raw non-ASCII in `location`): answer
      // ArangoDB's internal error instead of crashing the process.
      const fallback = Buffer.from(JSON.stringify({ error: true, code: 500, errorNum: 4, errorMessage: 'internal error' }));
      res.writeHead(500, { ...baseHeaders(this.queueTimeHeader()), 'content-type': JSON_TYPE, 'content-length': String(fallback.length) });
      res.end(fallback);
      return;
    }
    if (this.faults.slowBodyBps > 0 && body.length > 0 && req.method !== 'HEAD') {
      res.flushHeaders();
      void this.trickle(res, body, this.faults.slowBodyBps);
      return;
    }
    // One write: headers and body together. Node drops the body of a HEAD answer itself but
    // keeps content-length.
    res.end(body);
    if (this.faults.keepAliveTimeoutMs !== DEFAULT_KEEP_ALIVE_TIMEOUT_MS) res.once('finish', () => this.faults.answered(req.socket));
  }

  /** Slow body: the headers are out on time, the body follows at `bytesPerSecond`. */
  private async trickle(res: ServerResponse, body: Buffer, bytesPerSecond: number): Promise<void> {
    // About every 50 ms a chunk; below 20 bytes/s one byte at a time, less often, so the rate
    // asked for is the rate served (a 50 ms tick of at least one byte was a floor of 20 bytes/s).
    const chunk = Math.max(1, Math.floor(bytesPerSecond / 20));
    const tickMs = (chunk * 1000) / bytesPerSecond;
    for (let at = 0; at < body.length; at += chunk) {
      if (at > 0) await sleep(tickMs);
      const paused = this.faults.whilePaused();
      if (paused !== undefined) await paused;
      if (res.destroyed) return;
      res.write(body.subarray(at, at + chunk));
    }
    res.end();
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
