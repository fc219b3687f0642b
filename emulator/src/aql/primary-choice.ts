/**
 * The filters right after `FOR d IN coll` that the primary index answers. `d._key == x`,
 * `d._id == x`, `d._key IN list`, and ORs of those (ArangoDB merges `d._key == a OR d._key == b`
 * into one IN lookup); under an AND, one side that qualifies is enough, because the FILTER still
 * runs on what the index returns. The statement compiler reads the documents by key instead of
 * scanning (statistics show `scannedIndex`, `filtered: 0`), and explain shows an IndexNode over
 * the primary index.
 */
import type { Expr, Statement } from './ast.js';
import type { SortOrder } from './sort-condition.js';

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

/** A primary-index lookup for the FILTER condition `cond`: what it covers, and what it leaves. */
export function primaryChoice(terms: PrimaryTerm[], cond: Expr, variable: string, filter: Statement, invalid: (e: Expr) => boolean = () => false): PrimaryLookup {
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
export function validTerms(cond: Expr, variable: string, invalid: (e: Expr) => boolean): PrimaryTerm[] | undefined {
  if (cond.kind === 'binary' && cond.op === 'AND') {
    for (const p of conjuncts(cond)) {
      const t = invalid(p) ? undefined : termsOf(p, variable);
      if (t) return t;
    }
    return undefined;
  }
  return invalid(cond) ? undefined : termsOf(cond, variable);
}

/** The parts of an AND, flattened. */
export function conjuncts(e: Expr, out: Expr[] = []): Expr[] {
  if (e.kind === 'binary' && e.op === 'AND') {
    conjuncts(e.left, out);
    conjuncts(e.right, out);
  } else out.push(e);
  return out;
}
