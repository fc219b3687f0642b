/**
 * `GET /_api/edges/{collection}?vertex=…&direction=in|out|any` (openapi_3.12_graphs_edges.txt):
 * the edges of one vertex, read through the collection's edge index. Shape as in the real
 * server's transcripts: `{ edges, error, code, stats }`.
 */
import { emptyStats } from '../aql/context.js';
import type { Router } from '../http/router.js';
import { httpError } from '../errors.js';
import { trxOf } from './store-params.js';

const DIRECTIONS = { in: 'inbound', out: 'outbound', any: 'any' } as const;

export function register(router: Router): void {
  router.get('/_api/edges/:collection', (req) => {
    const started = process.hrtime.bigint();
    const c = req.ctx.db.getCollection(req.params.collection ?? '');
    req.ctx.requireCollectionAccess(c.name, 'ro');
    if (c.type !== 'edge') throw httpError(400, 'ERROR_ARANGO_COLLECTION_TYPE_INVALID', 'collection type invalid: not an edge collection');
    const vertex = req.query.get('vertex');
    if (!vertex) throw httpError(400, 'ERROR_HTTP_BAD_PARAMETER', "illegal document identifier: query parameter 'vertex' is required");
    const dir = req.query.get('direction') ?? 'any';
    if (!(dir in DIRECTIONS)) throw httpError(400, 'ERROR_HTTP_BAD_PARAMETER', "direction must be one of 'in', 'out', 'any'");
    const edges = c.edges(vertex, DIRECTIONS[dir as keyof typeof DIRECTIONS], trxOf(req));
    // 3.12 answers this through an AQL query over the edge index: the full query statistics.
    const stats = {
      ...emptyStats(),
      documentLookups: edges.length,
      scannedIndex: edges.length,
      cursorsCreated: dir === 'any' ? 2 : 1,
      executionTime: Number(process.hrtime.bigint() - started) / 1e9,
    };
    return { status: 200, body: { edges, error: false, code: 200, stats } };
  });
}
