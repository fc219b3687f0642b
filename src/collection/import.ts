/** `POST /_api/import` in chunks (openapi_3.12_import.txt, digest §3.9). */
import { ArangoClientError } from '../errors.js';
import { expectShape } from '../shape.js';
import { assertMultiRequest } from '../job/marker.js';
import type { CallOptions } from '../transport/request.js';
import type { DocumentData } from './documents.js';
import { assertArray, assertDocument, callOptions } from './request-util.js';
import type { CollectionTarget } from './target.js';

export interface ImportOptions extends CallOptions {
  /** What to do when a `_key` exists already. Server default `error`. */
  onDuplicate?: 'error' | 'update' | 'replace' | 'ignore';
  /** All or nothing — per request, so per chunk when the input is split. */
  complete?: boolean;
  /** Return messages for the documents that failed. */
  details?: boolean;
  fromPrefix?: string;
  toPrefix?: string;
  /** Prefix `_from`/`_to` even when they already contain a collection name. */
  overwriteCollectionPrefix?: boolean;
  /** Truncate the collection first. Sent with the first chunk only (later chunks must not truncate). */
  overwrite?: boolean;
  waitForSync?: boolean;
  /** Documents per request (array input) or lines per request (JSONL input). Default 10 000. */
  batchSize?: number;
}

/**
 * What `import()` answers (summed over the chunks sent to `POST /_api/import`): documents created,
 * refused (`errors`), empty lines, updated and ignored (by `onDuplicate`).
 */
export interface ImportResult {
  created: number;
  errors: number;
  empty: number;
  updated: number;
  ignored: number;
  /** Present when `details` was set. Positions in the messages count from the start of each chunk. */
  details?: string[];
}

export const DEFAULT_IMPORT_BATCH = 10_000;

/** Splits JSONL text into chunks of at most `size` non-empty lines. */
export function jsonlChunks(text: string, size: number): string[] {
  const lines = text.split('\n');
  const chunks: string[] = [];
  let current: string[] = [];
  for (const line of lines) {
    if (line.trim() === '') continue;
    current.push(line);
    if (current.length >= size) {
      chunks.push(current.join('\n'));
      current = [];
    }
  }
  if (current.length > 0) chunks.push(current.join('\n'));
  return chunks;
}

export function arrayChunks<D>(docs: readonly D[], size: number): string[] {
  const chunks: string[] = [];
  for (let i = 0; i < docs.length; i += size) {
    let text = '';
    const end = Math.min(i + size, docs.length);
    for (let j = i; j < end; j++) text += (j > i ? '\n' : '') + JSON.stringify(docs[j]);
    chunks.push(text);
  }
  return chunks;
}

export function addImportResult(sum: ImportResult, part: unknown): void {
  if (typeof part !== 'object' || part === null) return;
  const p = part as Partial<Record<keyof ImportResult, unknown>>;
  for (const k of ['created', 'errors', 'empty', 'updated', 'ignored'] as const) {
    const v = p[k];
    if (typeof v === 'number') sum[k] += v;
  }
  if (Array.isArray(p.details)) {
    sum.details ??= [];
    for (const d of p.details) sum.details.push(String(d));
  }
}

/** `Collection.importBulk`: the chunks one after the other, their counts summed. */
export async function importBulk<T extends object>(c: CollectionTarget, data: readonly DocumentData<T>[] | string, opts: ImportOptions | undefined): Promise<ImportResult> {
  // The counts are summed over the chunks' answers, which an async job would not hand back.
  assertMultiRequest(c.connection, 'importBulk');
  const size = opts?.batchSize ?? DEFAULT_IMPORT_BATCH;
  if (!Number.isInteger(size) || size < 1) throw new ArangoClientError(`importBulk batchSize must be a positive integer, got ${String(size)}`);
  let chunks: string[];
  if (typeof data === 'string') chunks = jsonlChunks(data, size);
  else {
    assertArray(data, 'importBulk');
    data.forEach((d, i) => assertDocument(d, `importBulk item ${i}`));
    chunks = arrayChunks(data, size);
  }
  const sum: ImportResult = { created: 0, errors: 0, empty: 0, updated: 0, ignored: 0 };
  if (opts?.details === true) sum.details = [];
  for (let i = 0; i < chunks.length; i++) {
    const part = await c.connection.send(
      { operation: 'collection.importBulk',
        ...callOptions(opts),
        method: 'POST',
        path: '/_api/import',
        query: {
          collection: c.name,
          type: 'documents',
          onDuplicate: opts?.onDuplicate,
          complete: opts?.complete,
          details: opts?.details,
          fromPrefix: opts?.fromPrefix,
          toPrefix: opts?.toPrefix,
          overwriteCollectionPrefix: opts?.overwriteCollectionPrefix,
          overwrite: i === 0 ? opts?.overwrite : undefined,
          waitForSync: opts?.waitForSync,
        },
        rawBody: chunks[i] ?? '',
        contentType: 'text/plain; charset=utf-8',
      },
      (res) => expectShape(res, { created: 'number', errors: 'number' }, 'import'),
    );
    addImportResult(sum, part);
  }
  return sum;
}
