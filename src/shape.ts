/**
 * Cheap checks the API parsers apply to an answer before they hand out a typed value: an answer
 * that is not what ArangoDB sends (an HTML page from a proxy, JSON of another shape) becomes an
 * UnexpectedResponseError instead of a value that contradicts its type. Each check is a `typeof`
 * or two on the hot path; the description of what arrived is built only on failure.
 */
import { UnexpectedResponseError } from './errors.js';
import type { ArangoResponse } from './transport/request.js';

/** A short description of a body, for the error message: 'an HTML page', 'a JSON array', … */
export function describeBody(res: ArangoResponse): string {
  const body = res.body;
  if (body === undefined || body === null || body === '') return 'an empty body';
  if (typeof body === 'string') {
    const type = res.headers['content-type'];
    const contentType = Array.isArray(type) ? type[0] : type;
    if (/html/i.test(contentType ?? '') || /^\s*<(!doctype|html)/i.test(body)) return 'an HTML page';
    return `${contentType ?? 'text'} text`;
  }
  if (Array.isArray(body)) return `a JSON array of ${body.length}`;
  if (body instanceof Uint8Array) return `${body.byteLength} bytes`;
  if (typeof body === 'object') {
    const keys = Object.keys(body);
    if (keys.length === 0) return 'an empty JSON object';
    return `a JSON object with ${keys.slice(0, 5).map((k) => JSON.stringify(k)).join(', ')}${keys.length > 5 ? ', …' : ''}`;
  }
  return `JSON ${typeof body}`;
}

/** The error for an answer that is not `expected`; the connection adds the request's method and path. */
export function unexpected(res: ArangoResponse, expected: string, cause?: unknown): UnexpectedResponseError {
  return new UnexpectedResponseError(expected, { hostId: res.hostId, httpCode: res.status, received: describeBody(res), cause });
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The body as a JSON object. */
export function expectObject(res: ArangoResponse, expected = 'a JSON object'): Record<string, unknown> {
  const b = res.body;
  if (typeof b !== 'object' || b === null || Array.isArray(b) || b instanceof Uint8Array) throw unexpected(res, expected);
  return b as Record<string, unknown>;
}

/** The body as a JSON array. */
export function expectArray(res: ArangoResponse, expected = 'a JSON array'): unknown[] {
  if (!Array.isArray(res.body)) throw unexpected(res, expected);
  return res.body as unknown[];
}

type FieldType = 'string' | 'number' | 'boolean' | 'object' | 'array';

function hasType(value: unknown, type: FieldType): boolean {
  if (type === 'array') return Array.isArray(value);
  if (type === 'object') return typeof value === 'object' && value !== null && !Array.isArray(value);
  return typeof value === type;
}

/** One attribute of a JSON-object body, of the given JSON type. */
export function expectField<T = unknown>(res: ArangoResponse, name: string, type: FieldType, what?: string): T {
  const b = res.body;
  const value = typeof b === 'object' && b !== null && !Array.isArray(b) ? (b as Record<string, unknown>)[name] : undefined;
  if (!hasType(value, type)) {
    const article = type === 'array' || type === 'object' ? 'an' : 'a';
    throw unexpected(res, `a JSON object with ${article} ${type} ${JSON.stringify(name)}${what === undefined ? '' : ` (${what})`}`);
  }
  return value as T;
}

/** Whether the answer was declared JSON (a JSON string body is then a value, not a page of text). */
export function isJsonAnswer(res: ArangoResponse): boolean {
  const type = res.headers['content-type'];
  const value = Array.isArray(type) ? type[0] : type;
  return value !== undefined && /\bjson\b/i.test(value);
}

/**
 * The body as a JSON object whose listed attributes have the given JSON types — the attributes
 * ArangoDB always sends in this answer, so foreign JSON (`{}`, another API's object) is refused.
 */
export function expectShape<T = Record<string, unknown>>(res: ArangoResponse, fields: Readonly<Record<string, FieldType>>, what: string): T {
  const b = res.body;
  const ok = typeof b === 'object' && b !== null && !Array.isArray(b) && Object.entries(fields).every(([k, t]) => hasType((b as Record<string, unknown>)[k], t));
  if (!ok) {
    const list = Object.entries(fields).map(([k, t]) => `${t === 'array' || t === 'object' ? 'an' : 'a'} ${t} ${JSON.stringify(k)}`);
    throw unexpected(res, `a JSON object with ${list.join(' and ')} (${what})`);
  }
  return b as T;
}

/** ArangoDB's success envelope (`"error": false`), for calls whose answer carries nothing else. */
export function expectOk(res: ArangoResponse, what: string): void {
  const b = res.body;
  if (typeof b !== 'object' || b === null || Array.isArray(b) || (b as Record<string, unknown>).error !== false) {
    throw unexpected(res, `ArangoDB's success answer, a JSON object with "error": false (${what})`);
  }
}

/** A JSON array whose items are objects with the listed attributes (an empty list is ArangoDB's answer too). */
export function expectList<T>(res: ArangoResponse, list: unknown, fields: Readonly<Record<string, FieldType>>, what: string): T[] {
  const ok = Array.isArray(list) && list.every((item) => typeof item === 'object' && item !== null && !Array.isArray(item) && Object.entries(fields).every(([k, t]) => hasType((item as Record<string, unknown>)[k], t)));
  if (!ok) {
    const names = Object.entries(fields).map(([k, t]) => `${t} ${JSON.stringify(k)}`).join(', ');
    throw unexpected(res, `a JSON array of objects with ${names} (${what})`);
  }
  return list as T[];
}

/** The response itself, after {@link expectShape}: for parsers that then take the body apart. */
export function withShape(res: ArangoResponse, fields: Readonly<Record<string, FieldType>>, what: string): ArangoResponse {
  expectShape(res, fields, what);
  return res;
}
