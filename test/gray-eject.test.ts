/**
 * Lost-race ejection against real injected faults (outlier.ts `lostRaceExcess`): under the same
 * read load, a coordinator whose answers straggle (hedged away, so its latency percentiles look
 * fine) leaves rotation, and a healthy cluster sees no ejection at all. Bounds are generous (a
 * loaded machine); bench/eject.mjs carries the numbers.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ArangoClient, path, type ClientEvents, type Database } from 'arangots';
import { realServer, startTestServer, uniqueName, type TestServer } from './helpers/server.js';

let server: TestServer;
let open: ArangoClient[] = [];

beforeAll(async () => {
  server = await startTestServer({ coordinators: 3 });
});
afterEach(async () => {
  await Promise.all(open.map((c) => c.close()));
  open = [];
  for (const co of server.emulator?.coordinators ?? []) await co.heal();
});
afterAll(async () => {
  await server.close();
});

async function connect(): Promise<{ c: ArangoClient; db: Database; downs: (ClientEvents['hostDown'] & { at: number })[] }> {
  const c = new ArangoClient({ hosts: server.urls, hostResolver: 'roundrobin' });
  open.push(c);
  const downs: (ClientEvents['hostDown'] & { at: number })[] = [];
  c.on('hostDown', (e) => downs.push({ ...e, at: performance.now() }));
  return { c, db: await c.db('_system', { username: server.username, password: server.password }), downs };
}

/** 16 readers of one document until `until()` or `ms` pass; returns the reads done. */
async function load(db: Database, name: string, ms: number, until: () => boolean = () => false): Promise<number> {
  const end = performance.now() + ms;
  let reads = 0;
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (performance.now() < end && !until()) {
        await db.request({ method: 'GET', path: path`/_api/document/${name}/seed` });
        reads++;
      }
    }),
  );
  return reads;
}

describe.skipIf(realServer)('lost-race ejection under real faults', () => {
  it('a healthy cluster under read load: no host leaves rotation', async () => {
    const { c, db, downs } = await connect();
    const name = uniqueName('eject');
    await db.request({ method: 'POST', path: '/_api/collection', body: { name } });
    await db.request({ method: 'POST', path: path`/_api/document/${name}`, body: { _key: 'seed' } });
    const reads = await load(db, name, 6_000);
    expect(reads).toBeGreaterThan(1_000);
    expect(downs.map((d) => [d.host.id, d.kind, d.reason])).toEqual([]);
    // the reads were spread and some were hedged: the test had something to judge
    for (const h of c.hosts()) expect(h.stats.answers).toBeGreaterThan(reads / 10);
  }, 60_000);

  for (const [fraction, within] of [
    [0.1, 15_000],
    [0.05, 30_000],
  ] as const) {
    it(`stragglers on ${fraction * 100} % of one coordinator's answers (800 ms late, hedged away): it leaves rotation for the races it loses, its peers stay`, async () => {
      const { db, downs } = await connect();
      const name = uniqueName('eject');
      await db.request({ method: 'POST', path: '/_api/collection', body: { name } });
      await db.request({ method: 'POST', path: path`/_api/document/${name}`, body: { _key: 'seed' } });
      // a healthy phase first: the peers' evidence, and the hedge delay, come from it
      await load(db, name, 2_000);
      expect(downs).toEqual([]);
      const co = server.emulator!.coordinators[0]!;
      co.stragglers(fraction, 800);
      const started = performance.now();
      const isOut = () => downs.some((d) => d.host.id === co.url && d.kind === 'slow' && /lost the race/.test(d.reason));
      await load(db, name, within, isOut);
      expect(isOut()).toBe(true);
      const down = downs.find((d) => d.host.id === co.url && d.kind === 'slow')!;
      expect(down.at - started).toBeLessThan(within);
      // only the straggler: its peers never left
      expect(downs.filter((d) => d.host.id !== co.url)).toEqual([]);
    }, 90_000);
  }
});
