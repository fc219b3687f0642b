/**
 * Credentials of a database handle: basic auth, a ready bearer token, or a JWT session that logs
 * in with `POST /_open/auth` and renews itself. The header value is built once and reused.
 *
 * Every credential lives in `#private` fields only: no property, getter, `toJSON` or inspection
 * of an authenticator (or of anything holding one) can reveal it. The transport asks the
 * authenticator to scrub its own secrets from an error (`redact`) instead of reading them.
 */
import { createHmac } from 'node:crypto';
import { ArangoClientError, redactSecrets } from '../errors.js';

/** How `client.db()` authenticates. */
export type AuthOptions =
  | { username?: string; password?: string; authMethod?: 'basic' }
  | {
      authMethod: 'jwt';
      username: string;
      password?: string;
      /**
       * Renew the token this many milliseconds before its `exp`. Default: a quarter of its
       * lifetime, at most 5 minutes.
       */
      refreshMargin?: number;
    }
  | { token: string };

/** Sends the login request; provided by the transport (no auth, same hosts, retries and deadline). */
export type LoginFn = (username: string, password: string) => Promise<string>;

export interface Authenticator {
  /** The `authorization` header value, a promise while a first login or an overdue renewal runs. */
  header(): string | undefined | Promise<string | undefined>;
  /**
   * Called on a 401 with errorNum 11 for a request sent with `used`. Resolves true when a new
   * credential is available and the request should be sent again (once).
   */
  renew(used: string | undefined): Promise<boolean>;
  /** Replaces every secret this authenticator knows in the error chain of `err` with `***`. */
  redact(err: unknown): void;
}

export function createAuthenticator(options: AuthOptions | undefined, login: LoginFn): Authenticator {
  if (options === undefined) return new NoAuth();
  if ('token' in options) {
    if (typeof options.token !== 'string' || options.token === '') throw new ArangoClientError('token must be a non-empty string');
    return new StaticAuth(`bearer ${options.token}`, [options.token]);
  }
  if (options.authMethod === 'jwt') {
    if (typeof options.username !== 'string' || options.username === '') throw new ArangoClientError("authMethod 'jwt' needs a username");
    const margin = options.refreshMargin;
    if (margin !== undefined && (!Number.isFinite(margin) || margin < 0)) throw new ArangoClientError(`refreshMargin must be a non-negative number of milliseconds, got ${String(margin)}`);
    return new JwtAuth(options.username, options.password ?? '', login, margin);
  }
  if (options.authMethod !== undefined && options.authMethod !== 'basic') {
    throw new ArangoClientError(`authMethod must be 'basic' or 'jwt', got ${JSON.stringify(options.authMethod)}`);
  }
  const username = options.username;
  if (username === undefined && options.password === undefined) return new NoAuth();
  if (typeof username !== 'string') throw new ArangoClientError('username must be a string');
  const password = options.password ?? '';
  const encoded = Buffer.from(`${username}:${password}`).toString('base64');
  return new StaticAuth(`Basic ${encoded}`, [password, encoded]);
}

/** A handle without credentials. */
export class NoAuth implements Authenticator {
  header(): undefined {
    return undefined;
  }
  renew(): Promise<boolean> {
    return Promise.resolve(false);
  }
  redact(_err: unknown): void {
    /* nothing to hide */
  }
}

/** The login request itself: sent without credentials, the password scrubbed from its errors. */
export class LoginAuth extends NoAuth {
  readonly #secrets: readonly string[];

  constructor(password: string) {
    super();
    this.#secrets = password === '' ? [] : [password];
  }
  override redact(err: unknown): void {
    redactSecrets(err, this.#secrets);
  }
}

/** A fixed header value (basic auth, a bearer token) and the secrets it was made of. */
export class StaticAuth implements Authenticator {
  readonly #value: string;
  readonly #secrets: readonly string[];

  constructor(value: string, secrets: readonly string[]) {
    this.#value = value;
    this.#secrets = secrets;
  }
  header(): string {
    return this.#value;
  }
  renew(): Promise<boolean> {
    return Promise.resolve(false);
  }
  redact(err: unknown): void {
    redactSecrets(err, this.#secrets);
  }
}

const MAX_MARGIN = 5 * 60_000;

/** A JWT session: logs in lazily, renews ahead of the token's own `exp` and once after a 401/11. */
class JwtAuth implements Authenticator {
  #header: string | undefined;
  /** Renew when Date.now() passes this (ms); Infinity for tokens without `exp`. */
  #renewAt = 0;
  /** Hard expiry (ms): a request after it waits for the renewal instead of using the old token. */
  #expiresAt = 0;
  #pending: Promise<string> | undefined;
  readonly #secrets: string[];
  readonly #username: string;
  readonly #password: string;
  readonly #login: LoginFn;
  readonly #margin: number | undefined;

  constructor(username: string, password: string, login: LoginFn, margin: number | undefined) {
    this.#username = username;
    this.#password = password;
    this.#login = login;
    this.#margin = margin;
    this.#secrets = password === '' ? [] : [password];
  }

  redact(err: unknown): void {
    redactSecrets(err, this.#secrets);
  }

  header(): string | Promise<string> {
    const now = Date.now();
    if (this.#header !== undefined && now < this.#renewAt) return this.#header;
    if (this.#header !== undefined && now < this.#expiresAt) {
      // Still valid: renew in the background and keep going with the current token.
      this.#refresh().catch(() => {
        /* the next request past expiry waits for (and reports) the failure */
      });
      return this.#header;
    }
    return this.#refresh();
  }

  async renew(used: string | undefined): Promise<boolean> {
    // Someone else may have renewed already while this request was in flight.
    if (used !== undefined && used !== this.#header && this.#header !== undefined) return true;
    await this.#refresh();
    return true;
  }

  #refresh(): Promise<string> {
    this.#pending ??= this.#logIn().finally(() => {
      this.#pending = undefined;
    });
    return this.#pending;
  }

  async #logIn(): Promise<string> {
    const requestedAt = Date.now();
    const token = await this.#login(this.#username, this.#password);
    // password, the previous token (requests may still carry it) and the current one
    this.#secrets.push(token);
    if (this.#secrets.length > (this.#password === '' ? 2 : 3)) this.#secrets.splice(this.#password === '' ? 0 : 1, 1);
    const claims = decodeJwtClaims(token);
    const exp = typeof claims?.exp === 'number' ? claims.exp * 1000 : undefined;
    if (exp === undefined) {
      this.#renewAt = Infinity;
      this.#expiresAt = Infinity;
    } else {
      const lifetime = Math.max(0, exp - requestedAt);
      const margin = this.#margin ?? Math.min(MAX_MARGIN, lifetime / 4);
      this.#renewAt = exp - margin;
      // a few seconds of slack for clock skew between client and server
      this.#expiresAt = exp - Math.min(5_000, lifetime / 10);
    }
    this.#header = `bearer ${token}`;
    return this.#header;
  }
}

/** The payload of a JWT, without verifying it (the server does that). */
export function decodeJwtClaims(token: string): Record<string, unknown> | undefined {
  const payload = token.split('.')[1];
  if (payload === undefined) return undefined;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Options of {@link ArangoClient.superuserToken}. */
export interface SuperuserTokenOptions {
  /** `server_id` claim; default 'arangots'. */
  serverId?: string;
  /** Expiry as seconds since the epoch, or a Date. Default: no expiry (as ArangoDB's own tokens). */
  exp?: number | Date;
  /** Extra claims (e.g. `preferred_username` to act as a given user). */
  claims?: Record<string, unknown>;
}

/**
 * A superuser JWT signed with the server's JWT secret (`--server.jwt-secret`), HS256 with the claims
 * ArangoDB issues for cluster-internal requests: `iss: 'arangodb'`, `server_id`, `iat`.
 */
export function superuserToken(secret: string | Uint8Array, options: SuperuserTokenOptions = {}): string {
  if ((typeof secret !== 'string' && !(secret instanceof Uint8Array)) || secret.length === 0) {
    throw new ArangoClientError('superuserToken: the JWT secret must be a non-empty string or buffer');
  }
  const iat = Math.floor(Date.now() / 1000);
  const claims: Record<string, unknown> = { ...options.claims, iss: 'arangodb', server_id: options.serverId ?? 'arangots', iat };
  if (options.exp !== undefined) claims.exp = options.exp instanceof Date ? Math.floor(options.exp.getTime() / 1000) : options.exp;
  const header = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');
  const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
  const signature = createHmac('sha256', secret).update(`${header}.${payload}`).digest('base64url');
  return `${header}.${payload}.${signature}`;
}
