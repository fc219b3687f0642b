/**
 * The query parameters of the document write calls, shared by the single- and many-document
 * operations (`/_api/document/{coll}` takes the same ones for one document and for an array).
 */
import type { DeleteOptions, InsertOptions, ReplaceOptions, UpdateOptions } from './documents.js';

/** `checkRev` (python-arango) → ArangoDB's `ignoreRevs`, unless `ignoreRevs` is given. */
function ignoreRevs(opts: { checkRev?: boolean; ignoreRevs?: boolean } | undefined): boolean | undefined {
  if (opts?.ignoreRevs !== undefined) return opts.ignoreRevs;
  if (opts?.checkRev !== undefined) return !opts.checkRev;
  return undefined;
}

const NO_QUERY: Readonly<Record<string, undefined>> = Object.freeze({});

export function insertQuery(opts: InsertOptions | undefined): Readonly<Record<string, string | boolean | undefined>> {
  if (opts === undefined) return NO_QUERY;
  return {
    waitForSync: opts?.waitForSync,
    returnNew: opts?.returnNew,
    returnOld: opts?.returnOld,
    silent: opts?.silent,
    overwrite: opts?.overwrite,
    overwriteMode: opts?.overwriteMode,
    keepNull: opts?.keepNull,
    mergeObjects: opts?.mergeObjects,
    refillIndexCaches: opts?.refillIndexCaches,
    versionAttribute: opts?.versionAttribute,
  };
}

export function updateQuery(opts: UpdateOptions | undefined): Record<string, string | boolean | undefined> {
  return { ...replaceQuery(opts), keepNull: opts?.keepNull, mergeObjects: opts?.mergeObjects };
}

export function deleteQuery(opts: DeleteOptions | undefined): Record<string, boolean | undefined> {
  return {
    waitForSync: opts?.waitForSync,
    returnOld: opts?.returnOld,
    silent: opts?.silent,
    refillIndexCaches: opts?.refillIndexCaches,
    ignoreRevs: ignoreRevs(opts),
  };
}

export function replaceQuery(opts: ReplaceOptions | undefined): Record<string, string | boolean | undefined> {
  return {
    waitForSync: opts?.waitForSync,
    returnNew: opts?.returnNew,
    returnOld: opts?.returnOld,
    silent: opts?.silent,
    refillIndexCaches: opts?.refillIndexCaches,
    versionAttribute: opts?.versionAttribute,
    ignoreRevs: ignoreRevs(opts),
  };
}
