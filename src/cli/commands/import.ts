/**
 * `arangots import <file>`: JSON Lines or a JSON array, streamed in batches through the import
 * API (`collection.importBulk`), with a progress bar, a file of rejected documents and their
 * reasons, and a clean stop on Ctrl-C after the batch in flight.
 */
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Collection, ImportResult } from '../../index.js';
import { EXIT, flag, numberOption, stringOption, UsageError } from '../args.js';
import type { Command, CommandContext } from '../command.js';
import { colorEnabled, write } from '../io.js';
import { palette } from '../color.js';
import { formatCount, formatDuration, ProgressBar } from '../progress.js';
import { readRecords, type SourceRecord } from '../records.js';

export const DEFAULT_BATCH_SIZE = 5_000;
/** Exit code when the import finished but some documents were rejected. */
export const EXIT_REJECTED = 3;
const SHOWN_ERRORS = 5;
const ON_DUPLICATE = ['error', 'update', 'replace', 'ignore'] as const;
type OnDuplicate = (typeof ON_DUPLICATE)[number];

export interface ImportTotals {
  created: number;
  errors: number;
  empty: number;
  updated: number;
  ignored: number;
}

interface Rejected {
  record: SourceRecord;
  reason: string;
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
    const entry = this.#array ? { line: r.record.line, element: r.record.index, reason: r.reason, document: r.record.text } : { line: r.record.line, reason: r.reason, document: r.record.text };
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

interface RunState {
  totals: ImportTotals;
  /** Documents read from the input (after --skip). */
  read: number;
  skipped: number;
  batchesSent: number;
  /** Documents whose batch was answered. */
  done: number;
  /** The highest source line (and document index) of an answered batch: where a resume starts. */
  doneThroughIndex: number;
  doneThroughLine: number;
  firstErrors: string[];
}

function where(r: SourceRecord, array: boolean): string {
  return array ? `element ${r.index} (line ${r.line})` : `line ${r.line}`;
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
  const collection: Collection = db.collection(collectionName);
  if (!(await collection.exists())) {
    if (!flag(ctx.values, 'create')) throw new Error(`collection '${collectionName}' does not exist in database '${db.name}' (add --create to create it)`);
    await db.createCollection(collectionName);
  }

  const input = file === '-' ? io.stdin : createReadStream(file, { highWaterMark: 256 * 1024 });
  const stop = new AbortController();
  const reader = readRecords(input, stop.signal);
  const stopReading = (): void => {
    stop.abort();
  };
  const errPalette = palette(colorEnabled(io.stderr, io.env));
  const bar = io.stderr.isTTY === true ? new ProgressBar(io.stderr, errPalette) : undefined;
  const state: RunState = {
    totals: { created: 0, errors: 0, empty: 0, updated: 0, ignored: 0 },
    read: 0,
    skipped: 0,
    batchesSent: 0,
    done: 0,
    doneThroughIndex: 0,
    doneThroughLine: 0,
    firstErrors: [],
  };
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
      stopReading();
    } else {
      abort.abort();
    }
  });

  const array = (): boolean => reader.format === 'array';
  const reject = async (r: Rejected): Promise<void> => {
    if (state.firstErrors.length < SHOWN_ERRORS) state.firstErrors.push(`${where(r.record, array())}: ${r.reason}`);
    if (rejectsPath !== undefined) {
      rejects ??= new RejectsFile(rejectsPath, array());
      await rejects.add(r);
    }
  };

  const send = async (batch: SourceRecord[]): Promise<void> => {
    state.batchesSent++;
    const result: ImportResult = await collection.importBulk(batch.map((r) => r.text).join('\n'), {
      onDuplicate: onDuplicate as OnDuplicate,
      details: true,
      batchSize: batch.length,
      signal: abort.signal,
    });
    for (const k of ['created', 'errors', 'empty', 'updated', 'ignored'] as const) state.totals[k] += result[k];
    for (const d of result.details ?? []) {
      const parsed = parseDetail(d);
      const record = parsed === undefined ? undefined : batch[parsed.position];
      if (record !== undefined && parsed !== undefined) await reject({ record, reason: parsed.reason });
      // A detail the CLI cannot place still counts; keep its text.
      else if (state.firstErrors.length < SHOWN_ERRORS) state.firstErrors.push(d);
    }
    state.done += batch.length;
    const last = batch[batch.length - 1];
    if (last !== undefined) {
      state.doneThroughIndex = last.index;
      state.doneThroughLine = last.line;
    }
    bar?.update({ docs: state.done, bytes: reader.bytesRead, totalBytes });
  };

  let failure: unknown;
  let inFlight: Promise<void> | undefined;
  // One batch is sent while the next is read: at most two batches are held at any time.
  const flush = async (batch: SourceRecord[]): Promise<void> => {
    if (inFlight !== undefined) await inFlight;
    inFlight = send(batch);
    // Errors surface at the next await of inFlight; keep them from being unhandled meanwhile.
    inFlight.catch(() => undefined);
  };

  let localErrors = 0;
  let unsent = 0;
  try {
    let batch: SourceRecord[] = [];
    outer: for await (const records of reader.records) {
      for (const r of records) {
        if (state.skipped < skip) {
          state.skipped++;
          continue;
        }
        if (stopping) {
          unsent++;
          continue;
        }
        state.read++;
        if (r.invalid !== undefined) {
          localErrors++;
          await reject({ record: r, reason: r.invalid });
          continue;
        }
        batch.push(r);
        if (batch.length >= batchSize) {
          await flush(batch);
          batch = [];
        }
      }
      if (stopping) {
        unsent += batch.length;
        batch = [];
        break outer;
      }
      bar?.update({ docs: state.done, bytes: reader.bytesRead, totalBytes });
    }
    if (stopping) unsent += batch.length;
    else if (batch.length > 0) await flush(batch);
    if (inFlight !== undefined) await inFlight;
  } catch (e) {
    failure = e;
    if (inFlight !== undefined) await inFlight.catch(() => undefined);
  } finally {
    offInterrupt();
    bar?.clear();
    if (rejects !== undefined) await rejects.close().catch((e: unknown) => (failure ??= e));
  }

  state.totals.errors += localErrors;
  state.totals.empty += reader.emptyLines;
  const elapsed = (Date.now() - started) / 1000;
  const p = ctx.out;
  const t = state.totals;
  const kind = reader.format === 'array' ? 'JSON array' : 'JSON Lines';
  const lines = [
    `${failure !== undefined ? 'import failed' : stopping ? 'import interrupted' : 'imported'}: ${file === '-' ? 'stdin' : file} (${kind}) → ${db.name}/${collectionName}`,
    `  documents read  ${formatCount(state.read)}${state.skipped > 0 ? `  (after skipping ${formatCount(state.skipped)})` : ''}`,
    `  batches sent    ${formatCount(state.batchesSent)}  (up to ${formatCount(batchSize)} documents each)`,
    `  created         ${formatCount(t.created)}`,
    `  updated         ${formatCount(t.updated)}`,
    `  ignored         ${formatCount(t.ignored)}`,
    `  errors          ${t.errors > 0 ? p.red(formatCount(t.errors)) : '0'}${rejects !== undefined ? `  (written to ${rejects.path})` : ''}`,
    `  empty lines     ${formatCount(t.empty)}`,
    `  time            ${formatDuration(elapsed)}  (${formatCount(elapsed > 0 ? state.done / elapsed : 0)} docs/s)`,
  ];
  await write(io.stdout, `${lines.join('\n')}\n`);
  if (state.firstErrors.length > 0 && rejects === undefined) {
    io.stderr.write(`first rejected documents (use --rejects FILE for all of them):\n${state.firstErrors.map((e) => `  ${e}`).join('\n')}\n`);
  }
  if (stopping || failure !== undefined) {
    // Record indexes count from the start of the file, skipped documents included.
    const resumeAt = Math.max(skip, state.doneThroughIndex);
    const through = state.doneThroughIndex === 0 ? 'no batch was completed' : `every document through ${reader.format === 'array' ? `element ${state.doneThroughIndex}` : `line ${state.doneThroughLine}`} was sent and answered`;
    const aborted = abort.signal.aborted ? '; the batch in flight was aborted and may or may not have been applied' : '';
    const notSent = unsent > 0 ? `; ${formatCount(unsent)} documents already read were not sent` : '';
    io.stderr.write(`${through}${aborted}${notSent}\nto resume: arangots import ${file} --collection ${collectionName} --skip ${resumeAt}${onDuplicate === 'error' ? ' --on-duplicate ignore' : ` --on-duplicate ${onDuplicate}`}\n`);
  }
  if (failure !== undefined) throw failure;
  if (stopping) return EXIT.interrupted;
  return t.errors > 0 ? EXIT_REJECTED : EXIT.ok;
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
