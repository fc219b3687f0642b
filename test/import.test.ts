import { describe, expect, it } from 'vitest';
import { ArangoClientError, ArangoServerError } from 'arangots';
import { useTestDatabase } from './helpers/database.js';

const ctx = useTestDatabase('imp');

describe('importBulk', () => {
  it('imports 100 000 documents in chunks', async () => {
    const c = await ctx.db.createCollection<{ n: number; s: string }>('big');
    const docs = Array.from({ length: 100_000 }, (_, n) => ({ _key: `k${n}`, n, s: `doc ${n}` }));
    const res = await c.importBulk(docs, { batchSize: 20_000 });
    expect(res).toEqual({ created: 100_000, errors: 0, empty: 0, updated: 0, ignored: 0 });
    expect(await c.count()).toBe(100_000);
    expect((await c.get('k99999'))?.n).toBe(99_999);
    expect((await c.get('k0'))?.s).toBe('doc 0');
  });

  it('onDuplicate error / ignore / update / replace, with details', async () => {
    const c = await ctx.db.createCollection<{ v: number; w?: number }>('dups');
    await c.insertMany([{ _key: 'a', v: 1, w: 1 }, { _key: 'b', v: 1, w: 1 }]);
    const data = [{ _key: 'a', v: 2 }, { _key: 'c', v: 2 }];

    const err = await c.importBulk(data, { details: true });
    expect(err.created).toBe(1);
    expect(err.errors).toBe(1);
    expect(err.details).toHaveLength(1);
    expect(err.details?.[0]).toMatch(/unique constraint/);

    const ign = await c.importBulk([{ _key: 'a', v: 3 }, { _key: 'd', v: 3 }], { onDuplicate: 'ignore' });
    expect(ign).toMatchObject({ created: 1, ignored: 1, errors: 0 });
    expect((await c.get('a'))?.v).toBe(1);

    const upd = await c.importBulk([{ _key: 'a', v: 4 }], { onDuplicate: 'update' });
    expect(upd.updated).toBe(1);
    expect(await c.get('a')).toMatchObject({ v: 4, w: 1 });

    const rep = await c.importBulk([{ _key: 'b', v: 5 }], { onDuplicate: 'replace' });
    expect(rep.updated).toBe(1);
    const b = await c.get('b');
    expect(b?.v).toBe(5);
    expect(b?.w).toBeUndefined();
  });

  it('JSONL text input, chunked by lines, blank lines skipped', async () => {
    const c = await ctx.db.createCollection('lines');
    const text = Array.from({ length: 250 }, (_, i) => JSON.stringify({ i })).join('\n') + '\n\n';
    const res = await c.importBulk(text, { batchSize: 100 });
    expect(res.created).toBe(250);
    expect(await c.count()).toBe(250);
  });

  it('overwrite truncates once, before the first chunk only', async () => {
    const c = await ctx.db.createCollection('over');
    await c.insertMany([{ old: 1 }, { old: 2 }]);
    const res = await c.importBulk(Array.from({ length: 30 }, (_, i) => ({ i })), { overwrite: true, batchSize: 10 });
    expect(res.created).toBe(30);
    expect(await c.count()).toBe(30);
  });

  it('complete: true makes a chunk all or nothing (409/1210)', async () => {
    const c = await ctx.db.createCollection('complete');
    await c.insert({ _key: 'x' });
    const err = await c.importBulk([{ _key: 'y' }, { _key: 'x' }], { complete: true }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ArangoServerError);
    expect((err as ArangoServerError).httpCode).toBe(409);
    expect(await c.count()).toBe(1);
  });

  it('edges with fromPrefix / toPrefix', async () => {
    const e = await ctx.db.createEdgeCollection('rel');
    const res = await e.importBulk([{ _key: 'r1', _from: 'a', _to: 'b' }, { _key: 'r2', _from: 'a', _to: 'c' }], {
      fromPrefix: 'people',
      toPrefix: 'people',
    });
    expect(res.created).toBe(2);
    expect(await e.get('r1')).toMatchObject({ _from: 'people/a', _to: 'people/b' });
    expect(await e.get('r2')).toMatchObject({ _from: 'people/a', _to: 'people/c' });
  });

  it('bad input is refused before sending', async () => {
    const c = ctx.db.collection('whatever');
    await expect(c.importBulk([{ a: 1 }], { batchSize: 0 })).rejects.toBeInstanceOf(ArangoClientError);
    await expect(c.importBulk([1 as unknown as Record<string, unknown>])).rejects.toBeInstanceOf(ArangoClientError);
  });
});
