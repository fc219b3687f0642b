import { errorMessages, errors, type ErrorName } from './error-codes.js';

/**
 * An error a handler throws to answer with ArangoDB's error envelope
 * `{ error: true, code, errorNum, errorMessage }`. Anything else a handler throws becomes a 500
 * with ERROR_INTERNAL, so a bug in the emulator still answers in ArangoDB's shape.
 */
export class ArangoHttpError extends Error {
  constructor(
    readonly status: number,
    readonly errorNum: number,
    message?: string,
    /** Extra top-level fields of the envelope (e.g. `_key`, `_rev` on a 412). */
    readonly extra?: Record<string, unknown>,
    readonly headers?: Record<string, string>,
  ) {
    super(message ?? errorMessages[errorNum] ?? 'unknown error');
    this.name = 'ArangoHttpError';
  }

  envelope(): Record<string, unknown> {
    return { ...this.extra, error: true, code: this.status, errorNum: this.errorNum, errorMessage: this.message };
  }
}

/** `httpError(404, 'ERROR_ARANGO_DOCUMENT_NOT_FOUND')`, message defaulting to ArangoDB's own. */
export function httpError(
  status: number,
  name: ErrorName,
  message?: string,
  extra?: Record<string, unknown>,
): ArangoHttpError {
  const num = errors[name];
  return new ArangoHttpError(status, num, message ?? errorMessages[num], extra);
}
