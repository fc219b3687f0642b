/**
 * Small helpers the everyday API classes (database, collection, cluster, transaction, job) share
 * to build request specs and read ArangoDB's three envelope styles.
 */
import { unexpected } from '../shape.js';
import { ArangoClientError, ArangoServerError } from '../errors.js';
import type { ArangoResponse, CallOptions, RequestSpec } from '../transport/request.js';

export { callOptions } from '../transport/request.js';

/**
 * `callOptions` added to a spec in place: the hot single-document calls build one object, not a
 * copy and a spread, and nothing when no options were passed.
 */
export function withCallOptions(spec: RequestSpec, opts: CallOptions | undefined): RequestSpec {
  if (opts === undefined) return spec;
  if (opts.signal !== undefined) spec.signal = opts.signal;
  if (opts.timeout !== undefined) spec.timeout = opts.timeout;
  if (opts.retryOnConflict !== undefined) spec.retryOnConflict = opts.retryOnConflict;
  return spec;
}

/** Header map without unset entries (headers must be strings; unset options are not sent). */
export function headers(entries: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(entries)) if (v !== undefined) out[k] = v;
  return out;
}

/** The keys of CallOptions, stripped from option objects before they become a body. */
export function withoutCallOptions<T extends CallOptions>(opts: T | undefined): Omit<T, 'signal' | 'timeout' | 'retryOnConflict'> {
  if (opts === undefined) return {} as Omit<T, 'signal' | 'timeout' | 'retryOnConflict'>;
  const { signal: _s, timeout: _t, retryOnConflict: _r, ...rest } = opts;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(rest)) if (v !== undefined) out[k] = v;
  return out as Omit<T, 'signal' | 'timeout' | 'retryOnConflict'>;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `{ error, code, result }` envelope → `result`; a body without one is not ArangoDB's answer. */
export function result<T>(res: ArangoResponse): T {
  const b = res.body;
  if (!isObject(b) || !('result' in b)) throw unexpected(res, 'a JSON object with a "result"');
  return b.result as T;
}

/** `result` that must be an array (lists of databases, collections, …). */
export function resultArray<T>(res: ArangoResponse): T[] {
  const b = res.body;
  const list = isObject(b) ? b.result : undefined;
  if (!Array.isArray(list)) throw unexpected(res, 'a JSON object with a "result" array');
  return list as T[];
}

/** `result` that must be a JSON object. */
export function resultObject<T>(res: ArangoResponse): T {
  const b = res.body;
  const value = isObject(b) ? b.result : undefined;
  if (!isObject(value)) throw unexpected(res, 'a JSON object with a "result" object');
  return value as T;
}

/**
 * Flat answers carry `error: false, code: N` beside the payload; the payload is the rest. A body
 * that is no JSON object (an HTML page, an array) is not ArangoDB's answer.
 */
export function flat<T>(res: ArangoResponse): T {
  const b = res.body;
  if (!isObject(b)) throw unexpected(res, 'a JSON object');
  const { error: _e, code: _c, ...rest } = b;
  return rest as T;
}

export function header(res: ArangoResponse, name: string): string | undefined {
  const v = res.headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}

/**
 * HTTP status ArangoDB uses for an errorNum (lib/Rest/GeneralResponse.cpp, digest §1.5). Per-item
 * errors of a many-call carry no `code`; this gives them the status the single call would have had.
 */
const STATUS_OF_ERROR_NUM: Readonly<Record<number, number>> = {
  4: 500, 10: 400, 11: 403, 17: 400, 18: 500, 21: 410, 28: 500, 29: 500, 400: 400, 404: 404, 409: 409, 412: 412,
  600: 400, 1004: 403, 1200: 409, 1202: 404, 1203: 404, 1205: 400, 1210: 409, 1216: 400, 1221: 400, 1222: 400,
  1226: 400, 1227: 400, 1233: 400, 1239: 400, 1429: 403, 1466: 400, 1468: 400, 1469: 400, 1620: 400, 1654: 410,
  1655: 404,
};

function statusOfErrorNum(errorNum: number): number {
  return STATUS_OF_ERROR_NUM[errorNum] ?? 500;
}

export interface ErrorItem {
  error: true;
  errorNum: number;
  errorMessage?: string;
  code?: number;
}

export function isErrorItem(value: unknown): value is ErrorItem {
  return isObject(value) && value.error === true && typeof value.errorNum === 'number';
}

/** Turns an inline error object of a many-call into an ArangoServerError (kept, never thrown). */
export function itemError(item: ErrorItem, req: { method: string; url: string }, res: ArangoResponse): ArangoServerError {
  return new ArangoServerError({
    httpCode: typeof item.code === 'number' ? item.code : statusOfErrorNum(item.errorNum),
    errorNum: item.errorNum,
    errorMessage: typeof item.errorMessage === 'string' ? item.errorMessage : `error ${item.errorNum}`,
    method: req.method,
    url: req.url,
    hostId: res.hostId,
    body: item,
  });
}

/** The `errorNum` of an error body, if it has one. */
export function errorNumOf(res: ArangoResponse): number | undefined {
  const b = res.body;
  return isObject(b) && typeof b.errorNum === 'number' ? b.errorNum : undefined;
}

/** An allowed status that turned out to be a real error (e.g. 404 for a missing collection, not a document). */
export function serverError(res: ArangoResponse, method: string, url: string): ArangoServerError {
  const b = isObject(res.body) ? res.body : {};
  return new ArangoServerError({
    httpCode: res.status,
    errorNum: typeof b.errorNum === 'number' ? b.errorNum : 0,
    errorMessage: typeof b.errorMessage === 'string' ? b.errorMessage : `HTTP ${res.status}`,
    method,
    url,
    hostId: res.hostId,
    headers: res.headers,
    body: res.body,
  });
}

/**
 * For calls of database `databaseName` that allow 404: true on success, false for the expected
 * "missing" errorNum, any other 404 an ArangoServerError.
 */
export function missingIs(res: ArangoResponse, databaseName: string, missingErrorNum: number, method: string, p: string): boolean {
  const b = res.body;
  if (res.status !== 404) {
    if (!isObject(b)) throw unexpected(res, 'a JSON object');
    return true;
  }
  if (isObject(b) && b.errorNum === missingErrorNum) return false;
  throw serverError(res, method, `/_db/${encodeURIComponent(databaseName)}${p}`);
}

/** Input checks shared by the document calls; they throw before anything is sent. */
export function assertDocument(doc: unknown, what: string): void {
  if (!isObject(doc)) throw new ArangoClientError(`${what}: a document must be an object, got ${doc === null ? 'null' : Array.isArray(doc) ? 'an array' : typeof doc}`);
}

export function assertArray(value: unknown, method: string): void {
  if (!Array.isArray(value)) throw new ArangoClientError(`${method}() takes an array`);
}
