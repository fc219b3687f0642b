/**
 * Gray faults of one emulated server: the ways a coordinator misbehaves in production without
 * dying — it hangs, swallows connections, trickles its answers, straggles, stops the world, loses
 * answers after applying the request, closes idle keep-alive sockets, or flaps. Clean failures
 * (stop/start, forced error answers, added latency) stay on the server itself; this module holds
 * the state of the gray ones and the decisions the server asks of it at each step of a request.
 *
 * Every gate is a plain check when no fault is set, so a healthy server pays one branch per step.
 */
import type { Socket } from 'node:net';

/** What `faults()` reports: the gray faults set on a server right now. */
export interface GrayFaultStatus {
  hang: boolean;
  blackhole: boolean;
  /** Bytes per second of response bodies, or 0 (off). */
  slowBody: number;
  stragglers: { fraction: number; delayMs: number } | null;
  /** Milliseconds left of a stop-the-world pause, or 0. */
  pausedForMs: number;
  /** Requests still to be applied and then answered with a connection reset. */
  loseResponses: number;
  /** Idle keep-alive sockets are closed after this many ms. */
  keepAliveTimeoutMs: number;
  flap: { upMs: number; downMs: number } | null;
}

/** Counters a fault benchmark reads to see when a client stopped sending to a bad server. */
export interface TrafficStats {
  /** Requests that arrived (parsed), health probes excluded. */
  requests: number;
  /** `GET /_admin/server/availability` requests (drivers' health probes). */
  probes: number;
  /** TCP connections accepted. */
  connections: number;
  /** `Date.now()` of the last non-probe request or new connection, 0 if none. */
  lastArrivalAt: number;
}

/** Where drivers probe a server they took out of rotation: not counted as traffic. */
const PROBE_PATH = '/_admin/server/availability';

/** Node's own default: the emulator keeps ArangoDB's long idle timeout unless told otherwise. */
export const DEFAULT_KEEP_ALIVE_TIMEOUT_MS = 59_000;

export class GrayFaults {
  private hanging = false;
  private holing = false;
  private pausedUntil = 0;
  private pauseTimer: NodeJS.Timeout | undefined;
  /** Requests (and writes) waiting for a hang or a pause to end. */
  private waiters: (() => void)[] = [];
  /** Connections accepted while black-holed or paused: never read until released. */
  private heldSockets: Socket[] = [];
  slowBodyBps = 0;
  private straggle: { fraction: number; delayMs: number; next: () => number } | undefined;
  private lose = 0;
  keepAliveTimeoutMs = DEFAULT_KEEP_ALIVE_TIMEOUT_MS;
  private flapping: { upMs: number; downMs: number; timer: NodeJS.Timeout } | undefined;
  readonly traffic: TrafficStats = { requests: 0, probes: 0, connections: 0, lastArrivalAt: 0 };
  /**
   * Idle timers of keep-alive sockets under a short keep-alive timeout. Node's own keepAliveTimeout
   * adds about a second to the value set (seen on Node 20), so the fault keeps its own clock.
   */
  private readonly idleTimers = new WeakMap<Socket, NodeJS.Timeout>();

  constructor(
    /** Hands an accepted socket to the HTTP server and starts reading it. */
    private readonly admit: (socket: Socket) => void,
  ) {}

  /** True when nothing is set: the server's fast path. */
  get idle(): boolean {
    return !this.hanging && !this.holing && this.pausedUntil === 0 && this.slowBodyBps === 0 && this.straggle === undefined && this.lose === 0;
  }

  status(): GrayFaultStatus {
    return {
      hang: this.hanging,
      blackhole: this.holing,
      slowBody: this.slowBodyBps,
      stragglers: this.straggle ? { fraction: this.straggle.fraction, delayMs: this.straggle.delayMs } : null,
      pausedForMs: Math.max(0, this.pausedUntil - Date.now()),
      loseResponses: this.lose,
      keepAliveTimeoutMs: this.keepAliveTimeoutMs,
      flap: this.flapping ? { upMs: this.flapping.upMs, downMs: this.flapping.downMs } : null,
    };
  }

  // ---- setting faults -------------------------------------------------------------------------

  hang(): void {
    this.hanging = true;
  }

  blackhole(): void {
    this.holing = true;
  }

  /** Ends a hang and a black hole: held requests are served, held connections read. */
  resume(): void {
    this.hanging = false;
    this.holing = false;
    this.release();
  }

  slowBody(bytesPerSecond: number): void {
    if (!Number.isFinite(bytesPerSecond) || bytesPerSecond < 0) throw new RangeError(`slow body rate must be a non-negative number of bytes per second, got ${String(bytesPerSecond)}`);
    this.slowBodyBps = bytesPerSecond;
  }

  /** `fraction` (0–1) of answers are held `delayMs` before they are sent; `seed` makes the draw repeatable. */
  stragglers(fraction: number, delayMs: number, seed = 1): void {
    if (!Number.isFinite(fraction) || fraction < 0 || fraction > 1) throw new RangeError(`straggler fraction must be between 0 and 1, got ${String(fraction)}`);
    if (!Number.isFinite(delayMs) || delayMs < 0) throw new RangeError(`straggler delay must be a non-negative number of milliseconds, got ${String(delayMs)}`);
    this.straggle = fraction === 0 || delayMs === 0 ? undefined : { fraction, delayMs, next: mulberry32(seed) };
  }

  /** A stop-the-world pause of `ms`: nothing on this server is read, processed or written until it ends. */
  pause(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`pause must be a non-negative number of milliseconds, got ${String(ms)}`);
    clearTimeout(this.pauseTimer);
    if (ms === 0) {
      this.pausedUntil = 0;
      this.release();
      return;
    }
    this.pausedUntil = Date.now() + ms;
    this.pauseTimer = setTimeout(() => {
      this.pausedUntil = 0;
      this.pauseTimer = undefined;
      this.release();
    }, ms);
    this.pauseTimer.unref();
  }

  /** The next `count` requests are applied, then their connection is reset instead of answered. */
  loseResponses(count: number): void {
    if (!Number.isInteger(count) || count < 0) throw new RangeError(`count must be a non-negative integer, got ${String(count)}`);
    this.lose = count;
  }

  keepAliveTimeout(ms: number): void {
    if (!Number.isFinite(ms) || ms <= 0) throw new RangeError(`keep-alive timeout must be a positive number of milliseconds, got ${String(ms)}`);
    this.keepAliveTimeoutMs = ms;
  }

  /** Up `upMs`, down `downMs`, repeatedly, through the server's own stop and start. */
  flap(upMs: number, downMs: number, stop: () => Promise<void>, start: () => Promise<void>): void {
    for (const [name, v] of [['up', upMs], ['down', downMs]] as const) {
      if (!Number.isFinite(v) || v <= 0) throw new RangeError(`flap ${name} time must be a positive number of milliseconds, got ${String(v)}`);
    }
    this.stopFlapping();
    const cycle = (up: boolean): void => {
      const timer = setTimeout(() => {
        void (up ? stop() : start()).finally(() => {
          if (this.flapping?.timer === timer) cycle(!up);
        });
      }, up ? upMs : downMs);
      timer.unref();
      this.flapping = { upMs, downMs, timer };
    };
    cycle(true);
  }

  /** Ends flapping; the server stays in whatever state it is (the caller starts it). */
  stopFlapping(): boolean {
    if (!this.flapping) return false;
    clearTimeout(this.flapping.timer);
    this.flapping = undefined;
    return true;
  }

  /** Clears every gray fault (the keep-alive timeout goes back to its default). */
  heal(): void {
    this.slowBodyBps = 0;
    this.straggle = undefined;
    this.lose = 0;
    this.keepAliveTimeoutMs = DEFAULT_KEEP_ALIVE_TIMEOUT_MS;
    this.stopFlapping();
    clearTimeout(this.pauseTimer);
    this.pausedUntil = 0;
    this.resume();
  }

  // ---- decisions the server asks for ----------------------------------------------------------

  /** A new TCP connection: read now, or held unread while black-holed or paused. */
  onConnection(socket: Socket): void {
    this.traffic.connections++;
    this.traffic.lastArrivalAt = Date.now();
    if (this.holing || this.paused()) {
      this.heldSockets.push(socket);
      return;
    }
    this.admit(socket);
  }

  /** An answer went out on `socket`: under a short keep-alive timeout, close it when it stays idle that long. */
  answered(socket: Socket): void {
    if (this.keepAliveTimeoutMs === DEFAULT_KEEP_ALIVE_TIMEOUT_MS || socket.destroyed) return;
    clearTimeout(this.idleTimers.get(socket));
    const timer = setTimeout(() => {
      this.idleTimers.delete(socket);
      // as the server's idle close: the socket ends between requests, without a word
      socket.destroy();
    }, this.keepAliveTimeoutMs);
    timer.unref();
    this.idleTimers.set(socket, timer);
  }

  /** A request arrived: counts it, and says whether its answer is to be lost. */
  onRequest(path: string, socket?: Socket): boolean {
    if (socket !== undefined) {
      const t = this.idleTimers.get(socket);
      if (t !== undefined) {
        clearTimeout(t);
        this.idleTimers.delete(socket);
      }
    }
    if (stripDb(path) === PROBE_PATH) {
      this.traffic.probes++;
    } else {
      this.traffic.requests++;
      this.traffic.lastArrivalAt = Date.now();
    }
    if (this.lose > 0) {
      this.lose--;
      return true;
    }
    return false;
  }

  /**
   * Before a request is processed: a promise while hung or paused. On an already-open keep-alive
   * socket of a black-holed server the request was read before the fault, so it hangs too.
   */
  beforeProcessing(): Promise<void> | undefined {
    if (!this.hanging && !this.holing && !this.paused()) return undefined;
    return this.waitWhile(() => this.hanging || this.holing || this.paused());
  }

  /** Before an answer is written: a pause holds it, a straggler waits its delay. */
  beforeAnswer(): Promise<void> | undefined {
    const s = this.straggle;
    const straggles = s !== undefined && s.next() < s.fraction;
    const paused = this.paused();
    if (!straggles && !paused) return undefined;
    const delay = straggles ? sleep(s.delayMs) : Promise.resolve();
    return delay.then(() => this.waitWhile(() => this.paused()));
  }

  /** Between chunks of a slow body: a pause stops the trickle too. */
  whilePaused(): Promise<void> | undefined {
    return this.paused() ? this.waitWhile(() => this.paused()) : undefined;
  }

  /** The server stopped: held requests go on (their sockets are gone), held connections are dropped. */
  onStop(): void {
    for (const s of this.heldSockets) s.destroy();
    this.heldSockets = [];
    const waiting = this.waiters;
    this.waiters = [];
    for (const w of waiting) w();
  }

  private paused(): boolean {
    return this.pausedUntil !== 0 && Date.now() < this.pausedUntil;
  }

  private async waitWhile(condition: () => boolean): Promise<void> {
    while (condition()) await new Promise<void>((r) => this.waiters.push(r));
  }

  private release(): void {
    const waiting = this.waiters;
    this.waiters = [];
    for (const w of waiting) w();
    if (this.holing || this.paused()) return;
    const held = this.heldSockets;
    this.heldSockets = [];
    for (const s of held) if (!s.destroyed) this.admit(s);
  }
}

function stripDb(path: string): string {
  const q = path.indexOf('?');
  const p = q < 0 ? path : path.slice(0, q);
  if (!p.startsWith('/_db/')) return p;
  const end = p.indexOf('/', 5);
  return end < 0 ? '/' : p.slice(end);
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** A small seeded PRNG: straggler draws repeat run after run. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
