import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Value } from '../ast.js';
import { AqlError } from '../errors.js';
import { toNumber, toString } from '../compare.js';
import { PAUSE } from '../compile-env.js';
import { arg, CHUNK, def, invalidArg, type FnTable } from './types.js';
import { chunked, joinGen, jsonGen } from './chunked.js';
import { like, regexFor } from './regex.js';

const str = (args: Value[], i: number): string => toString(arg(args, i));
const int = (args: Value[], i: number, d = 0): number => {
  const v = args[i];
  return v === undefined || v === null ? d : Math.trunc(toNumber(v));
};
const chars = (s: string): string[] => Array.from(s);

function trimChars(s: string, what: string | null, mode: 0 | 1 | 2): string {
  const set = new Set(chars(what ?? ' \t\r\n'));
  const c = chars(s);
  let a = 0;
  let b = c.length;
  if (mode !== 2) while (a < b && set.has(c[a] as string)) a++;
  if (mode !== 1) while (b > a && set.has(c[b - 1] as string)) b--;
  return c.slice(a, b).join('');
}

function trimArgs(args: Value[]): [string, string | null, 0 | 1 | 2] {
  const s = str(args, 0);
  const t = args[1];
  if (typeof t === 'number') return [s, null, ([0, 1, 2][t] ?? 0) as 0 | 1 | 2];
  if (typeof t === 'string') return [s, t, 0];
  return [s, null, 0];
}

function flattenConcatArgs(args: Value[]): Value[] {
  // a single array argument is concatenated element-wise
  if (args.length === 1 && Array.isArray(args[0])) return args[0];
  return args;
}

function soundex(s: string): string {
  const codes: Record<string, string> = { b: '1', f: '1', p: '1', v: '1', c: '2', g: '2', j: '2', k: '2', q: '2', s: '2', x: '2', z: '2', d: '3', t: '3', l: '4', m: '5', n: '5', r: '6' };
  const letters = s.toLowerCase().replace(/[^a-z]/g, '');
  if (!letters) return '';
  let out = (letters[0] as string).toUpperCase();
  let last = codes[letters[0] as string] ?? '';
  for (const ch of letters.slice(1)) {
    const c = codes[ch] ?? '';
    if (c && c !== last) out += c;
    if (ch !== 'h' && ch !== 'w') last = c;
  }
  return (out + '000').slice(0, 4);
}

/**
 * The emulator's bound on LEVENSHTEIN_DISTANCE's quadratic work (ArangoDB has none, but runs it
 * on a thread of its own): about 100 ms, so two strings of 5 000 characters still compare.
 */
const LEVENSHTEIN_MAX_CELLS = 25_000_000;

function levenshtein(a: string, b: string): number {
  const x = chars(a);
  const y = chars(b);
  if (x.length * y.length > LEVENSHTEIN_MAX_CELLS) {
    throw AqlError.runtime(500, 'ERROR_RESOURCE_LIMIT', `strings too long for LEVENSHTEIN_DISTANCE() in arangots-emulator (${x.length} × ${y.length} characters)`);
  }
  let prev = Array.from({ length: y.length + 1 }, (_, i) => i);
  for (let i = 1; i <= x.length; i++) {
    const cur = [i];
    for (let j = 1; j <= y.length; j++) {
      cur[j] = Math.min((prev[j] as number) + 1, (cur[j - 1] as number) + 1, (prev[j - 1] as number) + (x[i - 1] === y[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[y.length] as number;
}

/**
 * How deep a value built at run time may nest: the bound the HTTP layer puts on JSON input (so
 * every stored document and bind parameter is within it), applied to JSON_PARSE, the one way a
 * query can build deeper values than its text. Deeper ones could not be compared, hashed or
 * rendered (each of those recurses), so JSON_PARSE refuses them with a warning and null.
 */
export const MAX_VALUE_DEPTH = 1000;

/** The bracket nesting of JSON text (brackets inside strings do not count). */
function nestingOf(json: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < json.length; i++) {
    const c = json.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) max = depth;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return max;
}

export const stringFunctions: FnTable = {
  CONCAT: chunked(1, Infinity, function* concat(a, ctx) {
    return yield* joinGen(flattenConcatArgs(a), '', ctx);
  }, (a) => flattenConcatArgs(a).filter((v) => v !== null).map(toString).join('')),
  // Only a single array argument contributes its members (ArangoDB's ConcatSeparator); with more
  // arguments an array is one value, written as JSON.
  CONCAT_SEPARATOR: chunked(2, Infinity, function* concatSeparator(a, ctx) {
    const sep = str(a, 0);
    const items = a.length === 2 && Array.isArray(a[1]) ? a[1] : a.slice(1);
    return yield* joinGen(items, sep, ctx);
  }, (a) => {
    const sep = str(a, 0);
    const items = a.length === 2 && Array.isArray(a[1]) ? a[1] : a.slice(1);
    return items.filter((v) => v !== null).map(toString).join(sep);
  }),
  LOWER: def(1, 1, (a) => str(a, 0).toLowerCase()),
  UPPER: def(1, 1, (a) => str(a, 0).toUpperCase()),
  SUBSTRING: def(2, 3, (a) => {
    const c = chars(str(a, 0));
    let off = int(a, 1);
    if (off < 0) off = Math.max(0, c.length + off);
    const len = a[2] === undefined || a[2] === null ? c.length : int(a, 2);
    if (len < 0) return c.slice(off, Math.max(off, c.length + len)).join('');
    return c.slice(off, off + len).join('');
  }),
  // SUBSTRING_BYTES(value, offset[, length[, left[, right]]]) as ArangoDB's substringBytes: byte
  // offsets that split a UTF-8 character are an error (warning, null); left/right widen the cut by
  // that many characters on each side (right defaults to left).
  SUBSTRING_BYTES: def(2, 5, (a, ctx, name) => {
    const v = a[0];
    if (typeof v !== 'string') {
      ctx.warn('ERROR_BAD_PARAMETER', `bad parameter in call to function '${name}()'`);
      return null;
    }
    const b = Buffer.from(v);
    if (b.length === 0) return '';
    const n = b.length;
    let off = int(a, 1);
    off = off < 0 ? Math.max(0, n + off) : Math.min(off, n);
    const len = a.length > 2 ? Math.max(0, int(a, 2)) : n;
    const left = a.length > 3 ? int(a, 3) : 0;
    const right = a.length > 4 ? int(a, 4) : left;
    const cont = (i: number): boolean => i < n && ((b[i] as number) & 0xc0) === 0x80;
    let lhs = off;
    let rhs = off + Math.min(len, n - off);
    if (cont(lhs) || cont(rhs)) {
      ctx.warn('ERROR_BAD_PARAMETER', `bad parameter in call to function '${name}()'`);
      return null;
    }
    const shift = (limit: number, at: number, to: number, step: 1 | -1): number => {
      while (limit > 0 && at !== to) {
        if (!cont(at)) limit--;
        at += step;
      }
      if (at === n) return at;
      while (at !== to && cont(at)) at += step;
      return at;
    };
    lhs = shift(left, lhs, 0, -1);
    rhs = shift(right, rhs, n, 1);
    return b.subarray(lhs, rhs).toString();
  }),
  // REPEAT(value, count[, separator]): count 0 → "", negative → warning and null; the answer is
  // limited to 16 MiB (ERROR_RESOURCE_LIMIT), as in ArangoDB.
  REPEAT: def(2, 3, (a, ctx, name) => {
    const count = Math.trunc(toNumber(arg(a, 1)));
    if (count === 0) return '';
    if (count < 0 || !Number.isFinite(count)) return invalidArg(ctx, name);
    const value = str(a, 0);
    const sep = a.length > 2 ? str(a, 2) : '';
    if (value.length * count + sep.length * (count - 1) > 16 * 1024 * 1024) {
      throw AqlError.runtime(400, 'ERROR_RESOURCE_LIMIT', 'Output string of AQL REPEAT function was limited to 16MB.');
    }
    return Array.from({ length: count }, () => value).join(sep);
  }),
  LEFT: def(2, 2, (a) => chars(str(a, 0)).slice(0, Math.max(0, int(a, 1))).join('')),
  RIGHT: def(2, 2, (a) => {
    const c = chars(str(a, 0));
    const n = Math.max(0, int(a, 1));
    return n === 0 ? '' : c.slice(-n).join('');
  }),
  TRIM: def(1, 2, (a) => trimChars(...trimArgs(a))),
  LTRIM: def(1, 2, (a) => trimChars(str(a, 0), typeof a[1] === 'string' ? a[1] : null, 1)),
  RTRIM: def(1, 2, (a) => trimChars(str(a, 0), typeof a[1] === 'string' ? a[1] : null, 2)),
  SPLIT: def(1, 3, (a) => {
    const s = str(a, 0);
    const limit = a[2] === undefined || a[2] === null ? Infinity : int(a, 2);
    const sep = a[1];
    let parts: string[];
    if (sep === undefined || sep === null) parts = [s];
    else if (Array.isArray(sep)) {
      const seps = sep.map(toString).filter((x) => x !== '');
      parts = seps.length === 0 ? chars(s) : s.split(new RegExp(seps.map(escapeRegex).join('|')));
    } else {
      const t = toString(sep);
      parts = t === '' ? chars(s) : s.split(t);
    }
    return limit < 0 ? parts : parts.slice(0, limit);
  }),
  CONTAINS: def(2, 3, (a) => {
    const s = str(a, 0);
    const needle = str(a, 1);
    const i = needle === '' ? 0 : s.indexOf(needle);
    if (a[2] === true) return i < 0 ? -1 : chars(s.slice(0, i)).length;
    return i >= 0;
  }),
  FIND_FIRST: def(2, 4, (a) => {
    const s = str(a, 0);
    const needle = str(a, 1);
    const start = int(a, 2);
    const end = a[3] === undefined || a[3] === null ? Infinity : int(a, 3);
    const c = chars(s);
    const hay = c.slice(0, end === Infinity ? c.length : end + 1).join('');
    const startIdx = c.slice(0, start).join('').length;
    const i = hay.indexOf(needle, startIdx);
    return i < 0 ? -1 : chars(hay.slice(0, i)).length;
  }),
  FIND_LAST: def(2, 4, (a) => {
    const c = chars(str(a, 0));
    const needle = str(a, 1);
    const start = int(a, 2);
    const end = a[3] === undefined || a[3] === null ? c.length - 1 : int(a, 3);
    const hay = c.slice(0, end + 1).join('');
    const i = hay.lastIndexOf(needle);
    if (i < 0) return -1;
    const pos = chars(hay.slice(0, i)).length;
    return pos < start ? -1 : pos;
  }),
  LIKE: def(2, 3, (a) => like(str(a, 0), str(a, 1), a[2] === true)),
  REGEX_TEST: def(2, 3, (a, ctx, name) => {
    const re = regexFor(str(a, 1), a[2] === true, ctx, name);
    return re ? re.test(str(a, 0)) : null;
  }),
  REGEX_MATCHES: def(2, 3, (a, ctx, name) => {
    const re = regexFor(str(a, 1), a[2] === true, ctx, name);
    if (!re) return null;
    return re.exec(str(a, 0));
  }),
  REGEX_SPLIT: def(2, 4, (a, ctx, name) => {
    const re = regexFor(str(a, 1), a[2] === true, ctx, name);
    if (!re) return null;
    const parts = re.split(str(a, 0));
    return a[3] === undefined || a[3] === null ? parts : parts.slice(0, int(a, 3));
  }),
  REGEX_REPLACE: def(3, 4, (a, ctx, name) => {
    const re = regexFor(str(a, 1), a[3] === true, ctx, name);
    if (!re) return null;
    return re.replaceAll(str(a, 0), str(a, 2));
  }),
  LENGTH: def(1, 1, () => null), // replaced by the array/document LENGTH (see index.ts)
  CHAR_LENGTH: def(1, 1, (a) => chars(str(a, 0)).length),
  REVERSE: chunked(1, 1, function* reverse(a, ctx) {
    const v = arg(a, 0);
    if (!Array.isArray(v)) return chars(toString(v)).reverse().join('');
    const out: Value[] = [];
    for (let i = v.length - 1; i >= 0; i--) {
      out.push(v[i] as Value);
      if ((i & (CHUNK - 1)) === 0 && ctx.busy(CHUNK)) yield PAUSE;
    }
    return out;
  }),
  SUBSTITUTE: def(2, 4, (a) => {
    let s = str(a, 0);
    const search = a[1];
    let pairs: [string, string][] = [];
    if (search !== null && typeof search === 'object' && !Array.isArray(search)) {
      pairs = Object.entries(search).map(([k, v]) => [k, toString(v)]);
      const limit = a[2] === undefined || a[2] === null ? Infinity : int(a, 2);
      return replaceAll(s, pairs, limit);
    }
    const from = Array.isArray(search) ? search.map(toString) : [toString(search ?? null)];
    const repl = a[2];
    const to = Array.isArray(repl) ? repl.map(toString) : from.map(() => (repl === undefined || repl === null ? '' : toString(repl)));
    pairs = from.map((f, i) => [f, to[i] ?? '']);
    const limit = a[3] === undefined || a[3] === null ? Infinity : int(a, 3);
    s = replaceAll(s, pairs, limit);
    return s;
  }),
  MD5: def(1, 1, (a) => createHash('md5').update(str(a, 0)).digest('hex')),
  SHA1: def(1, 1, (a) => createHash('sha1').update(str(a, 0)).digest('hex')),
  SHA256: def(1, 1, (a) => createHash('sha256').update(str(a, 0)).digest('hex')),
  SHA512: def(1, 1, (a) => createHash('sha512').update(str(a, 0)).digest('hex')),
  CRC32: def(1, 1, (a) => crc32(Buffer.from(str(a, 0))).toString(16).toUpperCase()),
  FNV64: def(1, 1, (a) => fnv64(Buffer.from(str(a, 0)))),
  RANDOM_TOKEN: def(1, 1, (a, ctx, name) => {
    const n = int(a, 0);
    if (n <= 0 || n > 65536) return invalidArg(ctx, name);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
    return Array.from(randomBytes(n), (b) => alphabet[b % alphabet.length]).join('');
  }),
  UUID: def(0, 0, () => randomUUID()),
  JSON_STRINGIFY: chunked(1, 1, function* jsonStringify(a, ctx) {
    return yield* jsonGen(arg(a, 0), ctx);
  }, (a) => JSON.stringify(arg(a, 0))),
  JSON_PARSE: def(1, 1, (a, ctx, name) => {
    const v = arg(a, 0);
    if (typeof v !== 'string') return invalidArg(ctx, name);
    if (nestingOf(v) > MAX_VALUE_DEPTH) {
      ctx.warn('ERROR_QUERY_TOO_MUCH_NESTING', `too much nesting in call to function '${name}()': values may nest at most ${MAX_VALUE_DEPTH} levels`);
      return null;
    }
    try {
      return JSON.parse(v) as Value;
    } catch {
      return null;
    }
  }),
  TO_BASE64: def(1, 1, (a) => Buffer.from(str(a, 0)).toString('base64')),
  TO_HEX: def(1, 1, (a) => Buffer.from(str(a, 0)).toString('hex')),
  ENCODE_URI_COMPONENT: def(1, 1, (a) => encodeURIComponent(str(a, 0))),
  SOUNDEX: def(1, 1, (a) => soundex(str(a, 0))),
  LEVENSHTEIN_DISTANCE: def(2, 2, (a) => levenshtein(str(a, 0), str(a, 1))),
  STARTS_WITH: def(2, 3, (a) => {
    const s = str(a, 0);
    const p = a[1];
    if (Array.isArray(p)) {
      const min = a[2] === undefined || a[2] === null ? 1 : int(a, 2);
      return p.filter((x) => s.startsWith(toString(x))).length >= min;
    }
    return s.startsWith(toString(p ?? null));
  }),
  IPV4_TO_NUMBER: def(1, 1, (a) => {
    const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(str(a, 0));
    if (!m) return null;
    const parts = m.slice(1).map(Number);
    if (parts.some((p) => p > 255)) return null;
    return parts.reduce((acc, p) => acc * 256 + p, 0);
  }),
  IPV4_FROM_NUMBER: def(1, 1, (a) => {
    const n = toNumber(arg(a, 0));
    if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) return null;
    return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
  }),
  IS_IPV4: def(1, 1, (a) => {
    const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(typeof a[0] === 'string' ? a[0] : '');
    return !!m && m.slice(1).every((p) => Number(p) <= 255 && (p === '0' || !p.startsWith('0')));
  }),
};

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function replaceAll(s: string, pairs: [string, string][], limit: number): string {
  const active = pairs.filter(([f]) => f !== '');
  if (active.length === 0) return s;
  const re = new RegExp(active.map(([f]) => escapeRegex(f)).join('|'), 'g');
  let count = 0;
  return s.replace(re, (m) => {
    if (count >= limit) return m;
    count++;
    return active.find(([f]) => f === m)?.[1] ?? m;
  });
}

let crcTable: Uint32Array | undefined;
function crc32(buf: Buffer): number {
  // ArangoDB's CRC32 is the Castagnoli polynomial (CRC32-C)
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let i = 0; i < 256; i++) {
      let c = i;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0x82f63b78 ^ (c >>> 1) : c >>> 1;
      crcTable[i] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (const b of buf) crc = (crcTable[(crc ^ b) & 255] as number) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function fnv64(buf: Buffer): string {
  let h = 0xcbf29ce484222325n;
  for (const b of buf) {
    h ^= BigInt(b);
    h = (h * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return h.toString(16).toUpperCase();
}
