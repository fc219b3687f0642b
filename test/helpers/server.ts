/**
 * The server a driver test talks to: a real ArangoDB when ARANGO_URL is set (comma-separated
 * coordinators, with ARANGO_USERNAME / ARANGO_PASSWORD), otherwise an emulator cluster started
 * for the test file. Fault-injection tests need `emulator` and skip without it.
 */
import { ArangoClient, path } from 'arangots';
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

/**
 * Whole-deployment operations — hot-backup restore, read-only mode, cluster or DB-server
 * maintenance, executing a rebalance — would disturb every other test (and anyone else) on a shared
 * server. Each test file gets its own emulator, so they always run there; against ARANGO_URL only
 * with ARANGO_DESTRUCTIVE=1, and vitest then runs the test files one at a time (vitest.config.ts).
 */
export const destructiveAllowed = !realServer || process.env.ARANGO_DESTRUCTIVE === '1';

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

/**
 * Drops collections tests created in `_system` (a real server keeps them between runs); those
 * already gone are fine. Uses a client of its own, since the tests' clients may be closed by now.
 */
export async function dropSystemCollections(server: TestServer, names: readonly string[]): Promise<void> {
  if (names.length === 0) return;
  const client = new ArangoClient({ hosts: server.urls });
  try {
    const db = await client.db('_system', { username: server.username, password: server.password });
    for (const name of names) {
      await db.request({ method: 'DELETE', path: path`/_api/collection/${name}`, allowStatus: [404] });
    }
  } finally {
    await client.close();
  }
}
