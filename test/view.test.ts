import { beforeAll, describe, expect, it } from 'vitest';
import { ArangoClientError, ArangoServerError, errors, type ArangoSearchViewProperties, type SearchAliasViewProperties } from 'arangots';
import { useTestDatabase } from './helpers/database.js';

const ctx = useTestDatabase('view');

beforeAll(async () => {
  await ctx.db.createCollection('books');
});

describe('arangosearch views', () => {
  it('creates a view with links, primary sort and stored values, and reads it back', async () => {
    const view = await ctx.db.createView('booksView', {
      type: 'arangosearch',
      links: { books: { analyzers: ['identity'], fields: { title: { analyzers: ['text_en'] } }, includeAllFields: false } },
      primarySort: [{ field: 'title', direction: 'desc' }],
      storedValues: [{ fields: ['title'], compression: 'lz4' }],
      commitIntervalMsec: 500,
    });
    expect(await view.exists()).toBe(true);
    const info = await view.get();
    expect(info).toMatchObject({ name: 'booksView', type: 'arangosearch' });
    expect(typeof info.id).toBe('string');

    const props = (await view.properties()) as ArangoSearchViewProperties;
    expect(props.type).toBe('arangosearch');
    expect(props.primarySort).toEqual([{ field: 'title', asc: false }]);
    expect(props.commitIntervalMsec).toBe(500);
    expect(props.links.books?.fields?.title?.analyzers).toEqual(['text_en']);
    expect(props.storedValues[0]?.fields).toEqual(['title']);

    const list = await ctx.db.views();
    expect(list.map((v) => v.name)).toContain('booksView');
  });

  it('updateProperties keeps what it does not mention; replaceProperties resets', async () => {
    const view = ctx.db.view('booksView');
    let props = (await view.updateProperties({ consolidationIntervalMsec: 1234 })) as ArangoSearchViewProperties;
    expect(props.consolidationIntervalMsec).toBe(1234);
    expect(Object.keys(props.links)).toEqual(['books']);
    expect(props.commitIntervalMsec).toBe(500);

    props = (await view.replaceProperties({ cleanupIntervalStep: 3 })) as ArangoSearchViewProperties;
    expect(props.cleanupIntervalStep).toBe(3);
    expect(props.links).toEqual({});
    // Immutable properties survive a replace.
    expect(props.primarySort).toEqual([{ field: 'title', asc: false }]);
  });

  it('a duplicate name is 409 / ERROR_ARANGO_DUPLICATE_NAME; an unknown type is refused locally', async () => {
    const err = await ctx.db.createView('booksView', { type: 'arangosearch' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ArangoServerError);
    expect((err as ArangoServerError).httpCode).toBe(409);
    expect((err as ArangoServerError).errorNum).toBe(errors.ERROR_ARANGO_DUPLICATE_NAME);
    await expect(ctx.db.createView('x', { type: 'bogus' } as never)).rejects.toBeInstanceOf(ArangoClientError);
  });

  it('a missing view: exists() false, properties() 404 / ERROR_ARANGO_DATA_SOURCE_NOT_FOUND', async () => {
    const view = ctx.db.view('nothing');
    expect(await view.exists()).toBe(false);
    const err = await view.properties().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ArangoServerError);
    expect((err as ArangoServerError).httpCode).toBe(404);
    expect((err as ArangoServerError).errorNum).toBe(errors.ERROR_ARANGO_DATA_SOURCE_NOT_FOUND);
  });

  it('rename works on a single server and is refused by a cluster', async () => {
    const view = await ctx.db.createView('toRename', { type: 'arangosearch' });
    const role = await ctx.db.cluster.serverRole();
    if (role === 'COORDINATOR') {
      const err = await view.rename('renamed').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ArangoServerError);
      expect((err as ArangoServerError).errorNum).toBe(errors.ERROR_CLUSTER_UNSUPPORTED);
      expect(view.name).toBe('toRename');
    } else {
      const renamed = await view.rename('renamed');
      expect(renamed.name).toBe('renamed');
      expect(view.name).toBe('renamed');
      expect(await ctx.db.view('toRename').exists()).toBe(false);
    }
  });

  it('drop removes the view', async () => {
    expect(await ctx.db.view('booksView').drop()).toBe(true);
    expect(await ctx.db.view('booksView').exists()).toBe(false);
  });
});

describe('search-alias views', () => {
  it('creates a view over an inverted index and adds/removes indexes with updateProperties', async () => {
    await ctx.db.collection('books').addIndex({ type: 'inverted', name: 'inv_title', fields: ['title'] });
    await ctx.db.collection('books').addIndex({ type: 'inverted', name: 'inv_author', fields: ['author'] });
    const view = await ctx.db.createView('alias', { type: 'search-alias', indexes: [{ collection: 'books', index: 'inv_title' }] });
    let props = (await view.properties()) as SearchAliasViewProperties;
    expect(props.type).toBe('search-alias');
    expect(props.indexes).toEqual([{ collection: 'books', index: 'inv_title' }]);

    props = (await view.updateProperties({ indexes: [{ collection: 'books', index: 'inv_author' }] })) as SearchAliasViewProperties;
    expect(props.indexes.map((i) => i.index).sort()).toEqual(['inv_author', 'inv_title']);
    props = (await view.updateProperties({ indexes: [{ collection: 'books', index: 'inv_title', operation: 'del' }] })) as SearchAliasViewProperties;
    expect(props.indexes.map((i) => i.index)).toEqual(['inv_author']);
  });

  it('an index that is not inverted (or missing) is refused by the server', async () => {
    const err = await ctx.db
      .createView('badAlias', { type: 'search-alias', indexes: [{ collection: 'books', index: 'no_such_index' }] })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ArangoServerError);
    expect(await ctx.db.view('badAlias').exists()).toBe(false);
  });
});
