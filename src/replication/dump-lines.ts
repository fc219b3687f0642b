/** Reading the line-per-entry bodies of the dump and WAL tailing calls, and their tick headers. */
import { unexpected } from '../shape.js';
import type { ArangoResponse } from '../transport/request.js';
import { header } from '../collection/request-util.js';

/** The `x-arango-replication-*` headers a dump or tail answer carries. */
export interface ReplicationHeaders {
  checkMore?: boolean;
  fromPresent?: boolean;
  lastIncluded?: string;
  lastScanned?: string;
  lastTick?: string;
  active?: boolean;
}

export function replicationHeaders(res: ArangoResponse): ReplicationHeaders {
  const out: ReplicationHeaders = {};
  const flag = (name: string): boolean | undefined => {
    const v = header(res, name);
    return v === undefined ? undefined : v === 'true';
  };
  const checkMore = flag('x-arango-replication-checkmore');
  if (checkMore !== undefined) out.checkMore = checkMore;
  const fromPresent = flag('x-arango-replication-frompresent');
  if (fromPresent !== undefined) out.fromPresent = fromPresent;
  const active = flag('x-arango-replication-active');
  if (active !== undefined) out.active = active;
  const lastIncluded = header(res, 'x-arango-replication-lastincluded');
  if (lastIncluded !== undefined) out.lastIncluded = lastIncluded;
  const lastScanned = header(res, 'x-arango-replication-lastscanned');
  if (lastScanned !== undefined) out.lastScanned = lastScanned;
  const lastTick = header(res, 'x-arango-replication-lasttick');
  if (lastTick !== undefined) out.lastTick = lastTick;
  return out;
}

/** Entries of a newline-separated JSON body (204 answers have none). */
export function jsonLines<T>(res: ArangoResponse, what: string): T[] {
  if (res.status === 204 || res.body === undefined || res.body === null || res.body === '') return [];
  if (typeof res.body !== 'string') throw unexpected(res, `newline-separated JSON (${what})`);
  const out: T[] = [];
  for (const line of res.body.split('\n')) {
    const trimmed = line.trim();
    if (trimmed === '') continue;
    let entry: unknown;
    try {
      entry = JSON.parse(trimmed);
    } catch (cause) {
      throw unexpected(res, `newline-separated JSON (${what}); a line is not JSON`, cause);
    }
    // Every replication log line is an object with the operation's numeric type (2300, 2302, …).
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry) || typeof (entry as { type?: unknown }).type !== 'number') {
      throw unexpected(res, `newline-separated JSON objects with a numeric "type" (${what})`);
    }
    out.push(entry as T);
  }
  return out;
}
