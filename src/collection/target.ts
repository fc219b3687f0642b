/**
 * What the operation modules (management, single and many documents, AQL helpers, indexes) need
 * of a Collection: its connection and its current name. The Collection class passes itself, so
 * the modules never see its private state and a `rename()` is seen by every later call.
 */
import type { Connection } from '../connection.js';

export interface CollectionTarget {
  readonly connection: Connection;
  readonly name: string;
}

/** `p` under the collection's database, as an error reports the URL of the request. */
export function databaseUrl(c: CollectionTarget, p: string): string {
  return `/_db/${encodeURIComponent(c.connection.databaseName)}${p}`;
}
