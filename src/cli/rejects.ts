/**
 * Rejected documents of an import: the file they are written to (`--rejects`), and the reasons —
 * the server's, placed on the line the document came from, or a local one with detail where the
 * server only says "probably parse error".
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { write } from './io.js';

export interface Rejected {
  line: number;
  /** Position of the document in the input (1-based), for a JSON array's `element`. */
  index: number;
  reason: string;
  document: string;
}

/** `at position N: <reason>, offending document: …` → the batch index and the reason. */
export function parseDetail(detail: string): { position: number; reason: string } | undefined {
  const m = /^at position (\d+): ([\s\S]*?)(?:, offending (?:document|context): [\s\S]*)?$/.exec(detail);
  if (m === null) return undefined;
  return { position: Number(m[1]), reason: m[2] ?? detail };
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return 'a string';
  if (typeof value === 'number') return 'a number';
  if (typeof value === 'boolean') return 'a boolean';
  return typeof value;
}

/**
 * What is wrong with a document's JSON text, or undefined when it is a JSON object. The parse
 * error names the position (counted from 1 within the document) and what was found there.
 */
export function jsonProblem(text: string): string | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const at = /at position (\d+)/.exec(message);
    const position = at === null ? undefined : Number(at[1]);
    // V8's wording differs between versions; keep its first clause and add our own position.
    const what = message.replace(/\s*(?:in JSON )?at position \d+.*$/s, '').replace(/,\s*(?:\.\.\.)?"[\s\S]*" is not valid JSON$/, '');
    if (position === undefined) return `invalid JSON: ${what}`;
    const near = text.slice(position, position + 12);
    return `invalid JSON at character ${position + 1}: ${what}${near === '' ? ' (the document ends there)' : ` near ${JSON.stringify(near)}`}`;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return `expecting a JSON object, got ${kindOf(value)}`;
  return undefined;
}

/** An error of the insert itself (unique constraint, …), numbered among the documents that reached it. */
export function isInsertError(reason: string): boolean {
  return reason.startsWith('creating document failed');
}

/** The server's "invalid JSON type (expecting object, probably parse error)" for a document we can say more about. */
export function isParseErrorReason(reason: string): boolean {
  return /expecting object|parse error/i.test(reason);
}

/** Writes rejected documents as JSON Lines: `{ line, element?, reason, document }`. */
export class RejectsFile {
  readonly #stream: WriteStream;
  readonly #array: boolean;
  #failed: Error | undefined;
  count = 0;

  constructor(
    readonly path: string,
    array: boolean,
  ) {
    this.#array = array;
    this.#stream = createWriteStream(path, { flags: 'w' });
    this.#stream.on('error', (e) => {
      this.#failed = e;
    });
  }

  async add(r: Rejected): Promise<void> {
    if (this.#failed !== undefined) throw new Error(`cannot write rejects file '${this.path}': ${this.#failed.message}`);
    this.count++;
    const entry = this.#array ? { line: r.line, element: r.index, reason: r.reason, document: r.document } : { line: r.line, reason: r.reason, document: r.document };
    await write(this.#stream, `${JSON.stringify(entry)}\n`);
  }

  close(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#stream.end(() => {
        if (this.#failed !== undefined) reject(new Error(`cannot write rejects file '${this.path}': ${this.#failed.message}`));
        else resolve();
      });
    });
  }
}
