/**
 * What a CSV or TSV field becomes in the JSON sent, by arangoimport's rules
 * (client-tools/Import/ImportHelper.cpp, addField and parseMergeAttributes): `--convert` of
 * unquoted numbers and literals, `--datatype` forcing a type on a column, and the syntax of
 * `--merge-attributes`. The reading of records is in delimited.ts.
 */

const INTEGER = /^[-+]?\d+$/;
const DECIMAL = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/;
const INT64_MAX = 9223372036854775807n;
const INT64_MIN = -9223372036854775808n;

/**
 * The field when it already is a JSON number that --convert keeps as it is: an integer without
 * sign or leading zero that fits a double exactly, or such a number with a fraction (no exponent).
 * Anything else goes the long way (`convertedLiteral`).
 */
function plainNumber(field: string): boolean {
  const n = field.length;
  let i = field.charCodeAt(0) === 45 ? 1 : 0;
  if (i === n || n > 300) return false;
  const first = field.charCodeAt(i);
  // No leading zero ("007"), and no "-0" (arangoimport reads it as the integer 0).
  if (first < 48 || first > 57 || (first === 48 && (i + 1 < n ? field.charCodeAt(i + 1) !== 46 : i === 1))) return false;
  let dot = -1;
  for (; i < n; i++) {
    const c = field.charCodeAt(i);
    if (c === 46) {
      if (dot >= 0 || i === n - 1) return false;
      dot = i;
    } else if (c < 48 || c > 57) {
      return false;
    }
  }
  // Up to 15 digits an integer is exact as a double (and as what the server stores).
  return dot >= 0 || n - (field.charCodeAt(0) === 45 ? 1 : 0) <= 15;
}

/** The JSON text of an unquoted field under --convert, or undefined when it stays a string. */
export function convertedLiteral(field: string): string | undefined {
  // Most text starts with a letter: decided by the first character, before any regular expression.
  const c = field.charCodeAt(0);
  if (c === 116 || c === 102 || c === 110) return field === 'true' || field === 'false' || field === 'null' ? field : undefined;
  if (!((c >= 48 && c <= 57) || c === 45 || c === 43 || c === 46)) return undefined;
  if (plainNumber(field)) return field;
  if (INTEGER.test(field)) {
    const n = Number(field);
    if (Number.isSafeInteger(n)) return String(n);
    // Beyond 2^53 the digits are kept exactly (the server stores 64-bit integers); beyond int64
    // arangoimport keeps the text, and so do we.
    const big = BigInt(field);
    return big <= INT64_MAX && big >= INT64_MIN ? big.toString() : undefined;
  }
  if (DECIMAL.test(field)) {
    const n = Number(field);
    return Number.isFinite(n) ? String(n) : undefined;
  }
  return undefined;
}

export const DATATYPES = ['number', 'boolean', 'null', 'string'] as const;
export type Datatype = (typeof DATATYPES)[number];

/** `name=[a]-[b]`: `name` is the concatenation of the steps, each a column's value or literal text. */
export interface Merge {
  name: string;
  steps: readonly ({ column: string } | { literal: string })[];
}

/**
 * A --merge-attributes argument, as arangoimport reads it (ImportHelper::parseMergeAttributes):
 * exactly one '=', then literal text and `[column]` references; brackets balanced, none empty,
 * names and literals without '[', ']' or '=', and no reference to the attribute being defined.
 * Returns the merge, or the reason it is not one.
 */
export function parseMerge(arg: string): Merge | string {
  const parts = arg.split('=');
  if (parts.length !== 2) return "unexpected number of '=' characters";
  const [name = '', spec = ''] = parts;
  if (name === '') return 'the attribute name before = is empty';
  const steps: Merge['steps'][number][] = [];
  const plain = (text: string): boolean => !/[[\]=]/.test(text);
  let pos = 0;
  while (pos < spec.length) {
    const open = spec.indexOf('[', pos);
    const close = spec.indexOf(']', pos);
    if ((open < 0) !== (close < 0)) return 'unbalanced brackets';
    if (open < 0) {
      const literal = spec.slice(pos);
      if (!plain(literal)) return "attribute names and literals cannot contain any of '[', ']' or '='";
      steps.push({ literal });
      break;
    }
    if (open > close) return 'unbalanced brackets';
    if (open + 1 === close) return "empty argument '[]' not allowed";
    const literal = spec.slice(pos, open);
    const column = spec.slice(open + 1, close);
    if (!plain(literal) || !plain(column)) return "attribute names and literals cannot contain any of '[', ']' or '='";
    if (column === name) return 'cannot nest attributes';
    if (literal !== '') steps.push({ literal });
    steps.push({ column });
    pos = close + 1;
  }
  return { name, steps };
}

/**
 * A value under --datatype (arangoimport's addField): a number stays one (anything else becomes
 * 0), `false`, `null` and `0` are false and anything else true, null is null, a string is the
 * text as it stands.
 */
export function forcedValue(type: Datatype, field: string): string {
  switch (type) {
    case 'number': {
      const n = field === '' ? undefined : convertedLiteral(field);
      return n === undefined || n === 'true' || n === 'false' || n === 'null' ? '0' : n;
    }
    case 'boolean':
      return field === 'false' || field === 'null' || field === '0' ? 'false' : 'true';
    case 'null':
      return 'null';
    case 'string':
      return JSON.stringify(field);
  }
}

