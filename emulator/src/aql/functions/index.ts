import type { Value } from '../ast.js';
import { finite, toBool, toNumber, toString, typeName, valueKey } from '../compare.js';
import { AqlError } from '../errors.js';
import { searchScores } from '../context.js';
import { ARANGO_VERSION } from '../../store/server-state.js';
import { arrayFunctions } from './array.js';
import { dateFunctions, parseDate } from './date.js';
import { documentFunctions } from './document.js';
import { numericFunctions } from './numeric.js';
import { stringFunctions } from './string.js';
import { arg, def, invalidArg, isObject, type FnDef, type FnTable } from './types.js';

export type { FnDef } from './types.js';

const KEY_RE = /^[a-zA-Z0-9_\-:.@()+,=;$!*'%]{1,254}$/;

function length(v: Value): number {
  if (v === null) return 0;
  switch (typeof v) {
    case 'boolean': return v ? 1 : 0;
    case 'number': return toString(v).length;
    case 'string': return Array.from(v).length;
    default: return Array.isArray(v) ? v.length : Object.keys(v).length;
  }
}

function toArray(v: Value): Value[] {
  if (v === null) return [];
  if (Array.isArray(v)) return v;
  if (isObject(v)) return Object.values(v);
  return [v];
}

function hash(v: Value): number {
  // a stable 52-bit FNV-1a over the canonical form (ArangoDB's is a 64-bit VelocyPack hash)
  let h = 0xcbf29ce484222325n;
  for (const b of Buffer.from(valueKey(v))) {
    h ^= BigInt(b);
    h = (h * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return Number(h & 0xfffffffffffffn);
}

/** Functions that only make sense inside SEARCH; elsewhere ArangoDB refuses them. */
const SEARCH_ONLY = ['PHRASE', 'ANALYZER', 'BOOST', 'EXISTS', 'MIN_MATCH', 'NGRAM_MATCH', 'LEVENSHTEIN_MATCH', 'IN_RANGE'];

const typeFunctions: FnTable = {
  IS_NULL: def(1, 1, (a) => arg(a, 0) === null),
  IS_BOOL: def(1, 1, (a) => typeof arg(a, 0) === 'boolean'),
  IS_NUMBER: def(1, 1, (a) => typeof arg(a, 0) === 'number'),
  IS_STRING: def(1, 1, (a) => typeof arg(a, 0) === 'string'),
  IS_ARRAY: def(1, 1, (a) => Array.isArray(arg(a, 0))),
  IS_LIST: def(1, 1, (a) => Array.isArray(arg(a, 0))),
  IS_OBJECT: def(1, 1, (a) => isObject(arg(a, 0))),
  IS_DOCUMENT: def(1, 1, (a) => isObject(arg(a, 0))),
  IS_DATESTRING: def(1, 1, (a) => typeof a[0] === 'string' && parseDate(a[0]) !== null),
  IS_KEY: def(1, 1, (a) => typeof a[0] === 'string' && KEY_RE.test(a[0])),
  IS_IPV4: stringFunctions['IS_IPV4'] as FnDef,
  TYPENAME: def(1, 1, (a) => typeName(arg(a, 0))),
  TO_BOOL: def(1, 1, (a) => toBool(arg(a, 0))),
  TO_NUMBER: def(1, 1, (a) => toNumber(arg(a, 0))),
  TO_STRING: def(1, 1, (a) => toString(arg(a, 0))),
  TO_ARRAY: def(1, 1, (a) => toArray(arg(a, 0))),
  TO_LIST: def(1, 1, (a) => toArray(arg(a, 0))),
  TO_CHAR: def(1, 1, (a) => String.fromCodePoint(Math.max(0, Math.trunc(toNumber(arg(a, 0)))))),
};

const miscFunctions: FnTable = {
  LENGTH: def(1, 1, (a) => length(arg(a, 0)), { collectionArgs: [0] }),
  COUNT: def(1, 1, (a) => length(arg(a, 0)), { collectionArgs: [0] }),
  NOT_NULL: def(1, Infinity, (a) => a.find((x) => x !== null) ?? null),
  FIRST_LIST: def(1, Infinity, (a) => a.find((x) => Array.isArray(x)) ?? null),
  FIRST_DOCUMENT: def(1, Infinity, (a) => a.find((x) => isObject(x)) ?? null),
  COLLECTIONS: def(0, 0, (_a, ctx) => {
    const names = ctx.db.collections ? [...ctx.db.collections.keys()] : [];
    return names.sort().map((name) => ({ _id: name, name }));
  }),
  COLLECTION_COUNT: def(1, 1, (a, ctx, name) => {
    const c = arg(a, 0);
    if (typeof c !== 'string') return invalidArg(ctx, name);
    return ctx.db.collection(c).count(ctx.tx);
  }, { collectionArgs: [0] }),
  CURRENT_USER: def(0, 0, (_a, ctx) => ctx.user),
  CURRENT_DATABASE: def(0, 0, (_a, ctx) => ctx.db.name),
  SLEEP: def(1, 1, (a, ctx, name) => {
    const s = toNumber(arg(a, 0));
    if (typeof a[0] !== 'number' || s < 0) return invalidArg(ctx, name);
    // the statement that called SLEEP yields and waits this long before continuing
    ctx.sleepMs += s * 1000;
    ctx.pause = true;
    return null;
  }),
  FAIL: def(0, 1, (a) => {
    const msg = a.length ? toString(arg(a, 0)) : '';
    throw AqlError.of(400, 'ERROR_QUERY_FAIL_CALLED', `FAIL(${msg}) called`);
  }),
  ASSERT: def(2, 2, (a) => {
    if (!toBool(arg(a, 0))) throw AqlError.of(400, 'ERROR_QUERY_USER_ASSERT', toString(arg(a, 1)));
    return true;
  }),
  WARN: def(2, 2, (a, ctx) => {
    if (toBool(arg(a, 0))) return true;
    ctx.warn('ERROR_QUERY_USER_WARN', toString(arg(a, 1)));
    return false;
  }),
  VERSION: def(0, 0, () => ARANGO_VERSION),
  HASH: def(1, 1, (a) => hash(arg(a, 0))),
  CHECK_DOCUMENT: def(1, 1, (a) => isObject(arg(a, 0))),
  IS_SAME_COLLECTION: def(2, 2, (a) => {
    const c = toString(arg(a, 0));
    let h = arg(a, 1);
    if (isObject(h)) h = h['_id'] ?? null;
    return typeof h === 'string' && h.startsWith(`${c}/`);
  }),
  NOOPT: def(1, 1, (a) => arg(a, 0)),
  NOEVAL: def(1, 1, (a) => arg(a, 0)),
  PASSTHRU: def(1, 1, (a) => arg(a, 0)),
  DISTANCE: def(4, 4, (a) => {
    const [la1, lo1, la2, lo2] = a.map((x) => (toNumber(x) * Math.PI) / 180) as [number, number, number, number];
    const h = Math.sin((la2 - la1) / 2) ** 2 + Math.cos(la1) * Math.cos(la2) * Math.sin((lo2 - lo1) / 2) ** 2;
    return finite(2 * 6371000 * Math.asin(Math.sqrt(h)));
  }),
  TOKENS: def(1, 2, (a) => tokens(toString(arg(a, 0)), typeof a[1] === 'string' ? a[1] : 'identity')),
  BM25: def(1, 3, (a, ctx, name) => (isObject(a[0]) ? (searchScores.get(a[0]) ?? 0) : invalidArg(ctx, name))),
  TFIDF: def(1, 2, (a, ctx, name) => (isObject(a[0]) ? (searchScores.get(a[0]) ?? 0) : invalidArg(ctx, name))),
  MERGE_ARRAYS: def(1, Infinity, (a) => a.flat()),
};

/** A simplified `text_*` analyzer: lower-cased word tokens; `identity` keeps the whole string. */
export function tokens(s: string, analyzer: string): string[] {
  const name = analyzer.includes('::') ? analyzer.slice(analyzer.indexOf('::') + 2) : analyzer;
  if (name === 'identity') return [s];
  if (name.startsWith('text') || name === 'norm_en' || name.startsWith('norm')) {
    const lower = s.toLowerCase().normalize('NFKD').replace(/\p{Diacritic}/gu, '');
    if (name.startsWith('norm')) return [lower];
    return lower.split(/[^\p{L}\p{N}]+/u).filter((t) => t !== '');
  }
  return [s];
}

const searchOnly: FnTable = Object.fromEntries(
  SEARCH_ONLY.map((n) => [n, def(0, Infinity, () => {
    throw AqlError.of(501, 'ERROR_NOT_IMPLEMENTED', `AQL: function '${n}()' can only be used in SEARCH (while executing)`);
  })]),
);

const table: FnTable = {
  ...stringFunctions,
  ...numericFunctions,
  ...arrayFunctions,
  ...documentFunctions,
  ...dateFunctions,
  ...typeFunctions,
  ...miscFunctions,
  ...searchOnly,
};

// APPLY and CALL dispatch to the built-ins by name (user functions need JavaScript)
table['CALL'] = def(1, Infinity, (a, ctx, name) => callByName(toString(arg(a, 0)), a.slice(1), ctx, name));
table['APPLY'] = def(1, 2, (a, ctx, name) => {
  const args = arg(a, 1);
  return callByName(toString(arg(a, 0)), Array.isArray(args) ? args : [], ctx, name);
});

const DISALLOWED_DYNAMIC = new Set(['CALL', 'APPLY', 'SLEEP', 'FAIL', 'V8', 'COLLECTIONS', 'DOCUMENT']);

function callByName(fname: string, args: Value[], ctx: Parameters<FnDef['fn']>[1], caller: string): Value {
  const upper = fname.toUpperCase();
  if (upper.includes('::')) {
    throw AqlError.of(501, 'ERROR_NOT_IMPLEMENTED', `AQL: user-defined function '${upper}()' needs JavaScript, which arangots-emulator does not run`);
  }
  if (DISALLOWED_DYNAMIC.has(upper)) throw AqlError.of(400, 'ERROR_QUERY_DISALLOWED_DYNAMIC_CALL', `disallowed dynamic call to '${upper}'`);
  const f = table[upper];
  if (!f) throw AqlError.of(400, 'ERROR_QUERY_FUNCTION_NAME_UNKNOWN', `usage of unknown function '${upper}()' in ${caller}()`);
  if (args.length < f.min || args.length > f.max) throw arityError(upper, f);
  return f.fn(args, ctx, upper);
}

export function arityError(name: string, f: FnDef): AqlError {
  const max = f.max === Infinity ? 65536 : f.max;
  return AqlError.of(400, 'ERROR_QUERY_FUNCTION_ARGUMENT_NUMBER_MISMATCH',
    `invalid number of arguments for function '${name}()', expected number of arguments: minimum: ${f.min}, maximum: ${max}`);
}

export function lookupFunction(name: string): FnDef | undefined {
  return table[name];
}

export function isFunction(name: string): boolean {
  return table[name] !== undefined;
}

export function functionNames(): string[] {
  return Object.keys(table);
}
