/**
 * Bodies on the wire: serialising request bodies (with optional compression) and decoding
 * responses (decompression, then one parse straight from the body buffer).
 */
import { promisify } from 'node:util';
import { deflate, gzip, gunzip, inflate, brotliDecompress } from 'node:zlib';
import { ArangoClientError } from '../errors.js';

/** Turns a request body into text or bytes. Default `JSON.stringify`. */
export type Serializer = (value: unknown) => string | Uint8Array;
/** Turns a JSON response text into a value. Default `JSON.parse`. */
export type Deserializer = (text: string) => unknown;

export interface Codec {
  serializer: Serializer;
  deserializer: Deserializer;
}

export const defaultCodec: Codec = { serializer: (value) => JSON.stringify(value), deserializer: (text) => JSON.parse(text) as unknown };

/**
 * Options of `new ArangoClient({ compression })`: gzip or deflate request bodies above a size, and
 * whether to ask for compressed answers.
 */
export interface CompressionOptions {
  /** Compress request bodies of at least this many bytes. Default: never. */
  threshold?: number;
  /** Default 'gzip'. */
  encoding?: 'gzip' | 'deflate';
  /**
   * Ask the server for compressed answers (`accept-encoding: gzip, deflate`). Default false, as in
   * python-arango: on a LAN compression costs more CPU than it saves. Compressed answers are
   * decoded either way.
   */
  acceptEncoding?: boolean;
}

export interface ResolvedCompression {
  threshold: number;
  encoding: 'gzip' | 'deflate';
  acceptEncoding: boolean;
}

export function resolveCompression(options: CompressionOptions | undefined): ResolvedCompression {
  const threshold = options?.threshold ?? Infinity;
  if (typeof threshold !== 'number' || Number.isNaN(threshold) || threshold < 0) {
    throw new ArangoClientError(`compression.threshold must be a non-negative number of bytes, got ${String(threshold)}`);
  }
  const encoding = options?.encoding ?? 'gzip';
  if (encoding !== 'gzip' && encoding !== 'deflate') {
    throw new ArangoClientError(`compression.encoding must be 'gzip' or 'deflate', got ${JSON.stringify(encoding)}`);
  }
  return { threshold, encoding, acceptEncoding: options?.acceptEncoding ?? false };
}

const gzipAsync = promisify(gzip);
const deflateAsync = promisify(deflate);
const gunzipAsync = promisify(gunzip);
const inflateAsync = promisify(inflate);
const brotliAsync = promisify(brotliDecompress);

export function byteLength(body: string | Uint8Array): number {
  return typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength;
}

/**
 * Whether `body` has at least `threshold` bytes once UTF-8 encoded. Counting the bytes of a string
 * scans all of it (5 % of the client CPU of a 1 000-document insert), so the bounds decide first:
 * UTF-8 takes 1 to 3 bytes per UTF-16 unit, and the default threshold (Infinity) needs no look.
 */
export function reachesBytes(body: string | Uint8Array, threshold: number): boolean {
  if (threshold === Infinity) return false;
  if (typeof body !== 'string') return body.byteLength >= threshold;
  if (body.length >= threshold) return true;
  if (body.length * 3 < threshold) return false;
  return Buffer.byteLength(body) >= threshold;
}

/** @internal */
export async function compress(body: string | Uint8Array, encoding: 'gzip' | 'deflate'): Promise<Buffer> {
  return encoding === 'gzip' ? gzipAsync(body) : deflateAsync(body);
}

/** Undoes `content-encoding` (gzip, deflate, br); unknown encodings are an error. */
export async function decompress(body: Uint8Array, encoding: string): Promise<Uint8Array> {
  switch (encoding.trim().toLowerCase()) {
    case '':
    case 'identity':
      return body;
    case 'gzip':
    case 'x-gzip':
      return gunzipAsync(body);
    case 'deflate':
      return inflateAsync(body);
    case 'br':
      return brotliAsync(body);
    default:
      throw new Error(`unsupported content-encoding ${JSON.stringify(encoding)}`);
  }
}

export function isJsonContentType(contentType: string | string[] | undefined): boolean {
  if (contentType === undefined) return true;
  const value = Array.isArray(contentType) ? (contentType[0] ?? '') : contentType;
  return value.startsWith('application/json') || value.includes('+json') || value === '';
}

export function toText(body: Uint8Array): string {
  return Buffer.isBuffer(body) ? body.toString('utf8') : Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8');
}

/** @internal */
export function toBuffer(body: Uint8Array): Buffer {
  return Buffer.isBuffer(body) ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
}
