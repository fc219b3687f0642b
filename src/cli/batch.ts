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
  #buf: Uint8Array = new Uint8Array(INITIAL);
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

  add(bytes: Uint8Array, start: number, end: number, line: number, index: number, flags: number): void {
    const separator = this.#length > 0 ? 1 : 0;
    const need = this.#length + separator + (end - start);
    if (need > this.#buf.length) {
      const next = new Uint8Array(Math.max(need, this.#buf.length * 2));
      next.set(this.#buf.subarray(0, this.#length));
      this.#buf = next;
    }
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
    return Buffer.from(this.#buf.buffer, this.#buf.byteOffset + start, end - start).toString('utf8');
  }

  reset(): void {
    this.#length = 0;
    this.lines.length = 0;
    this.indexes.length = 0;
    this.#starts.length = 0;
    // One batch of huge documents should not pin its buffer for the rest of the import.
    if (this.#buf.length > 64 * 1024 * 1024) this.#buf = new Uint8Array(INITIAL);
  }
}
