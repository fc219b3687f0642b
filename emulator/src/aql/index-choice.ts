/**
 * The filters right after `FOR d IN coll` that the primary index answers: the emulator's share
 * of ArangoDB's `use-indexes` rule. `d._key == x`, `d._id == x`, `d._key IN list`, and ORs of
 * those (ArangoDB merges `d._key == a OR d._key == b` into one IN lookup); under an AND, one
 * side that qualifies is enough, because the FILTER still runs on what the index returns. The
 * statement compiler reads the documents by key instead of scanning (statistics show
 * `scannedIndex`, `filtered: 0`), and explain shows an IndexNode over the primary index.
 */
import type { Expr, Statement, Value } from './ast.js';
import type { IndexLookup } from '../store/sorted-index.js';
import { compare } from './compare.js';
import { AqlError } from './errors.js';
import { coveredAttributes, defaultSortCost, sortCondition, supportsSortCondition, type SortSpec } from './sort-condition.js';
import { expandedFieldFor } from './array-index-choice.js';
import type { ConditionFilters } from './condition-finder.js';

export interface PrimaryTerm {
  attr: '_key' | '_id';
  /** One key (`==`) or a list of keys (`IN`). */
  expr: Expr;
  list: boolean;
  /** The comparison itself, for explain's `condition`. */
  node: Expr;
}

/** Whether an expression mentions a variable. */
export function refersTo(e: unknown, key: string): boolean {
  if (Array.isArray(e)) return e.some((x) => refersTo(x, key));
  if (typeof e !== 'object' || e === null) return false;
  const o = e as Record<string, unknown>;
  if (o['kind'] === 'ref' && o['name'] === key) return true;
  return Object.values(o).some((x) => refersTo(x, key));
}

function isKeyAccess(e: Expr, variable: string): e is Extract<Expr, { kind: 'attr' }> & { name: '_key' | '_id' } {
  return e.kind === 'attr' && (e.name === '_key' || e.name === '_id') && e.object.kind === 'ref' && e.object.name === variable;
}

/** The terms of `cond` the primary index can answer as a whole (undefined: it cannot). */
function termsOf(cond: Expr, variable: string): PrimaryTerm[] | undefined {
  if (cond.kind !== 'binary') return undefined;
  if (cond.op === 'OR') {
    const l = termsOf(cond.left, variable);
    const r = l && termsOf(cond.right, variable);
    return l && r ? [...l, ...r] : undefined;
  }
  if (cond.op === 'AND') return termsOf(cond.left, variable) ?? termsOf(cond.right, variable);
  if (cond.op === '==') {
    for (const [a, b] of [[cond.left, cond.right], [cond.right, cond.left]] as const) {
      if (isKeyAccess(a, variable) && !refersTo(b, variable)) return [{ attr: a.name, expr: b, list: false, node: cond }];
    }
    return undefined;
  }
  if (cond.op === 'IN' && isKeyAccess(cond.left, variable) && !refersTo(cond.right, variable)) {
    return [{ attr: cond.left.name, expr: cond.right, list: true, node: cond }];
  }
  return undefined;
}

/** Whether the index answers the whole condition, so the FILTER is redundant (no AND part left over). */
export function coversWholeCondition(cond: Expr, variable: string): boolean {
  if (cond.kind !== 'binary') return false;
  if (cond.op === 'OR') return coversWholeCondition(cond.left, variable) && coversWholeCondition(cond.right, variable);
  return (cond.op === '==' || cond.op === 'IN') && termsOf(cond, variable) !== undefined;
}

/** The primary-index terms of the FILTER that directly follows `FOR variable IN coll`. */
export function primaryKeyLookup(variable: string, next: Statement | undefined): PrimaryTerm[] | undefined {
  if (next?.kind !== 'filter') return undefined;
  return termsOf(next.cond, variable);
}

/**
 * The document keys the terms select, deduplicated and sorted as the index lookup visits them
 * (ArangoDB sorts and deduplicates IN values before probing the index). Values that are not
 * strings, and `_id`s of another collection, select nothing.
 */
export function lookupKeys(terms: readonly PrimaryTerm[], values: readonly unknown[], collection: string): string[] {
  const prefix = `${collection}/`;
  const keys = new Set<string>();
  terms.forEach((t, i) => {
    const v = values[i];
    for (const x of t.list ? (Array.isArray(v) ? v : []) : [v]) {
      if (typeof x !== 'string') continue;
      if (t.attr === '_key') keys.add(x);
      else if (x.startsWith(prefix)) keys.add(x.slice(prefix.length));
    }
  });
  return [...keys].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

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
  order?: SortOrder;
}

export interface PrimaryLookup {
  kind: 'primary';
  terms: PrimaryTerm[];
  whole: boolean;
  /** What is left of the (first) FILTER's condition when the lookup answers one of its AND parts. */
  remainder?: Expr;
  /** The FILTER the lookup answers (`whole`) or leaves `remainder` of. */
  filter?: Statement;
  /** Every document in key order, for a SORT on `_key` only. */
  scan?: boolean;
  order?: SortOrder;
}

/** How an index lookup serves the SORT after its FOR (IndexIteratorOptions.ascending, use-index-for-sort). */
export interface SortOrder {
  ascending: boolean;
  /** The SORT whose SortNode use-index-for-sort removes: the index order is the sort order. */
  removes?: Statement;
  /** IndexNode's `sortElements` when it removes one. */
  elements: { path: string[]; asc: boolean }[];
}

/** A primary-index lookup for the FILTER condition `cond`: what it covers, and what it leaves. */
function primaryChoice(terms: PrimaryTerm[], cond: Expr, variable: string, filter: Statement, invalid: (e: Expr) => boolean = () => false): PrimaryLookup {
  const whole = !invalid(cond) && coversWholeCondition(cond, variable);
  if (whole || cond.kind !== 'binary' || cond.op !== 'AND') return { kind: 'primary', terms, whole, filter };
  // termsOf takes the first AND part it can answer, left to right
  const parts = conjuncts(cond);
  const usedAt = parts.findIndex((p) => !invalid(p) && termsOf(p, variable) !== undefined);
  if (usedAt < 0 || !coversWholeCondition(parts[usedAt] as Expr, variable)) return { kind: 'primary', terms, whole, filter };
  const left = parts.filter((_, i) => i !== usedAt);
  return { kind: 'primary', terms, whole, filter, remainder: left.reduce((l, r) => ({ kind: 'binary', op: 'AND', left: l, right: r })) };
}

/** termsOf for a FILTER condition, leaving out the AND parts that read variables the FOR does not see. */
function validTerms(cond: Expr, variable: string, invalid: (e: Expr) => boolean): PrimaryTerm[] | undefined {
  if (cond.kind === 'binary' && cond.op === 'AND') {
    for (const p of conjuncts(cond)) {
      const t = invalid(p) ? undefined : termsOf(p, variable);
      if (t) return t;
    }
    return undefined;
  }
  return invalid(cond) ? undefined : termsOf(cond, variable);
}

export type IndexChoice = PrimaryLookup | SortedLookup;

/** The compile-time value of an expression (bind parameters injected, constants folded), if it has one. */
export type ConstantOf = (e: Expr) => { value: Value } | undefined;

const REVERSED: Record<RangeOp, RangeOp> = { '<': '>', '<=': '>=', '>': '<', '>=': '<=' };
/** Index::sortWeight: the order in which a field's comparisons are taken. */
const SORT_WEIGHT: Record<FitOp, number> = { '==': 1, IN: 2, '>': 3, '>=': 4, '<=': 5, '<': 6 };

/** `v.a.b` as ['a', 'b'] when it reads the loop variable's attributes. */
function attributePath(e: Expr, variable: string): string[] | undefined {
  const out: string[] = [];
  let cur = e;
  while (cur.kind === 'attr') {
    out.unshift(cur.name);
    cur = cur.object;
  }
  return out.length > 0 && cur.kind === 'ref' && cur.name === variable ? out : undefined;
}

function conjuncts(e: Expr, out: Expr[] = []): Expr[] {
  if (e.kind === 'binary' && e.op === 'AND') {
    conjuncts(e.left, out);
    conjuncts(e.right, out);
  } else out.push(e);
  return out;
}

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
      throw AqlError.of(400, 'ERROR_QUERY_FORCED_INDEX_HINT_UNUSABLE', `could not use index hint to serve query; ${JSON.stringify({ indexHint: hintJson(hint) })}`);
    }
  }
  return choice;
}

/** FOR's index options (IndexHint): `indexHint` (a name or names), `forceIndexHint`, `disableIndex`. */
export interface IndexHintSpec {
  names: string[];
  forced: boolean;
  disabled: boolean;
  lookahead: number;
  /**
   * Whether a forced hint nothing can serve is an error here. The server also counts an index
   * that serves a SORT; where a SORT follows that the emulator does not pair with the FOR
   * (sort-condition.ts sortAfter), it cannot tell, so it does not fail the query.
   */
  failIfUnusable: boolean;
}

/** The hint as a plan shows it (IndexHint::toVelocyPack). */
export function hintJson(hint: IndexHintSpec | undefined): Record<string, Value> {
  const type = hint === undefined ? 'none' : hint.disabled ? 'disabled' : hint.names.length > 0 ? 'simple' : 'none';
  return { forced: hint?.forced ?? false, lookahead: hint?.lookahead ?? 1, type, ...(type === 'simple' ? { hint: [...(hint as IndexHintSpec).names] } : {}) };
}

/** The hint of a FOR's (constant) OPTIONS; undefined when it has none. */
export function hintOf(options: Value | undefined, failIfUnusable: boolean): IndexHintSpec | undefined {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) return undefined;
  const h = options['indexHint'];
  const names = typeof h === 'string' ? [h] : Array.isArray(h) ? h.filter((x): x is string => typeof x === 'string') : [];
  const lookahead = typeof options['lookahead'] === 'number' ? options['lookahead'] : 1;
  const spec: IndexHintSpec = { names, forced: options['forceIndexHint'] === true, disabled: options['disableIndex'] === true, lookahead, failIfUnusable };
  return spec.names.length > 0 || spec.disabled || options['lookahead'] !== undefined ? spec : undefined;
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
      throw AqlError.of(400, 'ERROR_QUERY_FORCED_INDEX_HINT_UNUSABLE', `could not use index hint to serve query; ${JSON.stringify({ indexHint: hintJson(hint) })}`);
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
