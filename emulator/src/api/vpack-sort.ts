/**
 * `/_admin/cluster/vpackSortMigration/{status,check,migrate}` (3.11.11 / 3.12.2+): whether the
 * deployment's VelocyPack indexes use the corrected sort order. Shapes from the 3.12 upgrade
 * guide and ArangoDB's own tests of the endpoint (tests/js/client/server_parameters/
 * legacy-sorting*.js): a single server answers its own `result`; a coordinator fans out to every
 * DB-Server and answers `result: { <serverId>: { error, code, result } }`
 * (VPackSortMigration.cpp's fanOutRequests). The handler lets only a superuser (a JWT signed with
 * the server secret) or a server without authentication in (isSuperuserOrDisabled): others get 403.
 *
 * The emulator never stored index keys in the legacy order, so, like a deployment initialised by
 * a fixed version, it reports `CORRECT` and finds no affected index.
 */
import type { EmuRequest, EmuResponse, Router } from '../http/router.js';
import { httpError } from '../errors.js';
import { errors } from '../error-codes.js';
import type { ServerState } from '../store/server-state.js';

type SortOrder = 'LEGACY' | 'CORRECT';

interface SortState {
  current: SortOrder;
  next: SortOrder;
}

const states = new WeakMap<ServerState, Map<string, SortState>>();

/** Per server (a single server, or each DB-Server): the sort order in use and the one after a restart. */
function sortState(state: ServerState, serverId: string): SortState {
  let m = states.get(state);
  if (!m) {
    m = new Map();
    states.set(state, m);
  }
  let s = m.get(serverId);
  if (!s) {
    s = { current: 'CORRECT', next: 'CORRECT' };
    m.set(serverId, s);
  }
  return s;
}

type Action = 'status' | 'check' | 'migrate';

function local(state: ServerState, serverId: string, action: Action): Record<string, unknown> {
  const s = sortState(state, serverId);
  switch (action) {
    case 'status': return { current: s.current, next: s.next };
    case 'check': return { affected: [], error: false, errorCode: 0, errorMessage: 'all good with sorting order' };
    case 'migrate':
      // takes effect at the next restart, as the guide says: `next` changes, `current` does not
      s.next = 'CORRECT';
      return { error: false, errorCode: 0, errorMessage: 'VPack sorting migration done.' };
  }
}

function handler(action: Action) {
  return (req: EmuRequest): EmuResponse => {
    const { state } = req.ctx;
    if (state.authentication && req.ctx.identity.kind !== 'superuser') throw httpError(403, 'ERROR_HTTP_FORBIDDEN');
    let result: Record<string, unknown>;
    if (req.ctx.server.role === 'COORDINATOR') {
      result = {};
      for (const db of state.nodesByRole('PRIMARY')) {
        // a DB-Server that does not answer: fanOutRequests records the failure (with error: false)
        result[db.id] = db.running
          ? { error: false, code: 200, result: local(state, db.id, action) }
          : { error: false, errorMessage: `could not connect to server ${db.id}`, errorCode: errors.ERROR_CLUSTER_CONNECTION_LOST };
      }
    } else {
      result = local(state, req.ctx.server.id, action);
    }
    return { status: 200, body: { error: false, code: 200, result } };
  };
}

export function register(router: Router): void {
  router.get('/_admin/cluster/vpackSortMigration/status', handler('status'), { anyUser: true });
  router.get('/_admin/cluster/vpackSortMigration/check', handler('check'), { anyUser: true });
  router.put('/_admin/cluster/vpackSortMigration/migrate', handler('migrate'), { anyUser: true });
  for (const m of ['get', 'post', 'put', 'patch', 'delete'] as const) {
    router[m]('/_admin/cluster/vpackSortMigration/:action', (req) => {
      const known = ['status', 'check', 'migrate'].includes(req.params.action ?? '');
      if (known) throw httpError(405, 'ERROR_HTTP_METHOD_NOT_ALLOWED', 'method not supported');
      throw httpError(400, 'ERROR_HTTP_BAD_PARAMETER', `invalid command '${req.params.action ?? ''}'`);
    }, { anyUser: true });
  }
}
