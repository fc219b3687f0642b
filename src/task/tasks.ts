/**
 * Server tasks (`/_api/tasks`): JavaScript run once or periodically on a Coordinator. ArangoDB
 * deprecates the API but 3.12 still answers it. Task ids are owned by the Coordinator that created
 * them; other Coordinators forward follow-ups.
 */
import { expectList, unexpected } from '../shape.js';
import type { Connection } from '../connection.js';
import { ArangoClientError } from '../errors.js';
import { errors } from '../error-codes.js';
import type { CallOptions, RequestSpec } from '../transport/request.js';
import { path } from '../transport/path.js';
import { callOptions, deletedAnswer, existsAnswer, withoutEnvelope } from '../admin/envelope.js';
import { describeHandle, inspectable, type HandleDescription } from '../describe.js';

/**
 * A server task as `/_api/tasks` describes it: id, name, creation time, `periodic` (runs every
 * `period` seconds) or `timed` (runs once after `offset` seconds), its JavaScript `command` and the
 * database it runs in.
 */
export interface TaskInfo {
  id: string;
  name: string;
  /** Unix time in seconds. */
  created: number;
  type: 'periodic' | 'timed';
  period?: number;
  offset: number;
  command: string;
  database: string;
}

/** What to register with `POST /_api/tasks` (or `PUT /_api/tasks/{id}` with `id`). */
export interface CreateTaskOptions {
  /** JavaScript code; it sees the `params` value as `params`. */
  command: string;
  /** A name for the task (not unique). */
  name?: string;
  /** A JSON value handed to the command as `params`. */
  params?: unknown;
  /** Seconds between runs; without it the task runs once. */
  period?: number;
  /** Seconds before the first run. */
  offset?: number;
  /** Choose the id (sent with `PUT /_api/tasks/{id}`); otherwise the server assigns one. */
  id?: string;
}

function checkId(id: unknown, what: string): string {
  if (typeof id !== 'string' || id === '') throw new ArangoClientError(`${what}: expected a task id`);
  return id;
}

/**
 * Server tasks of a database: `db.tasks`.
 *
 * @deprecated ArangoDB 3.12 deprecates server tasks (JavaScript on the server) and removes them in v4.0.
 */
export class Tasks {
  /** What logging shows: kind, database, name and hosts — never credentials. */
  toJSON(): HandleDescription {
    return describeHandle('Tasks', this.connection);
  }
  constructor(private readonly connection: Connection) {}

  /** `GET /_api/tasks`: every task of the server. */
  async list(call?: CallOptions): Promise<TaskInfo[]> {
    return this.connection.send({ operation: 'tasks.list', method: 'GET', path: '/_api/tasks', ...callOptions(call) }, (res) => {
      return expectList<TaskInfo>(res, res.body, { id: 'string', command: 'string' }, 'tasks');
    });
  }

  /**
   * `GET /_api/tasks/{id}`: one task.
   *
   * @throws {@link ArangoServerError} 404 / errorNum 1852 (ERROR_TASK_NOT_FOUND) when there is none.
   */
  async get(id: string, call?: CallOptions): Promise<TaskInfo> {
    return this.connection.send(
      { operation: 'tasks.get', method: 'GET', path: path`/_api/tasks/${checkId(id, 'get task')}`, ...callOptions(call) },
      (res) => {
        const task = withoutEnvelope<TaskInfo>(res, 'get task');
        if (typeof task.id !== 'string') throw unexpected(res, 'a task: a JSON object with an "id"');
        return task;
      },
    );
  }

  /** Whether a task with this id exists (a 404 with ERROR_TASK_NOT_FOUND is `false`). */
  async has(id: string, call?: CallOptions): Promise<boolean> {
    const spec: RequestSpec = { operation: 'tasks.has', method: 'GET', path: path`/_api/tasks/${checkId(id, 'has task')}`, allowStatus: [404], ...callOptions(call) };
    return this.connection.send(spec, (res) => existsAnswer(res, spec, [errors.ERROR_TASK_NOT_FOUND], { id: 'string' }, 'task exists'));
  }

  /**
   * Registers a task; answers it with its id.
   *
   * @throws {@link ArangoClientError} without a `command`, or with a negative `period`/`offset` (nothing is sent).
   * @throws {@link ArangoServerError} 409 when a task with the given `id` exists.
   */
  async create(options: CreateTaskOptions & CallOptions): Promise<TaskInfo> {
    if (typeof options?.command !== 'string' || options.command === '') {
      throw new ArangoClientError('create task: "command" (JavaScript code) is required');
    }
    for (const k of ['period', 'offset'] as const) {
      const v = options[k];
      if (v !== undefined && (typeof v !== 'number' || !Number.isFinite(v) || v < 0)) {
        throw new ArangoClientError(`create task: "${k}" must be a non-negative number of seconds`);
      }
    }
    const body: Record<string, unknown> = { command: options.command };
    if (options.name !== undefined) body.name = options.name;
    if (options.params !== undefined) body.params = options.params;
    if (options.period !== undefined) body.period = options.period;
    if (options.offset !== undefined) body.offset = options.offset;
    const spec: RequestSpec =
      options.id === undefined
        ? { operation: 'tasks.create', method: 'POST', path: '/_api/tasks', body, ...callOptions(options) }
        : { operation: 'tasks.create', method: 'PUT', path: path`/_api/tasks/${checkId(options.id, 'create task')}`, body, ...callOptions(options) };
    return this.connection.send(spec, (res) => withoutEnvelope<TaskInfo>(res, 'create task'));
  }

  /** Removes a task; `false` only with `ignoreMissing` when there was none. */
  async delete(id: string, options: { ignoreMissing?: boolean } & CallOptions = {}): Promise<boolean> {
    const spec: RequestSpec = { operation: 'tasks.delete',
      method: 'DELETE',
      path: path`/_api/tasks/${checkId(id, 'delete task')}`,
      ...(options.ignoreMissing === true ? { allowStatus: [404] } : {}),
      ...callOptions(options),
    };
    return this.connection.send(spec, (res) => deletedAnswer(res, spec, [errors.ERROR_TASK_NOT_FOUND], 'delete task'));
  }
}

inspectable(Tasks);
