/** Raw HTTP helpers for the emulator's own tests (undici `request`, no driver involved). */
import { request } from 'undici';
import type { IncomingHttpHeaders } from 'undici/types/header.js';

export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  /** The parsed JSON body (undefined when the body is empty or not JSON). */
  json: Record<string, unknown> & { [k: string]: unknown };
  raw: Buffer;
}

export interface CallOptions {
  body?: unknown;
  /** Sent as-is (no JSON encoding). */
  rawBody?: string | Buffer;
  headers?: Record<string, string>;
  /** `[user, password]` for basic auth, a string for a bearer token, null for none. */
  auth?: [string, string] | string | null;
}

export const PASSWORD = 'test-pw';

export function basic(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}

export async function call(base: string, method: string, path: string, opts: CallOptions = {}): Promise<RawResponse> {
  const headers: Record<string, string> = { ...opts.headers };
  const auth = opts.auth === undefined ? ['root', PASSWORD] as [string, string] : opts.auth;
  if (Array.isArray(auth)) headers.authorization = basic(auth[0], auth[1]);
  else if (typeof auth === 'string') headers.authorization = `bearer ${auth}`;
  let body: string | Buffer | undefined = opts.rawBody;
  if (body === undefined && opts.body !== undefined) {
    body = JSON.stringify(opts.body);
    headers['content-type'] ??= 'application/json';
  }
  const res = await request(`${base}${path}`, { method: method as 'GET', headers, body: body ?? null });
  const raw = Buffer.from(await res.body.arrayBuffer());
  const text = raw.toString('utf8');
  let json: RawResponse['json'] = {};
  try {
    json = text === '' ? {} : (JSON.parse(text) as RawResponse['json']);
  } catch {
    json = {};
  }
  return { status: res.statusCode, headers: res.headers, text, json, raw };
}

/** Asserts ArangoDB's error envelope and returns it. */
export function envelope(r: RawResponse): { code: unknown; errorNum: unknown; error: unknown; errorMessage: unknown } {
  return { code: r.json.code, errorNum: r.json.errorNum, error: r.json.error, errorMessage: r.json.errorMessage };
}

/**
 * Lets the event loop go round `turns` times, each with an I/O poll. Client and emulator share
 * the test's process: a close one side did is seen by the other within a few turns, however long
 * the machine kept the process waiting (a timer alone may fire before the poll that delivers it).
 */
export async function ioTurns(turns = 20): Promise<void> {
  for (let i = 0; i < turns; i++) {
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setTimeout(r, 5));
  }
}
