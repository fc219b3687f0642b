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
import { stat } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import type { Database } from '../../index.js';
import { EXIT, UsageError } from '../args.js';
import type { Batch } from '../batch.js';
import { fileChunks, stoppable } from '../chunks.js';
import { palette } from '../color.js';
import type { Command, CommandContext } from '../command.js';
import { DelimitedSource, type DelimitedOptions } from '../delimited.js';
import { colorEnabled, OutputClosedError, write } from '../io.js';
import { formatCount, formatDuration, ProgressBar } from '../progress.js';
import { INVALID, RecordScanner, type RecordSink } from '../records.js';
import { isInsertError, isParseErrorReason, jsonProblem, parseDetail, RejectsFile, type Rejected } from '../rejects.js';
import { BatchSender, type Answer, type ImportTotals } from '../sender.js';
import { EXIT_REJECTED, formatBytes, IMPORT_HELP, IMPORT_OPTIONS, KIND, plan, readHeaders, typeFromContent, type InputType, type Plan } from './import-plan.js';

export { DEFAULT_BATCH_BYTES, DEFAULT_THREADS, EXIT_REJECTED, typeFromContent, typeFromName } from './import-plan.js';
export type { ImportTotals };

const SHOWN_ERRORS = 5;
const OPEN_CURLY = 123;

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
  // --max-errors: as arangoimport, no batch is sent once that many documents were rejected; the
  // batches in flight finish and the import stops like an interrupted one (with how to resume).
  let limited = false;
  const overLimit = (): boolean => {
    if (!limited && totals.errors + localErrors >= p.maxErrors) {
      limited = stopping = true;
      stop.abort();
    }
    return limited;
  };
  const pump = async (): Promise<void> => {
    for (const r of local.splice(0)) await reject(r);
    while (ready.length > 0 && !stopping && !overLimit()) {
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
    `${failure !== undefined ? 'import failed' : limited ? `import stopped after ${formatCount(p.maxErrors)} rejected documents (--max-errors)` : stopping ? 'import interrupted' : 'imported'}: ${file === '-' ? 'stdin' : file} (${KIND[kind]}) → ${db.name}/${p.collection}`,
    `  documents read  ${formatCount(read)}${skipped > 0 ? `  (after skipping ${formatCount(skipped)})` : ''}`,
    `  batches sent    ${formatCount(sender.sent)}  (up to ${formatBytes(p.batchBytes)} each, ${p.threads} in flight)`,
    `  created         ${formatCount(totals.created)}`,
    `  updated         ${formatCount(totals.updated)}`,
    `  ignored         ${formatCount(totals.ignored)}`,
    `  errors          ${totals.errors > 0 ? out.red(formatCount(totals.errors)) : '0'}${rejectsFile !== undefined ? `  (written to ${rejectsFile.path})` : ''}`,
    `  empty lines     ${formatCount(totals.empty)}`,
    `  time            ${formatDuration(elapsed)}  (${formatCount(elapsed > 0 ? sender.answered / elapsed : 0)} docs/s)`,
  ];
  for (const w of delimited?.warnings ?? []) io.stderr.write(`warning: ${w}\n`);
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
  if (stopping && !limited) return EXIT.interrupted;
  return totals.errors > 0 ? EXIT_REJECTED : EXIT.ok;
}

export const importCommand: Command = {
  name: 'import',
  summary: 'Import JSON Lines, a JSON array, CSV or TSV into a collection, streamed in batches.',
  usage: 'import <FILE|-> --collection NAME [--type auto|jsonl|json|csv|tsv] [--on-duplicate error|update|replace|ignore] [--threads N] [--rejects FILE]',
  options: IMPORT_OPTIONS,
  args: { min: 1, max: 1 },
  reportsOutcome: true,
  help: IMPORT_HELP,
  run: runImport,
};
