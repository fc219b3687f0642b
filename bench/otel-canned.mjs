/**
 * The client-side CPU of tracing without sockets: `collection.get` answered by a canned in-process
 * `httpClient` (after `setImmediate`, as an I/O completion would be), so neither the network nor the
 * emulator adds noise — the tool for working on the driver's and the integration's own cost, beside
 * `--only otel` (which measures the real thing). Variants, interleaved round after round in ONE
 * process and compared per round with `off` of the same build:
 *   off, subscriber (no-op handlers on both channels), otel (arangots/opentelemetry, defaults),
 *   sdk-span (no instrumentation; the loop wraps each get in one SDK span: the SDK's own price).
 * SDK setup and the untimed warm-up of each variant before its timed run (`--warm` calls) as in
 * bench/otel.mjs. `--build dir` (repeatable) compares builds, e.g. an older dist/
 * built from another checkout; default: this package's dist/.
 *
 *   node --expose-gc bench/otel-canned.mjs [--concurrency 64] [--calls 10000] [--rounds 15] [--warm 2000] [--sleep-ms 1] [--build /path/to/dist]…
 */
import { tracingChannel } from 'node:diagnostics_channel';
import { setImmediate } from 'node:timers';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { context, ROOT_CONTEXT, SpanKind } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { median } from './lib/measure.mjs';

const { values } = parseArgs({
  options: {
    concurrency: { type: 'string', default: '64' },
    calls: { type: 'string', default: '10000' },
    rounds: { type: 'string', default: '15' },
    warm: { type: 'string', default: '2000' },
    'sleep-ms': { type: 'string' },
    build: { type: 'string', multiple: true },
  },
});
const C = Number(values.concurrency);
const N = Number(values.calls);
const ROUNDS = Number(values.rounds);
const WARM = Number(values.warm);
const builds = values.build ?? [fileURLToPath(new URL('../dist', import.meta.url))];

context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
context.with(ROOT_CONTEXT, () => undefined);
const dropAll = { export: (_spans, done) => done({ code: 0 }), shutdown: async () => {}, forceFlush: async () => {} };
const provider = new BasicTracerProvider({ spanProcessors: [new BatchSpanProcessor(dropAll)] });
const tracer = provider.getTracer('bench');
const attributes = () => ({
  'db.system.name': 'arangodb',
  'db.operation.name': 'collection.get',
  'db.namespace': '_system',
  'db.collection.name': 'bench_get',
  'server.address': '127.0.0.1',
  'server.port': 8529,
});

const body = Buffer.from(JSON.stringify({ _key: 'k1', _id: 'bench_get/k1', _rev: '_abc', name: 'user-1', email: 'user1@example.com', age: 21, active: false, tags: ['alpha', 'beta', 'gamma'], address: { street: '1 Main Street', city: 'Springfield', zip: '10001' } }));
const headers = { 'content-type': 'application/json; charset=utf-8', server: 'ArangoDB', 'content-length': String(body.length) };
const sleepMs = values['sleep-ms'] === undefined ? undefined : Number(values['sleep-ms']);
const answer = (resolve) => resolve({ status: 200, headers, body });
// `--sleep-ms`: the answer comes after a timer, so the process sleeps between calls as a client at
// concurrency 1 does while the server works (its caches go cold; see BENCHMARKS.md)
const http = { request: () => new Promise((resolve) => (sleepMs === undefined ? setImmediate(answer, resolve) : setTimeout(answer, sleepMs, resolve))), close: async () => {} };

const loaded = [];
for (const [i, dir] of builds.entries()) {
  const { ArangoClient, ATTEMPT_CHANNEL, REQUEST_CHANNEL } = await import(`${dir}/index.js`);
  const { instrumentArangots } = await import(`${dir}/opentelemetry/index.js`);
  const client = new ArangoClient({ hosts: ['http://127.0.0.1:8529'], httpClient: () => http });
  const col = (await client.db('_system', { username: 'root', password: 'pw' })).collection('bench_get');
  loaded.push({ name: builds.length === 1 ? '' : `build${i + 1} `, col, client, instrumentArangots, channels: [REQUEST_CHANNEL, ATTEMPT_CHANNEL] });
}

const noop = () => {};
const handlers = { start: noop, end: noop, asyncStart: noop, asyncEnd: noop, error: noop };
let wrapInSpan = false;
function enable(build, mode) {
  if (mode === 'otel') {
    const instrumentation = build.instrumentArangots({ tracerProvider: provider });
    return () => instrumentation.disable();
  }
  if (mode === 'subscriber') {
    const channels = build.channels.map((name) => tracingChannel(name));
    for (const c of channels) c.subscribe(handlers);
    return () => channels.forEach((c) => c.unsubscribe(handlers));
  }
  if (mode === 'sdk-span') {
    wrapInSpan = true;
    return () => (wrapInSpan = false);
  }
  return noop;
}

async function run(col, n) {
  let issued = 0;
  const worker = async () => {
    while (issued++ < n) {
      if (!wrapInSpan) {
        await col.get('k1');
        continue;
      }
      const span = tracer.startSpan('collection.get bench_get', { kind: SpanKind.CLIENT, attributes: attributes() }, context.active());
      await col.get('k1');
      span.end();
    }
  };
  await Promise.all(Array.from({ length: C }, worker));
}

const MODES = ['off', 'subscriber', 'otel', 'sdk-span'];
const variants = loaded.flatMap((build) => MODES.map((mode) => ({ build, mode, label: `${build.name}${mode}`, cpu: [] })));
for (const v of variants) {
  const off = enable(v.build, v.mode);
  await run(v.build.col, 2_000);
  off();
}
for (let round = 0; round < ROUNDS; round++) {
  const shift = round % variants.length;
  for (const v of [...variants.slice(shift), ...variants.slice(0, shift)]) {
    const off = enable(v.build, v.mode);
    // untimed warm-up of this variant, no forced GC: see bench/otel.mjs
    await run(v.build.col, WARM);
    const before = process.cpuUsage();
    await run(v.build.col, N);
    const used = process.cpuUsage(before);
    off();
    await provider.forceFlush();
    v.cpu.push((used.user + used.system) / N);
  }
}
console.log(`CPU µs per collection.get, canned answer${sleepMs === undefined ? "" : ` after ${sleepMs} ms`}, concurrency ${C}, ${ROUNDS} rounds of ${N} calls (paired per round with off of the same build)`);
for (const v of variants) {
  const base = variants.find((o) => o.build === v.build && o.mode === 'off').cpu;
  const diffs = v.cpu.map((x, i) => x - base[i]);
  const ratios = v.cpu.map((x, i) => x / base[i]);
  console.log(`${v.label.padEnd(20)} ${median(v.cpu).toFixed(2).padStart(7)} µs   +${median(diffs).toFixed(2).padStart(6)} µs   ${median(ratios).toFixed(3)}×`);
}
for (const build of loaded) await build.client.close();
await provider.shutdown();
