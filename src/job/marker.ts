/**
 * Marks connections on which one API call may send only one request: an async-execution
 * connection turns each send into a stored job, so a call that needs several round trips (import
 * in chunks, draining a cursor, try-then-create) cannot run as one job.
 */
import { ArangoClientError } from '../errors.js';
import type { Connection } from '../connection.js';

export const SINGLE_REQUEST: unique symbol = Symbol('arangots.singleRequest');

export interface SingleRequestConnection extends Connection {
  readonly [SINGLE_REQUEST]: true;
}

export function isSingleRequest(connection: Connection): connection is SingleRequestConnection {
  return (connection as Partial<SingleRequestConnection>)[SINGLE_REQUEST] === true;
}

/** Refuses, before sending anything, a multi-request call on a job connection. */
export function assertMultiRequest(connection: Connection, method: string): void {
  if (isSingleRequest(connection)) {
    throw new ArangoClientError(
      `${method}() sends several requests and cannot run as one async job; call it on the plain database`,
    );
  }
}
