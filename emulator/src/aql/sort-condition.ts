/**
 * The SORT that a `FOR … IN collection` can hand to an index: ArangoDB 3.12's SortCondition
 * (arangod/Aql/SortCondition.cpp), Index::supportsSortCondition for sorted indexes
 * (SortedIndexAttributeMatcher::supportsSortCondition: persistent, hash and skiplist, and the
 * primary index on `_key`; the edge index and the others keep the default, "cannot sort") and
 * the cost guesses the index choice adds for sorting (Index::SortCosts).
 */
import type { Expr, Statement } from './ast.js';

type SortStatement = Extract<Statement, { kind: 'sort' }>;

export interface SortField {
  /** The attribute path of the loop variable the item sorts by; null when it is anything else. */
  path: string[] | null;
  asc: boolean;
}

export interface SortSpec {
  statement: SortStatement;
  fields: SortField[];
}

/** `v.a.b` as ['a', 'b'] when it reads the loop variable's attributes. */
export function attributePathOf(e: Expr, variable: string): string[] | undefined {
  const out: string[] = [];
  let cur = e;
  while (cur.kind === 'attr') {
    out.unshift(cur.name);
    cur = cur.object;
  }
  return out.length > 0 && cur.kind === 'ref' && cur.name === variable ? out : undefined;
}

/**
 * The SORT the optimizer pairs with `FOR variable`: the first one after the FOR when only FILTERs
 * and LETs stand between them (ConditionFinder and SortToIndexNode walk past calculations,
 * subqueries and filters; a LIMIT, COLLECT, another loop or a write ends the search, and
 * nested loops are left out here). An item that is a LET variable counts as that LET's
 * expression (the server resolves sort variables through their calculations).
 */
export function sortAfter(variable: string, rest: readonly Statement[]): SortSpec | undefined {
  const lets = new Map<string, Expr>();
  for (const s of rest) {
    if (s.kind === 'filter') continue;
    if (s.kind === 'let') {
      lets.set(s.variable, s.expr);
      continue;
    }
    if (s.kind !== 'sort') return undefined;
    const fields = s.items.map((it) => {
      const e = it.expr.kind === 'ref' ? lets.get(it.expr.name) ?? it.expr : it.expr;
      return { path: attributePathOf(e, variable) ?? null, asc: it.asc };
    });
    return { statement: s, fields };
  }
  return undefined;
}

export interface SortCondition {
  fields: readonly SortField[];
  /** Non-empty, every item an attribute access of the loop variable. */
  onlyAttributeAccess: boolean;
  /** All items not fixed by an equality sort the same way. */
  unidirectional: boolean;
  /** The direction of the first item not fixed by an equality. */
  ascending: boolean;
  /** Attributes the FILTER fixes to one value (`d.a == 1`): they do not change the order. */
  constAttributes: ReadonlySet<string>;
  /** Attributes the FILTER proves not null (what a sparse index needs to sort). */
  nonNull: ReadonlySet<string>;
}

export function sortCondition(spec: SortSpec | undefined, constAttributes: ReadonlySet<string>, nonNull: ReadonlySet<string>): SortCondition {
  const fields = spec?.fields ?? [];
  let unidirectional = true;
  let ascending = true;
  let found = false;
  for (const f of fields) {
    if (f.path && constAttributes.has(f.path.join('.'))) continue;
    if (!found) {
      found = true;
      ascending = f.asc;
    } else if (f.asc !== ascending) unidirectional = false;
  }
  return {
    fields, unidirectional, ascending, constAttributes, nonNull,
    onlyAttributeAccess: fields.length > 0 && fields.every((f) => f.path !== null),
  };
}

/**
 * SortCondition::coveredAttributes: how many sort items, from the first, the index order
 * serves; an item or an index field fixed by an equality may be skipped.
 */
export function coveredAttributes(sc: SortCondition, indexFields: readonly string[]): number {
  let covered = 0;
  let pos = 0;
  for (let i = 0; i < indexFields.length;) {
    const field = sc.fields[pos];
    if (!field) break;
    const key = field.path?.join('.');
    if (key !== undefined && key === indexFields[i]) {
      pos++;
      covered++;
      i++;
      continue;
    }
    if (key !== undefined && indexFields.includes(key) && sc.constAttributes.has(key)) {
      pos++;
      covered++;
      continue;
    }
    if (sc.constAttributes.has(indexFields[i] as string)) {
      i++;
      continue;
    }
    break;
  }
  return covered;
}

export interface SortCosts {
  supports: boolean;
  covered: number;
  cost: number;
}

/** Index::SortCosts::defaultCosts: what sorting `items` rows costs when no index helps. */
export function defaultSortCost(items: number): number {
  return 0.01 * items + 1.05 * (items > 0 ? items * Math.log2(items) : 0);
}

/** The part of an index definition the sort check needs. */
export interface SortableIndex {
  readonly type: string;
  readonly fields: readonly string[];
  readonly sparse: boolean;
  /** Present for the sorted indexes AQL can read (persistent, hash, skiplist without `[*]`). */
  readonly sorted: unknown;
}

/**
 * SortedIndexAttributeMatcher::supportsSortCondition (the primary index answers for `_key`, in
 * its key order); every other index type cannot sort. A sparse index sorts only when the
 * FILTER proves all its fields non-null, since it holds no entry for null.
 */
export function supportsSortCondition(idx: SortableIndex, sc: SortCondition, itemsInIndex: number): SortCosts {
  const costs: SortCosts = { supports: false, covered: 0, cost: defaultSortCost(itemsInIndex) };
  const sortable = idx.type === 'primary' || ((idx.type === 'persistent' || idx.type === 'hash' || idx.type === 'skiplist') && idx.sorted);
  if (!sortable) return costs;
  const fields = idx.type === 'primary' ? ['_key'] : idx.fields;
  if (idx.sparse && !fields.every((f) => sc.nonNull.has(f))) return costs;
  if (!sc.unidirectional || !sc.onlyAttributeAccess) return costs;
  costs.covered = coveredAttributes(sc, fields);
  if (costs.covered >= sc.fields.length) {
    costs.supports = true;
    // backward iteration is penalized slightly
    costs.cost = sc.ascending ? 0 : itemsInIndex * 0.001;
  } else if (costs.covered > 0) {
    costs.supports = true;
    // size_t division in the server
    costs.cost = Math.floor(itemsInIndex / costs.covered) * Math.log2(itemsInIndex);
  }
  return costs;
}

/** How an index lookup serves the SORT after its FOR (IndexIteratorOptions.ascending, use-index-for-sort). */
export interface SortOrder {
  ascending: boolean;
  /** The SORT whose SortNode use-index-for-sort removes: the index order is the sort order. */
  removes?: Statement;
  /** IndexNode's `sortElements` when it removes one. */
  elements: { path: string[]; asc: boolean }[];
}
