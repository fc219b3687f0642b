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
}

/**
 * @internal A requester that takes the database beside the spec, so the connection need not copy
 * every spec to add it (the client's own requester is one).
 */
export interface DatabaseRequester extends Requester {
  requestIn<T = unknown>(spec: RequestSpec, database: string): Promise<ArangoResponse<T>>;
}

function takesDatabase(requester: Requester): requester is DatabaseRequester {
  return typeof (requester as Partial<DatabaseRequester>).requestIn === 'function';
}

/** The plain connection: one request, one parse. */
export class DatabaseConnection implements Connection {
  readonly #direct: DatabaseRequester | undefined;

  constructor(
    readonly requester: Requester,
    readonly databaseName: string,
  ) {
    this.#direct = takesDatabase(requester) ? requester : undefined;
  }

  send<T>(spec: RequestSpec, parse: (res: ArangoResponse) => T): Promise<T> {
    // No async frame of its own: the request's promise plus one reaction for the parse.
    if (this.#direct !== undefined) return this.#direct.requestIn(spec, this.databaseName).then(parse);
    return this.#sendCopy(spec, parse);
  }

  async #sendCopy<T>(spec: RequestSpec, parse: (res: ArangoResponse) => T): Promise<T> {
    return parse(await this.requester.request({ ...spec, database: this.databaseName }));
  }

  forDatabase(name: string): Connection {
    return new DatabaseConnection(this.requester, name);
  }
}
