import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, startServer, type EmulatorCluster } from '../src/cluster.js';
import { call, PASSWORD } from './http.js';

let cluster: EmulatorCluster;
let base: string;
const DB = '/_db/_system';

beforeAll(async () => {
  cluster = await startCluster({ coordinators: 2, dbServers: 3, rootPassword: PASSWORD });
  base = cluster.urls[0] as string;
});

afterAll(async () => {
  await cluster.close();
});

describe('/_api/collection', () => {
  it('creates with options and reports the full properties (200)', async () => {
    const r = await call(base, 'POST', `${DB}/_api/collection`, {
      body: {
        name: 'users',
        waitForSync: true,
        keyOptions: { type: 'autoincrement', increment: 5, offset: 10, allowUserKeys: false },
        numberOfShards: 1,
        replicationFactor: 2,
        writeConcern: 2,
        cacheEnabled: true,
        computedValues: [{ name: 'created', expression: 'RETURN DATE_NOW()', overwrite: true, computeOn: ['insert'] }],
        schema: { rule: { type: 'object', required: ['name'] }, level: 'moderate', message: 'name required' },
      },
    });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({
      error: false, code: 200, name: 'users', type: 2, status: 3, statusString: 'loaded', isSystem: false,
      waitForSync: true, cacheEnabled: true, writeConcern: 2, replicationFactor: 2, numberOfShards: 1,
      shardKeys: ['_key'], shardingStrategy: 'hash',
      keyOptions: { type: 'autoincrement', increment: 5, offset: 10, allowUserKeys: false, lastValue: 0 },
      schema: { rule: { type: 'object', required: ['name'] }, level: 'moderate', message: 'name required', type: 'json' },
      computedValues: [{ name: 'created', expression: 'RETURN DATE_NOW()', overwrite: true, computeOn: ['insert'], keepNull: true, failOnWarning: false }],
    });
    expect(r.json.id).toMatch(/^[0-9]+$/);
    expect(r.json.globallyUniqueId).toBe(`c${String(r.json.id)}/`);

    // autoincrement keys, user keys refused (400/1222), schema enforced (400/1620)
    const d1 = await call(base, 'POST', `${DB}/_api/document/users`, { body: { name: 'a' } });
    const d2 = await call(base, 'POST', `${DB}/_api/document/users`, { body: { name: 'b' } });
    expect([d1.json._key, d2.json._key]).toEqual(['10', '15']);
    const userKey = await call(base, 'POST', `${DB}/_api/document/users`, { body: { _key: 'x', name: 'c' } });
    expect([userKey.status, userKey.json.errorNum]).toEqual([400, 1222]);
    const invalid = await call(base, 'POST', `${DB}/_api/document/users`, { body: { nameless: true } });
    expect([invalid.status, invalid.json.errorNum, invalid.json.errorMessage]).toEqual([400, 1620, 'name required']);
  });

  it('refuses illegal names (400/1208), duplicates (409/1207), bad types and unknown collections (404/1203)', async () => {
    const illegal = await call(base, 'POST', `${DB}/_api/collection`, { body: { name: '9lives' } });
    expect([illegal.status, illegal.json.errorNum]).toEqual([400, 1208]);
    const slash = await call(base, 'POST', `${DB}/_api/collection`, { body: { name: 'a/b' } });
    expect([slash.status, slash.json.errorNum]).toEqual([400, 1208]);
    const missing = await call(base, 'POST', `${DB}/_api/collection`, { body: {} });
    expect(missing.status).toBe(400);
    await call(base, 'POST', `${DB}/_api/collection`, { body: { name: 'twice' } });
    const dup = await call(base, 'POST', `${DB}/_api/collection`, { body: { name: 'twice' } });
    expect([dup.status, dup.json.errorNum]).toEqual([409, 1207]);
    const type = await call(base, 'POST', `${DB}/_api/collection`, { body: { name: 'typed', type: 7 } });
    expect([type.status, type.json.errorNum]).toEqual([400, 1218]);
    const gen = await call(base, 'POST', `${DB}/_api/collection`, { body: { name: 'gen', keyOptions: { type: 'random' } } });
    expect([gen.status, gen.json.errorNum]).toEqual([400, 1232]);
    const nf = await call(base, 'GET', `${DB}/_api/collection/unknown`);
    expect([nf.status, nf.json.errorNum, nf.json.errorMessage]).toEqual([404, 1203, 'collection or view not found: unknown']);
    const rf = await call(base, 'POST', `${DB}/_api/collection`, { body: { name: 'toomany', replicationFactor: 9 } });
    expect([rf.status, rf.json.errorNum]).toEqual([400, 1487]);
    expect((await call(base, 'GET', `${DB}/_api/collection/toomany`)).status).toBe(404);
  });

  it('lists collections (excludeSystem) and gets basic info', async () => {
    await call(base, 'POST', `${DB}/_api/collection`, { body: { name: 'listed', type: 3 } });
    const all = await call(base, 'GET', `${DB}/_api/collection`);
    const names = (all.json.result as Array<{ name: string }>).map((c) => c.name);
    expect(names).toContain('listed');
    expect(names).toContain('_graphs');
    const user = await call(base, 'GET', `${DB}/_api/collection?excludeSystem=true`);
    const userNames = (user.json.result as Array<{ name: string }>).map((c) => c.name);
    expect(userNames).toContain('listed');
    expect(userNames.some((n) => n.startsWith('_'))).toBe(false);
    const info = await call(base, 'GET', `${DB}/_api/collection/listed`);
    expect(info.json).toEqual({
      error: false, code: 200, id: info.json.id, name: 'listed', status: 3, type: 3, isSystem: false, globallyUniqueId: info.json.globallyUniqueId,
    });
    const byId = await call(base, 'GET', `${DB}/_api/collection/${String(info.json.id)}`);
    expect(byId.json.name).toBe('listed');
  });

  it('changes properties, counts, figures, revision and checksum', async () => {
    await call(base, 'POST', `${DB}/_api/collection`, { body: { name: 'props' } });
    const put = await call(base, 'PUT', `${DB}/_api/collection/props/properties`, { body: { waitForSync: true, replicationFactor: 3, writeConcern: 2 } });
    expect(put.json).toMatchObject({ waitForSync: true, replicationFactor: 3, writeConcern: 2 });
    expect(put.headers.location).toBe('/_db/_system/_api/collection/props/properties');
    const empty = await call(base, 'GET', `${DB}/_api/collection/props/checksum`);
    await call(base, 'POST', `${DB}/_api/document/props`, { body: [{ _key: 'a', v: 1 }, { _key: 'b', v: 2 }] });
    const count = await call(base, 'GET', `${DB}/_api/collection/props/count`);
    expect(count.json.count).toBe(2);
    const fig = await call(base, 'GET', `${DB}/_api/collection/props/figures?details=true`);
    expect(fig.json.count).toBe(2);
    expect(fig.json.figures).toMatchObject({ indexes: { count: 1 }, cacheInUse: false, engine: { documents: 2 } });
    const rev = await call(base, 'GET', `${DB}/_api/collection/props/revision`);
    expect(typeof rev.json.revision).toBe('string');
    const c1 = await call(base, 'GET', `${DB}/_api/collection/props/checksum`);
    expect(c1.json.checksum).toMatch(/^[0-9]+$/);
    expect(c1.json.checksum).not.toBe(empty.json.checksum);
    const withData1 = await call(base, 'GET', `${DB}/_api/collection/props/checksum?withData=true`);
    await call(base, 'PATCH', `${DB}/_api/document/props/a`, { body: { v: 9 } });
    const c2 = await call(base, 'GET', `${DB}/_api/collection/props/checksum`);
    const withData2 = await call(base, 'GET', `${DB}/_api/collection/props/checksum?withData=true`);
    expect(c2.json.checksum).toBe(c1.json.checksum);
    expect(withData2.json.checksum).not.toBe(withData1.json.checksum);
    const recount = await call(base, 'PUT', `${DB}/_api/collection/props/recalculateCount`);
    expect(recount.json).toMatchObject({ result: true, count: 2 });
    expect((await call(base, 'PUT', `${DB}/_api/collection/props/loadIndexesIntoMemory`)).json).toMatchObject({ result: true });
    expect((await call(base, 'PUT', `${DB}/_api/collection/props/compact`)).status).toBe(200);
    expect((await call(base, 'PUT', `${DB}/_api/collection/props/load`)).json.count).toBe(2);
  });

  it('truncates, drops (system only with isSystem=true) and refuses rename in a cluster', async () => {
    await call(base, 'POST', `${DB}/_api/collection`, { body: { name: 'trunc' } });
    await call(base, 'POST', `${DB}/_api/document/trunc`, { body: [{}, {}, {}] });
    const t = await call(base, 'PUT', `${DB}/_api/collection/trunc/truncate`);
    expect(t.json).toMatchObject({ name: 'trunc', status: 3 });
    expect((await call(base, 'GET', `${DB}/_api/collection/trunc/count`)).json.count).toBe(0);
    const ren = await call(base, 'PUT', `${DB}/_api/collection/trunc/rename`, { body: { name: 'renamed' } });
    expect([ren.status, ren.json.errorNum]).toEqual([501, 1470]);
    const drop = await call(base, 'DELETE', `${DB}/_api/collection/trunc`);
    expect(drop.json).toEqual({ error: false, code: 200, id: drop.json.id });
    expect((await call(base, 'GET', `${DB}/_api/collection/trunc`)).status).toBe(404);
    expect((await call(base, 'DELETE', `${DB}/_api/collection/trunc`)).json.errorNum).toBe(1203);
    await call(base, 'POST', `${DB}/_api/collection`, { body: { name: '_mine', isSystem: true } });
    expect((await call(base, 'DELETE', `${DB}/_api/collection/_mine`)).status).toBe(403);
    expect((await call(base, 'DELETE', `${DB}/_api/collection/_mine?isSystem=true`)).status).toBe(200);
  });

  it('reports shards (with details) and the responsible shard', async () => {
    await call(base, 'POST', `${DB}/_api/collection`, { body: { name: 'sharded', numberOfShards: 3, shardKeys: ['country'], replicationFactor: 2 } });
    const shards = await call(base, 'GET', `${DB}/_api/collection/sharded/shards`);
    expect(shards.json.shards).toHaveLength(3);
    const details = await call(base, 'GET', `${DB}/_api/collection/sharded/shards?details=true`);
    const map = details.json.shards as Record<string, string[]>;
    expect(Object.keys(map)).toEqual(shards.json.shards);
    for (const servers of Object.values(map)) expect(servers).toHaveLength(2);
    const rs = await call(base, 'PUT', `${DB}/_api/collection/sharded/responsibleShard`, { body: { country: 'DE' } });
    expect(shards.json.shards).toContain(rs.json.shardId);
    const rs2 = await call(base, 'PUT', `${DB}/_api/collection/sharded/responsibleShard`, { body: { country: 'DE', other: 1 } });
    expect(rs2.json.shardId).toBe(rs.json.shardId);
    const noKey = await call(base, 'PUT', `${DB}/_api/collection/sharded/responsibleShard`, { body: { other: 1 } });
    expect([noKey.status, noKey.json.errorNum]).toEqual([400, 1468]);
    // custom shard keys: no user _key (400/1466), shard key values cannot change (400/1469)
    const key = await call(base, 'POST', `${DB}/_api/document/sharded`, { body: { _key: 'k', country: 'DE' } });
    expect([key.status, key.json.errorNum]).toEqual([400, 1466]);
    const d = await call(base, 'POST', `${DB}/_api/document/sharded`, { body: { country: 'DE' } });
    const ch = await call(base, 'PATCH', `${DB}/_api/document/sharded/${String(d.json._key)}`, { body: { country: 'FR' } });
    expect([ch.status, ch.json.errorNum]).toEqual([400, 1469]);
  });

  it('key generators list', async () => {
    const r = await call(base, 'GET', `${DB}/_api/key-generators`);
    expect(r.json.keyGenerators).toEqual(expect.arrayContaining(['traditional', 'autoincrement', 'uuid', 'padded']));
  });
});

describe('/_api/collection on a single server', () => {
  it('renames, and answers 501/1471 for shard calls', async () => {
    const single = await startServer({ rootPassword: PASSWORD });
    try {
      const url = single.urls[0] as string;
      const created = await call(url, 'POST', `${DB}/_api/collection`, { body: { name: 'before' } });
      expect(created.json).not.toHaveProperty('numberOfShards');
      await call(url, 'POST', `${DB}/_api/document/before`, { body: { _key: 'x' } });
      const ren = await call(url, 'PUT', `${DB}/_api/collection/before/rename`, { body: { name: 'after' } });
      expect(ren.json).toMatchObject({ name: 'after', id: created.json.id });
      expect((await call(url, 'GET', `${DB}/_api/document/after/x`)).json._id).toBe('after/x');
      expect((await call(url, 'GET', `${DB}/_api/collection/before`)).status).toBe(404);
      const shards = await call(url, 'GET', `${DB}/_api/collection/after/shards`);
      expect([shards.status, shards.json.errorNum]).toEqual([501, 1471]);
    } finally {
      await single.close();
    }
  });
});
