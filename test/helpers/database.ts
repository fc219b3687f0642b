/**
 * The prelude most driver test files share: a test server, a client logged into `_system`, and a
 * fresh database for the file, dropped again afterwards. Registers the vitest hooks itself, so a
 * file's own `beforeAll` (collections, fixtures) runs after this one and its own `afterAll` before
 * this one (vitest runs after-hooks in reverse order).
 */
import { afterAll, beforeAll, expect } from 'vitest';
import { ArangoClient, ArangoServerError, type ArangoClientOptions, type Database } from 'arangots';
import { startTestServer, uniqueName, type TestServer } from './server.js';

export interface TestDatabaseOptions {
  /** Coordinators of the emulator cluster (ignored against ARANGO_URL); the helper's default otherwise. */
  coordinators?: number;
  /** Extra client options; `hosts` always comes from the test server. */
  clientOptions?: Omit<ArangoClientOptions, 'hosts'>;
}

export interface TestContext {
  readonly server: TestServer;
  readonly client: ArangoClient;
  /** The `_system` database, logged in as the server's root user. */
  readonly sys: Database;
  /** The database created for this file. */
  readonly db: Database;
  /** Awaits the rejection of `promise` and checks it is an `ArangoServerError`. */
  serverError(promise: Promise<unknown>): Promise<ArangoServerError>;
  /**
   * What `beforeAll` got to set up, without throwing: for a file's own `afterAll`, which must not
   * replace the error of a `beforeAll` that failed half-way.
   */
  started(): { server?: TestServer; client?: ArangoClient; sys?: Database; db?: Database };
}

/** Awaits the rejection of `promise` and checks it is an `ArangoServerError`. */
export async function serverError(promise: Promise<unknown>): Promise<ArangoServerError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ArangoServerError);
  return err as ArangoServerError;
}

/** Call at the top level of a test file; `prefix` starts the database's unique name. */
export function useTestDatabase(prefix: string, options: TestDatabaseOptions = {}): TestContext {
  let server: TestServer | undefined;
  let client: ArangoClient | undefined;
  let sys: Database | undefined;
  let db: Database | undefined;

  // Reading a field before `beforeAll` ran (e.g. at module level) is a mistake in the test file,
  // and a failed `beforeAll` already reported its own error; either way say which field it was.
  function ready<T>(value: T | undefined, name: string): T {
    if (value === undefined) throw new Error(`useTestDatabase('${prefix}'): ${name} is not set up (read before beforeAll ran, or beforeAll failed)`);
    return value;
  }

  beforeAll(async () => {
    const { coordinators, clientOptions } = options;
    server = await startTestServer(coordinators === undefined ? {} : { coordinators });
    client = new ArangoClient({ ...clientOptions, hosts: server.urls });
    sys = await client.db('_system', { username: server.username, password: server.password });
    db = await sys.createDatabase(uniqueName(prefix));
  });

  afterAll(async () => {
    // Optional all the way: whatever beforeAll did not get to is skipped, so its error stays the one reported.
    if (sys && db) await sys.deleteDatabase(db.name, { ignoreMissing: true });
    await client?.close();
    await server?.close();
  });

  return {
    get server() {
      return ready(server, 'server');
    },
    get client() {
      return ready(client, 'client');
    },
    get sys() {
      return ready(sys, 'sys');
    },
    get db() {
      return ready(db, 'db');
    },
    serverError,
    started: () => ({ ...(server && { server }), ...(client && { client }), ...(sys && { sys }), ...(db && { db }) }),
  };
}
