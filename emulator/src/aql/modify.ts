import type { Expr, Statement, Value } from './ast.js';
import { equals, toBool, toString } from './compare.js';
import { AqlError, wrapExecutionError } from './errors.js';
import { hasOwn, isObject } from './functions/types.js';
import type { Doc, Json, WriteOptions } from '../store/types.js';
import { collectionNameOf, PAUSE, slotOf, type CompileEnv, type Row, type Stage } from './compile-env.js';
import { compileExpr } from './expressions.js';

/** Data modification: INSERT, UPDATE, REPLACE, REMOVE and UPSERT as stages of a query. */

interface AqlWriteOptions extends WriteOptions {
  ignoreErrors?: boolean;
}

const WRITE_OPTION_NAMES = new Set([
  'ignoreErrors', 'waitForSync', 'keepNull', 'mergeObjects', 'ignoreRevs', 'overwrite', 'overwriteMode',
  'exclusive', 'refillIndexCaches', 'readOwnWrites', 'indexHint', 'forceIndexHint', 'useCache', 'versionAttribute',
]);

function writeOptions(e: Expr | undefined, env: CompileEnv): AqlWriteOptions {
  if (!e) return {};
  const f = compileExpr(e, env);
  const o = f([]);
  if (!isObject(o)) throw AqlError.of(400, 'ERROR_QUERY_PARSE', "'OPTIONS' have to be an object");
  const out: AqlWriteOptions = {};
  for (const [k, v] of Object.entries(o)) {
    if (!WRITE_OPTION_NAMES.has(k)) {
      env.ctx.warn('ERROR_QUERY_INVALID_OPTIONS_ATTRIBUTE', `unknown OPTIONS attribute used: ${k}`);
      continue;
    }
    if (k === 'ignoreErrors') out.ignoreErrors = toBool(v);
    else if (k === 'waitForSync') out.waitForSync = toBool(v);
    else if (k === 'keepNull') out.keepNull = toBool(v);
    else if (k === 'mergeObjects') out.mergeObjects = toBool(v);
    else if (k === 'ignoreRevs') out.ignoreRevs = toBool(v);
    else if (k === 'overwrite' && toBool(v) && !out.overwriteMode) out.overwriteMode = 'replace';
    else if (k === 'overwriteMode') {
      if (v !== 'ignore' && v !== 'replace' && v !== 'update' && v !== 'conflict') {
        throw AqlError.of(400, 'ERROR_QUERY_INVALID_OPTIONS_ATTRIBUTE', `AQL: invalid value for overwriteMode: ${toString(v)} (while parsing)`);
      }
      out.overwriteMode = v;
    }
  }
  return out;
}

function keyOf(v: Value, collection: string): { key: string; rev?: string } {
  if (typeof v === 'string') {
    const i = v.indexOf('/');
    if (i >= 0) {
      if (v.slice(0, i) !== collection) throw AqlError.of(400, 'ERROR_ARANGO_CROSS_COLLECTION_REQUEST', 'cross collection request not allowed');
      return { key: v.slice(i + 1) };
    }
    return { key: v };
  }
  if (isObject(v)) {
    const k = v['_key'];
    const rev = typeof v['_rev'] === 'string' ? v['_rev'] : undefined;
    if (typeof k === 'string') return { key: k, ...(rev ? { rev } : {}) };
    const id = v['_id'];
    if (typeof id === 'string') return { ...keyOf(id, collection), ...(rev ? { rev } : {}) };
    throw AqlError.of(400, 'ERROR_ARANGO_DOCUMENT_KEY_MISSING');
  }
  throw AqlError.of(400, 'ERROR_ARANGO_DOCUMENT_TYPE_INVALID', 'invalid document type');
}

function matchesExample(doc: Doc, example: Record<string, Value>): boolean {
  for (const [k, v] of Object.entries(example)) {
    const d = hasOwn(doc, k) ? (doc[k] as Value) : null;
    if (!equals(d, v)) return false;
  }
  return true;
}

export function compileWrite(s: Extract<Statement, { kind: 'insert' | 'update' | 'replace' | 'remove' | 'upsert' }>, env: CompileEnv): Stage {
  const ctx = env.ctx;
  const name = collectionNameOf(env, s.collection);
  if (!ctx.db.hasCollection(name)) {
    throw AqlError.parsing(404, 'ERROR_ARANGO_DATA_SOURCE_NOT_FOUND', `AQL: collection or view not found: ${name}`);
  }
  const opts = writeOptions(s.options, env);
  const op = s.kind.toUpperCase();
  const newSlot = s.newVar ? slotOf(env, s.newVar) : -1;
  const oldSlot = s.oldVar ? slotOf(env, s.oldVar) : -1;
  const storeOpts: WriteOptions = {};
  if (opts.waitForSync !== undefined) storeOpts.waitForSync = opts.waitForSync;
  if (opts.keepNull !== undefined) storeOpts.keepNull = opts.keepNull;
  if (opts.mergeObjects !== undefined) storeOpts.mergeObjects = opts.mergeObjects;
  if (opts.overwriteMode !== undefined) storeOpts.overwriteMode = opts.overwriteMode;
  const ignoreRevs = opts.ignoreRevs ?? true;
  storeOpts.ignoreRevs = ignoreRevs;

  type Exec = (r: Row) => { new?: Value; old?: Value } | null;
  let exec: Exec;
  switch (s.kind) {
    case 'insert': {
      const doc = compileExpr(s.doc, env);
      exec = (r) => {
        const d = doc(r);
        if (!isObject(d)) throw AqlError.of(400, 'ERROR_ARANGO_DOCUMENT_TYPE_INVALID', 'invalid document type');
        const res = ctx.db.collection(name).insert(d as Record<string, Json>, storeOpts, ctx.tx);
        return { ...(res.new ? { new: res.new as Value } : {}), ...(res.old ? { old: res.old as Value } : {}) };
      };
      break;
    }
    case 'update': case 'replace': {
      const keyE = compileExpr(s.key, env);
      const docE = s.doc ? compileExpr(s.doc, env) : undefined;
      const isUpdate = s.kind === 'update';
      exec = (r) => {
        const kv = keyE(r);
        const { key, rev } = keyOf(kv, name);
        const patch = docE ? docE(r) : kv;
        if (!isObject(patch)) throw AqlError.of(400, 'ERROR_ARANGO_DOCUMENT_TYPE_INVALID', 'invalid document type');
        const o: WriteOptions = { ...storeOpts };
        const patchRev = typeof patch['_rev'] === 'string' ? patch['_rev'] : rev;
        if (!ignoreRevs && patchRev) o.expectedRev = patchRev;
        const c = ctx.db.collection(name);
        const res = isUpdate ? c.update(key, patch as Record<string, Json>, o, ctx.tx) : c.replace(key, patch as Record<string, Json>, o, ctx.tx);
        return { ...(res.new ? { new: res.new as Value } : {}), ...(res.old ? { old: res.old as Value } : {}) };
      };
      break;
    }
    case 'remove': {
      const keyE = compileExpr(s.key, env);
      exec = (r) => {
        const { key, rev } = keyOf(keyE(r), name);
        const o: WriteOptions = { ...storeOpts };
        if (!ignoreRevs && rev) o.expectedRev = rev;
        const res = ctx.db.collection(name).remove(key, o, ctx.tx);
        return res.old ? { old: res.old as Value } : {};
      };
      break;
    }
    case 'upsert': {
      const searchE = compileExpr(s.search, env);
      const insertE = compileExpr(s.insert, env);
      const updateE = compileExpr(s.update, env);
      const searchOld = slotOf(env, s.searchOld);
      const replace = s.replace;
      exec = (r) => {
        const example = searchE(r);
        if (!isObject(example)) throw AqlError.of(400, 'ERROR_ARANGO_DOCUMENT_TYPE_INVALID', 'invalid document type');
        const c = ctx.db.collection(name);
        let found: Doc | undefined;
        for (const d of c.all(ctx.tx)) {
          ctx.stats.scannedFull++;
          if (matchesExample(d, example)) { found = d; break; }
        }
        if (!found) {
          const ins = insertE(r);
          if (!isObject(ins)) throw AqlError.of(400, 'ERROR_ARANGO_DOCUMENT_TYPE_INVALID', 'invalid document type');
          const res = c.insert(ins as Record<string, Json>, storeOpts, ctx.tx);
          return res.new ? { new: res.new as Value } : {};
        }
        const row = r.slice();
        row[searchOld] = found as Value;
        const patch = updateE(row);
        if (!isObject(patch)) throw AqlError.of(400, 'ERROR_ARANGO_DOCUMENT_TYPE_INVALID', 'invalid document type');
        const res = replace ? c.replace(found._key, patch as Record<string, Json>, storeOpts, ctx.tx) : c.update(found._key, patch as Record<string, Json>, storeOpts, ctx.tx);
        return { ...(res.new ? { new: res.new as Value } : {}), ...(res.old ? { old: res.old as Value } : {}) };
      };
      break;
    }
  }
  // later reads of this collection in the query are refused (ArangoDB: access after modification)
  env.modified.set(name, op);
  return function* write(input) {
    for (const r of input) {
      if (r === PAUSE) { yield r; continue; }
      // A server runs concurrent queries on many threads: between reading a document and writing
      // it, other queries commit. The emulator runs one event loop, so a query gives the others
      // one turn before its first write; what they commit in between then conflicts for real
      // (409 / 1200, see store/collection.ts) instead of never overlapping.
      if (!ctx.yieldedBeforeWrite) {
        ctx.yieldedBeforeWrite = true;
        yield PAUSE;
      }
      let res: { new?: Value; old?: Value } | null;
      try {
        res = exec(r);
      } catch (e) {
        if (opts.ignoreErrors && e instanceof Error && 'errorNum' in e) {
          ctx.stats.writesIgnored++;
          continue;
        }
        throw wrapExecutionError(e);
      }
      if (!res) continue;
      if (res.new === undefined && res.old === undefined && s.kind === 'insert') {
        // overwriteMode 'ignore' kept the existing document
        ctx.stats.writesIgnored++;
      } else {
        ctx.stats.writesExecuted++;
      }
      const nr = r.slice();
      if (newSlot >= 0) nr[newSlot] = res.new ?? null;
      if (oldSlot >= 0) nr[oldSlot] = res.old ?? null;
      yield nr;
      if (ctx.tick()) yield PAUSE;
    }
  };
}

