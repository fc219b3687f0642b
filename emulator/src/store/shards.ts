import type { ServerState } from './server-state.js';
import type { CollectionAccess } from './types.js';
import { httpError } from '../errors.js';

/** One shard of a collection: its leader and followers (DB-server ids). */
export interface ShardInfo {
  readonly id: string;
  leader: string;
  followers: string[];
}

interface CollectionPlan {
  /** Numeric id used in rebalance moves (the collection's own id when it exposes one). */
  readonly planId: string;
  readonly shards: ShardInfo[];
}

/** An agency job (moveShard, cleanOutServer, resignLeadership) as `queryAgencyJob` reports it. */
export interface AgencyJob {
  id: string;
  type: string;
  status: 'ToDo' | 'Pending' | 'Finished' | 'Failed';
  creator: string;
  timeCreated: string;
  timeFinished?: string;
  [field: string]: unknown;
}

export interface Move {
  from: string;
  to: string;
  shard: string;
  collection: number;
  isLeader: boolean;
}

export interface Imbalance {
  leader: {
    weightUsed: number[];
    targetWeight: number[];
    numberShards: number[];
    leaderDupl: number[];
    totalWeight: number;
    imbalance: number;
    totalShards: number;
  };
  shards: {
    sizeUsed: number[];
    targetSize: number[];
    numberShards: number[];
    totalUsed: number;
    totalShards: number;
    totalShardsFromSystemCollections: number;
    imbalance: number;
  };
}

export interface RebalanceOptions {
  maximumNumberOfMoves: number;
  leaderChanges: boolean;
  moveLeaders: boolean;
  moveFollowers: boolean;
  excludeSystemCollections: boolean;
  databasesExcluded: string[];
}

/** Reads a numeric property a collection object may expose (EMU-STORE's class), defensively. */
function numericProp(c: CollectionAccess, name: string): number | undefined {
  const rec = c as unknown as Record<string, unknown>;
  let v = rec[name];
  if (v === undefined) {
    const props = rec.properties;
    const p = typeof props === 'function' ? (props as () => unknown).call(c) : props;
    if (p && typeof p === 'object') v = (p as Record<string, unknown>)[name];
  }
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

function stringProp(c: CollectionAccess, name: string): string | undefined {
  const v = (c as unknown as Record<string, unknown>)[name];
  return typeof v === 'string' ? v : undefined;
}

/**
 * The cluster's shard plan: which DB-server leads and follows each shard of each collection.
 * Computed lazily from a collection's `numberOfShards` / `replicationFactor` and kept stable
 * afterwards, so moveShard and rebalance change it visibly. Documents are not really split:
 * the store holds one copy; shards only describe placement.
 */
export class ShardPlan {
  private readonly plans = new Map<string, Map<string, CollectionPlan>>();
  private readonly jobs = new Map<string, AgencyJob>();
  private rotation = 0;

  constructor(private readonly state: ServerState) {}

  private dbServers(): string[] {
    return this.state.nodesByRole('PRIMARY').map((n) => n.id);
  }

  /** Shards of a collection, creating the placement on first use. */
  shardsOf(dbName: string, collName: string): ShardInfo[] {
    return this.planOf(dbName, collName).shards;
  }

  planIdOf(dbName: string, collName: string): string {
    return this.planOf(dbName, collName).planId;
  }

  private planOf(dbName: string, collName: string): CollectionPlan {
    const db = this.state.database(dbName);
    const coll = db.collection(collName);
    let perDb = this.plans.get(dbName);
    if (!perDb) {
      perDb = new Map();
      this.plans.set(dbName, perDb);
    }
    const existing = perDb.get(collName);
    const wanted = Math.max(1, Math.floor(numericProp(coll, 'numberOfShards') ?? 1));
    if (existing && existing.shards.length === wanted) return existing;
    const servers = this.dbServers();
    const rfRaw = numericProp(coll, 'replicationFactor') ?? this.numericDbDefault(dbName);
    const rf = Math.max(1, Math.min(servers.length || 1, Math.floor(rfRaw)));
    const shards: ShardInfo[] = [];
    for (let i = 0; i < wanted; i++) {
      const start = this.rotation++;
      const holders = servers.length === 0 ? [] : Array.from({ length: rf }, (_, k) => servers[(start + k) % servers.length] as string);
      shards.push({ id: `s${this.state.newTick()}`, leader: holders[0] ?? '', followers: holders.slice(1) });
    }
    const plan = { planId: stringProp(coll, 'id') ?? existing?.planId ?? this.state.newTick(), shards };
    perDb.set(collName, plan);
    return plan;
  }

  private numericDbDefault(dbName: string): number {
    const rf = this.state.databaseOptions(dbName).replicationFactor;
    return typeof rf === 'number' ? rf : this.dbServers().length;
  }

  /** Every (database, collection) currently in the state, pruning plans of dropped collections. */
  private *allCollections(excludedDbs: string[] = []): Generator<[string, string, CollectionPlan, boolean]> {
    for (const dbName of this.state.databaseNames()) {
      if (excludedDbs.includes(dbName)) continue;
      const db = this.state.database(dbName);
      const perDb = this.plans.get(dbName);
      if (perDb) for (const name of perDb.keys()) if (!db.hasCollection(name)) perDb.delete(name);
      for (const name of db.collections.keys()) {
        yield [dbName, name, this.planOf(dbName, name), name.startsWith('_')];
      }
    }
  }

  dropDatabase(dbName: string): void {
    this.plans.delete(dbName);
  }

  dropCollection(dbName: string, collName: string): void {
    this.plans.get(dbName)?.delete(collName);
  }

  /** Shards a server holds, as leader or follower. */
  shardsOnServer(serverId: string): number {
    let n = 0;
    for (const [, , plan] of this.allCollections()) {
      for (const s of plan.shards) if (s.leader === serverId || s.followers.includes(serverId)) n++;
    }
    return n;
  }

  private findShard(shardId: string): { db: string; coll: string; shard: ShardInfo; plan: CollectionPlan } | undefined {
    for (const [db, coll, plan] of this.allCollections()) {
      const shard = plan.shards.find((s) => s.id === shardId);
      if (shard) return { db, coll, shard, plan };
    }
    return undefined;
  }

  /**
   * Moves a shard replica between DB-servers (the agency's MoveShard job). It completes at
   * once: the emulator has no data to copy. Throws 404 for unknown shards/servers.
   */
  moveShard(spec: { database?: string; collection?: string; shard: string; fromServer: string; toServer: string; remainsFollower?: boolean }, creator: string): AgencyJob {
    const found = this.findShard(spec.shard);
    if (!found || (spec.collection !== undefined && found.coll !== spec.collection) || (spec.database !== undefined && found.db !== spec.database)) {
      throw httpError(404, 'ERROR_HTTP_NOT_FOUND', `shard '${spec.shard}' not found`);
    }
    const from = this.state.findNode(spec.fromServer);
    const to = this.state.findNode(spec.toServer);
    if (!from || from.role !== 'PRIMARY') throw httpError(404, 'ERROR_HTTP_NOT_FOUND', `unknown server '${spec.fromServer}'`);
    if (!to || to.role !== 'PRIMARY') throw httpError(404, 'ERROR_HTTP_NOT_FOUND', `unknown server '${spec.toServer}'`);
    const { shard } = found;
    const job = this.newJob('moveShard', creator, {
      database: found.db, collection: found.coll, shard: shard.id, fromServer: from.id, toServer: to.id,
      isLeader: shard.leader === from.id, remainsFollower: spec.remainsFollower ?? false,
    });
    const holds = (id: string): boolean => shard.leader === id || shard.followers.includes(id);
    if (!holds(from.id) || from.id === to.id) return this.fail(job, 'server does not hold the shard, or source equals destination');
    if (shard.leader === from.id) {
      if (holds(to.id)) {
        // Leader change without data movement: swap the roles.
        shard.followers = shard.followers.map((f) => (f === to.id ? from.id : f));
      } else {
        shard.followers = spec.remainsFollower ? [from.id, ...shard.followers] : shard.followers;
      }
      shard.leader = to.id;
    } else {
      if (holds(to.id)) return this.fail(job, 'destination already holds the shard');
      shard.followers = shard.followers.map((f) => (f === from.id ? to.id : f));
    }
    return this.finish(job);
  }

  /** Moves every shard replica away from a DB-server (the agency's CleanOutServer job). */
  cleanOutServer(serverId: string, creator: string): AgencyJob {
    const server = this.state.findNode(serverId);
    if (!server || server.role !== 'PRIMARY') throw httpError(404, 'ERROR_HTTP_NOT_FOUND', `unknown server '${serverId}'`);
    const job = this.newJob('cleanOutServer', creator, { server: server.id });
    const others = this.dbServers().filter((s) => s !== server.id);
    if (others.length === 0) return this.fail(job, 'no other DB-server to move shards to');
    for (const [, , plan] of this.allCollections()) {
      for (const s of plan.shards) {
        const holders = new Set([s.leader, ...s.followers]);
        if (!holders.has(server.id)) continue;
        const target = others.find((o) => !holders.has(o));
        if (s.leader === server.id) {
          const follower = s.followers[0];
          if (follower !== undefined) {
            s.leader = follower;
            s.followers = s.followers.slice(1);
            if (target) s.followers.push(target);
          } else {
            s.leader = target ?? (others[0] as string);
          }
        } else {
          s.followers = s.followers.filter((f) => f !== server.id);
          if (target) s.followers.push(target);
        }
      }
    }
    if (!this.state.targetServers.cleanedServers.includes(server.id)) this.state.targetServers.cleanedServers.push(server.id);
    return this.finish(job);
  }

  /** Hands every leadership of a DB-server to a follower (the agency's ResignLeadership job). */
  resignLeadership(serverId: string, creator: string): AgencyJob {
    const server = this.state.findNode(serverId);
    if (!server || server.role !== 'PRIMARY') throw httpError(404, 'ERROR_HTTP_NOT_FOUND', `unknown server '${serverId}'`);
    const job = this.newJob('resignLeadership', creator, { server: server.id });
    for (const [, , plan] of this.allCollections()) {
      for (const s of plan.shards) {
        const follower = s.followers[0];
        if (s.leader === server.id && follower !== undefined) {
          s.leader = follower;
          s.followers = [...s.followers.slice(1), server.id];
        }
      }
    }
    return this.finish(job);
  }

  agencyJob(id: string): AgencyJob | undefined {
    return this.jobs.get(id);
  }

  private newJob(type: string, creator: string, fields: Record<string, unknown>): AgencyJob {
    const id = this.state.newTick();
    const job: AgencyJob = { ...fields, id, type, status: 'ToDo', creator, timeCreated: new Date().toISOString() };
    this.jobs.set(id, job);
    return job;
  }

  private finish(job: AgencyJob): AgencyJob {
    job.status = 'Finished';
    job.timeFinished = new Date().toISOString();
    return job;
  }

  private fail(job: AgencyJob, reason: string): AgencyJob {
    job.status = 'Failed';
    job.reason = reason;
    job.timeFinished = new Date().toISOString();
    return job;
  }

  // ---- shard distribution ------------------------------------------------------------------

  /** `/_admin/cluster/shardDistribution` for one database: servers by short name. */
  distribution(dbName: string, only?: string): Record<string, { Plan: Record<string, unknown>; Current: Record<string, unknown> }> {
    const alias = (id: string): string => this.state.nodes.get(id)?.shortName ?? id;
    const out: Record<string, { Plan: Record<string, unknown>; Current: Record<string, unknown> }> = {};
    const db = this.state.database(dbName);
    const names = only !== undefined ? [only] : [...db.collections.keys()].sort();
    for (const name of names) {
      const plan: Record<string, unknown> = {};
      const current: Record<string, unknown> = {};
      for (const s of this.shardsOf(dbName, name)) {
        const entry = { leader: alias(s.leader), followers: s.followers.map(alias) };
        // Everything is in sync at once: Plan and Current agree.
        plan[s.id] = entry;
        current[s.id] = { ...entry, followers: [...entry.followers] };
      }
      out[name] = { Plan: plan, Current: current };
    }
    return out;
  }

  // ---- rebalance ---------------------------------------------------------------------------

  private snapshot(excludeSystem: boolean, excludedDbs: string[]): Array<{ coll: string; planId: string; system: boolean; shard: ShardInfo; size: number }> {
    const out: Array<{ coll: string; planId: string; system: boolean; shard: ShardInfo; size: number }> = [];
    for (const [dbName, coll, plan, system] of this.allCollections(excludedDbs)) {
      if (excludeSystem && system) continue;
      let count = 0;
      try {
        count = this.state.database(dbName).collection(coll).count();
      } catch {
        count = 0;
      }
      const per = Math.ceil(count / plan.shards.length);
      // A shard's size: a small fixed overhead plus its share of documents.
      for (const shard of plan.shards) out.push({ coll: `${dbName}/${coll}`, planId: plan.planId, system, shard, size: 1 + per });
    }
    return out;
  }

  imbalance(excludedDbs: string[] = []): Imbalance {
    return this.computeImbalance(this.snapshot(false, excludedDbs));
  }

  private computeImbalance(shards: Array<{ coll: string; system: boolean; shard: ShardInfo; size: number }>): Imbalance {
    const servers = this.dbServers();
    const idx = new Map(servers.map((s, i) => [s, i]));
    const n = servers.length;
    const zeros = (): number[] => Array.from({ length: n }, () => 0);
    const weightUsed = zeros();
    const leaderShards = zeros();
    const sizeUsed = zeros();
    const numberShards = zeros();
    const dupl = new Map<string, number[]>();
    let systemLeaders = 0;
    for (const { coll, system, shard, size } of shards) {
      const li = idx.get(shard.leader);
      if (li !== undefined) {
        weightUsed[li] = (weightUsed[li] ?? 0) + 1;
        leaderShards[li] = (leaderShards[li] ?? 0) + 1;
        const d = dupl.get(coll) ?? zeros();
        d[li] = (d[li] ?? 0) + 1;
        dupl.set(coll, d);
      }
      if (system) systemLeaders++;
      for (const holder of [shard.leader, ...shard.followers]) {
        const i = idx.get(holder);
        if (i === undefined) continue;
        sizeUsed[i] = (sizeUsed[i] ?? 0) + size;
        numberShards[i] = (numberShards[i] ?? 0) + 1;
      }
    }
    const totalWeight = weightUsed.reduce((a, b) => a + b, 0);
    const totalUsed = sizeUsed.reduce((a, b) => a + b, 0);
    const targetWeight = servers.map(() => (n ? totalWeight / n : 0));
    const targetSize = servers.map(() => (n ? totalUsed / n : 0));
    // Leader duplicates: more than one leader of the same collection on a server.
    const leaderDupl = zeros();
    for (const d of dupl.values()) d.forEach((c, i) => { if (c > 1) leaderDupl[i] = (leaderDupl[i] ?? 0) + c - 1; });
    const sq = (a: number[], t: number[]): number => a.reduce((s, v, i) => s + (v - (t[i] ?? 0)) ** 2, 0);
    return {
      leader: {
        weightUsed, targetWeight, numberShards: leaderShards, leaderDupl, totalWeight,
        imbalance: sq(weightUsed, targetWeight), totalShards: leaderShards.reduce((a, b) => a + b, 0),
      },
      shards: {
        sizeUsed, targetSize, numberShards, totalUsed,
        totalShards: numberShards.reduce((a, b) => a + b, 0),
        totalShardsFromSystemCollections: systemLeaders,
        imbalance: sq(sizeUsed, targetSize),
      },
    };
  }

  /**
   * Greedy plan: repeatedly apply the single move that lowers the combined imbalance (sum of
   * squared deviations of leader weight and of stored size per server) most, on a copy of the
   * placement, up to `maximumNumberOfMoves`. Targets stay fixed (moves keep the totals), so
   * each candidate is scored in O(1) from per-server sums.
   */
  computePlan(opts: RebalanceOptions): { imbalanceBefore: Imbalance; imbalanceAfter: Imbalance; moves: Move[] } {
    const live = this.snapshot(opts.excludeSystemCollections, opts.databasesExcluded);
    const sim = live.map((e) => ({ ...e, shard: { id: e.shard.id, leader: e.shard.leader, followers: [...e.shard.followers] } }));
    const before = this.computeImbalance(sim);
    const servers = this.dbServers();
    const weight = new Map(servers.map((id, i) => [id, before.leader.weightUsed[i] ?? 0]));
    const size = new Map(servers.map((id, i) => [id, before.shards.sizeUsed[i] ?? 0]));
    const tw = before.leader.targetWeight[0] ?? 0;
    const ts = before.shards.targetSize[0] ?? 0;
    const sq = (v: number, t: number): number => (v - t) ** 2;
    /** Change of the score when `dw` leader weight and `ds` size move from `a` to `b`. */
    const delta = (a: string, b: string, dw: number, ds: number): number => {
      const wa = weight.get(a) ?? 0;
      const wb = weight.get(b) ?? 0;
      const sa = size.get(a) ?? 0;
      const sb = size.get(b) ?? 0;
      return sq(wa - dw, tw) + sq(wb + dw, tw) - sq(wa, tw) - sq(wb, tw)
        + sq(sa - ds, ts) + sq(sb + ds, ts) - sq(sa, ts) - sq(sb, ts);
    };
    const moves: Move[] = [];
    while (moves.length < opts.maximumNumberOfMoves) {
      let best: { gain: number; apply: () => void; move: Move } | undefined;
      const consider = (gain: number, apply: () => void, move: Move): void => {
        if (gain < -1e-9 && (!best || gain < best.gain)) best = { gain, apply, move };
      };
      for (const e of sim) {
        const s = e.shard;
        const collection = Number(e.planId);
        const holders = new Set([s.leader, ...s.followers]);
        if (opts.leaderChanges) {
          for (const f of s.followers) {
            consider(delta(s.leader, f, 1, 0), () => {
              const old = s.leader;
              s.leader = f;
              s.followers = s.followers.map((x) => (x === f ? old : x));
            }, { from: s.leader, to: f, shard: s.id, collection, isLeader: true });
          }
        }
        for (const target of servers) {
          if (holders.has(target)) continue;
          if (opts.moveLeaders) {
            consider(delta(s.leader, target, 1, e.size), () => { s.leader = target; },
              { from: s.leader, to: target, shard: s.id, collection, isLeader: true });
          }
          if (opts.moveFollowers) {
            for (const f of s.followers) {
              consider(delta(f, target, 0, e.size), () => { s.followers = s.followers.map((x) => (x === f ? target : x)); },
                { from: f, to: target, shard: s.id, collection, isLeader: false });
            }
          }
        }
      }
      const chosen: { gain: number; apply: () => void; move: Move } | undefined = best;
      if (!chosen) break;
      const { move } = chosen;
      const entry = sim.find((x) => x.shard.id === move.shard);
      const moved = move.isLeader ? 1 : 0;
      const bytes = move.isLeader && entry && [entry.shard.leader, ...entry.shard.followers].includes(move.to) ? 0 : (entry?.size ?? 0);
      weight.set(move.from, (weight.get(move.from) ?? 0) - moved);
      weight.set(move.to, (weight.get(move.to) ?? 0) + moved);
      size.set(move.from, (size.get(move.from) ?? 0) - bytes);
      size.set(move.to, (size.get(move.to) ?? 0) + bytes);
      chosen.apply();
      moves.push(move);
    }
    return { imbalanceBefore: before, imbalanceAfter: this.computeImbalance(sim), moves };
  }

  /** Executes moves as MoveShard jobs; unknown shards or servers throw 404 before any change. */
  executeMoves(moves: Move[], creator: string): AgencyJob[] {
    for (const m of moves) {
      if (!this.findShard(m.shard)) throw httpError(404, 'ERROR_HTTP_NOT_FOUND', `shard '${m.shard}' not found`);
    }
    return moves.map((m) => this.moveShard({ shard: m.shard, fromServer: m.from, toServer: m.to, remainsFollower: false }, creator));
  }
}
