import type {
  BinaryOp, CollectAggregate, Direction, Expr, GraphSource, Pos, Quantifier, Query, Statement,
} from './ast.js';
import { EXPR_KINDS } from './ast.js';
import { AqlError } from './errors.js';
import { tokenDescription, tokenize, type Token } from './lexer.js';

/**
 * Recursive-descent parser for AQL, following the operator precedence of ArangoDB's grammar.y.
 * It resolves names while parsing, as ArangoDB does: a name declared by FOR/LET/COLLECT/… is a
 * variable reference, any other bare name is a collection. Each declaration gets a unique key
 * (`name`, or `name\u0000N` when a name is reused in a sibling scope) so later stages can give
 * every variable its own slot.
 */

export interface ParseOptions {
  /** Whether a built-in function of that (upper-case) name exists; unknown ones are 400/1540. */
  isFunction?: (name: string) => boolean;
}

const SEP = '\u0000';
export function displayName(key: string): string {
  const i = key.indexOf(SEP);
  return i < 0 ? key : key.slice(0, i);
}

const COMPARISON: Record<string, BinaryOp> = {
  '==': '==', '!=': '!=', '<': '<', '<=': '<=', '>': '>', '>=': '>=',
};

const STATEMENT_START = new Set(['FOR', 'LET', 'FILTER', 'RETURN', 'COLLECT', 'SORT', 'LIMIT', 'WINDOW', 'REMOVE', 'INSERT', 'UPDATE', 'REPLACE', 'UPSERT']);

interface Scope {
  vars: Map<string, string>;
  /** A subquery or main query scope (COLLECT ends the FOR scopes nested in it). */
  kind: 'main' | 'subquery' | 'for' | 'collect' | 'inline';
}

/**
 * ArangoDB's Ast::maxExpressionNesting (3.9+): an expression may nest 500 levels (`1 + 2 + 3` is
 * two); deeper, the query fails during setup with 400/1524 "too much nesting or too many
 * objects". The parser stops at the same depth of its own recursion (`NOT NOT …`, `[[[…`,
 * `((…))`), long before the JavaScript stack would overflow.
 */
export const MAX_EXPRESSION_NESTING = 500;

function tooMuchNesting(): AqlError {
  return AqlError.of(400, 'ERROR_QUERY_TOO_MUCH_NESTING');
}

export function parse(text: string, opts: ParseOptions = {}): Query {
  if (text.trim() === '') throw AqlError.of(400, 'ERROR_QUERY_EMPTY');
  let q: Query;
  try {
    q = new Parser(text, opts).parseQuery();
  } catch (e) {
    // the stack ran out after all (a deep construct the depth count does not see)
    if (e instanceof RangeError) throw tooMuchNesting();
    throw e;
  }
  checkNesting(q);
  return q;
}

const EXPR_KIND_SET: ReadonlySet<string> = new Set(EXPR_KINDS);

/**
 * The deepest chain of nested operators, calls and literals in the query (iteratively, so a
 * left-associative chain of 100 000 `+` is measured without recursion): past
 * MAX_EXPRESSION_NESTING, 1524.
 */
function checkNesting(q: Query): void {
  const stack: [unknown, number][] = [[q.body, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop() as [unknown, number];
    if (Array.isArray(node)) {
      for (const x of node) if (typeof x === 'object' && x !== null) stack.push([x, depth]);
      continue;
    }
    const o = node as Record<string, unknown>;
    const kind = o['kind'];
    if (kind === 'value') continue;
    let d = depth;
    if (typeof kind === 'string' && EXPR_KIND_SET.has(kind) && kind !== 'ref' && kind !== 'bind' && kind !== 'collection') {
      if (++d >= MAX_EXPRESSION_NESTING) throw tooMuchNesting();
    }
    for (const k in o) {
      if (k === 'pos') continue;
      const v = o[k];
      if (typeof v === 'object' && v !== null) stack.push([v, d]);
    }
  }
}

class Parser {
  private readonly toks: Token[];
  private p = 0;
  private scopes: Scope[] = [{ vars: new Map(), kind: 'main' }];
  private readonly used = new Map<string, number>();
  private readonly bindParams = new Set<string>();
  private readonly collections = new Set<string>();
  /** While parsing the operand of REMOVE/UPDATE/REPLACE/UPSERT, a top-level IN ends it. */
  private noIn = false;
  /** Nesting of unary() calls, bounded by MAX_EXPRESSION_NESTING. */
  private depth = 0;

  constructor(
    private readonly text: string,
    private readonly opts: ParseOptions,
  ) {
    this.toks = tokenize(text);
  }

  // ---- token helpers ----
  private peek(k = 0): Token {
    return this.toks[Math.min(this.p + k, this.toks.length - 1)] as Token;
  }
  private next(): Token {
    const t = this.peek();
    if (this.p < this.toks.length - 1) this.p++;
    return t;
  }
  private isKw(v: string, k = 0): boolean {
    const t = this.peek(k);
    return t.type === 'keyword' && t.value === v;
  }
  private isOp(v: string, k = 0): boolean {
    const t = this.peek(k);
    return t.type === 'op' && t.value === v;
  }
  /** Contextual keywords (KEEP, COUNT, OPTIONS, PRUNE, SEARCH, TO, …) are identifiers in the lexer. */
  private isWord(v: string, k = 0): boolean {
    const t = this.peek(k);
    return t.type === 'ident' && !t.quoted && t.value.toUpperCase() === v;
  }
  private fail(t: Token = this.peek()): never {
    throw AqlError.parse(`syntax error, unexpected ${tokenDescription(t)}`, this.text, t.pos);
  }
  private expectOp(v: string): Token {
    if (!this.isOp(v)) this.fail();
    return this.next();
  }
  private expectKw(v: string): Token {
    if (!this.isKw(v)) this.fail();
    return this.next();
  }
  private expectWord(v: string): Token {
    if (!this.isWord(v)) this.fail();
    return this.next();
  }
  private ident(): string {
    const t = this.peek();
    if (t.type !== 'ident') this.fail();
    this.next();
    return t.value;
  }

  // ---- scopes ----
  private lookup(name: string): string | undefined {
    for (let i = this.scopes.length - 1; i >= 0; i--) {
      const v = (this.scopes[i] as Scope).vars.get(name);
      if (v !== undefined) return v;
    }
    return undefined;
  }
  /** LETs that a destructuring LET or FOR produced, placed right after it. */
  private pending: Statement[] = [];

  /**
   * A destructuring pattern: `[a, b, c]` binds array elements by position, `{a, b: alias}`
   * object attributes by name (a missing one is null, as any missing element or attribute).
   */
  private destructuringPattern(): { array: boolean; names: { source: string | number; name: string; pos: Pos }[] } {
    const array = this.isOp('[');
    this.next();
    const close = array ? ']' : '}';
    const names: { source: string | number; name: string; pos: Pos }[] = [];
    let index = 0;
    while (!this.isOp(close)) {
      if (array && this.isOp(',')) {
        // `[a, , c]` skips an element
        this.next();
        index++;
        continue;
      }
      const pos = this.peek().pos;
      const first = this.ident();
      let name = first;
      if (!array && this.isOp(':')) {
        this.next();
        name = this.ident();
      }
      names.push({ source: array ? index : first, name, pos });
      index++;
      if (this.isOp(',')) this.next();
      else if (!this.isOp(close)) this.fail();
    }
    this.next();
    if (names.length === 0) this.fail();
    return { array, names };
  }

  /** Declares a hidden variable for the whole value and queues one LET per name bound from it. */
  private bindPattern(pattern: { array: boolean; names: { source: string | number; name: string; pos: Pos }[] }): string {
    const whole = this.shadow('#destructured');
    for (const { source, name, pos } of pattern.names) {
      const object: Expr = { kind: 'ref', name: whole };
      const expr: Expr = typeof source === 'number'
        ? { kind: 'index', object, index: { kind: 'value', value: source } }
        : { kind: 'attr', object, name: source };
      this.pending.push({ kind: 'let', variable: this.declare(name, pos), expr });
    }
    return whole;
  }

  private declare(name: string, pos: Pos): string {
    if (this.lookup(name) !== undefined) {
      throw AqlError.parse(`variable '${name}' is assigned multiple times`, this.text, pos, 'ERROR_QUERY_VARIABLE_REDECLARED');
    }
    const n = this.used.get(name) ?? 0;
    this.used.set(name, n + 1);
    const key = n === 0 ? name : `${name}${SEP}${n}`;
    (this.scopes[this.scopes.length - 1] as Scope).vars.set(name, key);
    return key;
  }
  private visibleKeys(): string[] {
    const out: string[] = [];
    for (const s of this.scopes) {
      if (s.kind === 'inline') continue;
      for (const k of s.vars.values()) out.push(k);
    }
    return out;
  }
  /** The variables a plain `COLLECT … INTO g` captures: those of the current query level. */
  private levelKeys(): string[] {
    const out: string[] = [];
    for (let i = this.scopes.length - 1; i >= 0; i--) {
      const s = this.scopes[i] as Scope;
      if (s.kind === 'inline') continue;
      // the hidden value of a destructuring is no variable of the user's
      for (const [name, k] of s.vars) if (!name.startsWith('#')) out.unshift(k);
      if (s.kind === 'main' || s.kind === 'subquery') break;
    }
    return out;
  }
  /** COLLECT ends the FOR scopes of the current query level (ArangoDB's startCollectScope). */
  private startCollectScope(): void {
    while (this.scopes.length > 0) {
      const top = this.scopes[this.scopes.length - 1] as Scope;
      if (top.kind === 'main' || top.kind === 'subquery') break;
      this.scopes.pop();
    }
    this.scopes.push({ vars: new Map(), kind: 'collect' });
  }

  // ---- query ----
  parseQuery(): Query {
    const body: Statement[] = [];
    if (this.isKw('WITH')) {
      this.next();
      const collections: Expr[] = [this.collectionName()];
      while (this.isOp(',')) {
        this.next();
        collections.push(this.collectionName());
      }
      body.push({ kind: 'with', collections });
    }
    body.push(...this.statements(true));
    if (this.peek().type !== 'eof') this.fail();
    return { body, bindParams: [...this.bindParams], collections: [...this.collections] };
  }

  /** Statements up to the end of a (sub)query; the last one must be RETURN or a write. */
  private statements(top: boolean): Statement[] {
    const out: Statement[] = [];
    for (;;) {
      const t = this.peek();
      if (t.type !== 'keyword' || !STATEMENT_START.has(t.value)) break;
      const s = this.statement();
      out.push(s);
      // a destructuring LET or FOR leaves the LETs that bind its names
      if (this.pending.length > 0) out.push(...this.pending.splice(0));
      if (s.kind === 'return') break;
    }
    const last = out[out.length - 1];
    const terminal = last !== undefined && ['return', 'insert', 'update', 'replace', 'remove', 'upsert'].includes(last.kind);
    if (!terminal) this.fail();
    if (!top && this.isKw('RETURN')) this.fail();
    return out;
  }

  private statement(): Statement {
    const t = this.next();
    switch (t.value) {
      case 'FOR': return this.forStatement(t.pos);
      case 'LET': {
        if (this.isOp('[') || this.isOp('{')) {
          const pattern = this.destructuringPattern();
          this.expectOp('=');
          const expr = this.expression();
          return { kind: 'let', variable: this.bindPattern(pattern), expr };
        }
        const namePos = this.peek().pos;
        const name = this.ident();
        this.expectOp('=');
        const expr = this.expression();
        return { kind: 'let', variable: this.declare(name, namePos), expr };
      }
      case 'FILTER': return { kind: 'filter', cond: this.expression() };
      case 'RETURN': {
        const distinct = this.isKw('DISTINCT');
        if (distinct) this.next();
        return { kind: 'return', expr: this.expression(), distinct };
      }
      case 'SORT': {
        const items: { expr: Expr; asc: boolean }[] = [];
        do {
          if (items.length > 0) this.next();
          const expr = this.expression();
          let asc = true;
          if (this.isKw('ASC')) this.next();
          else if (this.isKw('DESC')) { this.next(); asc = false; }
          items.push({ expr, asc });
        } while (this.isOp(','));
        return { kind: 'sort', items };
      }
      case 'LIMIT': {
        const a = this.expression();
        if (this.isOp(',')) {
          this.next();
          return { kind: 'limit', offset: a, count: this.expression() };
        }
        return { kind: 'limit', offset: { kind: 'value', value: 0 }, count: a };
      }
      case 'COLLECT': return this.collect(t.pos);
      case 'WINDOW': return this.window(t.pos);
      case 'INSERT': {
        const doc = this.operand();
        if (!this.isKw('INTO') && !this.isKw('IN')) this.fail();
        this.next();
        const collection = this.collectionName();
        const options = this.optionsClause();
        const vars = this.declareWriteVars(['NEW']);
        return { kind: 'insert', doc, collection, ...opt('options', options), ...vars, pos: t.pos };
      }
      case 'UPDATE': case 'REPLACE': {
        const key = this.operand();
        let doc: Expr | undefined;
        if (this.isKw('WITH')) { this.next(); doc = this.operand(); }
        if (!this.isKw('INTO') && !this.isKw('IN')) this.fail();
        this.next();
        const collection = this.collectionName();
        const options = this.optionsClause();
        const vars = this.declareWriteVars(['OLD', 'NEW']);
        return {
          kind: t.value === 'UPDATE' ? 'update' : 'replace', key, ...opt('doc', doc), collection,
          ...opt('options', options), ...vars, pos: t.pos,
        };
      }
      case 'REMOVE': {
        const key = this.operand();
        if (!this.isKw('INTO') && !this.isKw('IN')) this.fail();
        this.next();
        const collection = this.collectionName();
        const options = this.optionsClause();
        const vars = this.declareWriteVars(['OLD']);
        return { kind: 'remove', key, collection, ...opt('options', options), ...vars, pos: t.pos };
      }
      case 'UPSERT': {
        const search = this.expression();
        this.expectKw('INSERT');
        const insert = this.expression();
        if (!this.isKw('UPDATE') && !this.isKw('REPLACE')) this.fail();
        const replace = this.next().value === 'REPLACE';
        // OLD (the found document) is visible inside the UPDATE/REPLACE expression
        this.scopes.push({ vars: new Map(), kind: 'inline' });
        const searchOld = this.shadow('OLD');
        const update = this.operand();
        this.scopes.pop();
        if (!this.isKw('INTO') && !this.isKw('IN')) this.fail();
        this.next();
        const collection = this.collectionName();
        const options = this.optionsClause();
        const vars = this.declareWriteVars(['OLD', 'NEW']);
        return { kind: 'upsert', search, insert, update, replace, searchOld, collection, ...opt('options', options), ...vars, pos: t.pos };
      }
      default:
        return this.fail(t);
    }
  }

  /** OLD/NEW become visible after a write; a later write's OLD/NEW shadow an earlier one's. */
  private declareWriteVars(names: ('OLD' | 'NEW')[]): { newVar?: string; oldVar?: string } {
    const out: { newVar?: string; oldVar?: string } = {};
    for (const n of names) {
      if (n === 'NEW') out.newVar = this.shadow(n);
      else out.oldVar = this.shadow(n);
    }
    return out;
  }

  /** Declares a pseudo-variable (OLD/NEW/CURRENT) that may shadow an earlier one of that name. */
  private shadow(name: string): string {
    const n = this.used.get(name) ?? 0;
    this.used.set(name, n + 1);
    const key = n === 0 ? name : `${name}${SEP}${n}`;
    (this.scopes[this.scopes.length - 1] as Scope).vars.set(name, key);
    return key;
  }

  private optionsClause(): Expr | undefined {
    if (!this.isWord('OPTIONS')) return undefined;
    const t = this.next();
    const e = this.expression();
    const isObjectValue = e.kind === 'value' && typeof e.value === 'object' && e.value !== null && !Array.isArray(e.value);
    if (e.kind !== 'object' && e.kind !== 'bind' && !isObjectValue) {
      throw AqlError.parse("'OPTIONS' have to be an object", this.text, t.pos);
    }
    return e;
  }

  /** A collection name in a write or WITH: identifier, quoted string or bind parameter. */
  private collectionName(): Expr {
    const t = this.peek();
    if (t.type === 'ident' || t.type === 'string') {
      this.next();
      this.collections.add(t.value);
      return { kind: 'value', value: t.value };
    }
    if (t.type === 'bind' || t.type === 'bindColl') {
      this.next();
      const coll = t.type === 'bindColl';
      this.bindParams.add(coll ? `@${t.value}` : t.value);
      // a value parameter here names the collection by its string value
      return { kind: 'bind', name: t.value, collection: coll };
    }
    // keywords are legal collection names in this position only when quoted
    return this.fail(t);
  }

  private forStatement(pos: Pos): Statement {
    if (this.isOp('[') || this.isOp('{')) {
      const pattern = this.destructuringPattern();
      this.expectKw('IN');
      const source = this.expression();
      this.scopes.push({ vars: new Map(), kind: 'for' });
      const options = this.optionsClause();
      return { kind: 'for', variable: this.bindPattern(pattern), source, ...opt('options', options), pos };
    }
    const names: { name: string; pos: Pos }[] = [];
    do {
      if (names.length > 0) this.next();
      const np = this.peek().pos;
      names.push({ name: this.ident(), pos: np });
    } while (this.isOp(','));
    this.expectKw('IN');

    const isDir = (k = 0): boolean => this.isKw('OUTBOUND', k) || this.isKw('INBOUND', k) || this.isKw('ANY', k);
    let depth: Expr | undefined;
    if (!isDir()) {
      const save = this.p;
      const e = this.expression();
      if (isDir()) depth = e;
      else {
        // plain FOR … IN expression
        if (names.length > 1) this.fail(this.toks[save]);
        this.scopes.push({ vars: new Map(), kind: 'for' });
        let search: Expr | undefined;
        if (this.isWord('SEARCH')) {
          this.next();
          // the loop variable is visible inside SEARCH
          const key = this.declare((names[0] as { name: string }).name, (names[0] as { pos: Pos }).pos);
          search = this.expression();
          const options = this.optionsClause();
          return { kind: 'for', variable: key, source: e, search, ...opt('options', options), pos };
        }
        const options = this.optionsClause();
        const key = this.declare((names[0] as { name: string }).name, (names[0] as { pos: Pos }).pos);
        return { kind: 'for', variable: key, source: e, ...opt('options', options), pos };
      }
    }
    const direction = this.next().value as Direction;

    // path searches: DIR SHORTEST_PATH|K_SHORTEST_PATHS|K_PATHS|ALL_SHORTEST_PATHS start TO target
    const tk = this.peek();
    if (tk.type === 'keyword' && ['SHORTEST_PATH', 'K_SHORTEST_PATHS', 'K_PATHS', 'ALL_SHORTEST_PATHS'].includes(tk.value)) {
      this.next();
      const type = tk.value as 'SHORTEST_PATH' | 'K_SHORTEST_PATHS' | 'K_PATHS' | 'ALL_SHORTEST_PATHS';
      const max = type === 'SHORTEST_PATH' ? 2 : 1;
      if (names.length > max) this.fail(tk);
      const start = this.expression();
      const toTok = this.peek();
      if (!this.isWord('TO')) throw AqlError.parse(`unexpected qualifier '${toTok.value}', expecting 'TO'`, this.text, toTok.pos);
      this.next();
      const target = this.expression();
      const graph = this.graphSource();
      const options = this.optionsClause();
      this.scopes.push({ vars: new Map(), kind: 'for' });
      const vertexVar = this.declare((names[0] as { name: string }).name, (names[0] as { pos: Pos }).pos);
      const edgeVar = names[1] ? this.declare(names[1].name, names[1].pos) : undefined;
      let min: Expr | undefined;
      let maxE: Expr | undefined;
      if (depth) {
        if (type !== 'K_PATHS' && type !== 'K_SHORTEST_PATHS') this.fail(tk);
        [min, maxE] = splitDepth(depth);
      }
      return {
        kind: 'shortestPath', type, vertexVar, ...opt('edgeVar', edgeVar), ...opt('min', min), ...opt('max', maxE),
        direction, start, target, graph, ...opt('options', options), pos,
      };
    }

    if (names.length > 3) this.fail();
    const start = this.expression();
    const graph = this.graphSource();
    this.scopes.push({ vars: new Map(), kind: 'for' });
    const vertexVar = this.declare((names[0] as { name: string }).name, (names[0] as { pos: Pos }).pos);
    const edgeVar = names[1] ? this.declare(names[1].name, names[1].pos) : undefined;
    const pathVar = names[2] ? this.declare(names[2].name, names[2].pos) : undefined;
    let prune: { variable?: string; cond: Expr } | undefined;
    if (this.isWord('PRUNE')) {
      this.next();
      if (this.peek().type === 'ident' && this.isOp('=', 1)) {
        const np = this.peek().pos;
        const name = this.ident();
        this.next();
        const cond = this.expression();
        prune = { variable: this.declare(name, np), cond };
      } else {
        prune = { cond: this.expression() };
      }
    }
    const options = this.optionsClause();
    const [min, max] = depth ? splitDepth(depth) : [{ kind: 'value', value: 1 } as Expr, { kind: 'value', value: 1 } as Expr];
    return {
      kind: 'traversal', vertexVar, ...opt('edgeVar', edgeVar), ...opt('pathVar', pathVar), min, max, direction, start,
      graph, ...opt('prune', prune), ...opt('options', options), pos,
    };
  }

  private graphSource(): GraphSource {
    if (this.isKw('GRAPH')) {
      this.next();
      const t = this.peek();
      if (t.type === 'string' || t.type === 'ident') { this.next(); return { kind: 'graph', name: { kind: 'value', value: t.value } }; }
      if (t.type === 'bind') { this.next(); this.bindParams.add(t.value); return { kind: 'graph', name: { kind: 'bind', name: t.value, collection: false } }; }
      return this.fail(t);
    }
    const collections: { name: Expr; direction?: Direction }[] = [];
    do {
      if (collections.length > 0) this.next();
      let direction: Direction | undefined;
      if (this.isKw('OUTBOUND') || this.isKw('INBOUND') || this.isKw('ANY')) direction = this.next().value as Direction;
      collections.push({ name: this.collectionName(), ...opt('direction', direction) });
    } while (this.isOp(','));
    return { kind: 'edges', collections };
  }

  private collect(pos: Pos): Statement {
    const visible = this.levelKeys();
    const groups: { name: string; pos: Pos; expr: Expr }[] = [];
    const aggregates: { name: string; pos: Pos; fn: string; args: Expr[] }[] = [];
    let into: { name: string; pos: Pos; expr?: Expr } | undefined;
    let keep: string[] | undefined;
    let countInto: { name: string; pos: Pos } | undefined;

    const assignment = (): { name: string; pos: Pos; expr: Expr } => {
      const np = this.peek().pos;
      const name = this.ident();
      this.expectOp('=');
      return { name, pos: np, expr: this.expression() };
    };
    if (this.peek().type === 'ident' && this.isOp('=', 1)) {
      groups.push(assignment());
      while (this.isOp(',')) { this.next(); groups.push(assignment()); }
    }
    if (this.isKw('AGGREGATE')) {
      this.next();
      do {
        if (aggregates.length > 0) this.next();
        const a = assignment();
        if (a.expr.kind !== 'call') {
          throw AqlError.parse('aggregate expression must be a function call', this.text, a.pos, 'ERROR_QUERY_INVALID_AGGREGATE_EXPRESSION');
        }
        const fn = canonicalAggregate(a.expr.name);
        if (!fn) throw AqlError.parse('unknown aggregate function used', this.text, a.pos, 'ERROR_QUERY_INVALID_AGGREGATE_EXPRESSION');
        aggregates.push({ name: a.name, pos: a.pos, fn, args: a.expr.args });
      } while (this.isOp(','));
    }
    if (this.isKw('INTO')) {
      this.next();
      const np = this.peek().pos;
      const name = this.ident();
      into = { name, pos: np };
      if (this.isOp('=')) { this.next(); into.expr = this.expression(); }
      else if (this.isWord('KEEP')) {
        this.next();
        keep = [];
        do {
          if (keep.length > 0) this.next();
          const kp = this.peek().pos;
          const kn = this.ident();
          const key = this.lookup(kn);
          if (key === undefined) throw AqlError.parse(`unknown variable '${kn}'`, this.text, kp, 'ERROR_QUERY_VARIABLE_NAME_UNKNOWN');
          keep.push(key);
        } while (this.isOp(','));
      }
    }
    if (this.isKw('WITH')) {
      this.next();
      this.expectWord('COUNT');
      this.expectKw('INTO');
      const np = this.peek().pos;
      countInto = { name: this.ident(), pos: np };
    }
    if (groups.length === 0 && aggregates.length === 0 && !into && !countInto) this.fail();
    const options = this.optionsClause();
    this.startCollectScope();
    const decl = (n: { name: string; pos: Pos }): string => this.declare(n.name, n.pos);
    return {
      kind: 'collect',
      groups: groups.map((g) => ({ variable: decl(g), expr: g.expr })),
      aggregates: aggregates.map((a) => ({ name: decl(a), fn: a.fn, args: a.args })),
      ...opt('into', into ? { variable: decl(into), ...opt('expr', into.expr) } : undefined),
      ...opt('keep', keep),
      ...opt('countInto', countInto ? decl(countInto) : undefined),
      visible,
      ...opt('options', options),
      pos,
    };
  }

  private window(pos: Pos): Statement {
    let range: Expr | undefined;
    let spec: Expr;
    const first = this.expression();
    if (this.isKw('WITH')) {
      this.next();
      range = first;
      spec = this.expression();
    } else {
      spec = first;
    }
    if (spec.kind !== 'object' && spec.kind !== 'value') this.fail();
    this.expectKw('AGGREGATE');
    const aggregates: CollectAggregate[] = [];
    const pending: { name: string; pos: Pos; fn: string; args: Expr[] }[] = [];
    do {
      if (pending.length > 0) this.next();
      const np = this.peek().pos;
      const name = this.ident();
      this.expectOp('=');
      const e = this.expression();
      if (e.kind !== 'call') throw AqlError.parse('aggregate expression must be a function call', this.text, np, 'ERROR_QUERY_INVALID_AGGREGATE_EXPRESSION');
      const fn = canonicalAggregate(e.name);
      if (!fn) throw AqlError.parse('unknown aggregate function used', this.text, np, 'ERROR_QUERY_INVALID_AGGREGATE_EXPRESSION');
      pending.push({ name, pos: np, fn, args: e.args });
    } while (this.isOp(','));
    for (const a of pending) aggregates.push({ name: this.declare(a.name, a.pos), fn: a.fn, args: a.args });
    return { kind: 'window', ...opt('range', range), spec, aggregates, pos };
  }

  // ---- expressions ----
  expression(): Expr {
    return this.ternary();
  }

  /** An expression where a top-level `IN` belongs to the statement (`REMOVE k IN coll`). */
  private operand(): Expr {
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

function opt<K extends string, V>(key: K, v: V | undefined): { [P in K]?: V } {
  return (v === undefined ? {} : { [key]: v }) as { [P in K]?: V };
}

function splitDepth(e: Expr): [Expr, Expr] {
  if (e.kind === 'range') return [e.from, e.to];
  return [e, e];
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

const AGGREGATES: Record<string, string> = {
  LENGTH: 'LENGTH', COUNT: 'LENGTH', MIN: 'MIN', MAX: 'MAX', SUM: 'SUM', AVERAGE: 'AVERAGE', AVG: 'AVERAGE',
  VARIANCE_POPULATION: 'VARIANCE_POPULATION', VARIANCE: 'VARIANCE_POPULATION',
  VARIANCE_SAMPLE: 'VARIANCE_SAMPLE', STDDEV_POPULATION: 'STDDEV_POPULATION', STDDEV: 'STDDEV_POPULATION',
  STDDEV_SAMPLE: 'STDDEV_SAMPLE', UNIQUE: 'UNIQUE', SORTED_UNIQUE: 'SORTED_UNIQUE',
  COUNT_DISTINCT: 'COUNT_DISTINCT', COUNT_UNIQUE: 'COUNT_DISTINCT', PUSH: 'PUSH',
  BIT_AND: 'BIT_AND', BIT_OR: 'BIT_OR', BIT_XOR: 'BIT_XOR', MERGE: 'MERGE',
};
function canonicalAggregate(name: string): string | undefined {
  return AGGREGATES[name.toUpperCase()];
}
