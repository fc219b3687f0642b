import { describe, expect, it } from 'vitest';
import { ArangoClientError, ArangoServerError, errors } from 'arangots';
import { useTestDatabase } from './helpers/database.js';

const ctx = useTestDatabase('analyzer');

describe('analyzers', () => {
  it('lists the built-in analyzers', async () => {
    const names = (await ctx.db.analyzers()).map((a) => a.name);
    expect(names).toEqual(expect.arrayContaining(['identity', 'text_en']));
  });

  it('creates typed analyzers and reads them back under their qualified name', async () => {
    const delim = await ctx.db.createAnalyzer('csv', { type: 'delimiter', properties: { delimiter: ',' }, features: ['frequency'] });
    const stored = await delim.get();
    expect(stored.name).toBe(`${ctx.db.name}::csv`);
    expect(stored.type).toBe('delimiter');
    expect(stored.properties).toMatchObject({ delimiter: ',' });
    expect(stored.features).toEqual(['frequency']);
    expect(await delim.exists()).toBe(true);

    const norm = ctx.db.analyzer('lowercase');
    const created = await norm.create({ type: 'norm', properties: { locale: 'en', case: 'lower', accent: false } });
    expect(created.type).toBe('norm');
    // Creating the identical definition again is accepted (200), not an error.
    const again = await norm.create({ type: 'norm', properties: { locale: 'en', case: 'lower', accent: false } });
    expect(again.name).toBe(created.name);
    expect((await ctx.db.analyzers()).map((a) => a.name)).toEqual(expect.arrayContaining([`${ctx.db.name}::csv`, `${ctx.db.name}::lowercase`]));
  });

  it('a conflicting definition under an existing name is refused by the server', async () => {
    const err = await ctx.db.analyzer('csv').create({ type: 'delimiter', properties: { delimiter: ';' } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ArangoServerError);
  });

  it('refuses unknown features before sending', async () => {
    await expect(ctx.db.analyzer('x').create({ type: 'identity', features: ['bogus' as 'norm'] })).rejects.toBeInstanceOf(ArangoClientError);
  });

  it('an analyzer in use by a view needs force to be dropped (409)', async () => {
    await ctx.db.createCollection('docs');
    await ctx.db.createView('v', { type: 'arangosearch', links: { docs: { analyzers: ['csv'] } } });
    const err = await ctx.db.analyzer('csv').drop().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ArangoServerError);
    expect((err as ArangoServerError).httpCode).toBe(409);
    expect((err as ArangoServerError).errorNum).toBe(errors.ERROR_ARANGO_CONFLICT);
    expect(await ctx.db.analyzer('csv').drop(true)).toEqual({ name: `${ctx.db.name}::csv` });
    expect(await ctx.db.analyzer('csv').exists()).toBe(false);
  });

  it('a missing analyzer is 404 / ERROR_ARANGO_DOCUMENT_NOT_FOUND', async () => {
    const err = await ctx.db.analyzer('missing').get().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ArangoServerError);
    expect((err as ArangoServerError).httpCode).toBe(404);
    expect((err as ArangoServerError).errorNum).toBe(errors.ERROR_ARANGO_DOCUMENT_NOT_FOUND);
  });
});
