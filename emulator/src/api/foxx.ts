import type { EmuRequest, EmuResponse, Router } from '../http/router.js';
import { httpError } from '../errors.js';

/**
 * `/_api/foxx` service management (deprecated in 3.12). Foxx services are JavaScript apps run
 * by V8, which the emulator does not have. It behaves like a server on which no service is
 * installed and whose service API refuses new code:
 * - listing answers `[]` (true: there are none);
 * - calls naming a mount point answer 400 / ERROR_SERVICE_NOT_FOUND (3009), as ArangoDB does for
 *   an unknown mount;
 * - calls that would install or run service code answer 403 / ERROR_SERVICE_API_DISABLED
 *   (3099), ArangoDB's answer when the Foxx API is switched off (`--foxx.api false`);
 * - `commit` (write local service state to the database) has nothing to commit: 204.
 */

function mount(req: EmuRequest): string {
  const m = req.query.get('mount');
  if (m === null || m === '') throw httpError(400, 'ERROR_HTTP_BAD_PARAMETER', "missing query parameter 'mount'");
  return m;
}

function notFound(req: EmuRequest): EmuResponse {
  const m = mount(req);
  throw httpError(400, 'ERROR_SERVICE_NOT_FOUND', `Service not found at "${m}"`);
}

function disabled(req: EmuRequest): EmuResponse {
  req.ctx.requireDatabaseAccess('rw');
  throw httpError(403, 'ERROR_SERVICE_API_DISABLED');
}

function list(req: EmuRequest): EmuResponse {
  req.ctx.requireDatabaseAccess('ro');
  return { status: 200, body: [] };
}

function commit(req: EmuRequest): EmuResponse {
  req.ctx.requireDatabaseAccess('rw');
  return { status: 204 };
}

export function register(router: Router): void {
  router.get('/_api/foxx', list);
  router.post('/_api/foxx', disabled);
  router.get('/_api/foxx/service', notFound);
  router.put('/_api/foxx/service', disabled);
  router.patch('/_api/foxx/service', disabled);
  router.delete('/_api/foxx/service', notFound);
  for (const part of ['configuration', 'dependencies']) {
    router.get(`/_api/foxx/${part}`, notFound);
    router.put(`/_api/foxx/${part}`, disabled);
    router.patch(`/_api/foxx/${part}`, disabled);
  }
  router.get('/_api/foxx/scripts', notFound);
  router.post('/_api/foxx/scripts/:name', disabled);
  router.post('/_api/foxx/tests', disabled);
  router.post('/_api/foxx/development', disabled);
  router.delete('/_api/foxx/development', disabled);
  router.get('/_api/foxx/readme', notFound);
  router.get('/_api/foxx/swagger', notFound);
  router.post('/_api/foxx/download', notFound);
  router.post('/_api/foxx/commit', commit);
}
