/**
 * The FILTERs the use-indexes rule combines for a `FOR … IN collection` (ConditionFinder:
 * handleFilterCondition): every FILTER among the LETs and FILTERs right after the FOR, with a
 * reference to one of those LETs replaced by the LET's expression when that is simple and
 * deterministic (`LET a = d.x FILTER a == 4` is `d.x == 4` to an index). A condition part that
 * still reads such a variable cannot be looked up at the FOR and is dropped from the index
 * condition (Condition::removeInvalidVariables); its FILTER then stays.
 */
import type { Expr, Statement } from './ast.js';
import { refersTo } from './primary-choice.js';

type FilterStatement = Extract<Statement, { kind: 'filter' }>;

export interface ConditionFilters {
  filters: FilterStatement[];
  /** The expression with references to the substitutable LETs replaced by their expressions. */
  substitute(e: Expr): Expr;
  /** Whether the expression reads a LET declared after the FOR (invalid at the FOR). */
  invalid(e: Expr): boolean;
}

/**
 * Expressions the server may substitute (AstNode isDeterministic and isSimple): the emulator
 * takes literals, references, attribute and index accesses and operators, not function calls
 * or subqueries; leaving one out can only cost an index, never change a result.
 */
function substitutable(e: unknown): boolean {
  if (Array.isArray(e)) return e.every(substitutable);
  if (typeof e !== 'object' || e === null) return true;
  const o = e as Record<string, unknown>;
  if (o['kind'] === 'call' || o['kind'] === 'subquery' || o['kind'] === 'expand') return false;
  return Object.values(o).every(substitutable);
}

export function conditionFilters(rest: readonly Statement[]): ConditionFilters {
  const filters: FilterStatement[] = [];
  const defs = new Map<string, Expr>();
  const later: string[] = [];
  for (const s of rest) {
    if (s.kind === 'filter') filters.push(s);
    else if (s.kind === 'let') {
      later.push(s.variable);
      if (substitutable(s.expr)) defs.set(s.variable, s.expr);
    } else break;
  }
  const substitute = (e: Expr): Expr => {
    if (defs.size === 0) return e;
    const walk = (x: unknown): unknown => {
      if (Array.isArray(x)) return x.map(walk);
      if (typeof x !== 'object' || x === null) return x;
      const o = x as Record<string, unknown>;
      if (o['kind'] === 'ref' && typeof o['name'] === 'string' && defs.has(o['name'])) return walk(defs.get(o['name']));
      if (o['kind'] === 'subquery') return x;
      const out: Record<string, unknown> = {};
      let changed = false;
      for (const [k, v] of Object.entries(o)) {
        out[k] = walk(v);
        if (out[k] !== v) changed = true;
      }
      // untouched subtrees keep their identity (folded constants are keyed by node)
      return changed ? out : x;
    };
    return walk(e) as Expr;
  };
  return { filters, substitute, invalid: (e) => later.some((v) => refersTo(e, v)) };
}
