/**
 * Cost of tracing (`--only otel`): single-document `collection.get` on one coordinator, in ONE fresh
 * process, three variants interleaved round after round (order rotated, so drift hits all alike):
 *  - `off`: nobody subscribed to `arangots:request` / `arangots:attempt` (the default);
 *  - `subscriber`: a no-op handler on all five events of both channels (what any APM agent costs
 *    the driver at least: the contexts are built and published);
 *  - `otel`: `arangots/opentelemetry` on, an SDK tracer provider with a BatchSpanProcessor and an
 *    exporter that drops the spans (so the exporter's own I/O is not measured), two spans per call.
 * Prints one JSON line: every measurement plus medians and paired per-round CPU ratios to `off`.
 *
 *   node --expose-gc bench/otel.mjs --urls http://… --password pw [--rounds 7] [--ms 1000]
 */
import { tracingChannel } from 'node:diagnostics_channel';
import { parseArgs } from 'node:util';
import { context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { ArangoClient, ATTEMPT_CHANNEL, REQUEST_CHANNEL } from 'arangots';
import { instrumentArangots } from 'arangots/opentelemetry';
import { RawClient } from './lib/clients.mjs';
import { collect, measure, median } from './lib/measure.mjs';
import { WORKLOADS } from './workloads.mjs';

const VARIANTS = ['off', 'subscriber', 'otel'];
const CONCURRENCY = [1, 64];
const KEYS = 1_000;

const { values } = parseArgs({
  options: {
    urls: { type: 'string' },
    password: { type: 'string', default: '' },
    rounds: { type: 'string', default: '7' },
    ms: { type: 'string', default: '1000' },
  },
});
const url = (values.urls ?? '').split(',')[0];
if (!url) throw new Error('--urls is required');
const rounds = Number(values.rounds);
const ms = Number(values.ms);

const raw = new RawClient([url], values.password);
await WORKLOADS.get.setup(raw);
await raw.close();

context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
const dropAll = { export: (_spans, done) => done({ code: 0 }), shutdown: async () => {}, forceFlush: async () => {} };
const provider = new BasicTracerProvider({ spanProcessors: [new BatchSpanProcessor(dropAll)] });

const noop = () => {};
const handlers = { start: noop, end: noop, asyncStart: noop, asyncEnd: noop, error: noop };

/** Turns a variant on; returns what turns it off again. */
function enable(variant) {
  if (variant === 'subscriber') {
    const channels = [tracingChannel(REQUEST_CHANNEL), tracingChannel(ATTEMPT_CHANNEL)];
    for (const c of channels) c.subscribe(handlers);
    return () => channels.forEach((c) => c.unsubscribe(handlers));
  }
  if (variant === 'otel') {
    const instrumentation = instrumentArangots({ tracerProvider: provider });
    return () => instrumentation.disable();
  }
  return noop;
}

const client = new ArangoClient({ hosts: [url] });
try {
  const col = (await client.db('_system', { username: 'root', password: values.password })).collection('bench_get');
  const op = (i) => col.get(`k${i % KEYS}`);
  for (const variant of VARIANTS) {
    const off = enable(variant);
    const doc = await op(7);
    if (doc?._key !== 'k7') throw new Error(`${variant}: GET k7 did not return k7`);
    await measure(op, { ms: ms / 3 }, 64);
    off();
  }
  const results = [];
  for (let round = 0; round < rounds; round++) {
    for (const [ci, concurrency] of CONCURRENCY.entries()) {
      const shift = (round + ci) % VARIANTS.length;
      for (const variant of [...VARIANTS.slice(shift), ...VARIANTS.slice(0, shift)]) {
        const off = enable(variant);
        collect();
        try {
          const r = await measure(op, { ms }, concurrency);
          results.push({ variant, round, ...r });
          process.stderr.write(`  otel r${round + 1} c=${concurrency} ${variant.padEnd(10)} ${r.cpuUsPerOp.toFixed(1).padStart(7)} µs CPU/op ${Math.round(r.opsPerSec).toString().padStart(7)} ops/s  p50 ${r.p50.toFixed(2)} ms\n`);
        } finally {
          off();
          await provider.forceFlush();
        }
      }
    }
  }
  const summary = {};
  for (const concurrency of CONCURRENCY) {
    summary[concurrency] = {};
    for (const variant of VARIANTS) {
      const rs = results.filter((r) => r.variant === variant && r.concurrency === concurrency);
      const ratios = rs.map((r) => r.cpuUsPerOp / (results.find((o) => o.variant === 'off' && o.concurrency === concurrency && o.round === r.round)?.cpuUsPerOp ?? NaN));
      summary[concurrency][variant] = {
        cpuUsPerOp: median(rs.map((r) => r.cpuUsPerOp)),
        opsPerSec: median(rs.map((r) => r.opsPerSec)),
        p50: median(rs.map((r) => r.p50)),
        cpuRatioToOff: { median: median(ratios), min: Math.min(...ratios), max: Math.max(...ratios) },
      };
    }
  }
  process.stdout.write(`${JSON.stringify({ rounds, concurrency: CONCURRENCY, summary, results })}\n`);
} finally {
  await client.close();
  await provider.shutdown();
}
