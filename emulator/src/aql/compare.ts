import type { Value } from './ast.js';

/**
 * ArangoDB's value semantics: type order null < bool < number < string < array < object, the
 * casts of TO_BOOL / TO_NUMBER / TO_STRING, and equality/ordering used by ==, <, SORT, COLLECT,
 * UNIQUE and friends.
 */

export function typeWeight(v: Value): number {
  if (v === null) return 0;
  switch (typeof v) {
    case 'boolean': return 1;
    case 'number': return 2;
    case 'string': return 3;
    default: return Array.isArray(v) ? 4 : 5;
  }
}

export function typeName(v: Value): string {
  return ['null', 'bool', 'number', 'string', 'array', 'object'][typeWeight(v)] as string;
}

// ArangoDB compares strings with ICU collation of its default language ("en").
const collator = new Intl.Collator('en');

export function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  const r = collator.compare(a, b);
  if (r !== 0) return r < 0 ? -1 : 1;
  // the collator may call distinct strings equal; keep a total order
  return a < b ? -1 : 1;
}

export function compare(a: Value, b: Value): number {
  const wa = typeWeight(a);
  const wb = typeWeight(b);
  if (wa !== wb) return wa < wb ? -1 : 1;
  switch (wa) {
    case 0: return 0;
    case 1: return a === b ? 0 : a ? 1 : -1;
    case 2: return (a as number) === (b as number) ? 0 : (a as number) < (b as number) ? -1 : 1;
    case 3: return compareStrings(a as string, b as string);
    case 4: {
      const x = a as Value[];
      const y = b as Value[];
      const n = Math.max(x.length, y.length);
      for (let i = 0; i < n; i++) {
        // a missing element compares as null
        const r = compare(i < x.length ? (x[i] as Value) : null, i < y.length ? (y[i] as Value) : null);
        if (r !== 0) return r;
      }
      return 0;
    }
    default: {
      const x = a as Record<string, Value>;
      const y = b as Record<string, Value>;
      const keys = [...new Set([...Object.keys(x), ...Object.keys(y)])].sort(compareStrings);
      for (const k of keys) {
        const hx = Object.prototype.hasOwnProperty.call(x, k);
        const hy = Object.prototype.hasOwnProperty.call(y, k);
        if (hx !== hy) return hx ? 1 : -1;
        const r = compare(x[k] as Value, y[k] as Value);
        if (r !== 0) return r;
      }
      return 0;
    }
  }
}

export function equals(a: Value, b: Value): boolean {
  if (a === b) return true;
  const t = typeof a;
  if (t !== 'object' || typeof b !== 'object' || a === null || b === null) {
    if (t === 'string' && typeof b === 'string') return compareStrings(a as string, b) === 0;
    return false;
  }
  return compare(a, b) === 0;
}

export function toBool(v: Value): boolean {
  if (v === null) return false;
  switch (typeof v) {
    case 'boolean': return v;
    case 'number': return v !== 0;
    case 'string': return v.length > 0;
    default: return true;
  }
}

/** TO_NUMBER: invalid strings, objects and multi-element arrays are 0. */
export function toNumber(v: Value): number {
  if (v === null) return 0;
  switch (typeof v) {
    case 'boolean': return v ? 1 : 0;
    case 'number': return v;
    case 'string': {
      const s = v.trim();
      if (s === '') return 0;
      if (!/^[+-]?(\d+\.?\d*([eE][+-]?\d+)?|\.\d+([eE][+-]?\d+)?|0[xX][0-9a-fA-F]+|0[bB][01]+)$/.test(s)) return 0;
      const n = Number(s.startsWith('+') ? s.slice(1) : s);
      return Number.isFinite(n) ? n : 0;
    }
    default:
      if (Array.isArray(v)) {
        if (v.length === 0) return 0;
        if (v.length === 1) return toNumber(v[0] as Value);
      }
      return 0;
  }
}

/** TO_STRING: arrays and objects become their JSON text, null becomes "". */
export function toString(v: Value): string {
  if (v === null) return '';
  switch (typeof v) {
    case 'boolean': return v ? 'true' : 'false';
    case 'number': return numberToString(v);
    case 'string': return v;
    default: return JSON.stringify(v);
  }
}

export function numberToString(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return String(n);
  return String(n);
}

/** A finite number or null (ArangoDB turns NaN/Infinity results into null). */
export function finite(n: number): number | null {
  return Number.isFinite(n) ? n : null;
}

/** Hash key for UNIQUE / DISTINCT / COLLECT grouping: equal values give equal keys. */
export function valueKey(v: Value): string {
  if (v === null || typeof v !== 'object') return typeof v === 'string' ? `s${v}` : JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(valueKey).join(',')}]`;
  const keys = Object.keys(v).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${valueKey(v[k] as Value)}`).join(',')}}`;
}
