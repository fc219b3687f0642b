import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArangoClient, type Database } from 'arangots';
import { convertedLiteral, forcedValue, parseMerge, type Merge } from '../../src/cli/csv-values.js';
import { countBreaks, DelimitedSource, quotedFields, scanRecord, type DelimitedOptions } from '../../src/cli/delimited.js';
import { startTestServer, uniqueName, type TestServer } from '../helpers/server.js';
import { run, serverEnv, storedDocs, summary } from './run.js';

let server: TestServer;
let client: ArangoClient;
let db: Database;
let dir: string;
let env: Record<string, string>;
const dbName = uniqueName('cli_csv');

beforeAll(async () => {
  server = await startTestServer({ coordinators: 3 });
  client = new ArangoClient({ hosts: server.urls });
  const sys = await client.db('_system', { username: server.username, password: server.password });
  db = await sys.createDatabase(dbName);
  dir = await mkdtemp(join(tmpdir(), 'arangots-cli-csv-'));
  env = { ...serverEnv(server), ARANGO_DATABASE: dbName };
});

afterAll(async () => {
  await db?.database('_system').deleteDatabase(dbName).catch(() => undefined);
  await client?.close();
  await server?.close();
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

const docs = (collection: string): Promise<Record<string, unknown>[]> => storedDocs(db, collection);

interface Reject {
  line: number;
  reason: string;
  document: string;
}

async function rejectsOf(file: string): Promise<Reject[]> {
  const rows = (await readFile(file, 'utf8')).trim().split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as Reject);
  return rows.sort((a, b) => a.line - b.line);
}

describe('CSV field rules (arangoimport)', () => {
  it('--convert turns unquoted numbers and literals into JSON values, keeps the rest text', () => {
    expect(['12', '-7', '+3', '007', '1.5', '-.5', '2e3', 'true', 'false', 'null'].map(convertedLiteral)).toEqual(['12', '-7', '3', '7', '1.5', '-0.5', '2000', 'true', 'false', 'null']);
    expect(['0', '-0', '0.25', '-0.5', '10.0', '123456789012345', '1234567890123456'].map(convertedLiteral)).toEqual(['0', '0', '0.25', '-0.5', '10.0', '123456789012345', '1234567890123456']);
    expect(['12a', '1,5', ' 12', 'True', '0x10', '1e999', ''].map(convertedLiteral)).toEqual(Array(7).fill(undefined));
    // Beyond 2^53 the digits stay exact; beyond int64 the text stays a string.
    expect(convertedLiteral('9007199254740993')).toBe('9007199254740993');
    expect(convertedLiteral('99999999999999999999')).toBeUndefined();
  });

  it('counts CRLF, LF and lone CR line breaks once each', () => {
    expect([countBreaks('a\r\nb\r\n'), countBreaks('a\nb\n'), countBreaks('a\rb\r'), countBreaks('\nx'), countBreaks('a\r\n\nb')]).toEqual([2, 2, 2, 1, 2]);
  });

  it('finds which fields of a raw record were quoted, and the line breaks in it', () => {
    const scan = (raw: string, separator = ',', escape = '"'): [number, number[]] => {
      const quoted = new Uint8Array(8);
      const breaks = scanRecord(raw, separator.charCodeAt(0), 34, escape.charCodeAt(0), quoted);
      return [breaks, [...quoted.subarray(0, raw.split(separator).length)]];
    };
    expect(scan('a,"b,c","",d\n')).toEqual([1, [0, 1, 1, 0, 0]]);
    expect(scan('"x ""y""",1')).toEqual([0, [1, 0]]);
    expect(scan('"x \\" y";2\r', ';', '\\')).toEqual([1, [1, 0]]);
    // Breaks inside quotes count, CRLF once; the record's own ending is its first character only.
    expect(scan('"a\r\nb\nc",d\r')).toEqual([3, [1, 0]]);
  });
});

const CSV: DelimitedOptions = { separator: ',', quote: '"', backslashEscape: false, convert: true, skipLines: 0, headers: undefined, translate: new Map(), remove: new Set(), ignoreMissing: false };

interface Read {
  rows: string[];
  rejects: string[];
  parser: string;
  header: string;
}

/** Everything a DelimitedSource makes of `text` fed in chunks of `size` bytes. */
async function read(text: string | Buffer, size: number, options: Partial<DelimitedOptions> = {}): Promise<Read> {
  const rows: string[] = [];
  const rejects: string[] = [];
  const source = new DelimitedSource(
    { ...CSV, ...options },
    (row, line) => rows.push(`${line} ${row}`),
    (line, reason, raw) => rejects.push(`${line} ${reason.slice(0, 30)} ${JSON.stringify(raw)}`),
  );
  const bytes = typeof text === 'string' ? Buffer.from(text) : text;
  // One reused buffer, as the file reader does.
  const chunk = Buffer.alloc(size);
  for (let i = 0; i < bytes.length; i += size) {
    const n = bytes.copy(chunk, 0, i, i + size);
    source.feed(chunk.subarray(0, n));
  }
  await source.end();
  return { rows, rejects, parser: source.parser, header: source.header };
}

describe('CSV reading: PapaParse for well-formed input, csv-parse from the first record it refuses', () => {
  const texts: [string, string, string][] = [
    ['LF, quoted line breaks and doubled quotes', '_key,t,n\na,"one\ntwo",1\nb,"say ""hi""",2\nc,"",\n\nd,x,-0\n', 'papaparse'],
    ['CRLF', '_key,t\r\na,"x\r\ny"\r\nb,2\r\nc,"3"', 'papaparse'],
    ['lone CR', '_key,t\ra,1\rb,"2\r3"\r', 'papaparse'],
    ['blanks after a closing quote, a quote inside an unquoted field', '_key,t,u\na,"x"  ,y"z\nb,"q" ,w\n', 'papaparse'],
    ['multi-byte characters', '_key,t\nä,"ö ü 日本"\n€,𝄞\n', 'papaparse'],
    ['a BOM', '\ufeff_key,t\na,1\n', 'papaparse'],
    ['mixed line endings', '_key,t\r\na,1\nb,"x"\rc,3\r\n', 'csv-parse'],
    ['a stray quote after a quoted field', '_key,t\na,1\nb,"x"y\nc,3\nd,"e\nf"\n', 'csv-parse'],
    ['an unclosed quote at the end', '_key,t\na,1\nb,"never\nclosed\n', 'csv-parse'],
  ];
  for (const [name, text, parser] of texts) {
    it(`${name}: the same rows, lines and rejects whatever the chunk size`, async () => {
      const whole = await read(text, 1 << 20);
      expect(whole.parser).toBe(parser);
      for (const size of [1, 2, 3, 5, 7, 11]) expect(await read(text, size), `chunks of ${size}`).toEqual({ ...whole, parser: expect.any(String) as string });
    });
  }

  it('reads each case as expected', async () => {
    expect((await read(texts[0]?.[1] ?? '', 4)).rows).toEqual(['2 ["a","one\\ntwo",1]', '4 ["b","say \\"hi\\"",2]', '5 ["c","",null]', '7 ["d","x",0]']);
    expect((await read(texts[1]?.[1] ?? '', 4)).rows).toEqual(['2 ["a","x\\r\\ny"]', '4 ["b",2]', '5 ["c","3"]']);
    expect((await read(texts[2]?.[1] ?? '', 4)).rows).toEqual(['2 ["a",1]', '3 ["b","2\\r3"]']);
    expect((await read(texts[3]?.[1] ?? '', 4)).rows).toEqual(['2 ["a","x","y\\"z"]', '3 ["b","q","w"]']);
    expect((await read(texts[4]?.[1] ?? '', 1)).rows).toEqual(['2 ["ä","ö ü 日本"]', '3 ["€","𝄞"]']);
    expect(await read(texts[5]?.[1] ?? '', 1)).toMatchObject({ header: '["_key","t"]', rows: ['2 ["a",1]'] });
    expect((await read(texts[6]?.[1] ?? '', 4)).rows).toEqual(['2 ["a",1]', '3 ["b","x"]', '4 ["c",3]']);
    const stray = await read(texts[7]?.[1] ?? '', 4);
    expect(stray.rows).toEqual(['2 ["a",1]', '3 ["b","\\"x\\"y"]', '4 ["c",3]', '5 ["d","e\\nf"]']);
    const unclosed = await read(texts[8]?.[1] ?? '', 4);
    expect(unclosed.rows).toEqual(['2 ["a",1]']);
    expect(unclosed.rejects).toEqual(['3 CSV: Quote Not Closed: the par "b,\\"never\\nclosed"']);
  });

  it('TSV without a quote character, and --backslash-escape (csv-parse from the start)', async () => {
    expect(await read('_key\tt\na\t"x\nb\t2\n', 3, { separator: '\t', quote: '' })).toMatchObject({ parser: 'papaparse', rows: ['2 ["a","\\"x"]', '3 ["b",2]'] });
    expect(await read('_key,t\na,"x \\" y"\n', 3, { backslashEscape: true })).toMatchObject({ parser: 'csv-parse', rows: ['2 ["a","x \\" y"]'] });
  });

  it('quotedFields lines up the values PapaParse returned with the raw record, or says it cannot', () => {
    const flags = new Uint8Array(8);
    expect(quotedFields(['a', 'b,c', '', 'x"y'], 'a,"b,c","","x""y"\n', '"', 44, '\n', flags)).toBe(1);
    expect([...flags.subarray(0, 4)]).toEqual([0, 1, 1, 1]);
    expect(quotedFields(['a\r\nb', 'c'], '"a\r\nb" ,c\r', '"', 44, '\r\n', flags)).toBe(2);
    expect([...flags.subarray(0, 2)]).toEqual([1, 0]);
    // Text PapaParse tolerated that the walk does not expect: scanRecord reads it.
    expect(quotedFields(['a', 'b'], '"a"\u00a0,b', '"', 44, '\n', flags)).toBe(-1);
  });
});

describe('--datatype and --merge-attributes (arangoimport 3.9+)', () => {
  it('forcedValue: number, boolean, null and string as arangoimport forces them', () => {
    expect(['12', '-1.5', '007', 'x', '', 'true'].map((f) => forcedValue('number', f))).toEqual(['12', '-1.5', '7', '0', '0', '0']);
    expect(['false', 'null', '0', 'true', 'no', ''].map((f) => forcedValue('boolean', f))).toEqual(['false', 'false', 'false', 'true', 'true', 'true']);
    expect(forcedValue('null', 'x')).toBe('null');
    expect(['12', '', 'a"b'].map((f) => forcedValue('string', f))).toEqual(['"12"', '""', '"a\\"b"']);
  });

  it('parseMerge reads NAME=[a]literal[b] and says what is wrong otherwise', () => {
    expect(parseMerge('id=[first]-[last]')).toEqual({ name: 'id', steps: [{ column: 'first' }, { literal: '-' }, { column: 'last' }] });
    expect(parseMerge('x=pre[a]post')).toEqual({ name: 'x', steps: [{ literal: 'pre' }, { column: 'a' }, { literal: 'post' }] });
    expect(['a', 'a=b=c', 'x=[a', 'x=]a[', 'x=[]', 'x=[x]', '=[a]'].map(parseMerge)).toEqual([
      "unexpected number of '=' characters",
      "unexpected number of '=' characters",
      'unbalanced brackets',
      'unbalanced brackets',
      "empty argument '[]' not allowed",
      'cannot nest attributes',
      'the attribute name before = is empty',
    ]);
  });

  it('types override --convert and quotes (not _key); merges take the values sent, a missing column gives nothing and a warning', async () => {
    const rows: string[] = [];
    const source = new DelimitedSource(
      {
        ...CSV,
        translate: new Map([['id', '_key'], ['full', 'fullName']]),
        datatypes: new Map([['zip', 'string'], ['n', 'number'], ['ok', 'boolean'], ['id', 'number'], ['gone', 'null']]),
        merges: ['full=[first] [last]', 'tag=[n]/[ok]/[nope]', 'blank=[empty]'].map((m) => parseMerge(m) as Merge),
      },
      (row) => rows.push(row),
      () => undefined,
    );
    source.feed(Buffer.from('id,first,last,zip,n,ok,gone,empty\n007,Ann,Lee,01234,"42",0,x,\n008,Bo,,99,abc,yes,,\n'));
    await source.end();
    expect(source.header).toBe('["_key","first","last","zip","n","ok","gone","empty","fullName","tag","blank"]');
    // An empty field is null, and a merge takes its text as arangoimport does: "null".
    expect(rows).toEqual([
      '["007","Ann","Lee","01234",42,false,null,null,"Ann Lee","42/false/","null"]',
      '["008","Bo",null,"99",0,true,null,null,"Bo null","0/true/","null"]',
    ]);
    expect(source.warnings).toEqual(["--merge-attributes: no column 'nope' to fill attribute 'tag' with"]);
  });
});

describe('arangots import: CSV and TSV', () => {
  it('CSV by extension: header line, quotes, --convert, empty fields, _key as text, --translate, --remove-attribute, --skip-lines', async () => {
    const file = join(dir, 'people.csv');
    await writeFile(
      file,
      [
        '# exported 2026-12-01',
        'id,name,age,active,score,zip,note,secret',
        '001,"Doe, Jane",42,true,1.5,"01234",,x',
        '002,John,007,false,-2e1,01234,"said ""hi""",y',
        '003,"multi',
        'line",null,TRUE,,"","",z',
        '',
        '004,Ann,1e999,0,1,2,3,4',
      ].join('\r\n'),
    );
    const { code, stdout, stderr } = await run(['import', file, '-c', 'people', '--create-collection', '--skip-lines', '1', '--translate', 'id=_key', '--remove-attribute', 'secret'], { env });
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout.split('\n')[0]).toBe(`imported: ${file} (CSV) → ${dbName}/people`);
    expect(summary(stdout)).toMatchObject({ 'documents read': '4', created: '4', errors: '0' });
    expect(await docs('people')).toEqual([
      { _key: '001', name: 'Doe, Jane', age: 42, active: true, score: 1.5, zip: '01234' },
      { _key: '002', name: 'John', age: 7, active: false, score: -20, zip: 1234, note: 'said "hi"' },
      // An unquoted null and empty fields leave the attribute out; a quoted empty field is "".
      { _key: '003', name: 'multi\r\nline', active: 'TRUE', zip: '', note: '' },
      { _key: '004', name: 'Ann', age: '1e999', active: 0, score: 1, zip: 2, note: 3 },
    ]);
  });

  it('rejected records name their line and what was wrong (field count, bad quote, server errors)', async () => {
    const file = join(dir, 'bad.csv');
    const rejectsFile = join(dir, 'bad-rejects.jsonl');
    await writeFile(file, ['_key,a,b', 'k1,1,2', 'k2,1', 'k3,1,2,3', 'k1,9,9', 'k4,"x"y,2', 'k5,5,5', 'k6,"never', 'closed,6'].join('\n') + '\n');
    const { code, stdout, stderr } = await run(['import', file, '-c', 'bad', '--create-collection', '--rejects', rejectsFile, '--threads', '1'], { env });
    expect(stderr).toBe('');
    expect(code).toBe(3);
    expect(summary(stdout)).toMatchObject({ created: '3', errors: '4' });
    const rejected = await rejectsOf(rejectsFile);
    expect(rejected.map((r) => r.line)).toEqual([3, 4, 5, 8]);
    expect(rejected[0]).toEqual({ line: 3, reason: '2 values but 3 columns in the header (--ignore-missing imports it without the missing ones)', document: 'k2,1' });
    expect(rejected[1]?.reason).toBe('4 values but 3 columns in the header');
    expect(rejected[2]?.reason).toBe("creating document failed with error 'unique constraint violated'");
    expect(rejected[2]?.document).toBe('{"_key":"k1","a":9,"b":9}');
    expect(rejected[3]?.reason).toMatch(/^CSV: Quote Not Closed: /);
    expect(rejected[3]?.document).toBe('k6,"never\nclosed,6');
    // A stray quote inside a field is kept as text rather than swallowing the lines after it.
    expect(await docs('bad')).toEqual([
      { _key: 'k1', a: 1, b: 2 },
      { _key: 'k4', a: '"x"y', b: 2 },
      { _key: 'k5', a: 5, b: 5 },
    ]);
  });

  it('server rejects in one batch land on their lines: refused ones by line, insertion errors among the inserted', async () => {
    const file = join(dir, 'edges-mixed.csv');
    await writeFile(file, '_key,_from,_to\ne1,a,b\ne2,,b\ne3,c,d\ne1,e,f\ne4,g,\ne3,h,i\n');
    const rejectsFile = join(dir, 'edges-mixed-rejects.jsonl');
    const { code } = await run(['import', file, '-c', 'edgesmixed', '--create-collection', '--create-collection-type', 'edge', '--from-collection-prefix', 'v', '--to-collection-prefix', 'v', '--rejects', rejectsFile], { env });
    expect(code).toBe(3);
    expect((await rejectsOf(rejectsFile)).map((r) => [r.line, r.reason])).toEqual([
      [3, "missing '_from' or '_to' attribute"],
      [5, "creating document failed with error 'unique constraint violated'"],
      [6, "missing '_from' or '_to' attribute"],
      [7, "creating document failed with error 'unique constraint violated'"],
    ]);
  });

  it('line numbers stay right in a CRLF file with quoted line breaks', async () => {
    const file = join(dir, 'crlf.csv');
    await writeFile(file, ['_key,text', 'a,"one\r\ntwo\r\nthree"', 'b,x,extra', 'c,"4"', 'd'].join('\r\n') + '\r\n');
    const { code, stderr } = await run(['import', file, '-c', 'crlf', '--create-collection'], { env });
    expect(code).toBe(3);
    expect(stderr).toBe(
      'first rejected documents (use --rejects FILE for all of them):\n  line 5: 3 values but 2 columns in the header\n  line 7: 1 value but 2 columns in the header (--ignore-missing imports it without the missing ones)\n',
    );
  });

  it('a file mixing CRLF, LF and CR line endings: no stray \\r in the last field, line numbers right', async () => {
    const file = join(dir, 'mixed.csv');
    await writeFile(file, '_key,v\r\na,1\nb,"two\r\nlines"\rc,3\r\n\nd,4,extra\ne,"5"\r\n');
    const { code, stderr } = await run(['import', file, '-c', 'mixed', '--create-collection'], { env });
    expect(code).toBe(3);
    expect(stderr).toBe('first rejected documents (use --rejects FILE for all of them):\n  line 7: 3 values but 2 columns in the header\n');
    expect(await docs('mixed')).toEqual([
      { _key: 'a', v: 1 },
      { _key: 'b', v: 'two\r\nlines' },
      { _key: 'c', v: 3 },
      { _key: 'e', v: '5' },
    ]);
  });

  it('TSV with --headers-file, --convert false and --ignore-missing; --overwrite empties the collection first', async () => {
    const headers = join(dir, 'headers.tsv');
    const file = join(dir, 'rows.tsv');
    await writeFile(headers, '_key\tn\tflag\n');
    await writeFile(file, 'a\t1\ttrue\nb\t2\nc\t"3"\tnull\n');
    await db.createCollection('rows').then((c) => c.insert({ _key: 'old' }));
    const { code, stdout } = await run(['import', file, '-c', 'rows', '--headers-file', headers, '--convert', 'false', '--ignore-missing', '--overwrite'], { env });
    expect(code).toBe(0);
    expect(stdout.split('\n')[0]).toContain('(TSV)');
    // No quotes in TSV: '"3"' is the text itself.
    expect(await docs('rows')).toEqual([
      { _key: 'a', n: '1', flag: 'true' },
      { _key: 'b', n: '2' },
      { _key: 'c', n: '"3"', flag: 'null' },
    ]);
    // --no-convert is the same as --convert false.
    await writeFile(file, 'd\t4\tfalse\n');
    expect((await run(['import', file, '-c', 'rows', '--headers-file', headers, '--no-convert'], { env })).code).toBe(0);
    expect((await docs('rows')).at(-1)).toEqual({ _key: 'd', n: '4', flag: 'false' });
  });

  it('stdin is recognised by its content (CSV, TSV, JSON); --separator and --quote', async () => {
    const pipe = async (text: string, args: string[]): Promise<{ code: number; stdout: string }> => {
      const stdin = new PassThrough();
      stdin.end(text);
      return run(['import', '-', ...args], { env, stdin });
    };
    const csv = await pipe('_key,v\nx1,1\n', ['-c', 'sniff', '--create-collection']);
    expect(csv.stdout.split('\n')[0]).toContain('stdin (CSV)');
    const tsv = await pipe('_key\tv\nx2\t2\n', ['-c', 'sniff']);
    expect(tsv.stdout.split('\n')[0]).toContain('stdin (TSV)');
    const jsonl = await pipe('{"_key":"x3","v":3}\n', ['-c', 'sniff']);
    expect(jsonl.stdout.split('\n')[0]).toContain('stdin (JSON Lines)');
    const semi = await pipe("_key;v\nx4;'a;b'\n", ['-c', 'sniff', '--type', 'csv', '--separator', ';', '--quote', "'"]);
    expect(semi.code).toBe(0);
    expect(await docs('sniff')).toEqual([
      { _key: 'x1', v: 1 },
      { _key: 'x2', v: 2 },
      { _key: 'x3', v: 3 },
      { _key: 'x4', v: 'a;b' },
    ]);
  });

  it('edges: --create-collection-type edge with --from/--to-collection-prefix; a missing _to is rejected with its line', async () => {
    const file = join(dir, 'knows.csv');
    await writeFile(file, '_from,_to,since\nalice,bob,2020\nbob,people/carol,2021\ncarol,,2022\n');
    const { code, stderr } = await run(
      ['import', file, '-c', 'knows', '--create-collection', '--create-collection-type', 'edge', '--from-collection-prefix', 'people', '--to-collection-prefix', 'people'],
      { env },
    );
    expect(code).toBe(3);
    expect(stderr).toBe("first rejected documents (use --rejects FILE for all of them):\n  line 4: missing '_from' or '_to' attribute\n");
    const coll = await db.collection('knows').properties();
    expect(coll.type).toBe(3);
    const edges = await (await db.aql.execute<Record<string, unknown>>('FOR e IN knows SORT e.since RETURN { f: e._from, t: e._to, s: e.since }')).all();
    expect(edges).toEqual([
      { f: 'people/alice', t: 'people/bob', s: 2020 },
      { f: 'people/bob', t: 'people/carol', s: 2021 },
    ]);
  });

  it('--threads spreads the batches over the coordinators and imports every record once', async () => {
    const file = join(dir, 'many.csv');
    const rows = Array.from({ length: 5000 }, (_, i) => `k${i},${i},"name ${i}"`);
    await writeFile(file, `_key,i,name\n${rows.join('\n')}\n`);
    const { code, stdout } = await run(['import', file, '-c', 'many', '--create-collection', '--batch-size', '8KiB', '--threads', '3'], { env });
    expect(code).toBe(0);
    const s = summary(stdout);
    expect(s).toMatchObject({ 'documents read': '5,000', created: '5,000', errors: '0' });
    expect(Number(s['batches sent'])).toBeGreaterThan(10);
    const check = await (await db.aql.execute<number>('RETURN SUM((FOR d IN many RETURN d.i))')).all();
    expect(check).toEqual([(4999 * 5000) / 2]);
  });

  it('a file read in several chunks arrives intact: every record equals its line (the parser keeps no view of a reused read buffer)', async () => {
    const file = join(dir, 'chunks.csv');
    // ~200 KiB: records cross the 64 KiB read boundaries at many different places.
    const rows = Array.from({ length: 6000 }, (_, i) => `k${i},${i},"user ${i}",${i % 3 === 0}`);
    await writeFile(file, `_key,i,name,active\n${rows.join('\n')}\n`);
    const { code } = await run(['import', file, '-c', 'chunks', '--create-collection'], { env });
    expect(code).toBe(0);
    const bad = await (
      await db.aql.execute<unknown>('FOR d IN chunks FILTER d._key != CONCAT("k", d.i) OR d.name != CONCAT("user ", d.i) OR d.active != (d.i % 3 == 0) RETURN d')
    ).all();
    expect(bad).toEqual([]);
    expect(await db.collection('chunks').count()).toBe(6000);
  });

  it('--datatype and --merge-attributes end to end', async () => {
    const file = join(dir, 'typed.csv');
    await writeFile(file, 'id,first,last,zip,score\n1,Ann,Lee,01234,"7"\n2,Bo,Ng,00501,x\n');
    const { code, stderr } = await run(
      ['import', file, '-c', 'typed', '--create-collection', '--translate', 'id=_key', '--datatype', 'zip=string', '--datatype', 'score=number', '--merge-attributes', 'name=[first] [last]'],
      { env },
    );
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(await docs('typed')).toEqual([
      { _key: '1', first: 'Ann', last: 'Lee', zip: '01234', score: 7, name: 'Ann Lee' },
      { _key: '2', first: 'Bo', last: 'Ng', zip: '00501', score: 0, name: 'Bo Ng' },
    ]);
  });

  it('bad options are usage errors (exit 64) before anything is read', async () => {
    const file = join(dir, 'people.csv');
    const cases: [string[], string][] = [
      [['--type', 'xml'], "error: --type must be one of auto, jsonl, json, csv, tsv, got 'xml'"],
      [['--separator', '::'], "error: --separator must be one character, got '::'"],
      [['--quote', '<>'], "error: --quote must be one character (or '' for none), got '<>'"],
      [['--translate', 'nope'], "error: --translate needs FROM=TO, got 'nope'"],
      [['--convert', 'maybe'], "error: unexpected argument 'maybe'"],
      [['--convert=maybe'], "error: --convert must be true or false, got 'maybe'"],
      [['--batch-size', 'big'], "error: --batch-size must be a size in bytes such as 1048576, 512KiB or 8MiB, got 'big'"],
      [['--threads', '0'], "error: --threads must be an integer of at least 1, got '0'"],
      [['--type', 'jsonl', '--separator', ';'], 'error: --separator is for CSV and TSV input, not JSON Lines'],
      [['--create-collection-type', 'graph'], "error: --create-collection-type must be document or edge, got 'graph'"],
      [['--datatype', 'age=int'], "error: invalid --datatype 'age=int': valid types are number, boolean, null, string (ATTR=TYPE)"],
      [['--merge-attributes', 'x=[a'], "error: wrong syntax in --merge-attributes 'x=[a': unbalanced brackets (NAME=[column]literal[column]…)"],
      [['--max-errors', '0'], "error: --max-errors must be an integer of at least 1, got '0'"],
      [['--type', 'jsonl', '--datatype', 'a=number'], 'error: --datatype is for CSV and TSV input, not JSON Lines'],
    ];
    for (const [args, message] of cases) {
      const r = await run(['import', file, '-c', 'people', ...args], { env });
      expect(r.code, args.join(' ')).toBe(64);
      expect(r.stderr.split('\n')[0]).toBe(message);
    }
  });
});
