/**
 * The `aql` template tag: builds a query whose text comes only from the template's literal parts
 * (and from `aql.literal`), while every interpolated value travels as a bind parameter. Values can
 * therefore never change the query's structure, whatever they contain.
 */
import { ArangoClientError } from '../errors.js';

/**
 * A query and its bind parameters. `T` is the type of one result item; it only exists for the
 * type checker (the phantom member is never set).
 */
export interface AqlQuery<T = unknown> {
  readonly query: string;
  readonly bindVars: Readonly<Record<string, unknown>>;
  /**
   * Phantom carrier of the result type. Declared as a method so that its parameter is checked
   * bivariantly: an `AqlQuery<unknown>` can still be passed where an `AqlQuery<User>` is expected.
   */
  __resultType?(item: T): void;
}

/** Trusted AQL text, spliced into a query as is. Build it with `aql.literal`. */
export interface AqlLiteral {
  /** The text to splice into the query, unescaped. */
  toAQL(): string;
}

/**
 * What a collection, view, graph or analyzer object exposes so that `aql` can bind it without
 * importing their classes. Collections and views become `@@` (data source) parameters; graphs and
 * analyzers are referred to by name in AQL, so they become plain values holding their name.
 */
export interface AqlDataSourceLike {
  readonly name: string;
  readonly isArangoCollection?: true;
  readonly isArangoView?: true;
}
/** What a graph or analyzer object exposes so that `aql` binds it as a plain value holding its name. */
export interface AqlNamedValueLike {
  readonly name: string;
  readonly isArangoGraph?: true;
  readonly isArangoAnalyzer?: true;
}

/** Anything that may appear inside `${…}` in an `aql` template. */
export type AqlValue = unknown;

const SOURCE = Symbol('arangots.aqlSource');
const LITERAL = Symbol('arangots.aqlLiteral');

/** The unnamed form of a generated query: text pieces around values, `strings.length === values.length + 1`. */
interface AqlSource {
  readonly strings: readonly string[];
  readonly values: readonly unknown[];
}

interface GeneratedAqlQuery<T> extends AqlQuery<T> {
  readonly [SOURCE]: AqlSource;
}

function isRecord(value: unknown): value is Record<PropertyKey, unknown> {
  return typeof value === 'object' && value !== null;
}

/** Whether `value` is a `{ query, bindVars }` object (built by `aql` or by hand). */
export function isAqlQuery(value: unknown): value is AqlQuery {
  return isRecord(value) && typeof value.query === 'string' && isRecord(value.bindVars);
}

function isGenerated(value: unknown): value is GeneratedAqlQuery<unknown> {
  return isRecord(value) && SOURCE in value;
}

/** Whether `value` is a literal made by {@link literal} (`aql.literal`); another library's `{ toAQL() }` object is not. */
export function isAqlLiteral(value: unknown): value is AqlLiteral {
  return isRecord(value) && value[LITERAL] === true && typeof value.toAQL === 'function';
}

function isDataSource(value: unknown): value is AqlDataSourceLike {
  return (
    isRecord(value) &&
    typeof value.name === 'string' &&
    (value.isArangoCollection === true || value.isArangoView === true)
  );
}

function isNamedValue(value: unknown): value is AqlNamedValueLike {
  return (
    isRecord(value) &&
    typeof value.name === 'string' &&
    (value.isArangoGraph === true || value.isArangoAnalyzer === true)
  );
}

/**
 * Where a template value sits, for error messages: "value 2 of the aql template (after 'FILTER
 * u.age > ')". `index` counts from 1, as a reader counts the `${…}` in the template.
 */
function position(strings: readonly string[], index: number): string {
  const before = strings[index] ?? '';
  const tail = before.length > 24 ? `…${before.slice(-24)}` : before;
  return `value ${index + 1} of the aql template (after ${JSON.stringify(tail)})`;
}

/**
 * Refuses what a bind parameter cannot carry, so the mistake surfaces at the template with its
 * position, not as a server-side syntax error or a silently changed value. JSON holds null,
 * booleans, finite numbers, strings, arrays and objects; `undefined` (the value itself or an
 * array element) would vanish or turn into null, functions and symbols vanish, bigint and cycles
 * make JSON.stringify throw. Object properties that are `undefined`, functions or symbols are left
 * out, as JSON does.
 */
function checkBindable(value: unknown, where: () => string): void {
  const problem = unbindable(value, '', []);
  if (problem !== undefined) throw new ArangoClientError(`${where()} ${problem}, which cannot be sent as a bind parameter`);
}

function unbindable(value: unknown, at: string, ancestors: object[]): string | undefined {
  const kind = typeof value;
  const subject = at === '' ? 'is' : `holds at ${at}`;
  if (kind === 'undefined') return `${subject} undefined`;
  if (kind === 'function' || kind === 'symbol' || kind === 'bigint') return `${subject} a ${kind}`;
  if (kind === 'number') return Number.isFinite(value) ? undefined : `${subject} ${String(value)}`;
  if (kind !== 'object' || value === null) return undefined;
  const obj = value as Record<string, unknown>;
  // Dates and other objects that serialise themselves are what their toJSON() says.
  if (typeof obj.toJSON === 'function') return undefined;
  if (ancestors.includes(obj)) return `${subject} a circular reference`;
  ancestors.push(obj);
  try {
    if (Array.isArray(obj)) {
      for (let i = 0; i < obj.length; i++) {
        const p = unbindable(obj[i], `${at}[${i}]`, ancestors);
        if (p !== undefined) return p;
      }
    } else {
      for (const key of Object.keys(obj)) {
        const v = obj[key];
        // JSON leaves such properties out (a method-bearing object is its data).
        if (v === undefined || typeof v === 'function' || typeof v === 'symbol') continue;
        const p = unbindable(v, `${at}${/^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`}`, ancestors);
        if (p !== undefined) return p;
      }
    }
  } finally {
    ancestors.pop();
  }
  return undefined;
}

/** Flattens nested fragments and literals into text, leaving only real values between the strings. */
function flatten(strings: readonly string[], values: readonly unknown[]): AqlSource {
  const outStrings: string[] = [strings[0] ?? ''];
  const outValues: unknown[] = [];
  const appendText = (text: string): void => {
    outStrings[outStrings.length - 1] += text;
  };
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (isGenerated(value)) {
      const inner = value[SOURCE];
      appendText(inner.strings[0] ?? '');
      for (let j = 0; j < inner.values.length; j++) {
        outValues.push(inner.values[j]);
        outStrings.push(inner.strings[j + 1] ?? '');
      }
    } else if (isAqlLiteral(value)) {
      appendText(value.toAQL());
    } else {
      // `undefined` is refused rather than dropped: aql`RETURN ${undefined}` would reach the
      // server as `RETURN ` (a syntax error far from the mistake). An optional part is an empty
      // fragment: aql`FOR d IN c ${cond ? aql`FILTER d.x == ${x}` : aql``} RETURN d`.
      if (!isDataSource(value) && !isNamedValue(value)) checkBindable(value, () => position(strings, i));
      outValues.push(value);
      outStrings.push('');
    }
    appendText(strings[i + 1] ?? '');
  }
  return { strings: outStrings, values: outValues };
}

/** Names the values: `@value0`, `@value1`, …; data sources `@@value2`; a repeated value keeps its name. */
function render(source: AqlSource): { query: string; bindVars: Record<string, unknown> } {
  const bindVars: Record<string, unknown> = {};
  const byValue = new Map<unknown, string>();
  // Data sources are matched by name, so two objects for one collection share one parameter,
  // and kept apart from plain strings that happen to equal the name.
  const bySourceName = new Map<string, string>();
  let counter = 0;
  let query = source.strings[0] ?? '';
  for (let i = 0; i < source.values.length; i++) {
    const value = source.values[i];
    let ref: string;
    if (isDataSource(value)) {
      let name = bySourceName.get(value.name);
      if (name === undefined) {
        name = `@value${counter++}`;
        bySourceName.set(value.name, name);
        bindVars[name] = value.name;
      }
      ref = `@${name}`;
    } else {
      const key = isNamedValue(value) ? `\u0000named:${value.name}` : value;
      let name = byValue.get(key);
      if (name === undefined) {
        name = `value${counter++}`;
        byValue.set(key, name);
        bindVars[name] = isNamedValue(value) ? value.name : value;
      }
      ref = `@${name}`;
    }
    query += ref + (source.strings[i + 1] ?? '');
  }
  return { query, bindVars };
}

function build<T>(source: AqlSource): AqlQuery<T> {
  const { query, bindVars } = render(source);
  const result = { query, bindVars };
  // Non-enumerable: JSON.stringify and spreading see only { query, bindVars }.
  Object.defineProperty(result, SOURCE, { value: source, enumerable: false });
  return result;
}

/**
 * Creates trusted AQL text. Only for text you control (a sort direction picked from a fixed set,
 * an attribute name you validated): it is spliced into the query without escaping.
 */
export function literal(text: string | number | boolean | AqlLiteral | null | undefined): AqlLiteral {
  let value: string;
  if (typeof text === 'object' && text !== null) {
    if ((text as { [LITERAL]?: unknown })[LITERAL] === true) return text;
    // Another library's literal: passing it here is the caller's explicit statement of trust.
    value = text.toAQL();
  } else {
    value = text === undefined || text === null ? '' : String(text);
  }
  return { [LITERAL]: true, toAQL: () => value } as AqlLiteral;
}

/**
 * Joins fragments and values with `separator` (trusted text, default one space); values become
 * bind parameters as in the template: aql.join([aql`a == ${x}`, aql`b == ${y}`], ' AND ').
 */
export function join<T = unknown>(items: readonly unknown[], separator = ' '): AqlQuery<T> {
  // Dropped before joining, so an absent optional part leaves no doubled separator behind.
  const present = items.filter((item) => item !== undefined);
  const strings = [''];
  for (let i = 1; i < present.length; i++) strings.push(separator);
  strings.push('');
  return build<T>(flatten(strings, present));
}

function aqlTag<T = unknown>(strings: TemplateStringsArray, ...values: readonly unknown[]): AqlQuery<T> {
  if (!Array.isArray(strings) || !Array.isArray((strings as { raw?: unknown }).raw)) {
    // Called as a plain function with a string would splice that string: refuse.
    throw new ArangoClientError('aql must be used as a template tag: aql`FOR d IN ${coll} RETURN d`');
  }
  return build<T>(flatten(strings, values));
}

/** The type of {@link aql}: a template tag with the `literal` and `join` helpers attached. */
export interface AqlTag {
  /**
   * Builds an {@link AqlQuery} from a template: each `${value}` becomes a bind parameter (collections
   * and views `@@` parameters), nested fragments are merged.
   *
   * @throws {@link ArangoClientError} when called as a plain function or when a value cannot be a bind
   * parameter (`undefined`, a function, a symbol, a bigint, NaN, ±Infinity, a cycle), naming its position.
   */
  <T = unknown>(strings: TemplateStringsArray, ...values: readonly unknown[]): AqlQuery<T>;
  /** {@link literal}: trusted AQL text, spliced unescaped. */
  literal: typeof literal;
  /** {@link join}: joins fragments and values with a trusted separator. */
  join: typeof join;
}

/**
 * The AQL template tag: aql`FOR u IN ${users} FILTER u.age >= ${minAge} RETURN u`. Collection and
 * view objects become `@@` parameters, graphs and analyzers their name, nested `aql` fragments are
 * merged with renumbered parameters, `aql.literal` splices trusted text. A value a bind parameter
 * cannot carry (`undefined`, a function, a symbol, a bigint, NaN, a cycle) is refused with its
 * position; an optional part is an empty fragment, aql``.
 */
export const aql: AqlTag = Object.assign(aqlTag, { literal, join });
