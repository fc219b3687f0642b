/**
 * The driver's lifecycle on `node:diagnostics_channel`: a TracingChannel `arangots:request` around
 * every call and one named `arangots:attempt` around each HTTP attempt inside it, for APM agents and
 * the OpenTelemetry integration (src/opentelemetry/). Nothing is built while nobody listens: the
 * transport asks `tracing()` first and passes `undefined` along otherwise.
 *
 * Contexts carry names, never values: no headers, no bodies, no query-string values, no bind
 * values, no results — so no credential or document can leak into a subscriber.
 */
import { tracingChannel, type TracingChannel } from 'node:diagnostics_channel';
import type { RequestSpec } from './request.js';

/** Name of the TracingChannel around every public call. Stable public API. */
export const REQUEST_CHANNEL = 'arangots:request';
/** Name of the TracingChannel around every HTTP attempt of a call. Stable public API. */
export const ATTEMPT_CHANNEL = 'arangots:attempt';

/**
 * The context published on `arangots:request` (start, end, asyncStart, asyncEnd, error). Fields
 * marked "set when the call ends" are filled before asyncStart/asyncEnd (and error).
 */
export interface RequestTraceContext {
  /** The public call: `collection.insert`, `aql.query`, `cursor.next`, `database.request`, … */
  readonly operation: string;
  /** The database the call runs in; `undefined` for server-wide calls (`/_admin/...` on no database). */
  readonly database: string | undefined;
  /** The collection the call is about, where there is one. */
  readonly collection: string | undefined;
  readonly method: string;
  /** Path below the database prefix, without the query string. */
  readonly path: string;
  /** AQL text; only with the client option `traceQueryText: true`. */
  readonly query: string | undefined;
  /** Names of the bind variables of an AQL call (never their values). */
  readonly bindVarNames: readonly string[] | undefined;
  /** Attempts made so far (set when the call ends). */
  attempts: number;
  /** Host of the last attempt (`http://host:port`). */
  host: string | undefined;
  /** HTTP status of the final answer, when there was one. */
  status: number | undefined;
  /** ArangoDB `errorNum` of a failed call, when the server sent one. */
  errorNum: number | undefined;
  /** The error the call rejects with (published on `error`). */
  error?: unknown;
  /**
   * Every attempt of a call that took more than one (a retry, a hedge), in the order they were
   * sent, with their times; `undefined` for a call answered by its first attempt (set when the
   * call ends). A subscriber to `arangots:request` alone thus learns a failover's attempts without
   * listening to `arangots:attempt` around every attempt of every call.
   */
  attemptLog: readonly AttemptRecord[] | undefined;
}

/** One attempt of a call, as {@link RequestTraceContext.attemptLog} lists it once the call has ended. */
export interface AttemptRecord {
  /** `http://host:port` of the coordinator tried. */
  readonly host: string;
  readonly method: string;
  /** Full path (with the `/_db/{name}` prefix), without the query string. */
  readonly path: string;
  /** 1-based attempt number within the call. */
  readonly attempt: number;
  /** Why this attempt was made: `undefined` for the first, else what ended the previous one. */
  readonly reason: string | undefined;
  /** Whether it was a hedge (a second copy sent while the first was still running). */
  readonly hedge: boolean;
  /** `performance.now()` when it was sent and when it ended (ms). */
  readonly startTime: number;
  readonly endTime: number;
  /** Request body bytes as sent (after compression). */
  readonly bytesOut: number;
  /** Answer body bytes as received, when it was answered. */
  readonly bytesIn: number | undefined;
  /** HTTP status of its answer, when it was answered (and not given up). */
  readonly status: number | undefined;
  readonly errorNum: number | undefined;
  /**
   * Why it ended without an answer: the network failure, or the driver's reason for giving it up
   * (`another attempt answered first`, `attempt timeout`).
   */
  readonly error: unknown;
}

/** The context published on `arangots:attempt` around one HTTP exchange. */
export interface AttemptTraceContext {
  /** The call this attempt belongs to (the same object `arangots:request` publishes). */
  readonly request: RequestTraceContext;
  readonly operation: string;
  /** `http://host:port` of the coordinator tried. */
  readonly host: string;
  readonly method: string;
  /** Full path (with the `/_db/{name}` prefix), without the query string. */
  readonly path: string;
  /** 1-based attempt number within the call. */
  readonly attempt: number;
  /** Why this attempt was made: `undefined` for the first, else what ended the previous one. */
  readonly reason: string | undefined;
  /** Request body bytes as sent (after compression). */
  readonly bytesOut: number;
  /** Answer body bytes as received (before decompression). */
  bytesIn: number | undefined;
  status: number | undefined;
  errorNum: number | undefined;
  /** The network failure that ended the attempt (published on `error`). */
  error?: unknown;
}

// Built at import: a channel object with no subscribers is inert, and the same object must serve
// every subscriber that looks the name up later.
const requests: TracingChannel<unknown, RequestTraceContext> = tracingChannel(REQUEST_CHANNEL);
const attempts: TracingChannel<unknown, AttemptTraceContext> = tracingChannel(ATTEMPT_CHANNEL);

function listened(tc: TracingChannel<unknown, object>): boolean {
  // TracingChannel#hasSubscribers is newer than Node 20.0; the five sub-channels are not.
  return tc.start.hasSubscribers || tc.end.hasSubscribers || tc.asyncStart.hasSubscribers || tc.asyncEnd.hasSubscribers || tc.error.hasSubscribers;
}

/** Whether anybody listens on either channel (checked once per call, before building anything). */
export function tracing(): boolean {
  return listened(requests) || listened(attempts);
}

const GRAPH_COLLECTION_PATH = /^\/_api\/gharial\/[^/]+\/(?:vertex|edge)\/([^/?]+)/;

/** The path segment starting at `from` (up to the next `/`), decoded; undefined when empty. */
function segment(path: string, from: number): string | undefined {
  const end = path.indexOf('/', from);
  const raw = end === -1 ? path.slice(from) : path.slice(from, end);
  if (raw === '') return undefined;
  return raw.includes('%') ? decodeURIComponent(raw) : raw;
}

// Runs on every traced call: plain prefix tests for the common document/collection paths (a
// regular expression and an unconditional decode cost more than the rest of the context).
function collectionOf(spec: RequestSpec): string | undefined {
  const p = spec.path;
  if (p.startsWith('/_api/')) {
    let named: string | undefined;
    if (p.startsWith('document/', 6)) named = segment(p, 15);
    else if (p.startsWith('collection/', 6)) named = segment(p, 17);
    else if (p.startsWith('edges/', 6)) named = segment(p, 12);
    else if (p.startsWith('gharial/', 6)) {
      const m = GRAPH_COLLECTION_PATH.exec(p)?.[1];
      if (m !== undefined) named = decodeURIComponent(m);
    }
    if (named !== undefined) return named;
  }
  const named = spec.query?.collection;
  if (typeof named === 'string') return named;
  if (p === '/_api/collection' && spec.method === 'POST' && isRecord(spec.body) && typeof spec.body.name === 'string') return spec.body.name;
  return undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The request context of one call (only called while somebody listens). */
export function requestTrace(spec: RequestSpec, database: string | undefined, queryText: boolean): RequestTraceContext {
  let query: string | undefined;
  let bindVarNames: string[] | undefined;
  const operation = spec.operation ?? 'request';
  let collection: string | undefined;
  const p = spec.path;
  if ((p === '/_api/cursor' || p === '/_api/explain' || p === '/_api/query') && isRecord(spec.body)) {
    if (queryText && typeof spec.body.query === 'string') query = spec.body.query;
    const vars = spec.body.bindVars;
    if (isRecord(vars)) {
      bindVarNames = Object.keys(vars);
      // The collection helpers built on AQL (`collection.all`, `collection.find`, …) bind their
      // collection as `@@c`: the call is about that collection, as its other methods are.
      const named = vars['@c'];
      if (typeof named === 'string' && operation.startsWith('collection.')) collection = named;
    }
  } else {
    collection = collectionOf(spec);
  }
  return {
    operation,
    database,
    collection,
    method: spec.method,
    path: spec.path,
    query,
    bindVarNames,
    attempts: 0,
    host: undefined,
    status: undefined,
    errorNum: undefined,
    attemptLog: undefined,
  };
}

/** Request body bytes as sent. */
export function bodyBytes(body: string | Uint8Array | undefined): number {
  return body === undefined ? 0 : typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength;
}

/** The call whose synchronous part is running inside `traceRequest` (see `callFailed`). */
let syncPart: RequestTraceContext | undefined;

/**
 * Publishes start around the synchronous part of `run` and end after it; the transport publishes
 * the settling phases itself (`callAnswered` / `callFailed`) where the outcome is decided, so a
 * traced call costs no extra promise and no continuation closures. The answer itself is never put
 * in the context: it may hold a token or data.
 */
export function traceRequest<R>(trace: RequestTraceContext, run: () => Promise<R>): Promise<R> {
  if (!listened(requests)) return run();
  const outer = syncPart;
  syncPart = trace;
  let pending: Promise<R>;
  try {
    pending = requests.start.runStores(trace, run);
  } finally {
    syncPart = outer;
  }
  requests.end.publish(trace);
  return pending;
}

/** The call succeeded: asyncStart and asyncEnd, before the caller's continuation runs. */
export function callAnswered(trace: RequestTraceContext, status: number, host: string): void {
  trace.status = status;
  trace.host = host;
  requests.asyncStart.publish(trace);
  requests.asyncEnd.publish(trace);
}

/** The call fails with `err`: error, asyncStart, asyncEnd. */
export function callFailed(trace: RequestTraceContext, err: unknown): void {
  const e = err as { httpCode?: unknown; errorNum?: unknown; hostId?: unknown };
  if (typeof e.httpCode === 'number') trace.status = e.httpCode;
  if (typeof e.errorNum === 'number') trace.errorNum = e.errorNum;
  if (typeof e.hostId === 'string') trace.host = e.hostId;
  trace.error = err;
  // Thrown before the call's first await (a closed client, a bad option): `end` is not out yet,
  // and the phases keep their order — the microtask still runs before the caller sees the rejection.
  if (syncPart === trace) queueMicrotask(() => publishFailure(trace));
  else publishFailure(trace);
}

function publishFailure(trace: RequestTraceContext): void {
  requests.error.publish(trace);
  requests.asyncStart.publish(trace);
  requests.asyncEnd.publish(trace);
}

/**
 * Opens an attempt: counts it on the call's context and publishes start (call `attemptSent` once the
 * exchange is dispatched); `undefined` while nobody listens on `arangots:attempt`.
 */
export function attemptStarted(
  request: RequestTraceContext,
  host: string,
  method: string,
  path: string,
  attempt: number,
  reason: string | undefined,
  body: string | Uint8Array | undefined,
): AttemptTraceContext | undefined {
  request.attempts = attempt;
  request.host = host;
  // Only the call channel listened to (e.g. OpenTelemetry without attempt spans): no attempt context.
  if (!listened(attempts)) return undefined;
  const ctx: AttemptTraceContext = {
    request,
    operation: request.operation,
    host,
    method,
    path,
    attempt,
    reason,
    bytesOut: bodyBytes(body),
    bytesIn: undefined,
    status: undefined,
    errorNum: undefined,
  };
  attempts.start.publish(ctx);
  return ctx;
}

export function attemptSent(ctx: AttemptTraceContext): void {
  attempts.end.publish(ctx);
}

/** The attempt got an answer (`errorNum` once an error answer's body is read). */
export function attemptAnswered(ctx: AttemptTraceContext, status: number, bytesIn: number, errorNum?: number): void {
  ctx.status = status;
  ctx.bytesIn = bytesIn;
  if (errorNum !== undefined) ctx.errorNum = errorNum;
  attempts.asyncStart.publish(ctx);
  attempts.asyncEnd.publish(ctx);
}

/** The attempt ended without an answer (connection failure, timeout, abort). */
export function attemptFailed(ctx: AttemptTraceContext, error: unknown): void {
  ctx.error = error;
  attempts.error.publish(ctx);
  attempts.asyncStart.publish(ctx);
  attempts.asyncEnd.publish(ctx);
}
