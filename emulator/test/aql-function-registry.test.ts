/**
 * ArangoDB 3.12's own AQL function registry as the checklist (pg-mem's lesson: nothing silently
 * missing). The core list and argument signatures are those of the server's
 * arangod/Aql/AqlFunctionFeature.cpp (3.12: with TO_CHAR, REPEAT, ENTRIES and the RANDOM alias;
 * internal functions such as MAKE_DISTRIBUTE_INPUT left out, as the server hides them from users;
 * PREGEL_RESULT is gone with Pregel in 3.12 — checked below as unknown).
 * The signature grammar is the server's: `.` one argument, `,` the next, `|` separates mandatory
 * from optional ones, `+` any number more. ArangoSearch and vector functions are registered by
 * other features of the server; their names are checked, not their arities.
 *
 * Every function must be implemented with the registry's arity, or answer a distinct "not
 * supported" error (ERROR_NOT_IMPLEMENTED, 501) — never "unknown function".
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type EmulatorCluster } from '../src/cluster.js';
import { functionNames, lookupFunction } from '../src/aql/functions/index.js';
import { PASSWORD } from './http.js';
import { aqlRaw } from './aql-helpers.js';

const CORE: Record<string, string> = {
  // type checks and casts
  IS_NULL: '.', IS_BOOL: '.', IS_NUMBER: '.', IS_STRING: '.', IS_ARRAY: '.', IS_LIST: '.', IS_OBJECT: '.',
  IS_DOCUMENT: '.', IS_DATESTRING: '.', IS_IPV4: '.', IS_KEY: '.', TYPENAME: '.',
  TO_NUMBER: '.', TO_STRING: '.', TO_BOOL: '.', TO_ARRAY: '.', TO_LIST: '.',
  // strings
  CONCAT: '.|+', CONCAT_SEPARATOR: '.,.|+', CHAR_LENGTH: '.', LOWER: '.', UPPER: '.', SUBSTRING: '.,.|.',
  SUBSTRING_BYTES: '.,.|.,.,.', CONTAINS: '.,.|.', LIKE: '.,.|.', REGEX_MATCHES: '.,.|.', REGEX_SPLIT: '.,.|.,.',
  REGEX_TEST: '.,.|.', REGEX_REPLACE: '.,.,.|.', LEFT: '.,.', RIGHT: '.,.', TRIM: '.|.', LTRIM: '.|.', RTRIM: '.|.',
  FIND_FIRST: '.,.|.,.', FIND_LAST: '.,.|.,.', SPLIT: '.|.,.', SUBSTITUTE: '.,.|.,.', IPV4_TO_NUMBER: '.',
  IPV4_FROM_NUMBER: '.', MD5: '.', SHA1: '.', SHA256: '.', SHA512: '.', CRC32: '.', FNV64: '.', HASH: '.',
  TO_BASE64: '.', TO_HEX: '.', TO_CHAR: '.', REPEAT: '.,.|.', ENCODE_URI_COMPONENT: '.', SOUNDEX: '.',
  LEVENSHTEIN_DISTANCE: '.,.', LEVENSHTEIN_MATCH: '.,.,.|.,.,.', NGRAM_MATCH: '.,.|.,.', NGRAM_SIMILARITY: '.,.,.',
  NGRAM_POSITIONAL_SIMILARITY: '.,.,.', MINHASH_MATCH: '.,.,.|.', IN_RANGE: '.,.,.,.,.', RANDOM_TOKEN: '.', UUID: '',
  // numbers
  FLOOR: '.', CEIL: '.', ROUND: '.', ABS: '.', SQRT: '.', POW: '.,.', LOG: '.', LOG2: '.', LOG10: '.', EXP: '.',
  EXP2: '.', SIN: '.', COS: '.', TAN: '.', ASIN: '.', ACOS: '.', ATAN: '.', ATAN2: '.,.', RADIANS: '.', DEGREES: '.',
  PI: '', BIT_AND: '.|.', BIT_OR: '.|.', BIT_XOR: '.|.', BIT_NEGATE: '.,.', BIT_TEST: '.,.', BIT_POPCOUNT: '.',
  BIT_SHIFT_LEFT: '.,.,.', BIT_SHIFT_RIGHT: '.,.,.', BIT_CONSTRUCT: '.', BIT_DECONSTRUCT: '.', BIT_TO_STRING: '.,.',
  BIT_FROM_STRING: '.', MINHASH_ERROR: '.', MINHASH_COUNT: '.', RAND: '', RANDOM: '',
  // arrays
  RANGE: '.,.|.', UNION: '.,.|+', UNION_DISTINCT: '.,.|+', MINUS: '.,.|+', OUTERSECTION: '.,.|+',
  INTERSECTION: '.,.|+', JACCARD: '.,.', FLATTEN: '.|.', LENGTH: '.', COUNT: '.', MIN: '.', MAX: '.', SUM: '.',
  MEDIAN: '.', PERCENTILE: '.,.|.', AVERAGE: '.', AVG: '.', VARIANCE_SAMPLE: '.', VARIANCE_POPULATION: '.',
  VARIANCE: '.', STDDEV_SAMPLE: '.', STDDEV_POPULATION: '.', STDDEV: '.', COUNT_DISTINCT: '.', COUNT_UNIQUE: '.',
  PRODUCT: '.', UNIQUE: '.', SORTED_UNIQUE: '.', SORTED: '.', SLICE: '.,.|.', REVERSE: '.', FIRST: '.', LAST: '.',
  NTH: '.,.', POSITION: '.,.|.', CONTAINS_ARRAY: '.,.|.', PUSH: '.,.|.', APPEND: '.,.|.', POP: '.', SHIFT: '.',
  UNSHIFT: '.,.|.', REMOVE_VALUE: '.,.|.', REMOVE_VALUES: '.,.', REMOVE_NTH: '.,.', REPLACE_NTH: '.,.,.|.',
  INTERLEAVE: '.,.|+', DECAY_GAUSS: '.,.,.,.,.', DECAY_EXP: '.,.,.,.,.', DECAY_LINEAR: '.,.,.,.,.', MINHASH: '.,.',
  COSINE_SIMILARITY: '.,.', L1_DISTANCE: '.,.', L2_DISTANCE: '.,.', CALL: '.|.+', APPLY: '.|.',
  // documents
  HAS: '.,.', ATTRIBUTES: '.|.,.', KEYS: '.|.,.', VALUES: '.|.', VALUE: '.,.', MERGE: '.|+', MERGE_RECURSIVE: '.|+',
  MATCHES: '.,.|.', UNSET: '.,.|+', UNSET_RECURSIVE: '.,.|+', KEEP: '.,.|+', KEEP_RECURSIVE: '.,.|+',
  TRANSLATE: '.,.|.', ZIP: '.,.', ENTRIES: '.', JSON_STRINGIFY: '.', JSON_PARSE: '.', DOCUMENT: 'h.|.',
  // geo
  DISTANCE: '.,.,.,.', IS_IN_POLYGON: '.,.|.', GEO_DISTANCE: '.,.|.', GEO_CONTAINS: '.,.', GEO_INTERSECTS: '.,.',
  GEO_EQUALS: '.,.', GEO_AREA: '.|.', GEO_IN_RANGE: '.,.,.,.|.,.,.', GEO_POINT: '.,.', GEO_MULTIPOINT: '.',
  GEO_POLYGON: '.', GEO_MULTIPOLYGON: '.', GEO_LINESTRING: '.', GEO_MULTILINESTRING: '.',
  // dates
  DATE_TIMESTAMP: '.|.,.,.,.,.,.', DATE_ISO8601: '.|.,.,.,.,.,.', DATE_DAYOFWEEK: '.|.', DATE_YEAR: '.|.',
  DATE_MONTH: '.|.', DATE_DAY: '.|.', DATE_HOUR: '.|.', DATE_MINUTE: '.|.', DATE_SECOND: '.', DATE_MILLISECOND: '.',
  DATE_DAYOFYEAR: '.|.', DATE_ISOWEEK: '.|.', DATE_ISOWEEKYEAR: '.|.', DATE_LEAPYEAR: '.|.', DATE_QUARTER: '.|.',
  DATE_DAYS_IN_MONTH: '.|.', DATE_ADD: '.,.|.,.', DATE_SUBTRACT: '.,.|.,.', DATE_DIFF: '.,.,.|.,.,.',
  DATE_COMPARE: '.,.,.|.,.,.', DATE_FORMAT: '.,.|.', DATE_TRUNC: '.,.|.', DATE_UTCTOLOCAL: '.,.|.',
  DATE_LOCALTOUTC: '.,.|.', DATE_TIMEZONE: '', DATE_TIMEZONES: '', DATE_ROUND: '.,.,.|.', DATE_NOW: '',
  // miscellaneous
  PASSTHRU: '.', NOT_NULL: '.|+', FIRST_LIST: '.|+', FIRST_DOCUMENT: '.|+', PARSE_IDENTIFIER: '.', PARSE_KEY: '.',
  PARSE_COLLECTION: '.', IS_SAME_COLLECTION: '.h,.h', DECODE_REV: '.', SHARD_ID: '.,.', V8: '.', SCHEMA_GET: '.',
  SCHEMA_VALIDATE: '.,.', VERSION: '', FAIL: '|.', NOOPT: '.', NOEVAL: '.', SLEEP: '.', COLLECTIONS: '',
  CURRENT_USER: '', CURRENT_DATABASE: '', CHECK_DOCUMENT: '.', COLLECTION_COUNT: '.h',
  ASSERT: '.,.', WARN: '.,.', NEAR: '.h,.,.|.,.', WITHIN: '.h,.,.,.|.', WITHIN_RECTANGLE: 'h.,.,.,.,.',
  FULLTEXT: '.h,.,.|.',
};

/** Registered by ArangoSearch (IResearchFeature) and the vector index: names only. */
const SEARCH_AND_VECTOR = [
  'EXISTS', 'STARTS_WITH', 'PHRASE', 'MIN_MATCH', 'BOOST', 'ANALYZER', 'BM25', 'TFIDF', 'OFFSET_INFO', 'TOKENS',
  'APPROX_NEAR_COSINE', 'APPROX_NEAR_L2', 'APPROX_NEAR_INNER_PRODUCT',
];

function arity(signature: string): [number, number] {
  const [mandatory = '', optional] = signature.split('|');
  const count = (s: string): number => s.split(',').filter((x) => x !== '').length;
  if (optional === undefined) return [count(mandatory), count(mandatory)];
  return [count(mandatory), optional.includes('+') ? Infinity : count(mandatory) + count(optional)];
}

let server: EmulatorCluster;
let u: string;
beforeAll(async () => {
  server = await startServer({ rootPassword: PASSWORD });
  u = server.urls[0] as string;
});
afterAll(() => server.close());

describe("ArangoDB 3.12's AQL function registry", () => {
  it('has every core function, with the arity the server declares', () => {
    const wrong: string[] = [];
    for (const [name, signature] of Object.entries(CORE)) {
      const f = lookupFunction(name);
      if (f === undefined) {
        wrong.push(`${name}: missing`);
        continue;
      }
      const [min, max] = arity(signature);
      if (f.min !== min || f.max !== max) wrong.push(`${name}: ${f.min}..${f.max}, server ${min}..${max}`);
    }
    expect(wrong).toEqual([]);
  });

  it('knows every ArangoSearch and vector function', () => {
    expect(SEARCH_AND_VECTOR.filter((n) => lookupFunction(n) === undefined)).toEqual([]);
  });

  it('offers no function the server does not have', () => {
    const known = new Set([...Object.keys(CORE), ...SEARCH_AND_VECTOR]);
    // SELECT_SHARD and INNER_PRODUCT: reserved names the emulator refuses as not supported
    expect(functionNames().filter((n) => !known.has(n) && n !== 'SELECT_SHARD' && n !== 'INNER_PRODUCT')).toEqual([]);
  });

  it('answers each unimplemented function with a distinct "not supported" error, never "unknown function"', async () => {
    // CALL and APPLY take a function name: CALL(null) is rightly "unknown function"
    for (const name of Object.keys(CORE).filter((n) => n !== 'CALL' && n !== 'APPLY')) {
      const [min] = arity(CORE[name] as string);
      const args = Array.from({ length: min }, () => 'null').join(', ');
      const r = await aqlRaw(u, `RETURN ${name}(${args})`);
      // anything but "unknown function" (1540): an answer, a warning, a typed error, or 501/9
      expect([name, r.json.errorNum]).not.toEqual([name, 1540]);
      if (r.status === 501) expect([name, r.json.errorNum]).toEqual([name, 9]);
    }
  });
});
