/** FOR's index options as the optimizer reads them (IndexHint). */
import type { Value } from './ast.js';
import { AqlError } from './errors.js';

/** FOR's index options (IndexHint): `indexHint` (a name or names), `forceIndexHint`, `disableIndex`. */
export interface IndexHintSpec {
  names: string[];
  forced: boolean;
  disabled: boolean;
  lookahead: number;
  /**
   * Whether a forced hint nothing can serve is an error here. The server also counts an index
   * that serves a SORT; where a SORT follows that the emulator does not pair with the FOR
   * (sort-condition.ts sortAfter), it cannot tell, so it does not fail the query.
   */
  failIfUnusable: boolean;
}

/** The hint as a plan shows it (IndexHint::toVelocyPack). */
export function hintJson(hint: IndexHintSpec | undefined): Record<string, Value> {
  const type = hint === undefined ? 'none' : hint.disabled ? 'disabled' : hint.names.length > 0 ? 'simple' : 'none';
  return { forced: hint?.forced ?? false, lookahead: hint?.lookahead ?? 1, type, ...(type === 'simple' ? { hint: [...(hint as IndexHintSpec).names] } : {}) };
}

/** The hint of a FOR's (constant) OPTIONS; undefined when it has none. */
export function hintOf(options: Value | undefined, failIfUnusable: boolean): IndexHintSpec | undefined {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) return undefined;
  const h = options['indexHint'];
  const names = typeof h === 'string' ? [h] : Array.isArray(h) ? h.filter((x): x is string => typeof x === 'string') : [];
  const lookahead = typeof options['lookahead'] === 'number' ? options['lookahead'] : 1;
  const spec: IndexHintSpec = { names, forced: options['forceIndexHint'] === true, disabled: options['disableIndex'] === true, lookahead, failIfUnusable };
  return spec.names.length > 0 || spec.disabled || options['lookahead'] !== undefined ? spec : undefined;
}

/** 400/1577 with the server's message, for a forced hint no hinted index can serve. */
export function forcedHintUnusable(hint: IndexHintSpec): AqlError {
  return AqlError.of(400, 'ERROR_QUERY_FORCED_INDEX_HINT_UNUSABLE', `could not use index hint to serve query; ${JSON.stringify({ indexHint: hintJson(hint) })}`);
}
