/**
 * The server a driver test talks to: a real ArangoDB when ARANGO_URL is set (comma-separated
 * coordinators, with ARANGO_USERNAME / ARANGO_PASSWORD), otherwise an emulator cluster started
 * for the test file. Fault-injection tests need `emulator` and skip without it.
 */
import { startCluster, type EmulatorCluster } from 'arangots-emulator';

export interface TestServer {
  urls: string[];
  username: string;
  password: string;
  /** Present only when the tests run against the emulator. */
  emulator?: EmulatorCluster;
  close(): Promise<void>;
}

export const realServer = process.env.ARANGO_URL !== undefined && process.env.ARANGO_URL !== '';

export async function startTestServer(options: { coordinators?: number } = {}): Promise<TestServer> {
  if (realServer) {
    return {
      urls: (process.env.ARANGO_URL ?? '').split(',').map((s) => s.trim()),
      username: process.env.ARANGO_USERNAME ?? 'root',
      password: process.env.ARANGO_PASSWORD ?? '',
      close: async () => {},
    };
  }
  const password = 'test-passwd';
  const emulator = await startCluster({ coordinators: options.coordinators ?? 3, rootPassword: password, port: 0 });
  return { urls: emulator.urls, username: 'root', password, emulator, close: () => emulator.close() };
}

/** A fresh database name per test, so tests never see each other's data. */
export function uniqueName(prefix = 't'): string {
  return `${prefix}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
}
