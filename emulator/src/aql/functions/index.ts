import type { Value } from '../ast.js';
import { compare, finite, toBool, toNumber, toString, typeName, valueKey } from '../compare.js';
import { AqlError } from '../errors.js';
import { searchScores } from '../context.js';
import { ARANGO_VERSION } from '../../version.js';
import { arrayFunctions } from './array.js';
import { dateFunctions, parseDate } from './date.js';
import { documentFunctions } from './document.js';
import { geoJsonFunctions } from './geojson.js';
import { geoFunctions } from './geo.js';
import { legacyIndexFunctions } from './legacy-index.js';
import { ngramFunctions } from './ngram.js';
import { collectionInfoFunctions } from './collection-info.js';
import { numericFunctions } from './numeric.js';
import { stringFunctions } from './string.js';
import { arg, def, invalidArg, isObject, type FnDef, type FnTable } from './types.js';
import { chunked, textGen } from './chunked.js';
import { analyze } from '../analysis.js';
import { builtinAnalyzer, type AnalyzerDefinition } from '../../store/analyzers.js';
import type { ExecContext } from '../context.js';

export type { FnDef } from './types.js';

const KEY_RE = /^[a-zA-Z0-9_\-:.@()+,=;$!*'%]{1,254}$/;

function length(v: Value): number {
  if (v === null) return 0;
  switch (typeof v) {
    case 'boolean': return v ? 1 : 0;
    case 'number': return toString(v).length;
    case 'string': return codePoints(v);
    default: return Array.isArray(v) ? v.length : Object.keys(v).length;
  }
}

const SURROGATE_PAIR = /[\ud800-\udbff][\udc00-\udfff]/g;

/**
 * Characters (code points) of `s`, as Array.from(s).length counts them, without building that
 * array: every surrogate pair is one (a regular expression scan, which V8 skips for one-byte strings).
 */
function codePoints(s: string): number {
  return s.length - (s.match(SURROGATE_PAIR)?.length ?? 0);
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
const SEARCH_ONLY: Record<string, [number, number]> = {
  PHRASE: [0, Infinity], ANALYZER: [0, Infinity], BOOST: [0, Infinity], EXISTS: [0, Infinity], MIN_MATCH: [0, Infinity],
  NGRAM_MATCH: [2, 4], LEVENSHTEIN_MATCH: [3, 6],
};

/**
 * Enterprise Edition only: the Community server answers these with ERROR_NOT_IMPLEMENTED
 * ("Function '…' is available in ArangoDB Enterprise Edition only.", Functions.cpp
 * NotImplementedEE), and so does the emulator, which is a Community server.
 */
const ENTERPRISE_ONLY: Record<string, [number, number]> = { MINHASH: [2, 2], MINHASH_COUNT: [1, 1], MINHASH_ERROR: [1, 1], MINHASH_MATCH: [3, 4] };

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
  TO_STRING: chunked(1, 1, function* toStringFn(a, ctx) {
    return yield* textGen(arg(a, 0), ctx);
  }, (a) => toString(arg(a, 0))),
  TO_ARRAY: def(1, 1, (a) => toArray(arg(a, 0))),
  TO_LIST: def(1, 1, (a) => toArray(arg(a, 0))),
  TO_CHAR: def(1, 1, (a) => String.fromCodePoint(Math.max(0, Math.trunc(toNumber(arg(a, 0)))))),
};

const miscFunctions: FnTable = {
  // Outside SEARCH, IN_RANGE(value, low, high, includeLow, includeHigh) compares in AQL's order
  // (Functions::InRange); the include flags must be booleans.
  IN_RANGE: def(5, 5, (a, ctx, name) => {
    const [v, low, high, incLow, incHigh] = [arg(a, 0), arg(a, 1), arg(a, 2), arg(a, 3), arg(a, 4)];
    if (typeof incLow !== 'boolean' || typeof incHigh !== 'boolean') return invalidArg(ctx, name);
    const lo = compare(low, v);
    if ((!incLow && lo >= 0) || (incLow && lo > 0)) return false;
    const hi = compare(v, high);
    return (incHigh && hi <= 0) || (!incHigh && hi < 0);
  }),
  LENGTH: def(1, 1, (a) => length(arg(a, 0)), { collectionArgs: [0] }),
  COUNT: def(1, 1, (a) => length(arg(a, 0)), { collectionArgs: [0] }),
  NOT_NULL: def(1, Infinity, (a) => a.find((x) => x !== null) ?? null),
  FIRST_LIST: def(1, Infinity, (a) => a.find((x) => Array.isArray(x)) ?? null),
  FIRST_DOCUMENT: def(1, Infinity, (a) => a.find((x) => isObject(x)) ?? null),
  // only the collections the caller may read, as ArangoDB's COLLECTIONS(); `_id` is the collection id
  COLLECTIONS: def(0, 0, (_a, ctx) => {
    const all = ctx.db.collections ?? new Map<string, unknown>();
    return [...all.keys()].filter((n) => ctx.access.canRead(n)).sort().map((n) => {
      const id = (all.get(n) as { id?: unknown } | undefined)?.id;
      return { _id: typeof id === 'string' ? id : n, name: n };
    });
  }),
  COLLECTION_COUNT: def(1, 1, (a, ctx, name) => {
    const c = arg(a, 0);
    if (typeof c !== 'string') return invalidArg(ctx, name);
    const coll = ctx.db.collection(c);
    ctx.readCollection(coll.name);
    return coll.count(ctx.tx);
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
  TOKENS: def(1, 2, tokensFn),
  BM25: def(1, 3, (a, ctx, name) => (isObject(a[0]) ? (searchScores.get(a[0]) ?? 0) : invalidArg(ctx, name))),
  TFIDF: def(1, 2, (a, ctx, name) => (isObject(a[0]) ? (searchScores.get(a[0]) ?? 0) : invalidArg(ctx, name))),
  COSINE_SIMILARITY: def(2, 2, (a, ctx, name) => vectorOp(a, ctx, name, (x, y) => {
    let dot = 0; let nx = 0; let ny = 0;
    x.forEach((v, i) => { const w = y[i] as number; dot += v * w; nx += v * v; ny += w * w; });
    return nx === 0 || ny === 0 ? null : dot / Math.sqrt(nx * ny);
  })),
  L1_DISTANCE: def(2, 2, (a, ctx, name) => vectorOp(a, ctx, name, (x, y) => x.reduce((s, v, i) => s + Math.abs(v - (y[i] as number)), 0))),
  L2_DISTANCE: def(2, 2, (a, ctx, name) => vectorOp(a, ctx, name, (x, y) => Math.sqrt(x.reduce((s, v, i) => s + (v - (y[i] as number)) ** 2, 0)))),
  GEO_POINT: def(2, 2, (a, ctx, name) => (typeof a[0] === 'number' && typeof a[1] === 'number' ? { type: 'Point', coordinates: [a[0], a[1]] } : invalidArg(ctx, name))),
  DECODE_REV: def(1, 1, (a, ctx, name) => {
    const r = arg(a, 0);
    if (typeof r !== 'string' || !/^[A-Za-z0-9_-]{1,11}$/.test(r)) return invalidArg(ctx, name);
    // ArangoDB revisions are a base64-like encoded hybrid logical clock: milliseconds << 20 | count
    const alphabet = '-_ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
    let v = 0n;
    for (const ch of r) v = (v << 6n) | BigInt(alphabet.indexOf(ch));
    const ms = Number(v >> 20n);
    return { date: new Date(ms).toISOString(), count: Number(v & 0xfffffn) };
  }),
};

function vectorOp(a: Value[], ctx: Parameters<FnDef['fn']>[1], name: string, f: (x: number[], y: number[]) => number | null): Value {
  const x = arg(a, 0);
  const y = arg(a, 1);
  if (!Array.isArray(x) || !Array.isArray(y) || x.length !== y.length || ![...x, ...y].every((v) => typeof v === 'number')) return invalidArg(ctx, name);
  const r = f(x as number[], y as number[]);
  return r === null ? null : finite(r);
}

/** Functions ArangoDB has that the emulator does not implement: known names, answered with 501. */
/** With the server's arities (AqlFunctionFeature.cpp), so a wrong call fails as it would there. */
const UNSUPPORTED: Record<string, [number, number]> = {
  // PREGEL_RESULT is not here: Pregel was removed in 3.12 and the 3.12 registry
  // (arangod/Aql/AqlFunctionFeature.cpp, addMiscFunctions: COLLECTION_COUNT is followed by ASSERT)
  // no longer has it, so a call is an unknown function (400 / 1540) as on the server
  V8: [1, 1],
  // registered outside the core registry (vector index, ArangoSearch); reserved names
  APPROX_NEAR_COSINE: [0, Infinity], APPROX_NEAR_L2: [0, Infinity], APPROX_NEAR_INNER_PRODUCT: [0, Infinity],
  OFFSET_INFO: [0, Infinity], SELECT_SHARD: [0, Infinity], INNER_PRODUCT: [0, Infinity],
};

/** The definition an analyzer name stands for: a built-in, or one of the query's database. */
function analyzerDef(name: string, ctx?: ExecContext): AnalyzerDefinition | undefined {
  const short = name.includes('::') ? name.slice(name.indexOf('::') + 2) : name;
  return builtinAnalyzer(short) ?? ctx?.db.analyzers?.get(short);
}

/** The tokens of `s` under the named analyzer; an analyzer that cannot be found keeps `s` whole. */
export function tokens(s: string, analyzer: string, ctx?: ExecContext): string[] {
  const d = analyzerDef(analyzer, ctx);
  return d ? analyze(s, d) : [s];
}

/**
 * TOKENS(input[, analyzer]): strings become their tokens, arrays (nested too) keep their shape
 * with each string replaced by its tokens; an unknown analyzer is an error, as on the server.
 */
function tokensFn(a: Value[], ctx: ExecContext, name: string): Value {
  const analyzer = a.length > 1 ? arg(a, 1) : 'identity';
  if (typeof analyzer !== 'string') return invalidArg(ctx, name);
  const d = analyzerDef(analyzer, ctx);
  if (!d) throw AqlError.runtime(400, 'ERROR_BAD_PARAMETER', `failure to find arangosearch analyzer with name '${analyzer}'`);
  const walk = (v: Value): Value => {
    if (typeof v === 'string') return analyze(v, d);
    if (Array.isArray(v)) return v.map(walk);
    return invalidArg(ctx, name);
  };
  return walk(arg(a, 0));
}

const unsupported: FnTable = Object.fromEntries(
  Object.entries(UNSUPPORTED).map(([n, [min, max]]) => [n, def(min, max, () => {
    throw AqlError.unsupported(`function ${n}()`);
  })]),
);

const searchOnly: FnTable = Object.fromEntries(
  Object.entries(SEARCH_ONLY).map(([n, [min, max]]) => [n, def(min, max, () => {
    throw AqlError.of(501, 'ERROR_NOT_IMPLEMENTED', `AQL: function '${n}()' can only be used in SEARCH (while executing)`);
  })]),
);

const enterpriseOnly: FnTable = Object.fromEntries(
  Object.entries(ENTERPRISE_ONLY).map(([n, [min, max]]) => [n, def(min, max, () => {
    throw AqlError.of(501, 'ERROR_NOT_IMPLEMENTED', `Function '${n}' is available in ArangoDB Enterprise Edition only.`);
  })]),
);

const table: FnTable = {
  ...geoJsonFunctions,
  ...geoFunctions,
  ...legacyIndexFunctions,
  ...ngramFunctions,
  ...collectionInfoFunctions,
  ...enterpriseOnly,
  ...stringFunctions,
  ...numericFunctions,
  ...arrayFunctions,
  ...documentFunctions,
  ...dateFunctions,
  ...typeFunctions,
  ...miscFunctions,
  ...searchOnly,
  ...unsupported,
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
  // callApplyBackend runs the function's own implementation, which for these reports itself
  // under the name "UNKNOWN" (functions::NotImplemented); no optimizer rewrite sees the call
  if (f.rewrittenOnly) throw AqlError.of(501, 'ERROR_NOT_IMPLEMENTED', "in function 'UNKNOWN()': not implemented");
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
