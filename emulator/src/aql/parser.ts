import type {
  CollectAggregate, Direction, Expr, GraphSource, Pos, Query, Statement,
} from './ast.js';
import { EXPR_KINDS } from './ast.js';
import { AqlError } from './errors.js';
import { ExpressionParser, MAX_EXPRESSION_NESTING, tooMuchNesting } from './parse-expressions.js';
import { opt, STATEMENT_START, type ParseOptions } from './parser-base.js';

export { displayName, type ParseOptions } from './parser-base.js';
export { MAX_EXPRESSION_NESTING } from './parse-expressions.js';

/**
 * Recursive-descent parser for AQL, following ArangoDB's grammar.y. It resolves names while
 * parsing, as ArangoDB does: a name declared by FOR/LET/COLLECT/… is a variable reference, any
 * other bare name is a collection. This module holds the query and its statements; the
 * expression grammar is in parse-expressions.ts, the token cursor and scopes in parser-base.ts.
 */

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

class Parser extends ExpressionParser {
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
  protected statements(top: boolean): Statement[] {
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
}

function splitDepth(e: Expr): [Expr, Expr] {
  if (e.kind === 'range') return [e.from, e.to];
  return [e, e];
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
