import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { httpError } from '../errors.js';

/** ArangoDB's access levels: `rw` = Administrate / Read-Write, `ro` = Access / Read-Only. */
export type Grant = 'rw' | 'ro' | 'none';

const rank: Record<Grant, number> = { none: 0, ro: 1, rw: 2 };

/** True when `have` is at least `need`. */
export function grantCovers(have: Grant, need: Grant): boolean {
  return rank[have] >= rank[need];
}

export function isGrant(v: unknown): v is Grant {
  return v === 'rw' || v === 'ro' || v === 'none';
}

interface DbGrants {
  /** Undefined: only collection-level entries exist for this database. */
  level?: Grant;
  collections: Map<string, Grant>;
}

interface Password {
  salt: Buffer;
  hash: Buffer;
}

export interface UserRecord {
  readonly user: string;
  active: boolean;
  extra: Record<string, unknown>;
  password: Password;
  /** Keyed by database name; `*` is the wildcard database, `*` inside is the wildcard collection. */
  grants: Map<string, DbGrants>;
}

/** The public view of a user, as `/_api/user` returns it. */
export interface UserInfo {
  user: string;
  active: boolean;
  extra: Record<string, unknown>;
}

function hashPassword(passwd: string, salt: Buffer = randomBytes(16)): Password {
  return { salt, hash: createHash('sha256').update(salt).update(passwd, 'utf8').digest() };
}

/**
 * ArangoDB user names: non-empty, at most 254 bytes; ArangoDB refuses names starting with
 * `:role:` and control characters. (The docs give no complete grammar; this is what the server
 * rejects with 1700 in practice.)
 */
function validUserName(name: unknown): name is string {
  if (typeof name !== 'string' || name === '') return false;
  if (Buffer.byteLength(name, 'utf8') > 254) return false;
  if (name.startsWith(':role:')) return false;
  // eslint-disable-next-line no-control-regex
  return !/[\u0000-\u001f]/.test(name);
}

/**
 * The server's users and their permissions (ArangoDB keeps them in `_system/_users`; here they
 * live beside the databases in the shared state, so every coordinator sees the same).
 */
export class UserStore {
  private readonly users = new Map<string, UserRecord>();

  constructor(rootPassword: string) {
    const root = this.create({ user: 'root', passwd: rootPassword });
    // ArangoDB gives root Administrate on every database via the wildcard entries.
    this.setDatabaseGrant(root.user, '*', 'rw');
    this.setCollectionGrant(root.user, '*', '*', 'rw');
  }

  has(user: string): boolean {
    return this.users.has(user);
  }

  get(user: string): UserRecord {
    const u = this.users.get(user);
    if (!u) throw httpError(404, 'ERROR_USER_NOT_FOUND');
    return u;
  }

  list(): UserRecord[] {
    return [...this.users.values()];
  }

  info(user: string): UserInfo {
    const u = this.get(user);
    return { user: u.user, active: u.active, extra: u.extra };
  }

  create(spec: { user: unknown; passwd?: unknown; active?: unknown; extra?: unknown }): UserRecord {
    if (!validUserName(spec.user)) throw httpError(400, 'ERROR_USER_INVALID_NAME');
    if (this.users.has(spec.user)) throw httpError(409, 'ERROR_USER_DUPLICATE');
    const passwd = optionalString(spec.passwd, 'passwd') ?? '';
    const rec: UserRecord = {
      user: spec.user,
      active: optionalBool(spec.active, 'active') ?? true,
      extra: optionalObject(spec.extra, 'extra') ?? {},
      password: hashPassword(passwd),
      grants: new Map(),
    };
    this.users.set(rec.user, rec);
    return rec;
  }

  /** PUT semantics: every field reset to its default unless given; PATCH keeps what is missing. */
  modify(user: string, spec: { passwd?: unknown; active?: unknown; extra?: unknown }, replace: boolean): UserRecord {
    const u = this.get(user);
    const passwd = optionalString(spec.passwd, 'passwd');
    const active = optionalBool(spec.active, 'active');
    const extra = optionalObject(spec.extra, 'extra');
    if (passwd !== undefined) u.password = hashPassword(passwd);
    else if (replace) u.password = hashPassword('');
    if (active !== undefined) u.active = active;
    else if (replace) u.active = true;
    // RestUsersHandler's StoreUser (source, 3.12): PUT builds a new user, so `extra` becomes what
    // was sent (nothing → {}); PATCH calls setUserData(extra) when `extra` is a non-empty object,
    // which REPLACES the stored data (arangod/Auth/User.h: `setUserData(Builder&& b) { _userData =
    // std::move(b); }`), and keeps it otherwise. The issue expected a merge; the source does not
    // merge, and the source wins (re-checked in session 4).
    if (replace) u.extra = extra ?? {};
    else if (extra !== undefined && Object.keys(extra).length > 0) u.extra = extra;
    return u;
  }

  remove(user: string): void {
    this.get(user);
    this.users.delete(user);
  }

  /** True for an active user whose password matches. Constant-time on the hash. */
  checkPassword(user: string, passwd: string): boolean {
    const u = this.users.get(user);
    if (!u || !u.active) return false;
    const h = hashPassword(passwd, u.password.salt).hash;
    return timingSafeEqual(h, u.password.hash);
  }

  setDatabaseGrant(user: string, db: string, grant: Grant): void {
    const u = this.get(user);
    const e = u.grants.get(db) ?? { collections: new Map<string, Grant>() };
    e.level = grant;
    u.grants.set(db, e);
  }

  clearDatabaseGrant(user: string, db: string): void {
    const e = this.get(user).grants.get(db);
    if (e) delete e.level;
  }

  setCollectionGrant(user: string, db: string, collection: string, grant: Grant): void {
    const u = this.get(user);
    const e = u.grants.get(db) ?? { collections: new Map<string, Grant>() };
    e.collections.set(collection, grant);
    u.grants.set(db, e);
  }

  clearCollectionGrant(user: string, db: string, collection: string): void {
    this.get(user).grants.get(db)?.collections.delete(collection);
  }

  /** Forget every grant on a dropped database (ArangoDB removes them with the database). */
  dropDatabase(db: string): void {
    for (const u of this.users.values()) u.grants.delete(db);
  }

  /** Forget every grant on a dropped collection. */
  dropCollection(db: string, collection: string): void {
    for (const u of this.users.values()) u.grants.get(db)?.collections.delete(collection);
  }

  /** Effective database level: the database's own entry, else the `*` default, else none. */
  databaseLevel(user: string, db: string): Grant {
    const u = this.users.get(user);
    if (!u) return 'none';
    return u.grants.get(db)?.level ?? u.grants.get('*')?.level ?? 'none';
  }

  /**
   * Effective collection level: the collection's entry, the database's `*` entry, the same two
   * in the `*` database, and finally the database level itself. System collections (`_…`)
   * follow the database level, as in ArangoDB.
   */
  collectionLevel(user: string, db: string, collection: string): Grant {
    const u = this.users.get(user);
    if (!u) return 'none';
    // `_system/_users` is readable through the user API only, never as a collection.
    if (db === '_system' && collection === '_users') return 'none';
    if (collection.startsWith('_')) return this.databaseLevel(user, db);
    const inDb = u.grants.get(db)?.collections;
    const inStar = u.grants.get('*')?.collections;
    const explicit = inDb?.get(collection) ?? inDb?.get('*') ?? inStar?.get(collection) ?? inStar?.get('*');
    // Without any collection entry the database level applies: a user granted `rw` on a
    // database can work with its collections, as drivers' test suites expect.
    return explicit ?? this.databaseLevel(user, db);
  }

  /** The configured (not effective) database level, for `GET .../database` listings. */
  explicitDatabaseGrants(user: string): Map<string, { level?: Grant; collections: Map<string, Grant> }> {
    return this.get(user).grants;
  }
}

function optionalString(v: unknown, name: string): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw httpError(400, 'ERROR_HTTP_BAD_PARAMETER', `expecting string for '${name}'`);
  return v;
}

function optionalBool(v: unknown, name: string): boolean | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'boolean') throw httpError(400, 'ERROR_HTTP_BAD_PARAMETER', `expecting boolean for '${name}'`);
  return v;
}

function optionalObject(v: unknown, name: string): Record<string, unknown> | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'object' || Array.isArray(v)) {
    throw httpError(400, 'ERROR_HTTP_BAD_PARAMETER', `expecting object for '${name}'`);
  }
  return v as Record<string, unknown>;
}
