/**
 * Answers as arangod writes them: the headers every response carries, the body bytes and their
 * content type, ArangoDB's error envelope for a thrown error (and its internal error for a bug),
 * the CORS preflight.
 */
import type { IncomingMessage } from 'node:http';
import { ArangoHttpError, httpError } from '../errors.js';
import { preflightHeaders } from './cors.js';
import { headerValue } from './params.js';
import type { EmuResponse } from './router.js';

export const EMPTY = Buffer.alloc(0);
export const NO_HEADERS: Readonly<Record<string, string>> = Object.freeze({});
export const JSON_TYPE = 'application/json; charset=utf-8';
const TEXT_TYPE = 'text/plain; charset=utf-8';

/** Headers every ArangoDB 3.12 response carries (a literal: V8 builds it with one fixed shape). */
export function baseHeaders(queueTime: string): Record<string, string> {
  return {
    server: 'ArangoDB',
    'x-arango-queue-time-seconds': queueTime,
    'x-content-type-options': 'nosniff',
    'content-security-policy': "frame-ancestors 'self'; form-action 'self';",
    'cache-control': 'no-cache, no-store, must-revalidate, pre-check=0, post-check=0, max-age=0, s-maxage=0',
    pragma: 'no-cache',
    expires: '0',
    'strict-transport-security': 'max-age=31536000 ; includeSubDomains',
  };
}

/** `OPTIONS` for any path, before authentication (see cors.ts). */
export function preflight(req: IncomingMessage): EmuResponse {
  return { status: 200, headers: preflightHeaders(headerValue(req.headers.origin), headerValue(req.headers['access-control-request-headers'])), rawBody: '' };
}

export function errorResponse(e: unknown, reqHeaders: IncomingMessage['headers']): EmuResponse {
  if (e instanceof ArangoHttpError) {
    const headers = { ...e.headers };
    if (reqHeaders['x-omit-www-authenticate'] !== undefined) delete headers['www-authenticate'];
    return { status: e.status, body: e.envelope(), headers };
  }
  // A bug in a handler: answer ArangoDB's internal error without exposing details.
  return { status: 500, body: { error: true, code: 500, errorNum: 4, errorMessage: 'internal error' } };
}

/**
 * arangod names a type on every answer: an answer without a body keeps HttpResponse's default,
 * text/plain (the recorded 202 of an async request, the 204 of a pending job, the 304 of
 * If-None-Match), and a HEAD answer the JSON type of the GET it stands for.
 */
export function defaultContentType(method: string, headers: Record<string, string>): void {
  headers['content-type'] ??= method === 'HEAD' ? JSON_TYPE : TEXT_TYPE;
}

/** Copies the context's and the answer's headers into `headers` and returns the body bytes. */
export function render(out: EmuResponse, ctxHeaders: Readonly<Record<string, string>>, headers: Record<string, string>): Buffer {
  for (const k in ctxHeaders) headers[k] = ctxHeaders[k] as string;
  const own = out.headers;
  if (own !== undefined) for (const k in own) headers[k] = own[k] as string;
  if (out.rawBody !== undefined) {
    const body = typeof out.rawBody === 'string' ? Buffer.from(out.rawBody, 'utf8') : out.rawBody;
    if (headers['content-type'] === undefined && body.length > 0) headers['content-type'] = TEXT_TYPE;
    return body;
  }
  if (out.body !== undefined) {
    headers['content-type'] ??= JSON_TYPE;
    return Buffer.from(serialise(out.body), 'utf8');
  }
  return EMPTY;
}

/**
 * JSON text of an answer. A value V8 cannot serialise (nested deeper than its stack allows, or
 * a string past its length limit) becomes ArangoDB's internal error for this one answer,
 * instead of an exception that would drop the connection or an async job's result.
 */
function serialise(body: unknown): string {
  try {
    return JSON.stringify(body);
  } catch {
    throw httpError(500, 'ERROR_INTERNAL', 'internal error: the answer cannot be serialised (nested too deep or too large)');
  }
}
