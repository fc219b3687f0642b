import type { Pos } from './ast.js';
import { AqlError } from './errors.js';

export type TokenType =
  | 'keyword' // reserved word, `value` upper-cased
  | 'ident' // identifier or `quoted`/´quoted´ name
  | 'string' // 'quoted' or "quoted" string literal
  | 'int'
  | 'number'
  | 'bind' // @name
  | 'bindColl' // @@name
  | 'op'
  | 'eof';

export interface Token {
  type: TokenType;
  value: string;
  /** Numeric value of int/number tokens. */
  num?: number;
  /** True for identifiers written with backticks / forward ticks (never keywords). */
  quoted?: boolean;
  pos: Pos;
}

/** ArangoDB's reserved keywords (its lexer's T_* tokens); other words are identifiers. */
export const KEYWORDS = new Set([
  'FOR', 'LET', 'FILTER', 'RETURN', 'COLLECT', 'SORT', 'LIMIT', 'WINDOW', 'ASC', 'DESC', 'IN',
  'WITH', 'INTO', 'AGGREGATE', 'GRAPH', 'SHORTEST_PATH', 'K_SHORTEST_PATHS', 'K_PATHS',
  'ALL_SHORTEST_PATHS', 'DISTINCT', 'REMOVE', 'INSERT', 'UPDATE', 'REPLACE', 'UPSERT', 'NULL',
  'TRUE', 'FALSE', 'NOT', 'AND', 'OR', 'LIKE', 'OUTBOUND', 'INBOUND', 'ANY', 'ALL', 'NONE',
]);

const OPERATORS = [
  '==', '!=', '<=', '>=', '=~', '!~', '&&', '||', '::', '..',
  '<', '>', '=', '!', '+', '-', '*', '/', '%', '?', ':', '.', ',', '(', ')', '{', '}', '[', ']',
];

/** The names bison gives ArangoDB's tokens, used in "syntax error, unexpected …" messages. */
export function tokenDescription(t: Token): string {
  switch (t.type) {
    case 'eof': return 'end of query string';
    case 'ident': return 'identifier';
    case 'string': return 'quoted string';
    case 'int': return 'integer number';
    case 'number': return 'number';
    case 'bind': return 'bind parameter';
    case 'bindColl': return 'bind data source parameter';
    case 'keyword':
      switch (t.value) {
        case 'FOR': case 'LET': case 'FILTER': case 'RETURN': case 'COLLECT': case 'SORT':
        case 'LIMIT': case 'WINDOW':
          return `${t.value} declaration`;
        case 'REMOVE': case 'INSERT': case 'UPDATE': case 'REPLACE': case 'UPSERT':
          return `${t.value} command`;
        case 'NULL': case 'TRUE': case 'FALSE': return t.value.toLowerCase();
        case 'NOT': case 'AND': case 'OR': return `${t.value.toLowerCase()} operator`;
        case 'LIKE': return 'like operator';
        case 'OUTBOUND': case 'INBOUND': case 'ANY': case 'ALL': case 'NONE':
          return `${t.value.toLowerCase()} modifier`;
        case 'DISTINCT': return 'DISTINCT modifier';
        default: return `${t.value} keyword`;
      }
    case 'op':
      switch (t.value) {
        case '=': return 'assignment';
        case '&&': return 'and operator';
        case '||': return 'or operator';
        case '!': return 'not operator';
        case '=~': return '~= operator';
        case '!~': return '~! operator';
        case '?': case ':': case '::': case '..': case ',': case '(': case ')': case '{': case '}':
        case '[': case ']': case '.':
          return t.value;
        default: return `${t.value} operator`;
      }
  }
}

/** Splits a query into tokens; a malformed literal is a parse error (400/1501). */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let line = 1;
  let lineStart = 0;
  const n = text.length;
  const posAt = (offset: number): Pos => ({ line, column: offset - lineStart + 1, offset });

  while (i < n) {
    const c = text.charCodeAt(i);
    // whitespace
    if (c === 10) { i++; line++; lineStart = i; continue; }
    if (c === 32 || c === 9 || c === 13) { i++; continue; }
    // comments
    if (c === 47 /* / */ && text.charCodeAt(i + 1) === 47) {
      while (i < n && text.charCodeAt(i) !== 10) i++;
      continue;
    }
    if (c === 47 && text.charCodeAt(i + 1) === 42) {
      const start = posAt(i);
      i += 2;
      for (;;) {
        if (i >= n) throw AqlError.parse('unexpected end of comment', text, start);
        if (text.charCodeAt(i) === 10) { i++; line++; lineStart = i; continue; }
        if (text.charCodeAt(i) === 42 && text.charCodeAt(i + 1) === 47) { i += 2; break; }
        i++;
      }
      continue;
    }
    const pos = posAt(i);
    // identifiers / keywords
    if (isIdentStart(c)) {
      let j = i + 1;
      while (j < n && isIdentPart(text.charCodeAt(j))) j++;
      const word = text.slice(i, j);
      const upper = word.toUpperCase();
      if (KEYWORDS.has(upper)) tokens.push({ type: 'keyword', value: upper, pos });
      else tokens.push({ type: 'ident', value: word, pos });
      i = j;
      continue;
    }
    // quoted names
    if (c === 96 /* ` */ || c === 180 /* ´ */) {
      const close = text.indexOf(String.fromCharCode(c), i + 1);
      if (close < 0) throw AqlError.parse('unexpected unterminated name', text, pos);
      tokens.push({ type: 'ident', value: text.slice(i + 1, close), quoted: true, pos });
      i = close + 1;
      continue;
    }
    // strings
    if (c === 39 || c === 34) {
      const [value, end] = readString(text, i, pos);
      for (let k = i; k < end; k++) if (text.charCodeAt(k) === 10) { line++; lineStart = k + 1; }
      tokens.push({ type: 'string', value, pos });
      i = end;
      continue;
    }
    // numbers (a leading '.' only when a digit follows and it is no range '..')
    if (isDigit(c) || (c === 46 && isDigit(text.charCodeAt(i + 1)) && text.charCodeAt(i - 1) !== 46)) {
      const [tok, end] = readNumber(text, i, pos);
      tokens.push(tok);
      i = end;
      continue;
    }
    // bind parameters
    if (c === 64 /* @ */) {
      const coll = text.charCodeAt(i + 1) === 64;
      let j = i + (coll ? 2 : 1);
      const s = j;
      while (j < n && isIdentPart(text.charCodeAt(j))) j++;
      if (j === s) throw AqlError.parse("syntax error, unexpected '@'", text, pos);
      tokens.push({ type: coll ? 'bindColl' : 'bind', value: text.slice(s, j), pos });
      i = j;
      continue;
    }
    let matched = false;
    for (const op of OPERATORS) {
      if (text.startsWith(op, i)) {
        tokens.push({ type: 'op', value: op, pos });
        i += op.length;
        matched = true;
        break;
      }
    }
    if (!matched) throw AqlError.parse(`syntax error, unexpected '${text[i] ?? ''}'`, text, pos);
  }
  tokens.push({ type: 'eof', value: '', pos: posAt(n) });
  return tokens;
}

function isIdentStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 36 /* $ */;
}
function isIdentPart(c: number): boolean {
  return isIdentStart(c) || isDigit(c);
}
function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function readString(text: string, start: number, pos: Pos): [string, number] {
  const quote = text[start];
  let out = '';
  let i = start + 1;
  while (i < text.length) {
    const ch = text[i] as string;
    if (ch === quote) return [out, i + 1];
    if (ch === '\\') {
      const e = text[i + 1];
      i += 2;
      switch (e) {
        case 'n': out += '\n'; break;
        case 't': out += '\t'; break;
        case 'r': out += '\r'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'u': {
          const hex = text.slice(i, i + 4);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw AqlError.parse('invalid unicode escape sequence', text, pos);
          out += String.fromCharCode(parseInt(hex, 16));
          i += 4;
          break;
        }
        case undefined: throw AqlError.parse('syntax error, unexpected unterminated string', text, pos);
        default: out += e; // \\ \' \" \/ and any other char stand for themselves
      }
      continue;
    }
    out += ch;
    i++;
  }
  throw AqlError.parse('syntax error, unexpected unterminated string', text, pos);
}

function readNumber(text: string, start: number, pos: Pos): [Token, number] {
  const rest = text.slice(start);
  let m = /^0[xX][0-9a-fA-F]+/.exec(rest) ?? /^0[bB][01]+/.exec(rest);
  if (m) {
    const v = Number(m[0]);
    return [{ type: 'int', value: m[0], num: v, pos }, start + m[0].length];
  }
  // a '.' followed by another '.' belongs to a range, not to the number
  m = /^(\d+(\.(?!\.)\d*)?|\.\d+)([eE][+-]?\d+)?/.exec(rest);
  if (!m) throw AqlError.parse('syntax error, unexpected number', text, pos);
  let lit = m[0];
  if (lit.endsWith('.')) lit = lit.slice(0, -1);
  const isInt = /^\d+$/.test(lit);
  const v = Number(lit);
  if (!Number.isFinite(v)) throw AqlError.parse('number out of range', text, pos);
  return [{ type: isInt ? 'int' : 'number', value: lit, num: v, pos }, start + lit.length];
}
