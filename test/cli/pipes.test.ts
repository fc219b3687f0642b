/**
 * The CLI as a child process in a shell pipeline: `… | head -1` must end every output command
 * quietly with exit code 0 (no EPIPE stack trace), and SIGINT during an export must leave a file
 * that is complete up to its last line.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ArangoClient, type Database } from 'arangots';
import { startTestServer, uniqueName, type TestServer } from '../helpers/server.js';
import { serverEnv } from './run.js';

let server: TestServer;
let client: ArangoClient;
let db: Database;
let dir: string;
let env: Record<string, string>;
const dbName = uniqueName('cli_pipes');
const CLI = join(process.cwd(), 'src/cli/main.ts');

beforeAll(async () => {
  server = await startTestServer({ coordinators: 2 });
  client = new ArangoClient({ hosts: server.urls });
  const sys = await client.db('_system', { username: server.username, password: server.password });
  db = await sys.createDatabase(dbName);
  const users = await db.createCollection('users');
  // About 1 MiB of JSON: far more than a pipe holds, so the writer meets the closed pipe.
  for (let i = 0; i < 10_000; i += 2_000) await users.insertMany(Array.from({ length: 2_000 }, (_, j) => ({ _key: `u${i + j}`, name: `user ${i + j}`, bio: 'x'.repeat(80) })));
  dir = await mkdtemp(join(tmpdir(), 'arangots-cli-pipes-'));
  env = { ...serverEnv(server), ARANGO_DATABASE: dbName, NO_COLOR: '1' };
});

afterAll(async () => {
  await db?.database('_system').deleteDatabase(dbName).catch(() => undefined);
  await client?.close();
  await server?.close();
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

/** Runs `arangots ARGS | head -1` (or another reader) in bash; the CLI's own exit status comes from PIPESTATUS. */
function headOne(args: string[], reader = 'head -1'): Promise<{ status: number; first: string; stderr: string }> {
  const quoted = args.map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const script = `"${process.execPath}" --import tsx "${CLI}" ${quoted} | ${reader}; echo "status=\${PIPESTATUS[0]}" >&2`;
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-c', script], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', () => {
      const m = /status=(\d+)\n$/.exec(stderr);
      resolve({ status: m === null ? -1 : Number(m[1]), first: stdout, stderr: stderr.replace(/status=\d+\n$/, '') });
    });
  });
}

describe('pipes and signals (child processes)', () => {
  it('`| head -1` ends every output command with exit 0 and no stack trace', async () => {
    const cases: [string, string[], RegExp][] = [
      ['query (JSON Lines)', ['query', 'FOR u IN users RETURN u'], /^\{"_key":"u\d+"/],
      ['query --format table', ['query', 'FOR u IN users RETURN u', '--format', 'table'], /^_key +_id +_rev +name +bio\n$/],
      ['query, a large computed result', ['query', 'FOR i IN 1..300000 RETURN i'], /^1\n$/],
      ['export', ['export', '--collection', 'users'], /^\{"_key":"u\d+"/],
      ['export --type csv', ['export', '--collection', 'users', '--type', 'csv'], /^"_key","_id","_rev","name","bio"\n$/],
      ['cluster health --watch', ['cluster', 'health', '--watch', '0.1'], /^Every 0.1s: arangots cluster health/],
      ['cluster endpoints', ['cluster', 'endpoints'], /^tcp:\/\/|^http:\/\//],
      ['cluster top --once', ['cluster', 'top', '--once'], /\S/],
      ['cluster imbalance', ['cluster', 'imbalance'], /\S/],
      ['help', ['help'], /^Usage: arangots/],
    ];
    // One at a time: each is a node process on a busy machine.
    for (const [name, args, first] of cases) {
      const r = await headOne(args);
      expect(r.stderr, name).toBe('');
      expect(r.status, name).toBe(0);
      expect(r.first, name).toMatch(first);
    }
  }, 240_000);

  it('an import whose summary nobody reads keeps its exit code: 3 when documents were rejected', async () => {
    const file = join(dir, 'dup.jsonl');
    await writeFile(file, '{"_key":"u1"}\n{"_key":"new1"}\n');
    // `true` reads nothing and exits at once, so the summary meets a closed pipe.
    const r = await headOne(['import', file, '--collection', 'users'], 'true');
    expect(r.status).toBe(3);
    expect(r.stderr).toBe("first rejected documents (use --rejects FILE for all of them):\n  line 1: creating document failed with error 'unique constraint violated'\n");
  }, 60_000);

  it('SIGINT during an export to a file: exit 130, the file complete up to its last line, and how far it got', async () => {
    const file = join(dir, 'numbers.jsonl');
    // Small batches of a long computed result: the export is still running when the signal comes.
    const child = spawn(process.execPath, ['--import', 'tsx', CLI, 'export', '--query', 'FOR i IN 1..2000000 RETURN { i }', '--documents-per-batch', '50', '--output', file], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    await vi.waitFor(async () => expect((await stat(file)).size).toBeGreaterThan(10_000), { timeout: 60_000, interval: 100 });
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    const text = await readFile(file, 'utf8');
    expect(text.endsWith('\n')).toBe(true);
    const lines = text.trimEnd().split('\n');
    lines.forEach((l, i) => expect(JSON.parse(l)).toEqual({ i: i + 1 }));
    expect(stderr).toBe(`export interrupted: ${lines.length.toLocaleString('en-US')} documents written to ${file} (JSON Lines); the file is complete up to its last line\n`);
  }, 120_000);
});
