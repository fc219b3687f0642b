/**
 * `arangots import <file>`: JSON Lines or a JSON array, streamed in batches to the import API
 * (`POST /_api/import?type=documents`), with a progress bar, a file of rejected documents and
 * their reasons, and a clean stop on Ctrl-C after the batch in flight.
 *
 * Documents travel as bytes: the scanner finds them in the file and copies them into one of two
 * request buffers (one in flight, one filling), sent through `db.request()` with a Uint8Array
 * body. `collection.importBulk()` takes a string and splits and re-joins it per chunk; at a
 * million documents that churn, not the data, is what drives the memory up.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Database } from '../../index.js';
import { EXIT, flag, numberOption, stringOption, UsageError } from '../args.js';
import { Batch } from '../batch.js';
import { fileChunks, stoppable } from '../chunks.js';
import type { Command, CommandContext } from '../command.js';
import { colorEnabled, write } from '../io.js';
import { palette } from '../color.js';
import { formatCount, formatDuration, ProgressBar } from '../progress.js';
import { INVALID, RecordScanner, type RecordSink } from '../records.js';

export const DEFAULT_BATCH_SIZE = 2_000;
/** Exit code when the import finished but some documents were rejected. */
export const EXIT_REJECTED = 3;
const SHOWN_ERRORS = 5;
const ON_DUPLICATE = ['error', 'update', 'replace', 'ignore'] as const;

export interface ImportTotals {
  created: number;
  errors: number;
  empty: number;
  updated: number;
  ignored: number;
}

interface Rejected {
  line: number;
  index: number;
  reason: string;
  document: string;
}

/** `at position N: <reason>, offending document: …` → the batch index and the reason. */
export function parseDetail(detail: string): { position: number; reason: string } | undefined {
  const m = /^at position (\d+): ([\s\S]*?)(?:, offending document: [\s\S]*)?$/.exec(detail);
  if (m === null) return undefined;
  return { position: Number(m[1]), reason: m[2] ?? detail };
}

/** Writes rejected documents as JSON Lines: `{ line, element?, reason, document }`. */
class RejectsFile {
  readonly #stream: WriteStream;
  readonly #array: boolean;
  #failed: Error | undefined;
  count = 0;

  constructor(
    readonly path: string,
    array: boolean,
  ) {
    this.#array = array;
    this.#stream = createWriteStream(path, { flags: 'w' });
    this.#stream.on('error', (e) => {
      this.#failed = e;
    });
  }

  async add(r: Rejected): Promise<void> {
    if (this.#failed !== undefined) throw new Error(`cannot write rejects file '${this.path}': ${this.#failed.message}`);
    this.count++;
    const entry = this.#array ? { line: r.line, element: r.index, reason: r.reason, document: r.document } : { line: r.line, reason: r.reason, document: r.document };
    await write(this.#stream, `${JSON.stringify(entry)}\n`);
  }

  close(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#stream.end(() => {
        if (this.#failed !== undefined) reject(new Error(`cannot write rejects file '${this.path}': ${this.#failed.message}`));
        else resolve();
      });
    });
  }
}

function count(body: Record<string, unknown>, key: keyof ImportTotals): number {
  const v = body[key];
  return typeof v === 'number' ? v : 0;
}

/** One import request; the answer's counters and `details` (messages of the rejected documents). */
async function sendBatch(db: Database, collection: string, onDuplicate: string, batch: Batch, signal: AbortSignal): Promise<{ totals: ImportTotals; details: string[] }> {
  const body = await db.request(
    {
      method: 'POST',
      path: '/_api/import',
      query: { collection, type: 'documents', onDuplicate, details: true },
      rawBody: batch.body(),
      contentType: 'text/plain; charset=utf-8',
      signal,
    },
    (res) => (typeof res.body === 'object' && res.body !== null ? (res.body as Record<string, unknown>) : {}),
  );
  const totals: ImportTotals = { created: count(body, 'created'), errors: count(body, 'errors'), empty: count(body, 'empty'), updated: count(body, 'updated'), ignored: count(body, 'ignored') };
  const details = Array.isArray(body.details) ? body.details.map(String) : [];
  return { totals, details };
}

function where(line: number, index: number, array: boolean): string {
  return array ? `element ${index} (line ${line})` : `line ${line}`;
}

async function runImport(ctx: CommandContext): Promise<number> {
  const file = ctx.args[0] ?? '';
  const collectionName = stringOption(ctx.values, 'collection');
  if (collectionName === undefined || collectionName === '') throw new UsageError('--collection is required', ctx.command);
  const onDuplicate = stringOption(ctx.values, 'on-duplicate') ?? 'error';
  if (!(ON_DUPLICATE as readonly string[]).includes(onDuplicate)) {
    throw new UsageError(`--on-duplicate must be one of ${ON_DUPLICATE.join(', ')}, got '${onDuplicate}'`, ctx.command);
  }
  const batchSize = numberOption(ctx.values, 'batch-size', ctx.command, { min: 1, integer: true }) ?? DEFAULT_BATCH_SIZE;
  const skip = numberOption(ctx.values, 'skip', ctx.command, { min: 0, integer: true }) ?? 0;
  const rejectsPath = stringOption(ctx.values, 'rejects');
  const io = ctx.io;

  let totalBytes: number | undefined;
  if (file !== '-') {
    try {
      const s = await stat(file);
      if (!s.isFile()) throw new UsageError(`'${file}' is not a file`, ctx.command);
      totalBytes = s.size;
    } catch (e) {
      if (e instanceof UsageError) throw e;
      throw new Error(`cannot read '${file}' (${(e as { code?: string }).code ?? 'unreadable'})`);
    }
  }

  const { db } = await ctx.connect();
  if (!(await db.collection(collectionName).exists())) {
    if (!flag(ctx.values, 'create')) throw new Error(`collection '${collectionName}' does not exist in database '${db.name}' (add --create to create it)`);
    await db.createCollection(collectionName);
  }

  const stop = new AbortController();
  const input: AsyncIterable<Uint8Array> = file === '-' ? (io.stdin as AsyncIterable<Uint8Array>) : fileChunks(file);
  const scanner = new RecordScanner();
  const bar = io.stderr.isTTY === true ? new ProgressBar(io.stderr, palette(colorEnabled(io.stderr, io.env))) : undefined;
  const totals: ImportTotals = { created: 0, errors: 0, empty: 0, updated: 0, ignored: 0 };
  let read = 0;
  let skipped = 0;
  let batchesSent = 0;
  let done = 0;
  /** The last document of the last answered batch: where a resume starts. */
  let doneThroughIndex = 0;
  let doneThroughLine = 0;
  const firstErrors: string[] = [];
  let rejects: RejectsFile | undefined;
  const started = Date.now();

  // First Ctrl-C: finish the batch in flight, then stop. Second: abort that batch too.
  let stopping = false;
  const abort = new AbortController();
  const offInterrupt = io.onInterrupt(() => {
    if (!stopping) {
      stopping = true;
      bar?.clear();
      io.stderr.write('stopping after the batch in flight… (Ctrl-C again to abort it)\n');
      // Reading stops now, even when it waits on a pipe that has nothing more to give.
      stop.abort();
    } else {
      abort.abort();
    }
  });

  const array = (): boolean => scanner.format === 'array';
  const reject = async (r: Rejected): Promise<void> => {
    if (firstErrors.length < SHOWN_ERRORS) firstErrors.push(`${where(r.line, r.index, array())}: ${r.reason}`);
    if (rejectsPath !== undefined) {
      rejects ??= new RejectsFile(rejectsPath, array());
      await rejects.add(r);
    }
  };

  const send = async (batch: Batch): Promise<void> => {
    batchesSent++;
    const answer = await sendBatch(db, collectionName, onDuplicate, batch, abort.signal);
    for (const k of ['created', 'errors', 'empty', 'updated', 'ignored'] as const) totals[k] += answer.totals[k];
    for (const d of answer.details) {
      const parsed = parseDetail(d);
      const i = parsed?.position;
      const line = i === undefined ? undefined : batch.lines[i];
      if (parsed !== undefined && i !== undefined && line !== undefined) {
        await reject({ line, index: batch.indexes[i] ?? 0, reason: parsed.reason, document: batch.text(i) });
      } else if (firstErrors.length < SHOWN_ERRORS) {
        // A detail the CLI cannot place still counts; keep its text.
        firstErrors.push(d);
      }
    }
    done += batch.count;
    doneThroughIndex = batch.indexes[batch.count - 1] ?? doneThroughIndex;
    doneThroughLine = batch.lines[batch.count - 1] ?? doneThroughLine;
    bar?.update({ docs: done, bytes: scanner.bytesRead, totalBytes });
  };

  // Two buffers: one batch is sent while the next one is read into the other.
  let filling = new Batch();
  let spare = new Batch();
  let inFlight: Promise<void> | undefined;
  const flush = async (): Promise<void> => {
    if (filling.count === 0) return;
    // The spare buffer's batch must be answered before the buffer is filled again.
    if (inFlight !== undefined) await inFlight;
    const batch = filling;
    inFlight = send(batch);
    // Errors surface at the next await of inFlight; keep them from being unhandled meanwhile.
    inFlight.catch(() => undefined);
    filling = spare;
    spare = batch;
    filling.reset();
  };

  /** Malformed documents found while scanning; written out between scans (the sink is synchronous). */
  const local: Rejected[] = [];
  let localErrors = 0;
  const sink: RecordSink = (bytes, start, end, line, index, flags, invalid) => {
    if (skipped < skip) {
      skipped++;
      return true;
    }
    read++;
    if ((flags & INVALID) !== 0) {
      localErrors++;
      local.push({ line, index, reason: invalid ?? 'invalid JSON', document: Buffer.from(bytes.buffer, bytes.byteOffset + start, end - start).toString('utf8') });
      return true;
    }
    filling.add(bytes, start, end, line, index, flags);
    return filling.count < batchSize;
  };
  const writeLocal = async (): Promise<void> => {
    for (const r of local.splice(0)) await reject(r);
  };

  let failure: unknown;
  try {
    for await (const chunk of stoppable(input, stop.signal)) {
      scanner.feed(chunk);
      while (!scanner.drain(sink)) {
        await writeLocal();
        await flush();
        if (stopping) break;
      }
      await writeLocal();
      if (stopping) break;
      bar?.update({ docs: done, bytes: scanner.bytesRead, totalBytes });
    }
    if (!stopping) {
      scanner.end(sink);
      await writeLocal();
      await flush();
    }
    if (inFlight !== undefined) await inFlight;
  } catch (e) {
    failure = e;
    if (inFlight !== undefined) await inFlight.catch(() => undefined);
  } finally {
    offInterrupt();
    bar?.clear();
    const r = rejects as RejectsFile | undefined;
    if (r !== undefined) await r.close().catch((e: unknown) => (failure ??= e));
  }
  const unsent = stopping ? filling.count : 0;

  // Malformed documents the server never saw are errors too.
  totals.errors += localErrors;
  totals.empty += scanner.emptyLines;
  const elapsed = (Date.now() - started) / 1000;
  const p = ctx.out;
  const kind = scanner.format === 'array' ? 'JSON array' : 'JSON Lines';
  const rejectsFile = rejects as RejectsFile | undefined;
  const lines = [
    `${failure !== undefined ? 'import failed' : stopping ? 'import interrupted' : 'imported'}: ${file === '-' ? 'stdin' : file} (${kind}) → ${db.name}/${collectionName}`,
    `  documents read  ${formatCount(read)}${skipped > 0 ? `  (after skipping ${formatCount(skipped)})` : ''}`,
    `  batches sent    ${formatCount(batchesSent)}  (up to ${formatCount(batchSize)} documents each)`,
    `  created         ${formatCount(totals.created)}`,
    `  updated         ${formatCount(totals.updated)}`,
    `  ignored         ${formatCount(totals.ignored)}`,
    `  errors          ${totals.errors > 0 ? p.red(formatCount(totals.errors)) : '0'}${rejectsFile !== undefined ? `  (written to ${rejectsFile.path})` : ''}`,
    `  empty lines     ${formatCount(totals.empty)}`,
    `  time            ${formatDuration(elapsed)}  (${formatCount(elapsed > 0 ? done / elapsed : 0)} docs/s)`,
  ];
  await write(io.stdout, `${lines.join('\n')}\n`);
  if (firstErrors.length > 0 && rejectsFile === undefined) {
    io.stderr.write(`first rejected documents (use --rejects FILE for all of them):\n${firstErrors.map((e) => `  ${e}`).join('\n')}\n`);
  }
  if (stopping || failure !== undefined) {
    // Document positions count from the start of the file, skipped documents included.
    const resumeAt = Math.max(skip, doneThroughIndex);
    const through = doneThroughIndex === 0 ? 'no batch was completed' : `every document through ${scanner.format === 'array' ? `element ${doneThroughIndex}` : `line ${doneThroughLine}`} was sent and answered`;
    const aborted = abort.signal.aborted ? '; the batch in flight was aborted and may or may not have been applied' : '';
    const notSent = unsent > 0 ? `; ${formatCount(unsent)} documents already read were not sent` : '';
    io.stderr.write(`${through}${aborted}${notSent}\nto resume: arangots import ${file} --collection ${collectionName} --skip ${resumeAt}${onDuplicate === 'error' ? ' --on-duplicate ignore' : ` --on-duplicate ${onDuplicate}`}\n`);
  }
  if (failure !== undefined) throw failure;
  if (stopping) return EXIT.interrupted;
  return totals.errors > 0 ? EXIT_REJECTED : EXIT.ok;
}

export const importCommand: Command = {
  name: 'import',
  summary: 'Import a JSON Lines file or a JSON array into a collection, streamed in batches.',
  usage: 'import <FILE|-> --collection NAME [--on-duplicate error|update|replace|ignore] [--batch-size N] [--rejects FILE]',
  options: {
    collection: { type: 'string', short: 'c' },
    'on-duplicate': { type: 'string' },
    'batch-size': { type: 'string' },
    rejects: { type: 'string' },
    skip: { type: 'string' },
    create: { type: 'boolean' },
  },
  args: { min: 1, max: 1 },
  help: `FILE holds one JSON document per line (JSON Lines) or one JSON array of documents; the format
is detected from the first character. '-' reads standard input. The file is never loaded whole:
it is read and sent in batches, one batch in flight while the next is read.

Options:
  -c, --collection NAME    target collection (required)
  --create                 create the collection if it does not exist
  --on-duplicate MODE      when a _key exists: error (default), update, replace or ignore
  --batch-size N           documents per request (default ${DEFAULT_BATCH_SIZE})
  --rejects FILE           write each rejected document as a JSON line with its line number and
                           the server's reason: {"line":12,"reason":"…","document":"…"}
  --skip N                 skip the first N documents (to resume an interrupted import)

A progress bar (documents, documents/s, ETA) is shown on stderr when it is a terminal.
Ctrl-C stops after the batch in flight and reports how far the import got and how to resume;
a second Ctrl-C aborts that batch too.

Exit code: 0 when every document was imported, 3 when some were rejected, 130 when interrupted,
1 on errors.

Examples:
  arangots import users.jsonl --collection users
  arangots import products.json -c products --on-duplicate update --rejects rejected.jsonl
  zcat events.jsonl.gz | arangots import - -c events --batch-size 20000`,
  run: runImport,
};
