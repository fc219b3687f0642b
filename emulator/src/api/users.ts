/**
 * `/_api/user` (openapi_3.12_users.txt): users and their database/collection access levels.
 * Admin rights (= `rw` on `_system`) are needed except for reading/changing one's own record.
 */
import { flag } from '../http/params.js';
import type { EmuRequest, EmuResponse, Router } from '../http/router.js';
import { httpError } from '../errors.js';
import { isGrant, type Grant } from '../store/users.js';

function userBody(req: EmuRequest, name: string, status = 200): EmuResponse {
  return { status, body: { ...req.ctx.state.users.info(name), error: false, code: status } };
}

/** Admin, or the caller acting on their own user record. */
function requireSelfOrAdmin(req: EmuRequest, name: string): void {
  if (req.user !== null && req.user === name) return;
  req.ctx.requireAdmin();
}

function objectBody(req: EmuRequest): Record<string, unknown> {
  const body = req.json<unknown>();
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw httpError(400, 'ERROR_HTTP_BAD_PARAMETER', 'expecting a JSON object');
  return body as Record<string, unknown>;
}

function grantFrom(req: EmuRequest): Grant {
  const { grant } = objectBody(req);
  if (!isGrant(grant)) throw httpError(400, 'ERROR_HTTP_BAD_PARAMETER', "invalid value for 'grant': expecting 'rw', 'ro' or 'none'");
  return grant;
}

/** The database a permission names must exist (the `*` wildcard always does). */
function requireDatabaseName(req: EmuRequest, db: string): void {
  if (db !== '*' && !req.ctx.state.hasDatabase(db)) throw httpError(404, 'ERROR_ARANGO_DATABASE_NOT_FOUND');
}

function requireCollectionName(req: EmuRequest, db: string, coll: string): void {
  requireDatabaseName(req, db);
  if (db !== '*' && coll !== '*' && !req.ctx.state.database(db).hasCollection(coll)) {
    throw httpError(404, 'ERROR_ARANGO_DATA_SOURCE_NOT_FOUND');
  }
}

export function register(router: Router): void {
  router.post('/_api/user', (req) => {
    req.ctx.requireAdmin();
    const body = objectBody(req);
    const rec = req.ctx.state.users.create({ user: body.user, passwd: body.passwd, active: body.active, extra: body.extra });
    return userBody(req, rec.user, 201);
  });

  router.get('/_api/user', (req) => {
    const { users } = req.ctx.state;
    const all = req.ctx.isAdmin() ? users.list() : users.list().filter((u) => u.user === req.user);
    return { status: 200, body: { error: false, code: 200, result: all.map((u) => ({ user: u.user, active: u.active, extra: u.extra })) } };
  });

  router.get('/_api/user/:user', (req) => {
    const name = req.params.user ?? '';
    requireSelfOrAdmin(req, name);
    return userBody(req, name);
  }, { anyUser: true });

  const modify = (replace: boolean) => (req: EmuRequest): EmuResponse => {
    const name = req.params.user ?? '';
    requireSelfOrAdmin(req, name);
    const body = objectBody(req);
    // Only admins may (de)activate accounts; users may change their own password and extra.
    if (!req.ctx.isAdmin() && body.active !== undefined) req.ctx.requireAdmin();
    req.ctx.state.users.modify(name, body, replace);
    return userBody(req, name);
  };
  router.put('/_api/user/:user', modify(true), { anyUser: true });
  router.patch('/_api/user/:user', modify(false), { anyUser: true });

  router.delete('/_api/user/:user', (req) => {
    req.ctx.requireAdmin();
    const name = req.params.user ?? '';
    if (name === 'root') throw httpError(403, 'ERROR_FORBIDDEN', 'cannot remove the root user');
    req.ctx.state.users.remove(name);
    return { status: 202, body: { error: false, code: 202 } };
  });

  // ---- permissions -------------------------------------------------------------------------
  router.get('/_api/user/:user/database', (req) => {
    const name = req.params.user ?? '';
    requireSelfOrAdmin(req, name);
    const { state } = req.ctx;
    const grants = state.users.explicitDatabaseGrants(name);
    const result: Record<string, unknown> = {};
    const full = flag(req, 'full');
    for (const db of state.databaseNames()) {
      const level = state.users.databaseLevel(name, db);
      if (full) {
        const collections: Record<string, string> = {};
        const explicit = grants.get(db)?.collections;
        for (const c of state.database(db).collections.keys()) collections[c] = explicit?.get(c) ?? 'undefined';
        collections['*'] = explicit?.get('*') ?? 'undefined';
        result[db] = { permission: level, collections };
      } else if (level !== 'none') {
        result[db] = level;
      }
    }
    if (full) result['*'] = { permission: grants.get('*')?.level ?? 'none' };
    return { status: 200, body: { error: false, code: 200, result } };
  }, { anyUser: true });

  router.get('/_api/user/:user/database/:db', (req) => {
    const name = req.params.user ?? '';
    requireSelfOrAdmin(req, name);
    const db = req.params.db ?? '';
    req.ctx.state.users.get(name);
    return { status: 200, body: { error: false, code: 200, result: req.ctx.state.users.databaseLevel(name, db) } };
  }, { anyUser: true });

  router.get('/_api/user/:user/database/:db/:collection', (req) => {
    const name = req.params.user ?? '';
    requireSelfOrAdmin(req, name);
    req.ctx.state.users.get(name);
    const level = req.ctx.state.users.collectionLevel(name, req.params.db ?? '', req.params.collection ?? '');
    return { status: 200, body: { error: false, code: 200, result: level } };
  }, { anyUser: true });

  router.put('/_api/user/:user/database/:db', (req) => {
    req.ctx.requireAdmin();
    const name = req.params.user ?? '';
    const db = req.params.db ?? '';
    const grant = grantFrom(req);
    req.ctx.state.users.get(name);
    requireDatabaseName(req, db);
    req.ctx.state.users.setDatabaseGrant(name, db, grant);
    return { status: 200, body: { [db]: grant, error: false, code: 200 } };
  });

  router.put('/_api/user/:user/database/:db/:collection', (req) => {
    req.ctx.requireAdmin();
    const name = req.params.user ?? '';
    const db = req.params.db ?? '';
    const coll = req.params.collection ?? '';
    const grant = grantFrom(req);
    req.ctx.state.users.get(name);
    requireCollectionName(req, db, coll);
    req.ctx.state.users.setCollectionGrant(name, db, coll, grant);
    return { status: 200, body: { [`${db}/${coll}`]: grant, error: false, code: 200 } };
  });

  router.delete('/_api/user/:user/database/:db', (req) => {
    req.ctx.requireAdmin();
    const name = req.params.user ?? '';
    req.ctx.state.users.get(name);
    req.ctx.state.users.clearDatabaseGrant(name, req.params.db ?? '');
    return { status: 202, body: { error: false, code: 202 } };
  });

  router.delete('/_api/user/:user/database/:db/:collection', (req) => {
    req.ctx.requireAdmin();
    const name = req.params.user ?? '';
    req.ctx.state.users.get(name);
    req.ctx.state.users.clearCollectionGrant(name, req.params.db ?? '', req.params.collection ?? '');
    return { status: 202, body: { error: false, code: 202 } };
  });
}
