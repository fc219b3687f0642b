/**
 * CSV and TSV input for `arangots import`, parsed by csv-parse and sent the way arangoimport sends
 * it: in ArangoDB's tabular import format (`POST /_api/import` without `type`), whose first line is
 * a JSON array of attribute names and every further line a JSON array of one record's values. The
 * server zips the two into a document, so the client builds no objects and repeats no keys.
 * arangoimport's rules (client-tools/Import/ImportHelper.cpp):
 *
 * - the first record (after `--skip-lines`) names the attributes, unless `--headers-file` does;
 *   `--translate from=to` renames them, `--remove-attribute` drops columns;
 * - an empty unquoted field is sent as null, and so is an unquoted `null` under `--convert`: the
 *   server leaves null values out of the document (RestImportHandler's createVelocyPackObject),
 *   so both become a missing attribute; a quoted field is always a string;
 * - with `--convert` (the default) unquoted `true`, `false` and numbers become JSON values;
 *   without it every value is a string;
 * - `_key` is never converted;
 * - a record with more fields than the header, or fewer (unless `--ignore-missing`, which sends
 *   the missing ones as null), is rejected with its line number, as is a record csv-parse cannot
 *   read (with its reason and position); a stray quote inside a field is kept as text.
 *
 * Speed: csv-parse's byte loop is most of the cost, so everything here is one pass per record
 * without per-field objects (csv-parse's `info` and `cast` hooks cost more than the parse itself).
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

/** One record: its values as a JSON array text (matching `DelimitedSource.header`), and the line it starts on. */
export type RowSink = (row: string, line: number) => void;
/** A record that is not imported: its line, the reason, and its text as far as known. */
export type RejectSink = (line: number, reason: string, text: string) => void;

interface RawRecord {
  record: string[];
  raw: string;
}

/**
 * Every line ending, in each file: CRLF, LF and a lone CR (csv-parse would otherwise take the
 * first one it sees for the whole file, and leave a `\r` in the last field of the other lines).
 */
export const RECORD_DELIMITERS = ['\r\n', '\n', '\r'];

const INTEGER = /^[-+]?\d+$/;
const DECIMAL = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/;
const INT64_MAX = 9223372036854775807n;
const INT64_MIN = -9223372036854775808n;

/**
 * The field when it already is a JSON number that --convert keeps as it is: an integer without
 * sign or leading zero that fits a double exactly, or such a number with a fraction (no exponent).
 * Anything else goes the long way (`convertedLiteral`).
 */
function plainNumber(field: string): boolean {
  const n = field.length;
  let i = field.charCodeAt(0) === 45 ? 1 : 0;
  if (i === n || n > 300) return false;
  const first = field.charCodeAt(i);
  // No leading zero ("007"), and no "-0" (arangoimport reads it as the integer 0).
  if (first < 48 || first > 57 || (first === 48 && (i + 1 < n ? field.charCodeAt(i + 1) !== 46 : i === 1))) return false;
  let dot = -1;
  for (; i < n; i++) {
    const c = field.charCodeAt(i);
    if (c === 46) {
      if (dot >= 0 || i === n - 1) return false;
      dot = i;
    } else if (c < 48 || c > 57) {
      return false;
    }
  }
  // Up to 15 digits an integer is exact as a double (and as what the server stores).
  return dot >= 0 || n - (field.charCodeAt(0) === 45 ? 1 : 0) <= 15;
}

/** The JSON text of an unquoted field under --convert, or undefined when it stays a string. */
export function convertedLiteral(field: string): string | undefined {
  // Most text starts with a letter: decided by the first character, before any regular expression.
  const c = field.charCodeAt(0);
  if (c === 116 || c === 102 || c === 110) return field === 'true' || field === 'false' || field === 'null' ? field : undefined;
  if (!((c >= 48 && c <= 57) || c === 45 || c === 43 || c === 46)) return undefined;
  if (plainNumber(field)) return field;
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
 * One pass over a record's raw text (as csv-parse gives it with RECORD_DELIMITERS: the record and
 * the first character of its line ending): marks in `quoted` which fields began with the quote
 * character (csv-parse knows, but tells only through its per-field `cast` hook, which costs ten
 * times the parse) and returns the number of line breaks, CRLF counted once, inside quoted fields
 * and at the end.
 */
export function scanRecord(raw: string, separator: number, quote: number, escape: number, quoted: Uint8Array): number {
  let breaks = 0;
  let field = 0;
  let atStart = true;
  const n = raw.length;
  for (let i = 0; i < n; i++) {
    let c = raw.charCodeAt(i);
    if (atStart) {
      atStart = false;
      if (field < quoted.length) quoted[field] = c === quote ? 1 : 0;
      if (c === quote) {
        // Inside the quotes up to the closing one; an escaped (or doubled) quote does not close.
        for (i++; i < n; i++) {
          c = raw.charCodeAt(i);
          if (c === escape && escape !== quote && raw.charCodeAt(i + 1) === quote) i++;
          else if (c === quote) {
            if (escape === quote && raw.charCodeAt(i + 1) === quote) i++;
            else break;
          } else if (c === 13 || (c === 10 && raw.charCodeAt(i - 1) !== 13)) breaks++;
        }
        continue;
      }
    }
    if (c === separator) {
      field++;
      atStart = true;
    } else if (c === 13 || c === 10) {
      breaks++;
    }
  }
  return breaks;
}

/** Line breaks in a text: CRLF, LF and lone CR each count once. */
export function countBreaks(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 13 || (c === 10 && text.charCodeAt(i - 1) !== 13)) n++;
  }
  return n;
}

/** The raw text without the line breaks around it. */
function trimBreaks(raw: string): string {
  let start = 0;
  let end = raw.length;
  while (start < end && (raw.charCodeAt(start) === 10 || raw.charCodeAt(start) === 13)) start++;
  while (end > start && (raw.charCodeAt(end - 1) === 10 || raw.charCodeAt(end - 1) === 13)) end--;
  return start === 0 && end === raw.length ? raw : raw.slice(start, end);
}

export class DelimitedSource {
  readonly #options: DelimitedOptions;
  readonly #parser: Parser;
  readonly #onRow: RowSink;
  readonly #onReject: RejectSink;
  readonly #separator: number;
  /** -1 when there is no quote character. */
  readonly #quote: number;
  readonly #escape: number;
  /** Per column of the input: 1 when it is sent (not removed, not nameless). */
  #keep: Uint8Array | undefined;
  #columns = 0;
  #keyColumn = -1;
  #quoted = new Uint8Array(64);
  /** The line the next record starts on. */
  #line = 1;
  #failure: Error | undefined;
  readonly #ended: Promise<void>;
  /** The attribute names sent, in column order, and their JSON array text (the first line of every request). */
  names: string[] = [];
  header = '';
  bytesRead = 0;
  /** Records read (the header record not counted). */
  records = 0;
  emptyLines = 0;

  constructor(options: DelimitedOptions, onRow: RowSink, onReject: RejectSink) {
    this.#options = options;
    this.#onRow = onRow;
    this.#onReject = onReject;
    this.#separator = options.separator.charCodeAt(0);
    this.#quote = options.quote === '' ? -1 : options.quote.charCodeAt(0);
    this.#escape = options.backslashEscape ? 92 : this.#quote;
    if (options.headers !== undefined) this.#setHeader([...options.headers]);
    const quote = options.quote;
    this.#parser = parse({
      delimiter: options.separator,
      record_delimiter: RECORD_DELIMITERS,
      quote: quote === '' ? false : quote,
      escape: options.backslashEscape ? '\\' : quote === '' ? null : quote,
      relax_column_count: true,
      // A stray quote inside a field ('a"b', '"x"y') is kept as text: strict parsing would read
      // the rest of the file as one unclosed field and reject every line after it.
      relax_quotes: true,
      skip_records_with_error: true,
      bom: true,
      // The raw text of each record tells which fields were quoted and how many lines it spans.
      raw: true,
    });
    // In flowing mode every record reaches this handler during the write() that completed it.
    this.#parser.on('data', (r: RawRecord) => {
      this.#record(r);
    });
    this.#parser.on('skip', (e: Error & { raw?: string }) => {
      const line = this.#line;
      const raw = e.raw ?? '';
      this.#line += countBreaks(raw);
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

  /** Parses a chunk; its rows and rejects reach the sinks before this returns. */
  feed(chunk: Uint8Array): void {
    if (this.#failure !== undefined) throw this.#failure;
    this.bytesRead += chunk.length;
    // A copy: csv-parse keeps a view of the tail of the first chunk it is given (until the next
    // write), and the file reader reuses its buffer for the next chunk.
    this.#parser.write(Buffer.from(chunk));
  }

  /** After the last chunk: the last record without a line break. */
  async end(): Promise<void> {
    this.#parser.end();
    await this.#ended;
  }

  #setHeader(names: string[]): void {
    const { translate, remove } = this.#options;
    this.#columns = names.length;
    this.#keep = new Uint8Array(names.length);
    if (this.#quoted.length < names.length + 1) this.#quoted = new Uint8Array(names.length + 1);
    names.forEach((raw, i) => {
      const name = translate.get(raw) ?? raw;
      if (remove.has(raw) || remove.has(name) || name === '') return;
      if (name === '_key') this.#keyColumn = i;
      (this.#keep as Uint8Array)[i] = 1;
      this.names.push(name);
    });
    if (this.names.length === 0) throw new Error('no column is left to import: the header names none, or every column was removed');
    this.header = JSON.stringify(this.names);
  }

  #record({ record, raw }: RawRecord): void {
    const line = this.#line;
    const hasQuotes = this.#quote >= 0 && raw.indexOf(this.#options.quote) >= 0;
    if (hasQuotes) {
      if (this.#quoted.length <= record.length) this.#quoted = new Uint8Array(record.length + 1);
      this.#line += scanRecord(raw, this.#separator, this.#quote, this.#escape, this.#quoted);
    } else {
      const last = raw.charCodeAt(raw.length - 1);
      if (last === 10 || last === 13) this.#line++;
    }
    if (line <= this.#options.skipLines) return;
    if (record.length === 1 && record[0] === '') {
      this.emptyLines++;
      return;
    }
    const keep = this.#keep;
    if (keep === undefined) {
      this.#setHeader(record);
      return;
    }
    this.records++;
    const columns = this.#columns;
    if (record.length > columns || (record.length < columns && !this.#options.ignoreMissing)) {
      const hint = record.length < columns ? ' (--ignore-missing imports it without the missing ones)' : '';
      this.#onReject(line, `${record.length} value${record.length === 1 ? '' : 's'} but ${columns} column${columns === 1 ? '' : 's'} in the header${hint}`, trimBreaks(raw));
      return;
    }
    const flags = this.#quoted;
    const convert = this.#options.convert;
    const keyColumn = this.#keyColumn;
    let row = '[';
    let first = true;
    for (let i = 0; i < columns; i++) {
      if (keep[i] === 0) continue;
      const field = record[i];
      let value: string;
      if (field === undefined) value = 'null';
      else if ((hasQuotes && flags[i] === 1) || i === keyColumn) value = JSON.stringify(field);
      else if (field === '') value = 'null';
      else if (convert) value = convertedLiteral(field) ?? JSON.stringify(field);
      else value = JSON.stringify(field);
      if (first) {
        row += value;
        first = false;
      } else {
        row += `,${value}`;
      }
    }
    this.#onRow(`${row}]`, line);
  }
}
