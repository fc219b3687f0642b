/**
 * A synchronous HTTP client for an emulator running in a worker thread (see emulator-host.ts): the
 * transcripts' setup code is arangosh JavaScript, whose `db._create(…)` returns its answer directly.
 */
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import type { HostResponse } from './emulator-host.js';

export type SyncRequest = (method: string, path: string, body?: string, headers?: Record<string, string>) => HostResponse;

export interface SyncEmulator {
  request: SyncRequest;
  close(): Promise<void>;
}

// The worker loads TypeScript through tsx (a dev dependency), as vitest does for the test itself.
const BOOT = `
const { workerData } = require('node:worker_threads');
import('tsx/esm/api').then(({ register }) => { register(); return import(workerData.host); })
  .catch((e) => { workerData.port.postMessage({ failed: String(e && e.stack || e) }); });
`;

const ROOT_AUTH = `Basic ${Buffer.from('root:').toString('base64')}`;

export async function startSyncEmulator(deployment: 'single' | 'cluster'): Promise<SyncEmulator> {
  const { port1, port2 } = new MessageChannel();
  const host = new URL('./emulator-host.ts', import.meta.url).href;
  const worker = new Worker(BOOT, { eval: true, workerData: { host, port: port2, deployment }, transferList: [port2] });
  const ready = await new Promise<{ ready?: string; failed?: string }>((res, rej) => {
    port1.once('message', res);
    worker.once('error', rej);
  });
  if (ready.failed !== undefined) throw new Error(`emulator worker failed: ${ready.failed}`);
  const request: SyncRequest = (method, path, body, headers = {}) => {
    const flag = new Int32Array(new SharedArrayBuffer(4));
    const h: Record<string, string> = { authorization: ROOT_AUTH, ...headers };
    port1.postMessage({ method, path, headers: h, body, flag });
    if (Atomics.wait(flag, 0, 0, 120_000) === 'timed-out') throw new Error(`${method} ${path}: no answer from the emulator worker in 120 s`);
    const msg = receiveMessageOnPort(port1 as MessagePort);
    if (!msg) throw new Error(`${method} ${path}: the emulator worker posted no answer`);
    return msg.message as HostResponse;
  };
  return {
    request,
    close: async () => {
      port1.postMessage('close');
      await new Promise((r) => setTimeout(r, 50));
      await worker.terminate();
    },
  };
}
