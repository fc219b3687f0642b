/**
 * The database-level calls under `/_api/database`: properties and existence of this database,
 * the lists of databases, creating and dropping one. `Database` delegates to these; each is one
 * request, traced as `database.<method>`, and returns what `connection.send` returns (parse
 * included), so that on an AsyncConnection the call becomes a job parsed the same way.
 */
import type { Connection } from './connection.js';
import { assertName } from './collection/management.js';
import { callOptions, isObject, missingIs, resultArray, resultObject } from './collection/request-util.js';
import { ArangoClientError } from './errors.js';
import { errors } from './error-codes.js';
import { expectShape } from './shape.js';
import { path } from './transport/path.js';
import type { CallOptions } from './transport/request.js';

/**
 * `GET /_api/database/current` (or `db.properties()`): the database's id, name, whether it is
 * `_system`, its file path and, in a cluster, the defaults for new collections.
 */
export interface DatabaseInfo {
  id: string;
  name: string;
  isSystem: boolean;
  path: string;
  /** Cluster only: default sharding of new collections (`""`, `"flexible"`, `"single"`). */
  sharding?: string;
  /** Default replication factor of new collections (cluster). */
  replicationFactor?: number | 'satellite';
  /** Default write concern of new collections (cluster). */
  writeConcern?: number;
}

/** A user to create along with a database (`createDatabase({ users })`), with Administrate access to it. */
export interface DatabaseUser {
  username: string;
  /** ArangoDB's field name. */
  passwd?: string;
  /** python-arango's name for `passwd`; sent as `passwd`. */
  password?: string;
  /** Whether the user may log in (server default `true`). */
  active?: boolean;
  /** Free-form data stored with the user. */
  extra?: Record<string, unknown>;
}

export interface CreateDatabaseOptions extends CallOptions {
  /** Users granted Administrate on the new database (created when missing). */
  users?: DatabaseUser[];
  options?: {
    sharding?: '' | 'flexible' | 'single';
    replicationFactor?: number | 'satellite';
    writeConcern?: number;
  };
}

export interface DropDatabaseOptions extends CallOptions {
  /** A missing database (404/1228) resolves false instead of throwing. */
  ignoreMissing?: boolean;
}

export function databaseProperties(connection: Connection, opts?: CallOptions): Promise<DatabaseInfo> {
  return connection.send({ operation: 'database.properties', ...callOptions(opts), method: 'GET', path: '/_api/database/current' }, resultObject<DatabaseInfo>);
}

export function databaseExists(connection: Connection, opts?: CallOptions): Promise<boolean> {
  return connection.send(
    { operation: 'database.exists', ...callOptions(opts), method: 'GET', path: '/_api/database/current', allowStatus: [404] },
    (res) => missingIs(res, connection.databaseName, errors.ERROR_ARANGO_DATABASE_NOT_FOUND, 'GET', '/_api/database/current') && resultObject(res) !== undefined,
  );
}

export function listDatabases(connection: Connection, opts?: CallOptions): Promise<string[]> {
  return connection.send({ operation: 'database.databases', ...callOptions(opts), method: 'GET', path: '/_api/database' }, resultArray<string>);
}

export function listUserDatabases(connection: Connection, opts?: CallOptions): Promise<string[]> {
  return connection.send({ operation: 'database.databasesAccessibleToUser', ...callOptions(opts), method: 'GET', path: '/_api/database/user' }, resultArray<string>);
}

/** Creates database `name`; `open` makes the handle the call resolves to. */
export function createDatabase<D>(connection: Connection, name: string, opts: CreateDatabaseOptions | undefined, open: (name: string) => D): Promise<D> {
  assertName('database', name);
  const body: Record<string, unknown> = { name };
  if (opts?.users !== undefined) {
    if (!Array.isArray(opts.users)) throw new ArangoClientError('createDatabase users must be an array');
    body.users = opts.users.map((u, i) => {
      if (!isObject(u) || typeof u.username !== 'string' || u.username === '') {
        throw new ArangoClientError(`createDatabase users[${i}] needs a non-empty username`);
      }
      const { password, ...rest } = u;
      const user: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(rest)) if (v !== undefined) user[k] = v;
      if (user.passwd === undefined && password !== undefined) user.passwd = password;
      return user;
    });
  }
  if (opts?.options !== undefined) {
    const o: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(opts.options)) if (v !== undefined) o[k] = v;
    body.options = o;
  }
  return connection.send({ operation: 'database.createDatabase', ...callOptions(opts), method: 'POST', path: '/_api/database', body }, (res) => (expectShape(res, { result: 'boolean' }, 'create database'), open(name)));
}

export function deleteDatabase(connection: Connection, name: string, opts?: DropDatabaseOptions): Promise<boolean> {
  assertName('database', name);
  const p = path`/_api/database/${name}`;
  return connection.send(
    { operation: 'database.deleteDatabase', ...callOptions(opts), method: 'DELETE', path: p, ...(opts?.ignoreMissing === true ? { allowStatus: [404] } : {}) },
    (res) => missingIs(res, connection.databaseName, errors.ERROR_ARANGO_DATABASE_NOT_FOUND, 'DELETE', p) && expectShape<{ result: boolean }>(res, { result: 'boolean' }, 'delete database').result,
  );
}
