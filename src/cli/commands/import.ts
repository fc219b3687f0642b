/**
 * `arangots import <file>`: JSON Lines, a JSON array, CSV or TSV, streamed in batches to the
 * import API (`POST /_api/import`) with arangoimport's options, several batches in
 * flight, a progress bar, a file of rejected documents with their line numbers and reasons, and a
 * clean stop on Ctrl-C after the batches in flight.
 *
 * Documents travel as bytes: JSON is found in the file by a scanner and copied, never parsed
 * (unless --remove-attribute must edit it); CSV records become rows of JSON values under a header
 * line, the tabular format arangoimport sends (src/cli/delimited.ts).
 * Either way they land in reused request buffers sent through `db.request()` with a Uint8Array
 * body (src/cli/sender.ts), so memory stays flat however large the input.
 */
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import { parse as parseSync } from 'csv-parse/sync';
import type { Database } from '../../index.js';
import { booleanOption, bytesOption, EXIT, flag, numberOption, stringList, stringOption, UsageError, YES_NO, type OptionValues } from '../args.js';
import type { Batch } from '../batch.js';
import { fileChunks, stoppable } from '../chunks.js';
import { palette } from '../color.js';
import type { Command, CommandContext } from '../command.js';
import { DelimitedSource, RECORD_DELIMITERS, type DelimitedOptions } from '../delimited.js';
import { colorEnabled, OutputClosedError, write } from '../io.js';
import { formatCount, formatDuration, ProgressBar } from '../progress.js';
import { INVALID, RecordScanner, type RecordSink } from '../records.js';
import { isInsertError, isParseErrorReason, jsonProblem, parseDetail, RejectsFile, type Rejected } from '../rejects.js';
import { BatchSender, type Answer, type ImportTotals } from '../sender.js';

/**
 * Bytes of documents per request. Small enough that reading the next batch overlaps the server's
 * work from the first batch on (a whole file in a few 8 MiB batches would be read before most of
 * it is sent), large enough that the per-request cost vanishes (about 10 000 small documents).
 */
export const DEFAULT_BATCH_BYTES = 1024 * 1024;
export const DEFAULT_THREADS = 2;
/** Exit code when the import finished but some documents were rejected. */
export const EXIT_REJECTED = 3;
const SHOWN_ERRORS = 5;
const ON_DUPLICATE = ['error', 'update', 'replace', 'ignore'] as const;
const TYPES = ['auto', 'jsonl', 'json', 'csv', 'tsv'] as const;
type InputType = Exclude<(typeof TYPES)[number], 'auto'>;
const KIND: Record<InputType | 'array', string> = { jsonl: 'JSON Lines', json: 'JSON', array: 'JSON array', csv: 'CSV', tsv: 'TSV' };
const OPEN_CURLY = 123;

export type { ImportTotals };

/** The type a file name says: `.jsonl`/`.ndjson`, `.json`, `.csv`, `.tsv`, each optionally `.gz`. */
export function typeFromName(file: string): InputType | undefined {
  const m = /\.([a-z]+)(?:\.gz)?$/i.exec(file);
  const ext = m?.[1]?.toLowerCase();
  if (ext === 'jsonl' || ext === 'ndjson') return 'jsonl';
  if (ext === 'json' || ext === 'csv' || ext === 'tsv') return ext;
  return undefined;
}

/** The type the first bytes say: JSON when they start with `{` or `[`, else TSV when the first line has tabs but no commas, else CSV. */
export function typeFromContent(head: Uint8Array): InputType {
  const text = Buffer.from(head.buffer, head.byteOffset, Math.min(head.length, 4096)).toString('utf8').replace(/^\ufeff/, '').trimStart();
  if (text.startsWith('{')) return 'jsonl';
  if (text.startsWith('[')) return 'json';
  const first = text.split('\n', 1)[0] ?? '';
  return first.includes('\t') && !first.includes(',') ? 'tsv' : 'csv';
}

function oneChar(values: OptionValues, name: string, command: string, fallback: string, allowEmpty: boolean): string {
  const raw = stringOption(values, name);
  if (raw === undefined) return fallback;
  const v = raw === '\\t' || raw.toLowerCase() === 'tab' ? '\t' : raw;
  if (v.length === 1 || (allowEmpty && v === '')) return v;
  throw new UsageError(`--${name} must be one character${allowEmpty ? " (or '' for none)" : ''}, got '${raw}'`, command);
}

function translations(values: OptionValues, command: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const t of stringList(values, 'translate')) {
    const eq = t.indexOf('=');
    const from = eq < 0 ? '' : t.slice(0, eq).trim();
    const to = eq < 0 ? '' : t.slice(eq + 1).trim();
    if (from === '' || to === '') throw new UsageError(`--translate needs FROM=TO, got '${t}'`, command);
    out.set(from, to);
  }
  return out;
}

interface Plan {
  file: string;
  collection: string;
  type: InputType | undefined;
  onDuplicate: string;
  batchBytes: number;
  threads: number;
  skip: number;
  rejectsPath: string | undefined;
  create: boolean;
  createType: 'document' | 'edge';
  overwrite: boolean;
  fromPrefix: string | undefined;
  toPrefix: string | undefined;
  overwritePrefix: boolean;
  remove: Set<string>;
  delimited: Omit<DelimitedOptions, 'separator' | 'quote' | 'headers'> & { separator: string | undefined; quote: string | undefined; headersFile: string | undefined };
}

/** Every option checked before anything is read or sent (bad ones are usage errors, exit 64). */
function plan(ctx: CommandContext): Plan {
  const v = ctx.values;
  const cmd = ctx.command;
  const collection = stringOption(v, 'collection');
  if (collection === undefined || collection === '') throw new UsageError('--collection is required', cmd);
  const onDuplicate = stringOption(v, 'on-duplicate') ?? 'error';
  if (!(ON_DUPLICATE as readonly string[]).includes(onDuplicate)) throw new UsageError(`--on-duplicate must be one of ${ON_DUPLICATE.join(', ')}, got '${onDuplicate}'`, cmd);
  const typeOption = stringOption(v, 'type') ?? 'auto';
  if (!(TYPES as readonly string[]).includes(typeOption)) throw new UsageError(`--type must be one of ${TYPES.join(', ')}, got '${typeOption}'`, cmd);
  const file = ctx.args[0] ?? '';
  const type = typeOption === 'auto' ? (file === '-' ? undefined : typeFromName(file)) : (typeOption as InputType);
  const createType = stringOption(v, 'create-collection-type') ?? 'document';
  if (createType !== 'document' && createType !== 'edge') throw new UsageError(`--create-collection-type must be document or edge, got '${createType}'`, cmd);
  const remove = new Set(stringList(v, 'remove-attribute').map((a) => a.trim()));
  if (remove.has('')) throw new UsageError('--remove-attribute needs an attribute name', cmd);
  const translate = translations(v, cmd);
  const csvOnly = ['separator', 'quote', 'headers-file', 'skip-lines', 'translate', 'ignore-missing', 'backslash-escape'].filter((o) => v[o] !== undefined);
  if ((type === 'json' || type === 'jsonl') && csvOnly.length > 0) throw new UsageError(`--${csvOnly[0] ?? ''} is for CSV and TSV input, not ${KIND[type]}`, cmd);
  return {
    file,
    collection,
    type,
    onDuplicate,
    batchBytes: bytesOption(v, 'batch-size', cmd) ?? DEFAULT_BATCH_BYTES,
    threads: numberOption(v, 'threads', cmd, { min: 1, integer: true }) ?? DEFAULT_THREADS,
    skip: numberOption(v, 'skip', cmd, { min: 0, integer: true }) ?? 0,
    rejectsPath: stringOption(v, 'rejects'),
    create: flag(v, 'create') || booleanOption(v, 'create-collection', cmd, false),
    createType,
    overwrite: booleanOption(v, 'overwrite', cmd, false),
    fromPrefix: stringOption(v, 'from-collection-prefix'),
    toPrefix: stringOption(v, 'to-collection-prefix'),
    overwritePrefix: booleanOption(v, 'overwrite-collection-prefix', cmd, false),
    remove,
    delimited: {
      separator: stringOption(v, 'separator') === undefined ? undefined : oneChar(v, 'separator', cmd, ',', false),
      quote: stringOption(v, 'quote') === undefined ? undefined : oneChar(v, 'quote', cmd, '"', true),
      backslashEscape: booleanOption(v, 'backslash-escape', cmd, false),
      convert: booleanOption(v, 'convert', cmd, true),
      skipLines: numberOption(v, 'skip-lines', cmd, { min: 0, integer: true }) ?? 0,
      headersFile: stringOption(v, 'headers-file'),
      translate,
      remove,
      ignoreMissing: booleanOption(v, 'ignore-missing', cmd, false),
    },
  };
}

/** The attribute names of --headers-file: its first record, read with the input's separator and quote. */
async function readHeaders(path: string, options: DelimitedOptions): Promise<string[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new Error(`cannot read headers file '${path}' (${(e as { code?: string }).code ?? 'unreadable'})`);
  }
  let records: string[][];
  try {
    records = parseSync(text, {
      delimiter: options.separator,
      quote: options.quote === '' ? false : options.quote,
      escape: options.backslashEscape ? '\\' : options.quote === '' ? null : options.quote,
      bom: true,
      skip_empty_lines: true,
      relax_column_count: true,
      record_delimiter: RECORD_DELIMITERS,
      to_line: 50,
    }) as string[][];
  } catch (e) {
    throw new Error(`headers file '${path}': ${e instanceof Error ? e.message : String(e)}`);
  }
  const names = (records[0] ?? []).map((n) => n.trim());
  if (names.length === 0 || names.every((n) => n === '')) throw new Error(`headers file '${path}' holds no attribute names`);
  return names;
}

async function ensureCollection(db: Database, p: Plan): Promise<void> {
  const coll = db.collection(p.collection);
  if (!(await coll.exists())) {
    if (!p.create) throw new Error(`collection '${p.collection}' does not exist in database '${db.name}' (add --create-collection to create it)`);
    if (p.createType === 'edge') await db.createEdgeCollection(p.collection);
    else await db.createCollection(p.collection);
  } else if (p.overwrite) {
    await coll.truncate();
  }
}

/** The bytes of the input: a file through one reused buffer (gunzipped for `.gz`), or stdin. */
function inputOf(ctx: CommandContext, file: string): AsyncIterable<Uint8Array> {
  if (file === '-') return ctx.io.stdin as AsyncIterable<Uint8Array>;
  if (/\.gz$/i.test(file)) return createReadStream(file).pipe(createGunzip()) as AsyncIterable<Uint8Array>;
  return fileChunks(file);
}

/** The first non-empty chunk, and an iterable that yields it again followed by the rest. */
async function peek(input: AsyncIterable<Uint8Array>): Promise<{ head: Uint8Array | undefined; all: AsyncIterable<Uint8Array> }> {
  const it = input[Symbol.asyncIterator]();
  let first = await it.next();
  while (first.done !== true && first.value.length === 0) first = await it.next();
  const head = first.done === true ? undefined : first.value;
  const all = {
    [Symbol.asyncIterator]: () => {
      let gave = head === undefined;
      return {
        next: async (): Promise<IteratorResult<Uint8Array>> => {
          if (!gave) {
            gave = true;
            return { done: false, value: head as Uint8Array };
          }
          return it.next();
        },
        return: async (): Promise<IteratorResult<Uint8Array>> => {
          await it.return?.();
          return { done: true, value: undefined };
        },
      };
    },
    destroy: (input as { destroy?: () => void }).destroy?.bind(input),
  };
  return { head, all };
}

function where(line: number, index: number, array: boolean): string {
  return array ? `element ${index} (line ${line})` : `line ${line}`;
}

function formatBytes(n: number): string {
  if (n >= 1024 * 1024 && n % (1024 * 1024) === 0) return `${n / (1024 * 1024)} MiB`;
  if (n >= 1024 && n % 1024 === 0) return `${n / 1024} KiB`;
  return `${formatCount(n)} bytes`;
}

async function runImport(ctx: CommandContext): Promise<number> {
  const p = plan(ctx);
  const io = ctx.io;
  const file = p.file;

  let totalBytes: number | undefined;
  if (file !== '-') {
    try {
      const s = await stat(file);
      if (!s.isFile()) throw new UsageError(`'${file}' is not a file`, ctx.command);
      if (!/\.gz$/i.test(file)) totalBytes = s.size;
    } catch (e) {
      if (e instanceof UsageError) throw e;
      throw new Error(`cannot read '${file}' (${(e as { code?: string }).code ?? 'unreadable'})`);
    }
  }

  const { db } = await ctx.connect();
  await ensureCollection(db, p);

  const stop = new AbortController();
  const abort = new AbortController();
  const bar = io.stderr.isTTY === true ? new ProgressBar(io.stderr, palette(colorEnabled(io.stderr, io.env))) : undefined;
  const totals: ImportTotals = { created: 0, errors: 0, empty: 0, updated: 0, ignored: 0 };
  let read = 0;
  let skipped = 0;
  let bytesRead = 0;
  let emptyLines = 0;
  let kind: InputType | 'array' = p.type ?? 'jsonl';
  const firstErrors: string[] = [];
  let rejects: RejectsFile | undefined;
  const started = Date.now();

  // First Ctrl-C: finish the batches in flight, then stop. Second: abort them too.
  let stopping = false;
  const offInterrupt = io.onInterrupt(() => {
    if (!stopping) {
      stopping = true;
      bar?.clear();
      io.stderr.write('stopping after the batches in flight… (Ctrl-C again to abort them)\n');
      // Reading stops now, even when it waits on a pipe that has nothing more to give.
      stop.abort();
    } else {
      abort.abort();
    }
  });

  const isArray = (): boolean => kind === 'array';
  const reject = async (r: Rejected): Promise<void> => {
    if (firstErrors.length < SHOWN_ERRORS) firstErrors.push(`${where(r.line, r.index, isArray())}: ${r.reason}`);
    if (p.rejectsPath !== undefined) {
      rejects ??= new RejectsFile(p.rejectsPath, isArray());
      await rejects.add(r);
    }
  };

  const onAnswer = async (batch: Batch, answer: Answer): Promise<void> => {
    for (const k of ['created', 'errors', 'empty', 'updated', 'ignored'] as const) totals[k] += answer.totals[k];
    // The server places a document it refused before inserting at its line of the request
    // (from 1), and an insertion error at its place among the documents that reached the insert
    // (from 0): those are the batch's documents without the refused ones.
    const placed = answer.details.map(parseDetail);
    const refused = new Set(placed.flatMap((p) => (p === undefined || isInsertError(p.reason) ? [] : [p.position - 1])));
    let inserted: number[] | undefined;
    for (const [k, d] of answer.details.entries()) {
      const parsed = placed[k];
      let i: number | undefined;
      if (parsed !== undefined && isInsertError(parsed.reason)) {
        inserted ??= Array.from({ length: batch.count }, (_, j) => j).filter((j) => !refused.has(j));
        i = inserted[parsed.position];
      } else if (parsed !== undefined) {
        i = parsed.position - 1;
      }
      const line = i === undefined ? undefined : batch.lines[i];
      if (parsed !== undefined && i !== undefined && line !== undefined) {
        const document = batch.documentText(i);
        // The server says only "probably parse error"; the document itself says where.
        const reason = isParseErrorReason(parsed.reason) ? (jsonProblem(document) ?? parsed.reason) : parsed.reason;
        await reject({ line, index: batch.indexes[i] ?? 0, reason, document });
      } else if (firstErrors.length < SHOWN_ERRORS) {
        // A detail the CLI cannot place still counts; keep its text.
        firstErrors.push(d);
      }
    }
    bar?.update({ docs: sender.answered + batch.count, bytes: bytesRead, totalBytes });
  };
  const sender = new BatchSender(
    { db, collection: p.collection, onDuplicate: p.onDuplicate, fromPrefix: p.fromPrefix, toPrefix: p.toPrefix, overwritePrefix: p.overwritePrefix },
    p.threads,
    abort.signal,
    onAnswer,
  );

  /** Full batches waiting for a free slot; the batch being filled. */
  const ready: Batch[] = [];
  let filling = sender.take();
  const full = (): boolean => {
    if (filling.byteLength < p.batchBytes) return false;
    ready.push(filling);
    filling = sender.take();
    return true;
  };
  /** Malformed documents found while reading; written out between reads (the sinks are synchronous). */
  const local: Rejected[] = [];
  let localErrors = 0;
  const localReject = (line: number, index: number, reason: string, document: string): void => {
    localErrors++;
    local.push({ line, index, reason, document });
  };
  const pump = async (): Promise<void> => {
    for (const r of local.splice(0)) await reject(r);
    while (ready.length > 0 && !stopping) {
      const batch = ready.shift() as Batch;
      await sender.send(batch);
    }
  };

  // JSON: documents found by the scanner, copied as they are (edited only for --remove-attribute).
  const scanner = new RecordScanner();
  const jsonSink: RecordSink = (bytes, start, end, line, index, flags, invalid) => {
    if (skipped < p.skip) {
      skipped++;
      return true;
    }
    read++;
    const text = (): string => Buffer.from(bytes.buffer, bytes.byteOffset + start, end - start).toString('utf8');
    if ((flags & INVALID) !== 0) {
      const t = text();
      localReject(line, index, jsonProblem(t) ?? invalid ?? 'invalid JSON', t);
      return true;
    }
    if (bytes[start] !== OPEN_CURLY) {
      const t = text();
      localReject(line, index, jsonProblem(t) ?? 'expecting a JSON object', t);
      return true;
    }
    if (p.remove.size > 0) {
      const t = text();
      const problem = jsonProblem(t);
      if (problem !== undefined) {
        localReject(line, index, problem, t);
        return true;
      }
      const doc = JSON.parse(t) as Record<string, unknown>;
      for (const a of p.remove) delete doc[a];
      filling.addText(JSON.stringify(doc), line, index);
    } else {
      filling.add(bytes, start, end, line, index, flags);
    }
    return !full();
  };

  // CSV and TSV: records turned into rows of JSON values under one header line.
  let records = 0;
  let delimited: DelimitedSource | undefined;
  const makeDelimited = async (type: 'csv' | 'tsv'): Promise<DelimitedSource> => {
    const d = p.delimited;
    const options: DelimitedOptions = {
      ...d,
      separator: d.separator ?? (type === 'tsv' ? '\t' : ','),
      quote: d.quote ?? (type === 'tsv' ? '' : '"'),
      headers: undefined,
    };
    if (d.headersFile !== undefined) options.headers = await readHeaders(d.headersFile, options);
    const source: DelimitedSource = new DelimitedSource(
      options,
      (row, line) => {
        records++;
        if (skipped < p.skip) {
          skipped++;
          return;
        }
        read++;
        if (filling.count === 0) filling.setHeader(source.header, source.names);
        filling.addText(row, line, records);
        full();
      },
      (line, reason, text) => {
        records++;
        if (skipped < p.skip) {
          skipped++;
          return;
        }
        read++;
        localReject(line, records, reason, text);
      },
    );
    return source;
  };

  let failure: unknown;
  try {
    const { head, all } = await peek(stoppable(inputOf(ctx, file), stop.signal));
    const type = p.type ?? (head === undefined ? 'jsonl' : typeFromContent(head));
    kind = type;
    if (type === 'csv' || type === 'tsv') delimited = await makeDelimited(type);
    for await (const chunk of all) {
      bytesRead += chunk.length;
      if (delimited !== undefined) {
        delimited.feed(chunk);
        await pump();
      } else {
        scanner.feed(chunk);
        if (scanner.format === 'array') kind = 'array';
        while (!scanner.drain(jsonSink)) {
          await pump();
          if (stopping) break;
        }
        await pump();
      }
      if (stopping) break;
      bar?.update({ docs: sender.answered, bytes: bytesRead, totalBytes });
    }
    if (!stopping) {
      if (delimited !== undefined) await delimited.end();
      else scanner.end(jsonSink);
      if (filling.count > 0) {
        ready.push(filling);
        filling = sender.take();
      }
      await pump();
    }
    await pump();
    await sender.drain();
  } catch (e) {
    failure = e;
    await sender.settle();
  } finally {
    offInterrupt();
    bar?.clear();
    const r = rejects as RejectsFile | undefined;
    if (r !== undefined) await r.close().catch((e: unknown) => (failure ??= e));
  }
  const unsent = filling.count + ready.reduce((n, b) => n + b.count, 0);
  if (scanner.format === 'array') kind = 'array';

  // Malformed documents the server never saw are errors too.
  totals.errors += localErrors;
  emptyLines = delimited === undefined ? scanner.emptyLines : delimited.emptyLines;
  totals.empty += emptyLines;
  const elapsed = (Date.now() - started) / 1000;
  const out = ctx.out;
  const rejectsFile = rejects as RejectsFile | undefined;
  const lines = [
    `${failure !== undefined ? 'import failed' : stopping ? 'import interrupted' : 'imported'}: ${file === '-' ? 'stdin' : file} (${KIND[kind]}) → ${db.name}/${p.collection}`,
    `  documents read  ${formatCount(read)}${skipped > 0 ? `  (after skipping ${formatCount(skipped)})` : ''}`,
    `  batches sent    ${formatCount(sender.sent)}  (up to ${formatBytes(p.batchBytes)} each, ${p.threads} in flight)`,
    `  created         ${formatCount(totals.created)}`,
    `  updated         ${formatCount(totals.updated)}`,
    `  ignored         ${formatCount(totals.ignored)}`,
    `  errors          ${totals.errors > 0 ? out.red(formatCount(totals.errors)) : '0'}${rejectsFile !== undefined ? `  (written to ${rejectsFile.path})` : ''}`,
    `  empty lines     ${formatCount(totals.empty)}`,
    `  time            ${formatDuration(elapsed)}  (${formatCount(elapsed > 0 ? sender.answered / elapsed : 0)} docs/s)`,
  ];
  // The summary is a report: when nobody reads it (`… | true`), the exit code still tells.
  await write(io.stdout, `${lines.join('\n')}\n`).catch((e: unknown) => {
    if (!(e instanceof OutputClosedError)) throw e;
  });
  if (firstErrors.length > 0 && rejectsFile === undefined) {
    io.stderr.write(`first rejected documents (use --rejects FILE for all of them):\n${firstErrors.map((e) => `  ${e}`).join('\n')}\n`);
  }
  if (stopping || failure !== undefined) {
    // Document positions count from the start of the file, skipped documents included.
    const resumeAt = Math.max(p.skip, sender.doneThroughIndex);
    const through =
      sender.doneThroughIndex === 0 ? 'no batch was completed' : `every document through ${kind === 'array' ? `element ${sender.doneThroughIndex}` : `line ${sender.doneThroughLine}`} was sent and answered`;
    const aborted = abort.signal.aborted ? '; the batches in flight were aborted and may or may not have been applied' : '';
    const notSent = unsent > 0 ? `; ${formatCount(unsent)} documents already read were not sent` : '';
    const typeHint = file === '-' || p.type === undefined ? ` --type ${kind === 'array' ? 'json' : kind}` : '';
    io.stderr.write(
      `${through}${aborted}${notSent}\nto resume: arangots import ${file} --collection ${p.collection}${typeHint} --skip ${resumeAt}${p.onDuplicate === 'error' ? ' --on-duplicate ignore' : ` --on-duplicate ${p.onDuplicate}`}\n`,
    );
  }
  if (failure !== undefined) throw failure;
  if (stopping) return EXIT.interrupted;
  return totals.errors > 0 ? EXIT_REJECTED : EXIT.ok;
}

export const importCommand: Command = {
  name: 'import',
  summary: 'Import JSON Lines, a JSON array, CSV or TSV into a collection, streamed in batches.',
  usage: 'import <FILE|-> --collection NAME [--type auto|jsonl|json|csv|tsv] [--on-duplicate error|update|replace|ignore] [--threads N] [--rejects FILE]',
  options: {
    collection: { type: 'string', short: 'c' },
    type: { type: 'string' },
    'on-duplicate': { type: 'string' },
    'batch-size': { type: 'string' },
    threads: { type: 'string' },
    rejects: { type: 'string' },
    skip: { type: 'string' },
    create: { type: 'boolean' },
    'create-collection': YES_NO,
    'create-collection-type': { type: 'string' },
    overwrite: YES_NO,
    separator: { type: 'string' },
    quote: { type: 'string' },
    'backslash-escape': YES_NO,
    'headers-file': { type: 'string' },
    'skip-lines': { type: 'string' },
    translate: { type: 'string', multiple: true },
    'remove-attribute': { type: 'string', multiple: true },
    convert: YES_NO,
    'ignore-missing': YES_NO,
    'from-collection-prefix': { type: 'string' },
    'to-collection-prefix': { type: 'string' },
    'overwrite-collection-prefix': YES_NO,
  },
  args: { min: 1, max: 1 },
  reportsOutcome: true,
  help: `FILE is JSON Lines (one document per line), one JSON array of documents, CSV or TSV; '-'
reads standard input. The options follow arangoimport's names and meanings. The file is never
loaded whole: it is read and sent in batches, several in flight while the next is read. A .gz
file is decompressed on the fly.

Options:
  -c, --collection NAME        target collection (required)
  --type TYPE                  auto (default: by the file's extension, else by its first bytes),
                               jsonl, json, csv or tsv
  --create-collection          create the collection if it does not exist (also --create)
  --create-collection-type T   document (default) or edge, for --create-collection
  --overwrite                  empty the collection first (removes all its documents!)
  --on-duplicate MODE          when a _key exists: error (default), update, replace or ignore
  --batch-size BYTES           request size (default ${formatBytes(DEFAULT_BATCH_BYTES)}; 512KiB, 1MiB, … accepted)
  --threads N                  batches in flight at once, spread over the coordinators (default ${DEFAULT_THREADS});
                               batches may then be applied out of order (--threads 1 keeps the
                               file's order, which matters when a _key occurs twice)
  --rejects FILE               write each rejected document as a JSON line with its line number and
                               the reason: {"line":12,"reason":"…","document":"…"}
  --skip N                     skip the first N documents (to resume an interrupted import)
  --remove-attribute NAME      leave this attribute out (CSV, TSV and JSON; may be repeated)
  --from-collection-prefix C   edges: prefix _from values without a collection with 'C/'
  --to-collection-prefix C     edges: the same for _to
  --overwrite-collection-prefix  replace a collection already in _from/_to with the prefix

CSV and TSV:
  --separator C                field separator (default ',' for CSV, tab for TSV; '\\t' = tab)
  --quote C                    quote character (default '"' for CSV, none for TSV; '' = none)
  --backslash-escape           a backslash escapes the quote (default: the quote is doubled)
  --headers-file FILE          attribute names from FILE's first line; then the input has no
                               header line (default: the first line of the input names them)
  --skip-lines N               skip N lines before the header (default 0)
  --translate FROM=TO          rename a column's attribute (may be repeated)
  --convert true|false         turn unquoted numbers, true, false and null into JSON values
                               (default true; null and empty fields leave the attribute out;
                               quoted fields and _key always stay strings)
  --ignore-missing             accept lines with fewer fields than the header
Yes/no options also take 'true' or 'false' (--convert false) or the form --no-convert.

A progress bar (documents, documents/s, ETA) is shown on stderr when it is a terminal.
Ctrl-C stops after the batches in flight and reports how far the import got and how to resume;
a second Ctrl-C aborts them too.

Exit code: 0 when every document was imported, 3 when some were rejected, 130 when interrupted,
1 on errors.

Examples:
  arangots import users.jsonl --collection users
  arangots import products.json -c products --on-duplicate update --rejects rejected.jsonl
  arangots import people.csv -c people --create-collection --translate id=_key --threads 4
  arangots import knows.tsv -c knows --create-collection --create-collection-type edge --from-collection-prefix people --to-collection-prefix people
  zcat events.jsonl.gz | arangots import - -c events --type jsonl`,
  run: runImport,
};
