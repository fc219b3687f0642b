import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArangoClient, type Database } from 'arangots';
import { csvField } from '../../src/cli/commands/export.js';
import { startTestServer, uniqueName, type TestServer } from '../helpers/server.js';
import { run, serverEnv, start, storedDocs } from './run.js';

let server: TestServer;
let client: ArangoClient;
let db: Database;
let dir: string;
let env: Record<string, string>;
const dbName = uniqueName('cli_export');

/** Flat documents whose values a CSV round trip must keep exactly: strings that look like numbers, quotes, line breaks, missing attributes. */
const PEOPLE = Array.from({ length: 2500 }, (_, i) => {
  const d: Record<string, unknown> = { _key: `p${String(i).padStart(4, '0')}`, name: i % 7 === 0 ? `Doe, "J" ${i}\nsecond line` : `user ${i}`, zip: String(10000 + i).padStart(6, '0'), n: i, f: i / 4, ok: i % 2 === 0 };
  if (i % 5 === 0) delete d.zip;
  if (i % 11 === 0) d.code = 'true';
  return d;
});

beforeAll(async () => {
  server = await startTestServer({ coordinators: 3 });
  client = new ArangoClient({ hosts: server.urls });
  const sys = await client.db('_system', { username: server.username, password: server.password });
  db = await sys.createDatabase(dbName);
  const people = await db.createCollection('people');
  for (let i = 0; i < PEOPLE.length; i += 500) await people.insertMany(PEOPLE.slice(i, i + 500));
  dir = await mkdtemp(join(tmpdir(), 'arangots-cli-export-'));
  env = { ...serverEnv(server), ARANGO_DATABASE: dbName };
});

afterAll(async () => {
  await db?.database('_system').deleteDatabase(dbName).catch(() => undefined);
  await client?.close();
  await server?.close();
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

const docs = (collection: string): Promise<Record<string, unknown>[]> => storedDocs(db, collection);

describe('arangots export', () => {
  it('CSV fields: strings quoted, numbers and booleans bare, null and missing empty', () => {
    expect([csvField('a"b'), csvField('12'), csvField(12), csvField(false), csvField(null), csvField(undefined), csvField({ a: [1] })]).toEqual(['"a""b"', '"12"', '12', 'false', '', '', '"{""a"":[1]}"']);
  });

  it('round trip through JSON Lines: export a collection to a file, import it elsewhere, identical documents', async () => {
    const file = join(dir, 'people.jsonl');
    const exported = await run(['export', '--collection', 'people', '--output', file, '--documents-per-batch', '300'], { env });
    expect(exported.code).toBe(0);
    expect(exported.stdout).toBe('');
    expect(exported.stderr).toMatch(new RegExp(`^exported 2,500 documents from ${dbName}/people to ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(JSON Lines\\) in \\d+:\\d\\d\\n$`));
    const lines = (await readFile(file, 'utf8')).trimEnd().split('\n');
    expect(lines).toHaveLength(2500);
    const imported = await run(['import', file, '-c', 'people_jsonl', '--create-collection'], { env });
    expect(imported.code).toBe(0);
    expect(await docs('people_jsonl')).toEqual(await docs('people'));
  });

  it('round trip through CSV (and gzip): strings that look like numbers stay strings', async () => {
    const file = join(dir, 'people.csv.gz');
    const exported = await run(['export', '-c', 'people', '--type', 'csv', '--fields', '_key,name,zip,n,f,ok,code', '-o', file], { env });
    expect(exported.code).toBe(0);
    expect(exported.stderr).toContain('(CSV, gzip)');
    const csv = gunzipSync(await readFile(file)).toString('utf8');
    expect(csv.split('\n')[0]).toBe('"_key","name","zip","n","f","ok","code"');
    const imported = await run(['import', file, '-c', 'people_csv', '--create-collection'], { env });
    expect(imported.stderr).toBe('');
    expect(imported.code).toBe(0);
    expect(imported.stdout.split('\n')[0]).toContain('(CSV)');
    expect(await docs('people_csv')).toEqual(await docs('people'));
  });

  it('--query with --bind to stdout; --type json is one array; TSV; an existing file needs --overwrite', async () => {
    const q = await run(['export', '--query', 'FOR p IN people FILTER p.n < @max SORT p.n RETURN { k: p._key, n: p.n }', '--bind', 'max=3'], { env });
    expect(q.code).toBe(0);
    expect(q.stdout).toBe('{"k":"p0000","n":0}\n{"k":"p0001","n":1}\n{"k":"p0002","n":2}\n');
    expect(q.stderr).toBe('');
    const json = await run(['export', '-q', 'FOR i IN 1..1500 RETURN { i }', '--type', 'json', '--batch-size', '400'], { env });
    expect((JSON.parse(json.stdout) as unknown[]).length).toBe(1500);
    const empty = await run(['export', '-q', 'FOR i IN [] RETURN i', '--type', 'json'], { env });
    expect(JSON.parse(empty.stdout)).toEqual([]);
    const tsv = await run(['export', '-q', 'RETURN { a: "x\\ty", b: 2 }', '--type', 'tsv'], { env });
    expect(tsv.stdout).toBe('a\tb\nx y\t2\n');
    expect(tsv.stderr).toBe('warning: 1 values held tabs or line breaks, written as spaces (--type csv keeps them)\n');
    const file = join(dir, 'exists.jsonl');
    await writeFile(file, 'keep me\n');
    const refused = await run(['export', '-c', 'people', '-o', file], { env });
    expect(refused.code).toBe(64);
    expect(refused.stderr.split('\n')[0]).toBe(`error: '${file}' exists; add --overwrite to replace it`);
    expect(await readFile(file, 'utf8')).toBe('keep me\n');
    expect((await run(['export', '-c', 'people', '-o', file, '--overwrite'], { env })).code).toBe(0);
    expect((await readFile(file, 'utf8')).split('\n')).toHaveLength(2501);
  });

  it('usage errors: both or neither source, --fields without CSV, unknown type', async () => {
    const cases: [string[], string][] = [
      [[], 'error: give either --collection NAME or --query AQL'],
      [['-c', 'people', '-q', 'RETURN 1'], 'error: give either --collection NAME or --query AQL'],
      [['-c', 'people', '--fields', 'a'], 'error: --fields is for --type csv or tsv'],
      [['-c', 'people', '--type', 'xml'], "error: --type must be one of jsonl, json, csv, tsv, got 'xml'"],
      [['-c', 'people', '--compress-output'], 'error: --compress-output needs --output FILE (on stdout, pipe through gzip instead)'],
    ];
    for (const [args, message] of cases) {
      const r = await run(['export', ...args], { env });
      expect(r.code, args.join(' ')).toBe(64);
      expect(r.stderr.split('\n')[0]).toBe(message);
    }
    const missing = await run(['export', '-c', 'nope'], { env });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe(`error: collection 'nope' does not exist in database '${dbName}'\n`);
  });

  it('Ctrl-C stops after the batch being written: complete lines, a closed JSON array, and how far it got', async () => {
    // Ctrl-C as soon as the first batch reached stdout.
    const r = start(['export', '-c', 'people', '--documents-per-batch', '100'], { env, onStdout: () => r.interrupt() });
    expect(await r.done).toBe(130);
    const lines = r.stdout().split('\n');
    expect(lines.pop()).toBe('');
    expect(lines).toHaveLength(100);
    for (const l of lines) expect(() => JSON.parse(l) as unknown).not.toThrow();
    expect(r.stderr()).toBe('export interrupted: 100 of 2,500 documents written to stdout (JSON Lines); the file is complete up to its last line\n');

    // To a file, interrupted once the progress shows the first batch: still a valid JSON array.
    const file = join(dir, 'cut.json');
    const f = start(['export', '-c', 'people', '--type', 'json', '--documents-per-batch', '100', '-o', file], {
      env: { ...env, NO_COLOR: '1' },
      stderrTTY: true,
      onStderr: (s) => {
        if (s.includes('docs')) f.interrupt();
      },
    });
    expect(await f.done).toBe(130);
    const parsed = JSON.parse(await readFile(file, 'utf8')) as unknown[];
    expect(parsed.length).toBeGreaterThanOrEqual(100);
    expect(parsed.length).toBeLessThan(2500);
    expect(f.stderr()).toContain(`export interrupted: ${parsed.length} of 2,500 documents written to ${file} (JSON array); the file is complete up to its last line\n`);
  });
});
