/**
 * `POST /_open/auth` (openapi_3.12_authentication.txt): user credentials or an access token
 * → HS256 session JWT. The access-token API itself lives in api/token.ts.
 */
import type { Router } from '../http/router.js';
import { accessTokenUser } from './token.js';
import { ArangoHttpError, httpError } from '../errors.js';
import { issueUserToken } from '../http/auth.js';

export function register(router: Router): void {
  router.post('/_open/auth', (req) => {
    const { state } = req.ctx;
    // Without authentication the endpoint does not exist (3.12 docs: 404).
    if (!state.authentication) throw httpError(404, 'ERROR_HTTP_NOT_FOUND', "unknown path '/_open/auth'");
    const body = req.json<{ username?: unknown; password?: unknown }>();
    if (!body || typeof body !== 'object' || Array.isArray(body)) throw httpError(400, 'ERROR_HTTP_BAD_PARAMETER', 'invalid JSON');
    const { username, password } = body;
    if (typeof password !== 'string' || (username !== undefined && typeof username !== 'string')) {
      throw httpError(400, 'ERROR_HTTP_BAD_PARAMETER', 'invalid JSON: expecting username and password strings');
    }
    // The password may be an access token, in which case the username is optional.
    const named = typeof username === 'string' && username !== '' ? username : undefined;
    const user = named !== undefined && state.users.checkPassword(named, password)
      ? named
      : accessTokenUser(state, password, named) ?? undefined;
    if (user === undefined) {
      throw new ArangoHttpError(401, 401, 'Wrong credentials');
    }
    return { status: 200, body: { jwt: issueUserToken(state, user) } };
  }, { open: true });
}
