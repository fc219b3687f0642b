/**
 * What `arangots import` was asked to do: its options (arangoimport's names and meanings), checked
 * into a Plan before anything is read or sent (a bad one is a usage error, exit 64), the format
 * the input is in, and the help text that describes them. The run loop is in import.ts.
 */
import { readFile } from 'node:fs/promises';
import { parse as parseSync } from 'csv-parse/sync';
import { booleanOption, bytesOption, flag, numberOption, stringList, stringOption, UsageError, YES_NO, type OptionSpecs, type OptionValues } from '../args.js';
import type { CommandContext } from '../command.js';
import { DATATYPES, parseMerge, type Datatype, type Merge } from '../csv-values.js';
import { RECORD_DELIMITERS, type DelimitedOptions } from '../delimited.js';
import { formatCount } from '../progress.js';

/**
 * Bytes of documents per request. Small enough that reading the next batch overlaps the server's
 * work from the first batch on (a whole file in a few 8 MiB batches would be read before most of
 * it is sent), large enough that the per-request cost vanishes (about 10 000 small documents).
 */
export const DEFAULT_BATCH_BYTES = 1024 * 1024;
export const DEFAULT_THREADS = 2;
/** arangoimport's default for --max-errors (3.12). */
export const DEFAULT_MAX_ERRORS = 20;
/** Exit code when the import finished but some documents were rejected. */
export const EXIT_REJECTED = 3;
export const ON_DUPLICATE = ['error', 'update', 'replace', 'ignore'] as const;
export const TYPES = ['auto', 'jsonl', 'json', 'csv', 'tsv'] as const;
export type InputType = Exclude<(typeof TYPES)[number], 'auto'>;
export const KIND: Record<InputType | 'array', string> = { jsonl: 'JSON Lines', json: 'JSON', array: 'JSON array', csv: 'CSV', tsv: 'TSV' };

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

export interface Plan {
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
  /** Stop sending once this many documents were rejected (--max-errors). */
  maxErrors: number;
  delimited: Omit<DelimitedOptions, 'separator' | 'quote' | 'headers'> & { separator: string | undefined; quote: string | undefined; headersFile: string | undefined };
}

/** --datatype ATTR=TYPE, as arangoimport checks it (ImportFeature::validateOptions). */
function datatypes(values: OptionValues, command: string): Map<string, Datatype> {
  const out = new Map<string, Datatype>();
  for (const d of stringList(values, 'datatype')) {
    const eq = d.indexOf('=');
    const name = eq < 0 ? '' : d.slice(0, eq).trim();
    const type = eq < 0 ? '' : d.slice(eq + 1).trim();
    if (name === '' || !(DATATYPES as readonly string[]).includes(type)) throw new UsageError(`invalid --datatype '${d}': valid types are ${DATATYPES.join(', ')} (ATTR=TYPE)`, command);
    out.set(name, type as Datatype);
  }
  return out;
}

function merges(values: OptionValues, command: string): Merge[] {
  return stringList(values, 'merge-attributes').map((m) => {
    const merge = parseMerge(m);
    if (typeof merge === 'string') throw new UsageError(`wrong syntax in --merge-attributes '${m}': ${merge} (NAME=[column]literal[column]…)`, command);
    return merge;
  });
}

/** Every option checked before anything is read or sent (bad ones are usage errors, exit 64). */
export function plan(ctx: CommandContext): Plan {
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
  const csvOnly = ['separator', 'quote', 'headers-file', 'skip-lines', 'translate', 'ignore-missing', 'backslash-escape', 'datatype', 'merge-attributes'].filter((o) => v[o] !== undefined);
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
    maxErrors: numberOption(v, 'max-errors', cmd, { min: 1, integer: true }) ?? DEFAULT_MAX_ERRORS,
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
      datatypes: datatypes(v, cmd),
      merges: merges(v, cmd),
    },
  };
}

/** The attribute names of --headers-file: its first record, read with the input's separator and quote. */
export async function readHeaders(path: string, options: DelimitedOptions): Promise<string[]> {
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

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024 && n % (1024 * 1024) === 0) return `${n / (1024 * 1024)} MiB`;
  if (n >= 1024 && n % 1024 === 0) return `${n / 1024} KiB`;
  return `${formatCount(n)} bytes`;
}

export const IMPORT_OPTIONS: OptionSpecs = {
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
  'max-errors': { type: 'string' },
  datatype: { type: 'string', multiple: true },
  'merge-attributes': { type: 'string', multiple: true },
};

export const IMPORT_HELP = `FILE is JSON Lines (one document per line), one JSON array of documents, CSV or TSV; '-'
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
  --max-errors N               stop sending after N rejected documents (default ${DEFAULT_MAX_ERRORS}, as
                               arangoimport); the batches in flight finish, the summary says how
                               to resume
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
  --datatype COLUMN=TYPE       force number, boolean, null or string on a column (over --convert
                               and quotes; not _key): a non-number becomes 0, false/null/0 false
                               and anything else true (may be repeated)
  --merge-attributes NAME=[a]-[b]  add attribute NAME made of columns a and b and literal text
                               ('-' here); always a string, left out when empty (may be repeated)
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
  zcat events.jsonl.gz | arangots import - -c events --type jsonl`;
