import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArangoClient, type Database } from 'arangots';
import { startTestServer, uniqueName, type TestServer } from '../helpers/server.js';
import { ANSI, run, serverEnv } from './run.js';

let server: TestServer;
let client: ArangoClient;
let db: Database;
let env: Record<string, string>;
const dbName = uniqueName('cli_query');

beforeAll(async () => {
  server = await startTestServer({ coordinators: 2 });
  client = new ArangoClient({ hosts: server.urls });
  const sys = await client.db('_system', { username: server.username, password: server.password });
  db = await sys.createDatabase(dbName);
  const orders = await db.createCollection('orders');
  await orders.insertMany(Array.from({ length: 7 }, (_, i) => ({ _key: `o${i}`, amount: i * 10, note: i === 3 ? 'multi\nline' : `n${i}` })));
  env = { ...serverEnv(server), ARANGO_DATABASE: dbName };
});

afterAll(async () => {
  await db?.database('_system').deleteDatabase(dbName).catch(() => undefined);
  await client?.close();
  await server?.close();
});

describe('arangots query', () => {
  it('streams JSON Lines when piped, across batches, with typed bind parameters', async () => {
    const { code, stdout, stderr } = await run(
      ['query', 'FOR o IN @@c FILTER o.amount >= @min SORT o._key RETURN { key: o._key, amount: o.amount, tag: @tag }', '--bind', '@c=orders', '--bind', 'min=20', '-b', 'tag=x', '--batch-size', '2'],
      { env },
    );
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const rows = stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as unknown);
    expect(rows).toEqual([2, 3, 4, 5, 6].map((i) => ({ key: `o${i}`, amount: i * 10, tag: 'x' })));
  });

  it('prints a table with --format table (columns from the first batch)', async () => {
    const { code, stdout } = await run(['query', 'FOR o IN orders SORT o._key LIMIT 5 RETURN { key: o._key, amount: o.amount, note: o.note }', '--format', 'table'], { env });
    expect(code).toBe(0);
    expect(stdout).toBe(['key  amount  note', 'o0   0       n0', 'o1   10      n1', 'o2   20      n2', 'o3   30      multi line', 'o4   40      n4', ''].join('\n'));
  });

  it('a table of scalar results has one value column; a table is the default on a terminal', async () => {
    const { stdout } = await run(['query', 'FOR i IN 1..3 RETURN i * 2'], { env: { ...env, NO_COLOR: '1' }, stdoutTTY: true });
    expect(stdout).toBe('value\n2\n4\n6\n');
    const coloured = await run(['query', 'RETURN 1'], { env, stdoutTTY: true });
    expect(coloured.stdout).toMatch(ANSI);
  });

  it('a query error is one readable line with exit code 1', async () => {
    const { code, stdout, stderr } = await run(['query', 'FOR o IN orders RETURN'], { env });
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr.split('\n')).toHaveLength(2);
    expect(stderr).toMatch(/^error: .*syntax error.*\(HTTP 400, errorNum 1501, POST .*\/_api\/cursor\)\n$/);
    const missing = await run(['query', 'FOR x IN nosuch RETURN x'], { env });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^error: .*nosuch.*errorNum 1203/);
  });

  it('refuses a bad --format and a malformed --bind', async () => {
    const f = await run(['query', 'RETURN 1', '--format', 'xml'], { env });
    expect(f.code).toBe(64);
    expect(f.stderr.split('\n')[0]).toBe("error: --format must be jsonl or table, got 'xml'");
    const b = await run(['query', 'RETURN @x', '--bind', 'x'], { env });
    expect(b.code).toBe(64);
    expect(b.stderr.split('\n')[0]).toBe("error: --bind needs NAME=VALUE, got 'x'");
  });
});
