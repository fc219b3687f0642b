/**
 * Turns what a driver sent into a comparable shape: per-driver names and server-made ids become
 * placeholders, the query string becomes an order-insensitive map, only headers with API meaning
 * are kept, and the body is parsed.
 */
import type { RawRequest } from './recorder.js';

export interface NormalRequest {
  method: string;
  /** Percent-decoded path with placeholders. */
  path: string;
  /** Query parameters, keys sorted, each key's values sorted. */
  query: Record<string, string[]>;
  /** Headers that change what the server does (see KEPT_HEADERS). */
  headers: Record<string, string>;
  /** Parsed JSON; `{ jsonl: [...] }` for JSON lines; `{ text }` otherwise; absent without a body. */
  body?: unknown;
}

/**
 * Connection-level headers (host, connection, content-length, accept-encoding, user-agent,
 * authorization, sec-fetch-*) say nothing about the API call. `x-arango-driver` and
 * `x-arango-version` are driver identification the server ignores (http-api-notes.md §"request
 * headers": "The server only logs or reports it and does not change behaviour").
 */
const DROPPED_X_ARANGO = new Set(['x-arango-driver', 'x-arango-version']);

function keepHeader(name: string, value: string): boolean {
  if (name === 'content-type' || name === 'if-match' || name === 'if-none-match') return true;
  // fetch (arangojs) sends `accept: */*`, which is what no accept header means (RFC 9110 §12.5.1).
  if (name === 'accept') return value !== '*/*';
  return name.startsWith('x-arango-') && !DROPPED_X_ARANGO.has(name);
}

/** `[value, placeholder]` pairs: per-driver names and server-made ids. Longest values first. */
export type Substitutions = [string, string][];

function substitute(text: string, subst: Substitutions): string {
  let out = text;
  for (const [value, placeholder] of subst) if (value !== '') out = out.split(value).join(placeholder);
  return out;
}

/**
 * Ids the server makes up per request (cursor, job, transaction and query ids in paths, the
 * transaction header) differ between the two runs by nature; they are compared as `<id>`.
 */
function volatileIds(path: string): string {
  return path.replace(/^(\/_db\/[^/]+)?(\/_api\/(?:cursor|job|transaction|query|token\/[^/]+))\/\d+/, '$1$2/<id>');
}

export function normalize(raw: RawRequest, subst: Substitutions): NormalRequest {
  let path: string;
  try {
    path = decodeURIComponent(raw.path);
  } catch {
    path = raw.path;
  }
  path = volatileIds(substitute(path, subst));
  const query: Record<string, string[]> = {};
  for (const [k, v] of new URLSearchParams(raw.search)) (query[substitute(k, subst)] ??= []).push(substitute(v, subst));
  const sortedQuery: Record<string, string[]> = {};
  for (const k of Object.keys(query).sort()) sortedQuery[k] = (query[k] ?? []).sort();
  const headers: Record<string, string> = {};
  for (const k of Object.keys(raw.headers).sort()) {
    const v = raw.headers[k] ?? '';
    if (!keepHeader(k, v)) continue;
    if (k === 'content-type') {
      // The media type is what the server dispatches on; `charset=utf-8` is the only charset JSON
      // allows (RFC 8259 §8.1), so `application/json` and `application/json; charset=utf-8` are one.
      headers[k] = v.split(';')[0]?.trim().toLowerCase() ?? v;
    } else if (k === 'x-arango-trx-id') {
      headers[k] = '<trx>';
    } else {
      headers[k] = substitute(v, subst);
    }
  }
  const out: NormalRequest = { method: raw.method, path, query: sortedQuery, headers };
  if (raw.body !== '') out.body = parseBody(substitute(raw.body, subst));
  return out;
}

function parseBody(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    // JSON lines (import): one document per line, `\n` or `\r\n`.
    const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
    try {
      return { jsonl: lines.map((l) => JSON.parse(l) as unknown) };
    } catch {
      return { text };
    }
  }
}

/** A readable list of where two normalised requests differ (empty when they are equal). */
export function differences(ts: NormalRequest | undefined, js: NormalRequest | undefined): string[] {
  if (ts === undefined || js === undefined) return [ts === undefined ? 'arangots sent no such request' : 'arangojs sent no such request'];
  const out: string[] = [];
  if (ts.method !== js.method) out.push(`method: arangots ${ts.method}, arangojs ${js.method}`);
  if (ts.path !== js.path) out.push(`path: arangots ${ts.path}, arangojs ${js.path}`);
  for (const k of new Set([...Object.keys(ts.query), ...Object.keys(js.query)])) {
    const a = JSON.stringify(ts.query[k]);
    const b = JSON.stringify(js.query[k]);
    if (a !== b) out.push(`query ${k}: arangots ${a ?? '(absent)'}, arangojs ${b ?? '(absent)'}`);
  }
  for (const k of new Set([...Object.keys(ts.headers), ...Object.keys(js.headers)])) {
    if (ts.headers[k] !== js.headers[k]) out.push(`header ${k}: arangots ${ts.headers[k] ?? '(absent)'}, arangojs ${js.headers[k] ?? '(absent)'}`);
  }
  const a = canonical(ts.body);
  const b = canonical(js.body);
  if (a !== b) out.push(`body: arangots ${a ?? '(none)'}, arangojs ${b ?? '(none)'}`);
  return out;
}

/** JSON with object keys sorted, so key order does not count. */
export function canonical(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value).sort()) out[k] = sortKeys((value as Record<string, unknown>)[k]);
    return out;
  }
  return value;
}
