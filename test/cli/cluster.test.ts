import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ArangoClient, type Database } from 'arangots';
import { destructiveAllowed, realServer, startTestServer, uniqueName, type TestServer } from '../helpers/server.js';
import { ANSI, run, serverEnv, start } from './run.js';

let server: TestServer;
let client: ArangoClient;
let db: Database;
let env: Record<string, string>;

beforeAll(async () => {
  server = await startTestServer({ coordinators: 3 });
  client = new ArangoClient({ hosts: server.urls });
  db = await client.db('_system', { username: server.username, password: server.password });
  // The first coordinator only: stopping another one must not make the CLI itself fail.
  env = { ...serverEnv(server), ARANGO_HOSTS: server.urls[0] ?? '' };
});

afterAll(async () => {
  await client?.close();
  await server?.close();
});

function lines(text: string): string[] {
  return text.split('\n').filter((l) => l !== '');
}

/** The column where `header` starts in the header line. */
function columnAt(headerLine: string, header: string): number {
  const i = headerLine.indexOf(header);
  expect(i).toBeGreaterThanOrEqual(0);
  return i;
}

describe('arangots cluster health', () => {
  it('prints one aligned row per server, plain when piped, exit 0 when all are GOOD', async () => {
    const { code, stdout, stderr } = await run(['cluster', 'health'], { env });
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).not.toMatch(ANSI);
    const h = await db.cluster.health();
    const [header, ...rest] = lines(stdout);
    expect(header).toMatch(/^ID +NAME +ROLE +STATUS +ENDPOINT +VERSION +ENGINE$/);
    const rows = rest.slice(0, Object.keys(h.Health).length);
    expect(rows).toHaveLength(Object.keys(h.Health).length);
    const cols = ['NAME', 'ROLE', 'STATUS', 'ENDPOINT', 'VERSION', 'ENGINE'].map((c) => columnAt(header ?? '', c));
    for (const [id, s] of Object.entries(h.Health)) {
      const row = rows.find((r) => r.startsWith(`${id} `));
      expect(row, id).toBeDefined();
      const cell = (i: number): string => (row ?? '').slice(cols[i], cols[i + 1]).trim();
      expect(cell(0)).toBe(s.ShortName ?? '-');
      expect(cell(1)).toMatch(s.Role === 'Agent' ? /^Agent/ : new RegExp(`^${s.Role}$`));
      expect(cell(2)).toBe('GOOD');
      expect(cell(3)).toBe(s.Endpoint);
      expect(cell(4)).toBe(s.Version);
      expect(cell(5)).toBe(s.Engine);
    }
    // Coordinators first, then DB-servers, then agents.
    const roles = rows.map((r) => r.slice(cols[1], cols[2]).trim().replace(/ \(leader\)$/, ''));
    expect(roles).toEqual([...roles].sort((a, b) => ['Coordinator', 'DBServer', 'Agent'].indexOf(a) - ['Coordinator', 'DBServer', 'Agent'].indexOf(b)));
    expect(stdout).toContain(`cluster ${h.ClusterId}: ${rows.length} servers, all GOOD`);
  });

  it('colours the status on a terminal, and not with NO_COLOR', async () => {
    const tty = await run(['cluster', 'health'], { env, stdoutTTY: true });
    expect(tty.stdout).toContain('\x1b[32mGOOD\x1b[39m');
    const noColor = await run(['cluster', 'health'], { env: { ...env, NO_COLOR: '1' }, stdoutTTY: true });
    expect(noColor.stdout).not.toMatch(ANSI);
  });

  it('--json prints the health document', async () => {
    const { code, stdout } = await run(['cluster', 'health', '--json'], { env });
    expect(code).toBe(0);
    const parsed = JSON.parse(stdout) as { ClusterId: string; Health: Record<string, { Status: string }> };
    const h = await db.cluster.health();
    expect(parsed.ClusterId).toBe(h.ClusterId);
    expect(Object.keys(parsed.Health).sort()).toEqual(Object.keys(h.Health).sort());
  });

  // Stops a coordinator of the emulator.
  it.skipIf(realServer)('exits 2 and names the server when one is not GOOD', async () => {
    const emu = server.emulator;
    if (emu === undefined) throw new Error('needs the emulator');
    const victim = emu.coordinators[2];
    if (victim === undefined) throw new Error('need 3 coordinators');
    await victim.stop();
    try {
      const { code, stdout } = await run(['cluster', 'health'], { env });
      expect(code).toBe(2);
      const row = lines(stdout).find((l) => l.startsWith(victim.id));
      expect(row).toMatch(/ BAD /);
      expect(stdout).toMatch(new RegExp(`1 not GOOD: ${victim.shortName} BAD`));
      const json = await run(['cluster', 'health', '--json'], { env });
      expect(json.code).toBe(2);
    } finally {
      await victim.start();
    }
  });

  // Stops a coordinator of the emulator.
  it.skipIf(realServer)('--watch redraws, marks what changed since the last draw, and stops on Ctrl-C', async () => {
    const emu = server.emulator;
    if (emu === undefined) throw new Error('needs the emulator');
    const victim = emu.coordinators[1];
    if (victim === undefined) throw new Error('need 3 coordinators');
    const r = start(['cluster', 'health', '--watch', '0.05'], { env });
    const draws = (): number => r.stdout().split('Every 0.05s: arangots cluster health').length - 1;
    await vi.waitFor(() => expect(draws()).toBeGreaterThanOrEqual(2), { timeout: 10_000 });
    expect(r.stdout()).toContain('no changes since the last draw');
    await victim.stop();
    try {
      await vi.waitFor(() => expect(r.stdout()).toContain(`${victim.shortName}: status GOOD → BAD`), { timeout: 10_000 });
      r.interrupt();
      expect(await r.done).toBe(2);
    } finally {
      await victim.start();
    }
    const out = r.stdout();
    // The draw that reported the change marks the row with a leading '*'.
    const draw = out.slice(out.lastIndexOf('Every 0.05s'));
    const marked = lines(draw).filter((l) => l.startsWith('*'));
    expect(marked.some((l) => l.includes(victim.id) && l.includes('BAD'))).toBe(true);
    expect(out).not.toMatch(ANSI);
  });

  it('--watch --json prints one JSON line per draw', async () => {
    const r = start(['cluster', 'health', '--watch', '0.05', '--json'], { env });
    await vi.waitFor(() => expect(r.stdout().split('\n').length).toBeGreaterThan(2), { timeout: 10_000 });
    r.interrupt();
    expect(await r.done).toBe(0);
    const docs = lines(r.stdout()).map((l) => JSON.parse(l) as { time: string; Health: object });
    expect(docs.length).toBeGreaterThanOrEqual(2);
    for (const d of docs) expect(typeof d.time).toBe('string');
  });
});

describe('arangots cluster maintenance / server-maintenance / endpoints', () => {
  // Switches the supervision of the whole cluster off for a moment.
  it.skipIf(!destructiveAllowed)('maintenance on, show, off', async () => {
    const on = await run(['cluster', 'maintenance', 'on'], { env });
    expect(on.code).toBe(0);
    expect(on.stdout).toMatch(/^cluster maintenance: on/);
    expect(await db.cluster.maintenanceMode()).toBe('Maintenance');
    const show = await run(['cluster', 'maintenance'], { env });
    expect(show.stdout).toBe('cluster maintenance: Maintenance\n');
    const off = await run(['cluster', 'maintenance', 'off'], { env });
    expect(off.code).toBe(0);
    expect(await db.cluster.maintenanceMode()).not.toBe('Maintenance');
    const bad = await run(['cluster', 'maintenance', 'maybe'], { env });
    expect(bad.code).toBe(64);
    expect(bad.stderr).toContain("error: expected 'on' or 'off', got 'maybe'");
  });

  // Switches a DB-server's supervision off for a moment.
  it.skipIf(!destructiveAllowed)('server-maintenance by short name with a duration, then back to normal', async () => {
    const h = await db.cluster.health();
    const [id, dbs] = Object.entries(h.Health).find(([, s]) => s.Role === 'DBServer') ?? [];
    if (id === undefined || dbs === undefined) throw new Error('no DB-server');
    const on = await run(['cluster', 'server-maintenance', dbs.ShortName ?? id, 'on', '--timeout', '120'], { env });
    expect(on.stderr).toBe('');
    expect(on.code).toBe(0);
    expect(on.stdout).toMatch(new RegExp(`^${dbs.ShortName ?? ''} \\(${id}\\): maintenance until \\S+\\n$`));
    const state = await db.cluster.serverMaintenanceMode(id);
    expect(state?.Mode).toBe('maintenance');
    const until = Date.parse(state?.Until ?? '');
    // The duration given (120 s) and not the server default (3600 s).
    expect(until - Date.now()).toBeLessThan(600_000);
    const off = await run(['cluster', 'server-maintenance', id, 'off'], { env });
    expect(off.stdout).toBe(`${dbs.ShortName ?? ''} (${id}): normal\n`);
    expect(await db.cluster.serverMaintenanceMode(id)).toBeNull();
    const unknown = await run(['cluster', 'server-maintenance', 'NoSuchServer', 'on'], { env });
    expect(unknown.code).toBe(64);
    expect(unknown.stderr).toContain("no server 'NoSuchServer' in the cluster");
  });

  it('endpoints lists every coordinator', async () => {
    const { code, stdout } = await run(['cluster', 'endpoints'], { env });
    expect(code).toBe(0);
    const h = await db.cluster.health();
    const expected = Object.values(h.Health).filter((s) => s.Role === 'Coordinator').map((s) => s.Endpoint);
    // The emulator's coordinators are exactly the URLs the test was given; a real deployment may
    // advertise other names for them than ARANGO_URL uses.
    if (!realServer) expect(expected.sort()).toEqual(server.urls.map((u) => u.replace(/^http:/, 'tcp:').replace(/\/$/, '')).sort());
    expect(lines(stdout).sort()).toEqual(expected.sort());
    const json = await run(['cluster', 'endpoints', '--json'], { env });
    expect((JSON.parse(json.stdout) as string[]).sort()).toEqual(expected.sort());
  });
});

describe('arangots cluster imbalance / rebalance', () => {
  const name = uniqueName('cli_rebalance');
  let sdb: Database;

  beforeAll(async () => {
    sdb = await (await client.db('_system', { username: server.username, password: server.password })).createDatabase(name);
    await sdb.createCollection('skewed', { numberOfShards: 8 });
    // Put every leader on one DB-server so there is something to rebalance.
    const h = await db.cluster.health();
    const byShort = new Map(Object.entries(h.Health).map(([id, s]) => [s.ShortName, id]));
    const dbServers = Object.entries(h.Health).filter(([, s]) => s.Role === 'DBServer').map(([id]) => id);
    const target = dbServers[0] ?? '';
    const dist = await sdb.cluster.collectionShardDistribution('skewed');
    for (const [shard, loc] of Object.entries(dist.Plan)) {
      const from = byShort.get(loc.leader) ?? loc.leader;
      if (from === target) continue;
      await sdb.cluster.moveShard({ collection: 'skewed', shard, fromServer: from, toServer: target });
    }
    // A real cluster moves shards in the background.
    await vi.waitFor(
      async () => {
        const imb = await db.cluster.calculateImbalance();
        expect(imb.pendingMoveShards + imb.todoMoveShards).toBe(0);
      },
      { timeout: 60_000, interval: 500 },
    );
  }, 90_000);

  afterAll(async () => {
    await db.deleteDatabase(name).catch(() => undefined);
  });

  it('imbalance prints a readable summary', async () => {
    const { code, stdout } = await run(['cluster', 'imbalance'], { env });
    expect(code).toBe(0);
    const imb = await db.cluster.calculateImbalance();
    expect(stdout).toContain(`(${imb.leader.totalShards} leader shards, total weight ${imb.leader.totalWeight})`);
    expect(stdout).toMatch(/^DB-SERVER +LEADERS +LEADER WEIGHT +TARGET +DUPLICATES +SHARDS +SIZE +TARGET SIZE$/m);
    const rows = lines(stdout).filter((l) => /^#\d/.test(l));
    expect(rows).toHaveLength(imb.leader.numberShards.length);
    expect(rows[0]?.split(/ +/)[1]).toBe(String(imb.leader.numberShards[0]));
    expect(stdout).toContain('shard moves: 0 pending, 0 to do');
  });

  // Executing the plan moves shards of every database around.
  it.skipIf(!destructiveAllowed)('rebalance --dry-run shows the planned moves and moves nothing; rebalance executes them', async () => {
    const before = await db.cluster.calculateImbalance();
    // With the database of the skewed collection, its moves name it (moves carry collection ids).
    const dry = await run(['cluster', 'rebalance', '--dry-run', '--database', name], { env });
    expect(dry.stderr).toBe('');
    expect(dry.code).toBe(0);
    const moves = lines(dry.stdout).filter((l) => /^ *\d+ {2}/.test(l));
    expect(moves.some((l) => / skewed +s\d+ /.test(l))).toBe(true);
    expect(moves.length).toBeGreaterThan(0);
    expect(dry.stdout).toMatch(new RegExp(`${moves.length} planned moves?:\\n *# +COLLECTION +SHARD +FROM +TO +MOVES\\n`));
    expect(dry.stdout).toContain('dry run: nothing was moved');
    expect(await db.cluster.calculateImbalance()).toEqual(before);

    const real = await run(['cluster', 'rebalance'], { env });
    expect(real.code).toBe(0);
    expect(real.stdout).toMatch(/started \d+ moves?/);
    const after = await db.cluster.calculateImbalance();
    expect(after.leader.imbalance).toBeLessThan(before.leader.imbalance);
  });
});
