import { describeHandle, inspectable, type HandleDescription } from './describe.js';
import { UnexpectedResponseError } from './errors.js';
import { assertDatabaseName } from './names.js';
import { describeBody, isJsonAnswer, unexpected } from './shape.js';
import type { ArangoResponse, Requester, RequestSpec } from './transport/request.js';

/**
 * How every API class sends its requests. A plain database sends and parses; a transaction's
 * connection adds `x-arango-trx-id` and pins the owning host; an async-execution connection stores
 * the call as a job and resolves to a job handle instead of the parsed result (the AsyncDatabase
 * types say so). API classes fill `spec` without `database`: the connection adds it.
 */
export interface Connection {
  readonly databaseName: string;
  send<T>(spec: RequestSpec, parse: (res: ArangoResponse) => T): Promise<T>;
  /** A connection to another database over the same transport and credentials. */
  forDatabase(name: string): Connection;
  /** The client's current host ids (for handles' `toJSON()` and inspection). */
  hosts?(): string[];
}

/**
 * @internal A requester that takes the database beside the spec, so the connection need not copy
 * every spec to add it (the client's own requester is one).
 */
export interface DatabaseRequester extends Requester {
  requestIn<T = unknown>(spec: RequestSpec, database: string): Promise<ArangoResponse<T>>;
  hostIds?(): string[];
}

/**
 * Runs an API parser; an UnexpectedResponseError it throws learns the request it answers (the
 * parsers see only the response). A try block costs nothing while nothing throws.
 */
function parseAnswer<T>(res: ArangoResponse, spec: RequestSpec, database: string, parse: (res: ArangoResponse) => T): T {
  try {
    const value = parse(res);
    // Every answer ArangoDB gives a JSON call is JSON (or empty); text there is someone else's page,
    // even where the parser looks at the status only. The parser's own, more specific expectation
    // wins when it refuses the answer first. One typeof per call; the content-type is read only
    // for a string body.
    if (typeof res.body === 'string' && res.body !== '' && res.status < 300 && (spec.responseType ?? 'json') === 'json' && !isJsonAnswer(res)) {
      throw unexpected(res, 'a JSON answer');
    }
    return value;
  } catch (err) {
    if (err instanceof UnexpectedResponseError) {
      err.locate({ method: spec.method, path: `/_db/${encodeURIComponent(database)}${spec.path}`, hostId: res.hostId, httpCode: res.status, received: describeBody(res) });
    }
    throw err;
  }
}

function takesDatabase(requester: Requester): requester is DatabaseRequester {
  return typeof (requester as Partial<DatabaseRequester>).requestIn === 'function';
}

/**
 * The plain connection: one request, one parse. The requester (transport and credentials) is
 * `#private`: a handle's connection shows its database name and nothing else.
 */
export class DatabaseConnection implements Connection {
  readonly #requester: Requester;
  readonly #direct: DatabaseRequester | undefined;
  readonly databaseName: string;

  constructor(requester: Requester, databaseName: string) {
    assertDatabaseName(databaseName);
    this.#requester = requester;
    this.databaseName = databaseName;
    this.#direct = takesDatabase(requester) ? requester : undefined;
  }

  send<T>(spec: RequestSpec, parse: (res: ArangoResponse) => T): Promise<T> {
    // No async frame of its own: the request's promise plus one reaction for the parse.
    if (this.#direct !== undefined) return this.#direct.requestIn(spec, this.databaseName).then((res) => parseAnswer(res, spec, this.databaseName, parse));
    return this.#sendCopy(spec, parse);
  }

  async #sendCopy<T>(spec: RequestSpec, parse: (res: ArangoResponse) => T): Promise<T> {
    return parseAnswer(await this.#requester.request({ ...spec, database: this.databaseName }), spec, this.databaseName, parse);
  }

  forDatabase(name: string): Connection {
    return new DatabaseConnection(this.#requester, name);
  }

  hosts(): string[] {
    return this.#direct?.hostIds?.() ?? [];
  }

  toJSON(): HandleDescription {
    return describeHandle('DatabaseConnection', this);
  }
}

inspectable(DatabaseConnection);
