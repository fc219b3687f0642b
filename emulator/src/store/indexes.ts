import { httpError } from '../errors.js';
import { ArrayEntries, canonical, DuplicateInDocument, tuplesOf, type FieldPath } from './array-index.js';
import { SortedEntries } from './sorted-index.js';
import type { Doc, Json } from './types.js';

/**
 * Index definitions of a collection, in ArangoDB's response shapes, and the data structures that
 * enforce them: the unique map of unique persistent (and mdi) indexes, the edge map used for
 * `_from`/`_to` lookups, TTL expiry, and the sorted entries of persistent indexes that AQL reads
 * (sorted-index.ts), or of persistent indexes with array expansion (array-index.ts). Geo,
 * fulltext, inverted and vector indexes change no behaviour, so only their definitions are kept
 * (AQL scans; results are the same, only slower).
 */

export type IndexType =
  | 'primary'
  | 'edge'
  | 'persistent'
  | 'hash'
  | 'skiplist'
  | 'ttl'
  | 'geo'
  | 'fulltext'
  | 'inverted'
  | 'mdi'
  | 'mdi-prefixed'
  | 'zkd'
  | 'vector';

const CREATABLE: readonly string[] = [
  'persistent', 'hash', 'skiplist', 'ttl', 'geo', 'fulltext', 'inverted', 'mdi', 'mdi-prefixed', 'zkd', 'vector',
];

let indexIdCounter = 10_000;
/** A fresh numeric index id (ids are unique per server, like ArangoDB's ticks). */
export function newIndexId(): string {
  return String(++indexIdCounter);
}

let nameCounter = 1_775_847_842_145_894_400n;
function autoName(): string {
  nameCounter += 1_048_577n;
  return `idx_${nameCounter}`;
}

/** Reads a (possibly nested, `a.b.c`) attribute; undefined when a step is missing. */
export function getPath(doc: Record<string, Json>, path: readonly string[]): Json | undefined {
  let cur: Json | undefined = doc;
  for (const p of path) {
    if (cur === null || typeof cur !== 'object' || Array.isArray(cur)) return undefined;
    cur = cur[p];
  }
  return cur;
}

/**
 * An index field as TRI_ParseAttributeString reads it: `a.b`, or one expansion `a[*]` /
 * `a[*].b` (400 / 1220 for any other `[`, 400 / 10 for a second `[*]` or for `[*]` where the
 * index type has no expansion).
 */
export function parseField(f: string, allowExpansion: boolean): FieldPath {
  let found = -1;
  for (let pos = 0; pos < f.length; pos++) {
    if (f[pos] !== '[') continue;
    if (!allowExpansion) throw httpError(400, 'ERROR_BAD_PARAMETER', 'cannot use [*] expansion for this type of index');
    if (f.length - pos < 3 || f[pos + 1] !== '*' || f[pos + 2] !== ']' || (f.length - pos > 3 && f[pos + 3] !== '.')) {
      throw httpError(400, 'ERROR_ARANGO_ATTRIBUTE_PARSER_FAILED', 'can only use [*] for indexes');
    }
    if (found >= 0) throw httpError(400, 'ERROR_BAD_PARAMETER', 'cannot use multiple [*] expansions for a single index field');
    found = pos;
    pos += 3;
  }
  if (found < 0) return { head: f.split('.'), tail: null };
  const rest = f.slice(found + 4);
  return { head: f.slice(0, found).split('.'), tail: rest === '' ? [] : rest.split('.') };
}

/** Why a unique entry is held: by a committed document, or reserved by a running transaction. */
export interface Reservation {
  txId: string;
  key: string;
}

export class Index {
  readonly id: string;
  readonly name: string;
  readonly type: IndexType;
  readonly fields: string[];
  readonly unique: boolean;
  readonly sparse: boolean;
  /** Every other attribute of the definition as ArangoDB reports it (deduplicate, expireAfter, …). */
  readonly extra: Record<string, Json>;
  private readonly paths: FieldPath[];
  private readonly deduplicate: boolean;
  /** Unique indexes: encoded value → key of the committed document holding it. */
  readonly entries: Map<string, string> | null;
  /** Unique indexes: encoded value → the running transaction that wrote it. */
  readonly reserved: Map<string, Reservation> | null;
  /** Persistent indexes without array expansion: the entries AQL reads (use-indexes). */
  readonly sorted: SortedEntries | null;
  /** Persistent indexes with array expansion: their entries (array-index.ts). */
  readonly array: ArrayEntries | null;

  constructor(def: {
    id: string;
    name: string;
    type: IndexType;
    fields: string[];
    unique: boolean;
    sparse: boolean;
    extra?: Record<string, Json>;
  }) {
    this.id = def.id;
    this.name = def.name;
    this.type = def.type;
    this.fields = def.fields;
    this.unique = def.unique;
    this.sparse = def.sparse;
    this.extra = def.extra ?? {};
    // only persistent indexes expand arrays; other types keep their field names as written
    this.paths = def.fields.map((f) => (this.isPersistentLike ? parseField(f, true) : { head: f.split('.'), tail: null }));
    this.deduplicate = this.extra['deduplicate'] !== false;
    const enforced = this.unique && this.type !== 'primary';
    this.entries = enforced ? new Map() : null;
    this.reserved = enforced ? new Map() : null;
    const expanding = this.paths.some((p) => p.tail !== null);
    this.sorted = this.isPersistentLike && !expanding ? new SortedEntries(this.paths.map((p) => p.head), this.sparse) : null;
    this.array = this.isPersistentLike && expanding ? new ArrayEntries(this.paths, { sparse: this.sparse, unique: this.unique, deduplicate: this.deduplicate }) : null;
  }

  get isPersistentLike(): boolean {
    return this.type === 'persistent' || this.type === 'hash' || this.type === 'skiplist';
  }

  /** The index object of `GET /_api/index/…`, without error/code. */
  describe(collection: string, withStats = false, docCount = 0): Record<string, Json> {
    const d: Record<string, Json> = {};
    d['fields'] = this.type === 'inverted' ? this.extra['fields'] ?? this.fields : [...this.fields];
    d['id'] = `${collection}/${this.id}`;
    d['name'] = this.name;
    for (const [k, v] of Object.entries(this.extra)) if (k !== 'fields') d[k] = v;
    // mdi-prefixed indexes keep estimates (3.12.10 transcripts), plain mdi ones do not
    // a persistent index without estimates has none to report (hasSelectivityEstimate); one with
    // them reports distinct / indexed values, as the server's estimator approximates
    if (this.type === 'primary' || this.type === 'edge' || this.type === 'mdi-prefixed') d['selectivityEstimate'] = 1;
    else if (this.isPersistentLike && (this.unique || this.extra['estimates'] !== false)) {
      const entries = this.sorted ?? this.array;
      d['selectivityEstimate'] = this.unique || !entries ? 1 : entries.selectivity();
    }
    d['sparse'] = this.sparse;
    d['type'] = this.type;
    d['unique'] = this.unique;
    if (withStats) d['figures'] = { memory: docCount * 64, cacheInUse: false, cacheSize: 0, cacheUsage: 0 };
    return d;
  }

  /**
   * Encoded index values of a document (several with array expansion), or null when the index
   * leaves the document out. Non-sparse indexes index a missing attribute as null. Values AQL
   * compares equal encode alike (the unique index compares VPack by value: object key order
   * does not matter). `strict`: a unique index with `deduplicate: false` refuses repeated array
   * elements (409 / 1210 without a conflicting key, as RocksDBVPackIndex::insert reports it).
   */
  valuesOf(doc: Record<string, Json>, strict = false): string[] | null {
    let tuples;
    try {
      tuples = tuplesOf(doc, this.paths, { sparse: this.sparse, unique: this.unique, deduplicate: this.deduplicate || !strict });
    } catch (e) {
      if (e instanceof DuplicateInDocument) {
        throw httpError(409, 'ERROR_ARANGO_UNIQUE_CONSTRAINT_VIOLATED', `unique constraint violated - in index ${this.name} of type ${this.type} over '${this.fields.join(', ')}'`);
      }
      throw e;
    }
    if (tuples.length === 0) return null;
    return tuples.map((t) => t.map(canonical).join('\u0001'));
  }

  violation(conflictingKey: string): Error {
    return httpError(
      409,
      'ERROR_ARANGO_UNIQUE_CONSTRAINT_VIOLATED',
      `unique constraint violated - in index ${this.name} of type ${this.type} over '${this.fields.join(', ')}'; conflicting key: ${conflictingKey}`,
    );
  }

  /** Whether two definitions describe the same index (then creation returns the existing one). */
  sameAs(other: Index): boolean {
    const kind = (t: IndexType): string => (t === 'hash' || t === 'skiplist' ? 'persistent' : t === 'zkd' ? 'mdi' : t);
    if (kind(this.type) !== kind(other.type)) return false;
    if (this.fields.join('\u0000') !== other.fields.join('\u0000')) return false;
    if (this.type === 'inverted') return JSON.stringify(this.extra['fields']) === JSON.stringify(other.extra['fields']);
    if (this.type === 'ttl' || this.type === 'geo' || this.type === 'fulltext' || this.type === 'vector') {
      return this.type !== 'geo' || this.extra['geoJson'] === other.extra['geoJson'];
    }
    if (this.type === 'mdi-prefixed' && JSON.stringify(this.extra['prefixFields']) !== JSON.stringify(other.extra['prefixFields'])) {
      return false;
    }
    return this.unique === other.unique && this.sparse === other.sparse;
  }
}

export function primaryIndex(): Index {
  return new Index({ id: '0', name: 'primary', type: 'primary', fields: ['_key'], unique: true, sparse: false });
}

export function edgeIndex(): Index {
  // ArangoDB reports one edge index over both attributes, with id 1 and 2 internally merged.
  return new Index({ id: '1', name: 'edge', type: 'edge', fields: ['_from', '_to'], unique: false, sparse: false });
}

function bool(def: Record<string, unknown>, name: string, dflt: boolean): boolean {
  const v = def[name];
  if (v === undefined || v === null) return dflt;
  if (typeof v !== 'boolean') throw httpError(400, 'ERROR_BAD_PARAMETER', `'${name}' must be a boolean`);
  return v;
}

function stringList(v: unknown, what: string): string[] {
  if (!Array.isArray(v) || v.some((f) => typeof f !== 'string' || f === '')) {
    throw httpError(400, 'ERROR_BAD_PARAMETER', `'${what}' must be an array of non-empty strings`);
  }
  return v as string[];
}

/**
 * IndexFactory::validateFieldsDefinition, then TRI_ParseAttributeString over every field (whose
 * `[*]` errors parseField raises).
 */
function checkFields(fields: string[], allowExpansion: boolean): void {
  const seen = new Set<string>();
  for (const f of fields) {
    if (seen.has(f)) throw httpError(400, 'ERROR_BAD_PARAMETER', 'duplicate attribute name in index fields list');
    seen.add(f);
    if (/^(.+\.)?_id$/.test(f)) throw httpError(400, 'ERROR_BAD_PARAMETER', '_id attribute cannot be indexed');
  }
  for (const f of fields) parseField(f, allowExpansion);
}

/** storedValues are parsed without expansion, and must not repeat a field (processIndexStoredValues). */
function storedValues(def: Record<string, unknown>, extra: Record<string, Json>, fields: readonly string[]): void {
  if (def['storedValues'] === undefined) return;
  const values = stringList(def['storedValues'], 'storedValues');
  if (values.length > 0) {
    const all = new Set(values);
    if (all.size < values.length) throw httpError(400, 'ERROR_BAD_PARAMETER', 'duplicate attribute name in index fields list');
    for (const f of fields) {
      if (all.has(f)) {
        throw httpError(400, 'ERROR_BAD_PARAMETER', 'duplicate attribute name (overlap between index fields and index stored values list)');
      }
    }
    for (const v of values) parseField(v, false);
  }
  extra['storedValues'] = values;
}

/**
 * Builds an index from a `POST /_api/index` body, validating it as ArangoDB does
 * (400 / ERROR_BAD_PARAMETER for bad attributes).
 */
export function indexFromDefinition(body: unknown, existingNames: Set<string>): Index {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw httpError(400, 'ERROR_BAD_PARAMETER', 'expecting JSON object as index definition');
  }
  const def = body as Record<string, unknown>;
  const type = def['type'];
  if (typeof type !== 'string') throw httpError(400, 'ERROR_BAD_PARAMETER', "invalid index type: 'type' is required");
  if (type === 'primary' || type === 'edge') {
    throw httpError(400, 'ERROR_BAD_PARAMETER', `cannot create index of type '${type}'`);
  }
  if (!CREATABLE.includes(type)) throw httpError(400, 'ERROR_BAD_PARAMETER', `invalid index type '${type}'`);
  let name: string;
  if (def['name'] !== undefined) {
    if (typeof def['name'] !== 'string' || !isValidIndexName(def['name'])) {
      throw httpError(400, 'ERROR_ARANGO_ILLEGAL_NAME', 'illegal index name');
    }
    name = def['name'];
  } else {
    do name = autoName();
    while (existingNames.has(name));
  }
  const extra: Record<string, Json> = {};
  let fields: string[];
  let unique = false;
  let sparse = false;
  switch (type) {
    case 'persistent':
    case 'hash':
    case 'skiplist': {
      fields = stringList(def['fields'], 'fields');
      if (fields.length === 0) throw httpError(400, 'ERROR_BAD_PARAMETER', 'index fields must not be empty');
      checkFields(fields, true);
      unique = bool(def, 'unique', false);
      sparse = bool(def, 'sparse', false);
      extra['cacheEnabled'] = bool(def, 'cacheEnabled', false);
      extra['deduplicate'] = bool(def, 'deduplicate', true);
      extra['estimates'] = bool(def, 'estimates', true);
      storedValues(def, extra, fields);
      break;
    }
    case 'ttl': {
      fields = stringList(def['fields'], 'fields');
      if (fields.length !== 1) throw httpError(400, 'ERROR_BAD_PARAMETER', 'ttl index must have exactly one field');
      checkFields(fields, false);
      const expireAfter = def['expireAfter'];
      if (typeof expireAfter !== 'number' || !Number.isFinite(expireAfter) || expireAfter < 0) {
        throw httpError(400, 'ERROR_BAD_PARAMETER', "'expireAfter' attribute must be a number >= 0");
      }
      if (def['unique'] === true) throw httpError(400, 'ERROR_BAD_PARAMETER', 'ttl index cannot be unique');
      sparse = true;
      extra['estimates'] = false;
      extra['expireAfter'] = expireAfter;
      break;
    }
    case 'geo': {
      fields = stringList(def['fields'], 'fields');
      if (fields.length !== 1 && fields.length !== 2) {
        throw httpError(400, 'ERROR_BAD_PARAMETER', 'geo index must have one or two fields');
      }
      checkFields(fields, false);
      const geoJson = bool(def, 'geoJson', false);
      sparse = true;
      extra['bestIndexedLevel'] = 17;
      extra['geoJson'] = geoJson;
      extra['legacyPolygons'] = bool(def, 'legacyPolygons', false);
      extra['maxNumCoverCells'] = 8;
      extra['worstIndexedLevel'] = 4;
      break;
    }
    case 'fulltext': {
      fields = stringList(def['fields'], 'fields');
      if (fields.length !== 1) throw httpError(400, 'ERROR_BAD_PARAMETER', 'fulltext index must have exactly one field');
      checkFields(fields, false);
      const minLength = def['minLength'] ?? 2;
      if (typeof minLength !== 'number' || !Number.isInteger(minLength) || minLength < 1) {
        throw httpError(400, 'ERROR_BAD_PARAMETER', "'minLength' must be a positive integer");
      }
      sparse = true;
      extra['minLength'] = minLength;
      break;
    }
    case 'mdi':
    case 'mdi-prefixed':
    case 'zkd': {
      fields = stringList(def['fields'], 'fields');
      if (fields.length === 0) throw httpError(400, 'ERROR_BAD_PARAMETER', 'index fields must not be empty');
      checkFields(fields, false);
      if (def['fieldValueTypes'] !== 'double') {
        throw httpError(400, 'ERROR_BAD_PARAMETER', "'fieldValueTypes' must be set to 'double'");
      }
      unique = bool(def, 'unique', false);
      sparse = bool(def, 'sparse', false);
      extra['fieldValueTypes'] = 'double';
      extra['estimates'] = bool(def, 'estimates', type !== 'zkd');
      if (type === 'mdi-prefixed') {
        const prefix = stringList(def['prefixFields'], 'prefixFields');
        if (prefix.length === 0) throw httpError(400, 'ERROR_BAD_PARAMETER', "'prefixFields' must not be empty");
        extra['prefixFields'] = prefix;
      } else if (def['prefixFields'] !== undefined) {
        throw httpError(400, 'ERROR_BAD_PARAMETER', "'prefixFields' requires type 'mdi-prefixed'");
      }
      storedValues(def, extra, fields);
      break;
    }
    case 'vector': {
      fields = stringList(def['fields'], 'fields');
      if (fields.length !== 1) throw httpError(400, 'ERROR_BAD_PARAMETER', 'vector index must have exactly one field');
      checkFields(fields, false);
      const params = def['params'];
      if (params === null || typeof params !== 'object' || Array.isArray(params)) {
        throw httpError(400, 'ERROR_BAD_PARAMETER', "'params' must be an object");
      }
      const p = params as Record<string, unknown>;
      if (!['cosine', 'innerProduct', 'l2'].includes(String(p['metric']))) {
        throw httpError(400, 'ERROR_BAD_PARAMETER', "'params.metric' must be one of cosine, innerProduct, l2");
      }
      if (typeof p['dimension'] !== 'number' || !Number.isInteger(p['dimension']) || p['dimension'] < 1) {
        throw httpError(400, 'ERROR_BAD_PARAMETER', "'params.dimension' must be a positive integer");
      }
      sparse = bool(def, 'sparse', false);
      extra['params'] = params as Json;
      extra['parallelism'] = typeof def['parallelism'] === 'number' ? def['parallelism'] : 2;
      extra['inBackground'] = bool(def, 'inBackground', false);
      storedValues(def, extra, fields);
      break;
    }
    default: {
      // inverted
      const raw = def['fields'];
      if (!Array.isArray(raw) || raw.length === 0) {
        throw httpError(400, 'ERROR_BAD_PARAMETER', "'fields' must be a non-empty array");
      }
      const normalized: Json[] = [];
      fields = [];
      for (const f of raw as unknown[]) {
        if (typeof f === 'string' && f !== '') {
          normalized.push({ name: f });
          fields.push(f);
        } else if (f && typeof f === 'object' && !Array.isArray(f) && typeof (f as Record<string, unknown>)['name'] === 'string') {
          const field = { ...(f as Record<string, Json>) };
          // a field with its own analyzer reports that analyzer's features (3.12.10 transcripts)
          if (typeof field['analyzer'] === 'string' && field['features'] === undefined) field['features'] = analyzerFeatures(field['analyzer']);
          normalized.push(field);
          fields.push((f as Record<string, string>)['name'] as string);
        } else {
          throw httpError(400, 'ERROR_BAD_PARAMETER', 'inverted index fields must be strings or objects with a name');
        }
      }
      sparse = true;
      extra['fields'] = normalized;
      extra['searchField'] = bool(def, 'searchField', false);
      // The caches are Enterprise Edition options: reported only when asked for.
      if (def['cache'] !== undefined) extra['cache'] = bool(def, 'cache', false);
      if (def['primaryKeyCache'] !== undefined) extra['primaryKeyCache'] = bool(def, 'primaryKeyCache', false);
      extra['storedValues'] = Array.isArray(def['storedValues']) ? (def['storedValues'] as Json[]) : [];
      extra['primarySort'] =
        def['primarySort'] && typeof def['primarySort'] === 'object'
          ? (def['primarySort'] as Json)
          : { fields: [], compression: 'lz4' };
      extra['analyzer'] = typeof def['analyzer'] === 'string' ? def['analyzer'] : 'identity';
      extra['features'] = Array.isArray(def['features']) ? (def['features'] as Json[]) : analyzerFeatures(extra['analyzer'] as string);
      extra['includeAllFields'] = bool(def, 'includeAllFields', false);
      extra['trackListPositions'] = bool(def, 'trackListPositions', false);
      extra['version'] = 1;
      for (const k of [
        'consolidationIntervalMsec', 'commitIntervalMsec', 'cleanupIntervalStep', 'writebufferIdle',
        'writebufferActive', 'writebufferSizeMax', 'consolidationPolicy', 'optimizeTopK',
      ]) {
        if (def[k] !== undefined) extra[k] = def[k] as Json;
      }
      // 3.12.7+ defaults of inverted indexes (docs-hugo#839; the 3.12.10 transcripts show 5000)
      extra['consolidationIntervalMsec'] ??= 5000;
      extra['commitIntervalMsec'] ??= 1000;
      extra['optimizeTopK'] ??= [];
      extra['cleanupIntervalStep'] ??= 2;
      extra['writebufferIdle'] ??= 64;
      extra['writebufferActive'] ??= 0;
      extra['writebufferSizeMax'] ??= 33554432;
      extra['consolidationPolicy'] ??= { type: 'tier', segmentsBytesMax: 8589934592, maxSkewThreshold: 0.4, minDeletionRatio: 0.5 };
    }
  }
  return new Index({ id: newIndexId(), name, type: type as IndexType, fields, unique, sparse, extra });
}

/** Index names follow the collection naming rules (extended names, as 3.12 enables by default). */
export function isValidIndexName(name: string): boolean {
  // eslint-disable-next-line no-control-regex
  return name.length > 0 && Buffer.byteLength(name) <= 256 && !/[/\u0000-\u001f\u007f]/.test(name) && name.trim() === name && !/^[0-9]/.test(name);
}

/**
 * Seconds since the epoch at which a document expires under a TTL index, or undefined when the
 * attribute holds no usable date (ArangoDB ignores such documents: numbers are seconds since the
 * epoch, strings are ISO 8601 dates).
 */
export function expiryOf(doc: Doc, index: Index): number | undefined {
  const raw = getPath(doc, (index.fields[0] ?? '').split('.'));
  let t: number | undefined;
  if (typeof raw === 'number' && Number.isFinite(raw)) t = raw;
  else if (typeof raw === 'string') {
    const ms = Date.parse(raw);
    if (!Number.isNaN(ms)) t = ms / 1000;
  }
  if (t === undefined) return undefined;
  return t + (index.extra['expireAfter'] as number);
}

/** The features of a built-in analyzer, as an inverted index reports them for a field. */
function analyzerFeatures(analyzer: string): Json[] {
  return /^(?:_system::)?text_/.test(analyzer) ? ['frequency', 'position', 'norm'] : ['frequency', 'norm'];
}
