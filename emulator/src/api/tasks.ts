import type { EmuRequest, EmuResponse, Router } from '../http/router.js';
import { httpError } from '../errors.js';
import { taskToJson, tasksOf, type TaskInput } from '../store/tasks.js';

/**
 * `/_api/tasks` (deprecated in 3.12). Tasks are stored and listed like on a real server but
 * their JavaScript never runs: the emulator has no V8 (see store/tasks.ts). Task ids made by
 * the server carry the coordinator's short id, so follow-ups are attributed to their owner.
 */

function input(req: EmuRequest): TaskInput {
  const b = req.json<unknown>();
  if (b === null || typeof b !== 'object' || Array.isArray(b)) {
    throw httpError(400, 'ERROR_BAD_PARAMETER', 'expecting a JSON object as body');
  }
  return b as TaskInput;
}

function list(req: EmuRequest): EmuResponse {
  req.ctx.requireDatabaseAccess('ro');
  return { status: 200, body: tasksOf(req.ctx.state).list().map(taskToJson) };
}

function get(req: EmuRequest): EmuResponse {
  req.ctx.requireDatabaseAccess('ro');
  const id = req.params.id ?? '';
  req.ctx.checkOwner(id);
  return { status: 200, body: taskToJson(tasksOf(req.ctx.state).get(id)) };
}

/**
 * `POST /_api/tasks[/…]`: RestTasksHandler::registerTask(byId = false) takes the id from the
 * body's `id`, else a new server tick. A path suffix is accepted and ignored on POST (only PUT
 * reads the id from the path): the issue asked for POST /_api/tasks/{id} to use the path id, the
 * source does not, and the source wins.
 */
function create(req: EmuRequest): EmuResponse {
  req.ctx.requireDatabaseAccess('rw');
  const body = input(req);
  const id = typeof body.id === 'string' && body.id !== '' ? body.id : req.ctx.newServerTick();
  const task = tasksOf(req.ctx.state).register(id, req.ctx.db.name, body);
  return { status: 200, body: taskToJson(task) };
}

function createWithId(req: EmuRequest): EmuResponse {
  req.ctx.requireDatabaseAccess('rw');
  const body = input(req);
  // The id in the path wins over an `id` in the body, as the transcript of a real server shows.
  const task = tasksOf(req.ctx.state).register(req.params.id ?? '', req.ctx.db.name, body);
  return { status: 200, body: taskToJson(task) };
}

function remove(req: EmuRequest): EmuResponse {
  req.ctx.requireDatabaseAccess('rw');
  const id = req.params.id ?? '';
  req.ctx.checkOwner(id);
  tasksOf(req.ctx.state).remove(id);
  return { status: 200, body: { error: false, code: 200 } };
}

export function register(router: Router): void {
  router.get('/_api/tasks', list);
  router.post('/_api/tasks', create);
  router.post('/_api/tasks/:id', create);
  router.get('/_api/tasks/:id', get);
  router.put('/_api/tasks/:id', createWithId);
  router.delete('/_api/tasks/:id', remove);
}
