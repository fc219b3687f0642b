/** `/_api/database` (openapi_3.12_databases.txt): list, user, current, create, drop. */
import type { EmuRequest, Router } from '../http/router.js';
import { httpError } from '../errors.js';
import type { DatabaseOptions } from '../store/server-state.js';

/** `GET /_api/database/current`'s result: also the `properties` of a cluster inventory. */
export function currentDatabaseInfo(req: EmuRequest): Record<string, unknown> {
  const { db, state } = req.ctx;
  const info: Record<string, unknown> = { id: db.id, name: db.name, isSystem: db.name === '_system', path: 'none' };
  if (state.isCluster) {
    const o = state.databaseOptions(db.name);
    info.sharding = o.sharding;
    info.replicationFactor = o.replicationFactor;
    info.writeConcern = o.writeConcern;
  }
  return info;
}

function parseOptions(raw: unknown, dbServers: number): Partial<DatabaseOptions> {
  if (raw === undefined || raw === null) return {};
  if (typeof raw !== 'object' || Array.isArray(raw)) throw httpError(400, 'ERROR_HTTP_BAD_PARAMETER', "invalid 'options' attribute");
  const o = raw as Record<string, unknown>;
  const out: Partial<DatabaseOptions> = {};
  if (o.sharding !== undefined) {
    if (o.sharding !== '' && o.sharding !== 'flexible' && o.sharding !== 'single') {
      throw httpError(400, 'ERROR_BAD_PARAMETER', "invalid value for 'sharding'");
    }
    out.sharding = o.sharding;
  }
  if (o.replicationFactor !== undefined) {
    const rf = o.replicationFactor;
    if (rf !== 'satellite' && (typeof rf !== 'number' || !Number.isInteger(rf) || rf < 1)) {
      throw httpError(400, 'ERROR_BAD_PARAMETER', "invalid value for 'replicationFactor'");
    }
    if (typeof rf === 'number' && dbServers > 0 && rf > dbServers) {
      throw httpError(400, 'ERROR_CLUSTER_INSUFFICIENT_DBSERVERS');
    }
    out.replicationFactor = rf;
  }
  if (o.writeConcern !== undefined || o.minReplicationFactor !== undefined) {
    const wc = o.writeConcern ?? o.minReplicationFactor;
    if (typeof wc !== 'number' || !Number.isInteger(wc) || wc < 1) throw httpError(400, 'ERROR_BAD_PARAMETER', "invalid value for 'writeConcern'");
    const rf = typeof out.replicationFactor === 'number' ? out.replicationFactor : 1;
    if (out.replicationFactor !== 'satellite' && wc > rf) {
      throw httpError(400, 'ERROR_BAD_PARAMETER', 'writeConcern must not be higher than replicationFactor');
    }
    out.writeConcern = wc;
  }
  return out;
}

interface UserSpec { username: string; passwd?: unknown; active?: unknown; extra?: unknown }

function parseUsers(raw: unknown): UserSpec[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) throw httpError(400, 'ERROR_HTTP_BAD_PARAMETER', "invalid 'users' attribute");
  return raw.map((u) => {
    if (!u || typeof u !== 'object') throw httpError(400, 'ERROR_HTTP_BAD_PARAMETER', "invalid entry in 'users'");
    const rec = u as Record<string, unknown>;
    // ArangoDB also accepts the older `user` attribute.
    const name = rec.username ?? rec.user;
    if (typeof name !== 'string' || name === '') throw httpError(400, 'ERROR_USER_INVALID_NAME');
    return { username: name, passwd: rec.passwd, active: rec.active, extra: rec.extra };
  });
}

export function register(router: Router): void {
  // Any caller with access to _system may list all databases (no admin check in ArangoDB).
  router.get('/_api/database', (req) => {
    return { status: 200, body: { error: false, code: 200, result: req.ctx.state.databaseNames() } };
  }, { systemOnly: true });

  router.get('/_api/database/user', (req) => {
    const names = req.ctx.state.databaseNames().filter((n) => req.ctx.databaseLevel(n) !== 'none');
    return { status: 200, body: { error: false, code: 200, result: names } };
  });

  router.get('/_api/database/current', (req) => ({ status: 200, body: { error: false, code: 200, result: currentDatabaseInfo(req) } }));

  router.post('/_api/database', (req) => {
    req.ctx.requireAdmin();
    req.ctx.requireDdlWritable();
    const body = req.json<Record<string, unknown>>();
    if (!body || typeof body !== 'object' || Array.isArray(body)) throw httpError(400, 'ERROR_HTTP_BAD_PARAMETER', 'expecting an object');
    const { state } = req.ctx;
    const options = parseOptions(body.options, state.nodesByRole('PRIMARY').length);
    const users = parseUsers(body.users);
    // Validate everything before anything is created, so a bad user entry leaves no database.
    for (const u of users) {
      if (!state.users.has(u.username)) {
        if (u.passwd !== undefined && typeof u.passwd !== 'string') throw httpError(400, 'ERROR_HTTP_BAD_PARAMETER', "invalid 'passwd'");
      }
    }
    const db = state.createDatabase(body.name, options);
    for (const u of users) {
      if (!state.users.has(u.username)) state.users.create({ user: u.username, passwd: u.passwd, active: u.active, extra: u.extra });
      // Listed users are granted Administrate on the new database, as documented.
      state.users.setDatabaseGrant(u.username, db.name, 'rw');
    }
    // A non-root creator keeps access to the database it made (ArangoDB grants it rw).
    if (users.length === 0 && req.user !== null && req.user !== 'root') state.users.setDatabaseGrant(req.user, db.name, 'rw');
    return { status: 201, body: { error: false, code: 201, result: true } };
  }, { systemOnly: true });

  router.delete('/_api/database/:name', (req) => {
    req.ctx.requireAdmin();
    req.ctx.requireDdlWritable();
    const name = req.params.name ?? '';
    if (name === '_system') throw httpError(403, 'ERROR_ARANGO_USE_SYSTEM_DATABASE');
    req.ctx.state.dropDatabase(name);
    return { status: 200, body: { error: false, code: 200, result: true } };
  }, { systemOnly: true });
}
