import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArangoClient, ArangoClientError, ArangoServerError, type Database } from 'arangots';
import { destructiveAllowed, startTestServer, uniqueName, type TestServer } from './helpers/server.js';

let server: TestServer;
let client: ArangoClient;
let db: Database;
let dbServerId: string;
let coordinatorIds: string[];

beforeAll(async () => {
  server = await startTestServer();
  client = new ArangoClient({ hosts: server.urls });
  db = await client.db('_system', { username: server.username, password: server.password });
  const health = await db.cluster.health();
  dbServerId = Object.keys(health.Health).find((id) => id.startsWith('PRMR-')) ?? '';
  coordinatorIds = Object.keys(health.Health).filter((id) => id.startsWith('CRDN-'));
});

afterAll(async () => {
  await client?.close();
  await server?.close();
});

describe('db.cluster: server identity', () => {
  it('serverId() answers a coordinator id of this cluster', async () => {
    const id = await db.cluster.serverId();
    expect(id).toMatch(/^CRDN-/);
    expect(coordinatorIds).toContain(id);
  });

  it('serverRole() is COORDINATOR, serverMode() default', async () => {
    expect(await db.cluster.serverRole()).toBe('COORDINATOR');
    expect(await db.cluster.serverMode()).toBe('default');
  });

  // Makes the whole cluster read-only for a moment.
  it.skipIf(!destructiveAllowed)("setServerMode('readonly') refuses writes (403/1004) until 'default'", async () => {
    const tmp = await db.createDatabase(uniqueName('ro'));
    const c = await tmp.createCollection('c');
    try {
      expect(await db.cluster.setServerMode('readonly')).toBe('readonly');
      expect(await db.cluster.serverMode()).toBe('readonly');
      const err = await c.insert({ a: 1 }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ArangoServerError);
      expect((err as ArangoServerError).httpCode).toBe(403);
      expect((err as ArangoServerError).errorNum).toBe(1004);
    } finally {
      expect(await db.cluster.setServerMode('default')).toBe('default');
    }
    await c.insert({ a: 1 });
    await db.deleteDatabase(tmp.name);
  });

  it('setServerMode refuses an unknown mode before sending', async () => {
    await expect(db.cluster.setServerMode('bogus' as 'default')).rejects.toBeInstanceOf(ArangoClientError);
  });
});

describe('db.cluster: health and per-server details', () => {
  it('health() maps every server id to its documented fields', async () => {
    const health = await db.cluster.health();
    expect(typeof health.ClusterId).toBe('string');
    const entries = Object.entries(health.Health);
    expect(entries.length).toBeGreaterThanOrEqual(3);
    expect(dbServerId).toMatch(/^PRMR-/);
    for (const [id, h] of entries) {
      expect(['Coordinator', 'DBServer', 'Agent', 'COORDINATOR', 'DBSERVER', 'AGENT']).toContain(h.Role);
      expect(['GOOD', 'BAD', 'FAILED']).toContain(h.Status);
      expect(h.Endpoint).toMatch(/^(tcp|ssl):\/\//);
      expect(typeof h.CanBeDeleted).toBe('boolean');
      if (id.startsWith('CRDN-') || id.startsWith('PRMR-')) {
        expect(typeof h.ShortName).toBe('string');
        expect(typeof h.Version).toBe('string');
        expect(typeof h.Engine).toBe('string');
      }
    }
  });

  it('serverVersion / serverEngine / serverStatistics of a DB-server', async () => {
    const v = await db.cluster.serverVersion(dbServerId);
    expect(v.server).toBe('arango');
    expect(v.version).toMatch(/^3\.12\./);
    const e = await db.cluster.serverEngine(dbServerId);
    expect(e.name).toBe('rocksdb');
    const s = await db.cluster.serverStatistics(dbServerId);
    expect(typeof s.time).toBe('number');
    expect(typeof s.server.uptime).toBe('number');
  });

  it('statistics(dbServerId) returns the DB-server statistics; unknown id is a 400', async () => {
    const s = await db.cluster.statistics(dbServerId);
    expect(typeof s.time).toBe('number');
    expect(s.system).toBeTypeOf('object');
    expect(s.http).toBeTypeOf('object');
    const err = await db.cluster.statistics('PRMR-nope').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ArangoServerError);
    expect((err as ArangoServerError).httpCode).toBe(400);
  });

  it('refuses empty server ids before sending', async () => {
    await expect(db.cluster.statistics('')).rejects.toBeInstanceOf(ArangoClientError);
    await expect(db.cluster.serverVersion('')).rejects.toBeInstanceOf(ArangoClientError);
  });

  it('serverCount() has the documented fields', async () => {
    const n = await db.cluster.serverCount();
    expect(Array.isArray(n.cleanedServers)).toBe(true);
    expect(n).toHaveProperty('numberOfDBServers');
    expect(n).toHaveProperty('numberOfCoordinators');
    expect(await db.cluster.serverCount()).toEqual(n);
  });

  // Changes the cluster's target (to the number of coordinators it has).
  it.skipIf(!destructiveAllowed)('setNumberOfServers round-trips', async () => {
    await db.cluster.setNumberOfServers({ numberOfCoordinators: coordinatorIds.length });
    expect((await db.cluster.serverCount()).numberOfCoordinators).toBe(coordinatorIds.length);
  });

  it('endpoints() lists one tcp:// endpoint per coordinator', async () => {
    const eps = await db.cluster.endpoints();
    expect(eps).toHaveLength(coordinatorIds.length);
    for (const ep of eps) expect(ep).toMatch(/^tcp:\/\/[^/]+:\d+$/);
  });
});

describe('db.cluster: maintenance', () => {
  // Switches the supervision of the whole cluster off for a moment.
  it.skipIf(!destructiveAllowed)("toggleMaintenanceMode('on'/'off') answers the supervision's message", async () => {
    const on = await db.cluster.toggleMaintenanceMode('on');
    expect(on.warning ?? '').toMatch(/deactivated/i);
    expect(await db.cluster.maintenanceMode()).toMatch(/maintenance/i);
    const off = await db.cluster.toggleMaintenanceMode('off');
    expect(off.warning ?? '').toMatch(/reactivated/i);
    expect(await db.cluster.maintenanceMode()).not.toMatch(/^maintenance$/i);
  });

  it("toggleMaintenanceMode('bogus') is refused before anything is sent", async () => {
    let sent = 0;
    const counting = new (db.constructor as new (c: Database['connection']) => Database)({
      databaseName: '_system',
      forDatabase: () => db.connection,
      send: (spec, parse) => {
        sent++;
        return db.connection.send(spec, parse);
      },
    });
    const err = await counting.cluster.toggleMaintenanceMode('bogus' as 'on').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ArangoClientError);
    expect(String((err as Error).message)).toContain('bogus');
    expect(sent).toBe(0);
  });

  // Switches a DB-server's supervision off for a moment.
  it.skipIf(!destructiveAllowed)('per-DB-server maintenance: set, read back, clear', async () => {
    expect(await db.cluster.serverMaintenanceMode(dbServerId)).toBeNull();
    await db.cluster.toggleServerMaintenanceMode(dbServerId, 'maintenance', 120);
    const m = await db.cluster.serverMaintenanceMode(dbServerId);
    expect(m?.Mode).toBe('maintenance');
    expect(Number.isNaN(Date.parse(m?.Until ?? ''))).toBe(false);
    await db.cluster.toggleServerMaintenanceMode(dbServerId, 'normal');
    expect(await db.cluster.serverMaintenanceMode(dbServerId)).toBeNull();
    await expect(db.cluster.toggleServerMaintenanceMode(dbServerId, 'off' as 'normal')).rejects.toBeInstanceOf(ArangoClientError);
  });
});

describe('db.cluster: shards and rebalancing', () => {
  let sdb: Database;
  const coll = 'sharded';

  beforeAll(async () => {
    const name = uniqueName('cl');
    sdb = await db.createDatabase(name);
    await sdb.createCollection(coll, { numberOfShards: 3, replicationFactor: 2 });
  });

  afterAll(async () => {
    await db.deleteDatabase(sdb.name, { ignoreMissing: true });
  });

  it('shardDistribution() lists Plan and Current per collection', async () => {
    const dist = await sdb.cluster.shardDistribution();
    const entry = dist[coll];
    expect(entry).toBeDefined();
    const shards = Object.keys(entry?.Plan ?? {});
    expect(shards).toHaveLength(3);
    for (const s of shards) {
      expect(typeof entry?.Plan[s]?.leader).toBe('string');
      expect(Array.isArray(entry?.Plan[s]?.followers)).toBe(true);
    }
  });

  it('collectionShardDistribution(name) matches the collection', async () => {
    const one = await sdb.cluster.collectionShardDistribution(coll);
    expect(Object.keys(one.Plan)).toHaveLength(3);
    expect(Object.keys(one.Current)).toHaveLength(3);
  });

  it('calculateImbalance() has leader and shard figures and move counters', async () => {
    const imb = await db.cluster.calculateImbalance();
    expect(Array.isArray(imb.leader.weightUsed)).toBe(true);
    expect(typeof imb.leader.imbalance).toBe('number');
    expect(Array.isArray(imb.shards.sizeUsed)).toBe(true);
    expect(typeof imb.shards.totalShards).toBe('number');
    expect(typeof imb.pendingMoveShards).toBe('number');
    expect(typeof imb.todoMoveShards).toBe('number');
  });

  it('calculateRebalancePlan() → executeRebalancePlan(moves); rebalance() computes and executes', async () => {
    const plan = await db.cluster.calculateRebalancePlan({ moveLeaders: true, moveFollowers: true, maximumNumberOfMoves: 10 });
    expect(plan.imbalanceBefore.leader).toBeDefined();
    expect(plan.imbalanceAfter.shards).toBeDefined();
    expect(Array.isArray(plan.moves)).toBe(true);
    for (const m of plan.moves) {
      expect(typeof m.from).toBe('string');
      expect(typeof m.to).toBe('string');
      expect(typeof m.shard).toBe('string');
      expect(typeof m.collection).toBe('number');
      expect(typeof m.isLeader).toBe('boolean');
    }
    expect(await db.cluster.executeRebalancePlan([])).toBe(false);
    // Executing moves shards of every database around.
    if (!destructiveAllowed) return;
    if (plan.moves.length > 0) expect(await db.cluster.executeRebalancePlan(plan.moves)).toBe(true);
    const done = await db.cluster.rebalance({ excludeSystemCollections: true });
    expect(Array.isArray(done.moves)).toBe(true);
  });

  // Moves shards and a DB-server's leaderships around.
  it.skipIf(!destructiveAllowed)('moveShard / resignLeadership start agency jobs that can be queried', async () => {
    const one = await sdb.cluster.collectionShardDistribution(coll);
    const [shard, loc] = Object.entries(one.Plan)[0] ?? [];
    expect(shard).toBeDefined();
    const health = await db.cluster.health();
    const byShort = new Map(Object.entries(health.Health).map(([id, h]) => [h.ShortName, id]));
    const dbServers = Object.entries(health.Health).filter(([, h]) => h.Role === 'DBServer' || h.Role === 'DBSERVER').map(([id]) => id);
    const from = byShort.get(loc?.leader) ?? loc?.leader ?? '';
    const holders = new Set([loc?.leader, ...(loc?.followers ?? [])].map((s) => byShort.get(s) ?? s));
    const to = dbServers.find((id) => !holders.has(id));
    if (to !== undefined) {
      const job = await sdb.cluster.moveShard({ collection: coll, shard: shard ?? '', fromServer: from, toServer: to });
      expect(typeof job.id).toBe('string');
      const q = await db.cluster.queryAgencyJob(job.id);
      expect(typeof q.status).toBe('string');
    }
    const resign = await db.cluster.resignLeadership(dbServerId);
    expect(typeof resign.id).toBe('string');
    await expect(db.cluster.moveShard({ collection: '', shard: 's1', fromServer: 'a', toServer: 'b' })).rejects.toBeInstanceOf(ArangoClientError);
  });
});

describe('db.cluster: ids and agency jobs', () => {
  it('reserveUniqueIds({ number }) answers a range; needs exactly one of number/minimum', async () => {
    const r = await db.cluster.reserveUniqueIds({ number: 10 });
    expect(BigInt(r.largest) - BigInt(r.smallest)).toBe(9n);
    await expect(db.cluster.reserveUniqueIds({} as { number: number })).rejects.toBeInstanceOf(ArangoClientError);
  });

  // Empties a DB-server.
  it.skipIf(!destructiveAllowed)('cleanOutServer starts an agency job that queryAgencyJob reports', async () => {
    const health = await db.cluster.health();
    const dbServers = Object.entries(health.Health).filter(([, h]) => h.Role === 'DBServer' || h.Role === 'DBSERVER');
    const last = dbServers[dbServers.length - 1]?.[0] ?? '';
    const job = await db.cluster.cleanOutServer(last);
    expect(job.id).toMatch(/\S/);
    const q = await db.cluster.queryAgencyJob(job.id);
    expect(['ToDo', 'Pending', 'Finished', 'Failed']).toContain(q.status);
    const unknown = await db.cluster.queryAgencyJob('no-such-job').catch((e: unknown) => e);
    expect(unknown).toBeInstanceOf(ArangoServerError);
    expect((unknown as ArangoServerError).httpCode).toBe(404);
  });
});
