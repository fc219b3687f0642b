/**
 * Reading an answer: the body decoded (content encoding, JSON through the handle's codec) and an
 * error status turned into an ArangoServerError with ArangoDB's envelope and no credential-bearing
 * header. Used by the transport's retry loop; knows nothing about hosts or retries.
 */
import { STATUS_CODES } from 'node:http';
import { ArangoServerError, BadResponseError } from '../errors.js';
import { decompress, isJsonContentType, toBuffer, toText, type Codec } from './codec.js';
import type { HttpResponse } from './http-client.js';
import type { RequestSpec } from './request.js';

const SECRET_HEADER = /auth|cookie|token|secret|passw|session/i;

/** Synchronous on purpose: the common answer needs no await after the HTTP layer's. */
export function parseBody(raw: Uint8Array, res: HttpResponse, hostId: string, responseType: RequestSpec['responseType'], codec: Codec): unknown {
  if (responseType === 'buffer') return toBuffer(raw);
  if (raw.byteLength === 0) return responseType === 'text' ? '' : undefined;
  if (responseType === 'text' || !isJsonContentType(res.headers['content-type'])) return toText(raw);
  try {
    return codec.deserializer(toText(raw));
  } catch (err) {
    throw new BadResponseError({ message: `the answer of ${hostId} (HTTP ${res.status}) is not valid JSON: ${err instanceof Error ? err.message : String(err)}`, hostId, httpCode: res.status, cause: err });
  }
}

/** The body without its content encoding. */
export async function rawBody(res: HttpResponse, hostId: string): Promise<Uint8Array> {
  const encoding = res.headers['content-encoding'];
  if (encoding === undefined || res.body.byteLength === 0) return res.body;
  try {
    return await decompress(res.body, Array.isArray(encoding) ? encoding.join(',') : encoding);
  } catch (err) {
    throw new BadResponseError({ message: `the answer of ${hostId} (HTTP ${res.status}) could not be decompressed: ${err instanceof Error ? err.message : String(err)}`, hostId, httpCode: res.status, cause: err });
  }
}

/** An error answer as an ArangoServerError (envelope read if there is one). */
export async function serverError(res: HttpResponse, hostId: string, method: string, pathOnly: string): Promise<ArangoServerError> {
  let envelope: unknown;
  try {
    const raw = await rawBody(res, hostId);
    if (raw.byteLength > 0) {
      const text = toText(raw);
      envelope = isJsonContentType(res.headers['content-type']) ? (JSON.parse(text) as unknown) : text;
    }
  } catch {
    envelope = undefined;
  }
  const record = typeof envelope === 'object' && envelope !== null ? (envelope as Record<string, unknown>) : undefined;
  const errorNum = typeof record?.errorNum === 'number' ? record.errorNum : 0;
  const errorMessage = typeof record?.errorMessage === 'string' && record.errorMessage !== '' ? record.errorMessage : (STATUS_CODES[res.status] ?? `HTTP ${res.status}`);
  return new ArangoServerError({
    httpCode: res.status,
    errorNum,
    errorMessage,
    method,
    url: hostId + pathOnly,
    hostId,
    headers: safeHeaders(res.headers),
    body: envelope,
  });
}

function safeHeaders(headers: HttpResponse['headers']): Record<string, string | string[] | undefined> {
  const out: Record<string, string | string[] | undefined> = {};
  for (const name in headers) if (!SECRET_HEADER.test(name)) out[name] = headers[name];
  return out;
}
