import type { Value } from '../ast.js';
import { compareStrings, equals, toString } from '../compare.js';
import type { ExecContext } from '../context.js';
import { arg, def, hasOwn, invalidArg, isObject, type FnTable } from './types.js';
import { zip } from './array.js';

type Obj = { [key: string]: Value };

function names(args: Value[]): string[] {
  const out: string[] = [];
  for (const v of args) {
    if (Array.isArray(v)) out.push(...v.map(toString));
    else if (v !== null) out.push(toString(v));
  }
  return out;
}

export function mergeRecursive(a: Obj, b: Obj): Obj {
  const out: Obj = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const cur = out[k];
    out[k] = isObject(cur) && isObject(v) ? mergeRecursive(cur, v) : v;
  }
  return out;
}

/** Looks a document up by `coll/key`, or by collection and key; unknown ones are null. */
export function lookupDocument(ctx: ExecContext, handle: string, collection?: string): Value {
  let coll = collection;
  let key = handle;
  if (coll === undefined) {
    const i = handle.indexOf('/');
    if (i <= 0) return null;
    coll = handle.slice(0, i);
    key = handle.slice(i + 1);
  } else if (handle.includes('/')) {
    const i = handle.indexOf('/');
    if (handle.slice(0, i) !== coll) return null;
    key = handle.slice(i + 1);
  }
  if (!ctx.db.hasCollection(coll) || ctx.hidden.has(coll)) return null;
  ctx.readCollection(coll);
  ctx.stats.documentLookups++;
  const doc = ctx.db.collection(coll).get(key, ctx.tx);
  return (doc ?? null) as Value;
}

function documentFn(a: Value[], ctx: ExecContext, name: string): Value {
  if (a.length === 1) {
    const h = arg(a, 0);
    if (typeof h === 'string') return lookupDocument(ctx, h);
    if (Array.isArray(h)) return h.filter((x): x is string => typeof x === 'string').map((x) => lookupDocument(ctx, x)).filter((d) => d !== null);
    if (isObject(h) && typeof h['_id'] === 'string') return lookupDocument(ctx, h['_id']);
    return null;
  }
  const coll = arg(a, 0);
  if (typeof coll !== 'string') return invalidArg(ctx, name);
  const k = arg(a, 1);
  if (typeof k === 'string') return lookupDocument(ctx, k, coll);
  if (Array.isArray(k)) return k.filter((x): x is string => typeof x === 'string').map((x) => lookupDocument(ctx, x, coll)).filter((d) => d !== null);
  return null;
}

function matches(doc: Value, examples: Value, returnIndex: boolean): Value {
  if (!isObject(doc)) return false;
  const list = Array.isArray(examples) ? examples : [examples];
  for (let i = 0; i < list.length; i++) {
    const ex = list[i];
    if (!isObject(ex)) continue;
    if (Object.entries(ex).every(([k, v]) => hasOwn(doc, k) ? equals(doc[k] as Value, v) : v === null)) return returnIndex ? i : true;
  }
  return returnIndex ? -1 : false;
}

export const documentFunctions: FnTable = {
  ATTRIBUTES: def(1, 3, (a, ctx, name) => {
    const o = arg(a, 0);
    if (!isObject(o)) return invalidArg(ctx, name);
    let keys = Object.keys(o);
    if (a[1] === true) keys = keys.filter((k) => !k.startsWith('_'));
    if (a[2] === true) keys.sort(compareStrings);
    return keys;
  }),
  VALUES: def(1, 2, (a, ctx, name) => {
    const o = arg(a, 0);
    if (!isObject(o)) return invalidArg(ctx, name);
    return Object.entries(o).filter(([k]) => !(a[1] === true && k.startsWith('_'))).map(([, v]) => v);
  }),
  ENTRIES: def(1, 1, (a, ctx, name) => {
    const o = arg(a, 0);
    if (!isObject(o)) return invalidArg(ctx, name);
    return Object.entries(o).map(([k, v]) => [k, v]);
  }),
  HAS: def(2, 2, (a) => {
    const o = arg(a, 0);
    return isObject(o) && hasOwn(o, toString(arg(a, 1)));
  }),
  KEEP: def(2, Infinity, (a, ctx, name) => {
    const o = arg(a, 0);
    if (!isObject(o)) return invalidArg(ctx, name);
    const out: Obj = {};
    for (const k of names(a.slice(1))) if (hasOwn(o, k)) out[k] = o[k] as Value;
    return out;
  }),
  KEEP_RECURSIVE: def(2, Infinity, (a, ctx, name) => {
    const o = arg(a, 0);
    if (!isObject(o)) return invalidArg(ctx, name);
    const keep = new Set(names(a.slice(1)));
    const walk = (x: Obj): Obj => {
      const out: Obj = {};
      for (const [k, v] of Object.entries(x)) if (keep.has(k)) out[k] = isObject(v) ? walk(v) : v;
      return out;
    };
    return walk(o);
  }),
  UNSET: def(2, Infinity, (a, ctx, name) => {
    const o = arg(a, 0);
    if (!isObject(o)) return invalidArg(ctx, name);
    const drop = new Set(names(a.slice(1)));
    const out: Obj = {};
    for (const [k, v] of Object.entries(o)) if (!drop.has(k)) out[k] = v;
    return out;
  }),
  UNSET_RECURSIVE: def(2, Infinity, (a, ctx, name) => {
    const o = arg(a, 0);
    if (!isObject(o)) return invalidArg(ctx, name);
    const drop = new Set(names(a.slice(1)));
    const walk = (x: Obj): Obj => {
      const out: Obj = {};
      for (const [k, v] of Object.entries(x)) if (!drop.has(k)) out[k] = isObject(v) ? walk(v) : v;
      return out;
    };
    return walk(o);
  }),
  MERGE: def(1, Infinity, (a, ctx, name) => {
    const list = a.length === 1 && Array.isArray(a[0]) ? a[0] : a;
    let out: Obj = {};
    for (const o of list) {
      if (!isObject(o)) return invalidArg(ctx, name);
      out = { ...out, ...o };
    }
    return out;
  }),
  MERGE_RECURSIVE: def(1, Infinity, (a, ctx, name) => {
    const list = a.length === 1 && Array.isArray(a[0]) ? a[0] : a;
    let out: Obj = {};
    for (const o of list) {
      if (!isObject(o)) return invalidArg(ctx, name);
      out = mergeRecursive(out, o);
    }
    return out;
  }),
  ZIP: zip,
  PARSE_IDENTIFIER: def(1, 1, (a, ctx, name) => {
    let h = arg(a, 0);
    if (isObject(h)) h = h['_id'] ?? null;
    if (typeof h !== 'string' || !h.includes('/')) return invalidArg(ctx, name);
    const i = h.indexOf('/');
    return { collection: h.slice(0, i), key: h.slice(i + 1) };
  }),
  PARSE_KEY: def(1, 1, (a, ctx, name) => {
    let h = arg(a, 0);
    if (isObject(h)) h = h['_id'] ?? null;
    if (typeof h !== 'string' || !h.includes('/')) return invalidArg(ctx, name);
    return h.slice(h.indexOf('/') + 1);
  }),
  PARSE_COLLECTION: def(1, 1, (a, ctx, name) => {
    let h = arg(a, 0);
    if (isObject(h)) h = h['_id'] ?? null;
    if (typeof h !== 'string' || !h.includes('/')) return invalidArg(ctx, name);
    return h.slice(0, h.indexOf('/'));
  }),
  DOCUMENT: def(1, 2, documentFn, { collectionArgs: [0] }),
  MATCHES: def(2, 3, (a) => matches(arg(a, 0), arg(a, 1), a[2] === true)),
  TRANSLATE: def(2, 3, (a, ctx, name) => {
    const v = arg(a, 0);
    const map = arg(a, 1);
    if (!isObject(map)) return invalidArg(ctx, name);
    const k = toString(v);
    return hasOwn(map, k) ? (map[k] as Value) : a.length > 2 ? arg(a, 2) : v;
  }),
  VALUE: def(2, 2, (a, ctx, name) => {
    let cur = arg(a, 0);
    const path = arg(a, 1);
    if (!Array.isArray(path)) return invalidArg(ctx, name);
    for (const p of path) {
      if (typeof p === 'number' && Array.isArray(cur)) cur = (cur[p < 0 ? cur.length + p : p] ?? null) as Value;
      else if (typeof p === 'string' && isObject(cur)) cur = hasOwn(cur, p) ? (cur[p] as Value) : null;
      else return null;
    }
    return cur;
  }),
};

// KEYS is ArangoDB's alias for ATTRIBUTES (AqlFunctionFeature: addAlias("KEYS", "ATTRIBUTES")).
documentFunctions['KEYS'] = documentFunctions['ATTRIBUTES'] as FnTable[string];
