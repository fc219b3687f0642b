import { httpError, type ArangoHttpError } from '../errors.js';

/**
 * Read-only server mode (`PUT /_admin/server/mode`), enforced before the handler for the
 * document and DDL APIs: data writes → 403 / 1004 ERROR_ARANGO_READ_ONLY, database, collection,
 * index, view and analyzer changes → 403 / 11 ERROR_FORBIDDEN (as the docs of the mode API say).
 * Writes the server cannot see from the path (AQL modification queries, transactions) are
 * refused by their handlers through `ctx.requireWritable()`.
 */
export function readOnlyRefusal(method: string, path: string, query: URLSearchParams): ArangoHttpError | undefined {
  if (method === 'GET' || method === 'HEAD' || method === 'OPTIONS') return undefined;
  const seg = path.split('/').filter((x) => x !== '');
  if (seg[0] !== '_api') return undefined;
  const write = (): ArangoHttpError => httpError(403, 'ERROR_ARANGO_READ_ONLY');
  const ddl = (): ArangoHttpError => httpError(403, 'ERROR_FORBIDDEN');
  switch (seg[1]) {
    case 'document':
      return method === 'PUT' && query.get('onlyget') === 'true' ? undefined : write();
    case 'import':
      return write();
    case 'gharial': {
      const kind = seg[3];
      if ((kind === 'vertex' || kind === 'edge') && seg.length >= 6) return write();
      if ((kind === 'vertex' || kind === 'edge') && seg.length === 5 && method === 'POST') return write();
      return ddl();
    }
    case 'collection': {
      if (seg.length <= 3) return ddl();
      const action = seg[3];
      if (action === 'truncate') return write();
      return action === 'rename' || action === 'properties' ? ddl() : undefined;
    }
    case 'index':
    case 'view':
    case 'analyzer':
      return ddl();
    default:
      return undefined;
  }
}
