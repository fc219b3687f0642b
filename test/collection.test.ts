import { describe, expect, it } from 'vitest';
import { ArangoClientError, ArangoServerError, errors } from 'arangots';
import { serverError, useTestDatabase } from './helpers/database.js';

const ctx = useTestDatabase('coll');

describe('collection lifecycle', () => {
  it('create with every documented option, then read the properties back', async () => {
    const c = ctx.db.collection('full');
    expect(await c.exists()).toBe(false);
    const props = await c.create({
      waitForSync: true,
      keyOptions: { type: 'autoincrement', allowUserKeys: false, increment: 5, offset: 10 },
      // autoincrement keys need a single shard (501/1470 otherwise)
      numberOfShards: 1,
      shardKeys: ['_key'],
      replicationFactor: 2,
      writeConcern: 1,
      cacheEnabled: true,
      schema: { rule: { type: 'object', properties: { n: { type: 'number' } }, required: ['n'] }, level: 'moderate', message: 'n must be a number' },
      computedValues: [{ name: 'createdAt', expression: 'RETURN 42', overwrite: true, computeOn: ['insert'] }],
      waitForSyncReplication: true,
      enforceReplicationFactor: false,
    });
    expect(props.name).toBe('full');
    expect(props.type).toBe(2);
    expect(props.waitForSync).toBe(true);
    expect(props.keyOptions.type).toBe('autoincrement');
    expect(props.keyOptions.allowUserKeys).toBe(false);
    expect(props.numberOfShards).toBe(1);
    expect(props.replicationFactor).toBe(2);
    expect(props.cacheEnabled).toBe(true);
    expect(props.schema?.level).toBe('moderate');
    expect(props.computedValues?.[0]?.name).toBe('createdAt');
    expect(await c.exists()).toBe(true);
    const multi = await serverError(ctx.db.collection('auto3').create({ numberOfShards: 3, keyOptions: { type: 'autoincrement' } }));
    expect(multi.errorNum).toBe(errors.ERROR_CLUSTER_UNSUPPORTED);

    const read = await c.properties();
    expect(read.writeConcern).toBe(1);
    expect(read.shardKeys).toEqual(['_key']);
    const info = await c.info();
    expect(info.name).toBe('full');
    expect(info.isSystem).toBe(false);

    // the schema is enforced with the message configured above
    const bad = await serverError(c.insert({ n: 'x' }));
    expect(bad.errorNum).toBe(errors.ERROR_VALIDATION_FAILED);
    const ok = await c.insert({ n: 1 }, { returnNew: true });
    expect(ok.new?.createdAt).toBe(42);
  });

  it('creating an existing collection is 409/1207; an illegal name 400/1208', async () => {
    await ctx.db.createCollection('twice');
    const dup = await serverError(ctx.db.createCollection('twice'));
    expect(dup.httpCode).toBe(409);
    expect(dup.errorNum).toBe(errors.ERROR_ARANGO_DUPLICATE_NAME);
    // Refused before sending, as ArangoDB refuses it; sent raw, the server answers 400/1208.
    await expect(ctx.db.createCollection('bad/name')).rejects.toBeInstanceOf(ArangoClientError);
    await expect(ctx.db.createCollection('..')).rejects.toBeInstanceOf(ArangoClientError);
    expect(() => ctx.db.collection('.')).toThrow(ArangoClientError);
    const ill = await serverError(ctx.db.request({ method: 'POST', path: '/_api/collection', body: { name: 'bad/name' } }));
    expect(ill.httpCode).toBe(400);
    expect(ill.errorNum).toBe(errors.ERROR_ARANGO_ILLEGAL_NAME);
  });

  it('calls on a missing collection are 404/1203', async () => {
    const c = ctx.db.collection('missing');
    // One call at a time: a rejection nobody awaits yet would be reported as unhandled.
    for (const call of [() => c.properties(), () => c.count(), () => c.statistics(), () => c.truncate(), () => c.drop()]) {
      const err = await serverError(call());
      expect(err.httpCode).toBe(404);
      expect(err.errorNum).toBe(errors.ERROR_ARANGO_DATA_SOURCE_NOT_FOUND);
    }
  });

  it('an empty name is refused before sending', () => {
    expect(() => ctx.db.collection('')).toThrow(ArangoClientError);
  });
});

describe('collection information and maintenance', () => {
  it('count, figures, revision, checksum, truncate, compact, loadIndexesIntoMemory, recalculateCount', async () => {
    const c = await ctx.db.createCollection<{ i: number }>('info');
    expect(await c.count()).toBe(0);
    const rev0 = await c.revision();
    await c.insertMany(Array.from({ length: 25 }, (_, i) => ({ i })));
    expect(await c.count()).toBe(25);
    expect(await c.revision()).not.toBe(rev0);
    const fig = await c.statistics();
    expect(fig.indexes).toBeDefined();
    expect(typeof fig.indexes.count).toBe('number');
    const sum1 = await c.checksum({ withData: true });
    expect(sum1).toMatch(/^\d+$/);
    await c.insert({ i: 99 });
    const sum2 = await c.checksumInfo({ withData: true, withRevisions: true });
    expect(sum2.checksum).not.toBe(sum1);
    expect(sum2.revision).toBe(await c.revision());
    expect(await c.loadIndexes()).toBe(true);
    expect((await c.load()).name).toBe('info');
    expect((await c.unload()).name).toBe('info');
    expect(await ctx.db.keyGenerators()).toEqual(expect.arrayContaining(['traditional', 'autoincrement', 'uuid', 'padded']));
    expect(await c.recalculateCount()).toBe(26);
    await c.compact();
    await c.truncate({ waitForSync: true, compact: false });
    expect(await c.count()).toBe(0);
  });

  it('configure changes waitForSync and schema', async () => {
    const c = await ctx.db.createCollection('props');
    const p = await c.configure({ waitForSync: true, schema: { rule: { type: 'object' }, level: 'strict', message: 'object please' } });
    expect(p.waitForSync).toBe(true);
    expect((await c.properties()).schema?.message).toBe('object please');
    const q = await c.configure({ schema: null });
    expect(q.schema).toBeNull();
  });

  it('rename moves the collection (or the cluster refuses it as ArangoDB does)', async () => {
    const c = await ctx.db.createCollection('before');
    try {
      const info = await c.rename('after');
      expect(info.name).toBe('after');
      expect(c.name).toBe('after');
      expect(await ctx.db.hasCollection('before')).toBe(false);
      expect(await ctx.db.hasCollection('after')).toBe(true);
    } catch (err) {
      // Clusters do not support rename: 501 / ERROR_CLUSTER_UNSUPPORTED.
      expect(err).toBeInstanceOf(ArangoServerError);
      expect((err as ArangoServerError).httpCode).toBe(501);
      expect(c.name).toBe('before');
    }
  });

  it('shards (with and without details) and responsibleShard', async () => {
    const c = await ctx.db.createCollection('sharded', { numberOfShards: 4, shardKeys: ['country'] });
    const ids = await c.shards();
    expect(ids).toHaveLength(4);
    for (const s of ids) expect(s).toMatch(/^s\d+$/);
    const map = await c.shards({ details: true });
    expect(Object.keys(map).sort()).toEqual([...ids].sort());
    for (const servers of Object.values(map)) expect(servers[0]).toMatch(/^PRMR-/);
    const shard = await c.responsibleShard({ country: 'NL' });
    expect(ids).toContain(shard);
    expect(await c.responsibleShard({ country: 'NL' })).toBe(shard);
    const err = await serverError(c.responsibleShard({ other: 1 }));
    expect(err.httpCode).toBe(400);
    expect(err.errorNum).toBe(errors.ERROR_CLUSTER_NOT_ALL_SHARDING_ATTRIBUTES_GIVEN);
  });

  it('drop removes the collection; system collections need isSystem', async () => {
    const c = await ctx.db.createCollection('dropme');
    const res = await c.drop();
    expect(typeof res.id).toBe('string');
    expect(await c.exists()).toBe(false);
    const sysColl = await ctx.db.createCollection('_mysys', { isSystem: true });
    const refused = await sysColl.drop().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(refused).toBeInstanceOf(ArangoServerError);
    await sysColl.drop({ isSystem: true });
    expect(await sysColl.exists()).toBe(false);
  });
});

describe('AQL-backed helpers', () => {
  it('all (skip/limit), keys, ids, random, find return cursors over the collection', async () => {
    const c = await ctx.db.createCollection<{ n: number; parity: string; meta?: { a: number } }>('aqlh');
    await c.insertMany(Array.from({ length: 30 }, (_, n) => ({ _key: `k${n}`, n, parity: n % 2 === 0 ? 'even' : 'odd', meta: { a: n % 3 } })));

    const all = await (await c.all({ batchSize: 7 })).all();
    expect(all).toHaveLength(30);
    expect(new Set(all.map((d) => d.n)).size).toBe(30);
    expect(await (await c.all({ skip: 5, limit: 10 })).all()).toHaveLength(10);
    expect(await (await c.all({ skip: 25 })).all()).toHaveLength(5);

    const keys = await (await c.keys({ batchSize: 4 })).all();
    expect(keys.sort()).toEqual(all.map((d) => d._key).sort());
    const ids = await (await c.ids()).all();
    expect(ids.every((id) => id.startsWith('aqlh/'))).toBe(true);

    const one = await c.random();
    expect(one?._id.startsWith('aqlh/')).toBe(true);
    const empty = await ctx.db.createCollection('empty');
    expect(await empty.random()).toBeNull();

    const even = await (await c.find({ parity: 'even' })).all();
    expect(even).toHaveLength(15);
    expect(even.every((d) => d.n % 2 === 0)).toBe(true);
    const both = await (await c.find({ parity: 'odd', meta: { a: 0 } })).all();
    expect(both.map((d) => d.n).sort((a, b) => a - b)).toEqual([3, 9, 15, 21, 27]);
    expect(await (await c.find({ parity: 'even' }, { limit: 4 })).all()).toHaveLength(4);
    expect(await (await c.find({ n: 7 })).all()).toHaveLength(1);
    expect(await (await c.find({ n: 1000 })).all()).toEqual([]);
    await expect(c.find('x' as unknown as Record<string, unknown>)).rejects.toBeInstanceOf(ArangoClientError);
    await expect(c.all({ limit: -1 })).rejects.toBeInstanceOf(ArangoClientError);
  });

  it('updateMatch / replaceMatch / deleteMatch change what matches and count it', async () => {
    const c = await ctx.db.createCollection<{ n: number; g: string; tag?: string }>('match');
    await c.insertMany(Array.from({ length: 12 }, (_, n) => ({ _key: `m${n}`, n, g: n < 6 ? 'low' : 'high' })));
    expect(await c.updateMatch({ g: 'low' }, { tag: 'x' }, { waitForSync: true })).toBe(6);
    expect(await (await c.find({ tag: 'x' })).all()).toHaveLength(6);
    expect(await c.updateMatch({ g: 'high' }, { tag: 'y' }, { limit: 2 })).toBe(2);
    expect(await c.replaceMatch({ n: 0 }, { n: 100, g: 'replaced' })).toBe(1);
    const r = await c.get('m0');
    expect(r).toMatchObject({ n: 100, g: 'replaced' });
    expect(r?.tag).toBeUndefined();
    expect(await c.deleteMatch({ g: 'high' })).toBe(6);
    expect(await c.count()).toBe(6);
    expect(await c.deleteMatch({ g: 'nothing' })).toBe(0);
  });
});
