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
