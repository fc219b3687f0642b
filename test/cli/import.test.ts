import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ArangoClient, type Database } from 'arangots';
import { startTestServer, uniqueName, type TestServer } from '../helpers/server.js';
import { ANSI, run, serverEnv, start, storedDocs, summary } from './run.js';

let server: TestServer;
let client: ArangoClient;
let db: Database;
let dir: string;
let env: Record<string, string>;
const dbName = uniqueName('cli_import');

beforeAll(async () => {
  server = await startTestServer({ coordinators: 2 });
  client = new ArangoClient({ hosts: server.urls });
  const sys = await client.db('_system', { username: server.username, password: server.password });
  db = await sys.createDatabase(dbName);
  dir = await mkdtemp(join(tmpdir(), 'arangots-cli-'));
  env = { ...serverEnv(server), ARANGO_DATABASE: dbName };
});

afterAll(async () => {
  await db?.database('_system').deleteDatabase(dbName).catch(() => undefined);
  await client?.close();
  await server?.close();
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

const docs = (collection: string): Promise<Record<string, unknown>[]> => storedDocs(db, collection);

describe('arangots import', () => {
  it('imports JSON Lines in batches and writes each rejected line with its reason', async () => {
    const file = join(dir, 'users.jsonl');
    const rejectsFile = join(dir, 'rejects.jsonl');
    const lines = ['{"_key":"a","n":1}', '{"_key":"b","n":2}', '', '{"_key":"c","n":3}', '{"_key":"a","n":99}', '{"_key":"d","n":4}', '[1,2]', '{"_key":"e","n":5}', '{"_key":"f",}'];
    await writeFile(file, `${lines.join('\n')}\n`);
    await db.createCollection('users');
    // 40 bytes: three of these documents per request; one at a time, so the duplicate is the later one.
    const { code, stdout, stderr } = await run(['import', file, '--collection', 'users', '--batch-size', '40', '--threads', '1', '--rejects', rejectsFile], { env });
    expect(stderr).toBe('');
    expect(code).toBe(3);
    expect(stdout).not.toMatch(ANSI);
    expect(stdout.split('\n')[0]).toBe(`imported: ${file} (JSON Lines) → ${dbName}/users`);
    const s = summary(stdout);
    expect(s).toMatchObject({ 'documents read': '8', 'batches sent': '3', created: '5', updated: '0', ignored: '0', errors: '3', 'empty lines': '1' });
    expect(stdout).toContain('batches sent    3  (up to 40 bytes each, 1 in flight)');
    expect(stdout).toContain(`(written to ${rejectsFile})`);
    const rejected = (await readFile(rejectsFile, 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as { line: number; reason: string; document: string });
    rejected.sort((x, y) => x.line - y.line);
    expect(rejected).toEqual([
      { line: 5, reason: "creating document failed with error 'unique constraint violated'", document: '{"_key":"a","n":99}' },
      { line: 7, reason: 'expecting a JSON object, got an array', document: '[1,2]' },
      { line: 9, reason: 'invalid JSON at character 13: Expected double-quoted property name near "}"', document: '{"_key":"f",}' },
    ]);
    expect((await docs('users')).map((d) => d._key)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect((await docs('users'))[0]).toEqual({ _key: 'a', n: 1 });
  });

  it('a document the server cannot parse gets the parse position, not "probably parse error"', async () => {
    // Starts like an object, so it is sent; the server rejects it and the CLI says where it breaks.
    const file = join(dir, 'broken-line.jsonl');
    await writeFile(file, '{"_key":"ok1"}\n{"_key":"bad", "n": tru}\n{"_key":"bad2" "n":1}\n{"_key":"ok2"}\n');
    const { code, stderr } = await run(['import', file, '-c', 'parsing', '--create-collection'], { env });
    expect(code).toBe(3);
    expect(stderr).toBe(
      'first rejected documents (use --rejects FILE for all of them):\n' +
        "  line 2: invalid JSON: Unexpected token '}'\n" +
        `  line 3: invalid JSON at character 16: Expected ',' or '}' after property value near "\\"n\\":1}"\n`,
    );
    expect((await docs('parsing')).map((d) => d._key)).toEqual(['ok1', 'ok2']);
  });

  it('without --rejects, shows the first rejected documents on stderr', async () => {
    const file = join(dir, 'dups.jsonl');
    await writeFile(file, '{"_key":"x"}\n{"_key":"x"}\n');
    const { code, stderr } = await run(['import', file, '-c', 'dups', '--create'], { env });
    expect(code).toBe(3);
    expect(stderr).toBe("first rejected documents (use --rejects FILE for all of them):\n  line 2: creating document failed with error 'unique constraint violated'\n");
  });

  it('imports a pretty-printed JSON array, element by element', async () => {
    const file = join(dir, 'products.json');
    const input = [
      { _key: 'p1', name: 'comma, bracket ] and brace }', tags: ['a', 'b'], nested: { deep: [1, [2, 3]] } },
      { _key: 'p2', name: 'quote " backslash \\', price: 2.5 },
      { _key: 'p3', unicode: 'grüße 😀' },
    ];
    await writeFile(file, JSON.stringify(input, null, 2));
    const { code, stdout } = await run(['import', file, '-c', 'products', '--create', '--batch-size', '100'], { env });
    expect(code).toBe(0);
    expect(stdout.split('\n')[0]).toContain('(JSON array)');
    expect(summary(stdout)).toMatchObject({ 'documents read': '3', 'batches sent': '2', created: '3', errors: '0' });
    expect(await docs('products')).toEqual(input);
  });

  it('documents cut by the 64 KiB read buffer arrive intact (JSON array and JSON Lines)', async () => {
    const input = Array.from({ length: 3000 }, (_, i) => ({ _key: `d${String(i).padStart(5, '0')}`, text: `é ${'x'.repeat(i % 97)} "q" \\ ]}`, list: [i, { n: i }] }));
    const arrayFile = join(dir, 'big.json');
    await writeFile(arrayFile, JSON.stringify(input, null, 2));
    const a = await run(['import', arrayFile, '-c', 'bigarray', '--create', '--batch-size', '64KiB', '--threads', '3'], { env });
    expect(a.stderr).toBe('');
    expect(summary(a.stdout)).toMatchObject({ 'documents read': '3,000', created: '3,000', errors: '0' });
    expect(Number(summary(a.stdout)['batches sent'])).toBeGreaterThan(3);
    expect(await docs('bigarray')).toEqual(input);
    const linesFile = join(dir, 'big.jsonl');
    await writeFile(linesFile, input.map((d) => JSON.stringify(d)).join('\r\n'));
    const l = await run(['import', linesFile, '-c', 'biglines', '--create', '--batch-size', '100000'], { env });
    expect(summary(l.stdout)).toMatchObject({ created: '3,000', errors: '0' });
    expect(await docs('biglines')).toEqual(input);
  });

  it('--on-duplicate update / replace / ignore are passed to the server', async () => {
    const file = join(dir, 'dup.jsonl');
    await writeFile(file, '{"_key":"k1","v":1,"keep":true}\n{"_key":"k2","v":1}\n');
    expect((await run(['import', file, '-c', 'modes', '--create'], { env })).code).toBe(0);
    await writeFile(file, '{"_key":"k1","v":2}\n{"_key":"k3","v":2}\n');
    const upd = await run(['import', file, '-c', 'modes', '--on-duplicate', 'update'], { env });
    expect(summary(upd.stdout)).toMatchObject({ created: '1', updated: '1', errors: '0' });
    expect((await docs('modes'))[0]).toEqual({ _key: 'k1', v: 2, keep: true });
    const rep = await run(['import', file, '-c', 'modes', '--on-duplicate', 'replace'], { env });
    expect(summary(rep.stdout)).toMatchObject({ created: '0', updated: '2' });
    expect((await docs('modes'))[0]).toEqual({ _key: 'k1', v: 2 });
    const ign = await run(['import', file, '-c', 'modes', '--on-duplicate', 'ignore'], { env });
    expect(summary(ign.stdout)).toMatchObject({ created: '0', ignored: '2', errors: '0' });
    const bad = await run(['import', file, '-c', 'modes', '--on-duplicate', 'merge'], { env });
    expect(bad.code).toBe(64);
    expect(bad.stderr.split('\n')[0]).toBe("error: --on-duplicate must be one of error, update, replace, ignore, got 'merge'");
  });

  it('shows a progress bar with documents/s and ETA on a terminal (stderr)', async () => {
    const file = join(dir, 'progress.jsonl');
    await writeFile(file, Array.from({ length: 3000 }, (_, i) => JSON.stringify({ i })).join('\n'));
    const { code, stderr, stdout } = await run(['import', file, '-c', 'progress', '--create', '--batch-size', '4KiB'], { env: { ...env, NO_COLOR: '1' }, stderrTTY: true, stdoutTTY: false });
    expect(code).toBe(0);
    expect(stderr).toContain('\r\x1b[K[');
    expect(stderr).toMatch(/\[[█░]{24}\] +\d+% {2}[\d,]+ docs {2}[\d,]+ docs\/s {2}ETA \d+:\d\d/);
    // The bar is cleared at the end; the summary (stdout) is plain.
    expect(stderr.endsWith('\r\x1b[K')).toBe(true);
    expect(summary(stdout)).toMatchObject({ created: '3,000' });
  });

  it('refuses a missing collection unless --create-collection, and a missing file', async () => {
    const file = join(dir, 'one.jsonl');
    await writeFile(file, '{"a":1}\n');
    const missing = await run(['import', file, '-c', 'nope'], { env });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe(`error: collection 'nope' does not exist in database '${dbName}' (add --create-collection to create it)\n`);
    const noFile = await run(['import', join(dir, 'absent.jsonl'), '-c', 'nope'], { env });
    expect(noFile.stderr).toBe(`error: cannot read '${join(dir, 'absent.jsonl')}' (ENOENT)\n`);
    const noColl = await run(['import', file], { env });
    expect(noColl.code).toBe(64);
    expect(noColl.stderr).toMatch(/^error: --collection is required\nusage: arangots import/);
  });

  it('a malformed JSON array stops with a readable error and a report', async () => {
    const file = join(dir, 'broken.json');
    await writeFile(file, '[{"a":1},\n{"b":2}\n');
    const { code, stdout, stderr } = await run(['import', file, '-c', 'broken', '--create'], { env });
    expect(code).toBe(1);
    expect(stdout).toMatch(/^import failed: /);
    expect(stderr).toContain('error: the JSON array is not closed (the file ends at line 3)\n');
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('--max-errors (default 20, as arangoimport): no batch is sent once that many documents were rejected', async () => {
    const file = join(dir, 'many-bad.jsonl');
    // Every other line is malformed; small batches, one in flight.
    const lines = Array.from({ length: 200 }, (_, i) => (i % 2 === 0 ? `{"_key":"g${i}"}` : `{"_key":"b${i}",}`));
    await writeFile(file, `${lines.join('\n')}\n`);
    const limited = await run(['import', file, '-c', 'maxerr', '--create-collection', '--batch-size', '64', '--threads', '1', '--max-errors', '5'], { env });
    expect(limited.code).toBe(3);
    expect(limited.stdout.split('\n')[0]).toBe(`import stopped after 5 rejected documents (--max-errors): ${file} (JSON Lines) → ${dbName}/maxerr`);
    expect(limited.stderr).toMatch(/to resume: arangots import .* --skip \d+/);
    const created = Number(summary(limited.stdout).created);
    expect(created).toBeGreaterThan(0);
    expect(created).toBeLessThan(100);
    // The default stops after 20; a high limit imports every good line.
    const byDefault = await run(['import', file, '-c', 'maxerr2', '--create-collection', '--batch-size', '64', '--threads', '1'], { env });
    expect(byDefault.stdout.split('\n')[0]).toContain('import stopped after 20 rejected documents (--max-errors)');
    const all = await run(['import', file, '-c', 'maxerr3', '--create-collection', '--max-errors', '1000'], { env });
    expect(all.code).toBe(3);
    expect(summary(all.stdout)).toMatchObject({ created: '100', errors: '100' });
  });

  it('Ctrl-C stops after the batches in flight and reports how far it got and how to resume', async () => {
    await db.createCollection('stream');
    // Fixed-width documents: 100 of them (1 599 bytes with the line breaks) fill one batch.
    const doc = (i: number): string => `{"_key":"s${String(i).padStart(3, '0')}"}`;
    const r = start(['import', '-', '-c', 'stream', '--batch-size', '1599'], { env });
    const lines = (from: number, n: number): string => Array.from({ length: n }, (_, i) => `${doc(from + i)}\n`).join('');
    r.stdin.write(lines(0, 250));
    // Two full batches go out; the last 50 documents wait for more input.
    await vi.waitFor(async () => expect(await db.collection('stream').count()).toBe(200), { timeout: 10_000 });
    r.interrupt();
    const code = await r.done;
    expect(code).toBe(130);
    expect(r.stdout().split('\n')[0]).toBe(`import interrupted: stdin (JSON Lines) → ${dbName}/stream`);
    expect(summary(r.stdout())).toMatchObject({ 'batches sent': '2', created: '200' });
    expect(r.stderr()).toContain('stopping after the batches in flight');
    expect(r.stderr()).toContain('every document through line 200 was sent and answered; 50 documents already read were not sent\n');
    expect(r.stderr()).toContain('to resume: arangots import - --collection stream --type jsonl --skip 200 --on-duplicate ignore\n');
    expect(await db.collection('stream').count()).toBe(200);

    // Resuming with --skip imports exactly the rest.
    const file = join(dir, 'stream.jsonl');
    await writeFile(file, lines(0, 300));
    const resumed = await run(['import', file, '-c', 'stream', '--skip', '200'], { env });
    expect(resumed.code).toBe(0);
    expect(summary(resumed.stdout)).toMatchObject({ created: '100', errors: '0' });
    expect(resumed.stdout).toContain('(after skipping 200)');
    expect(await db.collection('stream').count()).toBe(300);
  });
});
