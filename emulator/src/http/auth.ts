import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { ServerState } from '../store/server-state.js';
import type { UserRecord } from '../store/users.js';
import { accessTokenUser } from '../api/token.js';

/** Lifetime of `/_open/auth` tokens: ArangoDB's `--server.session-timeout` default, one hour. */
export const SESSION_TIMEOUT_SECONDS = 3600;

/** Who a request acts for. `superuser` = a `--server.jwt-secret` token without a user. */
export type Identity =
  | { readonly kind: 'anonymous' }
  | { readonly kind: 'user'; readonly user: string }
  | { readonly kind: 'superuser' };

export const ANONYMOUS: Identity = { kind: 'anonymous' };
const SUPERUSER: Identity = { kind: 'superuser' };

function b64url(data: Buffer | string): string {
  return Buffer.from(data).toString('base64url');
}

/** Signs an HS256 JWT. */
export function signJwt(payload: Record<string, unknown>, secret: string): string {
  const head = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const body = b64url(JSON.stringify(payload));
  const sig = createHmac('sha256', secret).update(`${head}.${body}`).digest();
  return `${head}.${body}.${b64url(sig)}`;
}

/** Verifies an HS256 JWT; returns its payload or null (bad signature, algorithm, expiry, issuer). */
export function verifyJwt(token: string, secret: string, nowSeconds = Date.now() / 1000): Record<string, unknown> | null {
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  const [head, body, sig] = parts as [string, string, string];
  let header: unknown;
  let payload: unknown;
  try {
    header = JSON.parse(Buffer.from(head, 'base64url').toString('utf8'));
    payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (!header || typeof header !== 'object' || (header as Record<string, unknown>).alg !== 'HS256') return null;
  const expected = createHmac('sha256', secret).update(`${head}.${body}`).digest();
  const given = Buffer.from(sig, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  if (!payload || typeof payload !== 'object' || Array.isArray(payload)) return null;
  const p = payload as Record<string, unknown>;
  // ArangoDB only accepts tokens it issued: iss must be "arangodb".
  if (p.iss !== 'arangodb') return null;
  if (p.exp !== undefined && (typeof p.exp !== 'number' || p.exp <= nowSeconds)) return null;
  return p;
}

/** The token `/_open/auth` hands out for a user. */
export function issueUserToken(state: ServerState, user: string): string {
  const iat = Math.floor(Date.now() / 1000);
  return signJwt({ preferred_username: user, iss: 'arangodb', iat, exp: iat + SESSION_TIMEOUT_SECONDS }, state.jwtSecret);
}

/**
 * Verified credentials, so that a client sending the same `Authorization` header on every
 * request pays for the password hash or the JWT signature once. A basic-auth entry is valid only
 * while the user record and its password object are the ones that were checked (any password
 * change, deletion or re-creation replaces them) and the user is active; a JWT entry only until
 * the token's `exp`. The cache is private to this module and never logged or exposed.
 */
interface BasicEntry {
  readonly record: UserRecord;
  readonly password: UserRecord['password'];
  readonly identity: Identity;
}

interface JwtEntry {
  readonly claims: Record<string, unknown>;
  /** Seconds; Infinity for a token without `exp`. */
  readonly exp: number;
}

interface AuthCache {
  basic: Map<string, BasicEntry>;
  jwt: Map<string, JwtEntry>;
}

/** Bounds memory for clients that send ever-new credentials: the cache is simply emptied. */
const MAX_CACHED = 1024;

const caches = new WeakMap<ServerState, AuthCache>();

function cacheOf(state: ServerState): AuthCache {
  let c = caches.get(state);
  if (!c) {
    c = { basic: new Map(), jwt: new Map() };
    caches.set(state, c);
  }
  return c;
}

function remember<V>(map: Map<string, V>, key: string, value: V): void {
  if (map.size >= MAX_CACHED) map.clear();
  map.set(key, value);
}

function currentRecord(state: ServerState, user: string): UserRecord | undefined {
  return state.users.has(user) ? state.users.get(user) : undefined;
}

/**
 * Resolves the `Authorization` header: `Basic` (user + password) or `bearer` (JWT). Returns
 * null when credentials are present but wrong (or the user is inactive/gone); anonymous when
 * there are none. Never logs or echoes the credentials.
 */
export function authenticate(state: ServerState, headers: IncomingHttpHeaders): Identity | null {
  const h = headers.authorization;
  if (h === undefined || h === '') return ANONYMOUS;
  const cache = cacheOf(state);
  const hit = cache.basic.get(h);
  if (hit !== undefined) {
    const rec = hit.identity.kind === 'user' ? currentRecord(state, hit.identity.user) : undefined;
    if (rec === hit.record && rec.password === hit.password && rec.active) return hit.identity;
    cache.basic.delete(h);
  }
  const space = h.indexOf(' ');
  if (space < 0) return null;
  const scheme = h.slice(0, space).toLowerCase();
  const cred = h.slice(space + 1).trim();
  if (scheme === 'basic') {
    let decoded: string;
    try {
      decoded = Buffer.from(cred, 'base64').toString('utf8');
    } catch {
      return null;
    }
    const colon = decoded.indexOf(':');
    const user = colon < 0 ? decoded : decoded.slice(0, colon);
    const pass = colon < 0 ? '' : decoded.slice(colon + 1);
    if (user !== '' && state.users.checkPassword(user, pass)) {
      const record = currentRecord(state, user) as UserRecord;
      const identity: Identity = { kind: 'user', user };
      remember(cache.basic, h, { record, password: record.password, identity });
      return identity;
    }
    // The password may also be one of the user's access tokens (3.12); with an empty user name
    // the token's owner is the user (UserManagerImpl::checkCredentials). Not cached: tokens are
    // deleted and expire on their own.
    const owner = accessTokenUser(state, pass, user);
    return owner !== null ? { kind: 'user', user: owner } : null;
  }
  if (scheme === 'bearer') {
    const now = Date.now() / 1000;
    let claims: Record<string, unknown> | null;
    const known = cache.jwt.get(cred);
    if (known !== undefined && known.exp > now) {
      claims = known.claims;
    } else {
      if (known !== undefined) cache.jwt.delete(cred);
      claims = verifyJwt(cred, state.jwtSecret, now);
      if (claims) remember(cache.jwt, cred, { claims, exp: typeof claims.exp === 'number' ? claims.exp : Infinity });
    }
    if (!claims) return null;
    const user = claims.preferred_username;
    if (typeof user === 'string') {
      const rec = currentRecord(state, user);
      return rec?.active ? { kind: 'user', user } : null;
    }
    // A token signed with the server's secret that names no user is a superuser token
    // (ArangoDB: `server_id` claim, as cluster-internal requests carry).
    if (typeof claims.server_id === 'string') return SUPERUSER;
    return null;
  }
  return null;
}
