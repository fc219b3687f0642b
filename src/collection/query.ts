/**
 * The collection helpers built on AQL (`all`, `keys`, `find`, …) need a query drained into an
 * array. This is a small internal drain over `Connection.send`: create the cursor, then fetch
 * every further batch from the coordinator that owns it (cursor ids are per coordinator).
 */
import type { Connection } from '../connection.js';
import type { CallOptions } from '../transport/request.js';
import { assertMultiRequest } from '../job/marker.js';
import { path } from '../transport/path.js';
import { callOptions, isObject } from './request-util.js';

interface CursorBatch<R> {
  result: R[];
  hasMore: boolean;
  id?: string;
  nextBatchId?: string;
}

export interface DrainOptions extends CallOptions {
  batchSize?: number;
  allowDirtyRead?: boolean;
}

function parseBatch<R>(body: unknown): CursorBatch<R> {
  if (!isObject(body) || !Array.isArray(body.result)) {
    return { result: [], hasMore: false };
  }
  const out: CursorBatch<R> = { result: body.result as R[], hasMore: body.hasMore === true };
  if (typeof body.id === 'string') out.id = body.id;
  return out;
}

export async function queryAll<R>(
  connection: Connection,
  method: string,
  query: string,
  bindVars: Record<string, unknown>,
  opts: DrainOptions = {},
): Promise<R[]> {
  assertMultiRequest(connection, method);
  const co = callOptions(opts);
  const dirty = opts.allowDirtyRead === true ? { 'x-arango-allow-dirty-read': 'true' } : undefined;
  let hostId = '';
  const first = await connection.send(
    {
      ...co,
      method: 'POST',
      path: '/_api/cursor',
      body: { query, bindVars, batchSize: opts.batchSize ?? 1000 },
      ...(dirty ? { headers: dirty } : {}),
    },
    (res) => {
      hostId = res.hostId;
      return parseBatch<R>(res.body);
    },
  );
  const out: R[] = [...first.result];
  let batch = first;
  try {
    while (batch.hasMore && batch.id !== undefined) {
      const id = batch.id;
      batch = await connection.send(
        { ...co, method: 'POST', path: path`/_api/cursor/${id}`, hostId, ...(dirty ? { headers: dirty } : {}) },
        (res) => parseBatch<R>(res.body),
      );
      for (const item of batch.result) out.push(item);
    }
  } catch (err) {
    // A cursor we stop reading would hold server memory until its ttl; free it, best effort.
    if (batch.id !== undefined) {
      const id = batch.id;
      await connection.send({ method: 'DELETE', path: path`/_api/cursor/${id}`, hostId, allowStatus: [404] }, () => undefined).catch(() => undefined);
    }
    throw err;
  }
  return out;
}
