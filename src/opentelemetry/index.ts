/**
 * `arangots/opentelemetry`: turns the driver's tracing channels (`arangots:request`,
 * `arangots:attempt`) into OpenTelemetry spans following the database semantic conventions: one
 * CLIENT span per call, one child span per HTTP attempt (so a failover shows as two attempts on two
 * hosts under one call). Needs `@opentelemetry/api` (an optional peer dependency) and a tracer
 * provider / context manager set up by the application, as with any instrumentation.
 */
import { tracingChannel } from 'node:diagnostics_channel';
import { context, SpanKind, SpanStatusCode, trace, type Attributes, type Context, type HrTime, type Tracer, type TracerProvider } from '@opentelemetry/api';
import { ATTEMPT_CHANNEL, REQUEST_CHANNEL, type AttemptRecord, type AttemptTraceContext, type RequestTraceContext } from '../transport/diagnostics.js';

/** Options of {@link instrumentArangots}. */
export interface ArangotsInstrumentationOptions {
  /** Where spans go; default the global tracer provider. */
  tracerProvider?: TracerProvider;
  /**
   * Child spans for HTTP attempts: `'retried'` (default) only for calls that needed more than one
   * attempt (a retry or a hedge) — then every attempt of the call, the first included, with its
   * own start and end time, from the call's `attemptLog` (so `arangots:attempt` is not listened
   * to at all); `'all'` for every call (listening to `arangots:attempt`); `false` never. A call
   * with one attempt is fully described by its call span, and one span per call instead of two
   * halves the cost.
   */
  attemptSpans?: 'retried' | 'all' | false;
}

/** What {@link instrumentArangots} returns: a handle to stop the instrumentation. */
export interface ArangotsInstrumentation {
  /** Stops making spans (unsubscribes from both channels); idempotent. */
  disable(): void;
}

/** Instrumentation scope name of the tracer. */
export const INSTRUMENTATION_NAME = 'arangots';

/**
 * Subscribes to the driver's channels and makes spans until `disable()`. `db.query.text` is
 * recorded when the client was created with `traceQueryText: true` (otherwise the text never
 * leaves the driver).
 *
 * Spans are made when a call settles, not when it starts: the start handlers only note the time,
 * and the call span is created then with every attribute in one `startSpan` (its recorded start
 * time, the parent context that was active at the call) and ended at once, its attempt spans
 * (when wanted) after it. That is one span and no attribute updates per ordinary call — the SDK's
 * cost of a span is most of what tracing costs. The parent is the context active where the call
 * was made, noted by the start handler.
 */
export function instrumentArangots(options: ArangotsInstrumentationOptions = {}): ArangotsInstrumentation {
  const provider = options.tracerProvider ?? trace.getTracerProvider();
  const tracer: Tracer = provider.getTracer(INSTRUMENTATION_NAME);
  const mode = options.attemptSpans ?? 'retried';
  if (mode !== 'retried' && mode !== 'all' && mode !== false) throw new TypeError(`attemptSpans must be 'retried', 'all' or false, got ${JSON.stringify(mode)}`);
  // Per-call bookkeeping lives on the published context objects under this instance's own
  // symbols (not in WeakMaps: an ephemeron entry per call is what the garbage collector pays for
  // at high rates). Symbols keep it out of JSON and apart from other subscribers' fields.
  const STARTED = Symbol('arangots.otel.started');
  const ENDED = Symbol('arangots.otel.ended');
  const FIRST = Symbol('arangots.otel.firstAttempt');
  const MORE = Symbol('arangots.otel.moreAttempts');
  const PARENT = Symbol('arangots.otel.parent');
  type Timed = { [STARTED]?: number; [ENDED]?: number };
  type CallState = RequestTraceContext & Timed & { [PARENT]?: Context; [FIRST]?: AttemptTraceContext & Timed; [MORE]?: (AttemptTraceContext & Timed)[] };
  const now = (): number => performance.now();
  // Span names `{operation} {target}`: consecutive calls mostly repeat the last pair.
  let lastOperation: string | undefined;
  let lastTarget: string | undefined;
  let lastName = '';
  let offset = 0;
  let offsetAt = -Infinity;
  // Host ids are few and fixed: parse each URL once, not per call (and most calls repeat the last host).
  const servers = new Map<string, ServerAttributes | undefined>();
  let lastHost: string | undefined;
  let lastServer: ServerAttributes | undefined;
  const server = (host: string): ServerAttributes | undefined => {
    if (host === lastHost) return lastServer;
    let attributes = servers.get(host);
    if (attributes === undefined && !servers.has(host)) {
      attributes = serverAttributes(host);
      servers.set(host, attributes);
    }
    lastHost = host;
    lastServer = attributes;
    return attributes;
  };

  const onRequestStart = (message: unknown): void => {
    const ctx = message as CallState;
    ctx[STARTED] = now();
    ctx[PARENT] = context.active();
  };

  const onRequestDone = (message: unknown): void => {
    const ctx = message as CallState;
    const started = ctx[STARTED];
    const parent = ctx[PARENT];
    if (started === undefined || parent === undefined) return; // began before enable()
    const ended = now();
    // Every time of this call's spans through one offset to the wall clock: the attempt spans then
    // sit exactly inside their call span, and the SDK takes [s, ns] pairs as they are, without
    // converting each time again. The offset is re-read once a second (a clock read costs ~0.1 µs
    // here; the SDK re-reads it per span to follow wall-clock adjustments).
    if (ended - offsetAt >= 1000) {
      offset = Date.now() - ended;
      offsetAt = ended;
    }
    const database = ctx.database;
    const collection = ctx.collection;
    const where = ctx.host === undefined ? undefined : server(ctx.host);
    let attributes: Attributes;
    if (database !== undefined && collection !== undefined && where !== undefined) {
      // The usual case in one literal: one allocation of a fixed shape, no property-by-property growth.
      attributes = {
        'db.system.name': 'arangodb',
        'db.operation.name': ctx.operation,
        'db.namespace': database,
        'db.collection.name': collection,
        'server.address': where.address,
        'server.port': where.port,
      };
    } else {
      attributes = { 'db.system.name': 'arangodb', 'db.operation.name': ctx.operation };
      if (database !== undefined) attributes['db.namespace'] = database;
      if (collection !== undefined) attributes['db.collection.name'] = collection;
      if (where !== undefined) {
        attributes['server.address'] = where.address;
        attributes['server.port'] = where.port;
      }
    }
    if (ctx.query !== undefined) attributes['db.query.text'] = ctx.query;
    const failed = ctx.error !== undefined;
    if (ctx.errorNum !== undefined && ctx.errorNum !== 0) attributes['db.response.status_code'] = String(ctx.errorNum);
    if (failed) attributes['error.type'] = errorType(ctx.error, ctx.errorNum, ctx.status);
    const target = collection ?? database;
    // Span name per the conventions: `{db.operation.name} {target}`.
    if (ctx.operation !== lastOperation || target !== lastTarget) {
      lastOperation = ctx.operation;
      lastTarget = target;
      lastName = target === undefined ? ctx.operation : `${ctx.operation} ${target}`;
    }
    const name = lastName;
    const span = tracer.startSpan(name, { kind: SpanKind.CLIENT, attributes, startTime: wallTime(started, offset) }, parent);
    if (failed) span.setStatus({ code: SpanStatusCode.ERROR, message: errorMessage(ctx.error) });
    span.end(wallTime(ended, offset));
    if (mode === 'retried') {
      const log = ctx.attemptLog;
      if (log === undefined) return;
      const attemptParent = trace.setSpan(parent, span);
      for (const a of log) attemptSpan(a, ctx.operation, a.startTime, a.endTime, attemptParent, offset);
      return;
    }
    const first = ctx[FIRST];
    if (first === undefined) return;
    const attemptParent = trace.setSpan(parent, span);
    attemptSpan(first, ctx.operation, first[STARTED] ?? ended, first[ENDED] ?? ended, attemptParent, offset);
    const more = ctx[MORE];
    // an attempt still in flight when its call ended (given up) ends with the call
    if (more !== undefined) for (const a of more) attemptSpan(a, ctx.operation, a[STARTED] ?? ended, a[ENDED] ?? ended, attemptParent, offset);
  };

  const onAttemptStart = (message: unknown): void => {
    const ctx = message as AttemptTraceContext & Timed;
    ctx[STARTED] = now();
    const call = ctx.request as CallState;
    if (call[FIRST] === undefined) call[FIRST] = ctx;
    else (call[MORE] ??= []).push(ctx);
  };

  const onAttemptDone = (message: unknown): void => {
    (message as AttemptTraceContext & Timed)[ENDED] = now();
  };

  const attemptSpan = (ctx: AttemptFields, operation: string, started: number, ended: number, parent: Context, offset: number): void => {
    const attributes: Attributes = {
      'http.request.method': ctx.method,
      'url.full': ctx.host + ctx.path,
      'db.system.name': 'arangodb',
      'db.operation.name': operation,
    };
    const where = server(ctx.host);
    if (where !== undefined) {
      attributes['server.address'] = where.address;
      attributes['server.port'] = where.port;
    }
    if (ctx.attempt > 1) attributes['http.request.resend_count'] = ctx.attempt - 1;
    if (ctx.reason !== undefined) attributes['arangots.attempt.reason'] = ctx.reason;
    if (ctx.bytesOut > 0) attributes['http.request.body.size'] = ctx.bytesOut;
    if (ctx.status !== undefined) {
      attributes['http.response.status_code'] = ctx.status;
      if (ctx.bytesIn !== undefined) attributes['http.response.body.size'] = ctx.bytesIn;
    }
    if (ctx.errorNum !== undefined && ctx.errorNum !== 0) attributes['db.response.status_code'] = String(ctx.errorNum);
    const failed = ctx.error !== undefined;
    if (failed) attributes['error.type'] = errorType(ctx.error, undefined, undefined);
    else if (ctx.status !== undefined && ctx.status >= 400) attributes['error.type'] = String(ctx.status);
    const span = tracer.startSpan(ctx.method, { kind: SpanKind.CLIENT, attributes, startTime: wallTime(started, offset) }, parent);
    if (failed) span.setStatus({ code: SpanStatusCode.ERROR, message: errorMessage(ctx.error) });
    else if (ctx.status !== undefined && ctx.status >= 400) span.setStatus({ code: SpanStatusCode.ERROR });
    span.end(wallTime(ended, offset));
  };

  const requests = tracingChannel(REQUEST_CHANNEL);
  const attempts = tracingChannel(ATTEMPT_CHANNEL);
  requests.start.subscribe(onRequestStart);
  requests.asyncEnd.subscribe(onRequestDone);
  const withAttempts = mode === 'all';
  if (withAttempts) {
    attempts.start.subscribe(onAttemptStart);
    attempts.asyncEnd.subscribe(onAttemptDone);
  }
  let enabled = true;
  return {
    disable(): void {
      if (!enabled) return;
      enabled = false;
      requests.start.unsubscribe(onRequestStart);
      requests.asyncEnd.unsubscribe(onRequestDone);
      if (withAttempts) {
        attempts.start.unsubscribe(onAttemptStart);
        attempts.asyncEnd.unsubscribe(onAttemptDone);
      }
    },
  };
}

/** What an attempt span is made of: an `arangots:attempt` context or an `attemptLog` entry. */
type AttemptFields = Pick<AttemptRecord, 'host' | 'method' | 'path' | 'attempt' | 'reason' | 'bytesOut' | 'bytesIn' | 'status' | 'errorNum'> & { readonly error?: unknown };

/** A `performance.now()` reading as OpenTelemetry's [seconds, nanoseconds] since the epoch. */
function wallTime(at: number, offset: number): HrTime {
  const ms = at + offset;
  const seconds = Math.floor(ms / 1000);
  const nanos = Math.round((ms - seconds * 1000) * 1e6);
  return nanos >= 1e9 ? [seconds + 1, nanos - 1e9] : [seconds, nanos];
}

interface ServerAttributes {
  address: string;
  port: number;
}

function serverAttributes(host: string): ServerAttributes | undefined {
  try {
    const url = new URL(host);
    return {
      address: url.hostname.replace(/^\[(.*)\]$/, '$1'),
      port: url.port === '' ? (url.protocol === 'https:' ? 443 : 80) : Number(url.port),
    };
  } catch {
    // a host id that is no URL (a custom HttpClient's) has no address to report
    return undefined;
  }
}

/** Low-cardinality class of a failure: ArangoDB's errorNum, else the driver's error code, else the status. */
function errorType(error: unknown, errorNum: number | undefined, status: number | undefined): string {
  if (errorNum !== undefined && errorNum !== 0) return String(errorNum);
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && code !== '') return code;
  if (status !== undefined && status >= 400) return String(status);
  if (error instanceof Error) return error.name;
  return '_OTHER';
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
