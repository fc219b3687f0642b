/**
 * Request generation for the fuzzer: a seeded PRNG and generators for malformed and adversarial
 * requests. Nothing here depends on answers, so a seed always produces the same requests.
 */
import { deflateSync, gzipSync } from 'node:zlib';
import { Router, type Method } from '../src/http/router.js';
import { registerAll } from '../src/api/index.js';

/** mulberry32: small, fast, good enough to pick cases; the same seed gives the same stream. */
export class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0 || 0x9e3779b9;
  }

  next(): number {
    this.s = (this.s + 0x6d2b79f5) >>> 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(list: readonly T[]): T {
    return list[Math.floor(this.next() * list.length)] as T;
  }

  /** Picks by weight: `[[weight, value], …]`. */
  weighted<T>(list: ReadonlyArray<readonly [number, T]>): T {
    let total = 0;
    for (const [w] of list) total += w;
    let r = this.next() * total;
    for (const [w, v] of list) {
      r -= w;
      if (r < 0) return v;
    }
    return (list[list.length - 1] as readonly [number, T])[1];
  }
}

/** One HTTP request through a normal client. */
export interface HttpCase {
  kind: 'http';
  category: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
  /** Who it is sent as: the unprivileged fuzz user, nobody, or broken credentials. */
  auth: 'fuzzer' | 'none' | 'bad';
}

/** Bytes written on a raw socket: HTTP no client library would send. */
export interface RawCase {
  kind: 'raw';
  category: string;
  bytes: Buffer;
  /** Whether the bytes form a complete request that deserves an answer. */
  complete: boolean;
}

export type FuzzCase = HttpCase | RawCase;

/** Names the fuzz data set uses (see run.ts): requests aim at them as well as at random ones. */
export const FUZZ_DB = 'fuzz';
export const SENTINEL_COLLECTION = 'sentinel';
export const SENTINEL_USER = 'sentinel';
export const SENTINEL_SECRET = 'sentinel-secret';

const ROUTES: Array<{ method: Method; pattern: string }> = (() => {
  const r = new Router();
  registerAll(r);
  return r.list();
})();

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

const NAMES = ['c1', 'e1', 'g1', 'v1', SENTINEL_COLLECTION, '_users', '_graphs', 'nosuch', 'k1', 'a', 'fuzzer', SENTINEL_USER, 'root', 'text_en', 'identity'];

function weirdSegment(rng: Rng): string {
  return rng.pick([
    '..', '.', '%2e%2e', '%2F', '%00', '%', '%zz', '%E2%82%AC', '\u00e9', 'a b', 'a%20b', '*', '~', '-1', '0', '1e400',
    '99999999999999999999999', String(rng.int(0, 1e9)), String((BigInt(rng.int(1, 3)) << 40n) | BigInt(rng.int(0, 300))),
    'x'.repeat(rng.int(200, 5000)), encodeURIComponent('ß→😀'), '%F0%9F%98%80', '%C0%AF', '%FF%FE', 'all', 'expired', 'done', 'pending',
  ]);
}

function segment(rng: Rng): string {
  return rng.chance(0.6) ? rng.pick(NAMES) : weirdSegment(rng);
}

function fillPattern(pattern: string, rng: Rng): string {
  return pattern.split('/').map((s) => {
    if (s.startsWith(':')) return segment(rng);
    if (s.startsWith('*')) return Array.from({ length: rng.int(1, 3) }, () => segment(rng)).join('/');
    return s;
  }).join('/');
}

function prefix(rng: Rng): string {
  return rng.weighted([[6, `/_db/${FUZZ_DB}`], [2, ''], [1, '/_db/_system'], [1, `/_db/${weirdSegment(rng)}`], [1, '/_db/']]);
}

const QUERY_KEYS = ['returnNew', 'returnOld', 'silent', 'overwrite', 'overwriteMode', 'waitForSync', 'count', 'stamp', 'type', 'collection', 'onlyget',
  'ignoreRevs', 'keepNull', 'mergeObjects', 'details', 'excludeSystem', 'force', 'soft', 'level', 'size', 'offset', 'upto', 'batchSize', 'all', 'id'];

function queryString(rng: Rng): string {
  if (rng.chance(0.5)) return '';
  const parts: string[] = [];
  for (let i = rng.int(1, 4); i > 0; i--) {
    const k = rng.chance(0.8) ? rng.pick(QUERY_KEYS) : weirdSegment(rng);
    const v = rng.pick(['true', 'false', '1', '0', '-1', '', 'replace', 'update', 'conflict', 'ignore', '1e400', weirdSegment(rng)]);
    parts.push(`${k}=${v}`);
  }
  return `?${parts.join('&')}`;
}

/** A JSON value of random shape and bounded size. */
export function randomValue(rng: Rng, depth = 0): unknown {
  const leaf = (): unknown => rng.pick<unknown>([
    null, true, false, 0, -1, 1.5, 1e308, -1e-308, 2 ** 53 + 1, '', 'x', '\u0000', '\ud800', '💥', 'a'.repeat(rng.int(0, 300)),
    SENTINEL_COLLECTION, `${SENTINEL_COLLECTION}/s1`, 'c1/k1', '_key', '_id', '_from', '_to', '_rev', '__proto__', 'constructor',
  ]);
  if (depth > 4 || rng.chance(0.35)) return leaf();
  if (rng.chance(0.5)) return Array.from({ length: rng.int(0, 6) }, () => randomValue(rng, depth + 1));
  const o: Record<string, unknown> = {};
  for (let i = rng.int(0, 6); i > 0; i--) {
    const k = rng.pick(['_key', '_id', '_from', '_to', '_rev', 'name', 'type', 'query', 'bindVars', 'user', 'passwd', 'grant', 'active', 'extra',
      'collections', 'links', 'edgeDefinitions', 'options', 'count', 'batchSize', 'ttl', 'fields', 'unique', 'sparse', 'waitForSync',
      'numberOfShards', 'replicationFactor', 'keyOptions', 'schema', 'computedValues', 'properties', 'analyzers', '__proto__', 'a', '']);
    o[k] = randomValue(rng, depth + 1);
  }
  return o;
}

function deepJson(rng: Rng): string {
  const d = rng.pick([999, 1000, 1001, 1500, 5000, 20_000, 100_000]);
  if (rng.chance(0.5)) return '['.repeat(d) + ']'.repeat(d);
  return '{"a":'.repeat(d) + '1' + '}'.repeat(d);
}

function brokenJson(rng: Rng): string {
  return rng.pick([
    '', ' ', '{', '}', '[', '{"a":}', '{"a" 1}', '{a:1}', "{'a':1}", '[1,]', '{"a":1,}', 'nul', 'tru', 'NaN', 'Infinity', '-', '1e', '"\\u12"',
    '"\\x"', '{"a":"\u0001"}', '\u0000', '{"a":1}{"b":2}', '[' + '1,'.repeat(1000) + ']', '{"' + 'k'.repeat(10_000) + '":1}',
    '{"__proto__":{"polluted":true}}', '{"constructor":{"prototype":{"polluted":true}}}', '"' + '\\'.repeat(rng.int(1, 9)) + '"',
  ]);
}

/** Bodies meant to stay below the fuzz server's 8 MiB body limit unless the case is about it. */
function body(rng: Rng): Buffer | undefined {
  const kind = rng.weighted<string>([[10, 'none'], [30, 'value'], [8, 'broken'], [4, 'deep'], [1, 'huge'], [2, 'binary']]);
  switch (kind) {
    case 'none': return undefined;
    case 'value': return Buffer.from(JSON.stringify(randomValue(rng)) ?? 'null');
    case 'broken': return Buffer.from(brokenJson(rng));
    case 'deep': return Buffer.from(rng.chance(0.5) ? deepJson(rng) : `{"query":"RETURN @v","bindVars":{"v":${deepJson(rng)}},"user":"x","extra":${deepJson(rng)}}`);
    case 'huge': return Buffer.from(JSON.stringify({ _key: `h${rng.int(0, 99)}`, blob: 'z'.repeat(rng.int(1, 3) * 1024 * 1024) }));
    default: return Buffer.from(Array.from({ length: rng.int(1, 512) }, () => rng.int(0, 255)));
  }
}

/** AQL that reads what it may not, or carries odd bind variables and options. */
const QUERIES = [
  'RETURN DOCUMENT("sentinel/s1")', 'RETURN DOCUMENT("sentinel", ["s1", "s2"])', 'FOR d IN sentinel RETURN d', 'RETURN COLLECTION_COUNT("sentinel")',
  'RETURN LENGTH(sentinel)', 'INSERT {} INTO sentinel', 'FOR d IN sentinel REMOVE d IN sentinel', 'RETURN COLLECTIONS()', 'RETURN DOCUMENT(@s)',
  'FOR v IN 1..3 ANY "c1/k1" GRAPH "g1" RETURN v', 'FOR v IN 1..5 OUTBOUND "c1/k1" e1 RETURN v', 'FOR d IN v1 SEARCH true RETURN d',
  'RETURN JSON_STRINGIFY(@v)', 'RETURN @v', 'RETURN SLEEP(0.2)', 'FOR d IN c1 UPDATE d WITH { n: d.n + 1 } IN c1',
  'UPSERT { _key: "u" } INSERT { _key: "u" } UPDATE { x: 1 } IN c1', 'FOR d IN _users RETURN d', 'RETURN CURRENT_USER()', 'RETURN V8("1")',
  'RETURN FAIL("x")', 'FOR', 'RETURN @@c', 'FOR d IN @@c RETURN d', 'RETURN "\u0000"', 'RETURN CONCAT(@s, @s, @s, @s)', 'INSERT @v INTO c1',
];

/**
 * AQL that has crashed the process or frozen every coordinator before (issue 15): huge ranges
 * and arrays, catastrophic regular expressions, expressions nested past the parser's limits.
 */
const HEAVY_QUERIES = [
  'RETURN RANGE(1, 2e8)', 'RETURN RANGE(1, 1e12)', 'RETURN RANGE(1, 10, 1e-300)', 'RETURN LENGTH(1..1e9)', 'FOR i IN 1..1e12 RETURN i',
  'RETURN REGEX_TEST("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!", "^(a+)+$")', 'RETURN REGEX_REPLACE(@s, "(x+x+)+y", "z")', 'RETURN "aaaaaaaaaaaaaaaaaaaaaaaaaaaa!" =~ "^(a|a)*$"',
  'RETURN LIKE(@s, "%a%a%a%a%a%a%a%a%b")', 'RETURN UNIQUE(1..9000000)', 'RETURN MINUS(1..5000000, 1..5)', 'RETURN CONCAT_SEPARATOR(",", 1..5000000)',
  'FOR i IN 1..10000000 FILTER i < 0 RETURN i', 'LET x = (FOR i IN 1..1000000 RETURN i) RETURN LENGTH(x)', 'RETURN JSON_PARSE(@s)',
  'RETURN ' + 'NOT '.repeat(30_000) + 'true', 'RETURN ' + '['.repeat(20_000) + ']'.repeat(20_000), 'RETURN ' + '('.repeat(5000) + '1' + ')'.repeat(5000),
  'RETURN ' + '1 + '.repeat(20_000) + '1',
];

function aqlCase(rng: Rng, heavy: boolean, bounded = false): HttpCase {
  const q = heavy ? rng.pick(HEAVY_QUERIES) : rng.chance(0.85) ? rng.pick(QUERIES) : `RETURN ${JSON.stringify(randomValue(rng))}`;
  const s = rng.pick(['a'.repeat(rng.int(0, 64)) + '!', 'x'.repeat(rng.int(1, 40)), deepJson(rng), '{"a":1}', '\ud800', 'c1/k1']);
  const bindVars: Record<string, unknown> = {};
  if (q.includes('@s')) bindVars['s'] = s;
  if (q.includes('@v')) bindVars['v'] = rng.chance(0.3) ? JSON.parse(rng.chance(0.5) ? '[[[[1]]]]' : '{"a":{"b":[1,2]}}') : randomValue(rng);
  if (q.includes('@@c')) bindVars['@c'] = rng.pick([SENTINEL_COLLECTION, 'c1', '_users', 'nosuch', '']);
  if (rng.chance(0.1)) bindVars[rng.pick(['extra', 'x', '@x'])] = randomValue(rng);
  const options: Record<string, unknown> = {};
  if (rng.chance(0.5)) options['maxRuntime'] = rng.pick([0.05, 0.5, 2, -1, 'x']);
  if (rng.chance(0.2)) options['stream'] = true;
  if (rng.chance(0.1)) options['fullCount'] = true;
  if (rng.chance(0.1)) options['skipInaccessibleCollections'] = true;
  if (rng.chance(0.1)) options['profile'] = rng.pick([1, 2, true]);
  // a heavy query that stops itself: it may take the loop's turns, but not for longer than this
  if (bounded) options['maxRuntime'] = 2;
  const payload = { query: q, bindVars, options, batchSize: rng.pick([1, 2, 1000, 0, -1, undefined]), count: rng.chance(0.3), memoryLimit: rng.pick([undefined, 1024, 1e6]) };
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (rng.chance(0.15)) headers['x-arango-async'] = rng.pick(['store', 'true']);
  // the sentinel lives in _system, where the fuzz user may read everything else
  const db = rng.chance(0.5) ? '_system' : FUZZ_DB;
  const path = rng.chance(0.9) ? `/_db/${db}/_api/cursor` : `/_db/${db}/_api/explain`;
  return { kind: 'http', category: heavy ? 'aql-heavy' : 'aql', method: 'POST', path, headers, body: Buffer.from(JSON.stringify(payload)), auth: 'fuzzer' };
}

/**
 * The async-job API with ids a fresh cluster hands out (coordinator short id << 40 | a small
 * counter): other users' jobs are among them and must stay invisible.
 */
function jobCase(rng: Rng): HttpCase {
  const id = String((BigInt(rng.int(1, 3)) << 40n) | BigInt(rng.int(0, 120)));
  const [method, path] = rng.pick<[string, string]>([
    ['PUT', `/_api/job/${id}`], ['PUT', `/_api/job/${id}`], ['GET', `/_api/job/${id}`], ['PUT', `/_api/job/${id}/cancel`], ['DELETE', `/_api/job/${id}`],
    ['GET', '/_api/job/done'], ['GET', '/_api/job/pending'], ['DELETE', '/_api/job/all'], ['DELETE', `/_api/job/expired?stamp=${Date.now() / 1000 + 3600}`],
  ]);
  const headers: Record<string, string> = {};
  if (rng.chance(0.1)) headers['x-arango-async'] = 'store';
  return { kind: 'http', category: 'jobs', method, path: rng.chance(0.8) ? path : `/_db/${FUZZ_DB}${path}`, headers, auth: 'fuzzer' };
}

function badAuthHeader(rng: Rng): string {
  return rng.pick([
    'Basic', 'Basic ', 'Basic !!!!', `Basic ${Buffer.from('root').toString('base64')}`, `Basic ${Buffer.from(':').toString('base64')}`,
    `Basic ${Buffer.from('root:wrong').toString('base64')}`, `Basic ${Buffer.from(`${SENTINEL_USER}:x`).toString('base64')}`, 'bearer', 'bearer x.y.z',
    `bearer ${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from('{"iss":"arangodb","server_id":"x"}').toString('base64url')}.`,
    `bearer ${'a'.repeat(4000)}`, 'Digest x', 'Negotiate abc', 'basic ' + 'A'.repeat(rng.int(1, 3000)),
  ]);
}

function weirdHeaders(rng: Rng, headers: Record<string, string>): void {
  for (let i = rng.int(1, 4); i > 0; i--) {
    const [k, v] = rng.pick<[string, string]>([
      ['x-arango-async', rng.pick(['store', 'true', 'false', 'STORE', ''])],
      ['x-arango-trx-id', rng.pick(['0', '1', '4', '-1', '99999999999999999999', String((BigInt(rng.int(1, 5)) << 40n) | 4n), 'abc'])],
      ['x-arango-queue-time-seconds', rng.pick(['0', '0.000001', '-1', 'NaN', '1e308', 'x'])],
      ['content-type', rng.pick(['application/json', 'text/plain', 'application/x-velocypack', 'multipart/form-data; boundary=x', ''])],
      ['accept-encoding', rng.pick(['gzip', 'deflate', 'br', 'gzip;q=0, *', '*', 'identity'])],
      ['origin', rng.pick(['http://evil.test', 'null', '', 'http://' + 'a'.repeat(2000)])],
      ['if-match', rng.pick(['"_x"', '*', '', '"' + 'r'.repeat(500) + '"'])],
      ['if-none-match', rng.pick(['"_x"', '*'])],
      ['x-arango-allow-dirty-read', rng.pick(['true', 'false', 'x'])],
      ['x-http-method-override', rng.pick(['DELETE', 'PUT', 'BREW'])],
      ['x-omit-www-authenticate', 'true'],
      ['x-arango-frontend', 'true'],
      ['access-control-request-headers', 'authorization, x-' + 'h'.repeat(rng.int(1, 200))],
      ['x-big', 'v'.repeat(rng.int(1000, 12_000))],
    ]);
    headers[k] = v;
  }
}

function routeCase(rng: Rng): HttpCase {
  const route = rng.pick(ROUTES);
  const method = rng.chance(0.85) ? route.method : rng.pick(METHODS);
  const path = prefix(rng) + fillPattern(route.pattern, rng) + queryString(rng);
  const headers: Record<string, string> = {};
  const b = method === 'GET' || method === 'HEAD' ? (rng.chance(0.1) ? body(rng) : undefined) : body(rng);
  if (b !== undefined) headers['content-type'] = 'application/json';
  if (rng.chance(0.25)) weirdHeaders(rng, headers);
  const auth = rng.weighted<HttpCase['auth']>([[20, 'fuzzer'], [2, 'none'], [2, 'bad']]);
  if (auth === 'bad') headers['authorization'] = badAuthHeader(rng);
  return { kind: 'http', category: 'route', method, path, headers, ...(b !== undefined ? { body: b } : {}), auth };
}

/** gzip of `mib` MiB of zeros as concatenated gzip members of 1 MiB each (cheap to build, big to inflate). */
const MEMBER = gzipSync(Buffer.alloc(1024 * 1024));
function bomb(mib: number): Buffer {
  return Buffer.concat(Array.from({ length: mib }, () => MEMBER));
}
/** One zlib stream of 16 MiB of zeros, made once. */
let deflateBomb: Buffer | undefined;

function encodingCase(rng: Rng): HttpCase {
  const json = Buffer.from(JSON.stringify(randomValue(rng)) ?? 'null');
  const [encoding, payload] = rng.pick<[string, Buffer]>([
    ['gzip', gzipSync(json)], ['deflate', deflateSync(json)], ['gzip', bomb(rng.int(9, 24))], ['deflate', (deflateBomb ??= deflateSync(Buffer.alloc(16 * 1024 * 1024)))],
    ['gzip', Buffer.from('definitely not gzip')], ['deflate', Buffer.from([0x78, 0x9c, 0xff, 0xff])], ['gzip', gzipSync(json).subarray(0, 12)],
    ['br', json], ['gzip, deflate', gzipSync(json)], ['GZIP', gzipSync(json)], ['identity', json], ['gzip', gzipSync(Buffer.from(deepJson(rng)))],
  ]);
  const path = rng.pick([`/_db/${FUZZ_DB}/_api/document/c1`, `/_db/${FUZZ_DB}/_api/cursor`, '/_open/auth', `/_db/${FUZZ_DB}/_api/import?collection=c1&type=auto`]);
  const headers: Record<string, string> = { 'content-type': 'application/json', 'content-encoding': encoding };
  const auth = rng.weighted<HttpCase['auth']>([[8, 'fuzzer'], [2, 'none']]);
  return { kind: 'http', category: 'encoding', method: 'POST', path, headers, body: payload, auth };
}

function rawCase(rng: Rng): RawCase {
  const host = 'Host: 127.0.0.1\r\n';
  const [bytes, complete] = rng.pick<[string, boolean]>([
    ['GARBAGE\r\n\r\n', true], ['\r\n\r\n', false], ['GET\r\n\r\n', true], ['GET / HTTP/9.9\r\n\r\n', true], ['GET /_api/version HTTP/1.1\r\nBad Header\r\n\r\n', true],
    [`GET /_api/version HTTP/1.1\r\n${host}X-Big: ${'a'.repeat(70_000)}\r\n\r\n`, true], [`BREW /_api/version HTTP/1.1\r\n${host}\r\n`, true],
    [`GET /_api/version HTTP/1.1\r\n${host}Content-Length: -1\r\n\r\n`, true], [`POST /_api/cursor HTTP/1.1\r\n${host}Content-Length: 10\r\nContent-Length: 20\r\n\r\n`, true],
    [`POST /_api/cursor HTTP/1.1\r\n${host}Transfer-Encoding: chunked\r\n\r\nZZ\r\nxx\r\n0\r\n\r\n`, true],
    [`POST /_api/cursor HTTP/1.1\r\n${host}Transfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n0\r\n\r\n`, true],
    [`GET http://evil.test/_api/version HTTP/1.1\r\n${host}\r\n`, true], [`GET /${'p'.repeat(20_000)} HTTP/1.1\r\n${host}\r\n`, true],
    [`GET /_api/version HTTP/1.0\r\n\r\n`, true], [`GET /_api/version HTTP/1.1\r\n${host}\r\nGET /_api/version HTTP/1.1\r\n${host}\r\n`, true],
    [`GET /_api/version HTTP/1.1\r\n${host}Authorization: Basic \u00ff\u00fe\r\n\r\n`, true], [`GET /_api/ver\u0000sion HTTP/1.1\r\n${host}\r\n`, true],
    [`GET /_api/version HTTP/1.1\r\n${host}X: a\rb\r\n\r\n`, true], [`GET /_api/version HTTP/1.1\r\n ${host}\r\n`, true],
    [`POST /_db/${FUZZ_DB}/_api/document/c1 HTTP/1.1\r\n${host}Content-Length: 100\r\n\r\n{"a":`, false], [`GET /_api/version HTTP/1.1\r\n${host}`, false],
    [`POST /_api/cursor HTTP/1.1\r\n${host}Transfer-Encoding: chunked\r\n\r\n5\r\nab`, false], ['G', false],
  ]);
  return { kind: 'raw', category: 'raw', bytes: Buffer.from(bytes, 'latin1'), complete };
}

/**
 * The next case from the chosen categories: `route` (any route of the API with odd parameters,
 * bodies, headers and credentials), `aql` (permissions, bind variables), `aql-heavy` (resource
 * exhaustion), `encoding` (gzip/deflate, bombs, broken streams), `raw` (malformed HTTP on a
 * socket), `json` (broken and deeply nested bodies), `jobs` (other users' async jobs).
 * `aql-heavy-bounded` (instead of `aql-heavy`) sends the same heavy queries with a maxRuntime
 * of 2 s: the queries themselves then end in time, and whatever else times out was starved.
 */
export function nextCase(rng: Rng, categories: ReadonlySet<string>): FuzzCase {
  for (;;) {
    const category = rng.weighted<string>([[50, 'route'], [15, 'aql'], [5, 'aql-heavy'], [6, 'encoding'], [8, 'raw'], [10, 'json'], [4, 'jobs']]);
    const bounded = category === 'aql-heavy' && !categories.has(category) && categories.has('aql-heavy-bounded');
    if (!categories.has(category) && !bounded) continue;
    if (category === 'jobs') return jobCase(rng);
    if (category === 'route') return routeCase(rng);
    if (category === 'aql' || category === 'aql-heavy') return aqlCase(rng, category === 'aql-heavy', bounded);
    if (category === 'encoding') return encodingCase(rng);
    if (category === 'raw') return rawCase(rng);
    const target = rng.pick([`/_db/${FUZZ_DB}/_api/document/c1?returnNew=true`, `/_db/${FUZZ_DB}/_api/cursor`, '/_api/user', '/_api/user/fuzzer',
      `/_db/${FUZZ_DB}/_api/collection`, `/_db/${FUZZ_DB}/_api/gharial`, `/_db/${FUZZ_DB}/_api/document/c1`, `/_db/${FUZZ_DB}/_api/import?collection=c1&type=documents`]);
    const b = rng.chance(0.5) ? Buffer.from(deepJson(rng)) : Buffer.from(brokenJson(rng));
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (rng.chance(0.3)) headers['x-arango-async'] = 'store';
    return { kind: 'http', category: 'json', method: rng.pick(['POST', 'PUT', 'PATCH']), path: target, headers, body: b, auth: 'fuzzer' };
  }
}

export const ALL_CATEGORIES: readonly string[] = ['route', 'aql', 'aql-heavy', 'encoding', 'raw', 'json', 'jobs'];
/** Every category with the heavy AQL queries bounded by maxRuntime (the suite's short run). */
export const BOUNDED_CATEGORIES: readonly string[] = [...ALL_CATEGORIES.filter((c) => c !== 'aql-heavy'), 'aql-heavy-bounded'];
