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

/** The plain connection: one request, one parse. */
export class DatabaseConnection implements Connection {
  constructor(
    readonly requester: Requester,
    readonly databaseName: string,
  ) {}

  async send<T>(spec: RequestSpec, parse: (res: ArangoResponse) => T): Promise<T> {
    return parse(await this.requester.request({ ...spec, database: this.databaseName }));
  }

  forDatabase(name: string): Connection {
    return new DatabaseConnection(this.requester, name);
  }
}
