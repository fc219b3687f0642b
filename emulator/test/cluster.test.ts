import { createServer, type AddressInfo, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, type EmulatorCluster } from 'arangots-emulator';
import { call, PASSWORD } from './http.js';

let cluster: EmulatorCluster;
let url: string;
let dbServers: Array<{ id: string; shortName: string }>;

type HealthEntry = { Role: string; Status: string; ShortName?: string; Endpoint: string; CanBeDeleted: boolean; Version: string; Engine: string };

beforeAll(async () => {
  cluster = await startCluster({ coordinators: 3, dbServers: 3, agents: 3, rootPassword: PASSWORD });
  url = cluster.urls[0] as string;
  dbServers = cluster.state.nodesByRole('PRIMARY').map((n) => ({ id: n.id, shortName: n.shortName }));
  await call(url, 'POST', '/_api/user', { body: { user: 'viewer', passwd: 'v' } });
  await call(url, 'PUT', '/_api/user/viewer/database/_system', { body: { grant: 'ro' } });
});
afterAll(() => cluster.close());

describe('startCluster', () => {
  it('starts N coordinators on distinct loopback ports', () => {
    expect(cluster.urls).toHaveLength(3);
    expect(new Set(cluster.urls).size).toBe(3);
    for (const u of cluster.urls) expect(u).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(cluster.coordinators.map((c) => c.shortName)).toEqual(['Coordinator0001', 'Coordinator0002', 'Coordinator0003']);
  });

  it('uses consecutive ports from a given port', async () => {
    const free = await twoFreePorts();
    const c = await startCluster({ coordinators: 2, port: free });
    try {
      expect(c.coordinators.map((x) => x.port)).toEqual([free, free + 1]);
    } finally {
      await c.close();
    }
  });

  it('refuses bad options', async () => {
    await expect(startCluster({ coordinators: 0 })).rejects.toThrow(/coordinators/);
    await expect(startCluster({ port: -1 })).rejects.toThrow(/port/);
  });
});

describe('health and endpoints', () => {
  it('reports every coordinator, DB-server and agent', async () => {
    const r = await call(url, 'GET', '/_admin/cluster/health');
    expect(r.json).toMatchObject({ error: false, code: 200, ClusterId: cluster.state.clusterId });
    const health = r.json.Health as Record<string, HealthEntry>;
    const byPrefix = (p: string): HealthEntry[] => Object.entries(health).filter(([id]) => id.startsWith(p)).map(([, h]) => h);
    expect(byPrefix('CRDN-').map((h) => h.Role)).toEqual(['Coordinator', 'Coordinator', 'Coordinator']);
    expect(byPrefix('PRMR-').map((h) => h.ShortName)).toEqual(['DBServer0001', 'DBServer0002', 'DBServer0003']);
    expect(byPrefix('AGNT-').map((h) => h.Role)).toEqual(['Agent', 'Agent', 'Agent']);
    for (const h of Object.values(health)) {
      expect(h.Status).toBe('GOOD');
      expect(h.CanBeDeleted).toBe(false);
      expect(h.Engine).toBe('rocksdb');
    }
    expect((await call(url, 'GET', '/_admin/cluster/health', { auth: ['viewer', 'v'] })).status).toBe(200);
    expect((await call(url, 'POST', '/_admin/cluster/health')).json).toMatchObject({ code: 405, errorNum: 405 });
  });

  it('lists coordinator endpoints as tcp:// for any user', async () => {
    const r = await call(url, 'GET', '/_api/cluster/endpoints', { auth: ['viewer', 'v'] });
    expect(r.json).toEqual({ error: false, code: 200, endpoints: cluster.urls.map((u) => ({ endpoint: u.replace('http://', 'tcp://') })) });
  });

  it('answers node version, engine and statistics of any server', async () => {
    const db = dbServers[0]!;
    expect((await call(url, 'GET', `/_admin/cluster/nodeVersion?ServerID=${db.id}`)).json).toMatchObject({ server: 'arango' });
    expect((await call(url, 'GET', `/_admin/cluster/nodeEngine?ServerID=${db.shortName}`)).json).toMatchObject({ name: 'rocksdb' });
    const coord = cluster.coordinators[1]!;
    const stats = await call(url, 'GET', `/_admin/cluster/nodeStatistics?ServerID=${coord.id}`);
    expect(stats.json).toMatchObject({ enabled: true, code: 200 });
    expect((await call(url, 'GET', '/_admin/cluster/nodeVersion')).json).toMatchObject({ code: 400, errorMessage: 'missing parameter `ServerID`' });
    expect((await call(url, 'GET', '/_admin/cluster/nodeVersion?ServerID=PRMR-unknown')).json).toMatchObject({ code: 400, errorMessage: 'unknown server' });
  });

  it('answers DB-server statistics and refuses other ids', async () => {
    const r = await call(url, 'GET', `/_admin/cluster/statistics?DBserver=${dbServers[1]!.id}`);
    expect(r.json).toMatchObject({ enabled: true, error: false, code: 200 });
    expect(r.json.http).toHaveProperty('requestsTotal');
    expect((await call(url, 'GET', '/_admin/cluster/statistics')).json).toMatchObject({ code: 400, errorNum: 400 });
    expect((await call(url, 'GET', `/_admin/cluster/statistics?DBserver=${cluster.coordinators[0]!.id}`)).status).toBe(403);
    expect((await call(url, 'GET', '/_admin/cluster/statistics?DBserver=nope')).status).toBe(400);
  });
});

describe('number of servers', () => {
  it('gets and sets the target numbers', async () => {
    const r = await call(url, 'GET', '/_admin/cluster/numberOfServers');
    expect(r.json).toEqual({ numberOfDBServers: 3, numberOfCoordinators: 3, cleanedServers: [], error: false, code: 200 });
    expect((await call(url, 'PUT', '/_admin/cluster/numberOfServers', { body: { numberOfDBServers: 4 } })).json).toEqual({ error: false, code: 200 });
    expect((await call(url, 'GET', '/_admin/cluster/numberOfServers')).json.numberOfDBServers).toBe(4);
    expect((await call(url, 'PUT', '/_admin/cluster/numberOfServers', { body: { numberOfCoordinators: 'many' } })).json).toMatchObject({ code: 400, errorNum: 10 });
    expect((await call(url, 'PUT', '/_admin/cluster/numberOfServers', { body: { cleanedServers: [1] } })).json).toMatchObject({ code: 400, errorNum: 10 });
    expect((await call(url, 'PUT', '/_admin/cluster/numberOfServers', { auth: ['viewer', 'v'], body: {} })).json).toMatchObject({ code: 403 });
    expect((await call(url, 'PUT', '/_admin/cluster/numberOfServers', { body: {} })).status).toBe(200);
    await call(url, 'PUT', '/_admin/cluster/numberOfServers', { body: { numberOfDBServers: 3 } });
  });
});

describe('maintenance', () => {
  it('toggles supervision maintenance and reflects it', async () => {
    expect((await call(url, 'GET', '/_admin/cluster/maintenance')).json).toEqual({ error: false, result: 'Normal' });
    const on = await call(url, 'PUT', '/_admin/cluster/maintenance', { body: 'on' });
    expect(on.json).toEqual({ error: false, warning: expect.stringContaining('Cluster supervision deactivated') });
    expect((await call(cluster.urls[2] as string, 'GET', '/_admin/cluster/maintenance')).json.result).toBe('Maintenance');
    expect(((await call(url, 'GET', '/_admin/status')).json.serverInfo as { maintenance: boolean }).maintenance).toBe(true);
    // Coordinators keep serving in supervision maintenance.
    expect((await call(url, 'GET', '/_api/version')).status).toBe(200);
    const off = await call(url, 'PUT', '/_admin/cluster/maintenance', { body: 'off' });
    expect(off.json).toEqual({ error: false, warning: 'Cluster supervision reactivated.' });
    expect((await call(url, 'GET', '/_admin/cluster/maintenance')).json.result).toBe('Normal');
    const bad = await call(url, 'PUT', '/_admin/cluster/maintenance', { body: 'maybe' });
    expect(bad.json).toMatchObject({ code: 400, errorNum: 10, errorMessage: 'string expected with value `on` or `off`' });
    expect((await call(url, 'PUT', '/_admin/cluster/maintenance', { body: { mode: 'on' } })).status).toBe(400);
    expect((await call(url, 'PUT', '/_admin/cluster/maintenance', { auth: ['viewer', 'v'], body: 'on' })).status).toBe(403);
  });

  it('puts one DB-server into maintenance and back', async () => {
    const db = dbServers[0]!;
    expect((await call(url, 'GET', `/_admin/cluster/maintenance/${db.id}`)).json).toEqual({ error: false, code: 200 });
    const set = await call(url, 'PUT', `/_admin/cluster/maintenance/${db.id}`, { body: { mode: 'maintenance', timeout: 120 } });
    expect(set.json).toEqual({ error: false, code: 200 });
    const got = await call(url, 'GET', `/_admin/cluster/maintenance/${db.id}`);
    const result = got.json.result as { Mode: string; Until: string };
    expect(result.Mode).toBe('maintenance');
    expect(Date.parse(result.Until) - Date.now()).toBeGreaterThan(60_000);
    await call(url, 'PUT', `/_admin/cluster/maintenance/${db.id}`, { body: { mode: 'normal' } });
    expect((await call(url, 'GET', `/_admin/cluster/maintenance/${db.id}`)).json.result).toBeUndefined();
    expect((await call(url, 'PUT', `/_admin/cluster/maintenance/${db.id}`, { body: { mode: 'sleep' } })).status).toBe(400);
    const agent = cluster.state.nodesByRole('AGENT')[0]!;
    expect((await call(url, 'PUT', `/_admin/cluster/maintenance/${agent.id}`, { body: { mode: 'maintenance' } })).status).toBe(412);
    expect((await call(url, 'GET', '/_admin/cluster/maintenance/PRMR-none')).status).toBe(404);
  });
});

describe('shards', () => {
  it('reports the shard distribution of the collections of the database', async () => {
    await call(url, 'POST', '/_api/database', { body: { name: 'shardy' } });
    const db = cluster.state.database('shardy');
    db.createCollection({ name: 'orders', numberOfShards: 3, replicationFactor: 2 }, { cluster: true });
    const r = await call(url, 'GET', '/_db/shardy/_admin/cluster/shardDistribution');
    expect(r.json).toMatchObject({ error: false, code: 200 });
    const orders = (r.json.results as Record<string, { Plan: Record<string, { leader: string; followers: string[] }>; Current: unknown }>).orders!;
    const shards = Object.entries(orders.Plan);
    expect(shards).toHaveLength(3);
    const aliases = dbServers.map((d) => d.shortName);
    for (const [id, s] of shards) {
      expect(id).toMatch(/^s\d+$/);
      expect(aliases).toContain(s.leader);
      expect(s.followers).toHaveLength(1);
      expect(s.followers[0]).not.toBe(s.leader);
    }
    expect(orders.Current).toEqual(orders.Plan);
    const one = await call(url, 'GET', '/_db/shardy/_admin/cluster/collectionShardDistribution?collection=orders');
    expect(Object.keys(one.json.results as object)).toEqual(['orders']);
    expect((await call(url, 'GET', '/_db/shardy/_admin/cluster/collectionShardDistribution')).status).toBe(400);
    expect((await call(url, 'GET', '/_db/shardy/_admin/cluster/shardDistribution', { auth: ['viewer', 'v'] })).status).toBe(401);
  });

  it('moves a shard and reports the agency job', async () => {
    const plan = cluster.state.shards.shardsOf('shardy', 'orders');
    const shard = plan[0]!;
    const leader = shard.leader;
    const target = dbServers.find((d) => d.id !== leader && !shard.followers.includes(d.id))!;
    const r = await call(url, 'POST', '/_db/shardy/_admin/cluster/moveShard', {
      body: { collection: 'orders', shard: shard.id, fromServer: leader, toServer: target.shortName, remainsFollower: false },
    });
    expect(r.status).toBe(202);
    expect(r.json).toMatchObject({ error: false, code: 202, id: expect.any(String) });
    expect(cluster.state.shards.shardsOf('shardy', 'orders')[0]!.leader).toBe(target.id);
    const job = await call(url, 'GET', `/_admin/cluster/queryAgencyJob?id=${r.json.id as string}`);
    expect(job.json).toMatchObject({ error: false, job: r.json.id, status: 'Finished', type: 'moveShard', shard: shard.id });
    expect((await call(url, 'GET', '/_admin/cluster/queryAgencyJob?id=999999999')).status).toBe(404);
    expect((await call(url, 'POST', '/_db/shardy/_admin/cluster/moveShard', { body: { collection: 'orders' } })).json).toMatchObject({ code: 400, errorNum: 10 });
    const missing = await call(url, 'POST', '/_db/shardy/_admin/cluster/moveShard', {
      body: { collection: 'orders', shard: 's0', fromServer: leader, toServer: target.id },
    });
    expect(missing.status).toBe(404);
  });

  it('computes imbalance, plans and executes a rebalance', async () => {
    // Pile every leader onto one server, then let the rebalancer spread them.
    const first = dbServers[0]!.id;
    for (const s of cluster.state.shards.shardsOf('shardy', 'orders')) {
      if (s.leader !== first) {
        if (s.followers.includes(first)) s.followers = s.followers.map((f) => (f === first ? s.leader : f));
        s.leader = first;
      }
    }
    const imb = await call(url, 'GET', '/_admin/cluster/rebalance');
    const result = imb.json.result as { leader: { weightUsed: number[]; imbalance: number }; shards: { numberShards: number[] } };
    expect(imb.json).toMatchObject({ code: 200, error: false, pendingMoveShards: 0, todoMoveShards: 0 });
    expect(result.leader.weightUsed).toHaveLength(3);
    expect(result.leader.imbalance).toBeGreaterThan(0);
    expect(result.shards.numberShards).toHaveLength(3);

    const planned = await call(url, 'POST', '/_admin/cluster/rebalance', { body: { version: 1, moveLeaders: true, moveFollowers: true } });
    const p = planned.json.result as { moves: Array<{ from: string; to: string; shard: string; isLeader: boolean; collection: number }>; imbalanceBefore: { leader: { imbalance: number } }; imbalanceAfter: { leader: { imbalance: number } } };
    expect(p.moves.length).toBeGreaterThan(0);
    expect(p.imbalanceAfter.leader.imbalance).toBeLessThan(p.imbalanceBefore.leader.imbalance);
    expect(typeof p.moves[0]!.collection).toBe('number');
    // Computing a plan changes nothing.
    expect(cluster.state.shards.shardsOf('shardy', 'orders').every((s) => s.leader === first)).toBe(true);

    const exec = await call(url, 'POST', '/_admin/cluster/rebalance/execute', { body: { version: 1, moves: p.moves } });
    expect(exec.status).toBe(202);
    const after = await call(url, 'GET', '/_admin/cluster/rebalance');
    const afterLeader = (after.json.result as { leader: { imbalance: number } }).leader.imbalance;
    expect(afterLeader).toBeCloseTo(p.imbalanceAfter.leader.imbalance, 6);
    expect(afterLeader).toBeLessThan(p.imbalanceBefore.leader.imbalance);
    expect((await call(url, 'POST', '/_admin/cluster/rebalance/execute', { body: { version: 1, moves: [] } })).status).toBe(200);
    expect((await call(url, 'POST', '/_admin/cluster/rebalance', { body: { version: 2 } })).status).toBe(400);
    const put = await call(url, 'PUT', '/_admin/cluster/rebalance', { body: { version: 1 } });
    expect(put.json).toMatchObject({ code: 200, error: false });
  });

  it('cleans out and resigns leadership of a DB-server', async () => {
    const victim = dbServers[2]!;
    const r = await call(url, 'POST', '/_admin/cluster/cleanOutServer', { body: { server: victim.id } });
    expect(r.status).toBe(202);
    expect(cluster.state.shards.shardsOnServer(victim.id)).toBe(0);
    expect((await call(url, 'GET', '/_admin/cluster/numberOfServers')).json.cleanedServers).toEqual([victim.id]);
    const rl = await call(url, 'POST', '/_admin/cluster/resignLeadership', { body: { server: dbServers[0]!.shortName } });
    expect(rl.status).toBe(202);
    expect((await call(url, 'POST', '/_admin/cluster/cleanOutServer', { body: {} })).status).toBe(400);
    expect((await call(url, 'POST', '/_admin/cluster/cleanOutServer', { body: { server: 'PRMR-x' } })).status).toBe(404);
  });
});

describe('command dispatch', () => {
  it('answers unknown commands and deep paths as ArangoDB', async () => {
    expect((await call(url, 'GET', '/_admin/cluster/frobnicate')).json).toMatchObject({ code: 400, errorNum: 400, errorMessage: "invalid command 'frobnicate'" });
    expect((await call(url, 'GET', '/_admin/cluster/health/extra')).json).toMatchObject({ code: 400, errorNum: 601 });
  });

  it('reserves unique ids', async () => {
    const r = await call(url, 'PUT', '/_admin/cluster/uniqId?number=10');
    expect(Number(r.json.largest) - Number(r.json.smallest)).toBe(9);
    const m = await call(url, 'PUT', '/_admin/cluster/uniqId?minimum=5000000');
    expect(m.status).toBe(200);
    expect(Number(cluster.state.newTick())).toBeGreaterThanOrEqual(5000000);
    expect((await call(url, 'PUT', '/_admin/cluster/uniqId')).status).toBe(400);
  });
});

/** A port p such that p and p + 1 were both free a moment ago (other test files bind ports too). */
async function twoFreePorts(): Promise<number> {
  const listen = (port: number) =>
    new Promise<Server | null>((resolve) => {
      const srv = createServer();
      srv.once('error', () => resolve(null));
      srv.listen(port, '127.0.0.1', () => resolve(srv));
    });
  const close = (srv: Server) => new Promise<void>((resolve) => srv.close(() => resolve()));
  for (let attempt = 0; attempt < 50; attempt++) {
    const first = await listen(0);
    if (!first) continue;
    const port = (first.address() as AddressInfo).port;
    const second = await listen(port + 1);
    await close(first);
    if (second) {
      await close(second);
      return port;
    }
  }
  throw new Error('no two consecutive free ports found');
}
