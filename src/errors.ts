/**
 * Errors are data: every failure the driver reports is an ArangoError with a stable `code`
 * (one per failure mode, as undici does) so callers can branch without parsing messages.
 */

export class ArangoError extends Error {
  /** A stable identifier of the failure mode, e.g. 'ARANGO_SERVER_ERROR'. */
  readonly code: string = 'ARANGO_ERROR';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The server answered with an error envelope (or an error status). */
export class ArangoServerError extends ArangoError {
  override readonly code = 'ARANGO_SERVER_ERROR';
  readonly httpCode: number;
  /** ArangoDB's error number (see `errors`); 0 when the server sent no envelope. */
  readonly errorNum: number;
  readonly errorMessage: string;
  readonly method: string;
  /** The request URL without credentials or query secrets. */
  readonly url: string;
  /** Id of the host that answered. */
  readonly hostId: string | undefined;
  /** Response headers, without anything that could carry a credential. */
  readonly response: { readonly headers: Readonly<Record<string, string | string[] | undefined>>; readonly body?: unknown };

  constructor(init: {
    httpCode: number;
    errorNum: number;
    errorMessage: string;
    method: string;
    url: string;
    hostId?: string;
    headers?: Readonly<Record<string, string | string[] | undefined>>;
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

  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      code: this.code,
      httpCode: this.httpCode,
      errorNum: this.errorNum,
      errorMessage: this.errorMessage,
      method: this.method,
      url: this.url,
    };
  }
}

/** Bad input detected before anything was sent. */
export class ArangoClientError extends ArangoError {
  override readonly code: string = 'ARANGO_CLIENT_ERROR';
}
