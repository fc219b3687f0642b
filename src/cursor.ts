/**
 * A server-side AQL cursor, read lazily: the client holds at most one batch, fetches the next one
 * only when the current one is used up, and sends every follow-up to the coordinator that created
 * the cursor (cursor ids are owned by their coordinator; another one would have to forward).
 */
import { unexpected } from './shape.js';
import type { Connection } from './connection.js';
import { UnexpectedResponseError } from './admin/envelope.js';
import { ArangoClientError, NetworkError } from './errors.js';
import { assertMultiRequest } from './job/marker.js';
import { path } from './transport/path.js';
import type { AbortSignalLike, ArangoResponse, CallOptions, RequestSpec } from './transport/request.js';
import { callOptions } from './transport/request.js';
import { describeHandle, inspectable, type HandleDescription } from './describe.js';

/** A warning the query produced (e.g. a division by zero, a type mismatch): ArangoDB's error number and message. */
export interface QueryWarning {
  code: number;
  message: string;
}

/** `extra.stats` of a cursor answer. Servers add fields over time, hence the open index. */
export interface CursorStats {
  writesExecuted?: number;
  writesIgnored?: number;
  documentLookups?: number;
  seeks?: number;
  scannedFull?: number;
  scannedIndex?: number;
  searchParallelism?: number;
  cursorsCreated?: number;
  cursorsRearmed?: number;
  cacheHits?: number;
  cacheMisses?: number;
  filtered?: number;
  httpRequests?: number;
  /** Only with the `fullCount` option: matches before the last top-level LIMIT. */
  fullCount?: number;
  executionTime?: number;
  peakMemoryUsage?: number;
  intermediateCommits?: number;
  /** With `profile: 2`: per-node statistics. */
  nodes?: unknown[];
  [key: string]: unknown;
}

/**
 * `extra` of a cursor answer: warnings, statistics and, when profiled, phase timings and the plan.
 * For stream queries the server sends it with the last batch.
 */
export interface CursorExtra {
  warnings: QueryWarning[];
  stats?: CursorStats;
  /** With `profile`: seconds spent in each phase. */
  profile?: Record<string, number>;
  /** With `profile: 2`: the executed plan. */
  plan?: Record<string, unknown>;
  [key: string]: unknown;
}

/** The JSON body of `POST /_api/cursor` and of its follow-ups. */
export interface CursorResponse<T = unknown> {
  result: T[];
  hasMore: boolean;
  id?: string;
  count?: number;
  nextBatchId?: string;
  extra?: CursorExtra;
  cached?: boolean;
  planCacheKey?: string;
}

/** What `db.aql.execute` hands to the cursor it creates. */
export interface CursorInit<T> {
  connection: Connection;
  /** The parsed first answer. */
  body: CursorResponse<T>;
  /** The coordinator that created the cursor: every follow-up goes there. */
  hostId: string;
  /** Follow-ups fetched while iterating use this signal unless a call passes its own. */
  signal?: AbortSignalLike;
  /**
   * The query asked for `allowRetry`. 3.12 names the next batch (`nextBatchId`) on every batch but
   * the last whatever the option, but only an allowRetry cursor can hand a batch out twice: without
   * it, following by batch id would make a lost answer look safe to repeat.
   */
  allowRetry?: boolean;
}

/** How often a follow-up lost in transit is asked for again (only with `allowRetry`). */
const BATCH_RETRIES = 2;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Checks the shape of a cursor answer; anything else is a protocol error, not a result. */
export function parseCursorResponse<T>(res: ArangoResponse): CursorResponse<T> {
  const body = res.body;
  if (!isRecord(body) || typeof body.hasMore !== 'boolean' || (body.result !== undefined && !Array.isArray(body.result))) {
    throw unexpected(res, 'a cursor body: a JSON object with a boolean "hasMore" and a "result" array');
  }
  const out: CursorResponse<T> = { result: (body.result ?? []) as T[], hasMore: body.hasMore };
  if (body.id !== undefined && body.id !== null) out.id = String(body.id);
  if (typeof body.count === 'number') out.count = body.count;
  if (body.nextBatchId !== undefined && body.nextBatchId !== null) out.nextBatchId = String(body.nextBatchId);
  if (isRecord(body.extra)) {
    const extra = body.extra;
    out.extra = { ...extra, warnings: Array.isArray(extra.warnings) ? (extra.warnings as QueryWarning[]) : [] };
  }
  if (typeof body.cached === 'boolean') out.cached = body.cached;
  if (typeof body.planCacheKey === 'string') out.planCacheKey = body.planCacheKey;
  return out;
}

/**
 * A failure after which the same batch may safely be asked for again: the connection broke, so
 * the answer may have been lost. Server answers, timeouts (the call's budget is spent) and aborts
 * are final.
 */
function isLostInTransit(err: unknown, call: CallOptions): boolean {
  return err instanceof NetworkError && call.signal?.aborted !== true;
}

/**
 * Results of an AQL query. Iterate it with `for await` (items) or `cursor.batches` (arrays);
 * breaking out of either loop early closes the server cursor. `all()` collects the rest.
 */
export class Cursor<T = unknown> implements AsyncIterable<T> {
  /** What logging shows: kind, database, name and hosts — never credentials. */
  toJSON(): HandleDescription {
    return describeHandle('Cursor', this.#connection, { id: this.#id, hostId: this.#hostId, count: this.#count, hasMore: this.#serverHasMore });
  }
  readonly #connection: Connection;
  readonly #hostId: string;
  readonly #signal: AbortSignalLike | undefined;
  #batch: T[];
  #index = 0;
  #serverHasMore: boolean;
  #id: string | undefined;
  #nextBatchId: string | undefined;
  readonly #allowRetry: boolean;
  #count: number | undefined;
  #extra: CursorExtra;
  #cached: boolean;
  #fetching: Promise<void> | undefined;
  #closing: Promise<void> | undefined;

  /** Built by `db.aql.execute`; not meant to be called directly. */
  constructor(init: CursorInit<T>) {
    this.#connection = init.connection;
    this.#hostId = init.hostId;
    this.#signal = init.signal;
    this.#batch = init.body.result;
    this.#serverHasMore = init.body.hasMore;
    this.#id = init.body.id;
    this.#allowRetry = init.allowRetry === true;
    this.#nextBatchId = this.#allowRetry ? init.body.nextBatchId : undefined;
    this.#count = init.body.count;
    this.#extra = init.body.extra ?? { warnings: [] };
    this.#cached = init.body.cached ?? false;
  }

  /** The server cursor id; undefined when the whole result came in the first answer. */
  get id(): string | undefined {
    return this.#id;
  }

  /** The coordinator that owns the cursor. */
  get hostId(): string {
    return this.#hostId;
  }

  /** Total number of results, when the query ran with `count: true` (not for stream queries). */
  get count(): number | undefined {
    return this.#count;
  }

  /** Statistics, warnings, profile and plan. Stream queries deliver them with the last batch. */
  get extra(): CursorExtra {
    return this.#extra;
  }

  /** Whether the server has batches the client has not fetched yet. */
  get hasMore(): boolean {
    return this.#serverHasMore;
  }

  /** Whether another item can be read, from the held batch or from the server. */
  get hasNext(): boolean {
    return this.#index < this.#batch.length || this.#serverHasMore;
  }

  /** Whether the result came from the query results cache. */
  get cached(): boolean {
    return this.#cached;
  }

  // python-arango's cursor accessors, for code moving over from it.

  /** Query statistics (`extra.stats`); for stream queries only after the last batch. */
  statistics(): CursorStats | undefined {
    return this.#extra.stats;
  }

  /** The query's warnings (`extra.warnings`); for stream queries complete only after the last batch. */
  warnings(): QueryWarning[] {
    return this.#extra.warnings;
  }

  /** Seconds per query phase (`extra.profile`), when the query ran with `profile`. */
  profile(): Record<string, number> | undefined {
    return this.#extra.profile;
  }

  /** The executed plan (`extra.plan`), when the query ran with `profile: 2`. */
  plan(): Record<string, unknown> | undefined {
    return this.#extra.plan;
  }

  /** The items of the held batch not read yet (a copy). */
  batch(): T[] {
    return this.#batch.slice(this.#index);
  }

  /** Whether the held batch is used up (more may still be on the server: see `hasMore`). */
  empty(): boolean {
    return this.#index >= this.#batch.length;
  }

  /**
   * Fetches the next batch from the server now and appends it to the held items (python-arango
   * `fetch()`); resolves to how many items arrived. Iteration fetches by itself: this is for
   * prefetching by hand.
   */
  async fetch(call?: CallOptions): Promise<number> {
    if (!this.#serverHasMore) return 0;
    const held = this.batch();
    await this.#fetch(call);
    const arrived = this.#batch.length;
    if (held.length > 0) {
      for (const item of this.#batch) held.push(item);
      this.#batch = held;
      this.#index = 0;
    }
    return arrived;
  }

  /** The next item, or `undefined` once the cursor is exhausted. */
  async next(call?: CallOptions): Promise<T | undefined> {
    while (this.#index >= this.#batch.length) {
      if (!this.#serverHasMore) return undefined;
      await this.#fetch(call);
    }
    const item = this.#batch[this.#index] as T;
    this.#index++;
    if (this.#index >= this.#batch.length) this.#release();
    return item;
  }

  /** Every remaining item. Holds them all in memory: prefer iteration for large results. */
  async all(call?: CallOptions): Promise<T[]> {
    const out: T[] = this.#takeBatch();
    while (this.#serverHasMore) {
      await this.#fetch(call);
      const batch = this.#takeBatch();
      for (const item of batch) out.push(item);
    }
    return out;
  }

  /**
   * Calls `callback` for each remaining item, one batch held at a time (arangojs' `forEach`).
   * Returning `false` stops early and closes the cursor; resolves `false` then, `true` otherwise.
   */
  async forEach(callback: (item: T, index: number) => false | void | Promise<false | void>): Promise<boolean> {
    let index = 0;
    for await (const item of this) {
      if ((await callback(item, index++)) === false) return false;
    }
    return true;
  }

  /** The remaining items mapped through `callback` (collects the results, not the items). */
  async map<R>(callback: (item: T, index: number) => R | Promise<R>): Promise<R[]> {
    const out: R[] = [];
    let index = 0;
    for await (const item of this) out.push(await callback(item, index++));
    return out;
  }

  /** Folds the remaining items into one value without holding them. */
  async reduce<R>(reducer: (accumulator: R, item: T, index: number) => R | Promise<R>, initial: R): Promise<R> {
    let accumulator = initial;
    let index = 0;
    for await (const item of this) accumulator = await reducer(accumulator, item, index++);
    return accumulator;
  }

  /** The remaining results one batch (array) at a time, as the server sent them. */
  get batches(): AsyncIterable<T[]> {
    return { [Symbol.asyncIterator]: () => this.#iterateBatches() };
  }

  async *#iterateBatches(): AsyncGenerator<T[], void, undefined> {
    let finished = false;
    try {
      if (this.#index < this.#batch.length) yield this.#takeBatch();
      while (this.#serverHasMore) {
        await this.#fetch(undefined);
        yield this.#takeBatch();
      }
      finished = true;
    } finally {
      // An early exit frees the server cursor; a failure to do so must not hide the loop's own error.
      if (!finished) await this.close().catch(() => undefined);
    }
  }

  /**
   * Every remaining result, fetching batches as needed: `for await (const doc of cursor)`. Leaving
   * the loop early (break, throw) deletes the server cursor.
   */
  async *[Symbol.asyncIterator](): AsyncGenerator<T, void, undefined> {
    let finished = false;
    try {
      for (;;) {
        while (this.#index < this.#batch.length) {
          const item = this.#batch[this.#index] as T;
          this.#index++;
          yield item;
        }
        this.#release();
        if (!this.#serverHasMore) break;
        await this.#fetch(undefined);
      }
      finished = true;
    } finally {
      // An early exit frees the server cursor; a failure to do so must not hide the loop's own error.
      if (!finished) await this.close().catch(() => undefined);
    }
  }

  /**
   * Deletes the server cursor and drops what is held. Safe to call more than once and after the
   * cursor was exhausted (then nothing is sent).
   */
  close(call?: CallOptions): Promise<void> {
    this.#closing ??= this.#doClose(call).catch((err: unknown) => {
      // A failed close may be tried again.
      this.#closing = undefined;
      throw err;
    });
    return this.#closing;
  }

  async #doClose(call: CallOptions | undefined): Promise<void> {
    if (this.#fetching !== undefined) await this.#fetching.catch(() => undefined);
    this.#release();
    const id = this.#id;
    if (!this.#serverHasMore || id === undefined) {
      this.#serverHasMore = false;
      return;
    }
    await this.#connection.send(
      {
        operation: 'cursor.close',
        method: 'DELETE',
        path: path`/_api/cursor/${id}`,
        hostId: this.#hostId,
        // Already gone (expired ttl, owner restarted): the goal of close() is reached.
        allowStatus: [404],
        ...callOptions(call),
      },
      () => undefined,
    );
    this.#serverHasMore = false;
  }

  #takeBatch(): T[] {
    const batch = this.#index === 0 ? this.#batch : this.#batch.slice(this.#index);
    this.#release();
    return batch;
  }

  /** Drops the held batch so its items can be collected. */
  #release(): void {
    this.#batch = [];
    this.#index = 0;
  }

  #fetch(call: CallOptions | undefined): Promise<void> {
    // Concurrent readers share one request: a cursor must never be advanced twice for one batch.
    this.#fetching ??= this.#fetchBatch(call).finally(() => {
      this.#fetching = undefined;
    });
    return this.#fetching;
  }

  async #fetchBatch(call: CallOptions | undefined): Promise<void> {
    if (this.#closing !== undefined) throw new ArangoClientError('the cursor was closed');
    // A cursor created as an async job can only deliver its first batch through that job.
    assertMultiRequest(this.#connection, 'reading a further cursor batch');
    const id = this.#id;
    if (id === undefined) throw new UnexpectedResponseError('a cursor id beside "hasMore": true', { hostId: this.#hostId });
    const options = callOptions(call ?? (this.#signal === undefined ? undefined : { signal: this.#signal }));
    const batchId = this.#nextBatchId;
    const spec: RequestSpec =
      batchId === undefined
        ? // Advances the cursor: repeating it would skip a batch.
          { operation: 'cursor.next', method: 'POST', path: path`/_api/cursor/${id}`, hostId: this.#hostId, idempotent: false, ...options }
        : // Names the batch it wants: asking twice returns the same batch (allowRetry).
          { operation: 'cursor.next', method: 'POST', path: path`/_api/cursor/${id}/${batchId}`, hostId: this.#hostId, idempotent: true, ...options };
    let body: CursorResponse<T>;
    for (let attempt = 0; ; attempt++) {
      try {
        body = await this.#connection.send(spec, (res) => parseCursorResponse<T>(res));
        break;
      } catch (err) {
        if (batchId === undefined || attempt >= BATCH_RETRIES || !isLostInTransit(err, options)) throw err;
      }
    }
    this.#batch = body.result;
    this.#index = 0;
    this.#serverHasMore = body.hasMore;
    this.#nextBatchId = this.#allowRetry ? body.nextBatchId : undefined;
    if (body.id !== undefined) this.#id = body.id;
    if (body.count !== undefined) this.#count = body.count;
    if (body.extra !== undefined) this.#extra = body.extra;
    if (body.cached !== undefined) this.#cached = body.cached;
  }
}

inspectable(Cursor);
