/**
 * CSV and TSV input for `arangots import`, parsed by csv-parse and turned into one JSON document
 * per record with arangoimport's rules:
 *
 * - the first record (after `--skip-lines`) names the attributes, unless `--headers-file` does;
 *   `--translate from=to` renames them, `--remove-attribute` drops columns;
 * - an empty unquoted field leaves the attribute out (arangoimport sends null, which the server's
 *   tabular import drops); a quoted field is always a string;
 * - with `--convert` (the default) unquoted `true`, `false`, `null` and numbers become JSON
 *   literals (`null` leaves the attribute out); without it every value is a string;
 * - `_key` is never converted;
 * - a record with more fields than the header, or fewer (unless `--ignore-missing`), is rejected
 *   with its line number, as is a record csv-parse cannot read (with its reason and position);
 *   a stray quote inside a field is kept as text.
 *
 * The JSON text is built directly from the fields (keys are encoded once), so a million records
 * cost one string each, not an object and a JSON.stringify.
 */
import { parse, type Parser } from 'csv-parse';

export interface DelimitedOptions {
  /** One character. */
  separator: string;
  /** One character, or '' for none (TSV). */
  quote: string;
  /** A backslash escapes the quote character (otherwise the quote is doubled). */
  backslashEscape: boolean;
  convert: boolean;
  /** Lines skipped at the start of the input, before the header. */
  skipLines: number;
  /** Attribute names from --headers-file; undefined: the first record holds them. */
  headers: readonly string[] | undefined;
  translate: ReadonlyMap<string, string>;
  remove: ReadonlySet<string>;
  ignoreMissing: boolean;
}

/** One document: its JSON text and the line its record starts on. */
export type DocumentSink = (json: string, line: number) => void;
/** A record that is not imported: its line, the reason, and its text as far as known. */
export type RejectSink = (line: number, reason: string, text: string) => void;

interface RawRecord {
  record: string[];
  raw: string;
}

const INTEGER = /^[-+]?\d+$/;
const DECIMAL = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/;
const INT64_MAX = 9223372036854775807n;
const INT64_MIN = -9223372036854775808n;

/** The JSON text of an unquoted field under --convert, or undefined when it stays a string. */
export function convertedLiteral(field: string): string | undefined {
  // Most text starts with a letter: decided by the first character, before any regular expression.
  const c = field.charCodeAt(0);
  if (c === 116 || c === 102 || c === 110) return field === 'true' || field === 'false' || field === 'null' ? field : undefined;
  if (!((c >= 48 && c <= 57) || c === 45 || c === 43 || c === 46)) return undefined;
  if (INTEGER.test(field)) {
    const n = Number(field);
    if (Number.isSafeInteger(n)) return String(n);
    // Beyond 2^53 the digits are kept exactly (the server stores 64-bit integers); beyond int64
    // arangoimport keeps the text, and so do we.
    const big = BigInt(field);
    return big <= INT64_MAX && big >= INT64_MIN ? big.toString() : undefined;
  }
  if (DECIMAL.test(field)) {
    const n = Number(field);
    return Number.isFinite(n) ? String(n) : undefined;
  }
  return undefined;
}

/**
 * Which fields of a raw record were quoted. csv-parse knows this per field but exposes it only
 * through its per-field `cast` hook, which costs ten times the parse itself; the raw record text
 * answers the same question in one pass (and only records containing the quote character need it).
 */
export function quotedFields(raw: string, separator: string, quote: string, escape: string): boolean[] {
  const out: boolean[] = [];
  let i = 0;
  // The raw text may begin with the previous record's line break.
  while (raw[i] === '\r' || raw[i] === '\n') i++;
  for (;;) {
    if (raw[i] === quote) {
      out.push(true);
      i++;
      for (; i < raw.length; i++) {
        const c = raw[i];
        if (c === escape && escape !== quote && raw[i + 1] === quote) i++;
        else if (c === quote) {
          if (escape === quote && raw[i + 1] === quote) i++;
          else break;
        }
      }
      i++;
    } else {
      out.push(false);
    }
    while (i < raw.length && raw[i] !== separator && raw[i] !== '\n' && raw[i] !== '\r') i++;
    if (raw[i] !== separator) return out;
    i++;
  }
}

/** The raw text without the line breaks csv-parse leaves around it. */
function trimBreaks(raw: string): string {
  let start = 0;
  let end = raw.length;
  while (start < end && (raw.charCodeAt(start) === 10 || raw.charCodeAt(start) === 13)) start++;
  while (end > start && (raw.charCodeAt(end - 1) === 10 || raw.charCodeAt(end - 1) === 13)) end--;
  return start === 0 && end === raw.length ? raw : raw.slice(start, end);
}

/**
 * Line breaks in a record's raw text: CRLF, LF and lone CR each count once. With CRLF records
 * csv-parse's raw text may end in the CR and leave the LF out, or start the next record with it;
 * `afterCR` says whether the previous raw text ended in a CR.
 */
export function countBreaks(text: string, afterCR: boolean): number {
  let n = 0;
  let prevCR = afterCR;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 13) n++;
    else if (c === 10 && !prevCR) n++;
    prevCR = c === 13;
  }
  return n;
}

export class DelimitedSource {
  readonly #options: DelimitedOptions;
  readonly #parser: Parser;
  readonly #onDoc: DocumentSink;
  readonly #onReject: RejectSink;
  /** Per column: `"name":` ready to be written, or null for a removed column. */
  #keys: (string | null)[] | undefined;
  #keyColumn = -1;
  /** The line the next record starts on. */
  #line = 1;
  #afterCR = false;
  #failure: Error | undefined;
  readonly #ended: Promise<void>;
  bytesRead = 0;
  /** Records read (the header record not counted). */
  records = 0;
  emptyLines = 0;

  constructor(options: DelimitedOptions, onDoc: DocumentSink, onReject: RejectSink) {
    this.#options = options;
    this.#onDoc = onDoc;
    this.#onReject = onReject;
    if (options.headers !== undefined) this.#setHeader([...options.headers]);
    const quote = options.quote;
    this.#parser = parse({
      delimiter: options.separator,
      quote: quote === '' ? false : quote,
      escape: options.backslashEscape ? '\\' : quote === '' ? null : quote,
      relax_column_count: true,
      // A stray quote inside a field ('a"b', '"x"y') is kept as text: strict parsing would read
      // the rest of the file as one unclosed field and reject every line after it.
      relax_quotes: true,
      skip_records_with_error: true,
      bom: true,
      // The raw text of each record tells which fields were quoted and how many lines it spans.
      // (Line numbers are counted here: csv-parse's per-record info object, built by on_record or
      // `info`, costs more than the parse itself.)
      raw: true,
    });
    // In flowing mode every record reaches this handler during the write() that completed it.
    this.#parser.on('data', (r: RawRecord) => {
      this.#record(r);
    });
    this.#parser.on('skip', (e: Error & { raw?: string }) => {
      const line = this.#line;
      const raw = e.raw ?? '';
      this.#advance(raw);
      if (line <= this.#options.skipLines) return;
      this.#onReject(line, `CSV: ${e.message}`, trimBreaks(raw));
    });
    this.#ended = new Promise((resolve, reject) => {
      this.#parser.on('error', (e: Error) => {
        this.#failure = e;
        reject(e);
      });
      this.#parser.on('end', resolve);
    });
    this.#ended.catch(() => undefined);
  }

  /** Parses a chunk; its documents and rejects reach the sinks before this returns. */
  feed(chunk: Uint8Array): void {
    if (this.#failure !== undefined) throw this.#failure;
    this.bytesRead += chunk.length;
    this.#parser.write(chunk);
  }

  /** After the last chunk: the last record without a line break. */
  async end(): Promise<void> {
    this.#parser.end();
    await this.#ended;
  }

  #setHeader(names: string[]): void {
    const { translate, remove } = this.#options;
    this.#keys = names.map((raw, i) => {
      const name = translate.get(raw) ?? raw;
      if (name === '_key') this.#keyColumn = i;
      return remove.has(raw) || remove.has(name) || name === '' ? null : `${JSON.stringify(name)}:`;
    });
  }

  #advance(raw: string): void {
    this.#line += countBreaks(raw, this.#afterCR);
    if (raw.length > 0) this.#afterCR = raw.charCodeAt(raw.length - 1) === 13;
  }

  #record({ record, raw }: RawRecord): void {
    const line = this.#line;
    this.#advance(raw);
    if (line <= this.#options.skipLines) return;
    if (record.length === 1 && record[0] === '') {
      this.emptyLines++;
      return;
    }
    const body = trimBreaks(raw);
    if (this.#keys === undefined) {
      this.#setHeader(record);
      return;
    }
    this.records++;
    const keys = this.#keys;
    if (record.length > keys.length || (record.length < keys.length && !this.#options.ignoreMissing)) {
      const hint = record.length < keys.length ? ' (--ignore-missing imports it without the missing ones)' : '';
      this.#onReject(line, `${record.length} value${record.length === 1 ? '' : 's'} but ${keys.length} column${keys.length === 1 ? '' : 's'} in the header${hint}`, body);
      return;
    }
    const { quote, separator, convert } = this.#options;
    const quoted = quote !== '' && body.includes(quote) ? quotedFields(body, separator, quote, this.#options.backslashEscape ? '\\' : quote) : undefined;
    let json = '{';
    for (let i = 0; i < record.length; i++) {
      const key = keys[i];
      if (key === null || key === undefined) continue;
      const field = record[i] ?? '';
      const isQuoted = quoted?.[i] === true;
      let value: string | undefined;
      if (isQuoted || i === this.#keyColumn) value = JSON.stringify(field);
      else if (field === '') value = undefined;
      else if (convert) value = convertedLiteral(field) ?? JSON.stringify(field);
      else value = JSON.stringify(field);
      if (value === undefined || value === 'null') continue;
      if (json.length > 1) json += ',';
      json += key + value;
    }
    this.#onDoc(`${json}}`, line);
  }
}
