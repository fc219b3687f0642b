/**
 * Reading ArangoDB's success envelopes. Most answers are a JSON object that carries
 * `error: false, code: <status>` next to the payload; callers want the payload only, and a body
 * that is not the documented shape must fail loudly rather than turn into `undefined` fields.
 */
import { ArangoServerError, UnexpectedResponseError } from '../errors.js';
import { expectOk, expectShape, unexpected } from '../shape.js';
import type { ArangoResponse, RequestSpec } from '../transport/request.js';

export { UnexpectedResponseError };

export type JsonObject = Record<string, unknown>;

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The body as an object; anything else is a protocol violation. */
export function objectBody(res: ArangoResponse, what: string): JsonObject {
  if (!isJsonObject(res.body)) {
    throw unexpected(res, `a JSON object (${what})`);
  }
  return res.body;
}

/** The body without the `error`/`code` envelope attributes. */
export function withoutEnvelope<T>(res: ArangoResponse, what: string): T {
  const { error: _error, code: _code, ...rest } = objectBody(res, what);
  return rest as T;
}

/** One attribute of the body, e.g. `graph` or `result`; missing means the answer is malformed. */
export function attribute<T>(res: ArangoResponse, name: string, what: string): T {
  const body = objectBody(res, what);
  if (!(name in body)) {
    throw unexpected(res, `a JSON object with a ${JSON.stringify(name)} attribute (${what})`);
  }
  return body[name] as T;
}

/**
 * Whether an answer that the call allowed through (`allowStatus`) is the expected "does not exist"
 * answer. Any other error status — a missing database, missing rights — is still an error: it is
 * turned into the same ArangoServerError the transport would have thrown.
 */
export function isNotFound(res: ArangoResponse, spec: RequestSpec, errorNums: readonly number[]): boolean {
  if (res.status < 300) return false;
  const body = isJsonObject(res.body) ? res.body : {};
  const errorNum = typeof body.errorNum === 'number' ? body.errorNum : 0;
  if (res.status === 404 && errorNums.includes(errorNum)) return true;
  throw serverError(res, spec);
}

export function serverError(res: ArangoResponse, spec: RequestSpec): ArangoServerError {
  const body = isJsonObject(res.body) ? res.body : {};
  return new ArangoServerError({
    httpCode: res.status,
    errorNum: typeof body.errorNum === 'number' ? body.errorNum : 0,
    errorMessage: typeof body.errorMessage === 'string' ? body.errorMessage : `HTTP ${res.status}`,
    method: spec.method,
    url: spec.path,
    hostId: res.hostId,
    headers: res.headers,
    body: res.body,
  });
}

/** Copies the options that are set; `undefined` never reaches a query string or body. */
export function defined<T extends object>(value: T): Partial<T> {
  const out: Partial<T> = {};
  for (const [k, v] of Object.entries(value)) {
    if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  }
  return out;
}

export { withoutCallOptions } from '../collection/request-util.js';

export { callOptions } from '../transport/request.js';

/**
 * An existence check: `false` for the expected 404, otherwise the answer must be the object
 * ArangoDB sends for the thing (`fields`), so a foreign 200 is not taken for "it exists".
 */
export function existsAnswer(res: ArangoResponse, spec: RequestSpec, errorNums: readonly number[], fields: Parameters<typeof expectShape>[1], what: string): boolean {
  if (isNotFound(res, spec, errorNums)) return false;
  expectShape(res, fields, what);
  return true;
}

/** A removal: `false` for the expected 404 (with `ignoreMissing`), otherwise ArangoDB's success envelope. */
export function deletedAnswer(res: ArangoResponse, spec: RequestSpec, errorNums: readonly number[], what: string): boolean {
  if (isNotFound(res, spec, errorNums)) return false;
  expectOk(res, what);
  return true;
}
