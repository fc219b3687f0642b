import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type EmulatorCluster } from 'arangots-emulator';
import { ArangoClient, ArangoClientError, errors, type Database } from 'arangots';
import { realServer, startTestServer, type TestServer } from './helpers/server.js';
import { serverError } from './helpers/database.js';

// Coordinators refuse most replication calls; a single server answers them. The cluster comes
// from the test helper, the single server from the emulator (skipped against a real server).
let cluster: TestServer;
let single: EmulatorCluster | undefined;
const clients: ArangoClient[] = [];
let coord: Database;
let sngl: Database;

beforeAll(async () => {
  cluster = await startTestServer();
  const c = new ArangoClient({ hosts: cluster.urls });
  clients.push(c);
  coord = await c.db('_system', { username: cluster.username, password: cluster.password });
  if (!realServer) {
    single = await startServer({ rootPassword: 'pw', port: 0 });
    const s = new ArangoClient({ hosts: single.urls });
    clients.push(s);
    sngl = await s.db('_system', { username: 'root', password: 'pw' });
  }
});

afterAll(async () => {
  for (const c of clients) await c.close();
  await single?.close();
  await cluster?.close();
});

describe('replication on a coordinator', () => {
  it('logger state and server id are answered', async () => {
    const state = await coord.replication.loggerState();
    expect(state.state.running).toBe(true);
    expect(state.state.lastLogTick).toMatch(/^\d+$/);
    expect(Array.isArray(state.clients)).toBe(true);
    expect(await coord.replication.serverId()).toMatch(/^\d+$/);
  });

  it('applier and tick calls are refused with 501 / ERROR_CLUSTER_UNSUPPORTED', async () => {
    const calls = [
      () => coord.replication.loggerFirstTick(),
      () => coord.replication.applierConfig(),
      () => coord.replication.applierState(),
      () => coord.wal.lastTick(),
      () => coord.wal.tail({ from: 1 }),
    ];
    for (const call of calls) {
      const err = await serverError(call());
      expect(err.httpCode).toBe(501);
      expect(err.errorNum).toBe(errors.ERROR_CLUSTER_UNSUPPORTED);
    }
  });

  it('validates input before sending', async () => {
    await expect(coord.replication.createDumpBatch(0)).rejects.toBeInstanceOf(ArangoClientError);
    await expect(coord.replication.dump('', { batchId: 1 })).rejects.toBeInstanceOf(ArangoClientError);
    await expect(coord.wal.tail({ from: Number.NaN })).rejects.toBeInstanceOf(ArangoClientError);
  });
});

describe.skipIf(realServer)('replication and WAL on a single server', () => {
  it('logger ticks, server id and WAL tick range', async () => {
    expect(await sngl.replication.loggerFirstTick()).toMatch(/^\d+$/);
    const range = await sngl.wal.tickRanges();
    expect(BigInt(range.tickMax) >= BigInt(range.tickMin)).toBe(true);
    const last = await sngl.wal.lastTick();
    expect(last.tick).toMatch(/^\d+$/);
    expect(last.server.serverId).toBe(await sngl.replication.serverId());
  });

  it('tailing with nothing new answers 204: no entries, headers parsed', async () => {
    const { tick } = await sngl.wal.lastTick();
    const tail = await sngl.wal.tail({ from: tick, chunkSize: 4096, global: false });
    expect(tail.entries).toEqual([]);
    expect(tail.checkMore).toBe(false);
    expect(tail.fromPresent).toBe(true);
    expect(tail.lastIncluded).toBe('0');
    expect(tail.lastTick).toMatch(/^\d+$/);
  });

  it('applier configuration round-trips; starting without a leader reports the failure', async () => {
    const before = await sngl.replication.applierConfig();
    expect(before.requestTimeout).toBeTypeOf('number');
    const set = await sngl.replication.setApplierConfig({
      endpoint: 'tcp://127.0.0.1:1',
      username: 'replicator',
      password: 'applier-secret',
      chunkSize: 4194304,
      autoStart: false,
    });
    expect(set.endpoint).toBe('tcp://127.0.0.1:1');
    expect(set.chunkSize).toBe(4194304);
    expect(JSON.stringify(set)).not.toContain('applier-secret');
    const state = await sngl.replication.applierState();
    expect(state.state.running).toBe(false);
    await sngl.replication.startApplier();
    const stopped = await sngl.replication.stopApplier();
    expect(stopped.state.running).toBe(false);
  });

  it('WAL administration: flush and transactions answer; properties is the RocksDB 501', async () => {
    await sngl.wal.flush({ waitForSync: true, waitForCollector: false });
    expect((await sngl.wal.transactions()).runningTransactions).toBe(0);
    const err = await serverError(sngl.wal.properties());
    expect(err.httpCode).toBe(501);
  });
});

describe('dump batches and inventories (issue 19 item 10)', () => {
  it('a coordinator answers clusterInventory: every collection with parameters, indexes, isReady, allInSync', async () => {
    const name = `inv_${Date.now()}`;
    const coll = await coord.createCollection(name, { numberOfShards: 2 });
    try {
      await coll.addPersistentIndex(['n']);
      const inv = await coord.replication.clusterInventory({ includeSystem: false });
      const entry = (inv.collections as Array<{ parameters: { name: string }; indexes: Array<{ type: string }>; planVersion: number; isReady: boolean; allInSync: boolean }>)
        .find((c) => c.parameters.name === name);
      expect(entry).toMatchObject({ planVersion: 1, isReady: true, allInSync: true });
      expect(entry?.indexes.map((i) => i.type)).toEqual(['persistent']);
      expect((inv.collections as Array<{ parameters: { isSystem: boolean } }>).some((c) => c.parameters.isSystem)).toBe(false);
      expect(inv).toMatchObject({ state: 'unused', views: expect.any(Array), tick: expect.stringMatching(/^\d+$/) });
    } finally {
      await coll.drop();
    }
  });

  it('a coordinator needs DBserver for batch, inventory and dump', async () => {
    const err = await serverError(coord.replication.createDumpBatch(30));
    expect(err.httpCode).toBe(400);
    expect(err.errorNum).toBe(errors.ERROR_HTTP_BAD_PARAMETER);
  });

  // RestReplicationHandler::forwardingTarget: with DBserver the coordinator forwards to that
  // DB-Server, whose collections are the shards it holds
  it('with DBserver a coordinator answers as that DB-Server: its shards are its collections', async () => {
    const name = `shards_${Date.now()}`;
    const coll = await coord.createCollection(name, { numberOfShards: 3 });
    try {
      await coll.insertMany(Array.from({ length: 30 }, (_, i) => ({ _key: `k${i}`, n: i })));
      const map = await coll.shards({ details: true });
      const seen: string[] = [];
      for (const server of new Set(Object.values(map).map((servers) => servers[0] as string))) {
        const batch = await coord.replication.createDumpBatch(60, { dbServer: server });
        try {
          const inv = await coord.replication.inventory({ batchId: batch.id, includeSystem: false, dbServer: server });
          const mine = Object.entries(map).filter(([, servers]) => servers.includes(server)).map(([shard]) => shard);
          const listed = inv.collections.map((c) => String(c.parameters.name)).filter((n) => Object.keys(map).includes(n));
          expect(listed.sort()).toEqual(mine.sort());
          for (const shard of Object.keys(map).filter((sh) => map[sh]?.[0] === server)) {
            const chunk = await coord.replication.dump(shard, { batchId: batch.id, dbServer: server, chunkSize: 1 << 20 });
            seen.push(...chunk.entries.map((e) => String(e.data?._key)));
          }
        } finally {
          await coord.replication.deleteDumpBatch(batch.id, { dbServer: server });
        }
      }
      // every document is in exactly one leader shard
      expect(seen.sort()).toEqual(Array.from({ length: 30 }, (_, i) => `k${i}`).sort());
      const other = await serverError(coord.replication.inventory({ batchId: 1, dbServer: 'PRMR-no-such-server' }));
      // the emulator's answer for a server that cannot be reached is inferred (see replication-dump.ts)
      if (!realServer) expect(other.httpCode).toBe(503);
      else expect(other.httpCode).toBeGreaterThanOrEqual(400);
    } finally {
      await coll.drop();
    }
  });

  it.skipIf(realServer)('a single server dumps a snapshot in chunks; batches extend and delete; clusterInventory is coordinator-only', async () => {
    const coll = await sngl.createCollection(`dump_${Date.now()}`);
    try {
      await coll.insertMany(Array.from({ length: 50 }, (_, i) => ({ _key: `k${i}`, n: i, pad: 'x'.repeat(100) })));
      await coll.addPersistentIndex(['n']);
      const batch = await sngl.replication.createDumpBatch(60);
      expect(batch).toEqual({ id: expect.stringMatching(/^\d+$/), lastTick: expect.stringMatching(/^\d+$/) });
      // written after the batch: not in its snapshot
      await coll.insert({ _key: 'late' });
      const inv = await sngl.replication.inventory({ batchId: batch.id, includeSystem: false });
      const entry = inv.collections.find((c) => c.parameters.name === coll.name);
      expect(entry?.indexes.map((i) => i.type)).toEqual(['persistent']);
      expect(inv.state.lastLogTick).toBe(batch.lastTick);
      const keys: string[] = [];
      for (let round = 0; round < 20; round++) {
        const chunk = await sngl.replication.dump(coll.name, { batchId: batch.id, chunkSize: 1000 });
        for (const e of chunk.entries) {
          expect(e.type).toBe(2300);
          keys.push(String(e.data?._key));
        }
        if (!chunk.checkMore) break;
        expect(chunk.entries.length).toBeGreaterThan(0);
      }
      expect(keys.sort()).toEqual(Array.from({ length: 50 }, (_, i) => `k${i}`).sort());
      await sngl.replication.extendDumpBatch(batch.id, 120);
      await sngl.replication.deleteDumpBatch(batch.id);
      const gone = await serverError(sngl.replication.inventory({ batchId: batch.id }));
      expect(gone.httpCode).toBe(404);
      expect(gone.errorNum).toBe(errors.ERROR_CURSOR_NOT_FOUND);
      const onlyCoord = await serverError(sngl.replication.clusterInventory());
      expect(onlyCoord.httpCode).toBe(403);
      expect(onlyCoord.errorNum).toBe(errors.ERROR_CLUSTER_ONLY_ON_COORDINATOR);
    } finally {
      await coll.drop();
    }
  });
});

describe.skipIf(realServer)('WAL tailing on a single server (issue 19 item 22)', () => {
  it('hands out the markers after `from`: collection, documents, removal, index, drop; chunked', async () => {
    const { tick } = await sngl.wal.lastTick();
    const name = `wal_${Date.now()}`;
    const coll = await sngl.createCollection(name);
    await coll.insert({ _key: 'a', n: 1 });
    await coll.insert({ _key: 'b', n: 2 });
    await coll.update('a', { n: 3 });
    await coll.delete('b');
    await coll.addPersistentIndex(['n']);
    const all = await sngl.wal.tail({ from: tick });
    const mine = all.entries.filter((e) => e.db === '_system');
    expect(mine.map((e) => e.type)).toEqual([2000, 2300, 2300, 2300, 2302, 2100]);
    expect(mine[3]?.data).toMatchObject({ _key: 'a', n: 3 });
    expect(mine[4]?.data).toMatchObject({ _key: 'b' });
    expect(all.lastIncluded).toBe(mine[5]?.tick);
    expect(all.fromPresent).toBe(true);
    // the log starts when a client first reads it: tailing from before that is not "present"
    expect((await sngl.wal.tail({ from: 0, chunkSize: 10 })).fromPresent).toBe(false);
    // a small chunk: one marker, and checkMore
    const first = await sngl.wal.tail({ from: tick, chunkSize: 10 });
    expect(first.entries).toHaveLength(1);
    expect(first.checkMore).toBe(true);
    const next = await sngl.wal.tail({ from: first.lastIncluded ?? '0', chunkSize: 10 });
    expect(next.entries[0]?.tick).toBe(mine[1]?.tick);
    // a stream transaction's writes: framed by its begin and commit markers, with its id
    const before = (await sngl.wal.lastTick()).tick;
    const trx = await sngl.beginTransaction({ write: [name] });
    await trx.collection(name).insertMany([{ _key: 't1' }, { _key: 't2' }]);
    await trx.commit();
    const framed = (await sngl.wal.tail({ from: before })).entries;
    expect(framed.map((e) => e.type)).toEqual([2200, 2300, 2300, 2201]);
    expect(new Set(framed.map((e) => e.tid))).toEqual(new Set([trx.id]));
    // views: create and drop markers
    const beforeView = (await sngl.wal.lastTick()).tick;
    const view = await sngl.createView(`${name}_v`, { type: 'arangosearch' });
    await view.drop();
    expect((await sngl.wal.tail({ from: beforeView })).entries.map((e) => e.type)).toEqual([2111]);
    // once dropped, only the drop marker is left of the collection (RocksDB cannot name it any more)
    await coll.drop();
    const after = await sngl.wal.tail({ from: tick });
    expect(after.entries.filter((e) => e.db === '_system').map((e) => e.type)).toEqual([2111, 2001]);
  });
});
