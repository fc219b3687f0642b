/**
 * Finding documents in a byte stream without holding the file and without decoding it: JSON Lines
 * (one document per line) or one JSON array (split into its elements by a small scanner — no
 * element is parsed, only its extent is found). Every structural JSON character is ASCII and UTF-8
 * never uses ASCII bytes inside a multi-byte character, so scanning bytes is exact.
 *
 * The scanner hands each document to a sink as a byte range that is valid only during the call;
 * the sink copies it (into a request buffer). It stops when the sink says the batch is full and
 * resumes where it stopped, so a batch boundary may fall anywhere in a chunk.
 */

export type SourceFormat = 'jsonl' | 'array';

/** Flags of a document handed to the sink. */
export const BREAK_OUTSIDE_STRINGS = 1;
/** Malformed: must not be sent (the reason is in `invalid`). */
export const INVALID = 2;

/**
 * Receives one document: `bytes[start, end)` (valid only during the call), its 1-based line and
 * position in the file, flags, and for INVALID the reason. Returns false when no further document
 * fits the current batch: the scanner then stops after this one.
 */
export type RecordSink = (bytes: Uint8Array, start: number, end: number, line: number, index: number, flags: number, invalid?: string) => boolean;

/** Malformed input that stops the reading (an unclosed array, text after it). */
export class SourceError extends Error {
  override readonly name = 'SourceError';
}

const NL = 10;
const CR = 13;
const SPACE = 32;
const TAB = 9;
const QUOTE = 34;
const BACKSLASH = 92;
const OPEN_SQ = 91;
const CLOSE_SQ = 93;
const OPEN_CURLY = 123;
const CLOSE_CURLY = 125;
const COMMA = 44;

function isSpace(c: number): boolean {
  return c === SPACE || c === TAB || c === NL || c === CR;
}

/** Bytes of a document that began in an earlier chunk. */
class Pending {
  buf = new Uint8Array(0);
  length = 0;

  add(src: Uint8Array, start: number, end: number): void {
    const need = this.length + (end - start);
    if (need > this.buf.length) {
      const next = new Uint8Array(Math.max(need, this.buf.length * 2, 4096));
      next.set(this.buf.subarray(0, this.length));
      this.buf = next;
    }
    this.buf.set(src.subarray(start, end), this.length);
    this.length = need;
  }

  clear(): void {
    this.length = 0;
    // Do not keep a huge buffer after one huge document.
    if (this.buf.length > 1 << 20) this.buf = new Uint8Array(0);
  }
}

/**
 * Scans chunks of a JSON Lines file or a JSON array. Usage: `feed(chunk)`, then `drain(sink)`
 * until it returns true (false means the sink filled a batch: flush it and call drain again);
 * after the last chunk, `end(sink)` (the sink must have room for one more document).
 */
export class RecordScanner {
  #format: SourceFormat | undefined;
  #chunk: Uint8Array = new Uint8Array(0);
  #pos = 0;
  /** Where the current document starts in #chunk, or -1 when it began in an earlier chunk. */
  #docStart = -1;
  #inDoc = false;
  readonly #pending = new Pending();
  #line = 1;
  #docLine = 1;
  #index = 0;
  #atFileStart = true;
  #blankLines = 0;
  emptyLines = 0;
  bytesRead = 0;
  // JSON array state.
  #arrayState: 'before' | 'between' | 'value' | 'after' = 'before';
  #depth = 0;
  #inString = false;
  #escape = false;
  #hasBreak = false;
  #breakInString = false;

  get format(): SourceFormat | undefined {
    return this.#format;
  }

  feed(chunk: Uint8Array): void {
    this.bytesRead += chunk.length;
    let start = 0;
    if (this.#atFileStart) {
      // A UTF-8 byte order mark is not part of the data.
      if (chunk.length >= 3 && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) start = 3;
      if (chunk.length > 0) this.#atFileStart = false;
    }
    this.#chunk = chunk;
    this.#pos = start;
    // A document still open began in an earlier chunk: its bytes so far are in #pending.
    this.#docStart = -1;
  }

  /** Processes the fed chunk; false when the sink asked to stop (call again after flushing). */
  drain(sink: RecordSink): boolean {
    if (this.#format === undefined) {
      const c = this.#chunk;
      let i = this.#pos;
      while (i < c.length && isSpace(c[i] ?? 0)) i++;
      if (i === c.length) {
        // Only blank so far: the format is decided by the first non-blank byte.
        const lines = countNewlines(c, this.#pos, c.length);
        this.#line += lines;
        this.#blankLines += lines;
        this.#pos = c.length;
        return true;
      }
      this.#format = c[i] === OPEN_SQ ? 'array' : 'jsonl';
      // Lines before the first document are empty lines of a JSONL file (those of this chunk are
      // counted when it is read line by line; an array counts its line breaks itself).
      if (this.#format === 'jsonl') this.emptyLines += this.#blankLines;
    }
    const consumed = this.#format === 'array' ? this.#drainArray(sink) : this.#drainLines(sink);
    if (consumed) this.#savePending();
    return consumed;
  }

  /** After the last chunk: the last line without a newline, or the check that the array was closed. */
  end(sink: RecordSink): void {
    if (this.#format === 'jsonl') {
      if (this.#inDoc) this.#emitLine(this.#pending.buf, 0, this.#pending.length, sink);
      this.#inDoc = false;
      this.#pending.clear();
      return;
    }
    if (this.#format === 'array' && this.#arrayState !== 'after') {
      throw new SourceError(`the JSON array is not closed (the file ends at line ${this.#line})`);
    }
  }

  /**
   * The chunk is used up: the caller may overwrite it (fileChunks reuses its buffer), so the
   * bytes of a document still open are copied now.
   */
  #savePending(): void {
    if (!this.#inDoc) return;
    this.#pending.add(this.#chunk, this.#docStart < 0 ? 0 : this.#docStart, this.#chunk.length);
    this.#docStart = -1;
    this.#chunk = new Uint8Array(0);
    this.#pos = 0;
  }

  #drainLines(sink: RecordSink): boolean {
    const c = this.#chunk;
    while (this.#pos < c.length) {
      if (!this.#inDoc) {
        this.#inDoc = true;
        this.#docStart = this.#pos;
      }
      const nl = indexOfByte(c, NL, this.#pos);
      if (nl < 0) {
        this.#pos = c.length;
        return true;
      }
      this.#pos = nl + 1;
      this.#inDoc = false;
      let more: boolean;
      if (this.#docStart < 0) {
        this.#pending.add(c, 0, nl);
        more = this.#emitLine(this.#pending.buf, 0, this.#pending.length, sink);
        this.#pending.clear();
      } else {
        more = this.#emitLine(c, this.#docStart, nl, sink);
      }
      this.#line++;
      if (!more) return false;
    }
    return true;
  }

  #emitLine(b: Uint8Array, start: number, end: number, sink: RecordSink): boolean {
    while (start < end && isSpace(b[start] ?? 0)) start++;
    while (end > start && isSpace(b[end - 1] ?? 0)) end--;
    if (start === end) {
      this.emptyLines++;
      return true;
    }
    this.#index++;
    return sink(b, start, end, this.#line, this.#index, 0);
  }

  /**
   * Tracks strings (with escapes) and bracket depth; a comma or the closing bracket at depth 0
   * ends an element. A raw line break inside a string is invalid JSON and marks the element.
   */
  #drainArray(sink: RecordSink): boolean {
    const c = this.#chunk;
    for (let i = this.#pos; i < c.length; i++) {
      const b = c[i] ?? 0;
      if (this.#arrayState === 'value') {
        if (this.#inString) {
          if (this.#escape) this.#escape = false;
          else if (b === BACKSLASH) this.#escape = true;
          else if (b === QUOTE) this.#inString = false;
          else if (b === NL) {
            this.#breakInString = true;
            this.#line++;
          }
          continue;
        }
        if (b === QUOTE) this.#inString = true;
        else if (b === OPEN_SQ || b === OPEN_CURLY) this.#depth++;
        else if (b === CLOSE_CURLY) this.#depth--;
        else if (b === NL) {
          this.#hasBreak = true;
          this.#line++;
        } else if (b === CLOSE_SQ && this.#depth > 0) this.#depth--;
        else if ((b === COMMA || b === CLOSE_SQ) && this.#depth === 0) {
          this.#arrayState = b === COMMA ? 'between' : 'after';
          this.#pos = i + 1;
          if (!this.#finishElement(c, i, sink)) return false;
        }
        continue;
      }
      if (b === NL) this.#line++;
      if (isSpace(b)) continue;
      switch (this.#arrayState) {
        case 'before':
          if (b !== OPEN_SQ) throw new SourceError(`line ${this.#line}: expected '[' to start a JSON array`);
          this.#arrayState = 'between';
          break;
        case 'between':
          if (b === CLOSE_SQ) {
            if (this.#index > 0) throw new SourceError(`line ${this.#line}: a comma is followed by ']' (trailing comma)`);
            this.#arrayState = 'after';
            break;
          }
          if (b === COMMA) throw new SourceError(`line ${this.#line}: an empty element (two commas)`);
          this.#arrayState = 'value';
          this.#inDoc = true;
          this.#docStart = i;
          this.#docLine = this.#line;
          // Re-read this byte as the element's first.
          i--;
          break;
        case 'after':
          throw new SourceError(`line ${this.#line}: unexpected text after the end of the JSON array`);
      }
    }
    this.#pos = c.length;
    return true;
  }

  /** The element ends just before `end` in the current chunk. */
  #finishElement(c: Uint8Array, end: number, sink: RecordSink): boolean {
    let bytes: Uint8Array = c;
    let start = this.#docStart;
    if (start < 0) {
      this.#pending.add(c, 0, end);
      bytes = this.#pending.buf;
      start = 0;
      end = this.#pending.length;
    }
    while (end > start && isSpace(bytes[end - 1] ?? 0)) end--;
    this.#index++;
    let flags = this.#hasBreak ? BREAK_OUTSIDE_STRINGS : 0;
    let invalid: string | undefined;
    if (this.#breakInString) invalid = 'invalid JSON: a line break inside a string';
    else if (this.#inString || this.#depth !== 0) invalid = 'invalid JSON: unbalanced brackets or quotes';
    if (invalid !== undefined) flags |= INVALID;
    const more = sink(bytes, start, end, this.#docLine, this.#index, flags, invalid);
    this.#pending.clear();
    this.#inDoc = false;
    this.#docStart = -1;
    this.#hasBreak = false;
    this.#breakInString = false;
    this.#inString = false;
    this.#escape = false;
    this.#depth = 0;
    return more;
  }
}

function countNewlines(c: Uint8Array, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) if (c[i] === NL) n++;
  return n;
}

function indexOfByte(c: Uint8Array, byte: number, from: number): number {
  return c.indexOf(byte, from);
}
