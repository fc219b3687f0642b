import { randomUUID } from 'node:crypto';
import { Router } from './http/router.js';
import { EmuHttpServer } from './http/server.js';
import { registerAll } from './api/index.js';
import { ServerState, SimulatedNode } from './store/server-state.js';
import { errors, type ErrorName } from './error-codes.js';
import type { GrayFaultStatus, TrafficStats } from './http/faults.js';
import { normaliseTrustedOrigins } from './http/cors.js';

export interface ClusterOptions {
  /** Number of coordinator HTTP servers (default 3). */
  coordinators?: number;
  /** Simulated DB-servers (default 2): they appear in health and hold shards. */
  dbServers?: number;
  /** Simulated agents (default 3). */
  agents?: number;
  /** Password of `root` (default empty). */
  rootPassword?: string;
  /** 0 (default) = free ports; otherwise coordinators listen on `port`, `port + 1`, … */
  port?: number;
  /** HS256 secret, as `--server.jwt-secret`; default a random per-cluster secret. */
  jwtSecret?: string;
  /** Default true. Without it every request is served as root (ArangoDB `--server.authentication false`). */
  authentication?: boolean;
  host?: string;
  /**
   * Origins whose CORS answers may carry credentials, as `--http.trusted-origin` (repeatable):
   * `*` or `all` = every origin, `none` = none; a trailing slash is ignored. Default none: an
   * `Origin` is echoed, but with `access-control-allow-credentials: false`.
   */
  trustedOrigins?: readonly string[];
}

/** One coordinator of an emulated cluster, with fault injection. */
export interface Coordinator {
  /** `CRDN-<uuid>` (or `SNGL-…` for a single server). */
  readonly id: string;
  /** `Coordinator0001`, … */
  readonly shortName: string;
  readonly url: string;
  readonly port: number;
  readonly running: boolean;
  /** Requests this server received (including injected failures). */
  readonly requestCount: number;
  /**
   * Closes the port (connections are refused) and destroys open sockets, as if the process died:
   * data stays, but the cursors, running queries and async-job results this coordinator owns are
   * gone and its stream transactions are aborted.
   */
  stop(): Promise<void>;
  /** Listens on the same port again. */
  start(): Promise<void>;
  /** Delay every request by `ms` (reported as queue time in `x-arango-queue-time-seconds`). */
  setLatency(ms: number): void;
  /** Answer the next `count` requests with ArangoDB's error envelope (default 503 / 503). */
  failNext(count: number, status?: number, errorNum?: number): void;

  // Gray faults: the coordinator misbehaves without dying. `heal()` clears them all.
  /** Accepts connections and reads requests, answers none — on new and open sockets — until `resume()`. */
  hang(): void;
  /** Accepts TCP connections and never reads them (requests already on open sockets hang) until `resume()`. */
  blackhole(): void;
  /** Ends `hang()` and `blackhole()`: held requests are served, held connections read. */
  resume(): void;
  /** Headers on time, then every response body trickles at `bytesPerSecond` (0 = off). */
  slowBody(bytesPerSecond: number): void;
  /** `fraction` (0–1) of answers are delayed by `delayMs` (a seeded, repeatable draw; 0 = off). */
  stragglers(fraction: number, delayMs: number, seed?: number): void;
  /** A stop-the-world pause: nothing on this coordinator is read, processed or written for `ms`. */
  pause(ms: number): void;
  /** Applies the next `count` requests, then resets their connection instead of answering. */
  loseResponses(count: number): void;
  /** Closes idle keep-alive sockets after `ms` (as `--http.keep-alive-timeout`; default 59 s). */
  keepAliveTimeout(ms: number): void;
  /** Up for `upMs`, then stopped for `downMs` (as `stop()`), repeatedly, until `heal()`. */
  flap(upMs: number, downMs: number): void;
  /** Clears every gray fault; a coordinator that flapping left stopped is started again. */
  heal(): Promise<void>;
  /** The gray faults set right now. */
  faults(): GrayFaultStatus;
  /** Requests, probes and connections that arrived, and when the last one did. */
  readonly traffic: Readonly<TrafficStats>;
}

export interface EmulatorCluster {
  readonly urls: string[];
  readonly coordinators: Coordinator[];
  readonly state: ServerState;
  close(): Promise<void>;
}

class CoordinatorHandle implements Coordinator {
  constructor(readonly server: EmuHttpServer) {}
  get id(): string { return this.server.id; }
  get shortName(): string { return this.server.shortName; }
  get url(): string { return this.server.url; }
  get port(): number { return this.server.port; }
  get running(): boolean { return this.server.running; }
  get requestCount(): number { return this.server.stats.requestsTotal; }
  stop(): Promise<void> {
    if (this.server.running) this.server.state.addLog('cluster', 'WARNING', `${this.server.shortName} stopped`);
    return this.server.close();
  }
  start(): Promise<void> {
    if (!this.server.running) this.server.state.addLog('cluster', 'INFO', `${this.server.shortName} started`);
    return this.server.listen(this.server.port);
  }
  setLatency(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`latency must be a non-negative number of milliseconds, got ${String(ms)}`);
    this.server.latencyMs = ms;
  }
  failNext(count: number, status = 503, errorNum?: number): void {
    if (!Number.isInteger(count) || count < 0) throw new RangeError(`count must be a non-negative integer, got ${String(count)}`);
    if (!Number.isInteger(status) || status < 100 || status > 599) throw new RangeError(`status must be an HTTP status, got ${String(status)}`);
    this.server.failNext(count, status, errorNum ?? defaultErrorNum(status));
  }
  hang(): void { this.server.faults.hang(); }
  blackhole(): void { this.server.faults.blackhole(); }
  resume(): void { this.server.faults.resume(); }
  slowBody(bytesPerSecond: number): void { this.server.faults.slowBody(bytesPerSecond); }
  stragglers(fraction: number, delayMs: number, seed?: number): void { this.server.faults.stragglers(fraction, delayMs, seed); }
  pause(ms: number): void { this.server.faults.pause(ms); }
  loseResponses(count: number): void { this.server.faults.loseResponses(count); }
  keepAliveTimeout(ms: number): void { this.server.setKeepAliveTimeout(ms); }
  flap(upMs: number, downMs: number): void {
    this.server.faults.flap(upMs, downMs, () => this.stop(), () => this.start());
  }
  async heal(): Promise<void> {
    const flapped = this.server.faults.stopFlapping();
    this.server.faults.heal();
    this.server.setKeepAliveTimeout(this.server.faults.keepAliveTimeoutMs);
    if (flapped && !this.server.running) await this.start();
  }
  faults(): GrayFaultStatus { return this.server.faults.status(); }
  get traffic(): Readonly<TrafficStats> { return this.server.faults.traffic; }
}

/** The errorNum ArangoDB pairs with a bare HTTP status (503 → 503, 500 → 4, …). */
function defaultErrorNum(status: number): number {
  const byStatus: Record<number, ErrorName> = {
    400: 'ERROR_HTTP_BAD_PARAMETER', 401: 'ERROR_FORBIDDEN', 403: 'ERROR_FORBIDDEN', 404: 'ERROR_HTTP_NOT_FOUND',
    405: 'ERROR_HTTP_METHOD_NOT_ALLOWED', 408: 'ERROR_HTTP_REQUEST_TIMEOUT', 409: 'ERROR_HTTP_CONFLICT',
    410: 'ERROR_HTTP_GONE', 412: 'ERROR_HTTP_PRECONDITION_FAILED', 500: 'ERROR_INTERNAL',
    501: 'ERROR_HTTP_NOT_IMPLEMENTED', 503: 'ERROR_HTTP_SERVICE_UNAVAILABLE', 504: 'ERROR_HTTP_GATEWAY_TIMEOUT',
  };
  const name = byStatus[status];
  return name ? errors[name] : status;
}

function count(v: number | undefined, def: number, name: string, min: number): number {
  const n = v ?? def;
  if (!Number.isInteger(n) || n < min) throw new RangeError(`${name} must be an integer >= ${min}, got ${String(v)}`);
  return n;
}

function pad(n: number): string {
  return String(n).padStart(4, '0');
}

async function listenAll(servers: EmuHttpServer[], port: number): Promise<void> {
  try {
    for (let i = 0; i < servers.length; i++) {
      await (servers[i] as EmuHttpServer).listen(port === 0 ? 0 : port + i);
    }
  } catch (e) {
    await Promise.all(servers.map((s) => s.close()));
    throw e;
  }
}

function makeCluster(state: ServerState, servers: EmuHttpServer[]): EmulatorCluster {
  const coordinators = servers.map((s) => new CoordinatorHandle(s));
  return {
    get urls() {
      return servers.map((s) => s.url);
    },
    coordinators,
    state,
    close: async () => {
      await Promise.all(servers.map((s) => s.close()));
    },
  };
}

/**
 * Starts N coordinators on 127.0.0.1 sharing one in-memory state, plus simulated DB-servers
 * and agents that appear in health and carry shards.
 */
export async function startCluster(options: ClusterOptions = {}): Promise<EmulatorCluster> {
  const nCoord = count(options.coordinators, 3, 'coordinators', 1);
  const nDb = count(options.dbServers, 2, 'dbServers', 1);
  const nAgents = count(options.agents, 3, 'agents', 1);
  const port = count(options.port, 0, 'port', 0);
  const host = options.host ?? '127.0.0.1';
  const state = new ServerState({
    rootPassword: options.rootPassword ?? '',
    jwtSecret: options.jwtSecret,
    authentication: options.authentication ?? true,
    cluster: true,
    trustedOrigins: normaliseTrustedOrigins(options.trustedOrigins ?? []),
  });
  const router = new Router();
  registerAll(router);
  const servers: EmuHttpServer[] = [];
  for (let i = 1; i <= nCoord; i++) {
    servers.push(new EmuHttpServer(state, router, `CRDN-${randomUUID()}`, i, `Coordinator${pad(i)}`, 'COORDINATOR', host));
  }
  await listenAll(servers, port);
  for (const s of servers) state.nodes.set(s.id, s);
  // Simulated servers: short ids after the coordinators', endpoints informational only.
  for (let i = 1; i <= nDb; i++) {
    const n = new SimulatedNode(`PRMR-${randomUUID()}`, nCoord + i, `DBServer${pad(i)}`, 'PRIMARY', `tcp://${host}:${8630 + 5 * (i - 1)}`);
    state.nodes.set(n.id, n);
  }
  for (let i = 1; i <= nAgents; i++) {
    const n = new SimulatedNode(`AGNT-${randomUUID()}`, 0, `Agent${pad(i)}`, 'AGENT', `tcp://${host}:${8531 + 5 * (i - 1)}`);
    state.nodes.set(n.id, n);
  }
  // The agency's Target as an operator would have set it for this deployment.
  state.targetServers.numberOfCoordinators = nCoord;
  state.targetServers.numberOfDBServers = nDb;
  state.addLog('cluster', 'INFO', `cluster started with ${nCoord} coordinators, ${nDb} DB-servers, ${nAgents} agents`);
  return makeCluster(state, servers);
}

/** A single server (role SINGLE): cluster-only endpoints fail as on a real single server. */
export async function startServer(options: Omit<ClusterOptions, 'coordinators' | 'dbServers' | 'agents'> = {}): Promise<EmulatorCluster> {
  const state = new ServerState({
    rootPassword: options.rootPassword ?? '',
    jwtSecret: options.jwtSecret,
    authentication: options.authentication ?? true,
    cluster: false,
    trustedOrigins: normaliseTrustedOrigins(options.trustedOrigins ?? []),
  });
  const router = new Router();
  registerAll(router);
  // A single server's id is `SNGL-<uuid>` (its short id is 0: ids it hands out are small numbers).
  const server = new EmuHttpServer(state, router, `SNGL-${randomUUID()}`, 0, 'Single0001', 'SINGLE', options.host ?? '127.0.0.1');
  await listenAll([server], count(options.port, 0, 'port', 0));
  state.nodes.set(server.id, server);
  return makeCluster(state, [server]);
}
