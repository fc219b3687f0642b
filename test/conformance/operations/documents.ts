/**
 * Documents: every option of the single and many calls, revisions (If-Match / If-None-Match /
 * ignoreRevs), dirty reads, import and the edges API. Works on the `docs` and `edges`
 * collections made by the collection operations.
 */
import { expect } from 'vitest';
import { untyped, type Op, type Side } from '../harness.js';

/** Remembers the `_rev` a write answered, under `key`, and marks it for comparison. */
function keepRev<DB>(s: Side<DB>, key: string, res: unknown): void {
  const rev = (res as { _rev?: unknown } | undefined)?._rev;
  if (typeof rev === 'string') {
    s.set(`rev:${key}`, rev);
    s.mark(rev, `rev:${key}`);
  }
}

function etag<DB>(s: Side<DB>, key: string): string {
  return `"${s.get<string>(`rev:${key}`)}"`;
}

const docs = 'docs';

export const documentOps: Op[] = [
  {
    area: 'documents',
    name: 'insert',
    ts: async (s) => keepRev(s, 'a', await s.db.collection(s.n(docs)).insert({ _key: 'a', v: 1, nested: { x: 1 } })),
    js: async (s) => keepRev(s, 'a', await s.db.collection(s.n(docs)).save({ _key: 'a', v: 1, nested: { x: 1 } })),
  },
  {
    area: 'documents',
    name: 'insert returnNew waitForSync',
    ts: async (s) => keepRev(s, 'b', await s.db.collection(s.n(docs)).insert({ _key: 'b', v: 2 }, { returnNew: true, waitForSync: true })),
    js: async (s) => keepRev(s, 'b', await s.db.collection(s.n(docs)).save({ _key: 'b', v: 2 }, { returnNew: true, waitForSync: true })),
  },
  {
    area: 'documents',
    name: 'insert silent',
    ts: (s) => s.db.collection(s.n(docs)).insert({ _key: 'c', v: 3 }, { silent: true }),
    js: (s) => s.db.collection(s.n(docs)).save({ _key: 'c', v: 3 }, { silent: true }),
  },
  {
    area: 'documents',
    name: 'insert overwriteMode update keepNull mergeObjects returnOld',
    ts: async (s) =>
      keepRev(
        s,
        'a',
        await s.db
          .collection(s.n(docs))
          .insert({ _key: 'a', w: null, nested: { y: 2 } }, { overwriteMode: 'update', keepNull: false, mergeObjects: false, returnOld: true }),
      ),
    js: async (s) =>
      keepRev(
        s,
        'a',
        await s.db
          .collection(s.n(docs))
          .save({ _key: 'a', w: null, nested: { y: 2 } }, { overwriteMode: 'update', keepNull: false, mergeObjects: false, returnOld: true }),
      ),
  },
  {
    area: 'documents',
    name: 'insert overwriteMode replace',
    ts: async (s) => keepRev(s, 'c', await s.db.collection(s.n(docs)).insert({ _key: 'c', v: 30 }, { overwriteMode: 'replace' })),
    js: async (s) => keepRev(s, 'c', await s.db.collection(s.n(docs)).save({ _key: 'c', v: 30 }, { overwriteMode: 'replace' })),
  },
  {
    area: 'documents',
    name: 'insert overwriteMode ignore',
    ts: (s) => s.db.collection(s.n(docs)).insert({ _key: 'c', v: 31 }, { overwriteMode: 'ignore' }),
    js: (s) => s.db.collection(s.n(docs)).save({ _key: 'c', v: 31 }, { overwriteMode: 'ignore' }),
  },
  {
    area: 'documents',
    name: 'insert overwriteMode conflict (409)',
    expectStatus: 409,
    ts: (s) => s.db.collection(s.n(docs)).insert({ _key: 'c', v: 32 }, { overwriteMode: 'conflict' }),
    js: (s) => s.db.collection(s.n(docs)).save({ _key: 'c', v: 32 }, { overwriteMode: 'conflict' }),
  },
  {
    area: 'documents',
    name: 'insert overwrite (legacy) refillIndexCaches',
    ts: async (s) => keepRev(s, 'c', await s.db.collection(s.n(docs)).insert({ _key: 'c', v: 33 }, { overwrite: true, refillIndexCaches: true })),
    js: async (s) => keepRev(s, 'c', await s.db.collection(s.n(docs)).save({ _key: 'c', v: 33 }, untyped({ overwrite: true, refillIndexCaches: true }))),
  },
  {
    area: 'documents',
    name: 'insert versionAttribute',
    ts: async (s) => keepRev(s, 'ver', await s.db.collection(s.n(docs)).insert({ _key: 'ver', version: 1 }, { overwriteMode: 'replace', versionAttribute: 'version' })),
    js: async (s) => keepRev(s, 'ver', await s.db.collection(s.n(docs)).save({ _key: 'ver', version: 1 }, { overwriteMode: 'replace', versionAttribute: 'version' })),
  },
  {
    area: 'documents',
    name: 'get by key',
    ts: (s) => s.db.collection(s.n(docs)).get('a'),
    js: (s) => s.db.collection(s.n(docs)).document('a'),
  },
  {
    area: 'documents',
    name: 'get by _id',
    ts: (s) => s.db.collection(s.n(docs)).get(`${s.n(docs)}/b`),
    js: (s) => s.db.collection(s.n(docs)).document(`${s.n(docs)}/b`),
  },
  {
    area: 'documents',
    name: 'get with If-Match',
    ts: (s) => s.db.collection(s.n(docs)).get('a', { rev: s.get<string>('rev:a') }),
    js: (s) => s.db.collection(s.n(docs)).document('a', { ifMatch: etag(s, 'a') }),
  },
  {
    area: 'documents',
    name: 'get with If-None-Match (304)',
    expectStatus: 304,
    ts: (s) => s.db.collection(s.n(docs)).get('a', { ifNoneMatch: s.get<string>('rev:a') }),
    js: (s) => s.db.collection(s.n(docs)).document('a', { ifNoneMatch: etag(s, 'a') }),
  },
  {
    area: 'documents',
    name: 'get with stale If-Match (412)',
    expectStatus: 412,
    ts: (s) => s.db.collection(s.n(docs)).get('a', { rev: s.get<string>('rev:b') }),
    js: (s) => s.db.collection(s.n(docs)).document('a', { ifMatch: etag(s, 'b') }),
  },
  {
    area: 'documents',
    name: 'get allowDirtyRead',
    ts: (s) => s.db.collection(s.n(docs)).get('b', { allowDirtyRead: true }),
    js: (s) => s.db.collection(s.n(docs)).document('b', { allowDirtyRead: true }),
  },
  {
    area: 'documents',
    name: 'get missing, graceful',
    expectStatus: 404,
    ts: (s) => s.db.collection(s.n(docs)).get('nope'),
    js: (s) => s.db.collection(s.n(docs)).document('nope', { graceful: true }),
  },
  {
    area: 'documents',
    name: 'has (HEAD)',
    ts: (s) => s.db.collection(s.n(docs)).has('a'),
    js: (s) => s.db.collection(s.n(docs)).documentExists('a'),
  },
  {
    area: 'documents',
    name: 'has with If-Match',
    ts: (s) => s.db.collection(s.n(docs)).has('a', { rev: s.get<string>('rev:a') }),
    js: (s) => s.db.collection(s.n(docs)).documentExists('a', { ifMatch: etag(s, 'a') }),
  },
  {
    area: 'documents',
    name: 'has missing (HEAD 404)',
    expectStatus: 404,
    ts: (s) => s.db.collection(s.n(docs)).has('nope'),
    js: (s) => s.db.collection(s.n(docs)).documentExists('nope'),
  },
  {
    area: 'documents',
    name: 'replace returnOld returnNew',
    ts: async (s) => keepRev(s, 'b', await s.db.collection(s.n(docs)).replace('b', { v: 20 }, { returnOld: true, returnNew: true })),
    js: async (s) => keepRev(s, 'b', await s.db.collection(s.n(docs)).replace('b', { v: 20 }, { returnOld: true, returnNew: true })),
  },
  {
    area: 'documents',
    name: 'replace with If-Match',
    ts: async (s) => keepRev(s, 'b', await s.db.collection(s.n(docs)).replace('b', { v: 21 }, { rev: s.get<string>('rev:b') })),
    js: async (s) => keepRev(s, 'b', await s.db.collection(s.n(docs)).replace('b', { v: 21 }, { ifMatch: etag(s, 'b') })),
  },
  {
    area: 'documents',
    name: 'replace ignoreRevs false (stale _rev in body, 412)',
    expectStatus: 412,
    ts: (s) => s.db.collection(s.n(docs)).replace('b', { _rev: s.get<string>('rev:a'), v: 22 }, { ignoreRevs: false, checkRev: true }),
    js: (s) => s.db.collection(s.n(docs)).replace('b', { _rev: s.get<string>('rev:a'), v: 22 }, { ignoreRevs: false }),
  },
  {
    area: 'documents',
    name: 'replace silent waitForSync refillIndexCaches',
    ts: (s) => s.db.collection(s.n(docs)).replace('c', { v: 23 }, { silent: true, waitForSync: true, refillIndexCaches: true }),
    js: (s) => s.db.collection(s.n(docs)).replace('c', { v: 23 }, { silent: true, waitForSync: true, refillIndexCaches: true }),
  },
  {
    area: 'documents',
    name: 'update keepNull mergeObjects returnNew returnOld',
    ts: async (s) =>
      keepRev(s, 'a', await s.db.collection(s.n(docs)).update('a', { z: null, nested: { q: 1 } }, { keepNull: false, mergeObjects: true, returnNew: true, returnOld: true })),
    js: async (s) =>
      keepRev(s, 'a', await s.db.collection(s.n(docs)).update('a', { z: null, nested: { q: 1 } }, { keepNull: false, mergeObjects: true, returnNew: true, returnOld: true })),
  },
  {
    area: 'documents',
    name: 'update with If-Match',
    ts: async (s) => keepRev(s, 'a', await s.db.collection(s.n(docs)).update('a', { u: 1 }, { rev: s.get<string>('rev:a') })),
    js: async (s) => keepRev(s, 'a', await s.db.collection(s.n(docs)).update('a', { u: 1 }, { ifMatch: etag(s, 'a') })),
  },
  {
    area: 'documents',
    name: 'update silent waitForSync',
    ts: (s) => s.db.collection(s.n(docs)).update('a', { u: 2 }, { silent: true, waitForSync: true }),
    js: (s) => s.db.collection(s.n(docs)).update('a', { u: 2 }, { silent: true, waitForSync: true }),
  },
  {
    area: 'documents',
    name: 'update versionAttribute',
    ts: (s) => s.db.collection(s.n(docs)).update('ver', { version: 2 }, { versionAttribute: 'version' }),
    js: (s) => s.db.collection(s.n(docs)).update('ver', { version: 2 }, { versionAttribute: 'version' }),
  },
  {
    area: 'documents',
    name: 'update missing (404)',
    expectStatus: 404,
    ts: (s) => s.db.collection(s.n(docs)).update('nope', { u: 1 }),
    js: (s) => s.db.collection(s.n(docs)).update('nope', { u: 1 }),
  },
  {
    area: 'documents',
    name: 'getMany',
    ts: (s) => s.db.collection(s.n(docs)).getMany(['a', 'b', 'nope']),
    js: (s) => s.db.collection(s.n(docs)).documents(['a', 'b', 'nope']),
  },
  {
    area: 'documents',
    name: 'getMany allowDirtyRead',
    ts: (s) => s.db.collection(s.n(docs)).getMany(['a'], { allowDirtyRead: true }),
    js: (s) => s.db.collection(s.n(docs)).documents(['a'], { allowDirtyRead: true }),
  },
  {
    area: 'documents',
    // arangots sends selector objects as keys, which PUT /_api/document?onlyget=true takes as well.
    name: 'getMany with selector objects',
    ts: (s) => s.db.collection(s.n(docs)).getMany([{ _key: 'a' }, { _id: `${s.n(docs)}/c` }]),
    js: (s) => s.db.collection(s.n(docs)).documents(['a', 'c']),
  },
  {
    area: 'documents',
    name: 'get by selector object',
    ts: (s) => s.db.collection(s.n(docs)).get({ _key: 'a' }),
    js: (s) => s.db.collection(s.n(docs)).document({ _key: 'a' }),
  },
  {
    area: 'documents',
    name: 'insertMany returnNew',
    ts: (s) => s.db.collection(s.n(docs)).insertMany([{ _key: 'm1', v: 1 }, { _key: 'm2', v: 2 }, { _key: 'm3', v: 3 }], { returnNew: true }),
    js: (s) => s.db.collection(s.n(docs)).saveAll([{ _key: 'm1', v: 1 }, { _key: 'm2', v: 2 }, { _key: 'm3', v: 3 }], { returnNew: true }),
  },
  {
    area: 'documents',
    name: 'insertMany overwriteMode update silent',
    ts: (s) => s.db.collection(s.n(docs)).insertMany([{ _key: 'm1', w: 1 }], { overwriteMode: 'update', silent: true }),
    js: (s) => s.db.collection(s.n(docs)).saveAll([{ _key: 'm1', w: 1 }], { overwriteMode: 'update', silent: true }),
  },
  {
    area: 'documents',
    name: 'replaceMany returnOld',
    ts: (s) => s.db.collection(s.n(docs)).replaceMany([{ _key: 'm1', v: 10 }, { _key: 'm2', v: 20 }], { returnOld: true }),
    js: (s) => s.db.collection(s.n(docs)).replaceAll([{ _key: 'm1', v: 10 }, { _key: 'm2', v: 20 }], { returnOld: true }),
  },
  {
    area: 'documents',
    name: 'replaceMany ignoreRevs false',
    ts: (s) => s.db.collection(s.n(docs)).replaceMany([{ _key: 'm1', _rev: 'stale', v: 11 }], { ignoreRevs: false }),
    js: (s) => s.db.collection(s.n(docs)).replaceAll([{ _key: 'm1', _rev: 'stale', v: 11 }], { ignoreRevs: false }),
  },
  {
    area: 'documents',
    name: 'updateMany keepNull mergeObjects returnNew',
    ts: (s) => s.db.collection(s.n(docs)).updateMany([{ _key: 'm2', x: null }, { _key: 'm3', x: 1 }], { keepNull: false, mergeObjects: false, returnNew: true }),
    js: (s) => s.db.collection(s.n(docs)).updateAll([{ _key: 'm2', x: null }, { _key: 'm3', x: 1 }], { keepNull: false, mergeObjects: false, returnNew: true }),
  },
  {
    area: 'documents',
    name: 'updateMany waitForSync silent',
    ts: (s) => s.db.collection(s.n(docs)).updateMany([{ _key: 'm3', y: 1 }], { waitForSync: true, silent: true }),
    js: (s) => s.db.collection(s.n(docs)).updateAll([{ _key: 'm3', y: 1 }], { waitForSync: true, silent: true }),
  },
  {
    area: 'documents',
    name: 'deleteMany returnOld',
    ts: (s) => s.db.collection(s.n(docs)).deleteMany(['m1', 'm2'], { returnOld: true }),
    js: (s) => s.db.collection(s.n(docs)).removeAll(['m1', 'm2'], { returnOld: true }),
  },
  {
    area: 'documents',
    name: 'deleteMany ignoreRevs false with _rev',
    ts: (s) => s.db.collection(s.n(docs)).deleteMany([{ _key: 'm3', _rev: 'stale' }], { ignoreRevs: false }),
    js: (s) => s.db.collection(s.n(docs)).removeAll([{ _key: 'm3', _rev: 'stale' }], { ignoreRevs: false }),
  },
  {
    area: 'documents',
    name: 'delete returnOld',
    ts: (s) => s.db.collection(s.n(docs)).delete('c', { returnOld: true }),
    js: (s) => s.db.collection(s.n(docs)).remove('c', { returnOld: true }),
  },
  {
    area: 'documents',
    name: 'delete with If-Match',
    ts: (s) => s.db.collection(s.n(docs)).delete('b', { rev: s.get<string>('rev:b') }),
    js: (s) => s.db.collection(s.n(docs)).remove('b', { ifMatch: etag(s, 'b') }),
  },
  {
    area: 'documents',
    name: 'delete silent waitForSync',
    ts: (s) => s.db.collection(s.n(docs)).delete('ver', { silent: true, waitForSync: true }),
    js: (s) => s.db.collection(s.n(docs)).remove('ver', { silent: true, waitForSync: true }),
  },
  {
    area: 'documents',
    name: 'delete missing (404)',
    expectStatus: 404,
    ts: (s) => s.db.collection(s.n(docs)).delete('nope'),
    js: (s) => s.db.collection(s.n(docs)).remove('nope'),
  },
  {
    area: 'documents',
    name: 'import documents',
    ts: (s) => s.db.collection(s.n(docs)).importBulk([{ _key: 'i1', v: 1 }, { _key: 'i2', v: 2 }]),
    js: (s) => s.db.collection(s.n(docs)).import([{ _key: 'i1', v: 1 }, { _key: 'i2', v: 2 }]),
    // Whatever the content-type, the server read the body as JSON lines.
    check: (result, driver) => expect((result as { created?: unknown }).created, `${driver}: documents imported`).toBe(2),
  },
  {
    area: 'documents',
    name: 'import onDuplicate complete details',
    ts: (s) => s.db.collection(s.n(docs)).importBulk([{ _key: 'i1', v: 3 }], { onDuplicate: 'update', complete: true, details: true }),
    js: (s) => s.db.collection(s.n(docs)).import([{ _key: 'i1', v: 3 }], { onDuplicate: 'update', complete: true, details: true }),
  },
  {
    area: 'documents',
    name: 'import edges fromPrefix toPrefix overwrite waitForSync',
    ts: (s) =>
      s.db
        .collection(s.n('edges'))
        .importBulk([{ _key: 'ie1', _from: 'a', _to: 'b' }], { fromPrefix: s.n(docs), toPrefix: s.n(docs), onDuplicate: 'ignore', waitForSync: true }),
    js: (s) =>
      s.db
        .collection(s.n('edges'))
        .import([{ _key: 'ie1', _from: 'a', _to: 'b' }], { fromPrefix: s.n(docs), toPrefix: s.n(docs), onDuplicate: 'ignore', waitForSync: true }),
    check: (result, driver) => expect((result as { created?: unknown }).created, `${driver}: edges imported`).toBe(1),
  },
  {
    area: 'documents',
    name: 'insert edge',
    ts: (s) => s.db.collection(s.n('edges')).insert({ _key: 'e1', _from: `${s.n(docs)}/a`, _to: `${s.n(docs)}/i1` }),
    js: (s) => s.db.collection(s.n('edges')).save({ _key: 'e1', _from: `${s.n(docs)}/a`, _to: `${s.n(docs)}/i1` }),
  },
  {
    area: 'documents',
    name: 'inEdges allowDirtyRead',
    ts: (s) => s.db.edgeCollection(s.n('edges')).inEdges(`${s.n(docs)}/i1`, { allowDirtyRead: true }),
    js: (s) => s.db.collection(s.n('edges')).inEdges(`${s.n(docs)}/i1`, { allowDirtyRead: true }),
  },
  {
    area: 'documents',
    name: 'outEdges',
    ts: (s) => s.db.edgeCollection(s.n('edges')).outEdges(`${s.n(docs)}/a`),
    js: (s) => s.db.collection(s.n('edges')).outEdges(`${s.n(docs)}/a`),
  },
];
