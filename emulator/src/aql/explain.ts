import type { Expr, Query, Statement, Value } from './ast.js';
import { displayName } from './parser.js';
import { coversWholeCondition, primaryKeyLookup } from './index-choice.js';

/**
 * Execution plans and AST dumps in ArangoDB's JSON shapes (`/_api/explain`, `/_api/query`,
 * `profile: 2`). The emulator executes the AST directly, so the plan is a faithful outline of
 * what it does (one node per statement; the only optimizer rule applied is the primary-index
 * lookup of index-choice.ts), not ArangoDB's optimized plan.
 */

type Json = Value;
interface PlanNode { [k: string]: Json }

export interface Plan {
  nodes: PlanNode[];
  rules: string[];
  collections: { name: string; type: 'read' | 'write' | 'exclusive' }[];
  variables: { id: number; name: string; isFullDocumentFromCollection: boolean; isDataFromCollection: boolean }[];
  estimatedCost: number;
  estimatedNrItems: number;
  isModificationQuery: boolean;
}

const AST_TYPES: Record<string, string> = {
  '==': 'compare ==', '!=': 'compare !=', '<': 'compare <', '<=': 'compare <=', '>': 'compare >', '>=': 'compare >=',
  IN: 'compare in', 'NOT IN': 'compare not in', '+': 'plus', '-': 'minus', '*': 'times', '/': 'division', '%': 'modulus',
  AND: 'logical and', OR: 'logical or', LIKE: 'function call', 'NOT LIKE': 'function call', '=~': 'function call', '!~': 'function call',
};

export interface PlanOptions {
  /** Database name shown on collection nodes. */
  database?: string;
  /**
   * The collections the compiled query touches (bind parameters resolved, graph and WITH
   * collections included); replaces the list read off the AST.
   */
  collections?: Plan['collections'];
}

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

export function planOf(q: Query, collectionsOf: (e: Expr) => string | null, opts: PlanOptions = {}): Plan {
  const nodes: PlanNode[] = [];
  const variables = new Map<string, number>();
  const collections = new Map<string, 'read' | 'write'>();
  let id = 1;
  let cost = 1;
  let items = 1;
  let modification = false;
  const varRef = (key: string): Json => {
    let n = variables.get(key);
    if (n === undefined) { n = variables.size; variables.set(key, n); }
    return { id: n, name: displayName(key), isFullDocumentFromCollection: false, isDataFromCollection: false };
  };
  const add = (type: string, extra: PlanNode): void => {
    const deps = nodes.length ? [nodes[nodes.length - 1]?.['id'] as number] : [];
    cost += items;
    nodes.push({ type, dependencies: deps, id: id++, estimatedCost: cost, estimatedNrItems: items, ...extra });
  };
  const rules: string[] = [];
  // 3.12: bind parameters the plan cache turns into variables; none without usePlanCache
  add('SingletonNode', { bindParameterVariables: {} });
  /** Statements already shown by an earlier node (a FILTER the primary index covers). */
  const covered = new Set<Statement>();
  const walk = (s: Statement, next: Statement | undefined): void => {
    if (covered.has(s)) return;
    switch (s.kind) {
      case 'for': {
        const coll = collectionsOf(s.source);
        const terms = coll !== null && !s.search ? primaryKeyLookup(s.variable, next) : undefined;
        if (coll !== null && terms !== undefined && next?.kind === 'filter') {
          // the statement compiler reads these documents by key (index-choice.ts): show it so
          collections.set(coll, collections.get(coll) ?? 'read');
          const whole = coversWholeCondition(next.cond, s.variable);
          if (whole) covered.add(next);
          rules.push('use-indexes', ...(whole ? ['remove-filter-covered-by-index', 'remove-unnecessary-calculations-2'] : []));
          items = terms.length;
          add('IndexNode', {
            collection: coll, database: opts.database ?? '', outVariable: varRef(s.variable), producesResult: true,
            indexes: [{ id: '0', type: 'primary', name: 'primary', fields: ['_key'], selectivityEstimate: 1, unique: true, sparse: false }],
            condition: { type: 'n-ary or', subNodes: terms.map((t) => ({ type: 'n-ary and', subNodes: [astJson(t.node)] })) },
            sorted: true, ascending: true, reverse: false, evalFCalls: true, waitForSync: false, limit: 0, lookahead: 1,
          });
        } else if (coll !== null) {
          collections.set(coll, collections.get(coll) ?? 'read');
          items *= 10;
          add(s.search ? 'EnumerateViewNode' : 'EnumerateCollectionNode', { collection: coll, database: opts.database ?? '', random: false, outVariable: varRef(s.variable), producesResult: true });
        } else {
          items *= 10;
          add('EnumerateListNode', { expression: astJson(s.source), outVariable: varRef(s.variable) });
        }
        break;
      }
      case 'traversal': items *= 10; add('TraversalNode', { vertexOutVariable: varRef(s.vertexVar), direction: s.direction }); break;
      case 'shortestPath': items *= 5; add(s.type === 'SHORTEST_PATH' ? 'ShortestPathNode' : 'EnumeratePathsNode', { vertexOutVariable: varRef(s.vertexVar) }); break;
      case 'filter': add('CalculationNode', { expression: astJson(s.cond) }); add('FilterNode', {}); break;
      case 'let': add('CalculationNode', { expression: astJson(s.expr), outVariable: varRef(s.variable) }); break;
      case 'sort': add('SortNode', { elements: s.items.map((i) => ({ ascending: i.asc, expression: astJson(i.expr) })) }); break;
      case 'limit': add('LimitNode', { offset: valueOr(s.offset), limit: valueOr(s.count), fullCount: false }); break;
      case 'collect': add('CollectNode', { groups: s.groups.map((g) => ({ outVariable: varRef(g.variable), expression: astJson(g.expr) })), aggregates: s.aggregates.map((a) => ({ outVariable: varRef(a.name), type: a.fn })), collectOptions: { method: 'sorted' } }); break;
      case 'window': add('WindowNode', { aggregates: s.aggregates.map((a) => ({ outVariable: varRef(a.name), type: a.fn })) }); break;
      case 'return': add('ReturnNode', { expression: astJson(s.expr), count: true }); break;
      case 'insert': case 'update': case 'replace': case 'remove': case 'upsert': {
        modification = true;
        const coll = collectionsOf(s.collection);
        if (coll !== null) collections.set(coll, 'write');
        const type = { insert: 'InsertNode', update: 'UpdateNode', replace: 'ReplaceNode', remove: 'RemoveNode', upsert: 'UpsertNode' }[s.kind];
        add(type, { collection: coll ?? '' });
        break;
      }
      case 'with': break;
    }
  };
  q.body.forEach((s, i) => walk(s, q.body[i + 1]));
  if (!nodes.some((n) => n['type'] === 'ReturnNode') && !modification) add('ReturnNode', {});
  return {
    nodes,
    rules,
    collections: opts.collections ?? [...collections].map(([name, type]) => ({ name, type })),
    variables: [...variables].map(([k, n]) => ({ id: n, name: displayName(k), isFullDocumentFromCollection: false, isDataFromCollection: false })),
    estimatedCost: cost,
    estimatedNrItems: items,
    isModificationQuery: modification,
  };
}

function valueOr(e: Expr): Json {
  return e.kind === 'value' ? e.value : null;
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
