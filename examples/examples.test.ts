/**
 * Every README example is code in examples/*.ts, run here against the emulator (or ARANGO_URL);
 * each ```ts block of the README that follows an `<!-- example: examples/x.ts -->` marker must be
 * that file's `#region readme`, so the README cannot drift from code that runs.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArangoClient, type Database } from 'arangots';
import { destructiveAllowed, startTestServer, uniqueName, type TestServer } from '../test/helpers/server.js';
import type { ExampleEnv } from './env.js';

const dir = new URL('./', import.meta.url);
const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

function region(file: string): string {
  const text = readFileSync(new URL(file, dir), 'utf8');
  const m = /\/\/ #region readme\n([\s\S]*?)\/\/ #endregion readme/.exec(text);
  if (!m?.[1]) throw new Error(`${file} has no '#region readme'`);
  return m[1].trimEnd();
}

/** What each example must return (an example without an entry must at least run without throwing). */
const expectations: Record<string, (result: unknown) => void> = {
  'cluster.ts': (r) =>
    expect(r).toMatchObject({
      id: expect.stringMatching(/^CRDN-/),
      role: 'COORDINATOR',
      health: { Health: expect.any(Object) },
      stats: expect.any(Object),
      maintenanceOn: expect.any(Object),
      maintenanceOff: expect.any(Object),
    }),
  'documents.ts': (r) => expect(r).toEqual({ age: 43, duplicates: 1, created: 1000, count: 1002 }),
  'aql.ts': (r) => expect(r).toEqual({ cheap: ['pen', 'lamp'], count: 2, squares: [1, 4, 9, 16, 25] }),
  'transactions.ts': (r) => expect(r).toEqual({ a: 60, b: 40 }),
  'client.ts': (r) => expect(r).toMatchObject({ role: 'COORDINATOR', discovered: expect.any(Number), closed: true }),
  'http-client.ts': (r) => expect(r).toEqual({ sent: 2 }),
  'emulator.ts': (r) => expect(r).toEqual({ roles: ['COORDINATOR', 'COORDINATOR'], running: true, version: expect.stringMatching(/^3\.12\./) }),
  'services.ts': (r) => expect(r).toEqual({ services: 0, loggerRunning: true, pregel: { httpCode: 404, errorNum: 404 } }),
  'async-jobs.ts': (r) => expect(r).toEqual({ key: expect.any(String), status: 1 }),
  'graphs.ts': (r) => expect(r).toEqual(['Bravo', 'Charlie']),
  'views.ts': (r) => expect(r).toEqual({ analyzerDropped: true, linked: ['articles'], primarySort: [{ field: 'published', asc: false }] }),
  'users.ts': (r) => expect(r).toEqual({ database: 'ro', collection: 'rw' }),
  'admin.ts': (r) => expect(r).toMatchObject({ version: expect.stringMatching(/^3\.12\./), role: expect.stringMatching(/^(SINGLE|COORDINATOR)$/), metricFamilies: expect.any(Number) }),
  'backups.ts': (r) => expect(r).toEqual({ changed: 3, afterRestore: 10 }),
  'security.ts': (r) =>
    expect(r).toEqual({
      leaked: false,
      logged: { kind: 'Collection', database: '_system', name: 'orders', hosts: expect.any(Array) },
      n: 2,
      refused: true,
      template: 'value 1 of the aql template (after "RETURN ") is undefined, which cannot be sent as a bind parameter',
    }),
  'tasks.ts': (r) => expect(r).toEqual({ type: 'periodic', listed: true, removed: true }),
  'opentelemetry.ts': (r) =>
    expect(r).toEqual(['database.createCollection orders arangodb', 'collection.insert orders arangodb']),
  'gray-failures.ts': (r) => {
    const hosts = r as { state: string; samples: number; p99?: number; attemptTimeout?: number }[];
    expect(hosts.length).toBeGreaterThan(0);
    for (const h of hosts) expect(h).toMatchObject({ state: 'up', attemptTimeout: expect.any(Number) });
    expect(hosts.reduce((n, h) => n + h.samples, 0)).toBeGreaterThanOrEqual(11);
  },
  'tracing.ts': (r) =>
    expect(r).toEqual([
      'database.createCollection orders HTTP 200 in 1 attempt(s)',
      'collection.insert orders HTTP 202 in 1 attempt(s)',
      'collection.get orders HTTP 200 in 1 attempt(s)',
    ]),
};

/** Examples that act on the whole deployment (backup restore, cluster maintenance): see destructiveAllowed. */
const destructive = new Set(['backups.ts', 'cluster.ts']);

const exampleFiles = readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !['env.ts', 'demo.ts'].includes(f));

describe('README examples', () => {
  let server: TestServer;
  let client: ArangoClient;
  let sys: Database;
  let dbServerId: string;

  beforeAll(async () => {
    server = await startTestServer();
    client = new ArangoClient({ hosts: server.urls });
    sys = await client.db('_system', { username: server.username, password: server.password });
    const health = await sys.cluster.health();
    dbServerId = Object.keys(health.Health).find((id) => health.Health[id]?.Role.toUpperCase() === 'DBSERVER') ?? '';
  });
  afterAll(async () => {
    await client?.close();
    await server?.close();
  });

  it('every README example marker names an example file whose region matches the block', () => {
    const markers = [...readme.matchAll(/<!-- example: examples\/([\w/.-]+\.ts) -->\s*```ts\n([\s\S]*?)```/g)];
    expect(markers.length).toBeGreaterThan(0);
    for (const [, file, block] of markers) {
      // examples/vitest/… are run by examples/vitest-setup.test.ts, the others below.
      if (!file?.includes('/')) expect(exampleFiles, `README names examples/${file}`).toContain(file);
      expect(block?.trimEnd(), `README block for examples/${file}`).toBe(region(file as string));
      // Pasted, a block must compile: it may not lean on this test's ExampleEnv.
      expect(block, `README block for examples/${file}`).not.toContain('ExampleEnv');
    }
    const shown = new Set(markers.map((m) => m[1]));
    for (const file of exampleFiles) expect(shown, `examples/${file} is shown in the README`).toContain(file);
  });

  for (const file of exampleFiles) {
    it.skipIf(destructive.has(file) && !destructiveAllowed)(`runs examples/${file}`, async () => {
      const name = uniqueName('example');
      await sys.createDatabase(name);
      // A restore leaves a backup of the state it replaced (`previous`), which the example does not delete.
      const backupsBefore = file === 'backups.ts' ? Object.keys((await sys.backup.list()).list) : [];
      try {
        const mod = (await import(new URL(file, dir).href)) as { run: (env: ExampleEnv) => Promise<unknown> };
        const env: ExampleEnv = {
          hosts: server.urls,
          username: server.username,
          password: server.password,
          db: sys.database(name),
          dbServerId,
        };
        const result = await mod.run(env);
        expectations[file]?.(result);
      } finally {
        await sys.deleteDatabase(name);
        if (file === 'backups.ts') {
          for (const id of Object.keys((await sys.backup.list()).list)) {
            if (!backupsBefore.includes(id)) await sys.backup.delete(id);
          }
        }
      }
    });
  }
});
