import type { Expr } from './ast.js';
import { lookupFunction } from './functions/index.js';

/**
 * Compile-time constants, as ArangoDB's AST optimizer sees them: literals, value bind
 * parameters (injected before optimization), variables of a `LET` whose expression is constant
 * (Ast::optimizeLet stores the value in the variable), and operators or deterministic functions
 * over constants. The compiler evaluates such expressions once, up front; LIMIT needs its values
 * to be constants (ExecutionPlan::fromNodeLimit).
 */

/** Functions ArangoDB never folds: their result changes between calls or reads data. */
const NOT_FOLDED = new Set([
  'RAND', 'RANDOM', 'RANDOM_TOKEN', 'UUID', 'DATE_NOW', 'SLEEP', 'CURRENT_USER', 'CURRENT_DATABASE',
  'FAIL', 'COLLECTIONS', 'COLLECTION_COUNT', 'DOCUMENT', 'CALL', 'APPLY', 'V8', 'NOOPT', 'PASSTHRU',
  'SCHEMA_GET', 'SCHEMA_VALIDATE', 'CHECK_DOCUMENT', 'SHARD_ID', 'ASSERT', 'WARN',
]);

/** The variables (by key) whose `LET` assigned a constant. */
export interface Constants {
  has(key: string): boolean;
}

export function isConstantExpr(e: Expr, constants: Constants): boolean {
  const c = (x: Expr): boolean => isConstantExpr(x, constants);
  switch (e.kind) {
    case 'value': return true;
    case 'bind': return !e.collection;
    case 'ref': return constants.has(e.name);
    case 'array': return e.elements.every(c);
    case 'object': return e.entries.every((x) => (typeof x.key === 'string' || c(x.key)) && c(x.value));
    case 'attr': return c(e.object);
    case 'index': return c(e.object) && c(e.index);
    case 'unary': return c(e.operand);
    case 'binary': return c(e.left) && c(e.right);
    case 'ternary': return c(e.cond) && (e.then === undefined || c(e.then)) && c(e.otherwise);
    case 'range': return c(e.from) && c(e.to);
    case 'call': {
      if (e.name.includes('::') || NOT_FOLDED.has(e.name)) return false;
      const f = lookupFunction(e.name);
      return f !== undefined && f.collectionArgs === undefined && e.args.every(c);
    }
    // expansions bind their own variable; collections and subqueries read data
    case 'expand': case 'arrayCmp': case 'collection': case 'subquery': return false;
  }
  return false;
}
