/**
 * The state of one call while the transport's retry loop runs it: its attempts in flight (one,
 * or two while a hedge or a retry beside a slow attempt runs), its one timer, and the queue of
 * what happened (an attempt settled, a checkpoint passed). The loop awaits `next()`; attempts and
 * the timer push into it. No promise per attempt: the HTTP layer hands the outcome to the
 * attempt directly.
 */
import { Cancellation } from './cancel.js';
import type { AttemptRecord, AttemptTraceContext } from './diagnostics.js';
import type { Host } from './host.js';
import type { ConnectionFailure, ExchangeSink, HttpResponse } from './http-client.js';

/** The timer passed a checkpoint (attempt timeout or hedge point) that the loop must look at. */
export const CHECKPOINT = 0;
export type CallEvent = Attempt | typeof CHECKPOINT;

/** One HTTP exchange of a call. */
export class Attempt implements ExchangeSink {
  readonly cancel = new Cancellation();
  res: HttpResponse | undefined = undefined;
  err: unknown = undefined;
  done = false;
  /** Dropped by the loop (timed out on a silent host, or lost to another copy): its outcome is ignored. */
  abandoned = false;
  /** Its attempt timeout was handled. */
  timedOut = false;
  /** host.inFlight was given back. */
  released = false;
  /** Its `arangots:attempt` context, while someone listens. */
  trace: AttemptTraceContext | undefined = undefined;
  // Kept only while the call is traced, for the attempt log of a call that needs more than one
  // attempt (see `record`): the attempt's number, why it was made, when the loop saw it end, the
  // server's errorNum of an error answer, and why the loop gave it up.
  no = 0;
  reason: string | undefined = undefined;
  ended: number | undefined = undefined;
  errorNum: number | undefined = undefined;
  dropped: Error | undefined = undefined;

  constructor(
    readonly call: Call,
    readonly host: Host,
    readonly started: number,
    /** performance.now() when its attempt timeout passes; Infinity for none. */
    readonly timeoutAt: number,
    readonly hedge: boolean,
  ) {}

  answered(res: HttpResponse): void {
    if (this.done) return;
    this.done = true;
    this.res = res;
    this.call.push(this);
  }

  failed(err: ConnectionFailure | unknown): void {
    if (this.done) return;
    this.done = true;
    this.err = err;
    this.call.push(this);
  }

  /**
   * The attempt as `RequestTraceContext.attemptLog` shows it, once its call has ended (`now`): an
   * attempt still in flight then ends with the call, given up as superseded.
   */
  record(method: string, path: string, bytesOut: number, now: number, superseded: Error): AttemptRecord {
    const res = this.dropped === undefined ? this.res : undefined;
    return {
      host: this.host.id,
      method,
      path,
      attempt: this.no,
      reason: this.reason,
      hedge: this.hedge,
      startTime: this.started,
      endTime: this.ended ?? now,
      bytesOut,
      bytesIn: res?.body.byteLength,
      status: res?.status,
      errorNum: this.errorNum,
      error: this.dropped ?? (res === undefined ? (this.done ? this.err : superseded) : undefined),
    };
  }
}

export class Call {
  /** Cancelled by the deadline or the caller's signal; back-off sleeps and logins wait on it. */
  readonly cancel = new Cancellation();
  readonly inFlight: Attempt[] = [];
  timedOut = false;
  /** Whether the attempt in flight when the call ended may have been processed. */
  onWire = false;
  /** performance.now() of the deadline; Infinity for none. */
  deadlineAt = Infinity;
  #timer: ReturnType<typeof setTimeout> | undefined = undefined;
  #timerAt = Infinity;
  #queue: CallEvent[] | undefined = undefined;
  #resolve: ((event: CallEvent) => void) | undefined = undefined;

  constructor(readonly timeout: number) {}

  push(event: CallEvent): void {
    const resolve = this.#resolve;
    if (resolve !== undefined) {
      this.#resolve = undefined;
      resolve(event);
    } else {
      (this.#queue ??= []).push(event);
    }
  }

  next(): Promise<CallEvent> {
    const queue = this.#queue;
    if (queue !== undefined && queue.length > 0) return Promise.resolve(queue.shift() as CallEvent);
    return new Promise<CallEvent>((resolve) => {
      this.#resolve = resolve;
    });
  }

  /** Aborts every attempt in flight (the deadline passed or the caller aborted). */
  abortAll(reason: unknown): void {
    for (const a of this.inFlight) a.cancel.cancel(reason);
  }

  /** Sets the one timer to fire at `at` (performance.now() time), or clears it for Infinity. */
  arm(at: number): void {
    if (at === this.#timerAt) return;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timerAt = at;
    this.#timer = at === Infinity ? undefined : setTimeout(onTimer, Math.max(0, at - performance.now()), this);
  }

  /** The timer fired: the deadline ends the call; any earlier checkpoint wakes the loop. */
  fire(): void {
    this.#timer = undefined;
    this.#timerAt = Infinity;
    // timers may fire a little early by performance.now(): a millisecond of slack
    if (performance.now() >= this.deadlineAt - 1) {
      this.timedOut = true;
      this.cancel.cancel(TIMEOUT);
      this.abortAll(TIMEOUT);
      return;
    }
    this.arm(this.deadlineAt);
    this.push(CHECKPOINT);
  }

  /** Stops the timer and cancels whatever still runs (the call is over). */
  end(reason: unknown): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#timerAt = Infinity;
    for (const a of this.inFlight) {
      a.abandoned = true;
      a.cancel.cancel(reason);
    }
  }
}

const TIMEOUT = new Error('timeout');

function onTimer(call: Call): void {
  call.fire();
}
