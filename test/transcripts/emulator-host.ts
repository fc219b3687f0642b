/**
 * Runs in a worker thread: starts an emulator there and performs the HTTP requests the main thread
 * posts, so the main thread can wait for each answer synchronously (arangosh's API, which the
 * transcripts' setup code calls, is synchronous) while the emulator's event loop keeps running.
 */
import { workerData, type MessagePort } from 'node:worker_threads';
import { request } from 'undici';
import { startCluster, startServer } from '../../emulator/src/index.js';

export interface HostRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string | undefined;
  /** Set to 1 and notified when the answer has been posted. */
  flag: Int32Array;
}

export interface HostResponse {
  status: number;
  headers: Record<string, string>;
  text: string;
}

const data = workerData as { port: MessagePort; deployment: 'single' | 'cluster' };
const emulator = data.deployment === 'cluster' ? await startCluster({ coordinators: 2, port: 0 }) : await startServer({ port: 0 });
const base = emulator.urls[0] ?? '';

data.port.on('message', (m: HostRequest | 'close') => {
  if (m === 'close') {
    void emulator.close().then(() => data.port.close());
    return;
  }
  void answer(m).then((r) => {
    data.port.postMessage(r);
    Atomics.store(m.flag, 0, 1);
    Atomics.notify(m.flag, 0);
  });
});
data.port.postMessage({ ready: base });

async function answer(m: HostRequest): Promise<HostResponse> {
  try {
    const res = await request(`${base}${m.path}`, { method: m.method as 'GET', headers: m.headers, body: m.body ?? null });
    const text = await res.body.text();
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
    return { status: res.statusCode, headers, text };
  } catch (e) {
    return { status: 0, headers: {}, text: e instanceof Error ? e.message : String(e) };
  }
}
