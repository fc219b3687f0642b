import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { ServerState } from '../store/server-state.js';
import { accessTokenUser } from '../api/token.js';

/** Lifetime of `/_open/auth` tokens: ArangoDB's `--server.session-timeout` default, one hour. */
export const SESSION_TIMEOUT_SECONDS = 3600;

/** Who a request acts for. `superuser` = a `--server.jwt-secret` token without a user. */
export type Identity =
  | { kind: 'anonymous' }
  | { kind: 'user'; user: string }
  | { kind: 'superuser' };

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
 * Resolves the `Authorization` header: `Basic` (user + password) or `bearer` (JWT). Returns
 * null when credentials are present but wrong (or the user is inactive/gone); anonymous when
 * there are none. Never logs or echoes the credentials.
 */
export function authenticate(state: ServerState, headers: IncomingHttpHeaders): Identity | null {
  const h = headers.authorization;
  if (h === undefined || h === '') return { kind: 'anonymous' };
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
    // The password may also be one of the user's access tokens (3.12).
    if (state.users.checkPassword(user, pass)) return { kind: 'user', user };
    return accessTokenUser(state, pass, user) !== null ? { kind: 'user', user } : null;
  }
  if (scheme === 'bearer') {
    const claims = verifyJwt(cred, state.jwtSecret);
    if (!claims) return null;
    const user = claims.preferred_username;
    if (typeof user === 'string') {
      const rec = state.users.has(user) ? state.users.get(user) : undefined;
      return rec?.active ? { kind: 'user', user } : null;
    }
    // A token signed with the server's secret that names no user is a superuser token
    // (ArangoDB: `server_id` claim, as cluster-internal requests carry).
    if (typeof claims.server_id === 'string') return { kind: 'superuser' };
    return null;
  }
  return null;
}
