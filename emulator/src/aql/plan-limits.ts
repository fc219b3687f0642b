/**
 * ArangoDB's cap on the size of an execution plan: `ExecutionPlan::maxPlanNodes` (4000 in 3.12,
 * arangod/Aql/ExecutionPlan.h: "maximum number of execution nodes allowed per query (at the time
 * the initial execution plan is created)"). A query whose initial plan has more nodes fails with
 * 400 / ERROR_QUERY_TOO_MUCH_NESTING (1524). The server's own test
 * (tests/Aql/QueryLimitsTest.cpp, testManyNodes / testTooManyNodes) fixes the boundary:
 * `LET x = NOOPT(…)`, then 3996 `FILTER x`, then `RETURN 1` is 4000 nodes (singleton, two
 * calculations, 3996 filters, return) and runs; 4000 filters fail.
 *
 * The emulator has no plan of its own to count, so this counts the nodes
 * ExecutionPlan::fromNode* would create from the query before any optimizer rule runs:
 * a SingletonNode per (sub)query; per statement its node, plus a CalculationNode for each
 * operand that is not a plain variable reference (FILTER x needs none, FILTER x > 1 one);
 * a subquery in an expression is a SubqueryNode plus its own body. The AST optimizer's
 * inlining of constant LET variables is taken into account (a reference to such a variable is
 * a constant, so it needs a calculation). Where fromNode* adds helper nodes the count is a
 * close approximation (COLLECT's SortNode, UPSERT's search subquery), which only matters for
 * queries within a handful of nodes of the limit.
 */
import type { Expr, Query, Statement } from './ast.js';
import { AqlError } from './errors.js';
import { isConstantExpr } from './constant.js';

/** ExecutionPlan::maxPlanNodes (3.12). */
export const MAX_PLAN_NODES = 4000;

class Counter {
  /** Variables whose LET assigned a constant (Ast::optimizeReference inlines them). */
  private readonly constants = new Set<string>();

  /** SubqueryNodes (with their bodies) for the subqueries inside an expression. */
  private subqueriesIn(e: Expr | undefined): number {
    if (!e) return 0;
    if (e.kind === 'subquery') return 1 + this.body(e.body);
    let n = 0;
    for (const v of Object.values(e)) {
      if (Array.isArray(v)) {
        for (const x of v) {
          if (isExpr(x)) n += this.subqueriesIn(x);
          else if (typeof x === 'object' && x !== null) for (const y of Object.values(x)) if (isExpr(y)) n += this.subqueriesIn(y);
        }
      } else if (isExpr(v)) {
        n += this.subqueriesIn(v);
      }
    }
    return n;
  }

  /** Nodes an operand adds: its subqueries, and a calculation unless it is a variable reference. */
  private operand(e: Expr | undefined): number {
    if (!e) return 0;
    const isRef = e.kind === 'ref' && !this.constants.has(e.name);
    return this.subqueriesIn(e) + (isRef ? 0 : 1);
  }

  body(statements: readonly Statement[]): number {
    let n = 1; // SingletonNode
    for (const s of statements) n += this.statement(s);
    return n;
  }

  private statement(s: Statement): number {
    switch (s.kind) {
      case 'for': {
        const src = s.source;
        const dataSource = src.kind === 'collection' || (src.kind === 'bind' && src.collection);
        return (dataSource ? this.subqueriesIn(s.search) : this.operand(src)) + 1;
      }
      case 'traversal': return (isPlainVertex(s.start) ? this.subqueriesIn(s.start) : this.operand(s.start)) + this.subqueriesIn(s.prune?.cond) + 1;
      case 'shortestPath':
        return (isPlainVertex(s.start) ? 0 : this.operand(s.start)) + (isPlainVertex(s.target) ? 0 : this.operand(s.target)) + 1;
      case 'filter': return this.operand(s.cond) + 1;
      case 'let': {
        if (s.expr.kind === 'subquery') return 1 + this.body(s.expr.body);
        if (isConstantExpr(s.expr, this.constants)) this.constants.add(s.variable);
        return this.subqueriesIn(s.expr) + 1;
      }
      case 'sort': return s.items.reduce((a, i) => a + this.operand(i.expr), 0) + 1;
      case 'limit': return 1;
      case 'collect': {
        let n = s.groups.reduce((a, g) => a + this.operand(g.expr), 0);
        for (const a of s.aggregates) for (const x of a.args) n += this.operand(x);
        if (s.into?.expr) n += this.operand(s.into.expr);
        // fromNodeCollect puts a SortNode on the groups ahead of a sorted COLLECT
        return n + (s.groups.length > 0 ? 2 : 1);
      }
      case 'window': {
        let n = this.operand(s.range);
        for (const a of s.aggregates) for (const x of a.args) n += this.operand(x);
        return n + 1;
      }
      // RETURN DISTINCT: an anonymous COLLECT ahead of the ReturnNode
      case 'return': return this.operand(s.expr) + (s.distinct ? 2 : 1);
      case 'insert': return this.operand(s.doc) + 1;
      case 'update': case 'replace': return this.operand(s.key) + this.operand(s.doc) + 1;
      case 'remove': return this.operand(s.key) + 1;
      // the search runs as a subquery (singleton, enumeration, filter, limit, return)
      case 'upsert': return 1 + 5 + this.operand(s.insert) + this.operand(s.update) + 1;
      case 'with': return 0;
    }
  }
}

function isExpr(v: unknown): v is Expr {
  return typeof v === 'object' && v !== null && typeof (v as { kind?: unknown }).kind === 'string';
}

/** A start or target vertex the graph node takes as it is (a variable, an id string, a bind value). */
function isPlainVertex(e: Expr): boolean {
  return e.kind === 'ref' || e.kind === 'value' || e.kind === 'bind';
}

/** The number of nodes of the query's initial execution plan (see above). */
export function initialPlanNodeCount(q: Query): number {
  return new Counter().body(q.body);
}

/** Refuses a query whose initial plan would exceed ExecutionPlan::maxPlanNodes. */
export function checkPlanSize(q: Query): void {
  if (initialPlanNodeCount(q) > MAX_PLAN_NODES) {
    // the thrown text is not in the stored source; the error's own message is what we can vouch for
    throw AqlError.of(400, 'ERROR_QUERY_TOO_MUCH_NESTING');
  }
}
