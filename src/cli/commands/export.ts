/**
 * `arangots export`: a collection or an AQL query result, streamed through a cursor batch by
 * batch into JSON Lines (default), a JSON array, CSV or TSV, to a file or stdout, optionally
 * gzipped — with arangoexport's option names. Only one batch is held at a time, and every batch
 * is written as whole lines, so an interrupted export leaves a file that is complete up to its
 * last line (a JSON array is closed, a gzip stream finished).
 *
 * CSV is written the way `arangots import` (and arangoimport) reads it back: strings always
 * quoted, numbers and booleans bare, null and missing attributes as empty fields — so strings
 * that look like numbers stay strings through a round trip.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { access } from 'node:fs/promises';
import { createGzip, type Gzip } from 'node:zlib';
import type { BindVars, Cursor, QueryOptions } from '../../index.js';
import { booleanOption, EXIT, numberOption, stringList, stringOption, UsageError, YES_NO } from '../args.js';
import { palette } from '../color.js';
import type { Command, CommandContext } from '../command.js';
import { colorEnabled, write, type OutStream } from '../io.js';
import { formatCount, formatDuration, ProgressBar } from '../progress.js';
import { parseBind } from './query.js';

const TYPES = ['jsonl', 'json', 'csv', 'tsv'] as const;
type ExportType = (typeof TYPES)[number];
const KIND: Record<ExportType, string> = { jsonl: 'JSON Lines', json: 'JSON array', csv: 'CSV', tsv: 'TSV' };
export const DEFAULT_DOCUMENTS_PER_BATCH = 1000;

/** A CSV field: strings quoted (quotes doubled), numbers and booleans bare, null/missing empty, objects as JSON text. */
export function csvField(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return `"${text.replace(/"/g, '""')}"`;
}

/** A TSV field: the text itself; tabs and line breaks (which TSV cannot hold) become spaces. */
export function tsvField(value: unknown): { text: string; changed: boolean } {
  if (value === undefined || value === null) return { text: '', changed: false };
  const raw = typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : JSON.stringify(value);
  const text = raw.replace(/[\t\r\n]/g, ' ');
  return { text, changed: text !== raw };
}

/** Where the lines go: stdout, or a file (through gzip when asked). Ending it finishes the file. */
interface Sink {
  out: OutStream;
  end(): Promise<void>;
}

function fileSink(path: string, gzip: boolean, overwrite: boolean): Sink {
  const file: WriteStream = createWriteStream(path, { flags: overwrite ? 'w' : 'wx' });
  let failure: Error | undefined;
  file.on('error', (e) => {
    failure = e;
  });
  const zip: Gzip | undefined = gzip ? createGzip() : undefined;
  if (zip !== undefined) {
    zip.on('error', (e) => {
      failure = e;
    });
    zip.pipe(file);
  }
  const target = zip ?? file;
  const check = (): void => {
    if (failure !== undefined) throw new Error(`cannot write '${path}': ${failure.message}`);
  };
  return {
    out: {
      write: (chunk: string) => {
        check();
        return target.write(chunk);
      },
      once: (event, listener) => target.once(event, listener),
    },
    end: () =>
      new Promise<void>((resolve, reject) => {
        file.once('close', () => (failure === undefined ? resolve() : reject(new Error(`cannot write '${path}': ${failure.message}`))));
        target.end();
      }),
  };
}

async function runExport(ctx: CommandContext): Promise<number> {
  const v = ctx.values;
  const cmd = ctx.command;
  const collection = stringOption(v, 'collection');
  const query = stringOption(v, 'query') ?? stringOption(v, 'custom-query');
  if ((collection === undefined) === (query === undefined)) throw new UsageError('give either --collection NAME or --query AQL', cmd);
  if (query?.trim() === '') throw new UsageError('the query is empty', cmd);
  const typeOption = stringOption(v, 'type') ?? 'jsonl';
  if (!(TYPES as readonly string[]).includes(typeOption)) throw new UsageError(`--type must be one of ${TYPES.join(', ')}, got '${typeOption}'`, cmd);
  const type = typeOption as ExportType;
  const fieldsOption = stringOption(v, 'fields');
  let fields = fieldsOption?.split(',').map((f) => f.trim()).filter((f) => f !== '');
  if (fields !== undefined && type !== 'csv' && type !== 'tsv') throw new UsageError('--fields is for --type csv or tsv', cmd);
  if (fieldsOption !== undefined && fields?.length === 0) throw new UsageError('--fields needs at least one attribute name', cmd);
  const bindVars: BindVars = parseBind(stringList(v, 'bind'), cmd);
  const bindJson = stringOption(v, 'custom-query-bindvars');
  if (bindJson !== undefined) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(bindJson);
    } catch {
      parsed = undefined;
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new UsageError('--custom-query-bindvars must be a JSON object', cmd);
    Object.assign(bindVars, parsed);
  }
  if (collection !== undefined && Object.keys(bindVars).length > 0) throw new UsageError('--bind is for --query', cmd);
  const batchSize = numberOption(v, 'documents-per-batch', cmd, { min: 1, integer: true }) ?? numberOption(v, 'batch-size', cmd, { min: 1, integer: true }) ?? DEFAULT_DOCUMENTS_PER_BATCH;
  const output = stringOption(v, 'output');
  const gzip = booleanOption(v, 'compress-output', cmd, output !== undefined && /\.gz$/i.test(output));
  const overwrite = booleanOption(v, 'overwrite', cmd, false);
  const io = ctx.io;
  if (output === undefined && gzip) throw new UsageError('--compress-output needs --output FILE (on stdout, pipe through gzip instead)', cmd);
  if (output !== undefined && !overwrite) {
    const exists = await access(output).then(
      () => true,
      () => false,
    );
    if (exists) throw new UsageError(`'${output}' exists; add --overwrite to replace it`, cmd);
  }

  const { db } = await ctx.connect();
  let total: number | undefined;
  let aql: string;
  if (collection !== undefined) {
    const coll = db.collection(collection);
    if (!(await coll.exists())) throw new Error(`collection '${collection}' does not exist in database '${db.name}'`);
    total = await coll.count();
    aql = 'FOR d IN @@collection RETURN d';
    bindVars['@collection'] = collection;
  } else {
    aql = query ?? '';
  }

  const abort = new AbortController();
  let interrupted = false;
  const offInterrupt = io.onInterrupt(() => {
    // Stop after the batch being written: the file stays whole up to its last line.
    if (interrupted) abort.abort();
    interrupted = true;
  });
  const bar = io.stderr.isTTY === true ? new ProgressBar(io.stderr, palette(colorEnabled(io.stderr, io.env))) : undefined;
  const started = Date.now();
  let written = 0;
  let changedTsv = 0;
  let sink: Sink | undefined;
  let cursor: Cursor<unknown> | undefined;
  const target = output ?? 'stdout';
  let failure: unknown;
  try {
    const options: QueryOptions = { bindVars, batchSize, stream: true };
    cursor = await db.aql.execute<unknown>(aql, { ...options, signal: abort.signal });
    sink = output === undefined ? { out: io.stdout, end: () => Promise.resolve() } : fileSink(output, gzip, overwrite);
    let first = true;
    for await (const batch of cursor.batches) {
      let text = '';
      if (type === 'jsonl') {
        for (const d of batch) text += `${JSON.stringify(d) ?? 'null'}\n`;
      } else if (type === 'json') {
        for (const d of batch) {
          text += `${first ? '[\n' : ',\n'}${JSON.stringify(d) ?? 'null'}`;
          first = false;
        }
      } else {
        if (fields === undefined) {
          // No --fields: the attributes of the first batch, in order of first appearance.
          const names = new Set<string>();
          for (const d of batch) if (d !== null && typeof d === 'object' && !Array.isArray(d)) for (const k of Object.keys(d)) names.add(k);
          fields = [...names];
          if (fields.length === 0) throw new Error('the results are not objects with attributes; CSV and TSV need --fields or object results');
        }
        const sep = type === 'csv' ? ',' : '\t';
        if (first) {
          text += `${fields.map((f) => (type === 'csv' ? csvField(f) : tsvField(f).text)).join(sep)}\n`;
          first = false;
        }
        for (const d of batch) {
          const o = d !== null && typeof d === 'object' ? (d as Record<string, unknown>) : {};
          if (type === 'csv') text += `${fields.map((f) => csvField(o[f])).join(sep)}\n`;
          else {
            text += `${fields
              .map((f) => {
                const cell = tsvField(o[f]);
                if (cell.changed) changedTsv++;
                return cell.text;
              })
              .join(sep)}\n`;
          }
        }
      }
      await write(sink.out, text);
      written += batch.length;
      bar?.update({ docs: written, bytes: written, totalBytes: total });
      if (interrupted) break;
    }
    if (type === 'json') await write(sink.out, first ? '[]\n' : '\n]\n');
  } catch (e) {
    failure = e;
  } finally {
    offInterrupt();
    bar?.clear();
    if (cursor !== undefined && (failure !== undefined || interrupted)) await cursor.close().catch(() => undefined);
    // A JSON array cut short is still closed, so the file parses.
    if (failure !== undefined && type === 'json' && written > 0 && sink !== undefined && io.stdout.closed !== true) await write(sink.out, '\n]\n').catch(() => undefined);
    if (sink !== undefined) await sink.end().catch((e: unknown) => (failure ??= e));
  }
  const elapsed = (Date.now() - started) / 1000;
  const what = collection !== undefined ? `${db.name}/${collection}` : `query on ${db.name}`;
  const gz = gzip ? ', gzip' : '';
  if (changedTsv > 0) io.stderr.write(`warning: ${formatCount(changedTsv)} values held tabs or line breaks, written as spaces (--type csv keeps them)\n`);
  if (interrupted) {
    io.stderr.write(
      `export interrupted: ${formatCount(written)}${total === undefined ? '' : ` of ${formatCount(total)}`} documents written to ${target} (${KIND[type]}${gz}); the file is complete up to its last line\n`,
    );
    return EXIT.interrupted;
  }
  if (failure !== undefined) {
    if (written > 0) io.stderr.write(`export stopped: ${formatCount(written)} documents were written to ${target}, complete up to its last line\n`);
    throw failure;
  }
  if (output !== undefined || io.stderr.isTTY === true) {
    io.stderr.write(`exported ${formatCount(written)} documents from ${what} to ${target} (${KIND[type]}${gz}) in ${formatDuration(elapsed)}\n`);
  }
  return EXIT.ok;
}

export const exportCommand: Command = {
  name: 'export',
  summary: 'Export a collection or a query result as JSON Lines, JSON, CSV or TSV, streamed through a cursor.',
  usage: "export (--collection NAME | --query '<AQL>' [--bind NAME=VALUE ...]) [--type jsonl|json|csv|tsv] [--fields A,B] [--output FILE] [--compress-output]",
  options: {
    collection: { type: 'string', short: 'c' },
    query: { type: 'string', short: 'q' },
    'custom-query': { type: 'string' },
    bind: { type: 'string', short: 'b', multiple: true },
    'custom-query-bindvars': { type: 'string' },
    type: { type: 'string' },
    fields: { type: 'string' },
    output: { type: 'string', short: 'o' },
    overwrite: YES_NO,
    'compress-output': YES_NO,
    'documents-per-batch': { type: 'string' },
    'batch-size': { type: 'string' },
  },
  args: { min: 0, max: 0 },
  help: `The documents are read through a streaming cursor one batch at a time and written as they
arrive, so memory stays flat however large the collection. Option names follow arangoexport.

Options:
  -c, --collection NAME        export every document of this collection
  -q, --query AQL              export the results of this query (also --custom-query)
  -b, --bind NAME=VALUE        a bind parameter of the query, as for 'arangots query'
  --custom-query-bindvars JSON bind parameters as one JSON object
  --type TYPE                  jsonl (default: one document per line), json (one array, one
                               document per line), csv or tsv
  --fields A,B,...             CSV/TSV columns (default: the attributes of the first batch)
  -o, --output FILE            write to FILE (default: stdout); refuses an existing FILE unless
                               --overwrite
  --compress-output            gzip the --output file (the default for a name ending in .gz)
  --documents-per-batch N      documents per round trip (default ${DEFAULT_DOCUMENTS_PER_BATCH}; also --batch-size)

CSV is written as 'arangots import' reads it back: strings quoted, numbers and booleans bare,
null and missing attributes empty, objects and arrays as JSON text.

On a terminal, stderr shows the progress. Ctrl-C stops after the batch being written: the file
is complete up to its last line (a JSON array is closed) and the message says how far it got.
When the reader of stdout goes away (| head), the export stops quietly with exit code 0.

Examples:
  arangots export --collection users --output users.jsonl
  arangots export -c users --type csv --fields _key,name,age -o users.csv
  arangots export --query 'FOR o IN orders FILTER o.total > @min RETURN o' --bind min=100 | head
  arangots export -c events --compress-output -o events.jsonl.gz`,
  run: runExport,
};
