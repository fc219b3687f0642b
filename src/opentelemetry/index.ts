/**
 * `arangots/opentelemetry`: turns the driver's tracing channels (`arangots:request`,
 * `arangots:attempt`) into OpenTelemetry spans following the database semantic conventions: one
 * CLIENT span per call, one child span per HTTP attempt (so a failover shows as two attempts on two
 * hosts under one call). Needs `@opentelemetry/api` (an optional peer dependency) and a tracer
 * provider / context manager set up by the application, as with any instrumentation.
 */
import { tracingChannel } from 'node:diagnostics_channel';
import { context, SpanKind, SpanStatusCode, trace, type Attributes, type Span, type Tracer, type TracerProvider } from '@opentelemetry/api';
import { ATTEMPT_CHANNEL, REQUEST_CHANNEL, type AttemptTraceContext, type RequestTraceContext } from '../transport/diagnostics.js';

/** Options of {@link instrumentArangots}. */
export interface ArangotsInstrumentationOptions {
  /** Where spans go; default the global tracer provider. */
  tracerProvider?: TracerProvider;
  /**
   * Child spans for HTTP attempts: `'retried'` (default) only for calls that needed more than one
   * attempt (a retry or a hedge) — then every attempt of the call, the first included, with its
   * own start and end time; `'all'` for every call; `false` never. A call with one attempt is
   * fully described by its call span, and one span per call instead of two halves the cost.
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
 */
export function instrumentArangots(options: ArangotsInstrumentationOptions = {}): ArangotsInstrumentation {
  const provider = options.tracerProvider ?? trace.getTracerProvider();
  const tracer: Tracer = provider.getTracer(INSTRUMENTATION_NAME);
  const callSpans = new WeakMap<RequestTraceContext, Span>();
  const attemptSpans = new WeakMap<AttemptTraceContext, Span>();
  const mode = options.attemptSpans ?? 'retried';
  if (mode !== 'retried' && mode !== 'all' && mode !== false) throw new TypeError(`attemptSpans must be 'retried', 'all' or false, got ${JSON.stringify(mode)}`);
  /** 'retried' mode: each call's first attempt, held back until a second one shows it mattered. */
  const firstAttempts = new WeakMap<RequestTraceContext, { ctx: AttemptTraceContext; start: number; end?: number; span?: Span }>();
  const now = (): number => performance.timeOrigin + performance.now();
  // Host ids are few and fixed: parse each URL once, not twice per call.
  const servers = new Map<string, Attributes | undefined>();
  const server = (host: string): Attributes | undefined => {
    let attributes = servers.get(host);
    if (attributes === undefined && !servers.has(host)) {
      attributes = serverAttributes(host);
      servers.set(host, attributes);
    }
    return attributes;
  };

  const onRequestStart = (message: unknown): void => {
    const ctx = message as RequestTraceContext;
    const attributes: Attributes = { 'db.system.name': 'arangodb', 'db.operation.name': ctx.operation };
    if (ctx.database !== undefined) attributes['db.namespace'] = ctx.database;
    if (ctx.collection !== undefined) attributes['db.collection.name'] = ctx.collection;
    if (ctx.query !== undefined) attributes['db.query.text'] = ctx.query;
    const target = ctx.collection ?? ctx.database;
    // Span name per the conventions: `{db.operation.name} {target}`.
    const name = target === undefined ? ctx.operation : `${ctx.operation} ${target}`;
    callSpans.set(ctx, tracer.startSpan(name, { kind: SpanKind.CLIENT, attributes }, context.active()));
  };

  const onRequestDone = (message: unknown): void => {
    const ctx = message as RequestTraceContext;
    const span = callSpans.get(ctx);
    if (span === undefined) return;
    callSpans.delete(ctx);
    const where = ctx.host === undefined ? undefined : server(ctx.host);
    if (where !== undefined) span.setAttributes(where);
    if (ctx.errorNum !== undefined && ctx.errorNum !== 0) span.setAttribute('db.response.status_code', String(ctx.errorNum));
    if ('error' in ctx && ctx.error !== undefined) {
      span.setAttribute('error.type', errorType(ctx.error, ctx.errorNum, ctx.status));
      span.setStatus({ code: SpanStatusCode.ERROR, message: errorMessage(ctx.error) });
    }
    span.end();
  };

  const onAttemptStart = (message: unknown): void => {
    const ctx = message as AttemptTraceContext;
    if (mode === 'retried') {
      if (ctx.attempt === 1) {
        firstAttempts.set(ctx.request, { ctx, start: now() });
        return;
      }
      const first = firstAttempts.get(ctx.request);
      if (first !== undefined && first.span === undefined) {
        // The call needed another attempt: the first one becomes a span after the fact.
        first.span = startAttemptSpan(first.ctx, first.start);
        if (first.end !== undefined) finishAttemptSpan(first.ctx, first.span, first.end);
        else attemptSpans.set(first.ctx, first.span);
      }
    }
    attemptSpans.set(ctx, startAttemptSpan(ctx, undefined));
  };

  const startAttemptSpan = (ctx: AttemptTraceContext, startTime: number | undefined): Span => {
    const parent = callSpans.get(ctx.request);
    const parentContext = parent === undefined ? context.active() : trace.setSpan(context.active(), parent);
    const attributes: Attributes = {
      'http.request.method': ctx.method,
      'url.full': ctx.host + ctx.path,
      'db.system.name': 'arangodb',
      'db.operation.name': ctx.operation,
    };
    if (ctx.attempt > 1) attributes['http.request.resend_count'] = ctx.attempt - 1;
    if (ctx.reason !== undefined) attributes['arangots.attempt.reason'] = ctx.reason;
    if (ctx.bytesOut > 0) attributes['http.request.body.size'] = ctx.bytesOut;
    const where = server(ctx.host);
    if (where !== undefined) Object.assign(attributes, where);
    return tracer.startSpan(ctx.method, startTime === undefined ? { kind: SpanKind.CLIENT, attributes } : { kind: SpanKind.CLIENT, attributes, startTime }, parentContext);
  };

  const onAttemptDone = (message: unknown): void => {
    const ctx = message as AttemptTraceContext;
    const span = attemptSpans.get(ctx);
    if (span === undefined) {
      if (mode === 'retried' && ctx.attempt === 1) {
        const first = firstAttempts.get(ctx.request);
        if (first !== undefined && first.ctx === ctx) first.end = now();
      }
      return;
    }
    attemptSpans.delete(ctx);
    finishAttemptSpan(ctx, span, undefined);
  };

  const finishAttemptSpan = (ctx: AttemptTraceContext, span: Span, endTime: number | undefined): void => {
    if (ctx.status !== undefined) {
      span.setAttributes(ctx.bytesIn === undefined ? { 'http.response.status_code': ctx.status } : { 'http.response.status_code': ctx.status, 'http.response.body.size': ctx.bytesIn });
    }
    if (ctx.errorNum !== undefined && ctx.errorNum !== 0) span.setAttribute('db.response.status_code', String(ctx.errorNum));
    if ('error' in ctx && ctx.error !== undefined) {
      span.setAttribute('error.type', errorType(ctx.error, undefined, undefined));
      span.setStatus({ code: SpanStatusCode.ERROR, message: errorMessage(ctx.error) });
    } else if (ctx.status !== undefined && ctx.status >= 400) {
      span.setAttribute('error.type', String(ctx.status));
      span.setStatus({ code: SpanStatusCode.ERROR });
    }
    span.end(endTime);
  };

  const requests = tracingChannel(REQUEST_CHANNEL);
  const attempts = tracingChannel(ATTEMPT_CHANNEL);
  requests.start.subscribe(onRequestStart);
  requests.asyncEnd.subscribe(onRequestDone);
  const withAttempts = mode !== false;
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

function serverAttributes(host: string): Attributes | undefined {
  try {
    const url = new URL(host);
    return {
      'server.address': url.hostname.replace(/^\[(.*)\]$/, '$1'),
      'server.port': url.port === '' ? (url.protocol === 'https:' ? 443 : 80) : Number(url.port),
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
