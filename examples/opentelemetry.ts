/** README: "OpenTelemetry". */
// #region readme
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { context } from '@opentelemetry/api';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { Database } from 'arangots';
import { instrumentArangots } from 'arangots/opentelemetry';

export async function run({ db }: { db: Database }): Promise<string[]> {
  // Usually the application's OpenTelemetry setup (NodeSDK, an OTLP exporter) does this part.
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());

  const instrumentation = instrumentArangots({ tracerProvider: provider });
  try {
    const orders = await db.createCollection('orders');
    await orders.insert({ _key: 'o1', total: 12 });
  } finally {
    instrumentation.disable();
    context.disable();
  }
  // One span per call ('collection.insert orders'); a call that took several attempts (a retry,
  // a hedge) also gets a child span per attempt ('POST', …).
  return exporter.getFinishedSpans().map((s) => `${s.name} ${String(s.attributes['db.system.name'])}`);
}
// #endregion readme
