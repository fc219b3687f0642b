/**
 * Per-node statistics of `profile: 2` (`extra.stats.nodes`), in the shape of 3.12's
 * ExecutionStats: one entry per plan node, by node id ascending (ExecutionStats keeps them in a
 * map by id), each `{ id, calls, parallel, items, filtered, runtime, fetching }`
 * (ExecutionNodeStats).
 *
 * The emulator runs statements, not plan nodes (statements.ts), so the counting happens per
 * statement and plan.ts says which plan node came from which statement (PlanOrigin):
 * - a statement's main node (EnumerateCollectionNode, FilterNode, ReturnNode, …) reports the
 *   rows the statement produced as `items`; a FilterNode also the rows it dropped as `filtered`;
 * - the CalculationNode of an operand runs once per input row of its statement, so its `items`
 *   are the statement's input rows; one the compiler folds runs once, before anything else
 *   (move-calculations-up): 1;
 * - a SingletonNode produces one row per run of its (sub)query.
 * Times are measured: a statement's own time is what its stage spent beyond pulling from the
 * stage before it (or, for FILTERs and LETs, which run as plain functions of a row, the time of
 * that function), with the evaluation of its operand (FILTER, RETURN, FOR over a list, SORT)
 * timed apart for the CalculationNode. As in ExecutionBlock::traceExecuteEnd, `runtime`
 * includes the time spent fetching from the dependency, and `fetching` is that time.
 * `calls` follows the server's batching: a node hands out its rows in blocks of up to 1000 per
 * call, so a node that ran made max(1, ⌈items / 1000⌉) calls, one that never ran none.
 * `parallel` stays 0: async prefetch is not emulated.
 *
 * Everything here is set up only when the query is profiled at level 2; otherwise the compiled
 * query has no counters at all.
 */
import type { Statement } from './ast.js';
import { PAUSE, type CExpr, type Row } from './compile-env.js';
import type { PlanNode } from './plan.js';

/** A FILTER or LET compiled to a function of a row: the same row, a new row or nothing. */
export type RowStep = (r: Row) => Row | undefined;

/** What was counted for one statement while it ran as a row step, plus its operand's time. */
export class StatementCounter {
  in = 0;
  out = 0;
  /** Milliseconds in the statement's row step. */
  self = 0;
  /** Milliseconds evaluating the statement's operand (part of its time). */
  calcSelf = 0;
  /** Milliseconds the query waited on a pause the statement asked for (SLEEP, a used-up time slice). */
  paused = 0;
}

/** Where a plan node comes from (filled in by planOf). */
export type PlanOrigin =
  | { role: 'singleton'; body: readonly Statement[] }
  | { role: 'main' | 'calc'; statement: Statement; body: readonly Statement[]; constant: boolean };

type StageRole = 'statement' | 'hoisted' | 'steps' | 'return';

/** One stage of a compiled body, with what its iterator measured. */
export interface StageTrace {
  role: StageRole;
  /** The statement the stage runs (for 'steps': the statements whose row steps it runs). */
  counters: StatementCounter[];
  /** Milliseconds inside the stage's iterator (including pulling from the stage before). */
  time: number;
  /** Rows (or, for 'return', values) the stage handed on. */
  out: number;
  pulled: boolean;
}

interface BodyTrace {
  runs: number;
  stages: StageTrace[];
}

export interface NodeStats {
  id: number;
  calls: number;
  parallel: number;
  items: number;
  filtered: number;
  runtime: number;
  fetching: number;
}

/** ExecutionBlock batches: a call returns at most this many rows. */
const BATCH = 1000;

export class QueryProfiler {
  private readonly counters = new Map<Statement, StatementCounter>();
  private readonly bodies = new Map<readonly Statement[], BodyTrace[]>();
  /** The statement whose pause is to be waited out next. */
  private pauser: StatementCounter | undefined;

  /**
   * `pausing` tells whether the query has asked to pause. The time a pause is waited out (the
   * query driver gives the event loop back, or waits out a SLEEP: waited()) is wall time of the
   * statement that asked for it, as the server's node runtime includes a SLEEP.
   */
  constructor(private readonly pausing: () => boolean) {}

  /** The query driver waited out a pause for `ms` milliseconds. */
  waited(ms: number): void {
    if (this.pauser) this.pauser.paused += ms;
    this.pauser = undefined;
  }

  counter(s: Statement): StatementCounter {
    let c = this.counters.get(s);
    if (!c) {
      c = new StatementCounter();
      this.counters.set(s, c);
    }
    return c;
  }

  /** A trace for one compilation of a body (a subquery compiled twice gets two). */
  body(body: readonly Statement[]): BodyTrace {
    const t: BodyTrace = { runs: 0, stages: [] };
    let list = this.bodies.get(body);
    if (!list) this.bodies.set(body, (list = []));
    list.push(t);
    return t;
  }

  stage(trace: BodyTrace, role: StageRole, statements: Statement[]): StageTrace {
    const st: StageTrace = { role, counters: statements.map((s) => this.counter(s)), time: 0, out: 0, pulled: false };
    trace.stages.push(st);
    return st;
  }

  /** A row step that counts its rows and time for its statement. */
  step(f: RowStep, s: Statement): RowStep {
    const c = this.counter(s);
    return (r) => {
      c.in++;
      const before = this.pausing();
      const t0 = performance.now();
      const out = f(r);
      c.self += performance.now() - t0;
      if (!before && this.pausing()) this.pauser ??= c;
      if (out !== undefined) c.out++;
      return out;
    };
  }

  /** An operand whose evaluation is timed for its statement's CalculationNode. */
  expr(f: CExpr, s: Statement): CExpr {
    const c = this.counter(s);
    return (r) => {
      const t0 = performance.now();
      const v = f(r);
      c.calcSelf += performance.now() - t0;
      return v;
    };
  }

  /**
   * An iterable whose iterator times every step of `src` into `t` and counts what it hands on;
   * `return` is passed on, so a LIMIT that stops early still closes the stages before it. The
   * innermost stage a PAUSE comes out of owns the pause, unless a row step claimed it.
   */
  traced<T>(src: Iterable<T>, t: StageTrace): Iterable<T> {
    return {
      [Symbol.iterator]: (): Iterator<T> => {
        const it = src[Symbol.iterator]();
        return {
          next: (): IteratorResult<T> => {
            t.pulled = true;
            const t0 = performance.now();
            const r = it.next();
            t.time += performance.now() - t0;
            if (r.done !== true) {
              if ((r.value as unknown) !== PAUSE) t.out++;
              else this.pauser ??= t.counters[t.counters.length - 1];
            }
            return r;
          },
          return: (value?: unknown): IteratorResult<T> => {
            const t0 = performance.now();
            const r = it.return ? it.return(value) : { done: true as const, value: value as T };
            t.time += performance.now() - t0;
            return r;
          },
        };
      },
    };
  }

  /** The statistics of every node of `nodes` (subquery nodes included), by id ascending. */
  nodeStats(nodes: readonly PlanNode[], origins: ReadonlyMap<number, PlanOrigin>): NodeStats[] {
    const derived = this.derive();
    const out: NodeStats[] = [];
    const walk = (list: readonly PlanNode[]): void => {
      const byId = new Map<number, NodeStats>();
      // calculations of one statement share its measured operand time
      const calcsOf = new Map<Statement, number>();
      for (const n of list) {
        const o = origins.get(n['id'] as number);
        if (o && o.role === 'calc' && !o.constant) calcsOf.set(o.statement, (calcsOf.get(o.statement) ?? 0) + 1);
      }
      for (const n of list) {
        const id = n['id'] as number;
        const o = origins.get(id);
        let items = 0;
        let filtered = 0;
        let self = 0;
        let ran = false;
        if (o?.role === 'singleton') {
          const b = this.bodyRuns(o.body);
          ran = b.started;
          items = b.started ? b.runs : 0;
        } else if (o) {
          const d = derived.get(this.counter(o.statement)) ?? { in: 0, out: 0, self: 0, calcSelf: 0, ran: false };
          if (o.constant) {
            // folded by the compiler, i.e. computed once before the query ran
            ran = this.bodyRuns(o.body).started;
            items = ran ? 1 : 0;
          } else if (o.role === 'calc') {
            ran = d.ran;
            items = d.in;
            self = d.calcSelf / (calcsOf.get(o.statement) ?? 1);
          } else {
            ran = d.ran;
            items = d.out;
            self = Math.max(0, d.self - d.calcSelf);
            if (n['type'] === 'FilterNode') filtered = Math.max(0, d.in - d.out);
          }
        }
        const deps = n['dependencies'] as number[];
        const fetching = deps.length > 0 ? (byId.get(deps[0] as number)?.runtime ?? 0) : 0;
        const s: NodeStats = {
          id, calls: ran ? Math.max(1, Math.ceil(items / BATCH)) : 0, parallel: 0, items, filtered,
          runtime: fetching + self / 1000, fetching,
        };
        byId.set(id, s);
        out.push(s);
        const sub = (n['subquery'] as { nodes?: PlanNode[] } | undefined)?.nodes;
        if (sub) walk(sub);
      }
    };
    walk(nodes);
    return out.sort((a, b) => a.id - b.id);
  }

  private bodyRuns(body: readonly Statement[]): { runs: number; started: boolean } {
    const traces = this.bodies.get(body) ?? [];
    let runs = 0;
    let started = false;
    for (const t of traces) {
      runs += t.runs;
      const first = t.stages[0];
      if (first?.pulled) started = true;
    }
    return { runs, started };
  }

  /** Per statement: the row-step counts plus what its stages measured (computed afresh each time). */
  private derive(): Map<StatementCounter, Derived> {
    const d = new Map<StatementCounter, Derived>();
    for (const c of this.counters.values()) d.set(c, { in: c.in, out: c.out, self: c.self + c.paused, calcSelf: c.calcSelf, ran: c.in > 0 });
    for (const traces of this.bodies.values()) {
      for (const t of traces) {
        t.stages.forEach((st, i) => {
          const prev = t.stages[i - 1];
          const own = Math.max(0, st.time - (prev?.time ?? 0));
          for (const c of st.counters) {
            const x = d.get(c) as Derived;
            if (st.pulled) x.ran = true;
            if (st.role === 'steps') continue;
            x.self += own;
            if (st.role === 'hoisted') continue;
            x.in += prev ? prev.out : t.runs;
            x.out += st.out;
          }
        });
      }
    }
    return d;
  }
}

interface Derived {
  in: number;
  out: number;
  self: number;
  calcSelf: number;
  ran: boolean;
}

