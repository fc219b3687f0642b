/**
 * One import request being assembled: documents copied as bytes, one per line, into a buffer that
 * is reused for the next batch once this one was answered. Remembers where each document came
 * from, so the server's "at position N" can be turned back into a line of the file. A tabular
 * batch (CSV and TSV) starts with the header line, and each further line is one row of values.
 */
import { BREAK_OUTSIDE_STRINGS } from './records.js';

const NL = 10;
const CR = 13;
const SPACE = 32;
const INITIAL = 64 * 1024;

export class Batch {
  #buf: Buffer = Buffer.allocUnsafe(INITIAL);
  #length = 0;
  /** Source line, position in the file, and byte offset in the buffer of each document. */
  readonly lines: number[] = [];
  readonly indexes: number[] = [];
  readonly #starts: number[] = [];
  /** Tabular: the header line and the attribute names it holds. */
  #header: string | undefined;
  #names: readonly string[] = [];
  #headerLength = 0;

  get count(): number {
    return this.lines.length;
  }

  get byteLength(): number {
    return this.#length;
  }

  /** Whether this is a tabular batch (sent without `type`, positions counted from 1). */
  get tabular(): boolean {
    return this.#header !== undefined;
  }

  /** Makes an empty batch tabular: the header line comes first, and stays there across resets. */
  setHeader(header: string, names: readonly string[]): void {
    if (this.#header === header) return;
    if (this.count > 0) throw new Error('a batch gets its header before any row');
    this.#header = header;
    this.#names = names;
    this.#length = 0;
    this.#reserve(header.length * 3);
    this.#length = this.#headerLength = this.#buf.write(header, 0, 'utf8');
  }

  #reserve(need: number): void {
    if (need <= this.#buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(need, this.#buf.length * 2));
    next.set(this.#buf.subarray(0, this.#length));
    this.#buf = next;
  }

  /** A document given as JSON text (built by the CSV reader or re-serialised). */
  addText(text: string, line: number, index: number): void {
    const separator = this.#length > 0 ? 1 : 0;
    // UTF-8 needs at most 3 bytes per UTF-16 unit.
    this.#reserve(this.#length + separator + text.length * 3);
    if (separator === 1) this.#buf[this.#length++] = NL;
    const at = this.#length;
    this.#length += this.#buf.write(text, at, 'utf8');
    this.#starts.push(at);
    this.lines.push(line);
    this.indexes.push(index);
  }

  add(bytes: Uint8Array, start: number, end: number, line: number, index: number, flags: number): void {
    const separator = this.#length > 0 ? 1 : 0;
    const need = this.#length + separator + (end - start);
    this.#reserve(need);
    if (separator === 1) this.#buf[this.#length++] = NL;
    const at = this.#length;
    this.#buf.set(bytes.subarray(start, end), at);
    this.#length = need;
    // A document spread over several lines (a pretty-printed array element) must fit one line;
    // line breaks outside strings are just whitespace (inside strings they are invalid anyway).
    if ((flags & BREAK_OUTSIDE_STRINGS) !== 0) {
      for (let i = at; i < need; i++) if (this.#buf[i] === NL || this.#buf[i] === CR) this.#buf[i] = SPACE;
    }
    this.#starts.push(at);
    this.lines.push(line);
    this.indexes.push(index);
  }

  /** The request body: a view, valid until the next reset(). */
  body(): Uint8Array {
    return this.#buf.subarray(0, this.#length);
  }

  /**
   * Document `i` as JSON object text: for a tabular batch the row zipped with the header, without
   * its null values (as the server builds it).
   */
  documentText(i: number): string {
    const text = this.text(i);
    if (this.#header === undefined) return text;
    const values = JSON.parse(text) as unknown[];
    const doc: Record<string, unknown> = {};
    this.#names.forEach((name, j) => {
      if (values[j] !== null && values[j] !== undefined) doc[name] = values[j];
    });
    return JSON.stringify(doc);
  }

  /** The text of line `i` of the batch (a document, or a tabular row). */
  text(i: number): string {
    const start = this.#starts[i];
    if (start === undefined) return '';
    const next = this.#starts[i + 1];
    const end = next === undefined ? this.#length : next - 1;
    return this.#buf.toString('utf8', start, end);
  }

  reset(): void {
    this.#length = this.#headerLength;
    this.lines.length = 0;
    this.indexes.length = 0;
    this.#starts.length = 0;
    // One batch of huge documents should not pin its buffer for the rest of the import.
    if (this.#buf.length > 64 * 1024 * 1024) {
      const header = this.#buf.subarray(0, this.#headerLength);
      this.#buf = Buffer.allocUnsafe(Math.max(INITIAL, header.length));
      this.#buf.set(header);
    }
  }
}
