/**
 * Reading documents from a stream without holding the file: JSON Lines (one document per line)
 * or one JSON array (split into its elements by a small streaming scanner — no element is parsed,
 * only its extent is found). Either way the caller gets each document as one line of JSON text.
 */
import { StringDecoder } from 'node:string_decoder';

export interface SourceRecord {
  /** The document's JSON text on one line. */
  text: string;
  /** 1-based line of the file where the document starts. */
  line: number;
  /** 1-based position among the documents of the file. */
  index: number;
  /** Set when the record is malformed in a way that must not be sent (the reason). */
  invalid?: string;
}

export type SourceFormat = 'jsonl' | 'array';

/** Malformed input that stops the reading (an unclosed array, text after it). */
export class SourceError extends Error {
  override readonly name = 'SourceError';
}

export interface RecordReader {
  /** Batches of records as they are read (one per input chunk, possibly empty). */
  records: AsyncIterable<SourceRecord[]>;
  /** Bytes consumed so far. */
  readonly bytesRead: number;
  /** Blank lines skipped (JSONL). */
  readonly emptyLines: number;
  /** Detected once the first non-blank byte was read. */
  readonly format: SourceFormat | undefined;
}

const NL = 10;
const CR = 13;
const QUOTE = 34;
const BACKSLASH = 92;
const OPEN_SQ = 91;
const CLOSE_SQ = 93;
const OPEN_CURLY = 123;
const CLOSE_CURLY = 125;
const COMMA = 44;

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === NL || c === CR || c === 0xfeff;
}

/** JSON Lines: blank lines are skipped, a trailing CR is dropped. */
class JsonlScanner {
  #pending = '';
  #line = 0;
  #index = 0;
  empty = 0;

  push(text: string, out: SourceRecord[]): void {
    let start = 0;
    for (;;) {
      const nl = text.indexOf('\n', start);
      if (nl < 0) break;
      const piece = this.#pending === '' ? text.slice(start, nl) : this.#pending + text.slice(start, nl);
      this.#pending = '';
      this.#emit(piece, out);
      start = nl + 1;
    }
    if (start < text.length) this.#pending += text.slice(start);
  }

  end(out: SourceRecord[]): void {
    if (this.#pending !== '') this.#emit(this.#pending, out);
    this.#pending = '';
  }

  #emit(raw: string, out: SourceRecord[]): void {
    this.#line++;
    const text = raw.trim();
    if (text === '') {
      this.empty++;
      return;
    }
    this.#index++;
    out.push({ text, line: this.#line, index: this.#index });
  }
}

/**
 * A JSON array, element by element. Tracks strings (with escapes) and bracket depth; commas and
 * the closing bracket at depth 0 end an element. Line breaks between tokens become spaces so the
 * element fits one line; a raw line break inside a string is invalid JSON and marks the element.
 */
class ArrayScanner {
  #state: 'before' | 'between' | 'value' | 'after' = 'before';
  #depth = 0;
  #inString = false;
  #escape = false;
  #element = '';
  #hasBreak = false;
  #breakInString = false;
  #line = 1;
  #startLine = 1;
  #index = 0;

  push(text: string, out: SourceRecord[]): void {
    let from = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (this.#state === 'value') {
        if (this.#inString) {
          if (this.#escape) this.#escape = false;
          else if (c === BACKSLASH) this.#escape = true;
          else if (c === QUOTE) this.#inString = false;
          else if (c === NL) {
            this.#breakInString = true;
            this.#line++;
          }
          continue;
        }
        if (c === QUOTE) this.#inString = true;
        else if (c === OPEN_SQ || c === OPEN_CURLY) this.#depth++;
        else if (c === CLOSE_CURLY) this.#depth--;
        else if (c === CLOSE_SQ) {
          if (this.#depth === 0) {
            this.#element += text.slice(from, i);
            this.#finish(out);
            this.#state = 'after';
            continue;
          }
          this.#depth--;
        } else if (c === COMMA && this.#depth === 0) {
          this.#element += text.slice(from, i);
          this.#finish(out);
          this.#state = 'between';
        } else if (c === NL) {
          this.#hasBreak = true;
          this.#line++;
        }
        continue;
      }
      if (c === NL) this.#line++;
      if (isSpace(c)) continue;
      switch (this.#state) {
        case 'before':
          if (c !== OPEN_SQ) throw new SourceError(`line ${this.#line}: expected '[' to start a JSON array`);
          this.#state = 'between';
          break;
        case 'between':
          if (c === CLOSE_SQ) {
            if (this.#index > 0) throw new SourceError(`line ${this.#line}: a comma is followed by ']' (trailing comma)`);
            this.#state = 'after';
            break;
          }
          if (c === COMMA) throw new SourceError(`line ${this.#line}: an empty element (two commas)`);
          this.#state = 'value';
          this.#startLine = this.#line;
          from = i;
          // Re-read this character as the element's first.
          i--;
          break;
        case 'after':
          throw new SourceError(`line ${this.#line}: unexpected text after the end of the JSON array`);
      }
    }
    if (this.#state === 'value') this.#element += text.slice(from);
  }

  end(): void {
    if (this.#state === 'before') return;
    if (this.#state !== 'after') throw new SourceError(`the JSON array is not closed (the file ends at line ${this.#line})`);
  }

  #finish(out: SourceRecord[]): void {
    this.#index++;
    let text = this.#element.trim();
    const record: SourceRecord = { text, line: this.#startLine, index: this.#index };
    if (this.#breakInString || this.#inString || this.#depth !== 0) {
      record.invalid = this.#breakInString ? 'invalid JSON: a line break inside a string' : 'invalid JSON: unbalanced brackets or quotes';
      text = text.replace(/[\r\n]+/g, ' ');
      record.text = text;
    } else if (this.#hasBreak) {
      record.text = text.replace(/[\r\n]+/g, ' ');
    }
    out.push(record);
    this.#element = '';
    this.#hasBreak = false;
    this.#breakInString = false;
    this.#inString = false;
    this.#escape = false;
    this.#depth = 0;
  }
}

/**
 * Reads `input` (a byte stream) and yields its documents. The format is detected from the first
 * non-blank character: `[` is a JSON array, anything else JSON Lines.
 */
export function readRecords(input: AsyncIterable<Buffer | string>, stop?: AbortSignal): RecordReader {
  let bytesRead = 0;
  let format: SourceFormat | undefined;
  const jsonl = new JsonlScanner();
  const array = new ArrayScanner();
  async function* records(): AsyncGenerator<SourceRecord[], void, undefined> {
    const decoder = new StringDecoder('utf8');
    let head = '';
    for await (const chunk of stoppable(input, stop)) {
      bytesRead += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length;
      let text = typeof chunk === 'string' ? chunk : decoder.write(chunk);
      const out: SourceRecord[] = [];
      if (format === undefined) {
        head += text;
        const first = head.replace(/^\uFEFF/, '').trimStart();
        if (first === '') continue;
        format = first.startsWith('[') ? 'array' : 'jsonl';
        text = head.replace(/^\uFEFF/, '');
        head = '';
      }
      if (format === 'array') array.push(text, out);
      else jsonl.push(text, out);
      yield out;
    }
    if (stop?.aborted === true) return;
    const rest = decoder.end();
    const out: SourceRecord[] = [];
    if (format === 'array') {
      if (rest !== '') array.push(rest, out);
      array.end();
    } else if (format === 'jsonl') {
      if (rest !== '') jsonl.push(rest, out);
      jsonl.end(out);
    }
    if (out.length > 0) yield out;
  }
  return {
    records: records(),
    get bytesRead() {
      return bytesRead;
    },
    get emptyLines() {
      return jsonl.empty;
    },
    get format() {
      return format;
    },
  };
}

/**
 * The chunks of `input` until `stop` fires: then the iteration ends at once, even while a read is
 * pending (a pipe with no more data), and the input's iterator is closed.
 */
async function* stoppable<T>(input: AsyncIterable<T>, stop: AbortSignal | undefined): AsyncGenerator<T, void, undefined> {
  if (stop === undefined) {
    yield* input;
    return;
  }
  const it = input[Symbol.asyncIterator]();
  const stopped = new Promise<'stopped'>((resolve) => {
    if (stop.aborted) resolve('stopped');
    else stop.addEventListener('abort', () => resolve('stopped'), { once: true });
  });
  try {
    for (;;) {
      const pending = it.next();
      // If the race is lost to `stopped`, the read may still fail when the input is closed.
      pending.catch(() => undefined);
      const next = await Promise.race([pending, stopped]);
      if (next === 'stopped' || next.done === true) return;
      yield next.value;
    }
  } finally {
    // An async iterator queues return() behind a pending next(), which may never settle on an idle
    // pipe: destroy a stream input first (that settles the read), and do not wait for the return.
    const destroy = (input as { destroy?: unknown }).destroy;
    if (stop.aborted && typeof destroy === 'function') destroy.call(input);
    it.return?.().catch(() => undefined);
  }
}
