/**
 * Async jobs (openapi_3.12_jobs.txt, digest §3.7). A request sent with `x-arango-async: store`
 * answers 202 with `x-arango-async-id`; the job lives on the coordinator that answered, and every
 * follow-up (status, result, cancel, clear) is pinned to it.
 */
import { expectArray, unexpected } from '../shape.js';
import type { Connection } from '../connection.js';
import { ArangoError, ArangoServerError, TimeoutError } from '../errors.js';
import { path } from '../transport/path.js';
import type { ArangoResponse, CallOptions, RequestSpec } from '../transport/request.js';
import { callOptions, header, isObject } from '../collection/request-util.js';
import { SINGLE_REQUEST, type SingleRequestConnection } from './marker.js';
import { describeHandle, inspectable, type HandleDescription } from '../describe.js';

/**
 * An async job's state as `PUT`/`GET /_api/job/{id}` reports it: `pending` (queued or running, 204) or `done` (the result is ready, 200).
 */
export type AsyncJobStatus = 'pending' | 'done';

/** `result()` of a job the server has not finished (it answered 204). Poll again or use `wait()`. */
export class AsyncJobPendingError extends ArangoError {
  override readonly code = 'ASYNC_JOB_PENDING';
  constructor(readonly jobId: string) {
    super(`async job ${jobId} is not done yet (the server answered 204); call result() again later or use wait()`);
  }
}

export interface JobOptions extends CallOptions {
  /** A 404 (unknown job) resolves false instead of throwing. */
  ignoreMissing?: boolean;
}

export interface WaitOptions extends CallOptions {
  /** Milliseconds between status polls (default 100). */
  pollInterval?: number;
}

const ASYNC_ID = 'x-arango-async-id';

/**
 * A stored async job whose result, once fetched, is parsed exactly like the call that created it
 * would have parsed its answer: `AsyncJob<T>.result()` resolves to that call's `T`.
 */
export class AsyncJob<T> {
  /** What logging shows: kind, database, name and hosts — never credentials. */
  toJSON(): HandleDescription {
    return describeHandle('AsyncJob', this.#connection, { id: this.id, hostId: this.hostId });
  }
  readonly #connection: Connection;
  readonly #parse: (res: ArangoResponse) => T;
  readonly #allowStatus: readonly number[];
  readonly #responseType: RequestSpec['responseType'];

  constructor(
    connection: Connection,
    /** The server's job id (`x-arango-async-id`). */
    readonly id: string,
    /** Coordinator that owns the job; follow-ups go there. */
    readonly hostId: string | undefined,
    parse: (res: ArangoResponse) => T,
    original?: Pick<RequestSpec, 'allowStatus' | 'responseType'>,
  ) {
    this.#connection = connection;
    this.#parse = parse;
    this.#allowStatus = original?.allowStatus ?? [];
    this.#responseType = original?.responseType;
  }

  /** `GET /_api/job/{id}`: `pending` (204) or `done` (200); an unknown job throws 404. */
  async status(opts?: CallOptions): Promise<AsyncJobStatus> {
    return this.#connection.send(
      { operation: 'job.status', ...callOptions(opts), method: 'GET', path: path`/_api/job/${this.id}`, ...this.#pin() },
      (res) => (res.status === 204 ? 'pending' : 'done'),
    );
  }

  /**
   * `PUT /_api/job/{id}`: the original call's result, parsed as that call parses it. The server
   * hands a result out once (a second fetch is 404). A job that is not done throws
   * `AsyncJobPendingError`; an operation that failed throws its own `ArangoServerError`.
   */
  async result(opts?: CallOptions): Promise<T> {
    return this.#connection.send(
      { operation: 'job.result',
        ...callOptions(opts),
        method: 'PUT',
        path: path`/_api/job/${this.id}`,
        allowStatus: [204, ...this.#allowStatus],
        ...(this.#responseType !== undefined ? { responseType: this.#responseType } : {}),
        ...this.#pin(),
      },
      (res) => {
        if (res.status === 204) throw new AsyncJobPendingError(this.id);
        // Without the id header the answer is about the job itself (e.g. 404 unknown job), not
        // the operation's own allowed status.
        if (res.status >= 300 && header(res, ASYNC_ID) === undefined) throw jobError(res, this.id);
        return this.#parse(res);
      },
    );
  }

  /**
   * Polls `status()` until done, then fetches `result()`. `timeout` bounds the whole wait: each
   * poll gets the time that is left, and running out throws a `TimeoutError` (the job itself goes
   * on; its result stays on the server). `signal` stops the wait.
   */
  async wait(opts?: WaitOptions): Promise<T> {
    const interval = opts?.pollInterval ?? 100;
    const deadline = opts?.timeout !== undefined ? Date.now() + opts.timeout : undefined;
    const call = (): CallOptions => {
      const c: CallOptions = {};
      if (opts?.signal !== undefined) c.signal = opts.signal;
      if (deadline !== undefined) c.timeout = Math.max(1, deadline - Date.now());
      return c;
    };
    for (;;) {
      // An aborted signal makes the next poll reject with the driver's AbortError.
      if ((await this.status(call())) === 'done') return this.result(call());
      if (deadline !== undefined && Date.now() + interval >= deadline) {
        throw new TimeoutError({ timeout: opts?.timeout ?? 0, method: 'GET', url: `/_api/job/${encodeURIComponent(this.id)}`, mayHaveBeenApplied: false });
      }
      await new Promise<void>((resolve) => setTimeout(resolve, interval));
    }
  }

  /** `PUT /_api/job/{id}/cancel`. */
  async cancel(opts?: JobOptions): Promise<boolean> {
    return this.#boolCall('PUT', path`/_api/job/${this.id}/cancel`, opts, 'job.cancel');
  }

  /** `DELETE /_api/job/{id}`: forgets the job and its stored result. */
  async clear(opts?: JobOptions): Promise<boolean> {
    return this.#boolCall('DELETE', path`/_api/job/${this.id}`, opts, 'job.clear');
  }

  #pin(): { hostId?: string } {
    return this.hostId !== undefined ? { hostId: this.hostId } : {};
  }

  #boolCall(method: 'PUT' | 'DELETE', p: string, opts: JobOptions | undefined, operation: string): Promise<boolean> {
    return this.#connection.send(
      { operation, ...callOptions(opts), method, path: p, ...this.#pin(), ...(opts?.ignoreMissing === true ? { allowStatus: [404] } : {}) },
      (res) => res.status !== 404 && (!isObject(res.body) || res.body.result !== false),
    );
  }
}

function jobError(res: ArangoResponse, id: string): ArangoServerError {
  const b = isObject(res.body) ? res.body : {};
  return new ArangoServerError({
    httpCode: res.status,
    errorNum: typeof b.errorNum === 'number' ? b.errorNum : res.status,
    errorMessage: typeof b.errorMessage === 'string' ? `async job ${id}: ${b.errorMessage}` : `async job ${id}: HTTP ${res.status}`,
    method: 'PUT',
    url: `/_api/job/${encodeURIComponent(id)}`,
    hostId: res.hostId,
    headers: res.headers,
    body: res.body,
  });
}

/**
 * The connection of an AsyncDatabase: each send becomes a stored job (`store`) resolving to an
 * `AsyncJob` whose parse is the call's own parse; without `returnResult` (`true`, fire and
 * forget) the call resolves to `undefined`.
 */
export class AsyncConnection implements SingleRequestConnection {
  readonly [SINGLE_REQUEST] = true as const;

  constructor(
    readonly base: Connection,
    readonly returnResult: boolean,
  ) {}

  get databaseName(): string {
    return this.base.databaseName;
  }

  send<T>(spec: RequestSpec, parse: (res: ArangoResponse) => T): Promise<T> {
    const store = this.returnResult;
    // The 202 acceptance is judged on its own; the call's allowed statuses apply to the job result.
    const { allowStatus: _allowed, ...accept } = spec;
    return this.base.send(
      { ...accept, headers: { ...spec.headers, 'x-arango-async': store ? 'store' : 'true' } },
      (res) => {
        if (!store) return undefined as T;
        const id = header(res, ASYNC_ID);
        if (id === undefined || id === '') throw unexpected(res, `an ${ASYNC_ID} header on the answer to an async request`);
        // Callers of an AsyncDatabase see AsyncJob<T> in the types (see async-database.ts).
        return new AsyncJob<T>(this.base, id, res.hostId, parse, spec) as unknown as T;
      },
    );
  }

  forDatabase(name: string): Connection {
    return new AsyncConnection(this.base.forDatabase(name), this.returnResult);
  }

  hosts(): string[] {
    return this.base.hosts?.() ?? [];
  }

  toJSON(): HandleDescription {
    return describeHandle('AsyncConnection', this);
  }
}

export interface ListJobsOptions extends CallOptions {
  /** At most this many ids (server default 100). */
  count?: number;
  /** Coordinator to ask: job lists are local to each coordinator (`AsyncJob.hostId`). */
  hostId?: string;
}

export interface ClearJobsOptions extends CallOptions {
  /** Only results older than this Unix time (seconds) — `DELETE /_api/job/expired?stamp=`. */
  threshold?: number;
  hostId?: string;
}

/** `GET /_api/job/pending|done`: ids of the coordinator that answers (pin with `hostId`). */
export function listJobs(connection: Connection, status: AsyncJobStatus, opts?: ListJobsOptions): Promise<string[]> {
  return connection.send(
    { operation: 'job.list',
      ...callOptions(opts),
      method: 'GET',
      path: path`/_api/job/${status}`,
      query: { count: opts?.count },
      ...(opts?.hostId !== undefined ? { hostId: opts.hostId } : {}),
    },
    (res) => expectArray(res, 'a JSON array of job ids').map(String),
  );
}

/** `DELETE /_api/job/all` or `/_api/job/expired?stamp=`. */
export function clearJobs(connection: Connection, opts?: ClearJobsOptions): Promise<boolean> {
  const expired = opts?.threshold !== undefined;
  return connection.send(
    { operation: 'job.clear',
      ...callOptions(opts),
      method: 'DELETE',
      path: expired ? '/_api/job/expired' : '/_api/job/all',
      query: { stamp: opts?.threshold },
      idempotent: true,
      ...(opts?.hostId !== undefined ? { hostId: opts.hostId } : {}),
    },
    (res) => {
      if (!isObject(res.body) || typeof res.body.result !== 'boolean') throw unexpected(res, 'a JSON object with a boolean "result" (clear async jobs)');
      return res.body.result;
    },
  );
}

inspectable(AsyncJob);

inspectable(AsyncConnection);
