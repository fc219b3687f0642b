/**
 * `arangots cluster …`: health (table, JSON, watch), supervision maintenance, DB-server
 * maintenance, coordinator endpoints, imbalance and rebalancing.
 */
import type { ClusterHealth, ClusterImbalanceInfo, Database, RebalanceMove, RebalanceOptions, ServerHealth } from '../../index.js';
import { EXIT, flag, numberOption, UsageError } from '../args.js';
import type { Palette } from '../color.js';
import type { Command, CommandContext } from '../command.js';
import { describeError } from '../errors.js';
import { write } from '../io.js';
import { renderTable, type Column } from '../table.js';

// ---- health ---------------------------------------------------------------------------------

export interface HealthRow {
  id: string;
  name: string;
  role: string;
  status: string;
  endpoint: string;
  version: string;
  engine: string;
}

const ROLE_NAMES: Record<string, string> = { COORDINATOR: 'Coordinator', DBSERVER: 'DBServer', AGENT: 'Agent' };
const ROLE_ORDER = ['Coordinator', 'DBServer', 'Agent'];

function roleName(h: ServerHealth): string {
  const r = String(h.Role);
  return ROLE_NAMES[r.toUpperCase()] ?? r;
}

/** One row per server: coordinators, then DB-servers, then agents, each by short name then id. */
export function healthRows(health: ClusterHealth): HealthRow[] {
  const rows = Object.entries(health.Health).map(([id, h]): HealthRow => {
    const role = roleName(h);
    return {
      id,
      name: typeof h.ShortName === 'string' && h.ShortName !== '' ? h.ShortName : '-',
      role: role === 'Agent' && h.Leading === true ? 'Agent (leader)' : role,
      status: String(h.Status),
      endpoint: String(h.Endpoint ?? '-'),
      version: typeof h.Version === 'string' ? h.Version : '-',
      engine: typeof h.Engine === 'string' ? h.Engine : '-',
    };
  });
  const rank = (r: HealthRow): number => {
    const i = ROLE_ORDER.indexOf(r.role.replace(/ \(leader\)$/, ''));
    return i < 0 ? ROLE_ORDER.length : i;
  };
  return rows.sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
}

const HEALTH_COLUMNS: Column[] = [
  { header: 'ID' },
  { header: 'NAME' },
  { header: 'ROLE' },
  { header: 'STATUS' },
  { header: 'ENDPOINT' },
  { header: 'VERSION' },
  { header: 'ENGINE' },
];
const FIELDS = ['id', 'name', 'role', 'status', 'endpoint', 'version', 'engine'] as const;

function paintStatus(status: string, p: Palette): string {
  if (status === 'GOOD') return p.green(status);
  if (status === 'FAILED') return p.red(status);
  return p.yellow(status);
}

function label(r: HealthRow): string {
  return r.name === '-' ? r.id : r.name;
}

/** Differences between two draws, as readable lines ('Coordinator0002: status GOOD → BAD'). */
export function healthChanges(before: readonly HealthRow[], after: readonly HealthRow[]): { changed: Set<string>; lines: string[] } {
  const old = new Map(before.map((r) => [r.id, r]));
  const changed = new Set<string>();
  const lines: string[] = [];
  for (const r of after) {
    const prev = old.get(r.id);
    if (prev === undefined) {
      changed.add(r.id);
      lines.push(`${label(r)}: new ${r.role} (${r.status})`);
      continue;
    }
    for (const f of FIELDS) {
      if (f === 'id' || prev[f] === r[f]) continue;
      changed.add(r.id);
      lines.push(`${label(r)}: ${f} ${prev[f]} → ${r[f]}`);
    }
  }
  const now = new Set(after.map((r) => r.id));
  for (const r of before) if (!now.has(r.id)) lines.push(`${label(r)}: gone from health`);
  return { changed, lines };
}

/** The table plus a one-line summary. `changed` adds a leading column marking rows with `*`. */
export function renderHealth(health: ClusterHealth, p: Palette, changed?: ReadonlySet<string>): string {
  const rows = healthRows(health);
  const columns = changed === undefined ? HEALTH_COLUMNS : [{ header: '' }, ...HEALTH_COLUMNS];
  const cells = rows.map((r) => {
    const base = FIELDS.map((f) => r[f]);
    return changed === undefined ? base : [changed.has(r.id) ? '*' : '', ...base];
  });
  const statusColumn = columns.findIndex((c) => c.header === 'STATUS');
  const markColumn = changed === undefined ? -1 : 0;
  const table = renderTable(columns, cells, {
    bold: p.bold,
    paint: (text, _row, column) => (column === statusColumn ? paintStatus(text, p) : column === markColumn ? p.bold(p.yellow(text)) : text),
  });
  const bad = rows.filter((r) => r.status !== 'GOOD');
  const summary =
    bad.length === 0
      ? `${rows.length} servers, all ${p.green('GOOD')}`
      : `${rows.length} servers, ${rows.length - bad.length} GOOD, ${p.red(`${bad.length} not GOOD`)}: ${bad.map((r) => `${label(r)} ${r.status}`).join(', ')}`;
  return `${table}\ncluster ${health.ClusterId}: ${summary}\n`;
}

function healthy(health: ClusterHealth): boolean {
  return Object.values(health.Health).every((h) => h.Status === 'GOOD');
}

/** Resolves after `ms`, or as soon as the user presses Ctrl-C (then to false). */
function pause(ctx: CommandContext, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      off();
      resolve(true);
    }, ms);
    const off = ctx.io.onInterrupt(() => {
      clearTimeout(timer);
      off();
      resolve(false);
    });
  });
}

async function watchHealth(ctx: CommandContext, db: Database, seconds: number, json: boolean): Promise<number> {
  const out = ctx.io.stdout;
  const tty = out.isTTY === true;
  let previous: HealthRow[] | undefined;
  let code: number = EXIT.ok;
  let stopped = false;
  // A Ctrl-C during a fetch ends the loop after that draw.
  const off = ctx.io.onInterrupt(() => {
    stopped = true;
  });
  try {
    for (let draw = 1; !stopped; draw++) {
      const stamp = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
      let text: string;
      try {
        const health = await db.cluster.health();
        code = healthy(health) ? EXIT.ok : EXIT.unhealthy;
        if (json) {
          text = `${JSON.stringify({ time: stamp, ...health })}\n`;
        } else {
          const rows = healthRows(health);
          const diff = previous === undefined ? { changed: new Set<string>(), lines: [] } : healthChanges(previous, rows);
          previous = rows;
          const changes = draw === 1 ? '' : diff.lines.length === 0 ? 'no changes since the last draw\n' : `changes since the last draw:\n${diff.lines.map((l) => `  * ${l}`).join('\n')}\n`;
          text = `${ctx.out.bold(`Every ${seconds}s: arangots cluster health`)}  ${stamp}  (Ctrl-C to stop)\n\n${renderHealth(health, ctx.out, diff.changed)}${changes}`;
        }
      } catch (e) {
        // A watcher keeps watching through outages; the next draw may succeed on another coordinator.
        code = EXIT.error;
        text = json ? `${JSON.stringify({ time: stamp, error: describeError(e, []) })}\n` : `${stamp}  ${ctx.out.red('error:')} ${describeError(e, [])}\n`;
      }
      // On a terminal each draw replaces the last; piped, draws follow each other.
      await write(out, json ? text : tty ? `\x1b[H\x1b[2J${text}` : `${draw > 1 ? '\n' : ''}${text}`);
      if (stopped || !(await pause(ctx, seconds * 1000))) break;
    }
  } finally {
    off();
  }
  return code;
}

const health: Command = {
  name: 'cluster health',
  summary: 'Table of every server of the cluster and its status; exit code 2 when any is not GOOD.',
  usage: 'cluster health [--json] [--watch [SECONDS]]',
  options: { json: { type: 'boolean' }, watch: { type: 'string', implicit: '2' } },
  args: { min: 0, max: 0 },
  help: `Options:
  --json               print the health as JSON (with --watch: one JSON line per draw)
  --watch [SECONDS]    redraw every SECONDS (default 2) until Ctrl-C, marking changed rows with *

Exit code: 0 when every server is GOOD, 2 when any is not (handy in health checks), 1 on errors.

Examples:
  arangots cluster health --hosts http://10.0.0.1:8529
  arangots cluster health --json | jq '.Health | map_values(.Status)'
  arangots cluster health --watch 5
  arangots cluster health >/dev/null || echo "cluster degraded"`,
  async run(ctx) {
    const watch = numberOption(ctx.values, 'watch', ctx.command, { min: 0.05, integer: false });
    const { db } = await ctx.connect();
    const json = flag(ctx.values, 'json');
    if (watch !== undefined) return watchHealth(ctx, db, watch, json);
    const h = await db.cluster.health();
    await write(ctx.io.stdout, json ? `${JSON.stringify(h, null, 2)}\n` : renderHealth(h, ctx.out));
    return healthy(h) ? EXIT.ok : EXIT.unhealthy;
  },
};

// ---- maintenance ----------------------------------------------------------------------------

function onOff(value: string | undefined, command: string): 'on' | 'off' {
  if (value !== 'on' && value !== 'off') throw new UsageError(`expected 'on' or 'off', got '${value ?? ''}'`, command);
  return value;
}

const maintenance: Command = {
  name: 'cluster maintenance',
  summary: 'Switch cluster-wide supervision maintenance on or off (no argument: show it).',
  usage: 'cluster maintenance [on|off]',
  options: {},
  args: { min: 0, max: 1 },
  help: `'on' stops the supervision's automatic failover (for an hour unless renewed), e.g. during a rolling
upgrade; 'off' resumes it.

Examples:
  arangots cluster maintenance on
  arangots cluster maintenance
  arangots cluster maintenance off`,
  async run(ctx) {
    const arg = ctx.args[0];
    const mode = arg === undefined ? undefined : onOff(arg, ctx.command);
    const { db } = await ctx.connect();
    if (mode !== undefined) {
      const result = await db.cluster.toggleMaintenanceMode(mode);
      const warning = typeof result.warning === 'string' ? ` (${result.warning})` : '';
      ctx.io.stdout.write(`cluster maintenance: ${mode}${warning}\n`);
      return EXIT.ok;
    }
    const state = await db.cluster.maintenanceMode();
    ctx.io.stdout.write(`cluster maintenance: ${typeof state === 'string' ? state : JSON.stringify(state)}\n`);
    return EXIT.ok;
  },
};

/** A server id, or a short name / endpoint resolved through health. */
async function resolveServer(db: Database, given: string, command: string): Promise<{ id: string; name: string }> {
  const h = await db.cluster.health();
  for (const [id, s] of Object.entries(h.Health)) {
    if (id === given || s.ShortName === given || s.Endpoint === given) return { id, name: typeof s.ShortName === 'string' ? s.ShortName : id };
  }
  throw new UsageError(`no server '${given}' in the cluster (see 'arangots cluster health')`, command);
}

const serverMaintenance: Command = {
  name: 'cluster server-maintenance',
  summary: 'Put one DB-server into maintenance or back to normal (no mode: show it).',
  usage: 'cluster server-maintenance <SERVER> [on|off] [--timeout SECONDS]',
  options: {},
  args: { min: 1, max: 2 },
  help: `SERVER is a DB-server id (PRMR-…) or short name (DBServer0001).

Options:
  --timeout SECONDS    how long the maintenance lasts unless switched off (server default 3600).
                       For this command the request deadline is --request-timeout.

Examples:
  arangots cluster server-maintenance DBServer0001 on --timeout 600
  arangots cluster server-maintenance DBServer0001
  arangots cluster server-maintenance PRMR-6c1e1c4d-0f2f-4d1c-9b5e-2f5a1c3e7d11 off`,
  async run(ctx) {
    const given = ctx.args[0] ?? '';
    const modeArg = ctx.args[1];
    const mode = modeArg === undefined ? undefined : onOff(modeArg, ctx.command);
    const duration = numberOption(ctx.values, 'timeout', ctx.command, { min: 1, integer: true });
    if (duration !== undefined && mode !== 'on') throw new UsageError('--timeout (the maintenance duration) goes with \'on\'', ctx.command);
    const { db } = await ctx.connect('request-timeout');
    const server = await resolveServer(db, given, ctx.command);
    if (mode !== undefined) await db.cluster.toggleServerMaintenanceMode(server.id, mode === 'on' ? 'maintenance' : 'normal', duration);
    const state = await db.cluster.serverMaintenanceMode(server.id);
    const shown = state === null ? 'normal' : `maintenance until ${state.Until}`;
    ctx.io.stdout.write(`${server.name} (${server.id}): ${shown}\n`);
    return EXIT.ok;
  },
};

// ---- endpoints ------------------------------------------------------------------------------

const endpoints: Command = {
  name: 'cluster endpoints',
  summary: 'The coordinator endpoints the cluster advertises.',
  usage: 'cluster endpoints [--json]',
  options: { json: { type: 'boolean' } },
  args: { min: 0, max: 0 },
  help: `Options:
  --json    print a JSON array

Examples:
  arangots cluster endpoints
  export ARANGO_HOSTS=$(arangots cluster endpoints | sed 's|^tcp://|http://|' | paste -sd,)`,
  async run(ctx) {
    const { db } = await ctx.connect();
    const list = await db.cluster.endpoints();
    ctx.io.stdout.write(flag(ctx.values, 'json') ? `${JSON.stringify(list, null, 2)}\n` : list.map((e) => `${e}\n`).join(''));
    return EXIT.ok;
  },
};

// ---- imbalance and rebalance ----------------------------------------------------------------

function fmt(n: number | undefined): string {
  if (n === undefined || !Number.isFinite(n)) return '-';
  return Number.isInteger(n) ? String(n) : n.toFixed(2);
}

/**
 * The per-server figures. The API gives them as arrays "per DB-Server" without naming the
 * servers, so they are labelled by position.
 */
export function renderImbalance(info: ClusterImbalanceInfo, p: Palette): string {
  const l = info.leader;
  const s = info.shards;
  const n = Math.max(l.weightUsed.length, s.sizeUsed.length);
  const rows: string[][] = [];
  for (let i = 0; i < n; i++) {
    rows.push([`#${i + 1}`, fmt(l.numberShards[i]), fmt(l.weightUsed[i]), fmt(l.targetWeight[i]), fmt(l.leaderDupl[i]), fmt(s.numberShards[i]), fmt(s.sizeUsed[i]), fmt(s.targetSize[i])]);
  }
  const table = renderTable(
    [
      { header: 'DB-SERVER' },
      { header: 'LEADERS', align: 'right' },
      { header: 'LEADER WEIGHT', align: 'right' },
      { header: 'TARGET', align: 'right' },
      { header: 'DUPLICATES', align: 'right' },
      { header: 'SHARDS', align: 'right' },
      { header: 'SIZE', align: 'right' },
      { header: 'TARGET SIZE', align: 'right' },
    ],
    rows,
    { bold: p.bold },
  );
  return (
    `leader imbalance: ${fmt(l.imbalance)}  (${l.totalShards} leader shards, total weight ${fmt(l.totalWeight)})\n` +
    `shard imbalance:  ${fmt(s.imbalance)}  (${s.totalShards} shards, ${s.totalShardsFromSystemCollections} of system collections, total size ${fmt(s.totalUsed)})\n\n` +
    table
  );
}

const imbalance: Command = {
  name: 'cluster imbalance',
  summary: 'How unevenly shards and shard leaders are spread over the DB-servers.',
  usage: 'cluster imbalance [--json]',
  options: { json: { type: 'boolean' } },
  args: { min: 0, max: 0 },
  help: `Higher imbalance figures mean a worse spread; 'arangots cluster rebalance' plans moves to improve it.

Options:
  --json    print the server's figures as JSON

Examples:
  arangots cluster imbalance`,
  async run(ctx) {
    const { db } = await ctx.connect();
    const imb = await db.cluster.calculateImbalance();
    if (flag(ctx.values, 'json')) {
      ctx.io.stdout.write(`${JSON.stringify(imb, null, 2)}\n`);
      return EXIT.ok;
    }
    ctx.io.stdout.write(`${renderImbalance(imb, ctx.out)}\nshard moves: ${imb.pendingMoveShards} pending, ${imb.todoMoveShards} to do\n`);
    return EXIT.ok;
  },
};

async function serverNames(db: Database): Promise<Map<string, string>> {
  const h = await db.cluster.health();
  return new Map(Object.entries(h.Health).map(([id, s]) => [id, typeof s.ShortName === 'string' ? s.ShortName : id]));
}

/** Collection ids of the current database by name (moves name collections by id). */
async function collectionNames(db: Database): Promise<Map<string, string>> {
  try {
    const list = await db.collections();
    return new Map(list.map((c) => [String(c.id), c.name]));
  } catch {
    return new Map();
  }
}

export function renderMoves(moves: readonly RebalanceMove[], servers: ReadonlyMap<string, string>, collections: ReadonlyMap<string, string>, p: Palette): string {
  const rows = moves.map((m, i) => [
    String(i + 1),
    collections.get(String(m.collection)) ?? String(m.collection),
    m.shard,
    servers.get(m.from) ?? m.from,
    servers.get(m.to) ?? m.to,
    m.isLeader ? 'leader' : 'follower',
  ]);
  return renderTable(
    [{ header: '#', align: 'right' }, { header: 'COLLECTION' }, { header: 'SHARD' }, { header: 'FROM' }, { header: 'TO' }, { header: 'MOVES' }],
    rows,
    { bold: p.bold },
  );
}

const rebalance: Command = {
  name: 'cluster rebalance',
  summary: 'Plan shard moves that even out the cluster, show them, then execute them.',
  usage: 'cluster rebalance [--dry-run] [--max-moves N] [--leaders-only] [--exclude-system]',
  options: {
    'dry-run': { type: 'boolean' },
    'max-moves': { type: 'string' },
    'leaders-only': { type: 'boolean' },
    'exclude-system': { type: 'boolean' },
    json: { type: 'boolean' },
  },
  args: { min: 0, max: 0 },
  help: `The planned moves are printed as a table before anything is executed.

Options:
  --dry-run           only show the plan
  --max-moves N       plan at most N moves (server default 1000)
  --leaders-only      only swap leaderships between replicas, move no data
  --exclude-system    leave system collections where they are
  --json              print the plan (and whether it was executed) as JSON

Examples:
  arangots cluster rebalance --dry-run
  arangots cluster rebalance --max-moves 20`,
  async run(ctx) {
    const max = numberOption(ctx.values, 'max-moves', ctx.command, { min: 0, integer: true });
    const leadersOnly = flag(ctx.values, 'leaders-only');
    const options: RebalanceOptions = { leaderChanges: true, moveLeaders: !leadersOnly, moveFollowers: !leadersOnly };
    if (max !== undefined) options.maximumNumberOfMoves = max;
    if (flag(ctx.values, 'exclude-system')) options.excludeSystemCollections = true;
    const dryRun = flag(ctx.values, 'dry-run');
    const { db } = await ctx.connect();
    const plan = await db.cluster.calculateRebalancePlan(options);
    const execute = !dryRun && plan.moves.length > 0;
    if (flag(ctx.values, 'json')) {
      const started = execute ? await db.cluster.executeRebalancePlan(plan.moves) : false;
      ctx.io.stdout.write(`${JSON.stringify({ ...plan, executed: started }, null, 2)}\n`);
      return EXIT.ok;
    }
    const out = ctx.io.stdout;
    const before = plan.imbalanceBefore;
    const after = plan.imbalanceAfter;
    out.write(
      `leader imbalance: ${fmt(before.leader.imbalance)} → ${fmt(after.leader.imbalance)}\n` +
        `shard imbalance:  ${fmt(before.shards.imbalance)} → ${fmt(after.shards.imbalance)}\n\n`,
    );
    if (plan.moves.length === 0) {
      out.write('the cluster is balanced: no moves planned\n');
      return EXIT.ok;
    }
    const [servers, collections] = await Promise.all([serverNames(db), collectionNames(db)]);
    out.write(`${plan.moves.length} planned move${plan.moves.length === 1 ? '' : 's'}:\n${renderMoves(plan.moves, servers, collections, ctx.out)}\n`);
    if (!execute) {
      out.write('dry run: nothing was moved\n');
      return EXIT.ok;
    }
    const started = await db.cluster.executeRebalancePlan(plan.moves);
    out.write(started ? `started ${plan.moves.length} move${plan.moves.length === 1 ? '' : 's'}; follow them with 'arangots cluster imbalance'\n` : 'the server had nothing to do\n');
    return EXIT.ok;
  },
};

export const clusterCommands: readonly Command[] = [health, maintenance, serverMaintenance, endpoints, imbalance, rebalance];
