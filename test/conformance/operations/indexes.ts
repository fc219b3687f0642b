/** Indexes: one of each type through arangots' helpers vs arangojs' ensureIndex, listing, reading, dropping. */
import { untyped, type Op, type Side } from '../harness.js';

const coll = 'docs';

/** Remembers an index id (`coll/123`) under `label` and marks its number for comparison. */
function keepIndex<DB>(s: Side<DB>, label: string, res: unknown): void {
  const id = (res as { id?: unknown } | undefined)?.id;
  if (typeof id !== 'string') return;
  s.set(`index:${label}`, id);
  s.mark(id.slice(id.indexOf('/') + 1), `index:${label}`);
}

export const indexOps: Op[] = [
  {
    area: 'indexes',
    name: 'persistent index with every option',
    ts: async (s) =>
      keepIndex(
        s,
        'p',
        await s.db.collection(s.n(coll)).addPersistentIndex(['v', 'w'], {
          name: 'byV',
          unique: false,
          sparse: true,
          deduplicate: false,
          estimates: true,
          cacheEnabled: true,
          storedValues: ['x'],
          inBackground: true,
        }),
      ),
    js: async (s) =>
      keepIndex(
        s,
        'p',
        await s.db.collection(s.n(coll)).ensureIndex({
          type: 'persistent',
          fields: ['v', 'w'],
          name: 'byV',
          unique: false,
          sparse: true,
          deduplicate: false,
          estimates: true,
          cacheEnabled: true,
          storedValues: ['x'],
          inBackground: true,
        }),
      ),
  },
  {
    area: 'indexes',
    name: 'ttl index',
    ts: async (s) => keepIndex(s, 'ttl', await s.db.collection(s.n(coll)).addTtlIndex('expiresAt', 3600, { name: 'ttl' })),
    js: async (s) => keepIndex(s, 'ttl', await s.db.collection(s.n(coll)).ensureIndex({ type: 'ttl', fields: ['expiresAt'], expireAfter: 3600, name: 'ttl' })),
  },
  {
    area: 'indexes',
    name: 'geo index geoJson',
    ts: (s) => s.db.collection(s.n(coll)).addGeoIndex(['loc'], { geoJson: true, legacyPolygons: false }),
    js: (s) => s.db.collection(s.n(coll)).ensureIndex({ type: 'geo', fields: ['loc'], geoJson: true, legacyPolygons: false }),
  },
  {
    area: 'indexes',
    name: 'geo index lat/lon',
    ts: (s) => s.db.collection(s.n(coll)).addGeoIndex(['lat', 'lon']),
    js: (s) => s.db.collection(s.n(coll)).ensureIndex({ type: 'geo', fields: ['lat', 'lon'] }),
  },
  {
    area: 'indexes',
    name: 'fulltext index',
    ts: (s) => s.db.collection(s.n(coll)).addFulltextIndex('text', { minLength: 3 }),
    js: (s) => s.db.collection(s.n(coll)).ensureIndex(untyped({ type: 'fulltext', fields: ['text'], minLength: 3 })),
  },
  {
    area: 'indexes',
    name: 'inverted index',
    ts: (s) =>
      s.db.collection(s.n(coll)).addInvertedIndex([{ name: 'title', analyzer: 'text_en' }, 'tags'], {
        name: 'inv',
        includeAllFields: false,
        primarySort: { fields: [{ field: 'title', direction: 'asc' }] },
        storedValues: [{ fields: ['tags'] }],
      }),
    js: (s) =>
      s.db.collection(s.n(coll)).ensureIndex({
        type: 'inverted',
        fields: [{ name: 'title', analyzer: 'text_en' }, 'tags'],
        name: 'inv',
        includeAllFields: false,
        primarySort: { fields: [{ field: 'title', direction: 'asc' }] },
        storedValues: [{ fields: ['tags'] }],
      }),
  },
  {
    area: 'indexes',
    name: 'mdi index',
    ts: (s) => s.db.collection(s.n(coll)).addMdiIndex(['x', 'y'], { fieldValueTypes: 'double', unique: false, sparse: false }),
    js: (s) => s.db.collection(s.n(coll)).ensureIndex({ type: 'mdi', fields: ['x', 'y'], fieldValueTypes: 'double', unique: false, sparse: false }),
  },
  {
    area: 'indexes',
    name: 'mdi-prefixed index',
    ts: (s) => s.db.collection(s.n(coll)).addMdiIndex(['x', 'y'], { prefixed: true, prefixFields: ['p'], fieldValueTypes: 'double', storedValues: ['z'] }),
    js: (s) =>
      s.db.collection(s.n(coll)).ensureIndex({ type: 'mdi-prefixed', fields: ['x', 'y'], prefixFields: ['p'], fieldValueTypes: 'double', storedValues: ['z'] }),
  },
  {
    area: 'indexes',
    name: 'zkd index (pre-3.12 name)',
    ts: (s) => s.db.collection(s.n(coll)).addZkdIndex(['zx', 'zy']),
    js: (s) => s.db.collection(s.n(coll)).ensureIndex(untyped({ type: 'zkd', fields: ['zx', 'zy'], fieldValueTypes: 'double' })),
  },
  {
    area: 'indexes',
    name: 'vector index',
    ts: (s) =>
      s.db.collection(s.n(coll)).addVectorIndex('embedding', { metric: 'cosine', dimension: 4, nLists: 1, defaultNProbe: 1, trainingIterations: 10 }, { name: 'vec', sparse: true }),
    js: (s) =>
      s.db.collection(s.n(coll)).ensureIndex({
        type: 'vector',
        fields: ['embedding'],
        params: { metric: 'cosine', dimension: 4, nLists: 1, defaultNProbe: 1, trainingIterations: 10 },
        name: 'vec',
        sparse: true,
      }),
  },
  {
    area: 'indexes',
    name: 'list indexes',
    ts: (s) => s.db.collection(s.n(coll)).indexes(),
    js: (s) => s.db.collection(s.n(coll)).indexes(),
  },
  {
    area: 'indexes',
    name: 'list indexes withStats withHidden',
    ts: (s) => s.db.collection(s.n(coll)).indexes({ withStats: true, withHidden: true }),
    js: (s) => s.db.collection(s.n(coll)).indexes({ withStats: true, withHidden: true }),
  },
  {
    area: 'indexes',
    name: 'get index by id',
    ts: (s) => s.db.collection(s.n(coll)).index(s.get<string>('index:p')),
    js: (s) => s.db.collection(s.n(coll)).index(s.get<string>('index:p')),
  },
  {
    area: 'indexes',
    name: 'get index by name',
    ts: (s) => s.db.collection(s.n(coll)).index('byV'),
    js: (s) => s.db.collection(s.n(coll)).index('byV'),
  },
  {
    area: 'indexes',
    name: 'drop index',
    ts: (s) => s.db.collection(s.n(coll)).deleteIndex(s.get<string>('index:ttl')),
    js: (s) => s.db.collection(s.n(coll)).dropIndex(s.get<string>('index:ttl')),
  },
  {
    area: 'indexes',
    name: 'drop missing index (404)',
    expectStatus: 404,
    ts: (s) => s.db.collection(s.n(coll)).deleteIndex(s.get<string>('index:ttl')),
    js: (s) => s.db.collection(s.n(coll)).dropIndex(s.get<string>('index:ttl')),
  },
];
