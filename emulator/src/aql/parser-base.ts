import type { Pos } from './ast.js';
import { AqlError } from './errors.js';
import { tokenDescription, tokenize, type Token } from './lexer.js';

/**
 * What every part of the AQL parser stands on: the token cursor and the scopes that resolve
 * names while parsing. Each declaration gets a unique key (`name`, or `name\u0000N` when a name
 * is reused in a sibling scope) so later stages can give every variable its own slot.
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

export const STATEMENT_START: ReadonlySet<string> = new Set(['FOR', 'LET', 'FILTER', 'RETURN', 'COLLECT', 'SORT', 'LIMIT', 'WINDOW', 'REMOVE', 'INSERT', 'UPDATE', 'REPLACE', 'UPSERT']);

interface Scope {
  vars: Map<string, string>;
  /** A subquery or main query scope (COLLECT ends the FOR scopes nested in it). */
  kind: 'main' | 'subquery' | 'for' | 'collect' | 'inline';
}

export abstract class ParserBase {
  protected readonly toks: Token[];
  protected p = 0;
  protected scopes: Scope[] = [{ vars: new Map(), kind: 'main' }];
  protected readonly used = new Map<string, number>();
  protected readonly bindParams = new Set<string>();
  protected readonly collections = new Set<string>();

  constructor(
    protected readonly text: string,
    protected readonly opts: ParseOptions,
  ) {
    this.toks = tokenize(text);
  }

  // ---- token helpers ----
  protected peek(k = 0): Token {
    return this.toks[Math.min(this.p + k, this.toks.length - 1)] as Token;
  }
  protected next(): Token {
    const t = this.peek();
    if (this.p < this.toks.length - 1) this.p++;
    return t;
  }
  protected isKw(v: string, k = 0): boolean {
    const t = this.peek(k);
    return t.type === 'keyword' && t.value === v;
  }
  protected isOp(v: string, k = 0): boolean {
    const t = this.peek(k);
    return t.type === 'op' && t.value === v;
  }
  /** Contextual keywords (KEEP, COUNT, OPTIONS, PRUNE, SEARCH, TO, …) are identifiers in the lexer. */
  protected isWord(v: string, k = 0): boolean {
    const t = this.peek(k);
    return t.type === 'ident' && !t.quoted && t.value.toUpperCase() === v;
  }
  protected fail(t: Token = this.peek()): never {
    throw AqlError.parse(`syntax error, unexpected ${tokenDescription(t)}`, this.text, t.pos);
  }
  protected expectOp(v: string): Token {
    if (!this.isOp(v)) this.fail();
    return this.next();
  }
  protected expectKw(v: string): Token {
    if (!this.isKw(v)) this.fail();
    return this.next();
  }
  protected expectWord(v: string): Token {
    if (!this.isWord(v)) this.fail();
    return this.next();
  }
  protected ident(): string {
    const t = this.peek();
    if (t.type !== 'ident') this.fail();
    this.next();
    return t.value;
  }

  // ---- scopes ----
  protected lookup(name: string): string | undefined {
    for (let i = this.scopes.length - 1; i >= 0; i--) {
      const v = (this.scopes[i] as Scope).vars.get(name);
      if (v !== undefined) return v;
    }
    return undefined;
  }

  protected declare(name: string, pos: Pos): string {
    if (this.lookup(name) !== undefined) {
      throw AqlError.parse(`variable '${name}' is assigned multiple times`, this.text, pos, 'ERROR_QUERY_VARIABLE_REDECLARED');
    }
    const n = this.used.get(name) ?? 0;
    this.used.set(name, n + 1);
    const key = n === 0 ? name : `${name}${SEP}${n}`;
    (this.scopes[this.scopes.length - 1] as Scope).vars.set(name, key);
    return key;
  }

  /** Declares a pseudo-variable (OLD/NEW/CURRENT) that may shadow an earlier one of that name. */
  protected shadow(name: string): string {
    const n = this.used.get(name) ?? 0;
    this.used.set(name, n + 1);
    const key = n === 0 ? name : `${name}${SEP}${n}`;
    (this.scopes[this.scopes.length - 1] as Scope).vars.set(name, key);
    return key;
  }

  /** The variables a plain `COLLECT … INTO g` captures: those of the current query level. */
  protected levelKeys(): string[] {
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
  protected startCollectScope(): void {
    while (this.scopes.length > 0) {
      const top = this.scopes[this.scopes.length - 1] as Scope;
      if (top.kind === 'main' || top.kind === 'subquery') break;
      this.scopes.pop();
    }
    this.scopes.push({ vars: new Map(), kind: 'collect' });
  }
}

export function opt<K extends string, V>(key: K, v: V | undefined): { [P in K]?: V } {
  return (v === undefined ? {} : { [key]: v }) as { [P in K]?: V };
}
