import type { EmuRequest, EmuResponse, Router } from '../http/router.js';
import { httpError } from '../errors.js';

/**
 * `/_api/control_pregel`. ArangoDB dropped Pregel in 3.12.0 (python-arango's docs: "Starting
 * from ArangoDB 3.12, the Pregel API has been dropped"), so a 3.12 server no longer knows these
 * paths and answers 404 / ERROR_HTTP_NOT_FOUND. The emulator reports 3.12 and answers the same,
 * with a message that says why; drivers keep their Pregel calls for 3.10/3.11 servers.
 */

function removed(req: EmuRequest): EmuResponse {
  throw httpError(404, 'ERROR_HTTP_NOT_FOUND', `unknown path '/_api/control_pregel${req.params.rest ? `/${req.params.rest}` : ''}' (Pregel was removed in ArangoDB 3.12)`);
}

export function register(router: Router): void {
  for (const method of ['GET', 'POST', 'PUT', 'DELETE'] as const) {
    router.add(method, '/_api/control_pregel', removed);
    router.add(method, '/_api/control_pregel/*rest', removed);
  }
}
