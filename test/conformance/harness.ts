/**
 * The differential harness: an operation is performed once through arangots and once through
 * arangojs, each against its own database and names, and the requests the recorder saw are
 * normalised and compared. Operations run in the order given, alternating drivers, so each
 * driver's state evolves the same way.
 */
import type { Database as TsDatabase } from 'arangots';
import type { Database as JsDatabase } from 'arangojs';
import { canonical, differences, normalize, type NormalRequest, type Substitutions } from './normalize.js';
import type { RawRequest, Recorder } from './recorder.js';

export type Area =
  | 'databases'
  | 'documents'
  | 'collections'
  | 'indexes'
  | 'aql'
  | 'transactions'
  | 'graphs'
  | 'views'
  | 'analyzers'
  | 'users'
  | 'admin'
  | 'cluster'
  | 'jobs'
  | 'services';

/** One driver's view of the run: its databases, its names and what earlier operations left. */
export class Side<DB> {
  readonly #subst = new Map<string, string>();
  readonly #state = new Map<string, unknown>();

  constructor(
    readonly driver: 'arangots' | 'arangojs',
    /** The per-driver test database. */
    readonly db: DB,
    /** `_system`, for server-wide calls. */
    readonly sys: DB,
    /** Suffix of every name this driver creates; compared as `<T>`. */
    readonly tag: string,
  ) {
    this.#subst.set(tag, '<T>');
    this.#subst.set(tag.toUpperCase(), '<T>');
  }

  /** A per-driver name: `base_<tag>`. */
  n(base: string): string {
    return `${base}_${this.tag}`;
  }

  /** A value the server made for this driver (a `_rev`, an index id, …), compared as `<label>`. */
  mark(value: unknown, label: string): void {
    // Substitution is textual: a short value (a job id `7`) would rewrite unrelated numbers too.
    const text = typeof value === 'string' || typeof value === 'number' ? String(value) : '';
    if (text.length < 4) throw new Error(`${this.driver}: "${text}" is too short to mark as <${label}>`);
    this.#subst.set(text, `<${label}>`);
  }

  set(key: string, value: unknown): void {
    this.#state.set(key, value);
  }

  get<T>(key: string): T {
    if (!this.#state.has(key)) throw new Error(`${this.driver}: no state "${key}" — an earlier operation failed or is missing`);
    return this.#state.get(key) as T;
  }

  substitutions(): Substitutions {
    return [...this.#subst.entries()].sort((a, b) => b[0].length - a[0].length);
  }
}

/**
 * arangojs 10.4's typings lag the 3.12 API in places (fulltext and zkd index types, the legacy
 * `overwrite` flag, `schema: null`); the request is what is compared, so such options are passed
 * through untyped.
 */
export function untyped<T>(value: object): T {
  return value as T;
}

export interface Op {
  area: Area;
  /** Unique; what ACCEPTED_DIFFERENCES names. */
  name: string;
  ts(s: Side<TsDatabase>): Promise<unknown>;
  js(s: Side<JsDatabase>): Promise<unknown>;
  /**
   * Both drivers are expected to meet this HTTP status (or one of these) in one of the answers;
   * the requests are still compared.
   */
  expectStatus?: number | readonly number[];
  /**
   * Checks what each driver's call resolved to — for operations whose point is that the server
   * understood the request (e.g. an option honoured), not only that it was sent alike.
   */
  check?(result: unknown, driver: 'arangots' | 'arangojs'): void;
  /**
   * arangojs has no method for this endpoint; the arangojs side states the documented request
   * through `db.route()`, so the comparison is against the 3.12 reference, not a driver.
   */
  viaRoute?: boolean;
}

export interface AcceptedDifference {
  /** Operation names, or `'*'` for a rule about how arangojs sends any request. */
  operations: readonly string[] | '*';
  /** What differs. */
  differs: string;
  /** Why that is fine, citing the 3.12 reference. */
  reason: string;
  /** Makes the arangojs request (the `js` argument) say what arangots says in this one respect. */
  reconcile(js: NormalRequest, ts: NormalRequest): void;
}

export interface OpOutcome {
  name: string;
  ts: NormalRequest[];
  js: NormalRequest[];
  tsStatus: (number | undefined)[];
  jsStatus: (number | undefined)[];
  tsError: unknown;
  jsError: unknown;
  tsResult: unknown;
  jsResult: unknown;
  /** Indexes (into the table) of the accepted differences that changed something. */
  applied: number[];
  /** Remaining differences, one line each; empty when the requests match. */
  mismatches: string[];
}

async function capture(recorder: Recorder, fn: () => Promise<unknown>): Promise<{ raw: RawRequest[]; error: unknown; result: unknown }> {
  await recorder.settle();
  const stray = recorder.take();
  if (stray.length > 0) throw new Error(`requests outside any operation: ${stray.map((r) => `${r.method} ${r.path}`).join(', ')}`);
  let error: unknown;
  let result: unknown;
  try {
    result = await fn();
  } catch (err) {
    error = err;
  }
  // A driver may settle its promise before the proxy has finished with the exchange.
  await recorder.settle();
  return { raw: recorder.take(), error, result };
}

export async function runOp(
  op: Op,
  recorder: Recorder,
  ts: Side<TsDatabase>,
  js: Side<JsDatabase>,
  accepted: readonly AcceptedDifference[],
): Promise<OpOutcome> {
  const a = await capture(recorder, () => op.ts(ts));
  const b = await capture(recorder, () => op.js(js));
  const tsReqs = a.raw.map((r) => normalize(r, ts.substitutions()));
  const jsReqs = b.raw.map((r) => normalize(r, js.substitutions()));
  const applied = new Set<number>();
  const mismatches: string[] = [];
  if (tsReqs.length !== jsReqs.length) {
    mismatches.push(`request count: arangots ${tsReqs.length}, arangojs ${jsReqs.length}`);
  }
  const n = Math.max(tsReqs.length, jsReqs.length);
  for (let i = 0; i < n; i++) {
    const t = tsReqs[i];
    const j = jsReqs[i];
    if (t !== undefined && j !== undefined) {
      accepted.forEach((d, idx) => {
        if (d.operations !== '*' && !d.operations.includes(op.name)) return;
        const before = canonical(j);
        d.reconcile(j, t);
        if (canonical(j) !== before) applied.add(idx);
      });
    }
    for (const line of differences(t, j)) mismatches.push(n > 1 ? `request ${i + 1}: ${line}` : line);
  }
  return {
    name: op.name,
    ts: tsReqs,
    js: jsReqs,
    tsStatus: a.raw.map((r) => r.status),
    jsStatus: b.raw.map((r) => r.status),
    tsError: a.error,
    jsError: b.error,
    tsResult: a.result,
    jsResult: b.result,
    applied: [...applied],
    mismatches,
  };
}
