import { httpError } from '../errors.js';
import type { Json } from './types.js';

/**
 * Collection-level schema validation. ArangoDB validates with JSON Schema draft 4; this is a
 * hand-written subset that covers what document schemas use in practice: type (incl. "integer"
 * and type arrays), enum, const, properties, required, additionalProperties (boolean or schema),
 * patternProperties, minProperties/maxProperties, items (schema or tuple), additionalItems,
 * minItems/maxItems, uniqueItems, contains, minimum/maximum (+ draft-4 boolean and draft-6
 * numeric exclusive forms), multipleOf, minLength/maxLength, pattern, allOf/anyOf/oneOf/not,
 * and local `$ref` into `definitions`. Not supported (accepted and ignored): `format`,
 * `dependencies`, remote `$ref`.
 */

export type SchemaLevel = 'none' | 'new' | 'moderate' | 'strict';

export interface CollectionSchema {
  rule: Record<string, Json>;
  level: SchemaLevel;
  message: string;
  type: 'json';
}

const LEVELS: readonly SchemaLevel[] = ['none', 'new', 'moderate', 'strict'];

/** Parses the `schema` attribute of a collection create/properties call; `null`/`{}` removes it. */
export function parseSchema(input: unknown): CollectionSchema | null {
  if (input === null || input === undefined) return null;
  if (typeof input !== 'object' || Array.isArray(input)) {
    throw httpError(400, 'ERROR_VALIDATION_BAD_PARAMETER', 'schema must be an object');
  }
  const s = input as Record<string, unknown>;
  if (Object.keys(s).length === 0) return null;
  const rule = s['rule'];
  if (rule === null || typeof rule !== 'object' || Array.isArray(rule)) {
    throw httpError(400, 'ERROR_VALIDATION_BAD_PARAMETER', 'schema.rule must be an object');
  }
  const level = s['level'] ?? 'strict';
  if (typeof level !== 'string' || !(LEVELS as readonly string[]).includes(level)) {
    throw httpError(400, 'ERROR_VALIDATION_BAD_PARAMETER', `invalid schema level '${String(level)}'`);
  }
  const message = s['message'] ?? 'Schema violation';
  if (typeof message !== 'string') {
    throw httpError(400, 'ERROR_VALIDATION_BAD_PARAMETER', 'schema.message must be a string');
  }
  if (s['type'] !== undefined && s['type'] !== 'json') {
    throw httpError(400, 'ERROR_VALIDATION_BAD_PARAMETER', 'schema.type must be "json"');
  }
  return { rule: rule as Record<string, Json>, level: level as SchemaLevel, message, type: 'json' };
}

const SYSTEM_ATTRIBUTES = new Set(['_key', '_id', '_rev', '_from', '_to']);

/**
 * Throws 400 / ERROR_VALIDATION_FAILED (1620) with the schema's message when `doc` violates it.
 * System attributes are left out of the check, as ArangoDB does by default.
 */
export function validateAgainstSchema(schema: CollectionSchema, doc: Record<string, Json>): void {
  if (!conforms(schema, doc)) throw httpError(400, 'ERROR_VALIDATION_FAILED', schema.message);
}

export function conforms(schema: CollectionSchema, doc: Record<string, Json>): boolean {
  const user: Record<string, Json> = {};
  for (const k in doc) if (!SYSTEM_ATTRIBUTES.has(k)) user[k] = doc[k] as Json;
  return check(schema.rule, user, schema.rule);
}

function typeOf(v: Json): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

function matchesType(t: string, v: Json): boolean {
  const actual = typeOf(v);
  if (t === 'integer') return actual === 'number' && Number.isInteger(v);
  return actual === t;
}

function deepEqual(a: Json, b: Json): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((x, i) => deepEqual(x, b[i] as Json));
  }
  const ao = a as Record<string, Json>;
  const bo = b as Record<string, Json>;
  const ak = Object.keys(ao);
  if (ak.length !== Object.keys(bo).length) return false;
  return ak.every((k) => k in bo && deepEqual(ao[k] as Json, bo[k] as Json));
}

function num(s: Record<string, Json>, k: string): number | undefined {
  const v = s[k];
  return typeof v === 'number' ? v : undefined;
}

function sub(v: Json | undefined): Record<string, Json> | boolean | undefined {
  if (typeof v === 'boolean') return v;
  if (v && typeof v === 'object' && !Array.isArray(v)) return v;
  return undefined;
}

function checkSub(s: Record<string, Json> | boolean, v: Json, root: Record<string, Json>): boolean {
  return typeof s === 'boolean' ? s : check(s, v, root);
}

function resolveRef(ref: string, root: Record<string, Json>): Record<string, Json> | undefined {
  if (ref === '#') return root;
  if (!ref.startsWith('#/')) return undefined;
  let cur: Json | undefined = root;
  for (const part of ref.slice(2).split('/')) {
    if (!cur || typeof cur !== 'object' || Array.isArray(cur)) return undefined;
    cur = cur[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return cur && typeof cur === 'object' && !Array.isArray(cur) ? cur : undefined;
}

function check(s: Record<string, Json>, v: Json, root: Record<string, Json>): boolean {
  const ref = s['$ref'];
  if (typeof ref === 'string') {
    const target = resolveRef(ref, root);
    return target ? check(target, v, root) : true;
  }
  const type = s['type'];
  if (typeof type === 'string' && !matchesType(type, v)) return false;
  if (Array.isArray(type) && !type.some((t) => typeof t === 'string' && matchesType(t, v))) return false;
  const en = s['enum'];
  if (Array.isArray(en) && !en.some((e) => deepEqual(e, v))) return false;
  if ('const' in s && !deepEqual(s['const'] as Json, v)) return false;

  if (typeof v === 'number') {
    const min = num(s, 'minimum');
    const max = num(s, 'maximum');
    const exMin = s['exclusiveMinimum'];
    const exMax = s['exclusiveMaximum'];
    if (min !== undefined && (exMin === true ? v <= min : v < min)) return false;
    if (max !== undefined && (exMax === true ? v >= max : v > max)) return false;
    if (typeof exMin === 'number' && v <= exMin) return false;
    if (typeof exMax === 'number' && v >= exMax) return false;
    const mult = num(s, 'multipleOf');
    if (mult !== undefined && mult > 0 && Math.abs(v / mult - Math.round(v / mult)) > 1e-9) return false;
  }
  if (typeof v === 'string') {
    const len = [...v].length;
    const minL = num(s, 'minLength');
    const maxL = num(s, 'maxLength');
    if (minL !== undefined && len < minL) return false;
    if (maxL !== undefined && len > maxL) return false;
    const pattern = s['pattern'];
    if (typeof pattern === 'string' && !safeRegex(pattern)?.test(v)) return false;
  }
  if (Array.isArray(v)) {
    const minI = num(s, 'minItems');
    const maxI = num(s, 'maxItems');
    if (minI !== undefined && v.length < minI) return false;
    if (maxI !== undefined && v.length > maxI) return false;
    if (s['uniqueItems'] === true) {
      for (let i = 0; i < v.length; i++) {
        for (let j = i + 1; j < v.length; j++) if (deepEqual(v[i] as Json, v[j] as Json)) return false;
      }
    }
    const items = s['items'];
    if (Array.isArray(items)) {
      for (let i = 0; i < v.length; i++) {
        const itemSchema = i < items.length ? sub(items[i]) : sub(s['additionalItems']);
        if (itemSchema !== undefined && !checkSub(itemSchema, v[i] as Json, root)) return false;
      }
    } else {
      const itemSchema = sub(items);
      if (itemSchema !== undefined && !v.every((x) => checkSub(itemSchema, x, root))) return false;
    }
    const contains = sub(s['contains']);
    if (contains !== undefined && !v.some((x) => checkSub(contains, x, root))) return false;
  }
  if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
    const keys = Object.keys(v);
    const minP = num(s, 'minProperties');
    const maxP = num(s, 'maxProperties');
    if (minP !== undefined && keys.length < minP) return false;
    if (maxP !== undefined && keys.length > maxP) return false;
    const required = s['required'];
    if (Array.isArray(required) && !required.every((r) => typeof r !== 'string' || r in v)) return false;
    const props = sub(s['properties']);
    const propMap = typeof props === 'object' ? props : {};
    const patternProps = sub(s['patternProperties']);
    const patterns =
      typeof patternProps === 'object'
        ? Object.entries(patternProps).map(([p, ps]) => [safeRegex(p), sub(ps)] as const)
        : [];
    const additional = sub(s['additionalProperties']);
    for (const k of keys) {
      const val = v[k] as Json;
      let matched = false;
      const ps = sub(propMap[k]);
      if (ps !== undefined) {
        matched = true;
        if (!checkSub(ps, val, root)) return false;
      }
      for (const [re, pSchema] of patterns) {
        if (re?.test(k) && pSchema !== undefined) {
          matched = true;
          if (!checkSub(pSchema, val, root)) return false;
        }
      }
      if (!matched && additional !== undefined && !checkSub(additional, val, root)) return false;
    }
  }
  const allOf = s['allOf'];
  if (Array.isArray(allOf) && !allOf.every((x) => { const t = sub(x); return t === undefined || checkSub(t, v, root); })) return false;
  const anyOf = s['anyOf'];
  if (Array.isArray(anyOf) && !anyOf.some((x) => { const t = sub(x); return t === undefined || checkSub(t, v, root); })) return false;
  const oneOf = s['oneOf'];
  if (Array.isArray(oneOf) && oneOf.filter((x) => { const t = sub(x); return t === undefined || checkSub(t, v, root); }).length !== 1) return false;
  const not = sub(s['not']);
  if (not !== undefined && checkSub(not, v, root)) return false;
  return true;
}

const regexCache = new Map<string, RegExp | null>();

function safeRegex(pattern: string): RegExp | null {
  let re = regexCache.get(pattern);
  if (re === undefined) {
    try {
      re = new RegExp(pattern, 'u');
    } catch {
      re = null;
    }
    regexCache.set(pattern, re);
  }
  return re;
}
