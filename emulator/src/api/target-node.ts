import { httpError } from '../errors.js';
import type { EmuRequest } from '../http/router.js';
import type { ServerNode } from '../store/server-state.js';

/** The node a `serverId` query parameter names (404 / 400 as ArangoDB for unknown ones). */
export function targetNode(req: EmuRequest): ServerNode {
  const id = req.query.get('serverId');
  if (id === null || id === '' || id === req.ctx.server.id) return req.ctx.server;
  if (req.ctx.server.role !== 'COORDINATOR') return req.ctx.server;
  const node = req.ctx.state.nodes.get(id);
  if (!node) throw httpError(404, 'ERROR_HTTP_BAD_PARAMETER', `unknown serverId ${id}`);
  return node;
}
