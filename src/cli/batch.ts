/**
 * One import request being assembled: documents copied as bytes, one per line, into a buffer that
 * is reused for the next batch once this one was answered. Remembers where each document came
 * from, so the server's "at position N" can be turned back into a line of the file.
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

  get count(): number {
    return this.lines.length;
  }

  get byteLength(): number {
    return this.#length;
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

  /** The text of document `i` of the batch. */
  text(i: number): string {
    const start = this.#starts[i];
    if (start === undefined) return '';
    const next = this.#starts[i + 1];
    const end = next === undefined ? this.#length : next - 1;
    return this.#buf.toString('utf8', start, end);
  }

  reset(): void {
    this.#length = 0;
    this.lines.length = 0;
    this.indexes.length = 0;
    this.#starts.length = 0;
    // One batch of huge documents should not pin its buffer for the rest of the import.
    if (this.#buf.length > 64 * 1024 * 1024) this.#buf = Buffer.allocUnsafe(INITIAL);
  }
}
