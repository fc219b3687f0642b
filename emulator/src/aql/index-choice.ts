/**
 * The index a `FOR d IN coll` reads: the emulator's share of ArangoDB's `use-indexes` and
 * `use-index-for-sort` rules for persistent (hash, skiplist) indexes and the primary index,
 * chosen by the server's cost model (primary-choice.ts has the key lookups, sort-condition.ts
 * the SORT side, index-hint.ts the FOR options). The statement compiler reads what the choice
 * says instead of scanning, and explain shows the same IndexNode.
 */
import type { Expr, Statement, Value } from './ast.js';
import type { IndexLookup } from '../store/sorted-index.js';
import { compare } from './compare.js';
import { attributePathOf as attributePath, coveredAttributes, defaultSortCost, sortCondition, supportsSortCondition, type SortOrder, type SortSpec } from './sort-condition.js';
import { expandedFieldFor } from './array-index-choice.js';
import type { ConditionFilters } from './condition-finder.js';
import { conjuncts, coversWholeCondition, primaryChoice, refersTo, validTerms, type PrimaryLookup, type PrimaryTerm } from './primary-choice.js';
import { forcedHintUnusable, type IndexHintSpec } from './index-hint.js';
import { unionChoice } from './or-index-choice.js';

// the key-lookup and hint helpers other modules import from here
export { coversWholeCondition, lookupKeys, primaryKeyLookup, refersTo, type PrimaryLookup, type PrimaryTerm } from './primary-choice.js';
export { hintJson, hintOf, type IndexHintSpec } from './index-hint.js';
export type { SortOrder } from './sort-condition.js';

// ---------------------------------------------------------------------------------------------
// persistent indexes, and the choice between indexes

/** The part of a persistent index's definition the choice needs (store/indexes.ts Index). */
export interface ChoosableIndex {
  readonly id: string;
  readonly name: string;
  readonly type: string;
  readonly fields: readonly string[];
  readonly unique: boolean;
  readonly sparse: boolean;
  readonly extra: Readonly<Record<string, unknown>>;
  /** Present for indexes AQL can read (persistent, hash, skiplist without `[*]`). */
  readonly sorted: { selectivity(): number } | null;
  /** Present for persistent indexes with `[*]` (array-index-choice.ts). */
  readonly array?: { selectivity(): number } | null;
}

type RangeOp = '<' | '<=' | '>' | '>=';
type FitOp = '==' | 'IN' | RangeOp;

/** One comparison of the FILTER that fits an index field, turned so the attribute is on the left. */
interface Part {
  op: FitOp;
  value: Expr;
  node: Expr;
  /** `value IN doc.tags` on an expanded field: one element looked up, not a list. */
  element?: boolean;
}

export interface SortedLookup {
  kind: 'sorted';
  index: ChoosableIndex;
  /** Equality on the leading fields: one value (`==`) or a list (`IN`) each. */
  eq: { expr: Expr; list: boolean }[];
  lower?: { expr: Expr; inclusive: boolean };
  upper?: { expr: Expr; inclusive: boolean };
  /** The comparisons the index answers, in index field order. */
  nodes: Expr[];
  /** The same with bind parameters injected, as explain's `condition` shows them. */
  display: Expr[];
  /** The FILTERs all of whose conditions the index answers (remove-filter-covered-by-index). */
  covered: Statement[];
  /**
   * FILTERs the index answers in part, with what is left of their condition: the rule replaces
   * their calculation by one of the remainder (removeIndexCondition).
   */
  remainders: Map<Statement, Expr>;
  /** The index's selectivity estimate, when it keeps one (`estimates: true`). */
  selectivity: number | undefined;
  estimatedItems: number;
  estimatedCost: number;
  /** The index is read whole, in its order, for a SORT only (no condition: explain shows `{}`). */
  scan?: boolean;
  /** An OR read through one lookup per branch, in this order (or-index-choice.ts); the fields above are the first branch's. */
  union?: SortedLookup[];
  order?: SortOrder;
}

export type IndexChoice = PrimaryLookup | SortedLookup;

/** The compile-time value of an expression (bind parameters injected, constants folded), if it has one. */
export type ConstantOf = (e: Expr) => { value: Value } | undefined;

const REVERSED: Record<RangeOp, RangeOp> = { '<': '>', '<=': '>=', '>': '<', '>=': '<=' };
/** Index::sortWeight: the order in which a field's comparisons are taken. */
const SORT_WEIGHT: Record<FitOp, number> = { '==': 1, IN: 2, '>': 3, '>=': 4, '<=': 5, '<': 6 };

/**
 * SortedIndexAttributeMatcher::matchAttributes with Index::canUseConditionPart: the FILTER's
 * comparisons per index field, and how many lookups IN lists make (`values`). A sparse index
 * holds no entry for null, so it serves no comparison that may match null: not `== null`, not
 * `<` / `<=` (null sorts first), not a value unknown at compile time, unless an earlier part of
 * the condition (`!= null`, `>`, `>=` a non-null value) has ruled null out for that attribute.
 */
function matchAttributes(idx: ChoosableIndex, parts: readonly Expr[], variable: string, constantOf: ConstantOf): { found: Map<number, Part[]>; values: number } {
  const found = new Map<number, Part[]>();
  const nonNull = new Set<string>();
  let values = 0;
  const fits = (access: Expr, other: Expr, op: '==' | '!=' | 'IN' | RangeOp, node: Expr, semanticOp: FitOp | '!='): boolean => {
    const path = attributePath(access, variable);
    if (!path) return false;
    const key = path.join('.');
    if (idx.sparse) {
      if (op === 'IN' && (other.kind === 'attr' || other.kind === 'expand')) return false;
      if (op === '>') nonNull.add(key);
      else if (op === '<' || op === '<=') {
        if (!nonNull.has(key)) return false;
        nonNull.add(key);
      }
      const c = refersTo(other, variable) ? undefined : constantOf(other);
      if (c) {
        if (op === '!=' && c.value === null) nonNull.add(key);
        else if (op === '>=' && c.value !== null) nonNull.add(key);
        else if (c.value === null && (op === '==' || op === '>=')) {
          if (!nonNull.has(key)) return false;
          nonNull.add(key);
        } else if (op === 'IN' && Array.isArray(c.value)) {
          if (c.value.some((v) => v === null)) return false;
          nonNull.add(key);
        }
      } else {
        if (!nonNull.has(key)) return false;
        nonNull.add(key);
      }
    }
    if (semanticOp === '!=' || refersTo(other, variable)) return false;
    // the primary index answers `_id` as well as `_key`
    const i = idx.type === 'primary' && key === '_id' ? 0 : idx.fields.indexOf(key);
    if (i < 0) return false;
    let list = found.get(i);
    if (!list) found.set(i, (list = []));
    list.push({ op: semanticOp, value: other, node });
    return true;
  };
  for (const node of parts) {
    if (node.kind !== 'binary') continue;
    const op = node.op;
    if (op === '==' || op === '!=' || op === '<' || op === '<=' || op === '>' || op === '>=') {
      const flipped = op === '==' || op === '!=' ? op : REVERSED[op];
      fits(node.left, node.right, op, node, op);
      fits(node.right, node.left, op, node, flipped);
    } else if (op === 'IN') {
      if (fits(node.left, node.right, 'IN', node, 'IN')) {
        const c = constantOf(node.right);
        const n = c && Array.isArray(c.value) ? c.value.length : 1;
        if (n > 1) values += n - 1;
      } else {
        const i = expandedFieldFor(idx, node, variable, constantOf);
        if (i !== undefined) {
          let list = found.get(i);
          if (!list) found.set(i, (list = []));
          list.push({ op: 'IN', value: node.left, node, element: true });
          values++;
        }
      }
    }
  }
  return { found, values: Math.max(values, 1) };
}

/** analyzeConditions: the fields covered (equality on a prefix, then at most one range field) and the reduction guesses. */
function analyze(idx: ChoosableIndex, found: Map<number, Part[]>): { covered: number; coveredByEquality: number; eqFactor: number; nonEqFactor: number } {
  let covered = 0;
  let coveredByEquality = 0;
  let eqFactor = 1;
  let nonEqFactor = 1;
  let nextEq = 20;
  let lastEq = true;
  for (let i = 0; i < idx.fields.length; i++) {
    const parts = found.get(i);
    if (!parts || !lastEq) break;
    covered++;
    const eq = parts.some((p) => p.op === '==' || p.op === 'IN');
    if (eq) {
      coveredByEquality++;
      eqFactor *= nextEq;
      nextEq *= 0.25;
    } else nonEqFactor *= parts.length >= 2 ? 7.5 : 2;
    lastEq = eq;
  }
  return { covered, coveredByEquality, eqFactor, nonEqFactor };
}

function selectivityOf(idx: ChoosableIndex): number | undefined {
  if (idx.type === 'primary') return 1;
  const entries = idx.sorted ?? idx.array;
  if (idx.extra['estimates'] === false || !entries) return undefined;
  return idx.unique ? 1 : entries.selectivity();
}

/**
 * SortedIndexAttributeMatcher::supportsFilterCondition with Index::normalizeFilterCosts: whether
 * the index serves the condition, its estimated items and cost.
 */
function filterCosts(
  idx: ChoosableIndex, all: readonly ChoosableIndex[], parts: readonly Expr[], variable: string, constantOf: ConstantOf, itemsInIndex: number,
): { supports: boolean; items: number; cost: number; found: Map<number, Part[]> } {
  const { found, values } = matchAttributes(idx, parts, variable, constantOf);
  const a = analyze(idx, found);
  const postFilter = parts.length - a.covered;
  let items = itemsInIndex * values;
  let cost = items;
  const supports = a.covered > 0 && (!idx.sparse || a.covered === idx.fields.length);
  if (supports && itemsInIndex > 0) {
    let est = itemsInIndex * values;
    const own = selectivityOf(idx);
    if (own !== undefined && a.coveredByEquality === idx.fields.length) {
      est = own > 0 ? (1 / own) * values : est / a.eqFactor;
    } else if (a.coveredByEquality > 0) {
      // "steal" the estimate of an index over a prefix this condition looks up by equality
      let other = -1;
      for (const o of all) {
        if (o === idx || o.fields.length > a.coveredByEquality || !o.fields.every((f, i) => idx.fields[i] === f)) continue;
        const s = selectivityOf(o);
        if (s !== undefined && s > other) other = s;
      }
      est = other > 0 ? (1 / other) * values : est / a.eqFactor;
      est /= a.nonEqFactor;
    }
    items = Math.max(1, Math.floor(est));
    const fields = idx.fields.length + (Array.isArray(idx.extra['storedValues']) ? idx.extra['storedValues'].length : 0);
    cost = Math.max(1, Math.log2(itemsInIndex) * values) + items * 0.05 - (fields - 1) * 0.02;
    if (idx.unique) cost *= 0.995 - 0.05 * (fields - 1);
    if (idx.type === 'primary') cost *= 0.9;
    cost = Math.max(0, cost);
  }
  cost += items * postFilter;
  return { supports, items, cost, found };
}

/** specializeCondition: per covered field its comparisons by weight, one of each kind (no `<` next to `<=`, nothing next to `==`). */
function specialize(idx: ChoosableIndex, found: Map<number, Part[]>): { field: number; part: Part }[] {
  const out: { field: number; part: Part }[] = [];
  let lastEq = true;
  for (let i = 0; i < idx.fields.length; i++) {
    const parts = found.get(i);
    if (!parts || !lastEq) break;
    lastEq = parts.some((p) => p.op === '==' || p.op === 'IN');
    const taken = new Set<FitOp>();
    for (const p of [...parts].sort((x, y) => SORT_WEIGHT[x.op] - SORT_WEIGHT[y.op])) {
      const dup = taken.has(p.op) || taken.has('==') || taken.has('IN')
        || (p.op === '<' && taken.has('<=')) || (p.op === '<=' && taken.has('<'))
        || (p.op === '>' && taken.has('>=')) || (p.op === '>=' && taken.has('>'))
        || ((p.op === '==' || p.op === 'IN') && taken.size > 0);
      if (dup) continue;
      taken.add(p.op);
      out.push({ field: i, part: p });
    }
  }
  return out;
}

/**
 * The index the `use-indexes` rule would read for the FILTER right after `FOR variable IN coll`
 * and the SORT after it (ConditionFinder: filter and sort costs together, an index that only
 * sorts included; with no FILTER, the best index for the SORT alone)
 * (findIndexHandleForAndNode): among the indexes that serve the condition, the one with the
 * lowest cost, scaled by 1 - 0.02 per extra index field; ties go to the earlier index (primary
 * first). ORs are left to the primary index (index-choice above): the emulator does not combine
 * several index lookups. Undefined: the collection is scanned.
 */
export function chooseIndex(
  variable: string, filters: readonly FilterStatement[], indexes: readonly ChoosableIndex[], itemsInCollection: number, constantOf: ConstantOf,
  hint?: IndexHintSpec, sort?: SortSpec, lets?: Pick<ConditionFilters, 'substitute' | 'invalid'>,
): IndexChoice | undefined {
  if (hint?.disabled) return undefined;
  const choice = choose(variable, filters, indexes, itemsInCollection, constantOf, hint, sort, lets);
  if (hint?.forced && hint.failIfUnusable && hint.names.length > 0) {
    const used = choice === undefined ? undefined : choice.kind === 'primary' ? 'primary' : choice.index.name;
    if (used === undefined || !hint.names.includes(used)) {
      throw forcedHintUnusable(hint);
    }
  }
  return choice;
}

type FilterStatement = Extract<Statement, { kind: 'filter' }>;

function choose(
  variable: string, filters: readonly FilterStatement[], indexes: readonly ChoosableIndex[], itemsInCollection: number, constantOf: ConstantOf,
  hint: IndexHintSpec | undefined, sort: SortSpec | undefined, lets: Pick<ConditionFilters, 'substitute' | 'invalid'> | undefined,
): IndexChoice | undefined {
  const first = filters[0];
  if (!first) return sort ? chooseForSort(variable, sort, indexes, itemsInCollection, hint) : undefined;
  const substitute = lets?.substitute ?? ((e: Expr): Expr => e);
  const invalid = lets?.invalid ?? ((): boolean => false);
  const cond = substitute(first.cond);
  // the primary index answers the first FILTER (ORs of keys included), as before
  const terms = validTerms(cond, variable, invalid);
  if (cond.kind === 'binary' && cond.op === 'OR' && terms) return { kind: 'primary', terms, whole: coversWholeCondition(cond, variable), filter: first };
  // an OR of branches that indexes serve, read by one lookup per branch (a SORT stays: the union is in no index order)
  if (filters.length === 1 && cond.kind === 'binary' && cond.op === 'OR' && !mergedOr(cond, variable, constantOf)) {
    return unionChoice(cond, variable, constantOf, (branch) => {
      const c = choose(variable, [{ kind: 'filter', cond: branch }], indexes, itemsInCollection, constantOf, hint, undefined, lets);
      return c?.kind === 'sorted' ? c : undefined;
    }, (b, branch) => {
      const parts = conjuncts(branch).map((c) => (c.kind === 'binary' && c.op === 'OR' ? mergedOr(c, variable, constantOf) ?? c : c));
      return filterCosts(b.index, [], parts, variable, constantOf, itemsInCollection);
    });
  }
  const parts: Expr[] = [];
  const owner = new Map<Expr, FilterStatement>();
  const original = new Map<Expr, Expr>();
  // parts removeInvalidVariables takes out of the index condition: their FILTER stays
  const unusable = new Map<FilterStatement, Expr[]>();
  for (const f of filters) {
    for (const c of conjuncts(substitute(f.cond))) {
      if (invalid(c)) {
        unusable.set(f, [...(unusable.get(f) ?? []), c]);
        continue;
      }
      const p = c.kind === 'binary' && c.op === 'OR' ? mergedOr(c, variable, constantOf) ?? c : c;
      parts.push(p);
      owner.set(p, f);
      original.set(p, c);
    }
  }
  // ConditionFinder's sort condition: attributes the whole FILTER fixes (null not counted) or proves non-null
  const special = specialAttributes(parts, variable, constantOf, false);
  const sc = sort ? sortCondition(sort, special.consts, special.nonNull) : undefined;
  let best: { idx: ChoosableIndex; cost: number; items: number; found: Map<number, Part[]>; filter: boolean; sort: boolean } | undefined;
  // findIndexHandleForAndNode: filter costs plus, with a SORT, what sorting then costs
  const consider = (idx: ChoosableIndex): void => {
    const filterable = idx.type === 'primary' ? terms !== undefined : (idx.sorted ?? idx.array ?? null) !== null;
    let filterCost = itemsInCollection * 1.5;
    let items = itemsInCollection;
    let found = new Map<number, Part[]>();
    let supportsFilter = false;
    if (filterable) {
      const c = filterCosts(idx, indexes, parts, variable, constantOf, itemsInCollection);
      if (c.supports) {
        supportsFilter = true;
        filterCost = c.cost;
        items = c.items;
        found = c.found;
      }
    }
    let sortCost = 0;
    let supportsSort = false;
    if (sc && sc.fields.length > 0) {
      if (sc.unidirectional) supportsSort = supportsSortCondition(idx, sc, items).supports;
      sortCost = supportsSort ? supportsSortCondition(idx, sc, items).cost : defaultSortCost(items);
    }
    if (!supportsFilter && !supportsSort) return;
    const total = (filterCost + sortCost) * (1 - (idx.fields.length - 1) * 0.02);
    if (!best || total < best.cost) best = { idx, cost: total, items, found, filter: supportsFilter, sort: supportsSort };
  };
  // hinted indexes first, in the hint's order: the first that serves the condition is taken
  for (const name of hint?.names ?? []) {
    const idx = indexes.find((i) => i.name === name);
    if (idx) consider(idx);
    if (best) break;
  }
  if (!best) for (const idx of indexes) consider(idx);
  if (!best) return terms ? primaryChoice(terms, cond, variable, first, invalid) : undefined;
  const chosen: { idx: ChoosableIndex; items: number; found: Map<number, Part[]>; filter: boolean; sort: boolean } = best;
  const ascending = chosen.sort && sc !== undefined && sc.unidirectional ? sc.ascending : true;
  if (!chosen.filter) {
    // the index serves the SORT only: ConditionFinder drops the condition, the FILTERs stay
    return scanChoice(chosen.idx, itemsInCollection, sortOrder(sort, variable, chosen.idx, [], ascending, constantOf));
  }
  if (chosen.idx.type === 'primary') {
    const choice = primaryChoice(terms as PrimaryTerm[], cond, variable, first, invalid);
    const order = sortOrder(sort, variable, chosen.idx, (terms as PrimaryTerm[]).map((t) => t.node), ascending, constantOf);
    return order ? { ...choice, order } : choice;
  }
  const used = specialize(chosen.idx, chosen.found);
  const choice: SortedLookup = {
    kind: 'sorted', index: chosen.idx, eq: [], nodes: used.map((u) => u.part.node), display: used.map((u) => injectBinds(u.part.node, constantOf)),
    covered: filters.filter((f) => !unusable.has(f) && parts.every((p) => owner.get(p) !== f || used.some((u) => u.part.node === p))),
    remainders: new Map(),
    selectivity: selectivityOf(chosen.idx), estimatedItems: chosen.items,
    estimatedCost: filterCosts(chosen.idx, indexes, parts, variable, constantOf, itemsInCollection).cost,
  };
  const order = sortOrder(sort, variable, chosen.idx, used.map((u) => u.part.node), ascending, constantOf);
  if (order) choice.order = order;
  for (const f of filters) {
    const own = parts.filter((p) => owner.get(p) === f);
    const left = [...own.filter((p) => !used.some((u) => u.part.node === p)).map((p) => original.get(p) as Expr), ...(unusable.get(f) ?? [])];
    if (left.length > 0 && left.length < own.length + (unusable.get(f)?.length ?? 0)) {
      choice.remainders.set(f, left.reduce((l, r) => ({ kind: 'binary', op: 'AND', left: l, right: r })));
    }
  }
  for (const { part } of used) {
    if (part.op === '==' || part.op === 'IN') choice.eq.push({ expr: part.value, list: part.op === 'IN' && part.element !== true });
    else if (part.op === '>' || part.op === '>=') choice.lower = { expr: part.value, inclusive: part.op === '>=' };
    else choice.upper = { expr: part.value, inclusive: part.op === '<=' };
  }
  return choice;
}

/** A whole-index read in index order: an IndexNode whose condition is empty. */
function scanChoice(idx: ChoosableIndex, itemsInCollection: number, order: SortOrder | undefined): IndexChoice {
  if (idx.type === 'primary') return { kind: 'primary', terms: [], whole: false, scan: true, ...(order ? { order } : {}) };
  return {
    kind: 'sorted', index: idx, eq: [], nodes: [], display: [], covered: [], remainders: new Map(),
    // IndexNode::estimateCost without a condition: FilterCosts::defaultCosts of the collection
    selectivity: selectivityOf(idx), estimatedItems: itemsInCollection, estimatedCost: itemsInCollection, scan: true,
    ...(order ? { order } : {}),
  };
}

/**
 * Utils::getIndexForSortCondition, as the use-indexes rule calls it for a FOR with a SORT and
 * no FILTER: the sorted index with the lowest sort cost (ties: the earlier index, primary first);
 * a hinted index first, and a forced hint that cannot sort is an error.
 */
function chooseForSort(variable: string, sort: SortSpec, indexes: readonly ChoosableIndex[], itemsInCollection: number, hint: IndexHintSpec | undefined): IndexChoice | undefined {
  const sc = sortCondition(sort, new Set(), new Set());
  if (!sc.onlyAttributeAccess) return undefined;
  let best: { idx: ChoosableIndex; cost: number } | undefined;
  const consider = (idx: ChoosableIndex): void => {
    const c = supportsSortCondition(idx, sc, itemsInCollection);
    if (c.supports && (!best || c.cost < best.cost)) best = { idx, cost: c.cost };
  };
  if (hint && hint.names.length > 0) {
    for (const name of hint.names) {
      const idx = indexes.find((i) => i.name === name);
      if (idx) consider(idx);
      if (best) break;
    }
    if (hint.forced && !best) {
      throw forcedHintUnusable(hint);
    }
  }
  if (!best) for (const idx of indexes) consider(idx);
  if (!best) return undefined;
  const chosen: ChoosableIndex = (best as { idx: ChoosableIndex }).idx;
  return scanChoice(chosen, itemsInCollection, sortOrder(sort, variable, chosen, [], sc.unidirectional ? sc.ascending : true, () => undefined));
}

/**
 * What use-index-for-sort does with the IndexNode (SortToIndexNode::handleIndexNode): the sort
 * condition now counts the attributes the index's own condition fixes, null included; when the
 * index order covers every sort item in the node's direction, the SortNode goes. A condition of
 * equality lookups only may also turn the node's direction round to match.
 */
function sortOrder(sort: SortSpec | undefined, variable: string, idx: ChoosableIndex, usedParts: readonly Expr[], ascending: boolean, constantOf: ConstantOf): SortOrder | undefined {
  if (!sort) return undefined;
  const special = specialAttributes(usedParts, variable, constantOf, true);
  const sc = sortCondition(sort, special.consts, special.nonNull);
  const order: SortOrder = { ascending, elements: [] };
  if (!sc.onlyAttributeAccess) return order;
  const fields = idx.type === 'primary' ? ['_key'] : idx.fields;
  const covered = coveredAttributes(sc, fields);
  const full = sc.unidirectional && covered >= sc.fields.length;
  if (full && sc.ascending === ascending) order.removes = sort.statement;
  else if (full && usedParts.length > 0 && onlyEqualityMatch(usedParts, variable, constantOf)) {
    order.removes = sort.statement;
    order.ascending = sc.ascending;
  }
  if (order.removes) order.elements = sc.fields.map((f) => ({ path: f.path as string[], asc: f.asc }));
  return order;
}

/** Whether every part is `attribute == constant` (AstNode::isOnlyEqualityMatch). */
function onlyEqualityMatch(parts: readonly Expr[], variable: string, constantOf: ConstantOf): boolean {
  return parts.every((p) => p.kind === 'binary' && p.op === '=='
    && ((attributePath(p.left, variable) !== undefined && constantOf(p.right) !== undefined)
      || (attributePath(p.right, variable) !== undefined && constantOf(p.left) !== undefined)));
}

/**
 * Condition::getConstAttributes and getNonNullAttributes: attributes of the loop variable that
 * the condition fixes to a constant (`== null` only when `includeNull`), and those it proves
 * non-null (`== x` and `>= x` for a non-null constant x, `> x`, `!= null`).
 */
function specialAttributes(parts: readonly Expr[], variable: string, constantOf: ConstantOf, includeNull: boolean): { consts: Set<string>; nonNull: Set<string> } {
  const consts = new Set<string>();
  const nonNull = new Set<string>();
  for (const p of parts) {
    if (p.kind !== 'binary') continue;
    const op = p.op;
    if (op !== '==' && op !== '!=' && op !== '<' && op !== '<=' && op !== '>' && op !== '>=') continue;
    const sides: [Expr, Expr, string][] = [[p.left, p.right, op], [p.right, p.left, op === '==' || op === '!=' ? op : REVERSED[op]]];
    for (const [access, other, o] of sides) {
      const path = attributePath(access, variable);
      if (!path || refersTo(other, variable)) continue;
      const c = constantOf(other);
      if (!c) continue;
      const key = path.join('.');
      if (o === '==') {
        if (c.value !== null || includeNull) consts.add(key);
        if (c.value !== null) nonNull.add(key);
      } else if (o === '!=' && c.value === null) nonNull.add(key);
      else if (o === '>' || (o === '>=' && c.value !== null)) nonNull.add(key);
    }
  }
  return { consts, nonNull };
}

/**
 * Condition::optimize merges an OR of `==` / `IN` comparisons of one attribute with constant
 * values into one `IN` (`d.a == 1 OR d.a IN [2, 3]` is `d.a IN [1, 2, 3]`), which an index
 * answers with one lookup per value. Undefined when the OR is anything else.
 */
function mergedOr(cond: Expr, variable: string, constantOf: ConstantOf): Expr | undefined {
  const disjuncts: Expr[] = [];
  const walk = (e: Expr): void => {
    if (e.kind === 'binary' && e.op === 'OR') { walk(e.left); walk(e.right); } else disjuncts.push(e);
  };
  walk(cond);
  let path: string | undefined;
  let access: Expr | undefined;
  const values: Value[] = [];
  for (const d of disjuncts) {
    if (d.kind !== 'binary' || (d.op !== '==' && d.op !== 'IN')) return undefined;
    const sides: [Expr, Expr][] = d.op === 'IN' ? [[d.left, d.right]] : [[d.left, d.right], [d.right, d.left]];
    const side = sides.find(([a, o]) => attributePath(a, variable) !== undefined && !refersTo(o, variable));
    if (!side) return undefined;
    const p = (attributePath(side[0], variable) as string[]).join('.');
    if (path !== undefined && p !== path) return undefined;
    path = p;
    access ??= side[0];
    const c = constantOf(side[1]);
    if (!c) return undefined;
    if (d.op === 'IN') {
      if (!Array.isArray(c.value)) return undefined;
      values.push(...c.value);
    } else values.push(c.value);
  }
  const sorted = values.sort(compare).filter((v, i, a) => i === 0 || compare(a[i - 1] as Value, v) !== 0);
  return { kind: 'binary', op: 'IN', left: access as Expr, right: { kind: 'value', value: sorted } };
}

/** A copy of an expression with its value bind parameters replaced by their values (the server injects them before optimizing). */
function injectBinds(e: Expr, constantOf: ConstantOf): Expr {
  const walk = (x: unknown): unknown => {
    if (Array.isArray(x)) return x.map(walk);
    if (typeof x !== 'object' || x === null) return x;
    const o = x as Record<string, unknown>;
    if (o['kind'] === 'subquery') return x;
    if (o['kind'] === 'bind' && o['collection'] === false) {
      const c = constantOf(x as Expr);
      if (c) return { kind: 'value', value: c.value };
    }
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(o)) out[k] = walk(v);
    return out;
  };
  return walk(e) as Expr;
}

/** The lookup a sorted choice makes for one input row, given its values (eq values, then lower, then upper). */
export function lookupOf(choice: SortedLookup, value: (e: Expr) => Value): IndexLookup {
  return {
    eq: choice.eq.map((q) => {
      const v = value(q.expr);
      return q.list ? (Array.isArray(v) ? v : []) : [v];
    }),
    lower: choice.lower ? { value: value(choice.lower.expr), inclusive: choice.lower.inclusive } : undefined,
    upper: choice.upper ? { value: value(choice.upper.expr), inclusive: choice.upper.inclusive } : undefined,
  };
}
