/**
 * Gray failures against the emulator: a coordinator that hangs, is slow, trickles its answers,
 * pauses, loses responses or closes keep-alive sockets, while the client keeps working with its
 * default options. Each test injects a real fault into a running emulator. Time bounds are
 * generous on purpose (a loaded machine); the fault benchmark carries the numbers.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ArangoClient, NetworkError, TimeoutError, path, type ArangoClientOptions, type ClientEvents, type Database, type HostResolver, type HostResolverName } from 'arangots';
import { realServer, startTestServer, uniqueName, type TestServer } from './helpers/server.js';
import { recordingHttpClient } from './helpers/recording-http.js';
import { run as runCli } from './cli/run.js';

let server: TestServer;
let open: ArangoClient[] = [];

beforeAll(async () => {
  server = await startTestServer({ coordinators: 3 });
});
afterEach(async () => {
  await Promise.all(open.map((c) => c.close()));
  open = [];
  for (const co of server.emulator?.coordinators ?? []) {
    await co.heal();
    co.setLatency(0);
  }
});
afterAll(async () => {
  await server.close();
});

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function connect(options: ArangoClientOptions = {}): Promise<{ c: ArangoClient; db: Database; downs: ClientEvents['hostDown'][]; ups: string[] }> {
  const c = new ArangoClient({ hosts: server.urls, ...options });
  open.push(c);
  const downs: ClientEvents['hostDown'][] = [];
  const ups: string[] = [];
  c.on('hostDown', (e) => downs.push(e));
  c.on('hostUp', (e) => ups.push(e.host.id));
  return { c, db: await c.db('_system', { username: server.username, password: server.password }), downs, ups };
}

async function timed<T>(p: Promise<T>): Promise<{ value: T; ms: number }> {
  const t0 = performance.now();
  const value = await p;
  return { value, ms: performance.now() - t0 };
}

async function waitFor(check: () => boolean, ms = 15_000): Promise<void> {
  const until = performance.now() + ms;
  while (!check()) {
    if (performance.now() > until) throw new Error('condition not reached in time');
    await sleep(20);
  }
}

const customFirst: HostResolver = { pick: (candidates) => candidates[0]!.id };

describe.skipIf(realServer)('gray failures', () => {
  it('a hung coordinator in [hung, good, good] (roundrobin, timeout 20000): every call succeeds long before its deadline and the host leaves rotation', async () => {
    const { c, db, downs } = await connect({ hostResolver: 'roundrobin', timeout: 20_000 });
    const hung = server.emulator!.coordinators[0]!;
    hung.hang();
    const times: number[] = [];
    for (let i = 0; i < 9; i++) {
      const { value, ms } = await timed(db.version());
      expect(value.server).toBe('arango');
      times.push(ms);
    }
    // the first try on the hung host waits one cold-start attempt timeout (1 s), never the deadline
    // (20 s: far enough from 1 s for a loaded machine)
    expect(Math.max(...times)).toBeLessThan(10_000);
    expect(downs.map((d) => [d.host.id, d.kind])).toEqual([[hung.url, 'timeout']]);
    const info = c.hosts()[0]!;
    expect(info).toMatchObject({ state: 'down', downReason: 'timeout' });
    expect(info.stats.timeouts).toBeGreaterThanOrEqual(1);
    expect(info.stats.ejections).toBe(1);
    // out of rotation: only probes reach it now
    const before = hung.traffic.requests;
    for (let i = 0; i < 6; i++) await db.version();
    expect(hung.traffic.requests).toBe(before);
    // back in rotation once it answers again
    hung.resume();
    await waitFor(() => c.hosts()[0]!.state === 'up');
    const seen = new Set<string>();
    for (let i = 0; i < 6; i++) seen.add((await db.request({ method: 'GET', path: '/_api/version' })).hostId);
    expect(seen.has(hung.url)).toBe(true);
  });

  it('the CLI: arangots --hosts http://hung,http://good --timeout 20 cluster health succeeds through the good host', async () => {
    const hung = server.emulator!.coordinators[0]!;
    const good = server.emulator!.coordinators[1]!;
    hung.hang();
    const t0 = performance.now();
    const { code, stdout, stderr } = await runCli(['--hosts', `${hung.url},${good.url}`, '--timeout', '20', 'cluster', 'health'], {
      env: { ARANGO_USER: server.username, ARANGO_PASSWORD: server.password },
    });
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(/Coordinator/);
    // one attempt timeout on the hung host (1 s), not the 20 s deadline
    expect(performance.now() - t0).toBeLessThan(10_000);
  });

  it.each<HostResolverName | 'custom'>(['roundrobin', 'leastbusy', 'fallback', 'random', 'single', 'periodic', 'custom'])(
    'resolver %s routes around a hung coordinator and skips it once ejected',
    async (name) => {
      const { c, db } = await connect({ hostResolver: name === 'custom' ? customFirst : name, timeout: 20_000 });
      const hung = server.emulator!.coordinators[0]!;
      for (let i = 0; i < 3; i++) await db.version();
      hung.hang();
      for (let i = 0; i < 12; i++) {
        // an attempt timeout (0.5-1 s) and another host, never the 20 s deadline
        const { ms } = await timed(db.version());
        expect(ms).toBeLessThan(10_000);
      }
      if (c.hosts()[0]!.stats.timeouts > 0) {
        expect(c.hosts()[0]!.state).toBe('down');
        const before = hung.traffic.requests;
        for (let i = 0; i < 6; i++) await db.version();
        expect(hung.traffic.requests).toBe(before);
      }
    },
  );

  it('a write sent to a coordinator that then hangs fails at its deadline with mayHaveBeenApplied, and the host is out at once', async () => {
    const rec = recordingHttpClient();
    const { c, db, downs } = await connect({ hostResolver: 'single', httpClient: rec.factory });
    const name = uniqueName('gray');
    await db.request({ method: 'POST', path: '/_api/collection', body: { name } });
    for (let i = 0; i < 10; i++) await db.version();
    const hung = server.emulator!.coordinators[0]!;
    hung.hang();
    const t0 = performance.now();
    let downAt = 0;
    c.once('hostDown', () => (downAt = performance.now() - t0));
    const err = await db.request({ method: 'POST', path: path`/_api/document/${name}`, body: { _key: 'w1' }, timeout: 4_000 }).catch((e: unknown) => e);
    const elapsed = performance.now() - t0;
    expect(err).toBeInstanceOf(TimeoutError);
    expect((err as TimeoutError).mayHaveBeenApplied).toBe(true);
    expect((err as TimeoutError).hostId).toBe(hung.url);
    expect(elapsed).toBeGreaterThanOrEqual(3_900);
    // out of rotation when its attempt timeout passed, long before the write's deadline
    expect(downs.map((d) => d.kind)).toEqual(['timeout']);
    expect(downAt).toBeGreaterThan(0);
    expect(downAt).toBeLessThan(3_500);
    // never re-sent
    expect(rec.log.filter((x) => x.method === 'POST' && x.path.includes('/_api/document/'))).toHaveLength(1);
    // the next writes go elsewhere, at once
    for (let i = 0; i < 3; i++) {
      const { value, ms } = await timed(db.request({ method: 'POST', path: path`/_api/document/${name}`, body: { _key: `w${i + 2}` } }));
      expect(value.hostId).not.toBe(hung.url);
      // not held by the hung host (that would be the 60 s default deadline)
      expect(ms).toBeLessThan(10_000);
    }
  });

  it('a slow coordinator: hedged reads win, within the hedge budget; writes and pinned calls are never hedged', async () => {
    const rec = recordingHttpClient();
    const { c, db } = await connect({ hostResolver: 'roundrobin', httpClient: rec.factory, outlierEjection: false });
    const name = uniqueName('gray');
    await db.request({ method: 'POST', path: '/_api/collection', body: { name } });
    await db.request({ method: 'POST', path: path`/_api/document/${name}`, body: { _key: 'seed' } });
    for (let i = 0; i < 30; i++) await db.version();
    const slow = server.emulator!.coordinators[1]!;
    slow.setLatency(600);
    const calls = 60;
    const times: number[] = [];
    for (let i = 0; i < calls; i++) times.push((await timed(db.request({ method: 'GET', path: path`/_api/document/${name}/seed` }))).ms);
    const hosts = c.hosts();
    const hedges = hosts.reduce((n, h) => n + h.stats.hedges, 0);
    const won = hosts.reduce((n, h) => n + h.stats.hedgesWon, 0);
    expect(won).toBeGreaterThanOrEqual(1);
    expect(hedges).toBeGreaterThanOrEqual(won);
    // the budget: 5 % of the calls made plus a burst of 10
    const made = 33 + calls;
    expect(hedges).toBeLessThanOrEqual(Math.floor(0.05 * made) + 10);
    // a hedged read answered long before the slow host would have
    expect(times.filter((ms) => ms < 400).length).toBeGreaterThan(calls / 2);
    for (const h of hosts) if (h.id !== slow.url) expect(h.hedgeDelay).toBeGreaterThan(0);

    // writes go once, wherever they land
    rec.log.length = 0;
    for (let i = 0; i < 6; i++) await db.request({ method: 'POST', path: path`/_api/document/${name}`, body: { _key: `h${i}` } });
    expect(rec.log.filter((x) => x.method === 'POST')).toHaveLength(6);
    // pinned calls stay where they are pinned, and are sent once
    rec.log.length = 0;
    const pinned = await db.request({ method: 'GET', path: '/_api/version', hostId: slow.url });
    expect(pinned.hostId).toBe(slow.url);
    expect(rec.log).toHaveLength(1);
    // a call may opt out
    rec.log.length = 0;
    const sum = (k: 'hedges' | 'retries'): number => c.hosts().reduce((n, h) => n + h.stats[k], 0);
    const [hedgesBefore, retriesBefore] = [sum('hedges'), sum('retries')];
    for (let i = 0; i < 3; i++) await db.request({ method: 'GET', path: '/_api/version', hedge: false });
    expect(sum('hedges')).toBe(hedgesBefore);
    // each sent once, unless an attempt on the slow host passed its attempt timeout and was retried
    // (the slow host's p99 may rest on its hedged-away attempts, so that timeout can be under 600 ms)
    expect(rec.log).toHaveLength(3 + sum('retries') - retriesBefore);
  });

  it('a cluster-wide slowdown never doubles the load: hedges stay within the budget', async () => {
    const rec = recordingHttpClient();
    const { c, db } = await connect({ hostResolver: 'roundrobin', httpClient: rec.factory });
    for (let i = 0; i < 30; i++) await db.version();
    for (const co of server.emulator!.coordinators) co.setLatency(80);
    rec.log.length = 0;
    const calls = 60;
    await Promise.all(Array.from({ length: 4 }, async () => {
      for (let i = 0; i < calls / 4; i++) await db.version();
    }));
    const hedges = c.hosts().reduce((n, h) => n + h.stats.hedges, 0);
    const retries = c.hosts().reduce((n, h) => n + h.stats.retries, 0);
    expect(hedges).toBeLessThanOrEqual(Math.floor(0.05 * (30 + calls)) + 10);
    // every request sent is a call, a hedge or a retry (on a loaded machine an attempt may time out)
    const sent = rec.log.filter((x) => !x.path.startsWith('/_admin/server/availability'));
    expect(sent.length).toBeLessThanOrEqual(calls + hedges + retries);
    expect(sent.length).toBeLessThan(1.5 * calls);
  });

  it('a coordinator far slower than its peers leaves rotation and comes back when it is fast again', async () => {
    const { c, db, downs, ups } = await connect({ hostResolver: 'roundrobin', hedge: false });
    for (let i = 0; i < 30; i++) await db.version();
    const slow = server.emulator!.coordinators[2]!;
    slow.setLatency(150);
    for (let i = 0; i < 90 && c.hosts()[2]!.state === 'up'; i++) await db.version();
    expect(downs.map((d) => [d.host.id, d.kind])).toEqual([[slow.url, 'slow']]);
    expect(downs[0]!.reason).toMatch(/latency outlier/);
    expect(c.hosts()[2]!.stats.recent.p95).toBeGreaterThan(100);
    slow.setLatency(0);
    await waitFor(() => ups.includes(slow.url)).catch((e: unknown) => {
      console.log(JSON.stringify(c.hosts()[2]), JSON.stringify(downs.map((d) => d.reason)), slow.traffic);
      throw e;
    });
    // it starts afresh
    expect(c.hosts()[2]!.stats.recent.samples).toBeLessThan(5);
  });

  it('stragglers (10 % of answers 800 ms late, the rest on time, all hedged away): the host leaves rotation for the races it loses, reads stop reaching it', async () => {
    const { c, db, downs, ups } = await connect({ hostResolver: 'roundrobin' });
    const name = uniqueName('gray');
    await db.request({ method: 'POST', path: '/_api/collection', body: { name } });
    await db.request({ method: 'POST', path: path`/_api/document/${name}`, body: { _key: 'seed' } });
    const read = () => db.request({ method: 'GET', path: path`/_api/document/${name}/seed` });
    for (let i = 0; i < 30; i++) await read();
    const co = server.emulator!.coordinators[1]!;
    co.stragglers(0.1, 800);
    const out = () => downs.some((d) => d.host.id === co.url && d.kind === 'slow');
    // its p95 alone (the waited times of hedged-away attempts, ~the hedge delay) never crosses the
    // latency bar; the share of races it loses does
    const readers = Array.from({ length: 8 }, async () => {
      for (let i = 0; i < 2_000 && !out(); i++) await read();
    });
    await Promise.all(readers);
    expect(out()).toBe(true);
    // (an unhedged straggler past its attempt timeout may have taken it out for a moment first)
    const down = downs.find((d) => d.host.id === co.url && d.kind === 'slow')!;
    expect(down.reason).toMatch(/latency outlier: .*lost the race to another copy/);
    // out of rotation: reads go elsewhere (unless a probe brought it back meanwhile, after ~1 s)
    await sleep(20);
    const before = co.traffic.requests;
    for (let i = 0; i < 20; i++) await read();
    if (!ups.includes(co.url)) expect(co.traffic.requests).toBe(before);
    // back once it is healthy again
    await co.heal();
    await waitFor(() => c.hosts()[1]!.state === 'up', 30_000);
  }, 60_000);

  it('a slow coordinator is readmitted only by a probe that meets the latency bar, not one that merely beats the attempt timeout', async () => {
    const { c, db, downs, ups } = await connect({ hostResolver: 'roundrobin', hedge: false });
    for (let i = 0; i < 30; i++) await db.version();
    const slow = server.emulator!.coordinators[2]!;
    slow.setLatency(300);
    for (let i = 0; i < 90 && c.hosts()[2]!.state === 'up'; i++) await db.version();
    expect(downs.map((d) => [d.host.id, d.kind])).toEqual([[slow.url, 'slow']]);
    // probes come after 1 s, then every 0.5-2 s; each answers in 300 ms, under the 500 ms attempt
    // timeout but far above 3 × the peers' p95 + 50 ms
    const probes = slow.traffic.probes;
    const until = performance.now() + 3_500;
    while (performance.now() < until) {
      await db.version();
      await sleep(20);
    }
    expect(slow.traffic.probes).toBeGreaterThan(probes);
    expect(ups).toEqual([]);
    expect(c.hosts()[2]!.state).toBe('down');
    slow.setLatency(0);
    await waitFor(() => ups.includes(slow.url), 20_000);
  }, 40_000);

  it('slow bodies, pauses and lost responses: reads succeed; a lost write is flagged, never re-sent', async () => {
    const rec = recordingHttpClient();
    const { db } = await connect({ hostResolver: 'roundrobin', httpClient: rec.factory, timeout: 10_000 });
    const name = uniqueName('gray');
    await db.request({ method: 'POST', path: '/_api/collection', body: { name } });
    for (let i = 0; i < 20; i++) await db.version();
    const co = server.emulator!.coordinators[0]!;

    // Waiting for the fault would take over 10 s; routing around it, an attempt timeout (~0.5 s).
    co.slowBody(5); // 5 bytes/s: a version answer takes over 10 s
    for (let i = 0; i < 6; i++) expect((await timed(db.version())).ms).toBeLessThan(6_000);
    await co.heal();

    co.pause(12_000);
    for (let i = 0; i < 6; i++) expect((await timed(db.version())).ms).toBeLessThan(6_000);
    await co.heal();

    co.loseResponses(2);
    for (let i = 0; i < 3; i++) await db.version();
    co.loseResponses(1);
    rec.log.length = 0;
    const outcomes: string[] = [];
    for (let i = 0; i < 3; i++) {
      const key = `l${i}`;
      const r = await db.request({ method: 'POST', path: path`/_api/document/${name}`, body: { _key: key } }).then(
        () => 'ok',
        (e: unknown) => (e instanceof NetworkError && e.mayHaveBeenApplied ? `maybe ${key}` : `error ${String(e)}`),
      );
      outcomes.push(r);
    }
    expect(outcomes.filter((o) => o.startsWith('error'))).toEqual([]);
    expect(rec.log.filter((x) => x.method === 'POST')).toHaveLength(3);
    // a write reported as possibly applied was applied (the emulator applies, then resets)
    for (const o of outcomes.filter((x) => x.startsWith('maybe'))) {
      const key = o.slice(6);
      expect((await db.request({ method: 'GET', path: path`/_api/document/${name}/${key}` })).status).toBe(200);
    }
  });

  it('keep-alive sockets the server closes: reads are retried transparently, writes flagged and never re-sent', async () => {
    const rec = recordingHttpClient();
    const { c, db } = await connect({ hostResolver: 'single', httpClient: rec.factory });
    const name = uniqueName('gray');
    await db.request({ method: 'POST', path: '/_api/collection', body: { name } });
    const co = server.emulator!.coordinators[0]!;
    co.keepAliveTimeout(40);
    const writes = { ok: 0, maybe: [] as string[], other: [] as unknown[] };
    // idle for just the server's keep-alive timeout: the server closes the socket as it is reused
    for (let i = 0; i < 80; i++) {
      await sleep(39 + (i % 3));
      expect((await db.version()).server).toBe('arango');
      await sleep(39 + ((i + 1) % 3));
      const key = `k${i}`;
      try {
        await db.request({ method: 'POST', path: path`/_api/document/${name}`, body: { _key: key } });
        writes.ok++;
      } catch (err) {
        if (err instanceof NetworkError && err.mayHaveBeenApplied) writes.maybe.push(key);
        else writes.other.push(err);
      }
    }
    expect(writes.other).toEqual([]);
    // every write was sent exactly once
    expect(rec.log.filter((x) => x.method === 'POST' && x.path.includes('/_api/document/'))).toHaveLength(80);
    // a race now and then is not a dead host
    expect(c.hosts()[0]!.state).toBe('up');
    console.log(`keep-alive: ${c.hosts()[0]!.stats.networkErrors} socket races, ${writes.maybe.length} writes flagged`);
  }, 60_000);
});
