/**
 * An OR whose every branch an index serves: one IndexNode over several index lookups, as
 * getBestIndexHandlesForFilterCondition builds it (findIndexHandleForAndNode per OR branch;
 * when one branch has no index, none is used). The IndexNode lists one index per branch (the
 * same index may repeat) and the branches as its condition's `n-ary and`s; it reads them in
 * turn and returns each document once (IndexExecutor's checkUniqueness for several indexes). The
 * FILTER stays: remove-filter-covered-by-index only handles an IndexNode with one index
 * (RemoveFiltersCoveredByIndex.cpp), so only `use-indexes` is listed. The estimate sums the
 * branches' filter costs, each without other indexes' estimates to borrow (IndexNode::estimateCost
 * passes no index list to supportsFilterCondition).
 *
 * sortOrs: when every branch is one comparison of the same attribute, the branches are sorted
 * by their lower bound (none first, then by value, inclusive before exclusive) and repeated
 * (condition, index) pairs dropped. The emulator applies it to `==`, `<`, `<=`, `>`, `>=` with
 * the attribute on the left (an OR of `==` / `IN` of one attribute is already one IN lookup, as
 * Condition::optimize merges it); other branches keep the FILTER's order.
 */
import type { Expr, Value } from './ast.js';
import { compare } from './compare.js';
import { canonical } from '../store/array-index.js';
import type { ConstantOf, SortedLookup } from './index-choice.js';

type Branch = SortedLookup;

function disjuncts(e: Expr, out: Expr[] = []): Expr[] {
  if (e.kind === 'binary' && e.op === 'OR') {
    disjuncts(e.left, out);
    disjuncts(e.right, out);
  } else out.push(e);
  return out;
}

/** `v.a.b` as 'a.b' when it reads the loop variable. */
function pathOf(e: Expr, variable: string): string | undefined {
  const out: string[] = [];
  let cur = e;
  while (cur.kind === 'attr') {
    out.unshift(cur.name);
    cur = cur.object;
  }
  return out.length > 0 && cur.kind === 'ref' && cur.name === variable ? out.join('.') : undefined;
}

/** sortOrs' lower bound of a single comparison `attr op value`: [value, inclusive], or null for none. */
function lowerBound(op: string, value: Value): [Value, boolean] | null {
  if (op === '==' || op === '>=') return [value, true];
  if (op === '>') return [value, false];
  return null;
}

function sortOrs(branches: Branch[], variable: string, constantOf: ConstantOf): Branch[] {
  if (branches.length < 2) return branches;
  const keyed: { b: Branch; lower: [Value, boolean] | null; key: string }[] = [];
  let attr: string | undefined;
  for (const b of branches) {
    if (b.nodes.length !== 1) return branches;
    const n = b.nodes[0] as Expr;
    if (n.kind !== 'binary' || !['==', '<', '<=', '>', '>='].includes(n.op)) return branches;
    const path = pathOf(n.left, variable);
    const c = constantOf(n.right);
    if (path === undefined || !c) return branches;
    if (attr !== undefined && path !== attr) return branches;
    attr = path;
    keyed.push({ b, lower: lowerBound(n.op, c.value), key: `${n.op} ${canonical(c.value)} - ${b.index.id}` });
  }
  keyed.sort((x, y) => {
    if (x.lower === null || y.lower === null) return x.lower === y.lower ? 0 : x.lower === null ? -1 : 1;
    const c = compare(x.lower[0], y.lower[0]);
    if (c !== 0) return c;
    return x.lower[1] === y.lower[1] ? 0 : x.lower[1] ? -1 : 1;
  });
  const seen = new Set<string>();
  return keyed.filter((k) => (seen.has(k.key) ? false : (seen.add(k.key), true))).map((k) => k.b);
}

/**
 * The union lookup for the FILTER condition `cond` (an OR), or undefined when a branch has no
 * index. `chooseBranch` is the single-branch choice (findIndexHandleForAndNode); `costOf` the
 * branch's filter cost and items without borrowed estimates.
 */
export function unionChoice(
  cond: Expr, variable: string, constantOf: ConstantOf,
  chooseBranch: (branch: Expr) => Branch | undefined,
  costOf: (branch: Branch, cond: Expr) => { items: number; cost: number },
): SortedLookup | undefined {
  const parts = disjuncts(cond);
  if (parts.length < 2) return undefined;
  const branches: Branch[] = [];
  const costs: { items: number; cost: number }[] = [];
  for (const p of parts) {
    const b = chooseBranch(p);
    // a branch the index answers only for a SORT, or through the primary index, is left to the scan
    if (!b || b.scan || b.order?.removes) return undefined;
    branches.push(b);
    costs.push(costOf(b, p));
  }
  const sorted = sortOrs(branches, variable, constantOf);
  const first = sorted[0] as Branch;
  const kept = sorted.map((b) => costs[branches.indexOf(b)] as { items: number; cost: number });
  const { order: _unused, ...rest } = first;
  return {
    ...rest, covered: [], remainders: new Map(), union: sorted,
    estimatedItems: kept.reduce((s, c) => s + c.items, 0), estimatedCost: kept.reduce((s, c) => s + c.cost, 0),
  };
}
