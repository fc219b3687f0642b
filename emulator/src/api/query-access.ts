/**
 * What an AQL query may touch, checked as ArangoDB's query transaction checks it
 * (TransactionState::checkCollectionPermission): every collection the query names — FOR, the
 * modification statements, the collections of a named graph, the edge collections of an
 * anonymous traversal, WITH, and the collections a view links — when the query is set up; the
 * collections it only reaches at run time (DOCUMENT(), COLLECTION_COUNT(), traversal vertices)
 * when it reaches them. No access → 403 / 11 `forbidden: <name> [read|write]`; a write with
 * read-only access → 403 / 1004 `read only: <name> [write]`.
 */
import type { RequestContext } from '../http/router.js';
import { OPEN_ACCESS, type QueryAccess } from '../aql/context.js';
import { AqlError } from '../aql/errors.js';
import type { Database } from '../store/database.js';

type Mode = 'read' | 'write';

/** The refusal for a level and an access mode, or undefined when the level suffices. */
function refusal(level: string, name: string, mode: Mode): { num: 'ERROR_FORBIDDEN' | 'ERROR_ARANGO_READ_ONLY'; detail: string } | undefined {
  if (level === 'none') return { num: 'ERROR_FORBIDDEN', detail: `forbidden: ${name} [${mode}]` };
  if (mode === 'write' && level !== 'rw') return { num: 'ERROR_ARANGO_READ_ONLY', detail: `read only: ${name} [${mode}]` };
  return undefined;
}

/** The caller's rights, for checks while a query runs. */
export function queryAccess(ctx: RequestContext): QueryAccess {
  if (!ctx.authentication || ctx.identity.kind === 'superuser') return OPEN_ACCESS;
  return {
    check(name, mode) {
      const r = refusal(ctx.collectionLevel(name), name, mode);
      if (r) throw AqlError.runtime(403, r.num, r.detail);
    },
    canRead: (name) => ctx.collectionLevel(name) !== 'none',
  };
}

function linkedCollections(db: Database, view: string): string[] {
  const v = db.views.get(view);
  if (!v) return [];
  if (v.type === 'search-alias') return (v.indexes ?? []).map((i) => i.collection);
  return Object.keys(v.links ?? {});
}

/**
 * Checks the data sources a compiled query declares, in name order as ArangoDB's collection
 * list is sorted, each with the strongest access the query needs. Views stand for the
 * collections they link. `hidden` collections (skipInaccessibleCollections) are not checked.
 */
export function checkQueryDataSources(ctx: RequestContext, reads: readonly string[], writes: readonly string[], hidden: ReadonlySet<string>): void {
  if (!ctx.authentication || ctx.identity.kind === 'superuser') return;
  const need = new Map<string, Mode>();
  for (const name of reads) {
    const targets = ctx.db.hasCollection(name) ? [name] : linkedCollections(ctx.db, name);
    for (const c of targets) if (!hidden.has(c) && !need.has(c)) need.set(c, 'read');
  }
  for (const c of writes) need.set(c, 'write');
  for (const c of [...need.keys()].sort()) {
    const r = refusal(ctx.collectionLevel(c), c, need.get(c) as Mode);
    if (r) throw AqlError.parsing(403, r.num, r.detail);
  }
}
