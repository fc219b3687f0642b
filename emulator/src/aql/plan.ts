/**
 * Execution plans in ArangoDB 3.12's JSON shape (`/_api/explain`, `profile: 2`).
 *
 * The plan is built the way ExecutionPlan::fromNode* builds the initial plan: a SingletonNode,
 * then per statement its node, preceded by a CalculationNode with a temporary variable (named
 * by its id) for every operand that is not a plain variable reference; user variables are
 * numbered in the order the parser declares them, temporaries after them in plan order, node ids
 * in creation order. Then only the optimizations the emulator really performs are applied,
 * each listed in `rules` under ArangoDB's name (OptimizerRulesFeature):
 * - `use-indexes`, `remove-filter-covered-by-index`, `remove-unnecessary-calculations-2`: the
 *   index lookup of index-choice.ts replaces the collection scan and, when it covers the
 *   whole condition, the FILTER and its calculation (statements.ts reads by key);
 * - `use-index-for-sort`: an index whose order is the SORT's (sort-condition.ts) removes the
 *   SortNode and its calculations; the IndexNode then shows `needsGatherNodeSort` and
 *   `sortElements`, its `ascending` the direction it reads in;
 * - `move-calculations-up`: a constant calculation is folded by the compiler (expressions.ts),
 *   i.e. computed once before anything runs, so it moves to the top of the plan and shows the
 *   folded value, as the server's plan does;
 * - `replace-function-with-index`: NEAR, WITHIN, WITHIN_RECTANGLE and FULLTEXT run over the
 *   collection's index (functions/legacy-index.ts), as the rule's rewrite does.
 * A FILTER on a constant false condition is a NoResultsNode (fromNodeFilter; statements.ts stops
 * pulling rows), a constant true one no node at all. Rules the emulator has no counterpart of
 * (async-prefetch, projections, grouped sorts, splicing, …) are not listed and
 * their node attributes are left out (no `isAsyncPrefetchEnabled`, `asyncPrefetchNodes: 0`).
 */
import type { Expr, Query, Statement, Value } from './ast.js';
import { displayName } from './parser.js';
import { coversWholeCondition, primaryKeyLookup, type IndexChoice } from './index-choice.js';
import { isConstantExpr, type Constants } from './constant.js';
import { astJson } from './explain.js';
import type { PlanOrigin } from './profile.js';

type Json = Value;
export interface PlanNode { [k: string]: Json }
export interface PlanVariable { id: number; name: string; isFullDocumentFromCollection: boolean; constantValue?: Json }

export interface Plan {
  nodes: PlanNode[];
  rules: string[];
  asyncPrefetchNodes: number;
  estimatedCost: number;
  estimatedNrItems: number;
  collections: { name: string; type: 'read' | 'write' | 'exclusive' }[];
  variables: PlanVariable[];
  isModificationQuery: boolean;
}

export interface PlanOptions {
  /**
   * The collections the compiled query touches (bind parameters resolved, graph and WITH
   * collections included); replaces the list read off the AST.
   */
  collections?: Plan['collections'];
  /** Values the compiler folded constant expressions to (QueryExecution.folded). */
  folded?: ReadonlyMap<Expr, Value>;
  /** Document count of a collection, for the cost estimates. */
  countOf?: (collection: string) => number;
  /** Filled in with the statement (or body, for a SingletonNode) each node comes from (profile.ts). */
  origins?: Map<number, PlanOrigin>;
  /**
   * The index each `FOR` over a collection reads (null: a full scan), as the compiler chose it
   * (QueryExecution.indexChoices); without it only the primary index is considered.
   */
  indexChoices?: ReadonlyMap<Statement, IndexChoice | null>;
  /** The index hints of `FOR … OPTIONS` (QueryExecution.indexHints). */
  indexHints?: ReadonlyMap<Statement, Value>;
}

/** AstNodeType (arangod/Aql/AstNode.h) by the `type` names of the AST JSON. */
const TYPE_IDS: Record<string, number> = {
  'unary plus': 15, 'unary minus': 16, 'unary not': 17, 'logical and': 18, 'logical or': 19, plus: 20, minus: 21,
  times: 22, division: 23, modulus: 24, 'compare ==': 25, 'compare !=': 26, 'compare <': 27, 'compare <=': 28,
  'compare >': 29, 'compare >=': 30, 'compare in': 31, 'compare not in': 32, ternary: 33, subquery: 34,
  'attribute access': 35, 'indexed access': 37, expansion: 38, iterator: 39, value: 40, array: 41, object: 42,
  'object element': 43, collection: 44, reference: 45, parameter: 46, 'function call': 47, 'user function call': 48,
  range: 49, 'calculated object element': 53, 'n-ary and': 62, 'n-ary or': 63, 'array compare ==': 65,
  'array compare !=': 66, 'array compare <': 67, 'array compare <=': 68, 'array compare >': 69, 'array compare >=': 70,
  'array compare in': 71, 'array compare not in': 72, quantifier: 73, view: 77, 'datasource parameter': 78,
};

/** AstNodeValueType: null 0, bool 1, int 2, double 3, string 4. */
function vTypeId(v: Json): number {
  if (v === null) return 0;
  if (typeof v === 'boolean') return 1;
  if (typeof v === 'number') return Number.isInteger(v) ? 2 : 3;
  return 4;
}

/**
 * The verbose AST JSON of plan nodes (AstNode::toVelocyPack(verbose)): `typeID` on every node,
 * `vTypeID` on values, `excludesNull` on comparisons, constant arrays and objects as `raw`.
 */
function verbose(j: Json, constant: (node: Json) => Json | undefined): Json {
  if (typeof j !== 'object' || j === null || Array.isArray(j)) return j;
  const o = j as Record<string, Json>;
  const type = typeof o['type'] === 'string' ? (o['type'] as string) : '';
  // the parser keeps literal arrays and objects as values; the server has constant array / object nodes
  const lit = type === 'value' ? o['value'] : undefined;
  if (typeof lit === 'object' && lit !== null) {
    const t = Array.isArray(lit) ? 'array' : 'object';
    return { type: t, typeID: TYPE_IDS[t] as number, raw: lit };
  }
  const raw = type === 'array' || type === 'object' ? constant(j) : undefined;
  const out: Record<string, Json> = { type, typeID: TYPE_IDS[type] ?? 0 };
  if (raw !== undefined) {
    out['raw'] = raw;
    return out;
  }
  // AstNode::toVelocyPack: excludesNull on <, <= and == only, `sorted` (the sort-in-values
  // rule's mark, which the emulator never sets) on the IN operators, both before the sub-nodes
  if (type === 'compare ==' || type === 'compare <' || type === 'compare <=') out['excludesNull'] = false;
  if (type === 'compare in' || type === 'compare not in' || type === 'array compare in' || type === 'array compare not in') out['sorted'] = false;
  for (const [k, v] of Object.entries(o)) {
    if (k === 'type') continue;
    out[k] = k === 'subNodes' && Array.isArray(v) ? v.map((x) => verbose(x, constant)) : v;
  }
  if (type === 'value') out['vTypeID'] = vTypeId(o['value'] as Json);
  return out;
}

/** The JSON value of an AST JSON tree made only of literals (a constant array or object). */
function literal(j: Json): Json | undefined {
  if (typeof j !== 'object' || j === null || Array.isArray(j)) return undefined;
  const o = j as Record<string, Json>;
  const sub = Array.isArray(o['subNodes']) ? (o['subNodes'] as Json[]) : [];
  switch (o['type']) {
    case 'value': return o['value'] as Json;
    case 'array': {
      const vs = sub.map(literal);
      return vs.every((v) => v !== undefined) ? (vs as Json[]) : undefined;
    }
    case 'object': {
      const out: Record<string, Json> = {};
      for (const el of sub) {
        const e = el as Record<string, Json>;
        if (e['type'] !== 'object element' || typeof e['name'] !== 'string') return undefined;
        const v = literal((e['subNodes'] as Json[])[0] as Json);
        if (v === undefined) return undefined;
        out[e['name']] = v;
      }
      return out;
    }
    default: return undefined;
  }
}

/** CalculationNode::expressionType: a constant is "json", `v.attr` "attribute", the rest "simple". */
function expressionType(e: Expr, folded: boolean): string {
  if (folded || e.kind === 'value') return 'json';
  if (e.kind === 'attr' && e.object.kind === 'ref') return 'attribute';
  return 'simple';
}

/** User variables in the order the parser declares them (a LET's variable after its expression). */
function declaredVariables(body: readonly Statement[], out: string[] = []): string[] {
  const add = (k: string | undefined): void => { if (k !== undefined && !out.includes(k)) out.push(k); };
  const sub = (e: unknown): void => {
    if (Array.isArray(e)) { e.forEach(sub); return; }
    if (typeof e !== 'object' || e === null) return;
    const o = e as { kind?: unknown; body?: unknown };
    if (o.kind === 'subquery' && Array.isArray(o.body)) { declaredVariables(o.body as Statement[], out); return; }
    for (const v of Object.values(o)) sub(v);
  };
  for (const s of body) {
    switch (s.kind) {
      case 'for': add(s.variable); sub(s.source); sub(s.search); break;
      case 'traversal': add(s.vertexVar); add(s.edgeVar); add(s.pathVar); sub(s.start); sub(s.prune); break;
      case 'shortestPath': add(s.vertexVar); add(s.edgeVar); sub(s.start); sub(s.target); break;
      case 'let': sub(s.expr); add(s.variable); break;
      case 'collect':
        for (const g of s.groups) { sub(g.expr); add(g.variable); }
        for (const a of s.aggregates) { sub(a.args); add(a.name); }
        add(s.into?.variable); add(s.countInto);
        break;
      case 'window': for (const a of s.aggregates) { sub(a.args); add(a.name); } break;
      case 'insert': case 'update': case 'replace': case 'remove': case 'upsert':
        sub(s); add(s.oldVar); add(s.newVar);
        break;
      default: sub(s);
    }
  }
  return out;
}

const LEGACY_INDEX_FUNCTIONS = new Set(['NEAR', 'WITHIN', 'WITHIN_RECTANGLE', 'FULLTEXT']);

function callsLegacyIndexFunction(e: unknown): boolean {
  if (Array.isArray(e)) return e.some(callsLegacyIndexFunction);
  if (typeof e !== 'object' || e === null) return false;
  const o = e as { kind?: unknown; name?: unknown };
  if (o.kind === 'call' && typeof o.name === 'string' && LEGACY_INDEX_FUNCTIONS.has(o.name)) return true;
  return Object.values(o).some(callsLegacyIndexFunction);
}

interface Builder {
  nodes: PlanNode[];
  vars: PlanVariable[];
  varIds: Map<string, number>;
  nextNodeId: number;
  constants: Set<string>;
  rules: Set<string>;
  /** Ids of the calculation nodes whose expression the compiler folds. */
  constantCalcs: Set<number>;
}

export function planOf(q: Query, collectionsOf: (e: Expr) => string | null, opts: PlanOptions = {}): Plan {
  const b: Builder = { nodes: [], vars: [], varIds: new Map(), nextNodeId: 1, constants: new Set(), rules: new Set(), constantCalcs: new Set() };
  for (const k of declaredVariables(q.body)) {
    const id = b.vars.length;
    b.varIds.set(k, id);
    b.vars.push({ id, name: displayName(k), isFullDocumentFromCollection: false });
  }
  const folded = opts.folded ?? new Map<Expr, Value>();
  const constants: Constants = { has: (k) => b.constants.has(k) };
  const varRef = (id: number): Json => {
    const v = b.vars[id] as PlanVariable;
    return { id: v.id, name: v.name, isFullDocumentFromCollection: v.isFullDocumentFromCollection };
  };
  const userVar = (key: string): number => {
    let id = b.varIds.get(key);
    if (id === undefined) {
      id = b.vars.length;
      b.varIds.set(key, id);
      b.vars.push({ id, name: displayName(key), isFullDocumentFromCollection: false });
    }
    return id;
  };
  const tempVar = (): number => {
    const id = b.vars.length;
    b.vars.push({ id, name: String(id), isFullDocumentFromCollection: false });
    return id;
  };
  const ids = new Map<string, number>(b.varIds);
  /** The value the compiler folded an expression to (undefined: not folded). */
  const constantValueOf = (e: Expr): Value | undefined => (folded.has(e) ? (folded.get(e) as Value) : e.kind === 'value' ? e.value : undefined);
  const exprJson = (e: Expr): Json => {
    if (folded.has(e)) return verbose(astJson({ kind: 'value', value: folded.get(e) as Value }, ids), literal);
    return verbose(astJson(e, ids), literal);
  };
  // the statement and body whose nodes are being added, for opts.origins
  let current: Statement | undefined;
  let body: readonly Statement[] = q.body;
  const add = (type: string, extra: PlanNode): PlanNode => {
    const node: PlanNode = { type, dependencies: [], id: b.nextNodeId++, estimatedCost: 0, estimatedNrItems: 0, ...extra };
    b.nodes.push(node);
    if (opts.origins) {
      const id = node['id'] as number;
      if (type === 'SingletonNode' || current === undefined) opts.origins.set(id, { role: 'singleton', body });
      // a LET's calculation is the statement's own node; other calculations compute an operand
      else opts.origins.set(id, { role: type === 'CalculationNode' && current.kind !== 'let' ? 'calc' : 'main', statement: current, body, constant: false });
    }
    return node;
  };
  /** A calculation into `outId`; constant when the compiler folds it. */
  const calculation = (e: Expr, outId: number): void => {
    const isConst = !callsLegacyIndexFunction(e) && isConstantExpr(e, constants);
    const value = constantValueOf(e);
    const node = add('CalculationNode', {
      expression: exprJson(e), outVariable: varRef(outId), canThrow: false, expressionType: expressionType(e, value !== undefined),
    });
    if (isConst) {
      b.constantCalcs.add(node['id'] as number);
      // only top-level constants are moved up (and so computed once)
      const o = opts.origins?.get(node['id'] as number);
      if (o && o.role !== 'singleton' && body === q.body) o.constant = true;
    }
    if (value !== undefined) (b.vars[outId] as PlanVariable).constantValue = value;
    if (callsLegacyIndexFunction(e)) b.rules.add('replace-function-with-index');
  };
  /** The variable an operand is read from: itself when a reference, else a calculation's temporary. */
  const operand = (e: Expr): number => {
    if (e.kind === 'ref' && b.varIds.has(e.name)) return b.varIds.get(e.name) as number;
    const t = tempVar();
    calculation(e, t);
    return t;
  };

  let modification = false;
  const covered = new Set<Statement>();
  // use-indexes replaces a scan by an IndexNode after the plan is built: it gets an id after all of them
  const indexNodes: PlanNode[] = [];
  // remove-filter-covered-by-index: a FILTER answered in part gets a new calculation of the rest
  const remainders = new Map<Statement, Expr>();
  const rewritten: PlanNode[] = [];
  const indexChoiceOf = (s: Extract<Statement, { kind: 'for' }>, next: Statement | undefined): IndexChoice | undefined => {
    if (opts.indexChoices) return opts.indexChoices.get(s) ?? undefined;
    const terms = primaryKeyLookup(s.variable, next);
    return terms && next ? { kind: 'primary', terms, whole: next.kind === 'filter' && coversWholeCondition(next.cond, s.variable), filter: next } : undefined;
  };
  const statement = (s: Statement, next: Statement | undefined, top: boolean): void => {
    const outer = current;
    current = s;
    const start = b.nodes.length;
    try {
      statementNodes(s, next, top);
    } finally {
      current = outer;
    }
    const rest = remainders.get(s);
    if (rest !== undefined) {
      const calc = b.nodes.slice(start).find((n) => n['type'] === 'CalculationNode');
      if (calc) {
        calc['expression'] = exprJson(rest);
        calc['expressionType'] = expressionType(rest, false);
        rewritten.push(calc);
      }
    }
    if (covered.has(s)) {
      // remove-filter-covered-by-index drops the FILTER and its calculation from the built plan:
      // their node ids and the calculation's variable stay used up, as in the server's plan
      for (const n of b.nodes.splice(start)) {
        opts.origins?.delete(n['id'] as number);
        b.constantCalcs.delete(n['id'] as number);
      }
    }
  };
  const statementNodes = (s: Statement, next: Statement | undefined, top: boolean): void => {
    switch (s.kind) {
      case 'for': {
        const coll = collectionsOf(s.source);
        const out = userVar(s.variable);
        if (coll !== null && s.search === undefined && (s.source.kind === 'collection' || (s.source.kind === 'bind' && s.source.collection))) {
          (b.vars[out] as PlanVariable).isFullDocumentFromCollection = true;
          const choice = indexChoiceOf(s, next);
          if (choice !== undefined) {
            const scan = choice.scan === true;
            const primaryFilter = choice.kind === 'primary' ? choice.filter : undefined;
            const filters = choice.kind === 'sorted' ? choice.covered : choice.whole && primaryFilter ? [primaryFilter] : [];
            for (const f of filters) covered.add(f);
            const partial = choice.kind === 'sorted' ? [...choice.remainders] : choice.remainder && primaryFilter ? [[primaryFilter, choice.remainder] as const] : [];
            for (const [f, rest] of partial) remainders.set(f, rest);
            const whole = filters.length > 0 || partial.length > 0;
            b.rules.add('use-indexes');
            if (whole) b.rules.add('remove-filter-covered-by-index');
            if (filters.length > 0) b.rules.add('remove-unnecessary-calculations-2');
            const order = choice.order;
            const sortElements = order?.removes ? order.elements.map((e) => ({ inVariable: varRef(out), ascending: e.asc, path: [...e.path] })) : [];
            if (order?.removes) {
              // use-index-for-sort unlinks the SortNode; its operand calculations are left unused
              covered.add(order.removes);
              b.rules.add('use-index-for-sort');
              if (order.removes.kind === 'sort' && order.removes.items.some((i) => !(i.expr.kind === 'ref' && b.varIds.has(i.expr.name)))) b.rules.add('remove-unnecessary-calculations-2');
            }
            const condition: Json = scan
              ? {}
              : verbose(choice.kind === 'primary'
                ? { type: 'n-ary or', subNodes: choice.terms.map((t) => ({ type: 'n-ary and', subNodes: [astJson(t.node, ids)] })) }
                : { type: 'n-ary or', subNodes: (choice.union ?? [choice]).map((c) => ({ type: 'n-ary and', subNodes: c.display.map((n) => astJson(n, ids)) })) }, literal);
            const count = opts.countOf?.(coll) ?? 0;
            const node = add('IndexNode', {
              ...collectionAccess(varRef(out), coll),
              strategy: 'document', needsGatherNodeSort: sortElements.length > 0,
              ...(sortElements.length > 0 ? { sortElements } : {}),
              indexCoversProjections: false, indexCoversOutProjections: false, indexCoversFilterProjections: false,
              // an OR read through several lookups lists one index per branch (or-index-choice.ts)
              indexes: choice.kind === 'primary'
                ? [{ id: '0', type: 'primary', name: 'primary', fields: ['_key'], selectivityEstimate: 1, unique: true, sparse: false, deduplicate: false, estimates: true, cacheEnabled: false }]
                : (choice.union ?? [choice]).map(indexJson),
              condition,
              allCoveredByOneIndex: false, sorted: true, ascending: order?.ascending ?? true, evalFCalls: true, waitForSync: false, limit: 0,
              isLateMaterialized: false, lookahead: 1,
              // IndexNode::estimateCost: without a condition, FilterCosts::defaultCosts of the collection
              ...(choice.kind === 'primary'
                ? (scan ? { '\u0000items': count, '\u0000cost': count } : { '\u0000items': choice.terms.length })
                : { '\u0000items': choice.estimatedItems, '\u0000cost': choice.estimatedCost }),
            });
            indexNodes.push(node);
          } else {
            add('EnumerateCollectionNode', {
              random: false, indexHint: opts.indexHints?.get(s) ?? { forced: false, lookahead: 1, type: 'none' },
              ...collectionAccess(varRef(out), coll),
              '\u0000items': opts.countOf?.(coll) ?? 0, '\u0000scan': true,
            });
          }
        } else if (coll !== null) {
          add('EnumerateViewNode', { view: coll, outVariable: varRef(out) });
        } else {
          const inVar = operand(s.source);
          const v = b.vars[inVar]?.constantValue;
          add('EnumerateListNode', { inVariable: varRef(inVar), outVariable: varRef(out), '\u0000items': Array.isArray(v) ? v.length : 100 });
        }
        break;
      }
      case 'traversal': add('TraversalNode', { vertexOutVariable: varRef(userVar(s.vertexVar)), direction: s.direction }); break;
      case 'shortestPath': add(s.type === 'SHORTEST_PATH' ? 'ShortestPathNode' : 'EnumeratePathsNode', { vertexOutVariable: varRef(userVar(s.vertexVar)) }); break;
      case 'filter': {
        if (isConstantExpr(s.cond, constants)) {
          const v = constantValueOf(s.cond);
          if (v !== undefined) {
            if (!truthy(v)) add('NoResultsNode', {});
            break;
          }
        }
        add('FilterNode', { inVariable: varRef(operand(s.cond)) });
        break;
      }
      case 'let': {
        const out = userVar(s.variable);
        if (s.expr.kind === 'subquery') {
          const inner = subPlan(s.expr.body);
          add('SubqueryNode', { subquery: { nodes: inner }, outVariable: varRef(out), isConst: false });
        } else {
          calculation(s.expr, out);
          if (isConstantExpr(s.expr, constants)) b.constants.add(s.variable);
        }
        break;
      }
      case 'sort': {
        const elements = s.items.map((i) => ({ inVariable: varRef(operand(i.expr)), ascending: i.asc }));
        add('SortNode', { elements, stable: false, limit: 0, strategy: 'standard' });
        break;
      }
      case 'limit': add('LimitNode', { offset: valueOr(s.offset, 0), limit: valueOr(s.count, 0), fullCount: false }); break;
      case 'collect': {
        const groups = s.groups.map((g) => ({ inVariable: varRef(operand(g.expr)), outVariable: varRef(userVar(g.variable)) }));
        const aggregates = s.aggregates.map((a) => ({ inVariable: a.args[0] ? varRef(operand(a.args[0])) : null, outVariable: varRef(userVar(a.name)), type: a.fn }));
        if (s.countInto !== undefined) aggregates.push({ inVariable: null, outVariable: varRef(userVar(s.countInto)), type: 'LENGTH' });
        add('CollectNode', { groups, aggregates, collectOptions: { method: 'sorted' } });
        break;
      }
      case 'window': add('WindowNode', { aggregates: s.aggregates.map((a) => ({ outVariable: varRef(userVar(a.name)), type: a.fn })) }); break;
      case 'return': {
        const inVar = operand(s.expr);
        add('ReturnNode', { inVariable: varRef(inVar), ...(top ? { count: true } : {}) });
        break;
      }
      case 'insert': case 'update': case 'replace': case 'remove': case 'upsert': {
        modification = true;
        const coll = collectionsOf(s.collection) ?? '';
        const type = { insert: 'InsertNode', update: 'UpdateNode', replace: 'ReplaceNode', remove: 'RemoveNode', upsert: 'UpsertNode' }[s.kind];
        const inputs: PlanNode = {};
        if (s.kind === 'insert') inputs['inVariable'] = varRef(operand(s.doc));
        else if (s.kind === 'remove') inputs['inVariable'] = varRef(operand(s.key));
        else if (s.kind === 'upsert') {
          inputs['insertVariable'] = varRef(operand(s.insert));
          inputs['updateVariable'] = varRef(operand(s.update));
        } else {
          inputs['inKeyVariable'] = varRef(operand(s.key));
          if (s.doc) inputs['inDocVariable'] = varRef(operand(s.doc));
        }
        add(type, { collection: coll, ...inputs });
        break;
      }
      case 'with': break;
    }
  };
  const subPlan = (sub: Statement[]): PlanNode[] => {
    const start = b.nodes.length;
    const outer = body;
    body = sub;
    add('SingletonNode', {});
    sub.forEach((s, i) => statement(s, sub[i + 1], false));
    body = outer;
    const inner = b.nodes.splice(start);
    estimateCosts(inner);
    return inner;
  };

  add('SingletonNode', { bindParameterVariables: {} });
  q.body.forEach((s, i) => statement(s, q.body[i + 1], true));
  renumberIndexNodes(b, [...indexNodes, ...rewritten], opts.origins);

  // move-calculations-up: the calculations the compiler folds run before anything else
  const first = b.nodes.findIndex((n) => n['type'] !== 'SingletonNode');
  const hoisted = b.nodes.filter((n) => b.constantCalcs.has(n['id'] as number));
  const rest = b.nodes.filter((n) => !b.constantCalcs.has(n['id'] as number));
  const reordered = [rest[0] as PlanNode, ...hoisted, ...rest.slice(1)];
  if (first >= 0 && reordered.some((n, i) => n !== b.nodes[i])) b.rules.add('move-calculations-up');
  b.nodes = reordered;

  const estimate = estimateCosts(b.nodes);
  return {
    nodes: b.nodes,
    rules: RULE_ORDER.filter((r) => b.rules.has(r)),
    asyncPrefetchNodes: 0,
    estimatedCost: estimate.cost,
    estimatedNrItems: estimate.items,
    collections: opts.collections ?? [],
    variables: [...b.vars].reverse(),
    isModificationQuery: modification,
  };
}

/**
 * The server's use-indexes rule creates each IndexNode with the plan's next id, after the nodes
 * of the initial plan (the 3.12 transcripts: `FOR p IN products FILTER p.id == 25 RETURN p` has
 * nodes 1, 5 and the IndexNode 6); remove-filter-covered-by-index, which runs next, does the same
 * for the calculations it replaces. Dependencies are already set (estimateCosts ran for
 * subqueries), so they are mapped too.
 */
function renumberIndexNodes(b: Builder, indexNodes: readonly PlanNode[], origins: Map<number, PlanOrigin> | undefined): void {
  if (indexNodes.length === 0) return;
  const moved = new Map<number, number>();
  for (const n of indexNodes) {
    const old = n['id'] as number;
    const id = b.nextNodeId++;
    moved.set(old, id);
    n['id'] = id;
    const o = origins?.get(old);
    if (origins && o) {
      origins.delete(old);
      origins.set(id, o);
    }
  }
  const visit = (nodes: readonly PlanNode[]): void => {
    for (const n of nodes) {
      const deps = n['dependencies'];
      if (Array.isArray(deps)) n['dependencies'] = deps.map((d) => (typeof d === 'number' ? moved.get(d) ?? d : d));
      const sub = n['subquery'] as { nodes?: PlanNode[] } | undefined;
      if (sub?.nodes) visit(sub.nodes);
    }
  };
  visit(b.nodes);
}

/** An index as IndexNode's `indexes` lists it (Index::toVelocyPack for a plan). */
function indexJson(choice: Extract<IndexChoice, { kind: 'sorted' }>): PlanNode {
  const idx = choice.index;
  const out: PlanNode = { id: idx.id, type: idx.type, name: idx.name, fields: [...idx.fields] };
  if (choice.selectivity !== undefined) out['selectivityEstimate'] = choice.selectivity;
  out['unique'] = idx.unique;
  out['sparse'] = idx.sparse;
  for (const k of ['deduplicate', 'estimates', 'cacheEnabled', 'storedValues'] as const) {
    const v = idx.extra[k];
    if (v !== undefined && !(k === 'storedValues' && Array.isArray(v) && v.length === 0)) out[k] = v as Json;
  }
  return out;
}

/** Applied rules are listed in the optimizer's order (OptimizerRulesFeature levels). */
const RULE_ORDER = ['replace-function-with-index', 'move-calculations-up', 'use-indexes', 'remove-filter-covered-by-index', 'use-index-for-sort', 'remove-unnecessary-calculations-2'];

/** What CollectionAccessingNode and DocumentProducingNode write for a full-document read. */
function collectionAccess(outVariable: Json, collection: string): PlanNode {
  return {
    outVariable, projections: [], filterProjections: [], count: false, producesResult: true, readOwnWrites: false,
    useCache: true, maxProjections: 5, collection, satellite: false, isSatellite: false, isSatelliteOf: null,
  };
}

function truthy(v: Json): boolean {
  if (v === null || v === false || v === 0 || v === '') return false;
  return true;
}

function valueOr(e: Expr, fallback: number): Json {
  return e.kind === 'value' ? e.value : fallback;
}

/**
 * Cost estimates in the manner of ExecutionNode::estimateCost: each node adds its output rows to
 * the cost; scans multiply the rows by the collection's document count, LIMIT caps them, a
 * NoResultsNode costs 0.5 and passes nothing on. Dependencies are set here too (a chain).
 */
function estimateCosts(nodes: PlanNode[]): { cost: number; items: number } {
  let cost = 0;
  let items = 1;
  let prev: number | undefined;
  for (const n of nodes) {
    const type = n['type'] as string;
    n['dependencies'] = prev === undefined ? [] : [prev];
    prev = n['id'] as number;
    const fanOut = typeof n['\u0000items'] === 'number' ? (n['\u0000items'] as number) : undefined;
    const scan = n['\u0000scan'] === true;
    const perRow = typeof n['\u0000cost'] === 'number' ? (n['\u0000cost'] as number) : undefined;
    delete n['\u0000items'];
    delete n['\u0000scan'];
    delete n['\u0000cost'];
    if (type === 'SingletonNode') { cost = 1; items = 1; }
    else if (type === 'NoResultsNode') { cost = 0.5; items = 0; }
    // IndexNode::estimateCost: each incoming row costs the index lookup's cost
    else if (perRow !== undefined) { cost += items * perRow; items *= fanOut ?? 1; }
    else if (fanOut !== undefined) { items *= fanOut; cost += items + (scan ? 1 : 0); }
    else if (type === 'LimitNode') { items = Math.min(items, typeof n['limit'] === 'number' ? (n['limit'] as number) : items); cost += items; }
    else cost += items;
    n['estimatedCost'] = cost;
    n['estimatedNrItems'] = items;
  }
  return { cost, items };
}
