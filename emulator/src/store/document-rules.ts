/**
 * ArangoDB's rules for document values in writes, independent of where documents are kept: the
 * system attributes, document handles, the update merge (`keepNull`, `mergeObjects`), external
 * versions (`versionAttribute`) and the 412 answer of a failed revision precondition.
 */
import { ArangoHttpError } from '../errors.js';
import { errors } from '../error-codes.js';
import { isValidKey } from './keys.js';
import type { Doc, Json } from './types.js';

/** Attributes a write takes from the server, never from the input's own fields. */
export const SYSTEM_ATTRS: ReadonlySet<string> = new Set(['_key', '_id', '_rev', '_from', '_to']);

/** `<collection>/<key>` with a non-empty collection part and a valid key. */
export function isDocumentHandle(v: unknown): v is string {
  if (typeof v !== 'string') return false;
  const slash = v.indexOf('/');
  return slash > 0 && isValidKey(v.slice(slash + 1));
}

/** 412 / 1200 with the document's current `_id`, `_key`, `_rev` and an etag header. */
export function preconditionFailed(current: Doc): ArangoHttpError {
  return new ArangoHttpError(
    412,
    errors.ERROR_ARANGO_CONFLICT,
    'conflict, _rev values do not match',
    { _id: current._id, _key: current._key, _rev: current._rev },
    { etag: `"${current._rev}"` },
  );
}

/**
 * External versioning: write only when the new version is higher (numbers, rounded down). A
 * missing, non-numeric or negative value on either side lets the write through, as documented.
 */
export function newerVersion(stored: Json | undefined, incoming: Json | undefined): boolean {
  if (typeof stored !== 'number' || typeof incoming !== 'number') return true;
  if (stored < 0 || incoming < 0) return true;
  return Math.floor(incoming) > Math.floor(stored);
}

function isPlainObject(v: Json | undefined): v is { [k: string]: Json } {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** ArangoDB's update merge: `keepNull: false` removes attributes set to null, at any depth merged. */
export function mergePatch(
  old: Record<string, Json>,
  patch: Record<string, Json>,
  keepNull: boolean,
  mergeObjects: boolean,
): Record<string, Json> {
  const out: Record<string, Json> = { ...old };
  for (const k in patch) {
    const v = patch[k] as Json;
    if (v === null && !keepNull) {
      delete out[k];
    } else if (mergeObjects && isPlainObject(v) && isPlainObject(out[k])) {
      out[k] = mergePatch(out[k] as Record<string, Json>, v, keepNull, true);
    } else if (!keepNull && isPlainObject(v)) {
      out[k] = stripNulls(v);
    } else {
      out[k] = v;
    }
  }
  return out;
}

function stripNulls(v: { [k: string]: Json }): { [k: string]: Json } {
  const out: { [k: string]: Json } = {};
  for (const k in v) {
    const x = v[k] as Json;
    if (x === null) continue;
    out[k] = isPlainObject(x) ? stripNulls(x) : x;
  }
  return out;
}
