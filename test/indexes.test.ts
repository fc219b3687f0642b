import { beforeAll, describe, expect, it } from 'vitest';
import { ArangoClientError, errors, type Collection } from 'arangots';
import { serverError, useTestDatabase } from './helpers/database.js';

const ctx = useTestDatabase('idx');
let c: Collection;

beforeAll(async () => {
  c = await ctx.db.createCollection('places');
});

describe('indexes', () => {
  it('a new collection lists its primary index', async () => {
    const list = await c.indexes();
    const primary = list.find((i) => i.type === 'primary');
    expect(primary?.id).toBe('places/0');
    expect(primary?.fields).toEqual(['_key']);
  });

  it('persistent unique index: created once, enforced (409/1210), sparse and storedValues kept', async () => {
    const idx = await c.addPersistentIndex(['email'], { unique: true, sparse: true, name: 'by_email', storedValues: ['name'] });
    expect(idx.isNewlyCreated).toBe(true);
    expect(idx.type).toBe('persistent');
    expect(idx.unique).toBe(true);
    expect(idx.sparse).toBe(true);
    expect(idx.name).toBe('by_email');
    expect(idx.storedValues).toEqual(['name']);
    expect(idx.id.startsWith('places/')).toBe(true);
    const again = await c.addIndex({ type: 'persistent', fields: ['email'], unique: true, sparse: true, name: 'by_email', storedValues: ['name'] });
    expect(again.isNewlyCreated).toBe(false);
    expect(again.id).toBe(idx.id);

    await c.insert({ email: 'a@x', name: 'a' });
    const err = await serverError(c.insert({ email: 'a@x', name: 'b' }));
    expect(err.httpCode).toBe(409);
    expect(err.errorNum).toBe(errors.ERROR_ARANGO_UNIQUE_CONSTRAINT_VIOLATED);
    // sparse: documents without the attribute do not collide
    await c.insertMany([{ name: 'no email 1' }, { name: 'no email 2' }]);

    expect((await c.index(idx.id)).name).toBe('by_email');
    expect((await c.index('by_email')).id).toBe(idx.id);
    expect((await c.index(idx)).type).toBe('persistent');
  });

  it('ttl, geo, fulltext, inverted, mdi and zkd indexes', async () => {
    const ttl = await c.addTtlIndex('expiresAt', 3600);
    expect(ttl.type).toBe('ttl');
    expect(ttl.expireAfter).toBe(3600);
    const geo = await c.addGeoIndex(['lat', 'lng']);
    expect(geo.type).toBe('geo');
    const geoJson = await c.addGeoIndex(['location'], { geoJson: true });
    expect(geoJson.fields).toEqual(['location']);
    const ft = await c.addFulltextIndex('text', { minLength: 3 });
    expect(ft.type).toBe('fulltext');
    const inv = await c.addInvertedIndex(['title', { name: 'body', analyzer: 'identity' }], { name: 'inv' });
    expect(inv.type).toBe('inverted');
    const mdi = await c.addMdiIndex(['x', 'y']);
    expect(mdi.type).toBe('mdi');
    const zkd = await c.addZkdIndex(['p', 'q']);
    expect(['zkd', 'mdi']).toContain(zkd.type);
    const names = (await c.indexes()).map((i) => i.type);
    for (const t of ['primary', 'persistent', 'ttl', 'geo', 'fulltext', 'inverted', 'mdi']) expect(names).toContain(t);
  });

  it('a second TTL index is refused (400)', async () => {
    const err = await serverError(c.addTtlIndex('otherTime', 10));
    expect(err.httpCode).toBe(400);
  });

  it('deleteIndex removes it; unknown ids are 404/1212', async () => {
    const idx = await c.addPersistentIndex(['tmp']);
    const res = await c.deleteIndex(idx.id);
    expect(res.id).toBe(idx.id);
    const gone = await serverError(c.index(idx.id));
    expect(gone.httpCode).toBe(404);
    expect(gone.errorNum).toBe(errors.ERROR_ARANGO_INDEX_NOT_FOUND);
    const again = await serverError(c.deleteIndex(idx.id));
    expect(again.errorNum).toBe(errors.ERROR_ARANGO_INDEX_NOT_FOUND);
  });

  it('a unique index over duplicate data is refused', async () => {
    const d = await ctx.db.createCollection('dups');
    await d.insertMany([{ k: 1 }, { k: 1 }]);
    const err = await serverError(d.addPersistentIndex(['k'], { unique: true }));
    expect([400, 409]).toContain(err.httpCode);
    expect(err.errorNum).toBe(errors.ERROR_ARANGO_UNIQUE_CONSTRAINT_VIOLATED);
  });

  it('bad definitions are refused before sending', async () => {
    await expect(c.addIndex({ type: 'persistent', fields: [] })).rejects.toBeInstanceOf(ArangoClientError);
    await expect(c.addTtlIndex('t', -1)).rejects.toBeInstanceOf(ArangoClientError);
    await expect(c.index('other/1')).rejects.toBeInstanceOf(ArangoClientError);
    await expect(c.index('')).rejects.toBeInstanceOf(ArangoClientError);
  });
});

/**
 * AQL reads persistent indexes for the FILTER right after `FOR d IN coll` (the use-indexes
 * rule): explain shows an IndexNode over the user's index, the statistics index reads and no
 * full scan, and the results are those of the same query over an unindexed copy. Runs against
 * ARANGO_URL too, so only what a 3.12 server shows is asserted (no FilterNode assertions where
 * 3.12 may move a leftover filter into the IndexNode: move-filters-into-enumerate).
 */
describe('AQL uses persistent indexes (use-indexes)', () => {
  type Node = Record<string, unknown> & { type: string; id: number };
  interface IndexEntry { id: string; name: string; type: string; fields: string[]; unique: boolean; sparse: boolean }
  let users: Collection;
  let plain: Collection;
  const N = 60;
  const docs = Array.from({ length: N }, (_, i) => ({
    _key: `u${String(i).padStart(3, '0')}`,
    email: `user${i}@x`,
    age: 20 + (i % 30),
    city: ['Berlin', 'Köln', 'Bonn'][i % 3] as string,
    // every fifth has no score, every seventh a null one: sparse indexes leave both out
    ...(i % 5 === 0 ? {} : { score: i % 7 === 0 ? null : i % 11 }),
  }));
  let byEmail: string;
  let byCityAge: string;
  let sparseScore: string;

  beforeAll(async () => {
    users = await ctx.db.createCollection('idx_users');
    plain = await ctx.db.createCollection('idx_users_plain');
    await users.insertMany(docs);
    await plain.insertMany(docs);
    byEmail = (await users.addPersistentIndex(['email'], { name: 'by_email' })).id;
    byCityAge = (await users.addPersistentIndex(['city', 'age'], { name: 'by_city_age' })).id;
    sparseScore = (await users.addPersistentIndex(['score'], { name: 'sparse_score', sparse: true })).id;
  });

  const numericId = (handle: string): string => handle.slice(handle.indexOf('/') + 1);
  const indexNode = async (query: string, bindVars: Record<string, unknown> = {}): Promise<{ node: Node | undefined; plan: { nodes: Node[]; rules: string[] } }> => {
    const { plan } = await ctx.db.aql.explain(query, { bindVars });
    const p = plan as unknown as { nodes: Node[]; rules: string[] };
    return { node: p.nodes.find((n) => n.type === 'IndexNode'), plan: p };
  };
  const run = async <T>(query: string, bindVars: Record<string, unknown> = {}): Promise<{ rows: T[]; stats: Record<string, number> }> => {
    const cursor = await ctx.db.aql.execute<T>(query, { bindVars });
    const rows = await cursor.all();
    return { rows, stats: cursor.extra.stats as unknown as Record<string, number> };
  };
  /** The same query over the unindexed copy, for the expected rows. */
  const scanned = async <T>(query: string, bindVars: Record<string, unknown> = {}): Promise<T[]> => (await run<T>(query.replace('IN idx_users ', 'IN idx_users_plain '), bindVars)).rows;

  it('equality on one field: an IndexNode over the index, the FILTER removed, index reads only', async () => {
    const q = 'FOR d IN idx_users FILTER d.email == @e RETURN d._key';
    const { node, plan } = await indexNode(q, { e: 'user7@x' });
    expect(node).toBeDefined();
    const indexes = node?.['indexes'] as IndexEntry[];
    expect(indexes).toHaveLength(1);
    expect(indexes[0]).toMatchObject({ id: numericId(byEmail), name: 'by_email', type: 'persistent', fields: ['email'], unique: false, sparse: false });
    expect(plan.nodes.some((n) => n.type === 'EnumerateCollectionNode' || n.type === 'FilterNode')).toBe(false);
    expect(plan.rules).toEqual(expect.arrayContaining(['use-indexes', 'remove-filter-covered-by-index']));
    const { rows, stats } = await run<string>(q, { e: 'user7@x' });
    expect(rows).toEqual(['u007']);
    expect(stats).toMatchObject({ scannedFull: 0, scannedIndex: 1, filtered: 0 });
  });

  it('IN: one lookup per value, the results of a scan', async () => {
    const q = 'FOR d IN idx_users FILTER d.email IN ["user3@x", "user40@x", "nobody", "user3@x"] RETURN d._key';
    expect(((await indexNode(q)).node?.['indexes'] as IndexEntry[])[0]?.name).toBe('by_email');
    const { rows, stats } = await run<string>(q);
    expect(rows.sort()).toEqual(['u003', 'u040']);
    expect(stats).toMatchObject({ scannedFull: 0, scannedIndex: 2, filtered: 0 });
  });

  it('an OR of equalities on the indexed attribute: index lookups too', async () => {
    const q = 'FOR d IN idx_users FILTER d.email == "user1@x" OR d.email == "user2@x" RETURN d._key';
    const indexes = (await indexNode(q)).node?.['indexes'] as IndexEntry[] | undefined;
    expect(indexes?.length).toBeGreaterThan(0);
    expect(indexes?.every((i) => i.name === 'by_email')).toBe(true);
    const { rows, stats } = await run<string>(q);
    expect(rows.sort()).toEqual(['u001', 'u002']);
    expect(stats).toMatchObject({ scannedFull: 0, scannedIndex: 2, filtered: 0 });
  });

  it('a two-field prefix: equality on the first field, a range on the second, in index order', async () => {
    const q = 'FOR d IN idx_users FILTER d.city == "Köln" AND d.age >= 30 AND d.age < 40 RETURN d';
    const { node, plan } = await indexNode(q);
    expect((node?.['indexes'] as IndexEntry[])[0]).toMatchObject({ id: numericId(byCityAge), name: 'by_city_age', fields: ['city', 'age'] });
    expect(plan.nodes.some((n) => n.type === 'FilterNode')).toBe(false);
    const { rows, stats } = await run<{ _key: string; age: number }>(q);
    const expected = await scanned<{ _key: string; age: number }>(q);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.map((r) => r._key).sort()).toEqual(expected.map((r) => r._key).sort());
    // ascending index order: by age (then by key)
    expect(rows.map((r) => r.age)).toEqual([...rows.map((r) => r.age)].sort((a, b) => a - b));
    expect(stats).toMatchObject({ scannedFull: 0, scannedIndex: rows.length, filtered: 0 });
  });

  it('two FILTERs in a row are one condition for the index', async () => {
    const q = 'FOR d IN idx_users FILTER d.city == "Köln" FILTER d.age == 21 RETURN d._key';
    expect(((await indexNode(q)).node?.['indexes'] as IndexEntry[])[0]?.name).toBe('by_city_age');
    const { rows, stats } = await run<string>(q);
    expect(rows.sort()).toEqual((await scanned<string>(q)).sort());
    expect(rows.length).toBeGreaterThan(0);
    expect(stats).toMatchObject({ scannedFull: 0, scannedIndex: rows.length, filtered: 0 });
  });

  it('a range on the leading field alone, and the prefix alone', async () => {
    for (const q of ['FOR d IN idx_users FILTER d.city > "Bonn" RETURN d._key', 'FOR d IN idx_users FILTER d.city == "Bonn" RETURN d._key']) {
      expect(((await indexNode(q)).node?.['indexes'] as IndexEntry[])[0]?.name).toBe('by_city_age');
      const { rows, stats } = await run<string>(q);
      expect(rows.length).toBeGreaterThan(0);
      expect(rows.sort()).toEqual((await scanned<string>(q)).sort());
      expect(stats).toMatchObject({ scannedFull: 0, scannedIndex: rows.length });
    }
  });

  it('a condition the index covers in part: index reads, the rest filtered', async () => {
    const q = 'FOR d IN idx_users FILTER d.city == "Berlin" AND d.email != "user0@x" RETURN d._key';
    expect(((await indexNode(q)).node?.['indexes'] as IndexEntry[])[0]?.name).toBe('by_city_age');
    const { rows, stats } = await run<string>(q);
    expect(rows.sort()).toEqual((await scanned<string>(q)).sort());
    expect(stats).toMatchObject({ scannedFull: 0, scannedIndex: N / 3, filtered: 1 });
  });

  it('a sparse index serves `> x` but not `== null` (it holds no null entries)', async () => {
    const gt = 'FOR d IN idx_users FILTER d.score > 5 RETURN d._key';
    expect(((await indexNode(gt)).node?.['indexes'] as IndexEntry[])[0]).toMatchObject({ id: numericId(sparseScore), sparse: true });
    const g = await run<string>(gt);
    expect(g.rows.sort()).toEqual((await scanned<string>(gt)).sort());
    expect(g.stats).toMatchObject({ scannedFull: 0, scannedIndex: g.rows.length });

    const isNull = 'FOR d IN idx_users FILTER d.score == null RETURN d._key';
    const { node, plan } = await indexNode(isNull);
    expect(node).toBeUndefined();
    expect(plan.nodes.some((n) => n.type === 'EnumerateCollectionNode')).toBe(true);
    const n = await run<string>(isNull);
    // missing and null scores: 12 missing (i % 5 == 0), 7 null (i % 7 == 0, i % 5 != 0)
    expect(n.rows.sort()).toEqual((await scanned<string>(isNull)).sort());
    expect(n.rows).toHaveLength(12 + 7);
    expect(n.stats).toMatchObject({ scannedFull: N, scannedIndex: 0 });

    // `< x` may match null as well: not from a sparse index either
    expect((await indexNode('FOR d IN idx_users FILTER d.score < 3 RETURN d')).node).toBeUndefined();
  });

  it('gives the results of a full scan over many conditions', async () => {
    const queries: [string, Record<string, unknown>][] = [
      ['FOR d IN idx_users FILTER d.age == @a RETURN d._key', { a: 25 }],
      ['FOR d IN idx_users FILTER d.city IN @cs AND d.age > 40 RETURN d._key', { cs: ['Bonn', 'Berlin', 'Paris'] }],
      ['FOR d IN idx_users FILTER d.city == "Bonn" AND d.age <= 22 RETURN d._key', {}],
      ['FOR d IN idx_users FILTER 30 < d.age AND d.city == "Köln" RETURN d._key', {}],
      ['FOR d IN idx_users FILTER d.score >= 3 AND d.score <= 6 RETURN d._key', {}],
      ['FOR d IN idx_users FILTER d.score != null AND d.score < 4 RETURN d._key', {}],
      ['FOR d IN idx_users FILTER d.email == "user1@x" OR d.email == "user2@x" RETURN d._key', {}],
      ['FOR d IN idx_users FILTER d.city == null RETURN d._key', {}],
      ['FOR x IN ["Bonn", "Köln"] FOR d IN idx_users FILTER d.city == x AND d.age == 21 RETURN [x, d._key]', {}],
    ];
    for (const [q, bindVars] of queries) {
      const { rows } = await run<unknown>(q, bindVars);
      const expected = await scanned<unknown>(q, bindVars);
      const key = (v: unknown): string => JSON.stringify(v);
      expect(rows.map(key).sort(), q).toEqual(expected.map(key).sort());
    }
  });

  it('hash and skiplist indexes (aliases of persistent) are used too', async () => {
    const c = await ctx.db.createCollection('idx_aliases');
    await c.insertMany(Array.from({ length: 20 }, (_, i) => ({ h: i % 4, s: i })));
    const hash = await c.addIndex({ type: 'hash', fields: ['h'] });
    const skip = await c.addIndex({ type: 'skiplist', fields: ['s'] });
    const h = await indexNode('FOR d IN idx_aliases FILTER d.h == 2 RETURN d');
    expect((h.node?.['indexes'] as IndexEntry[])[0]?.id).toBe(numericId(hash.id));
    const s = await indexNode('FOR d IN idx_aliases FILTER d.s >= 15 RETURN d');
    expect((s.node?.['indexes'] as IndexEntry[])[0]?.id).toBe(numericId(skip.id));
    const r = await run<{ s: number }>('FOR d IN idx_aliases FILTER d.s >= 15 RETURN d');
    expect(r.rows.map((d) => d.s)).toEqual([15, 16, 17, 18, 19]);
    expect(r.stats).toMatchObject({ scannedFull: 0, scannedIndex: 5 });
  });
});
