import type { CollectionAccess, DatabaseAccess } from './types.js';
import { httpError } from '../errors.js';
import type { GraphDefinition } from './graphs.js';
import type { ViewDefinition } from './views.js';
import type { AnalyzerDefinition } from './analyzers.js';

/**
 * One database of the shared cluster state. Collections live here; other areas (views,
 * analyzers, graphs, AQL user functions) keep their own maps on it.
 * (Owned by the store: collection creation/removal is implemented in store/collection.ts.)
 */
export class Database implements DatabaseAccess {
  readonly collections = new Map<string, CollectionAccess>();
  /** Named graphs (gharial), keyed by graph name; see store/graphs.ts. */
  readonly graphs = new Map<string, GraphDefinition>();
  /** arangosearch and search-alias views, keyed by view name; see store/views.ts. */
  readonly views = new Map<string, ViewDefinition>();
  /** User-defined analyzers of this database, keyed by short name (built-ins: store/analyzers.ts). */
  readonly analyzers = new Map<string, AnalyzerDefinition>();

  constructor(
    readonly name: string,
    readonly id: string,
  ) {}

  collection(name: string): CollectionAccess {
    const c = this.collections.get(name);
    if (!c) throw httpError(404, 'ERROR_ARANGO_DATA_SOURCE_NOT_FOUND', `collection or view not found: ${name}`);
    return c;
  }

  hasCollection(name: string): boolean {
    return this.collections.has(name);
  }
}
