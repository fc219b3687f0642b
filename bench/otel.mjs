/**
 * Cost of tracing (`--only otel`): single-document `collection.get` on one coordinator, in ONE fresh
 * process, these variants interleaved round after round (order rotated, so drift hits all alike):
 *  - `undici`: the same GET through raw undici — the floor, so `off` shows whether the driver with
 *    nobody subscribed still costs what it did (compare the `get` workload's arangots/undici);
 *  - `off`: nobody subscribed to `arangots:request` / `arangots:attempt` (the default);
 *  - `subscriber`: a no-op handler on all five events of both channels (what any APM agent costs
 *    the driver at least: the contexts are built and published);
 *  - `otel`: `arangots/opentelemetry` on with its defaults (one span per call; attempt spans only
 *    for calls that needed more than one attempt);
 *  - `sdk-span`: no instrumentation, the bench itself wraps each get in one SDK span with the same
 *    attributes — the SDK's own price of a span in the same loop, which no instrumentation can undercut;
 *  - `otel-sampled`: the integration under a provider that samples 10 % of root traces
 *    (ParentBased(TraceIdRatioBased(0.1)), what a busy production service typically runs): an
 *    unsampled call still goes through the sampler but the SDK makes no recording span for it.
 * The SDK setup is the realistic one of an application, process-wide for every variant:
 * AsyncLocalStorageContextManager (its async hooks on, as in any app that has entered a context),
 * BasicTracerProvider with the default sampler and a BatchSpanProcessor (default batch settings)
 * over an exporter that drops the spans (so no exporter I/O is measured).
 * Also measured in the same process: a bare `tracer.startSpan(…).end()` loop (CPU per span).
 * Each timed run is preceded by an untimed warm-up of the same variant (`--warm-ms`, default as
 * long as `--ms`, at least 250 ms, and at least 4,000 calls: shorter left 1–4 compiles per run) and
 * no forced garbage collection: a full collection between runs, while no call is in flight, frees
 * the hidden classes V8's optimized code refers to, and V8 then discards that code and re-optimizes
 * during the next timed run (we counted 20–60 TurboFan compiles, 0.1–1.8 s of compiler CPU, in
 * EVERY 1 s run that way — most of the 2–3× gap between c=1 and c=64 and most of the tracing
 * "overhead" at c=1). Subscribing and unsubscribing, as turning a variant on and off does, also
 * makes V8 drop the driver's code that depends on the channels' state ("code dependencies"): the
 * warm-up absorbs that too. What an application under steady load sees is the warm state; the
 * rotation of the order spreads one variant's leftover garbage evenly.
 * Prints one JSON line: every measurement plus medians and paired per-round CPU ratios to `off`.
 *
 *   node --expose-gc bench/otel.mjs --urls http://… --password pw [--rounds 7] [--ms 1000] [--warm-ms 1000]
 */
import { tracingChannel } from 'node:diagnostics_channel';
import { parseArgs } from 'node:util';
import { context, ROOT_CONTEXT, SpanKind } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider, BatchSpanProcessor, ParentBasedSampler, TraceIdRatioBasedSampler } from '@opentelemetry/sdk-trace-base';
import { ArangoClient, ATTEMPT_CHANNEL, REQUEST_CHANNEL } from 'arangots';
import { instrumentArangots } from 'arangots/opentelemetry';
import { RawClient } from './lib/clients.mjs';
import { measure, median } from './lib/measure.mjs';
import { WORKLOADS } from './workloads.mjs';

const VARIANTS = ['undici', 'off', 'subscriber', 'otel', 'sdk-span', 'otel-sampled'];
const CONCURRENCY = [1, 64];
const KEYS = 1_000;
/** Calls of the untimed warm-up before each timed run, at least (V8 re-optimizes by call counts). */
const WARM_OPS = 4_000;

const { values } = parseArgs({
  options: {
    urls: { type: 'string' },
    password: { type: 'string', default: '' },
    rounds: { type: 'string', default: '7' },
    ms: { type: 'string', default: '1000' },
    'warm-ms': { type: 'string' },
  },
});
const url = (values.urls ?? '').split(',')[0];
if (!url) throw new Error('--urls is required');
const rounds = Number(values.rounds);
const ms = Number(values.ms);
const warmMs = values['warm-ms'] === undefined ? Math.max(250, ms) : Number(values['warm-ms']);

const raw = new RawClient([url], values.password);
await WORKLOADS.get.setup(raw);

context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
// An application with an SDK has entered a context long before; that switches the async hooks on
// for the whole process (here: for every variant alike, not only after the first span export).
context.with(ROOT_CONTEXT, () => undefined);
const dropAll = { export: (_spans, done) => done({ code: 0 }), shutdown: async () => {}, forceFlush: async () => {} };
const provider = new BasicTracerProvider({ spanProcessors: [new BatchSpanProcessor(dropAll)] });
const benchTracer = provider.getTracer('bench');
const sampledProvider = new BasicTracerProvider({
  sampler: new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(0.1) }),
  spanProcessors: [new BatchSpanProcessor(dropAll)],
});

const noop = () => {};
const handlers = { start: noop, end: noop, asyncStart: noop, asyncEnd: noop, error: noop };

/** Turns a variant on; returns what turns it off again. */
function enable(variant) {
  if (variant === 'subscriber') {
    const channels = [tracingChannel(REQUEST_CHANNEL), tracingChannel(ATTEMPT_CHANNEL)];
    for (const c of channels) c.subscribe(handlers);
    return () => channels.forEach((c) => c.unsubscribe(handlers));
  }
  if (variant === 'otel' || variant === 'otel-sampled') {
    const instrumentation = instrumentArangots({ tracerProvider: variant === 'otel' ? provider : sampledProvider });
    return () => instrumentation.disable();
  }
  return noop;
}

const SPAN_NAME = 'collection.get bench_get';
const { port, hostname } = new URL(url);
const spanAttributes = () => ({
  'db.system.name': 'arangodb',
  'db.operation.name': 'collection.get',
  'db.namespace': '_system',
  'db.collection.name': 'bench_get',
  'server.address': hostname,
  'server.port': Number(port),
});

/** CPU µs per bare SDK span (start with the six attributes of a call span, end), no I/O. */
async function bareSpans(n) {
  const before = process.cpuUsage();
  for (let i = 0; i < n; i++) benchTracer.startSpan(SPAN_NAME, { kind: SpanKind.CLIENT, attributes: spanAttributes() }).end();
  const used = process.cpuUsage(before);
  await provider.forceFlush();
  return (used.user + used.system) / n;
}

const client = new ArangoClient({ hosts: [url] });
try {
  const col = (await client.db('_system', { username: 'root', password: values.password })).collection('bench_get');
  const get = (i) => col.get(`k${i % KEYS}`);
  const ops = {
    undici: (i) => raw.request('GET', `/_db/_system/_api/document/bench_get/k${i % KEYS}`),
    off: get,
    subscriber: get,
    otel: get,
    'otel-sampled': get,
    'sdk-span': async (i) => {
      const span = benchTracer.startSpan(SPAN_NAME, { kind: SpanKind.CLIENT, attributes: spanAttributes() }, context.active());
      try {
        return await get(i);
      } finally {
        span.end();
      }
    },
  };
  for (const variant of VARIANTS) {
    const off = enable(variant);
    const doc = await ops[variant](7);
    if (doc?._key !== 'k7') throw new Error(`${variant}: GET k7 did not return k7`);
    await measure(ops[variant], { ms: ms / 3, collect: false }, 64);
    off();
  }
  await bareSpans(20_000);
  const results = [];
  const spanCost = [];
  for (let round = 0; round < rounds; round++) {
    for (const [ci, concurrency] of CONCURRENCY.entries()) {
      const shift = (round + ci) % VARIANTS.length;
      for (const variant of [...VARIANTS.slice(shift), ...VARIANTS.slice(0, shift)]) {
        const off = enable(variant);
        try {
          const r = await measure(ops[variant], { ms, collect: false, warmMs, warmOps: WARM_OPS }, concurrency);
          results.push({ variant, round, ...r });
          process.stderr.write(`  otel r${round + 1} c=${concurrency} ${variant.padEnd(10)} ${r.cpuUsPerOp.toFixed(1).padStart(7)} µs CPU/op ${Math.round(r.opsPerSec).toString().padStart(7)} ops/s  p50 ${r.p50.toFixed(2)} ms\n`);
        } finally {
          off();
          await provider.forceFlush();
          await sampledProvider.forceFlush();
        }
      }
    }
    spanCost.push(await bareSpans(50_000));
  }
  const summary = {};
  for (const concurrency of CONCURRENCY) {
    summary[concurrency] = {};
    const paired = (variant, base) => {
      const rs = results.filter((r) => r.variant === variant && r.concurrency === concurrency);
      return rs.map((r) => r.cpuUsPerOp / (results.find((o) => o.variant === base && o.concurrency === concurrency && o.round === r.round)?.cpuUsPerOp ?? NaN));
    };
    const spread = (ratios) => ({ median: median(ratios), min: Math.min(...ratios), max: Math.max(...ratios) });
    for (const variant of VARIANTS) {
      const rs = results.filter((r) => r.variant === variant && r.concurrency === concurrency);
      summary[concurrency][variant] = {
        cpuUsPerOp: median(rs.map((r) => r.cpuUsPerOp)),
        opsPerSec: median(rs.map((r) => r.opsPerSec)),
        p50: median(rs.map((r) => r.p50)),
        cpuRatioToOff: spread(paired(variant, 'off')),
        cpuRatioToUndici: spread(paired(variant, 'undici')),
      };
    }
  }
  const bareSpanUs = median(spanCost);
  process.stdout.write(`${JSON.stringify({ rounds, concurrency: CONCURRENCY, variants: VARIANTS, bareSpanUs, spanCost, summary, results })}\n`);
} finally {
  await client.close();
  await raw.close();
  await provider.shutdown();
  await sampledProvider.shutdown();
}
