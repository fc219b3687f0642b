import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { EmuRequest, EmuResponse, Router } from '../http/router.js';
import { httpError } from '../errors.js';
import type { ServerState } from '../store/server-state.js';

/**
 * `/_api/token/{user}`: access tokens (ArangoDB 3.12). A user may manage their own tokens;
 * managing another user's needs Administrate on `_system`. The token string is shown once, at
 * creation; only its SHA-256 is kept.
 *
 * Authentication with a token (as a password of basic auth or of `POST /_open/auth`) is done by
 * the server's auth code: `accessTokenUser()` below is the check it can call.
 */

interface AccessToken {
  id: number;
  user: string;
  name: string;
  /** Unix seconds; 0 = never expires (a create request without `valid_until`). */
  validUntil: number;
  createdAt: number;
  fingerprint: string;
  hash: Buffer;
}

interface TokenStore {
  nextId: number;
  tokens: AccessToken[];
}

const stores = new WeakMap<ServerState, TokenStore>();

function storeOf(state: ServerState): TokenStore {
  let s = stores.get(state);
  if (!s) {
    s = { nextId: 1, tokens: [] };
    stores.set(state, s);
  }
  return s;
}

function sha256(s: string): Buffer {
  return createHash('sha256').update(s, 'utf8').digest();
}

function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

function expired(t: AccessToken): boolean {
  return t.validUntil !== 0 && t.validUntil <= nowSeconds();
}

/**
 * The owner named inside a token: 3.12's tokens are `v1.` + the hex of a JSON object with the
 * user (`u`), expiry (`e`), creation (`c`) and a random part (`r`), as the recorded answer of
 * RestAccessTokenCreate shows. UserManagerImpl::extractUsername reads `u` from it, which is how
 * basic auth with an empty user name finds the account (checkAccessToken).
 */
function ownerNamedIn(token: string): string | null {
  if (!token.startsWith('v1.') || !/^[0-9a-f]*$/i.test(token.slice(3))) return null;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(token.slice(3), 'hex').toString('utf8'));
    const u = parsed !== null && typeof parsed === 'object' ? (parsed as Record<string, unknown>).u : undefined;
    return typeof u === 'string' ? u : null;
  } catch {
    return null;
  }
}

/**
 * The user an access token belongs to, if the token is known, unexpired and its user still
 * exists and is active (and, when a non-empty `user` is given, belongs to that user); otherwise
 * null. An empty or absent `user` authenticates as the owner the token names
 * (UserManagerImpl::checkAccessToken: `if (!username.empty() && username != un) return false`).
 */
export function accessTokenUser(state: ServerState, token: string, user?: string): string | null {
  const owner = ownerNamedIn(token);
  if (owner === null) return null;
  if (user !== undefined && user !== '' && user !== owner) return null;
  const h = sha256(token);
  for (const t of storeOf(state).tokens) {
    if (t.hash.length === h.length && timingSafeEqual(t.hash, h)) {
      if (expired(t)) return null;
      if (t.user !== owner) return null;
      if (!state.users.has(t.user) || !state.users.get(t.user).active) return null;
      return t.user;
    }
  }
  return null;
}

function describe(t: AccessToken): Record<string, unknown> {
  return {
    id: t.id,
    name: t.name,
    valid_until: t.validUntil,
    created_at: t.createdAt,
    fingerprint: t.fingerprint,
    active: !expired(t),
  };
}

/**
 * Self-service or Administrate on `_system`; an unknown user answers 404 / 1703. The routes are
 * `anyUser`: users manage their own tokens without any database access, and a caller whose
 * `_system` level is too low for another user's tokens gets 403 (documented), even with none.
 */
function target(req: EmuRequest): string {
  const user = req.params.user ?? '';
  const self = req.ctx.identity.kind === 'user' && req.ctx.identity.user === user;
  if (!self && !req.ctx.isAdmin()) throw httpError(403, 'ERROR_FORBIDDEN');
  if (!req.ctx.state.users.has(user)) throw httpError(404, 'ERROR_USER_NOT_FOUND');
  return user;
}

function create(req: EmuRequest): EmuResponse {
  const user = target(req);
  const b = req.json<unknown>();
  // RestAccessTokenHandler::createAccessToken: a body that is not an object → 400 / 10.
  if (b === null || typeof b !== 'object' || Array.isArray(b)) throw httpError(400, 'ERROR_BAD_PARAMETER', 'expecting a JSON object as body');
  const { name, valid_until: rawValidUntil } = b as Record<string, unknown>;
  if (typeof name !== 'string' || name === '') throw httpError(400, 'ERROR_HTTP_BAD_PARAMETER', "'name' must be a non-empty string");
  // The docs mark `valid_until` required; the source reads it with getNumericValue(v, 0), so a
  // missing (or non-numeric) value is 0: a token that does not expire (the source wins; arangojs
  // documents the same: "If not provided, token does not expire").
  const validUntil = typeof rawValidUntil === 'number' && Number.isFinite(rawValidUntil) ? Math.max(0, Math.floor(rawValidUntil)) : 0;
  const store = storeOf(req.ctx.state);
  if (store.tokens.some((t) => t.user === user && t.name === name)) {
    // The docs name only the status (409) for a duplicate name; 1207 is ArangoDB's duplicate-name number.
    throw httpError(409, 'ERROR_ARANGO_DUPLICATE_NAME', `duplicate access token name '${name}'`);
  }
  const createdAt = nowSeconds();
  const payload = JSON.stringify({ e: validUntil, c: createdAt, u: user, r: randomBytes(15).toString('base64url') });
  const secret = `v1.${Buffer.from(payload, 'utf8').toString('hex')}`;
  const t: AccessToken = {
    id: store.nextId++,
    user,
    name,
    validUntil,
    createdAt,
    fingerprint: `v1...${secret.slice(-6)}`,
    hash: sha256(secret),
  };
  store.tokens.push(t);
  return { status: 200, body: { ...describe(t), token: secret } };
}

function list(req: EmuRequest): EmuResponse {
  const user = target(req);
  const tokens = storeOf(req.ctx.state).tokens.filter((t) => t.user === user).map(describe);
  return { status: 200, body: { tokens } };
}

function remove(req: EmuRequest): EmuResponse {
  const user = target(req);
  const raw = req.params.id ?? '';
  if (!/^[0-9]+$/.test(raw)) throw httpError(400, 'ERROR_HTTP_BAD_PARAMETER', 'the token id must be an integer');
  const id = Number(raw);
  const store = storeOf(req.ctx.state);
  // Deleting succeeds whether or not the user has a token with this id (documented).
  store.tokens = store.tokens.filter((t) => !(t.user === user && t.id === id));
  // An empty 200 (text/plain), as the 3.12.10 transcript shows.
  return { status: 200, rawBody: '', headers: { 'content-type': 'text/plain; charset=utf-8' } };
}

export function register(router: Router): void {
  router.post('/_api/token/:user', create, { anyUser: true });
  router.get('/_api/token/:user', list, { anyUser: true });
  router.delete('/_api/token/:user/:id', remove, { anyUser: true });
}
