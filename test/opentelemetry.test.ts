/**
 * `arangots/opentelemetry` with the OpenTelemetry SDK's in-memory exporter against the emulator:
 * database semantic-convention attributes on call spans, attempts as child spans, and a failover
 * (a read answered 503 by its first coordinator) as two attempt spans on two hosts under one call.
 */
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { context, trace, SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { tracingChannel } from 'node:diagnostics_channel';
import { ArangoClient, ATTEMPT_CHANNEL, aql, type Database } from 'arangots';
import { instrumentArangots, type ArangotsInstrumentation } from 'arangots/opentelemetry';
import { realServer, startTestServer, uniqueName, type TestServer } from './helpers/server.js';

const exporter = new InMemorySpanExporter();
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
const contextManager = new AsyncLocalStorageContextManager();

let server: TestServer;
let client: ArangoClient;
let db: Database;
let instrumentation: ArangotsInstrumentation;

beforeAll(async () => {
  context.setGlobalContextManager(contextManager.enable());
  server = await startTestServer({ coordinators: 2 });
  client = new ArangoClient({ hosts: server.urls, hostResolver: 'roundrobin', traceQueryText: true });
  const sys = await client.db('_system', { username: server.username, password: server.password });
  db = await sys.createDatabase(uniqueName('otel'));
  instrumentation = instrumentArangots({ tracerProvider: provider });
});
afterEach(() => {
  exporter.reset();
  for (const co of server.emulator?.coordinators ?? []) co.failNext(0);
});
afterAll(async () => {
  instrumentation.disable();
  const sys = await client.db('_system', { username: server.username, password: server.password });
  await sys.deleteDatabase(db.name, { ignoreMissing: true });
  await client.close();
  await server.close();
  context.disable();
});

const spanId = (s: ReadableSpan): string => s.spanContext().spanId;
const hrMs = (t: [number, number]): number => t[0] * 1000 + t[1] / 1e6;
const parentId = (s: ReadableSpan): string | undefined => s.parentSpanContext?.spanId;

describe('arangots/opentelemetry', () => {
  it('a call is a CLIENT span with the database conventions, its attempt a child span', async () => {
    const coll = await db.createCollection(uniqueName('c'));
    await coll.insert({ _key: 'a' });
    exporter.reset();
    await coll.get('a');
    const spans = exporter.getFinishedSpans();
    const call = spans.find((s) => s.attributes['db.operation.name'] === 'collection.get' && s.attributes['http.request.method'] === undefined)!;
    expect(call.name).toBe(`collection.get ${coll.name}`);
    expect(call.kind).toBe(SpanKind.CLIENT);
    const url = new URL(server.urls[0]!);
    expect(call.attributes).toMatchObject({
      'db.system.name': 'arangodb',
      'db.namespace': db.name,
      'db.collection.name': coll.name,
      'db.operation.name': 'collection.get',
      'server.address': url.hostname,
    });
    expect(server.urls.map((u) => Number(new URL(u).port))).toContain(call.attributes['server.port']);
    // One attempt: the call span says it all (default attemptSpans: 'retried').
    expect(spans.filter((s) => parentId(s) === spanId(call))).toHaveLength(0);

    instrumentation.disable();
    const all = instrumentArangots({ tracerProvider: provider, attemptSpans: 'all' });
    expect(tracingChannel(ATTEMPT_CHANNEL).start.hasSubscribers).toBe(true);
    exporter.reset();
    try {
      await coll.get('a');
    } finally {
      all.disable();
      instrumentation = instrumentArangots({ tracerProvider: provider });
    }
    const spansAll = exporter.getFinishedSpans();
    const callAll = spansAll.find((s) => s.attributes['db.operation.name'] === 'collection.get' && s.attributes['http.request.method'] === undefined)!;
    const attempts = spansAll.filter((s) => parentId(s) === spanId(callAll));
    expect(attempts).toHaveLength(1);
    expect(attempts[0]!.name).toBe('GET');
    expect(attempts[0]!.attributes).toMatchObject({ 'http.request.method': 'GET', 'http.response.status_code': 200 });
    expect(String(attempts[0]!.attributes['url.full'])).toMatch(/\/_db\/[^/]+\/_api\/document\//);
    // Spans are made when the call settles, with the recorded times: the attempt inside its call.
    expect(hrMs(attempts[0]!.startTime)).toBeGreaterThanOrEqual(hrMs(callAll.startTime));
    expect(hrMs(attempts[0]!.endTime)).toBeLessThanOrEqual(hrMs(callAll.endTime));
    expect(hrMs(callAll.endTime)).toBeGreaterThan(hrMs(callAll.startTime));
  });

  it('concurrent calls under different application spans nest under their own', async () => {
    const tracer = provider.getTracer('app');
    await Promise.all(
      ['a', 'b', 'c'].map((n) =>
        tracer.startActiveSpan(`handler-${n}`, async (outer) => {
          await db.version();
          await db.version();
          outer.end();
        }),
      ),
    );
    const spans = exporter.getFinishedSpans();
    for (const n of ['a', 'b', 'c']) {
      const outer = spans.find((s) => s.name === `handler-${n}`)!;
      const calls = spans.filter((s) => s.attributes['db.operation.name'] === 'admin.version' && parentId(s) === spanId(outer));
      expect(calls).toHaveLength(2);
    }
  });

  it('a call refused before it is sent is an error span', async () => {
    await expect(db.version({ timeout: -1 })).rejects.toThrow(/timeout/);
    const failed = exporter.getFinishedSpans().find((s) => s.attributes['db.operation.name'] === 'admin.version')!;
    expect(failed.status.code).toBe(SpanStatusCode.ERROR);
    expect(failed.attributes['error.type']).toBe('ARANGO_CLIENT_ERROR');
  });

  it('spans nest under the application span that is active', async () => {
    const tracer = provider.getTracer('app');
    await tracer.startActiveSpan('handler', async (outer) => {
      await db.version();
      outer.end();
    });
    const spans = exporter.getFinishedSpans();
    const outer = spans.find((s) => s.name === 'handler')!;
    const call = spans.find((s) => s.attributes['db.operation.name'] === 'admin.version' && s.attributes['http.request.method'] === undefined)!;
    expect(parentId(call)).toBe(spanId(outer));
    expect(call.spanContext().traceId).toBe(outer.spanContext().traceId);
  });

  it('db.query.text when the client opted in; a failed call carries error.type and db.response.status_code', async () => {
    await db.aql.execute(aql`RETURN ${1}`);
    const q = exporter.getFinishedSpans().find((s) => s.attributes['db.operation.name'] === 'aql.query' && s.attributes['http.request.method'] === undefined)!;
    expect(q.attributes['db.query.text']).toBe('RETURN @value0');

    exporter.reset();
    await expect(db.collection(uniqueName('missing')).count()).rejects.toMatchObject({ errorNum: 1203 });
    const failed = exporter.getFinishedSpans().find((s) => s.attributes['http.request.method'] === undefined)!;
    expect(failed.status.code).toBe(SpanStatusCode.ERROR);
    expect(failed.attributes).toMatchObject({ 'error.type': '1203', 'db.response.status_code': '1203' });
  });

  it.skipIf(realServer)('a failover: two attempt spans on two hosts under one call span', async () => {
    await db.version(); // connections warm, logged in
    exporter.reset();
    // By default the attempt spans come from the call's attempt log: nobody listens around attempts.
    expect(tracingChannel(ATTEMPT_CHANNEL).start.hasSubscribers).toBe(false);
    // The first coordinator tried answers 503 once; the retry goes to the other one.
    const [a, b] = server.emulator!.coordinators;
    a!.failNext(1, 503);
    b!.failNext(1, 503);
    await db.version();
    const spans = exporter.getFinishedSpans();
    const call = spans.find((s) => s.attributes['db.operation.name'] === 'admin.version' && s.attributes['http.request.method'] === undefined)!;
    const attempts = spans.filter((s) => parentId(s) === spanId(call)).sort((x, y) => Number(x.attributes['http.request.resend_count'] ?? 0) - Number(y.attributes['http.request.resend_count'] ?? 0));
    expect(attempts.length).toBeGreaterThanOrEqual(2);
    expect(attempts[0]!.attributes).toMatchObject({ 'http.response.status_code': 503, 'error.type': '503' });
    expect(attempts[1]!.attributes).toMatchObject({ 'http.request.resend_count': 1, 'arangots.attempt.reason': expect.stringMatching(/HTTP 503/) });
    expect(attempts[1]!.attributes['server.port']).not.toBe(attempts[0]!.attributes['server.port']);
    // The first attempt's span was made after the fact, with its own times, before the second.
    expect(attempts[0]!.attributes['http.request.resend_count']).toBeUndefined();
    expect(hrMs(attempts[0]!.endTime)).toBeLessThanOrEqual(hrMs(attempts[1]!.startTime) + 1);
    expect(hrMs(attempts[0]!.startTime)).toBeGreaterThanOrEqual(hrMs(call.startTime) - 1);
    expect(attempts.at(-1)!.attributes['http.response.status_code']).toBe(200);
    expect(call.status.code).not.toBe(SpanStatusCode.ERROR);
    for (const s of attempts) expect(s.spanContext().traceId).toBe(call.spanContext().traceId);
  });

  it('disable() stops making spans', async () => {
    const other = instrumentArangots({ tracerProvider: provider });
    other.disable();
    other.disable();
    exporter.reset();
    instrumentation.disable();
    await db.version();
    expect(exporter.getFinishedSpans()).toEqual([]);
    instrumentation = instrumentArangots({ tracerProvider: provider });
    expect(trace.getActiveSpan()).toBeUndefined();
    expect(() => instrumentArangots({ tracerProvider: provider, attemptSpans: 'some' as 'all' })).toThrow(/attemptSpans/);
  });
});
