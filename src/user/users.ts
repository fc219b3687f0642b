/**
 * User accounts, their access levels, and access tokens (`/_api/user`, `/_api/token`). Users are
 * server-wide; the calls go through the current database, which only needs to be one the caller
 * can read (ArangoDB checks the `_system` access level for administrating users).
 */
import { assertNotDotSegment } from '../names.js';
import { expectOk, unexpected } from '../shape.js';
import type { Connection } from '../connection.js';
import { ArangoClientError } from '../errors.js';
import { errors } from '../error-codes.js';
import type { ArangoResponse, CallOptions, QueryValue, RequestSpec } from '../transport/request.js';
import { path } from '../transport/path.js';
import { attribute, callOptions, deletedAnswer, existsAnswer, withoutEnvelope } from '../admin/envelope.js';
import { describeHandle, inspectable, type HandleDescription } from '../describe.js';

/** `rw` = Administrate (database) / Read-Write (collection), `ro` = Read Only, `none` = No access. */
export type Permission = 'rw' | 'ro' | 'none';
/** Collection levels may also be `undefined`: not set, the database level applies. */
export type CollectionPermission = Permission | 'undefined';

/**
 * A user account as `/_api/user` describes it: the name, whether it may log in, and the free-form `extra` data (never the password).
 */
export interface UserInfo {
  user: string;
  active: boolean;
  extra: Record<string, unknown>;
}

/** The account data of {@link Users.create}. */
export interface UserOptions {
  /** The account name (ArangoDB's attribute); `username` is accepted as well. */
  user?: string;
  username?: string;
  /** The password (ArangoDB's attribute); `password` is accepted as well. Never logged. */
  passwd?: string;
  password?: string;
  /** Whether the user may log in (server default `true`). */
  active?: boolean;
  /** Free-form data stored with the user. */
  extra?: Record<string, unknown>;
}

/** The account data of {@link Users.update} and {@link Users.replace}: everything but the name. */
export type UserUpdateOptions = Omit<UserOptions, 'user' | 'username'>;

/**
 * One database's entry of `permissions(user, { full: true })`: the database level and the
 * collections' levels (`undefined` where the database level applies).
 */
export interface DatabasePermissions {
  permission: Permission;
  collections?: Record<string, CollectionPermission>;
}

/**
 * An access token's metadata (`/_api/token/{user}`): its id (for deleting it), name, fingerprint,
 * whether it is still valid, and its expiry and creation times as Unix timestamps in seconds.
 */
export interface AccessToken {
  id: number;
  name: string;
  /** Start and end of the token, to recognise it. */
  fingerprint: string;
  active: boolean;
  valid_until?: number;
  created_at?: number;
}

/** Only `createAccessToken` answers the token itself, and only once. */
export interface NewAccessToken extends AccessToken {
  token: string;
}

const LEVELS: readonly Permission[] = ['rw', 'ro', 'none'];

function checkName(name: unknown, what: string): string {
  if (typeof name !== 'string' || name === '') {
    throw new ArangoClientError(`${what}: a user name must be a non-empty string`);
  }
  assertNotDotSegment('user name', name, "ArangoDB's user API carries user names only in the URL path");
  return name;
}

function checkLevel(level: unknown, what: string): Permission {
  if (!LEVELS.includes(level as Permission)) {
    throw new ArangoClientError(`${what}: permission must be "rw", "ro" or "none", got ${JSON.stringify(level)}`);
  }
  return level as Permission;
}

/** `passwd`/`password` and `user`/`username` are aliases; giving both with different values is a mistake. */
function alias(a: string | undefined, b: string | undefined, names: string, what: string): string | undefined {
  if (a !== undefined && b !== undefined && a !== b) {
    throw new ArangoClientError(`${what}: ${names} are the same setting and disagree`);
  }
  return a ?? b;
}

function userBody(options: UserUpdateOptions, what: string): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  const passwd = alias(options.passwd, options.password, '"passwd" and "password"', what);
  if (passwd !== undefined) {
    if (typeof passwd !== 'string') throw new ArangoClientError(`${what}: the password must be a string`);
    body.passwd = passwd;
  }
  if (options.active !== undefined) body.active = options.active;
  if (options.extra !== undefined) body.extra = options.extra;
  return body;
}

function userInfo(res: ArangoResponse, what: string): UserInfo {
  const info = withoutEnvelope<UserInfo>(res, what);
  if (typeof info.user !== 'string') throw unexpected(res, `a user: a JSON object with a "user" name (${what})`);
  return info;
}

/**
 * User accounts, access levels and access tokens (`/_api/user`, `/_api/token`), `db.users`. Users
 * are server-wide; managing other users needs Administrate access to `_system`. A refusal rejects
 * with {@link ArangoServerError}; a bad name or level is refused with {@link ArangoClientError}
 * before sending.
 */
export class Users {
  /** What logging shows: kind, database, name and hosts — never credentials. */
  toJSON(): HandleDescription {
    return describeHandle('Users', this.connection);
  }
  constructor(private readonly connection: Connection) {}

  /** `GET /_api/user`: every user account. */
  async list(call?: CallOptions): Promise<UserInfo[]> {
    return this.connection.send({ operation: 'users.list', method: 'GET', path: '/_api/user', ...callOptions(call) }, (res) => {
      const result = attribute<unknown>(res, 'result', 'list users');
      if (!Array.isArray(result)) throw unexpected(res, 'a JSON object with a "result" array (list users)');
      return result as UserInfo[];
    });
  }

  /**
   * `GET /_api/user/{user}`: one account.
   *
   * @throws {@link ArangoServerError} 404 / errorNum 1703 (ERROR_USER_NOT_FOUND) when there is none.
   */
  async get(username: string, call?: CallOptions): Promise<UserInfo> {
    return this.connection.send(
      { operation: 'users.get', method: 'GET', path: path`/_api/user/${checkName(username, 'get user')}`, ...callOptions(call) },
      (res) => userInfo(res, 'get user'),
    );
  }

  /** Whether the account exists (404 with ERROR_USER_NOT_FOUND is `false`). */
  async has(username: string, call?: CallOptions): Promise<boolean> {
    const spec: RequestSpec = { operation: 'users.has',
      method: 'GET',
      path: path`/_api/user/${checkName(username, 'has user')}`,
      allowStatus: [404],
      ...callOptions(call),
    };
    return this.connection.send(spec, (res) => existsAnswer(res, spec, [errors.ERROR_USER_NOT_FOUND], { user: 'string' }, 'user exists'));
  }

  /**
   * `POST /_api/user`: creates an account; answers it.
   *
   * @throws {@link ArangoServerError} 409 when the user exists.
   */
  async create(options: UserOptions & CallOptions): Promise<UserInfo> {
    const user = alias(options.user, options.username, '"user" and "username"', 'create user');
    const body = { user: checkName(user, 'create user'), ...userBody(options, 'create user') };
    return this.connection.send({ operation: 'users.create', method: 'POST', path: '/_api/user', body, ...callOptions(options) }, (res) =>
      userInfo(res, 'create user'),
    );
  }

  /**
   * Changes only the given attributes. A non-empty `extra` replaces the stored one as a whole
   * (ArangoDB does not merge it); an empty or omitted `extra` keeps it.
   */
  async update(username: string, options: UserUpdateOptions & CallOptions): Promise<UserInfo> {
    return this.connection.send(
      { operation: 'users.update',
        method: 'PATCH',
        path: path`/_api/user/${checkName(username, 'update user')}`,
        body: userBody(options, 'update user'),
        ...callOptions(options),
      },
      (res) => userInfo(res, 'update user'),
    );
  }

  /** Replaces the account data; an omitted password becomes empty, as ArangoDB documents. */
  async replace(username: string, options: UserUpdateOptions & CallOptions): Promise<UserInfo> {
    return this.connection.send(
      { operation: 'users.replace',
        method: 'PUT',
        path: path`/_api/user/${checkName(username, 'replace user')}`,
        body: userBody(options, 'replace user'),
        ...callOptions(options),
      },
      (res) => userInfo(res, 'replace user'),
    );
  }

  /** Removes the account; `false` only with `ignoreMissing` when there was none. */
  async delete(username: string, options: { ignoreMissing?: boolean } & CallOptions = {}): Promise<boolean> {
    const spec: RequestSpec = { operation: 'users.delete',
      method: 'DELETE',
      path: path`/_api/user/${checkName(username, 'delete user')}`,
      ...(options.ignoreMissing === true ? { allowStatus: [404] } : {}),
      ...callOptions(options),
    };
    return this.connection.send(spec, (res) => deletedAnswer(res, spec, [errors.ERROR_USER_NOT_FOUND], 'delete user'));
  }

  // ---- permissions ----------------------------------------------------------------------------

  /** Database access levels by database name (with `full`, collection levels as well). */
  async permissions(username: string, options: { full: true } & CallOptions): Promise<Record<string, DatabasePermissions>>;
  async permissions(username: string, options?: { full?: false } & CallOptions): Promise<Record<string, Permission>>;
  async permissions(
    username: string,
    options: { full?: boolean } & CallOptions = {},
  ): Promise<Record<string, Permission> | Record<string, DatabasePermissions>> {
    const query: Record<string, QueryValue> = options.full === undefined ? {} : { full: options.full };
    return this.connection.send(
      { operation: 'users.permissions', method: 'GET', path: path`/_api/user/${checkName(username, 'permissions')}/database`, query, ...callOptions(options) },
      (res) => attribute<Record<string, Permission>>(res, 'result', 'permissions'),
    );
  }

  /** The access level on a database, or on one of its collections. */
  async permission(username: string, database: string, collection?: string, call?: CallOptions): Promise<CollectionPermission> {
    return this.connection.send(
      { operation: 'users.permission', method: 'GET', path: this.permissionPath(username, database, collection, 'permission'), ...callOptions(call) },
      (res) => attribute<CollectionPermission>(res, 'result', 'permission'),
    );
  }

  /** python-arango's `update_permission(username, permission, database, collection)`. */
  async updatePermission(
    username: string,
    permission: Permission,
    database: string,
    collection?: string,
    call?: CallOptions,
  ): Promise<Record<string, Permission>> {
    const spec: RequestSpec = { operation: 'users.updatePermission',
      method: 'PUT',
      path: this.permissionPath(username, database, collection, 'update permission'),
      body: { grant: checkLevel(permission, 'update permission') },
      ...callOptions(call),
    };
    return this.connection.send(spec, (res) => withoutEnvelope<Record<string, Permission>>(res, 'update permission'));
  }

  /** Sets the access level on a database (`grant(user, db, level)`) or a collection (`grant(user, db, coll, level)`). */
  grant(username: string, database: string, permission: Permission, call?: CallOptions): Promise<Record<string, Permission>>;
  grant(
    username: string,
    database: string,
    collection: string,
    permission: Permission,
    call?: CallOptions,
  ): Promise<Record<string, Permission>>;
  async grant(
    username: string,
    database: string,
    third: string,
    fourth?: Permission | CallOptions,
    fifth?: CallOptions,
  ): Promise<Record<string, Permission>> {
    if (typeof fourth === 'string') return this.updatePermission(username, fourth, database, third, fifth);
    return this.updatePermission(username, checkLevel(third, 'grant'), database, undefined, fourth);
  }

  /** Clears the explicit level so the default applies (python-arango's `reset_permission`). */
  async resetPermission(username: string, database: string, collection?: string, call?: CallOptions): Promise<void> {
    await this.connection.send(
      { operation: 'users.resetPermission', method: 'DELETE', path: this.permissionPath(username, database, collection, 'reset permission'), ...callOptions(call) },
      (res) => expectOk(res, 'reset permission'),
    );
  }

  /** Same as `resetPermission`. */
  async revoke(username: string, database: string, collection?: string, call?: CallOptions): Promise<void> {
    return this.resetPermission(username, database, collection, call);
  }

  private permissionPath(username: string, database: string, collection: string | undefined, what: string): string {
    checkName(username, what);
    if (typeof database !== 'string' || database === '') throw new ArangoClientError(`${what}: database name must be a non-empty string`);
    if (collection === undefined) return path`/_api/user/${username}/database/${database}`;
    if (typeof collection !== 'string' || collection === '') {
      throw new ArangoClientError(`${what}: collection name must be a non-empty string`);
    }
    return path`/_api/user/${username}/database/${database}/${collection}`;
  }

  // ---- access tokens (3.12) --------------------------------------------------------------------

  /**
   * Creates an access token for `username`, usable as a password (with that user name, or an
   * empty one: the token names its owner). `validUntil` is a Unix time in seconds (sent as
   * `valid_until`); without it the token does not expire. The answer is the only place the
   * token appears.
   */
  async createAccessToken(
    username: string,
    options: { name: string; validUntil?: number } & CallOptions,
  ): Promise<NewAccessToken> {
    if (typeof options?.name !== 'string' || options.name === '') {
      throw new ArangoClientError('create access token: "name" must be a non-empty string');
    }
    if (options.validUntil !== undefined && (typeof options.validUntil !== 'number' || !Number.isFinite(options.validUntil))) {
      throw new ArangoClientError('create access token: "validUntil" must be a Unix timestamp in seconds');
    }
    return this.connection.send(
      { operation: 'users.createAccessToken',
        method: 'POST',
        path: path`/_api/token/${checkName(username, 'create access token')}`,
        body: { name: options.name, ...(options.validUntil === undefined ? {} : { valid_until: Math.floor(options.validUntil) }) },
        ...callOptions(options),
      },
      (res) => withoutEnvelope<NewAccessToken>(res, 'create access token'),
    );
  }

  /** `GET /_api/token/{user}`: the user's access tokens (metadata only; the token strings are shown once, on creation). */
  async accessTokens(username: string, call?: CallOptions): Promise<AccessToken[]> {
    return this.connection.send(
      { operation: 'users.accessTokens', method: 'GET', path: path`/_api/token/${checkName(username, 'access tokens')}`, ...callOptions(call) },
      (res) => {
        const tokens = attribute<unknown>(res, 'tokens', 'access tokens');
        if (!Array.isArray(tokens)) throw unexpected(res, 'a JSON object with a "tokens" array (access tokens)');
        return tokens as AccessToken[];
      },
    );
  }

  /** Deletes a token by id; ArangoDB answers success even if the user had no such token. */
  async deleteAccessToken(username: string, id: number, call?: CallOptions): Promise<void> {
    if (!Number.isInteger(id)) throw new ArangoClientError('delete access token: id must be an integer');
    await this.connection.send(
      { operation: 'users.deleteAccessToken', method: 'DELETE', path: path`/_api/token/${checkName(username, 'delete access token')}/${id}`, ...callOptions(call) },
      () => undefined,
    );
  }
}

inspectable(Users);
