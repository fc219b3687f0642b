/**
 * Errors are data: every failure the driver reports is an ArangoError with a stable `code`
 * (one per failure mode, as undici does) so callers can branch without parsing messages.
 *
 * None of them ever holds a credential: messages, fields, `toJSON()`, `stack` and `cause` are built
 * from request descriptions that never contain the authorization header, and the transport scrubs
 * any known secret from the whole chain before an error leaves it (see `redactSecrets`).
 */

export class ArangoError extends Error {
  /** A stable identifier of the failure mode, e.g. 'ARANGO_SERVER_ERROR'. */
  readonly code: string = 'ARANGO_ERROR';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }

  /** The error as plain data for logs and `JSON.stringify`: name, code and message (a plain `Error` serializes to `{}`). */
  toJSON(): Record<string, unknown> {
    return { name: this.name, code: this.code, message: this.message };
  }
}

/** Response headers as the driver exposes them. */
export type ResponseHeaders = Readonly<Record<string, string | string[] | undefined>>;

/** The server answered with an error envelope (or an error status). */
export class ArangoServerError extends ArangoError {
  override readonly code = 'ARANGO_SERVER_ERROR';
  readonly httpCode: number;
  /** ArangoDB's error number (see `errors`); 0 when the server sent no envelope. */
  readonly errorNum: number;
  readonly errorMessage: string;
  readonly method: string;
  /** The request URL without credentials or query string. */
  readonly url: string;
  /** Id of the host that answered. */
  readonly hostId: string | undefined;
  /** Response headers, without anything that could carry a credential. */
  readonly response: { readonly headers: ResponseHeaders; readonly body?: unknown };

  constructor(init: {
    httpCode: number;
    errorNum: number;
    errorMessage: string;
    method: string;
    url: string;
    hostId?: string;
    headers?: ResponseHeaders;
    body?: unknown;
  }) {
    super(`${init.errorMessage} (HTTP ${init.httpCode}, errorNum ${init.errorNum}, ${init.method} ${init.url})`);
    this.httpCode = init.httpCode;
    this.errorNum = init.errorNum;
    this.errorMessage = init.errorMessage;
    this.method = init.method;
    this.url = init.url;
    this.hostId = init.hostId;
    this.response = { headers: init.headers ?? {}, body: init.body };
  }

  /** The error as plain data: name, code, HTTP status, errorNum and errorMessage, method, URL and host (no headers or body). */
  override toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      code: this.code,
      httpCode: this.httpCode,
      errorNum: this.errorNum,
      errorMessage: this.errorMessage,
      method: this.method,
      url: this.url,
      hostId: this.hostId,
    };
  }
}

/** Bad input detected before anything was sent. */
export class ArangoClientError extends ArangoError {
  override readonly code: string = 'ARANGO_CLIENT_ERROR';
}

/**
 * No HTTP answer arrived from a host: refused, reset, DNS failure, TLS failure. `cause` keeps the
 * platform (undici / node:net) error for diagnosis; the message names the host and what happened.
 */
export class NetworkError extends ArangoError {
  override readonly code = 'ARANGO_NETWORK_ERROR';
  /**
   * True when the request may have reached the server before the connection broke, so a write may
   * have been applied. The driver never retries such a request unless it is idempotent.
   */
  readonly mayHaveBeenApplied: boolean;
  readonly hostId: string;
  readonly method: string;
  readonly url: string;
  /** The platform's error code when it had one (ECONNREFUSED, UND_ERR_SOCKET, …). */
  readonly errno: string | undefined;

  constructor(init: {
    message: string;
    hostId: string;
    method: string;
    url: string;
    mayHaveBeenApplied: boolean;
    errno?: string | undefined;
    cause?: unknown;
  }) {
    super(init.message, { cause: init.cause });
    this.hostId = init.hostId;
    this.method = init.method;
    this.url = init.url;
    this.mayHaveBeenApplied = init.mayHaveBeenApplied;
    this.errno = init.errno;
  }

  /** The error as plain data: name, code, message, host, method, URL, the system error number and whether the request may have been applied. */
  override toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      hostId: this.hostId,
      method: this.method,
      url: this.url,
      errno: this.errno,
      mayHaveBeenApplied: this.mayHaveBeenApplied,
    };
  }
}

/** The call's deadline (`timeout`, retries and body download included) passed. */
export class TimeoutError extends ArangoError {
  override readonly code = 'ARANGO_TIMEOUT';
  readonly timeout: number;
  readonly method: string;
  readonly url: string;
  /** Id of the host the last attempt went to, if any attempt was made. */
  readonly hostId: string | undefined;
  /** True when an attempt was on the wire when time ran out, so a write may have been applied. */
  readonly mayHaveBeenApplied: boolean;

  constructor(init: {
    timeout: number;
    method: string;
    url: string;
    hostId?: string | undefined;
    mayHaveBeenApplied: boolean;
    cause?: unknown;
  }) {
    super(`${init.method} ${init.url} timed out after ${init.timeout} ms` +
      (init.mayHaveBeenApplied ? ' (the request may have been applied)' : ''), { cause: init.cause });
    this.timeout = init.timeout;
    this.method = init.method;
    this.url = init.url;
    this.hostId = init.hostId;
    this.mayHaveBeenApplied = init.mayHaveBeenApplied;
  }

  /** The error as plain data: name, code, message, the timeout that expired (ms), method, URL, host and whether the request may have been applied. */
  override toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      timeout: this.timeout,
      method: this.method,
      url: this.url,
      hostId: this.hostId,
      mayHaveBeenApplied: this.mayHaveBeenApplied,
    };
  }
}

/**
 * The caller's `signal` aborted the call. Named `AbortError` like the platform's so existing
 * `err.name === 'AbortError'` checks keep working; `cause` is the signal's reason.
 */
export class AbortError extends ArangoError {
  override readonly code = 'ARANGO_ABORTED';
  readonly method: string;
  readonly url: string;
  /** True when an attempt was on the wire when the call was aborted. */
  readonly mayHaveBeenApplied: boolean;

  constructor(init: { method: string; url: string; mayHaveBeenApplied: boolean; cause?: unknown }) {
    super(`${init.method} ${init.url} was aborted` +
      (init.mayHaveBeenApplied ? ' (the request may have been applied)' : ''), { cause: init.cause });
    this.method = init.method;
    this.url = init.url;
    this.mayHaveBeenApplied = init.mayHaveBeenApplied;
  }

  /** The error as plain data: name, code, message, method, URL and whether the request may have been applied. */
  override toJSON(): Record<string, unknown> {
    return { name: this.name, code: this.code, message: this.message, method: this.method, url: this.url, mayHaveBeenApplied: this.mayHaveBeenApplied };
  }
}

/** One failed attempt of a call, as listed by NoHostAvailableError. */
export interface AttemptFailure {
  readonly hostId: string;
  /** What went wrong, e.g. 'ECONNREFUSED' or 'HTTP 503 errorNum 30 (shutdown in progress)'. */
  readonly reason: string;
}

/**
 * Every try of a call failed (or no host could be tried at all: a pinned host that is gone or
 * unreachable). `attempts` lists each host tried and why it failed; `cause` is the last failure.
 */
export class NoHostAvailableError extends ArangoError {
  override readonly code = 'ARANGO_NO_HOST_AVAILABLE';
  readonly method: string;
  readonly url: string;
  readonly attempts: readonly AttemptFailure[];

  constructor(init: { message?: string; method: string; url: string; attempts: readonly AttemptFailure[]; cause?: unknown }) {
    const tried = init.attempts.map((a) => `${a.hostId}: ${a.reason}`).join('; ');
    super(init.message ?? `${init.method} ${init.url} failed on every try (${init.attempts.length}): ${tried}`, { cause: init.cause });
    this.method = init.method;
    this.url = init.url;
    this.attempts = init.attempts;
  }

  /** The error as plain data: name, code, message, method, URL and the attempts made. */
  override toJSON(): Record<string, unknown> {
    return { name: this.name, code: this.code, message: this.message, method: this.method, url: this.url, attempts: this.attempts };
  }
}

/** The client was closed; it refuses every call. */
export class ClientClosedError extends ArangoError {
  override readonly code = 'ARANGO_CLIENT_CLOSED';

  constructor(message = 'the ArangoClient was closed; create a new client to send more requests') {
    super(message);
  }
}

/** The server's answer could not be decoded (bad JSON, bad compression). */
export class BadResponseError extends ArangoError {
  override readonly code = 'ARANGO_BAD_RESPONSE';
  readonly hostId: string;
  readonly httpCode: number;

  constructor(init: { message: string; hostId: string; httpCode: number; cause?: unknown }) {
    super(init.message, { cause: init.cause });
    this.hostId = init.hostId;
    this.httpCode = init.httpCode;
  }
}

/** Where an unexpected answer came from; the connection fills it in from the request it sent. */
export interface ResponseOrigin {
  method?: string | undefined;
  /** The request path (with its `/_db/{name}` prefix), without the query string. */
  path?: string | undefined;
  hostId?: string | undefined;
  httpCode?: number | undefined;
  /** A short description of what arrived, e.g. 'an HTML page' or 'a JSON object with keys foo'. */
  received?: string | undefined;
}

/**
 * The server answered with success, but not with what ArangoDB sends for this call: an HTML page
 * from a proxy, JSON of another shape where a typed result is promised. The call fails rather
 * than resolve to a value that contradicts its type. `expected` says what the driver looked for.
 */
export class UnexpectedResponseError extends ArangoError {
  override readonly code = 'ARANGO_UNEXPECTED_RESPONSE';
  /** What the call expected, e.g. 'a JSON object with a numeric "count"'. */
  readonly expected: string;
  method: string | undefined;
  path: string | undefined;
  hostId: string | undefined;
  httpCode: number | undefined;
  received: string | undefined;

  constructor(expected: string, origin: ResponseOrigin & { cause?: unknown } = {}) {
    super(unexpectedMessage(expected, origin), origin.cause === undefined ? undefined : { cause: origin.cause });
    this.expected = expected;
    this.method = origin.method;
    this.path = origin.path;
    this.hostId = origin.hostId;
    this.httpCode = origin.httpCode;
    this.received = origin.received;
  }

  /** Adds what the parser did not know (the request's method and path, the host), keeping the rest. */
  locate(origin: ResponseOrigin): this {
    this.method ??= origin.method;
    this.path ??= origin.path;
    this.hostId ??= origin.hostId;
    this.httpCode ??= origin.httpCode;
    this.received ??= origin.received;
    this.message = unexpectedMessage(this.expected, this);
    if (this.stack !== undefined) {
      const nl = this.stack.indexOf('\n    at ');
      this.stack = `${this.name}: ${this.message}${nl === -1 ? '' : this.stack.slice(nl)}`;
    }
    return this;
  }

  /** The error as plain data: name, code, message, what was expected, method, path, host, HTTP status and a description of what was received. */
  override toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      expected: this.expected,
      method: this.method,
      path: this.path,
      hostId: this.hostId,
      httpCode: this.httpCode,
      received: this.received,
    };
  }
}

function unexpectedMessage(expected: string, o: ResponseOrigin): string {
  const request = o.method === undefined && o.path === undefined ? '' : ` to ${o.method ?? ''} ${o.hostId ?? ''}${o.path ?? ''}`.replace(/ {2,}/g, ' ');
  const details = [o.httpCode === undefined ? undefined : `HTTP ${o.httpCode}`, o.received].filter((d) => d !== undefined).join(', ');
  return `unexpected answer${request}${details === '' ? '' : ` (${details})`}: expected ${expected}; is this an ArangoDB server?`;
}

/**
 * Replaces every occurrence of the given secrets in the error chain's messages, stacks and string
 * fields with `***`. Belt and braces: the driver never puts credentials into errors, but a server
 * or a proxy might echo one back.
 */
export function redactSecrets(err: unknown, secrets: readonly string[]): void {
  const live = secrets.filter((s) => s.length >= 3);
  if (live.length === 0) return;
  const seen = new Set<unknown>();
  let current: unknown = err;
  while (current instanceof Error && !seen.has(current)) {
    scrubObject(current, live, seen, 0);
    if (live.some((s) => current instanceof Error && current.message.includes(s))) current.message = scrub(current.message, live);
    current = current.cause;
  }
}

/** Replaces secrets in the string fields of an object and (a few levels of) its nested values. */
function scrubObject(target: object, secrets: readonly string[], seen: Set<unknown>, depth: number): void {
  if (seen.has(target) || depth > 4) return;
  seen.add(target);
  const record = target as Record<string, unknown>;
  for (const key of Object.getOwnPropertyNames(target)) {
    if (key === 'cause') continue;
    let value: unknown;
    try {
      value = record[key];
    } catch {
      continue;
    }
    if (typeof value === 'string') {
      if (secrets.some((s) => value.includes(s))) {
        try {
          record[key] = scrub(value, secrets);
        } catch {
          // a read-only field of a foreign object: nothing more we can do
        }
      }
    } else if (typeof value === 'object' && value !== null && !(value instanceof Error) && !ArrayBuffer.isView(value)) {
      scrubObject(value, secrets, seen, depth + 1);
    }
  }
}

function scrub(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) out = out.split(s).join('***');
  return out;
}
