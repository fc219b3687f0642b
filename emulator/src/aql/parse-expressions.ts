import type { BinaryOp, Expr, Pos, Quantifier, Statement } from './ast.js';
import { AqlError } from './errors.js';
import { opt, ParserBase, STATEMENT_START } from './parser-base.js';

/**
 * AQL's expression grammar, by the operator precedence of ArangoDB's grammar.y: ternary, OR,
 * AND, comparison (with ANY/ALL/NONE/AT LEAST quantifiers), IN, relational, range, arithmetic,
 * unary, then attribute access, expansion and the primaries (literals, calls, subqueries). A
 * subquery holds statements, which the statement parser supplies.
 */

const COMPARISON: Record<string, BinaryOp> = {
  '==': '==', '!=': '!=', '<': '<', '<=': '<=', '>': '>', '>=': '>=',
};

/**
 * ArangoDB's Ast::maxExpressionNesting (3.9+): an expression may nest 500 levels (`1 + 2 + 3` is
 * two); deeper, the query fails during setup with 400/1524 "too much nesting or too many
 * objects". The parser stops at the same depth of its own recursion (`NOT NOT …`, `[[[…`,
 * `((…))`), long before the JavaScript stack would overflow.
 */
export const MAX_EXPRESSION_NESTING = 500;

export function tooMuchNesting(): AqlError {
  return AqlError.of(400, 'ERROR_QUERY_TOO_MUCH_NESTING');
}

export abstract class ExpressionParser extends ParserBase {
  /** While parsing the operand of REMOVE/UPDATE/REPLACE/UPSERT, a top-level IN ends it. */
  private noIn = false;
  /** Nesting of unary() calls, bounded by MAX_EXPRESSION_NESTING. */
  private depth = 0;

  /** Statements up to the end of a (sub)query; the last one must be RETURN or a write. */
  protected abstract statements(top: boolean): Statement[];

  expression(): Expr {
    return this.ternary();
  }

  /** An expression where a top-level `IN` belongs to the statement (`REMOVE k IN coll`). */
  protected operand(): Expr {
    const save = this.noIn;
    this.noIn = true;
    try {
      return this.expression();
    } finally {
      this.noIn = save;
    }
  }

  /** Nested brackets, braces, parentheses and calls may use IN again. */
  private nested<T>(f: () => T): T {
    const save = this.noIn;
    this.noIn = false;
    try {
      return f();
    } finally {
      this.noIn = save;
    }
  }

  private ternary(): Expr {
    const cond = this.or();
    if (!this.isOp('?')) return cond;
    this.next();
    if (this.isOp(':')) {
      this.next();
      return { kind: 'ternary', cond, otherwise: this.ternary() };
    }
    const then = this.ternary();
    this.expectOp(':');
    return { kind: 'ternary', cond, then, otherwise: this.ternary() };
  }

  private or(): Expr {
    let left = this.and();
    while (this.isKw('OR') || this.isOp('||')) {
      this.next();
      left = { kind: 'binary', op: 'OR', left, right: this.and() };
    }
    return left;
  }

  private and(): Expr {
    let left = this.equality();
    while (this.isKw('AND') || this.isOp('&&')) {
      this.next();
      left = { kind: 'binary', op: 'AND', left, right: this.equality() };
    }
    return left;
  }

  /** Quantifier (ANY/ALL/NONE/AT LEAST) when followed by a comparison operator. */
  private quantifier(): Quantifier | undefined {
    const isCmpAt = (k: number): boolean => {
      const t = this.peek(k);
      if (t.type === 'op') return t.value in COMPARISON;
      return t.type === 'keyword' && (t.value === 'IN' || (t.value === 'NOT' && this.isKw('IN', k + 1)));
    };
    if ((this.isKw('ANY') || this.isKw('ALL') || this.isKw('NONE')) && isCmpAt(1)) {
      return { kind: this.next().value as 'ANY' | 'ALL' | 'NONE' };
    }
    if (this.isWord('AT') && this.isWord('LEAST', 1) && this.isOp('(', 2)) {
      this.next(); this.next(); this.next();
      const count = this.expression();
      this.expectOp(')');
      if (!isCmpAt(0)) this.fail();
      return { kind: 'AT LEAST', count };
    }
    return undefined;
  }

  /** After a quantifier: the comparison operator (== … IN, NOT IN). */
  private quantifiedOp(): BinaryOp {
    const t = this.next();
    if (t.type === 'op' && t.value in COMPARISON) return COMPARISON[t.value] as BinaryOp;
    if (t.type === 'keyword' && t.value === 'IN') return 'IN';
    if (t.type === 'keyword' && t.value === 'NOT') { this.expectKw('IN'); return 'NOT IN'; }
    return this.fail(t);
  }

  private equality(): Expr {
    let left = this.inExpr();
    for (;;) {
      const q = this.quantifier();
      if (q) {
        const op = this.quantifiedOp();
        const right = op === 'IN' || op === 'NOT IN' ? this.relational() : this.inExpr();
        left = { kind: 'arrayCmp', quantifier: q, op, left, right };
        continue;
      }
      let op: BinaryOp | undefined;
      if (this.isOp('==')) op = '==';
      else if (this.isOp('!=')) op = '!=';
      else if (this.isOp('=~')) op = '=~';
      else if (this.isOp('!~')) op = '!~';
      else if (this.isKw('LIKE')) op = 'LIKE';
      else if (this.isKw('NOT') && this.isKw('LIKE', 1)) { this.next(); op = 'NOT LIKE'; }
      if (!op) return left;
      this.next();
      left = { kind: 'binary', op, left, right: this.inExpr() };
    }
  }

  private inExpr(): Expr {
    let left = this.relational();
    for (;;) {
      const q = this.quantifier();
      if (q) {
        const op = this.quantifiedOp();
        left = { kind: 'arrayCmp', quantifier: q, op, left, right: this.relational() };
        continue;
      }
      if (this.isKw('IN') && !this.noIn) {
        this.next();
        left = { kind: 'binary', op: 'IN', left, right: this.relational() };
      } else if (this.isKw('NOT') && this.isKw('IN', 1)) {
        this.next(); this.next();
        left = { kind: 'binary', op: 'NOT IN', left, right: this.relational() };
      } else {
        return left;
      }
    }
  }

  private relational(): Expr {
    let left = this.range();
    for (;;) {
      const t = this.peek();
      if (t.type === 'op' && (t.value === '<' || t.value === '<=' || t.value === '>' || t.value === '>=')) {
        this.next();
        left = { kind: 'binary', op: t.value, left, right: this.range() };
      } else {
        return left;
      }
    }
  }

  private range(): Expr {
    let left = this.additive();
    while (this.isOp('..')) {
      this.next();
      left = { kind: 'range', from: left, to: this.additive() };
    }
    return left;
  }

  private additive(): Expr {
    let left = this.multiplicative();
    for (;;) {
      if (this.isOp('+') || this.isOp('-')) {
        const op = this.next().value as '+' | '-';
        left = { kind: 'binary', op, left, right: this.multiplicative() };
      } else {
        return left;
      }
    }
  }

  private multiplicative(): Expr {
    let left = this.unary();
    for (;;) {
      if (this.isOp('*') || this.isOp('/') || this.isOp('%')) {
        const op = this.next().value as '*' | '/' | '%';
        left = { kind: 'binary', op, left, right: this.unary() };
      } else {
        return left;
      }
    }
  }

  private unary(): Expr {
    // every level of nesting passes here (operands, brackets, parentheses, subqueries, calls)
    if (++this.depth > MAX_EXPRESSION_NESTING) throw tooMuchNesting();
    try {
      return this.unaryInner();
    } finally {
      this.depth--;
    }
  }

  private unaryInner(): Expr {
    if (this.isOp('-') || this.isOp('+')) {
      const op = this.next().value as '-' | '+';
      const operand = this.unary();
      // fold negative literals so `-1` is a value, as ArangoDB's AST does
      if (op === '-' && operand.kind === 'value' && typeof operand.value === 'number') return { kind: 'value', value: -operand.value };
      return { kind: 'unary', op, operand };
    }
    if (this.isKw('NOT') || this.isOp('!')) {
      this.next();
      return { kind: 'unary', op: 'NOT', operand: this.unary() };
    }
    return this.postfix(this.primary());
  }

  private postfix(base: Expr): Expr {
    let e = base;
    for (;;) {
      if (this.isOp('.')) {
        this.next();
        const t = this.next();
        // ArangoDB's grammar takes an identifier or a bind parameter here: a keyword (`d.for`)
        // or a quoted string (`d."x"`) is a syntax error; `d.\`for\`` is the way to write it
        if (t.type === 'ident') e = { kind: 'attr', object: e, name: t.value };
        else if (t.type === 'bind') {
          this.bindParams.add(t.value);
          e = { kind: 'index', object: e, index: { kind: 'bind', name: t.value, collection: false } };
        } else this.fail(t);
      } else if (this.isOp('[')) {
        if (this.isOp('*', 1)) {
          e = this.expansion(e);
          return e;
        }
        this.next();
        const index = this.nested(() => this.expression());
        this.expectOp(']');
        e = { kind: 'index', object: e, index };
      } else {
        return e;
      }
    }
  }

  /** `[*…]` / `[**…]` with optional inline FILTER / LIMIT / RETURN, then the projection chain. */
  private expansion(object: Expr): Expr {
    this.expectOp('[');
    let levels = 0;
    while (this.isOp('*')) { this.next(); levels++; }
    this.scopes.push({ vars: new Map(), kind: 'inline' });
    const variable = this.shadow('CURRENT');
    let filter: Expr | undefined;
    let limit: { offset: Expr; count: Expr } | undefined;
    let ret: Expr | undefined;
    if (this.isKw('FILTER')) { this.next(); filter = this.expression(); }
    if (this.isKw('LIMIT')) {
      this.next();
      const a = this.expression();
      if (this.isOp(',')) { this.next(); limit = { offset: a, count: this.expression() }; }
      else limit = { offset: { kind: 'value', value: 0 }, count: a };
    }
    if (this.isKw('RETURN')) { this.next(); ret = this.expression(); }
    this.expectOp(']');
    // the access chain after the expansion applies to each element
    let projection: Expr | undefined;
    if (this.isOp('.') || this.isOp('[')) {
      const base: Expr = { kind: 'ref', name: variable };
      const chained = this.postfix(base);
      if (chained !== base) projection = chained;
    }
    this.scopes.pop();
    return {
      kind: 'expand', object, levels, variable, ...opt('filter', filter), ...opt('limit', limit), ...opt('ret', ret),
      ...opt('projection', projection),
    };
  }

  private primary(): Expr {
    const t = this.peek();
    switch (t.type) {
      case 'int': case 'number':
        this.next();
        return { kind: 'value', value: t.num as number };
      case 'string':
        this.next();
        return { kind: 'value', value: t.value };
      case 'bind':
        this.next();
        this.bindParams.add(t.value);
        return { kind: 'bind', name: t.value, collection: false };
      case 'bindColl':
        this.next();
        this.bindParams.add(`@${t.value}`);
        return { kind: 'bind', name: t.value, collection: true };
      case 'keyword':
        if (t.value === 'NULL') { this.next(); return { kind: 'value', value: null }; }
        if (t.value === 'TRUE') { this.next(); return { kind: 'value', value: true }; }
        if (t.value === 'FALSE') { this.next(); return { kind: 'value', value: false }; }
        // LIKE(…) is a function although LIKE is an operator keyword
        if (t.value === 'LIKE' && this.isOp('(', 1)) { this.next(); return this.call('LIKE', t.pos); }
        return this.fail(t);
      case 'ident': {
        this.next();
        if (!t.quoted && (this.isOp('(') || this.isOp('::'))) {
          let name = t.value;
          while (this.isOp('::')) { this.next(); name += `::${this.ident()}`; }
          return this.call(name, t.pos);
        }
        const key = this.lookup(t.value);
        if (key !== undefined) return { kind: 'ref', name: key };
        this.collections.add(t.value);
        return { kind: 'collection', name: t.value };
      }
      case 'op':
        if (t.value === '(') return this.nested(() => {
          this.next();
          const nt = this.peek();
          if (nt.type === 'keyword' && STATEMENT_START.has(nt.value)) {
            this.scopes.push({ vars: new Map(), kind: 'subquery' });
            const body = this.statements(false);
            this.scopes.pop();
            this.expectOp(')');
            return { kind: 'subquery', body };
          }
          const e = this.expression();
          this.expectOp(')');
          return e;
        });
        if (t.value === '[') return this.nested(() => this.arrayLiteral());
        if (t.value === '{') return this.nested(() => this.objectLiteral());
        return this.fail(t);
      default:
        return this.fail(t);
    }
  }

  private call(name: string, pos: Pos): Expr {
    return this.nested(() => this.callInner(name, pos));
  }

  private callInner(name: string, pos: Pos): Expr {
    const upper = name.toUpperCase();
    if (!upper.includes('::') && this.opts.isFunction && !this.opts.isFunction(upper)) {
      throw AqlError.parsing(400, 'ERROR_QUERY_FUNCTION_NAME_UNKNOWN', `AQL: usage of unknown function '${upper}()'`);
    }
    this.expectOp('(');
    const args: Expr[] = [];
    if (!this.isOp(')')) {
      do {
        if (args.length > 0) this.next();
        args.push(this.argument());
      } while (this.isOp(','));
    }
    this.expectOp(')');
    return { kind: 'call', name: upper, args, pos };
  }

  /** A function argument: an expression, or a bare subquery (`MERGE(FOR x IN … RETURN …)`, grammar.y's expression_or_query). */
  private argument(): Expr {
    const t = this.peek();
    if (t.type === 'keyword' && STATEMENT_START.has(t.value)) {
      this.scopes.push({ vars: new Map(), kind: 'subquery' });
      const body = this.statements(false);
      this.scopes.pop();
      return { kind: 'subquery', body };
    }
    return this.expression();
  }

  private arrayLiteral(): Expr {
    this.expectOp('[');
    const elements: Expr[] = [];
    while (!this.isOp(']')) {
      if (elements.length > 0) {
        this.expectOp(',');
        if (this.isOp(']')) break; // trailing comma
      }
      elements.push(this.expression());
    }
    this.next();
    return foldConstant({ kind: 'array', elements });
  }

  private objectLiteral(): Expr {
    this.expectOp('{');
    const entries: { key: string | Expr; value: Expr }[] = [];
    while (!this.isOp('}')) {
      if (entries.length > 0) {
        this.expectOp(',');
        if (this.isOp('}')) break;
      }
      const t = this.peek();
      if (t.type === 'op' && t.value === '[') {
        this.next();
        const key = this.expression();
        this.expectOp(']');
        this.expectOp(':');
        entries.push({ key, value: this.expression() });
        continue;
      }
      if (t.type === 'bind') {
        this.next();
        this.bindParams.add(t.value);
        this.expectOp(':');
        entries.push({ key: { kind: 'bind', name: t.value, collection: false }, value: this.expression() });
        continue;
      }
      // an attribute name is an identifier or a quoted string (object_element_name); keywords
      // (`{ for: 1 }`) and numbers (`{ 1: 2 }`) are syntax errors unless quoted
      let key: string;
      if (t.type === 'ident' || t.type === 'string') key = t.value;
      else return this.fail(t);
      this.next();
      if (t.type === 'ident' && (this.isOp(',') || this.isOp('}'))) {
        // shorthand `{ name }` means `{ name: name }`, and only for a variable; bison reports
        // the error at the token after the name (the lookahead it decided on)
        const ref = this.lookup(t.value);
        if (ref === undefined) {
          throw AqlError.parse(`use of unknown variable '${t.value}' in object literal`, this.text, this.peek().pos, 'ERROR_QUERY_VARIABLE_NAME_UNKNOWN');
        }
        entries.push({ key, value: { kind: 'ref', name: ref } });
        continue;
      }
      this.expectOp(':');
      entries.push({ key, value: this.expression() });
    }
    this.next();
    return foldConstant({ kind: 'object', entries });
  }
}

/** Literal arrays/objects of constants become one value node (cheap to evaluate repeatedly). */
function foldConstant(e: Expr): Expr {
  if (e.kind === 'array' && e.elements.every((x) => x.kind === 'value')) {
    return { kind: 'value', value: e.elements.map((x) => (x as Extract<Expr, { kind: 'value' }>).value) };
  }
  if (e.kind === 'object' && e.entries.every((x) => typeof x.key === 'string' && x.value.kind === 'value')) {
    const o: Record<string, unknown> = {};
    for (const x of e.entries) o[x.key as string] = (x.value as { value: unknown }).value;
    return { kind: 'value', value: o as never };
  }
  return e;
}
