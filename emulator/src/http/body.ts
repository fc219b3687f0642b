/**
 * Request bodies: reading, `Content-Encoding`, and JSON with a nesting bound. Every limit here
 * answers in ArangoDB's envelope; none of them lets a request grow the process without bound.
 */
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import { gunzip, inflate, type ZlibOptions } from 'node:zlib';
import { ArangoHttpError, httpError } from '../errors.js';
import { headerValue } from './params.js';

/**
 * Request bodies above this, before or after decompression, are refused with 413 (ArangoDB's
 * own HTTP layer stops at 1 GiB; 512 MiB is generous for an in-memory server).
 */
export const MAX_BODY_BYTES = 512 * 1024 * 1024;

/**
 * Arrays and objects may nest this deep in a JSON body (bind variables, documents, user
 * `extra`, …). ArangoDB's parser has no documented bound; the emulator needs one because
 * whatever it stores it must be able to render again (V8's JSON.stringify runs out of stack a
 * few thousand levels down), so deeper input is refused up front with 400 / 600.
 */
export const MAX_JSON_DEPTH = 1000;

const EMPTY = Buffer.alloc(0);

function tooLarge(): ArangoHttpError {
  // ArangoDB answers 413 with an empty body; the emulator adds the envelope (errorNum 400).
  return new ArangoHttpError(413, 400, 'request body too large');
}

/** A request without content-length or transfer-encoding has no body (RFC 9112 §6.3). */
export function hasNoBody(req: IncomingMessage): boolean {
  const h = req.headers;
  const length = h['content-length'];
  return (length === undefined || length === '0') && h['transfer-encoding'] === undefined && h['content-encoding'] === undefined;
}

/** Reads the raw (still encoded) body; past `limit` bytes it is drained, not kept, and 413 follows. */
export function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (b: Buffer) => {
      size += b.length;
      if (size > limit) over = true;
      if (!over) chunks.push(b);
    });
    let ended = false;
    req.once('error', reject);
    // A connection closed before the end: nothing to answer to, but settle the promise.
    req.once('close', () => {
      if (!ended) reject(new Error('request closed before its end'));
    });
    req.once('end', () => {
      ended = true;
      if (over) {
        reject(tooLarge());
        return;
      }
      resolve(chunks.length === 0 ? EMPTY : chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks));
    });
  });
}

/** The `Content-Encoding` (or `Transfer-Encoding`, as ArangoDB reads it) the body needs undoing, if any. */
export function bodyEncoding(headers: IncomingHttpHeaders): 'gzip' | 'deflate' | undefined {
  for (const name of ['transfer-encoding', 'content-encoding'] as const) {
    const v = headerValue(headers[name])?.trim().toLowerCase();
    if (v === 'gzip' || v === 'deflate') return v;
    if (v !== undefined && name === 'transfer-encoding') break;
  }
  return undefined;
}

function unzip(fn: typeof gunzip, raw: Buffer, opts: ZlibOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    fn(raw, opts, (err, out) => (err ? reject(err) : resolve(out)));
  });
}

/**
 * Undoes gzip / deflate, as ArangoDB's CommTask::handleContentEncoding does after
 * authentication: an unauthenticated request with an encoded body gets 403 / 11
 * (`--http.handle-content-encoding-for-unauthenticated-requests` is off by default), a broken
 * stream 400 / 10. The output is capped at `limit` bytes: zlib stops there and the request gets
 * 413, so a small bomb never inflates to gigabytes.
 */
export async function decodeBody(raw: Buffer, encoding: 'gzip' | 'deflate', authenticated: boolean, limit = MAX_BODY_BYTES): Promise<Buffer> {
  if (!authenticated) {
    throw httpError(403, 'ERROR_FORBIDDEN', 'support for handling Content-Encoding headers is turned off for unauthenticated requests');
  }
  try {
    return await unzip(encoding === 'gzip' ? gunzip : inflate, raw, { maxOutputLength: limit });
  } catch (e) {
    if ((e as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE') throw tooLarge();
    throw httpError(400, 'ERROR_BAD_PARAMETER', `a decoding error occurred while handling Content-Encoding: ${encoding}`);
  }
}

/**
 * The nesting depth of JSON text if it exceeds `limit`, else 0. Counts brackets outside
 * strings; text shorter than the limit cannot nest that deep and is not scanned.
 */
export function excessDepth(json: Buffer | string, limit = MAX_JSON_DEPTH): number {
  if (json.length <= limit) return 0;
  const bytes = typeof json === 'string' ? undefined : json;
  const text = typeof json === 'string' ? json : '';
  let depth = 0;
  let inString = false;
  for (let i = 0; i < json.length; i++) {
    const b = bytes !== undefined ? bytes[i] : text.charCodeAt(i);
    if (inString) {
      if (b === 0x5c) i++;
      else if (b === 0x22) inString = false;
      continue;
    }
    if (b === 0x22) inString = true;
    else if (b === 0x5b || b === 0x7b) {
      if (++depth > limit) return depth;
    } else if (b === 0x5d || b === 0x7d) depth--;
  }
  return 0;
}

function corrupted(detail: string): ArangoHttpError {
  return httpError(400, 'ERROR_HTTP_CORRUPTED_JSON', `VPackError error: ${detail}`);
}

/** Parses JSON input: malformed or nested deeper than MAX_JSON_DEPTH → 400 / 600 ERROR_HTTP_CORRUPTED_JSON. */
export function parseJson<T = unknown>(input: Buffer | string): T {
  const text = typeof input === 'string' ? input : input.toString('utf8');
  if (text.trim() === '') throw corrupted('Expecting digit');
  if (excessDepth(input) > 0) throw corrupted(`nesting too deep: arrays and objects may nest at most ${MAX_JSON_DEPTH} levels`);
  try {
    return JSON.parse(text) as T;
  } catch (e) {
    throw corrupted(e instanceof Error ? e.message : 'parse error');
  }
}
