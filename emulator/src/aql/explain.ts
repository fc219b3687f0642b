import type { Expr, Query, Statement, Value } from './ast.js';
import { displayName } from './parser.js';

/**
 * AST dumps in ArangoDB's JSON shape (`/_api/query`, and the expressions of plan nodes), the
 * data sources a query names, and (plan.ts) execution plans.
 */

type Json = Value;

import type { Plan } from './plan.js';

export type { Plan, PlanOptions } from './plan.js';

const AST_TYPES: Record<string, string> = {
  '==': 'compare ==', '!=': 'compare !=', '<': 'compare <', '<=': 'compare <=', '>': 'compare >', '>=': 'compare >=',
  IN: 'compare in', 'NOT IN': 'compare not in', '+': 'plus', '-': 'minus', '*': 'times', '/': 'division', '%': 'modulus',
  AND: 'logical and', OR: 'logical or', LIKE: 'function call', 'NOT LIKE': 'function call', '=~': 'function call', '!~': 'function call',
};

/**
 * The data source an expression in collection position names: a collection name, a `@@`
 * parameter's value, or a value parameter naming a write target (`INTO @c`).
 */
export function dataSourceName(e: Expr, bindVars: Record<string, unknown>): string | null {
  switch (e.kind) {
    case 'collection': return e.name;
    case 'value': return typeof e.value === 'string' ? e.value : null;
    case 'bind': {
      const v = bindVars[e.collection ? `@${e.name}` : e.name];
      if (typeof v === 'string' && v !== '') return v;
      if (typeof v === 'object' && v !== null && !Array.isArray(v) && typeof (v as { name?: unknown }).name === 'string') return (v as { name: string }).name;
      return null;
    }
    default: return null;
  }
}

/**
 * `plan.collections` as ArangoDB lists them: every collection of the query once, by name
 * (its collection map is ordered), `write` for those the query modifies. Views are left out.
 */
export function planCollections(reads: readonly string[], writes: readonly string[], isCollection: (name: string) => boolean): Plan['collections'] {
  const out = new Map<string, 'read' | 'write'>();
  for (const c of reads) if (isCollection(c)) out.set(c, 'read');
  for (const c of writes) if (isCollection(c)) out.set(c, 'write');
  return [...out].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([name, type]) => ({ name, type }));
}

/** An expression in ArangoDB's AST JSON form (`{type, subNodes, value, name}`). */
export function astJson(e: Expr, ids: Map<string, number> = new Map()): Json {
  const sub = (x: Expr): Json => astJson(x, ids);
  switch (e.kind) {
    case 'value': return { type: 'value', value: e.value };
    case 'array': return { type: 'array', subNodes: e.elements.map(sub) };
    case 'object': return {
      type: 'object',
      subNodes: e.entries.map((x) => typeof x.key === 'string'
        ? { type: 'object element', name: x.key, subNodes: [sub(x.value)] }
        : { type: 'calculated object element', subNodes: [sub(x.key), sub(x.value)] }),
    };
    // 3.12 marks whether the variable holds a subquery's result (`LET x = (FOR …)`)
    case 'ref': return { type: 'reference', name: displayName(e.name), id: idOf(ids, e.name), subqueryReference: subqueryVariables.get(ids)?.has(e.name) === true };
    case 'collection': return { type: 'collection', name: e.name };
    case 'bind': return { type: e.collection ? 'datasource parameter' : 'parameter', name: e.collection ? `@${e.name}` : e.name };
    case 'attr': return { type: 'attribute access', name: e.name, subNodes: [sub(e.object)] };
    case 'index': return { type: 'indexed access', subNodes: [sub(e.object), sub(e.index)] };
    case 'expand': return { type: 'expansion', levels: e.levels, subNodes: [sub(e.object), ...(e.filter ? [sub(e.filter)] : []), ...(e.projection ? [sub(e.projection)] : [])] };
    case 'unary': return { type: e.op === 'NOT' ? 'unary not' : e.op === '-' ? 'unary minus' : 'unary plus', subNodes: [sub(e.operand)] };
    case 'binary': {
      const t = AST_TYPES[e.op] ?? e.op;
      if (t === 'function call') {
        const name = e.op.includes('LIKE') ? 'LIKE' : e.op === '=~' ? 'REGEX_TEST' : 'REGEX_TEST';
        const call = { type: 'function call', name, subNodes: [{ type: 'array', subNodes: [sub(e.left), sub(e.right)] }] };
        return e.op.startsWith('NOT') || e.op === '!~' ? { type: 'unary not', subNodes: [call] } : call;
      }
      return { type: t, subNodes: [sub(e.left), sub(e.right)] };
    }
    case 'arrayCmp': return { type: `array compare ${e.op.toLowerCase()}`, quantifier: e.quantifier.kind, subNodes: [sub(e.left), sub(e.right)] };
    case 'ternary': return { type: 'ternary', subNodes: [sub(e.cond), ...(e.then ? [sub(e.then)] : []), sub(e.otherwise)] };
    case 'range': return { type: 'range', subNodes: [sub(e.from), sub(e.to)] };
    case 'call': return { type: 'function call', name: e.name, subNodes: [{ type: 'array', subNodes: e.args.map(sub) }] };
    case 'subquery': return { type: 'subquery', subNodes: e.body.map((x) => statementJson(x, ids)) };
  }
}

/** Variables assigned a subquery's result, per AST dump (keyed by its id map). */
const subqueryVariables = new WeakMap<Map<string, number>, Set<string>>();

function idOf(ids: Map<string, number>, key: string): number {
  let n = ids.get(key);
  if (n === undefined) {
    n = ids.size;
    ids.set(key, n);
  }
  return n;
}

/** A statement in ArangoDB's AST JSON form. */
export function statementJson(s: Statement, ids: Map<string, number> = new Map()): Json {
  const astJsonI = (x: Expr): Json => astJson(x, ids);
  const variable = (key: string): Json => ({ type: 'variable', name: displayName(key), id: idOf(ids, key) });
  switch (s.kind) {
    case 'for': return { type: 'for', subNodes: [variable(s.variable), astJsonI(s.source), s.search ? { type: 'search', subNodes: [astJsonI(s.search)] } : { type: 'no-op' }] };
    case 'traversal': return { type: 'traversal', subNodes: [{ type: 'direction', value: s.direction }, astJsonI(s.start), variable(s.vertexVar)] };
    case 'shortestPath': return { type: s.type === 'SHORTEST_PATH' ? 'shortest path' : 'enumerate paths', subNodes: [{ type: 'direction', value: s.direction }, astJsonI(s.start), astJsonI(s.target)] };
    case 'filter': return { type: 'filter', subNodes: [astJsonI(s.cond)] };
    case 'let': {
      if (s.expr.kind === 'subquery') {
        const set = subqueryVariables.get(ids) ?? new Set<string>();
        set.add(s.variable);
        subqueryVariables.set(ids, set);
      }
      return { type: 'let', subNodes: [variable(s.variable), astJsonI(s.expr)] };
    }
    case 'sort': return { type: 'sort', subNodes: [{ type: 'array', subNodes: s.items.map((i) => ({ type: 'sort element', subNodes: [astJsonI(i.expr), { type: 'value', value: i.asc }] })) }] };
    case 'limit': return { type: 'limit', subNodes: [astJsonI(s.offset), astJsonI(s.count)] };
    case 'collect': return { type: 'collect', subNodes: s.groups.map((g) => ({ type: 'assign', subNodes: [variable(g.variable), astJsonI(g.expr)] })) };
    case 'window': return { type: 'window', subNodes: [astJsonI(s.spec)] };
    case 'return': return { type: s.distinct ? 'return distinct' : 'return', subNodes: [astJsonI(s.expr)] };
    case 'insert': return { type: 'insert', subNodes: [astJsonI(s.doc), astJsonI(s.collection)] };
    case 'update': case 'replace': return { type: s.kind, subNodes: [astJsonI(s.key), ...(s.doc ? [astJsonI(s.doc)] : []), astJsonI(s.collection)] };
    case 'remove': return { type: 'remove', subNodes: [astJsonI(s.key), astJsonI(s.collection)] };
    case 'upsert': return { type: 'upsert', subNodes: [astJsonI(s.search), astJsonI(s.insert), astJsonI(s.update), astJsonI(s.collection)] };
    case 'with': return { type: 'with', subNodes: s.collections.map(astJsonI) };
  }
}

/** `/_api/query`'s `ast`: `[{ type: 'root', subNodes: [...] }]`. */
export function queryAstJson(q: Query): Json {
  const ids = new Map<string, number>();
  return [{ type: 'root', subNodes: q.body.map((s) => statementJson(s, ids)) }];
}
