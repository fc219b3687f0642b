/**
 * The AQL syntax tree the parser produces and the compiler consumes. Every node kind listed in
 * `EXPR_KINDS` / `STATEMENT_KINDS` must be handled by the compiler (a test walks these lists), so a
 * construct the parser accepts can never be silently ignored.
 */

export type Value = null | boolean | number | string | Value[] | { [key: string]: Value };

/** Position of a node in the query text (1-based line, 1-based column), for error messages. */
export interface Pos {
  line: number;
  column: number;
  offset: number;
}

export type BinaryOp =
  | '+' | '-' | '*' | '/' | '%'
  | '==' | '!=' | '<' | '<=' | '>' | '>='
  | 'IN' | 'NOT IN' | 'LIKE' | 'NOT LIKE' | '=~' | '!~'
  | 'AND' | 'OR';

export type Quantifier = { kind: 'ANY' | 'ALL' | 'NONE' } | { kind: 'AT LEAST'; count: Expr };

export type Expr =
  | { kind: 'value'; value: Value }
  | { kind: 'array'; elements: Expr[] }
  | { kind: 'object'; entries: { key: string | Expr; value: Expr }[] }
  /** A declared variable. */
  | { kind: 'ref'; name: string }
  /** A bare name that is no variable: a collection (or view) read as an array of documents. */
  | { kind: 'collection'; name: string }
  /** `@name` (value) or `@@name` (data source, `collection: true`). */
  | { kind: 'bind'; name: string; collection: boolean }
  | { kind: 'attr'; object: Expr; name: string }
  | { kind: 'index'; object: Expr; index: Expr }
  /**
   * `object[*]` (levels 1) / `[**]` (levels 2): maps each element bound to `variable` through an
   * optional inline FILTER, LIMIT and RETURN, then `projection` (the access chain after the `]`).
   */
  | {
      kind: 'expand';
      object: Expr;
      levels: number;
      variable: string;
      filter?: Expr;
      limit?: { offset: Expr; count: Expr };
      ret?: Expr;
      projection?: Expr;
    }
  | { kind: 'unary'; op: '-' | '+' | 'NOT'; operand: Expr }
  | { kind: 'binary'; op: BinaryOp; left: Expr; right: Expr }
  /** `left quantifier op right`, e.g. `[1,2] ANY == 2`, `x ALL IN y`. */
  | { kind: 'arrayCmp'; quantifier: Quantifier; op: BinaryOp; left: Expr; right: Expr }
  /** `cond ? then : otherwise`; `then` undefined for the `cond ?: otherwise` shortcut. */
  | { kind: 'ternary'; cond: Expr; then?: Expr; otherwise: Expr }
  | { kind: 'range'; from: Expr; to: Expr }
  | { kind: 'call'; name: string; args: Expr[]; pos: Pos }
  | { kind: 'subquery'; body: Statement[] };

export type ExprKind = Expr['kind'];
export const EXPR_KINDS: readonly ExprKind[] = [
  'value', 'array', 'object', 'ref', 'collection', 'bind', 'attr', 'index', 'expand', 'unary',
  'binary', 'arrayCmp', 'ternary', 'range', 'call', 'subquery',
];

export type Direction = 'OUTBOUND' | 'INBOUND' | 'ANY';

/** Where a graph statement finds its edges: a named graph or a list of edge collections. */
export type GraphSource =
  | { kind: 'graph'; name: Expr }
  | { kind: 'edges'; collections: { name: Expr; direction?: Direction }[] };

export interface CollectAggregate {
  name: string;
  fn: string;
  args: Expr[];
}

/** What every write statement has: target, OPTIONS, and the keys of its NEW/OLD variables. */
export interface WriteCommon {
  collection: Expr;
  options?: Expr;
  newVar?: string;
  oldVar?: string;
  pos: Pos;
}

export type Statement =
  | { kind: 'for'; variable: string; source: Expr; search?: Expr; options?: Expr; pos: Pos }
  | {
      kind: 'traversal';
      vertexVar: string;
      edgeVar?: string;
      pathVar?: string;
      min: Expr;
      max: Expr;
      direction: Direction;
      start: Expr;
      graph: GraphSource;
      prune?: { variable?: string; cond: Expr };
      options?: Expr;
      pos: Pos;
    }
  | {
      kind: 'shortestPath';
      type: 'SHORTEST_PATH' | 'K_SHORTEST_PATHS' | 'K_PATHS' | 'ALL_SHORTEST_PATHS';
      vertexVar: string;
      edgeVar?: string;
      min?: Expr;
      max?: Expr;
      direction: Direction;
      start: Expr;
      target: Expr;
      graph: GraphSource;
      options?: Expr;
      pos: Pos;
    }
  | { kind: 'filter'; cond: Expr }
  | { kind: 'let'; variable: string; expr: Expr }
  | { kind: 'sort'; items: { expr: Expr; asc: boolean }[] }
  | { kind: 'limit'; offset: Expr; count: Expr }
  | {
      kind: 'collect';
      groups: { variable: string; expr: Expr }[];
      aggregates: CollectAggregate[];
      into?: { variable: string; expr?: Expr };
      keep?: string[];
      countInto?: string;
      /** Variables visible before the COLLECT (what a plain `INTO g` captures). */
      visible: string[];
      options?: Expr;
      pos: Pos;
    }
  | {
      kind: 'window';
      range?: Expr;
      spec: Expr;
      aggregates: CollectAggregate[];
      pos: Pos;
    }
  | { kind: 'return'; expr: Expr; distinct: boolean }
  | ({ kind: 'insert'; doc: Expr } & WriteCommon)
  | ({ kind: 'update' | 'replace'; key: Expr; doc?: Expr } & WriteCommon)
  | ({ kind: 'remove'; key: Expr } & WriteCommon)
  | ({
      kind: 'upsert';
      search: Expr;
      insert: Expr;
      update: Expr;
      replace: boolean;
      /** The variable holding the found document inside the UPDATE/REPLACE expression. */
      searchOld: string;
    } & WriteCommon)
  | { kind: 'with'; collections: Expr[] };

export type StatementKind = Statement['kind'];
export const STATEMENT_KINDS: readonly StatementKind[] = [
  'for', 'traversal', 'shortestPath', 'filter', 'let', 'sort', 'limit', 'collect', 'window',
  'return', 'insert', 'update', 'replace', 'remove', 'upsert', 'with',
];

/** A parsed query: its statements plus what the HTTP APIs report about it. */
export interface Query {
  body: Statement[];
  /** Names of `@x` / `@@x` bind parameters (`@@x` reported as `@x`, as ArangoDB does). */
  bindParams: string[];
  /** Collections named literally in the query text. */
  collections: string[];
}
