import type { CollectionAccess, DatabaseAccess } from './types.js';
import { httpError } from '../errors.js';

/**
 * One database of the shared cluster state. Collections live here; other areas (views,
 * analyzers, graphs, AQL user functions) keep their own maps on it.
 * (Owned by the store: collection creation/removal is implemented in store/collection.ts.)
 */
export class Database implements DatabaseAccess {
  readonly collections = new Map<string, CollectionAccess>();

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
