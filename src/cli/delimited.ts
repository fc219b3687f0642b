/**
 * CSV and TSV input for `arangots import`, read by PapaParse (csv-parse from the first record it
 * refuses: see DelimitedSource) and sent the way arangoimport sends it: in ArangoDB's tabular import format (`POST /_api/import` without `type`), whose first line is
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
 *   read (with its reason and position); a stray quote inside a field is kept as text;
 * - what each field becomes (--convert, --datatype, --merge-attributes) is in csv-values.ts.
 *
 * Speed: the parser is most of the cost, so everything here is one pass per record without
 * per-field objects (csv-parse's `info` and `cast` hooks cost more than its parse itself).
 */
import { StringDecoder } from 'node:string_decoder';
import { parse, type Parser } from 'csv-parse';
import Papa from 'papaparse';
import { convertedLiteral, forcedValue, type Datatype, type Merge } from './csv-values.js';

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
  /** --datatype: a type forced on a column (by its name in the input), over --convert and quotes. */
  datatypes?: ReadonlyMap<string, Datatype>;
  /** --merge-attributes: attributes composed of columns and literal text, added to each record. */
  merges?: readonly Merge[];
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

/**
 * Which fields of a record PapaParse read were quoted, from the values it returned: in the raw
 * text a quoted field takes its value's length, its two quotes, one more per doubled quote and
 * any blanks before the separator. Returns the line breaks in the record (inside quotes, where
 * PapaParse's input holds only `newline` ones, and at its end), or -1 when the raw text does not
 * line up (scanRecord reads it then).
 */
export function quotedFields(record: readonly string[], raw: string, quote: string, separator: number, newline: string, quoted: Uint8Array): number {
  const q = quote.charCodeAt(0);
  let pos = 0;
  let breaks = 0;
  for (let i = 0; i < record.length; i++) {
    const value = record[i] as string;
    if (i > 0) {
      if (raw.charCodeAt(pos) !== separator) return -1;
      pos++;
    }
    if (raw.charCodeAt(pos) === q) {
      quoted[i] = 1;
      let doubled = 0;
      for (let j = value.indexOf(quote); j >= 0; j = value.indexOf(quote, j + 1)) doubled++;
      for (let j = value.indexOf(newline); j >= 0; j = value.indexOf(newline, j + newline.length)) breaks++;
      pos += value.length + doubled + 2;
      while (raw.charCodeAt(pos) === 32 || raw.charCodeAt(pos) === 9) pos++;
    } else {
      quoted[i] = 0;
      pos += value.length;
    }
  }
  if (pos === raw.length) return breaks;
  const c = raw.charCodeAt(pos);
  return pos === raw.length - 1 && (c === 10 || c === 13) ? breaks + 1 : -1;
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

/** Line endings PapaParse can be given (one per parser). */
type Newline = '\n' | '\r\n' | '\r';

/**
 * Longest unfinished record the fast parser carries from one chunk to the next: it re-reads the
 * carried text with every chunk, so a record longer than this (an unclosed quote, most likely)
 * goes to csv-parse, which keeps its own state.
 */
const MAX_CARRY = 1024 * 1024;

/** The line ending of a text: the first one in it, or undefined when it has none yet. */
function firstNewline(text: string): Newline | undefined {
  const cr = text.indexOf('\r');
  const lf = text.indexOf('\n');
  if (cr < 0 && lf < 0) return undefined;
  if (cr < 0 || (lf >= 0 && lf < cr)) return '\n';
  if (cr === text.length - 1) return undefined;
  return text.charCodeAt(cr + 1) === 10 ? '\r\n' : '\r';
}

/**
 * Whether `text` holds a line break other than `newline` (a lone CR or LF in a CRLF file, a CR in
 * an LF file, …). `more`: text follows, so a CR at the very end may still be half of a CRLF.
 */
function otherBreaks(text: string, newline: Newline, more: boolean): boolean {
  if (newline === '\n') return text.indexOf('\r') >= 0;
  if (newline === '\r') return text.indexOf('\n') >= 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) if (i === 0 || text.charCodeAt(i - 1) !== 13) return true;
  for (let i = text.indexOf('\r'); i >= 0; i = text.indexOf('\r', i + 1)) {
    if (i === text.length - 1) return !more;
    if (text.charCodeAt(i + 1) !== 10) return true;
  }
  return false;
}

/**
 * Reads CSV and TSV with two well-kept parsers. PapaParse (finds fields with `indexOf`, about five
 * times faster than csv-parse's byte loop) reads the input as long as it is well formed with one
 * kind of line ending. At the first record PapaParse reports an error for (a quote that does not
 * close where it should, an unclosed quote at the end), at the first line ending of another kind,
 * with --backslash-escape, or when a record grows past MAX_CARRY, csv-parse takes over for the
 * rest of the input, from the start of that record: it accepts every line ending in one file, keeps
 * a stray quote as text (arangoimport does not swallow the following lines either) and names what
 * it cannot read. Either way each record arrives with its raw text, from which `scanRecord` learns
 * which fields were quoted and how many lines it spans.
 */
export class DelimitedSource {
  readonly #options: DelimitedOptions;
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
  /** Per column: the type --datatype forces on it; undefined when no column has one. */
  #forced: (Datatype | undefined)[] | undefined;
  /** --merge-attributes with each reference resolved to its column (-1: no such column, or removed). */
  #merges: { steps: (string | number)[]; forced: Datatype | undefined }[] = [];
  /** Said once, at the header: a merge that refers to a column the input does not have. */
  readonly warnings: string[] = [];
  /** The line the next record starts on. */
  #line = 1;
  readonly #decoder = new StringDecoder('utf8');
  #started = false;
  /** Fast path: PapaParse, the line ending it splits on, the text being parsed and the unfinished record carried to the next chunk. */
  #papa: Papa.Parser | undefined;
  #newline: Newline | undefined;
  #input = '';
  #consumed = 0;
  /** Where in #input the record PapaParse refused starts (-1: none). */
  #refusedAt = -1;
  #carry = '';
  /** The careful path: csv-parse, once it has taken over. */
  #careful: Parser | undefined;
  #failure: Error | undefined;
  #ended: Promise<void> | undefined;
  /** The attribute names sent, in column order, and their JSON array text (the first line of every request). */
  names: string[] = [];
  header = '';
  bytesRead = 0;
  /** Records read (the header record not counted). */
  records = 0;
  emptyLines = 0;
  /** Which parser read the end of the input (for tests and profiles). */
  get parser(): 'papaparse' | 'csv-parse' {
    return this.#careful === undefined ? 'papaparse' : 'csv-parse';
  }

  constructor(options: DelimitedOptions, onRow: RowSink, onReject: RejectSink) {
    this.#options = options;
    this.#onRow = onRow;
    this.#onReject = onReject;
    this.#separator = options.separator.charCodeAt(0);
    this.#quote = options.quote === '' ? -1 : options.quote.charCodeAt(0);
    this.#escape = options.backslashEscape ? 92 : this.#quote;
    if (options.headers !== undefined) this.#setHeader([...options.headers]);
    // PapaParse reads only a doubled quote as an escape, and refuses these separators.
    if (options.backslashEscape || Papa.BAD_DELIMITERS.includes(options.separator)) this.#takeOver('');
  }

  /** Parses a chunk; its rows and rejects reach the sinks before this returns. */
  feed(chunk: Uint8Array): void {
    if (this.#failure !== undefined) throw this.#failure;
    this.bytesRead += chunk.length;
    let text = this.#decoder.write(chunk);
    if (!this.#started && text !== '') {
      this.#started = true;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    if (this.#careful !== undefined) this.#careful.write(Buffer.from(text, 'utf8'));
    else this.#fast(text, false);
  }

  /** After the last chunk: the last record without a line break. */
  async end(): Promise<void> {
    if (this.#failure !== undefined) throw this.#failure;
    let rest = this.#decoder.end();
    if (!this.#started && rest.charCodeAt(0) === 0xfeff) rest = rest.slice(1);
    if (this.#careful === undefined) this.#fast(rest, true);
    const careful = this.#careful;
    if (careful === undefined) return;
    if (this.#carry !== '') careful.write(Buffer.from(this.#carry, 'utf8'));
    this.#carry = '';
    careful.end();
    await this.#ended;
  }

  /** PapaParse over the carried record and the next text; hands the rest to csv-parse when it must. */
  #fast(text: string, last: boolean): void {
    const input = this.#carry + text;
    this.#carry = '';
    if (input === '') return;
    if (this.#newline === undefined) {
      const found = firstNewline(input);
      if (found === undefined && !last && input.length <= MAX_CARRY) {
        this.#carry = input;
        return;
      }
      this.#newline = found ?? '\n';
    }
    if (otherBreaks(input, this.#newline, !last)) {
      this.#takeOver(input);
      return;
    }
    const papa = (this.#papa ??= this.#papaParser(this.#newline));
    this.#input = input;
    this.#consumed = 0;
    this.#refusedAt = -1;
    const result = papa.parse(input, 0, !last) as Papa.ParseResult<string[]>;
    this.#input = '';
    if (this.#refusedAt >= 0) {
      this.#takeOver(input.slice(this.#refusedAt));
      return;
    }
    if (last) return;
    const carry = input.slice(result.meta.cursor);
    if (carry.length > MAX_CARRY) this.#takeOver(carry);
    else this.#carry = carry;
  }

  #papaParser(newline: Newline): Papa.Parser {
    const quote = this.#options.quote;
    let parser: Papa.Parser | undefined = undefined;
    parser = new Papa.Parser({
      delimiter: this.#options.separator,
      newline,
      quoteChar: quote,
      escapeChar: quote,
      // Without a quote character every line is split on the separator.
      fastMode: quote === '' ? true : undefined,
      step: (r: Papa.ParseStepResult<string[][]>) => {
        if (this.#refusedAt >= 0) return;
        const start = this.#consumed;
        if (r.errors.length > 0) {
          // csv-parse reads this record and the rest, so the rows and rejects stay in order.
          this.#refusedAt = start;
          parser?.abort();
          return;
        }
        const end = r.meta.cursor;
        this.#consumed = end;
        const record = r.data[0];
        // The raw text as csv-parse gives it: the record and the first character of its line ending.
        const cut = newline === '\r\n' && this.#input.charCodeAt(end - 1) === 10 ? end - 1 : end;
        if (record === undefined) return;
        const raw = this.#input.slice(start, cut);
        if (quote === '' || raw.indexOf(quote) < 0) {
          const last = raw.charCodeAt(raw.length - 1);
          this.#record(record, raw, false, last === 10 || last === 13 ? 1 : 0);
          return;
        }
        if (this.#quoted.length <= record.length) this.#quoted = new Uint8Array(record.length + 1);
        const breaks = quotedFields(record, raw, quote, this.#separator, newline, this.#quoted);
        if (breaks >= 0) this.#record(record, raw, true, breaks);
        else this.#scanned(record, raw);
      },
    });
    return parser;
  }

  /** csv-parse reads the rest of the input, starting with `text` (which starts a record). */
  #takeOver(text: string): void {
    const quote = this.#options.quote;
    const careful = parse({
      delimiter: this.#options.separator,
      record_delimiter: RECORD_DELIMITERS,
      quote: quote === '' ? false : quote,
      escape: this.#options.backslashEscape ? '\\' : quote === '' ? null : quote,
      relax_column_count: true,
      // A stray quote inside a field ('a"b', '"x"y') is kept as text: strict parsing would read
      // the rest of the file as one unclosed field and reject every line after it.
      relax_quotes: true,
      skip_records_with_error: true,
      // The raw text of each record tells which fields were quoted and how many lines it spans.
      raw: true,
    });
    this.#careful = careful;
    // In flowing mode every record reaches this handler during the write() that completed it.
    careful.on('data', (r: RawRecord) => {
      this.#scanned(r.record, r.raw);
    });
    careful.on('skip', (e: Error & { raw?: string }) => {
      const line = this.#line;
      const raw = e.raw ?? '';
      this.#line += countBreaks(raw);
      if (line <= this.#options.skipLines) return;
      this.#onReject(line, `CSV: ${e.message}`, trimBreaks(raw));
    });
    this.#ended = new Promise((resolve, reject) => {
      careful.on('error', (e: Error) => {
        this.#failure = e;
        reject(e);
      });
      careful.on('end', resolve);
    });
    this.#ended.catch(() => undefined);
    if (text !== '') careful.write(Buffer.from(text, 'utf8'));
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
    // Types and merges name the columns as the input does (before --translate), as in arangoimport.
    const datatypes = this.#options.datatypes;
    if (datatypes !== undefined && datatypes.size > 0) this.#forced = names.map((n) => datatypes.get(n));
    for (const merge of this.#options.merges ?? []) {
      const steps = merge.steps.map((step) => {
        if ('literal' in step) return step.literal;
        // A removed column gives nothing, silently (arangoimport); an unknown one is worth a word.
        const column = names.findIndex((n, i) => n === step.column && this.#keep?.[i] === 1);
        if (!names.includes(step.column)) this.warnings.push(`--merge-attributes: no column '${step.column}' to fill attribute '${merge.name}' with`);
        return column;
      });
      this.#merges.push({ steps, forced: datatypes?.get(merge.name) });
      this.names.push(translate.get(merge.name) ?? merge.name);
    }
    this.header = JSON.stringify(this.names);
  }

  /** A record whose quoted fields and line breaks scanRecord finds in its raw text. */
  #scanned(record: string[], raw: string): void {
    const hasQuotes = this.#quote >= 0 && raw.indexOf(this.#options.quote) >= 0;
    if (hasQuotes) {
      if (this.#quoted.length <= record.length) this.#quoted = new Uint8Array(record.length + 1);
      this.#record(record, raw, true, scanRecord(raw, this.#separator, this.#quote, this.#escape, this.#quoted));
    } else {
      const last = raw.charCodeAt(raw.length - 1);
      this.#record(record, raw, false, last === 10 || last === 13 ? 1 : 0);
    }
  }

  /** A record, with `#quoted` set for its fields when `hasQuotes`, spanning `breaks` line breaks. */
  #record(record: string[], raw: string, hasQuotes: boolean, breaks: number): void {
    const line = this.#line;
    this.#line += breaks;
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
    if (this.#forced !== undefined || this.#merges.length > 0) {
      this.#onRow(this.#composed(record, hasQuotes), line);
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

  /** A row under --datatype or --merge-attributes: the values, then the merged attributes. */
  #composed(record: string[], hasQuotes: boolean): string {
    const keep = this.#keep as Uint8Array;
    const forced = this.#forced;
    const merging = this.#merges.length > 0;
    // What a merge takes from each column: the text of the value sent (a string's own text).
    const texts: (string | undefined)[] = [];
    const values: string[] = [];
    for (let i = 0; i < this.#columns; i++) {
      if (keep[i] === 0) continue;
      const field = record[i];
      const type = forced?.[i];
      let value: string;
      let text: string | undefined = field;
      if (field === undefined) value = 'null';
      else if (i === this.#keyColumn) value = JSON.stringify(field);
      else if (type !== undefined) {
        value = forcedValue(type, field);
        if (type !== 'string') text = value;
      } else if (hasQuotes && this.#quoted[i] === 1) value = JSON.stringify(field);
      else if (field === '') value = text = 'null';
      else if (this.#options.convert) {
        const literal = convertedLiteral(field);
        value = literal ?? JSON.stringify(field);
        if (literal !== undefined) text = literal;
      } else value = JSON.stringify(field);
      values.push(value);
      if (merging) texts[i] = text;
    }
    for (const merge of this.#merges) {
      let text = '';
      for (const step of merge.steps) text += typeof step === 'string' ? step : (texts[step] ?? '');
      // The composed text is never converted; an empty one is null (left out), as in arangoimport.
      values.push(merge.forced !== undefined ? forcedValue(merge.forced, text) : text === '' ? 'null' : JSON.stringify(text));
    }
    return `[${values.join(',')}]`;
  }
}
