/**
 * Per-attempt timeouts: how long one attempt on one host may take before the transport treats it
 * as stuck — retrying an idempotent call on another host within the call's one deadline, and
 * taking a silent host out of rotation (outlier.ts). Pure decisions, tested alone.
 *
 * Derived (the default): `multiplier` × the host's recent p99, never below `min`; a host without
 * enough samples borrows its peers' p99, and with no samples anywhere the attempt gets `initial`.
 * Each further attempt timeout within one call doubles, so a request that is slow by nature
 * (and not because of its host) still gets the time it needs.
 */
import { ArangoClientError } from '../errors.js';

/** Tuning of the derived attempt timeout. */
export interface AttemptTimeoutOptions {
  /** Multiple of the host's recent p99. Default 5. */
  multiplier?: number;
  /** Floor in ms. Default 500. */
  min?: number;
  /** Timeout in ms while no latency is known yet (cold start). Default 1 000. */
  initial?: number;
}

/**
 * The `attemptTimeout` option: `'auto'` (default, derived from observed latency), an
 * `AttemptTimeoutOptions` object (derived, tuned), a fixed number of ms, or 0 for none.
 */
export type AttemptTimeoutOption = 'auto' | number | AttemptTimeoutOptions;

export type AttemptTimeoutPolicy =
  | { readonly kind: 'off' }
  | { readonly kind: 'fixed'; readonly ms: number }
  | { readonly kind: 'derived'; readonly multiplier: number; readonly min: number; readonly initial: number };

export const DEFAULT_ATTEMPT_TIMEOUT: AttemptTimeoutPolicy = { kind: 'derived', multiplier: 5, min: 500, initial: 1_000 };
const OFF: AttemptTimeoutPolicy = { kind: 'off' };

/** A host's p99 is trusted once it rests on this many samples. */
export const MIN_SAMPLES = 8;

/** Validates the client option (or a per-call override); refuses anything else naming the value. */
export function parseAttemptTimeout(option: unknown, where = 'attemptTimeout'): AttemptTimeoutPolicy {
  if (option === undefined || option === 'auto') return DEFAULT_ATTEMPT_TIMEOUT;
  if (typeof option === 'number') {
    if (Number.isNaN(option) || option < 0) throw new ArangoClientError(`${where} must be 'auto', 0 (none) or a positive number of milliseconds, got ${String(option)}`);
    return option === 0 || option === Infinity ? OFF : { kind: 'fixed', ms: option };
  }
  if (typeof option === 'object' && option !== null && !Array.isArray(option)) {
    const o = option as Record<string, unknown>;
    for (const key of Object.keys(o)) {
      if (key !== 'multiplier' && key !== 'min' && key !== 'initial') {
        throw new ArangoClientError(`${where}: unknown option ${JSON.stringify(key)} (expected multiplier, min, initial)`);
      }
    }
    const d = DEFAULT_ATTEMPT_TIMEOUT as Extract<AttemptTimeoutPolicy, { kind: 'derived' }>;
    return {
      kind: 'derived',
      multiplier: positiveNumber(`${where}.multiplier`, o.multiplier, d.multiplier, 1),
      min: positiveNumber(`${where}.min`, o.min, d.min, 0),
      initial: positiveNumber(`${where}.initial`, o.initial, d.initial, 0),
    };
  }
  throw new ArangoClientError(`${where} must be 'auto', a number of milliseconds (0 = none) or { multiplier, min, initial }, got ${describe(option)}`);
}

/**
 * The attempt timeout in ms for an attempt on a host, or undefined for none.
 * `ownP99`/`ownSamples`: the host's window; `peerP99`: the highest p99 among its peers with
 * enough samples (undefined if none); `earlier`: attempt timeouts this call already hit.
 */
export function attemptTimeoutFor(
  policy: AttemptTimeoutPolicy,
  ownP99: number | undefined,
  ownSamples: number,
  peerP99: number | undefined,
  earlier = 0,
): number | undefined {
  let base: number;
  switch (policy.kind) {
    case 'off':
      return undefined;
    case 'fixed':
      base = policy.ms;
      break;
    case 'derived': {
      const p99 = ownP99 !== undefined && ownSamples >= MIN_SAMPLES ? ownP99 : peerP99;
      base = p99 === undefined ? Math.max(policy.initial, policy.min) : Math.max(policy.min, policy.multiplier * p99);
      break;
    }
  }
  return earlier > 0 ? base * 2 ** Math.min(earlier, 10) : base;
}

function positiveNumber(name: string, value: unknown, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value <= 0) {
    throw new ArangoClientError(`${name} must be a number ${min > 0 ? `of at least ${min}` : 'above 0'}, got ${describe(value)}`);
  }
  return value;
}

export function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'object' && value !== null) {
    try {
      return JSON.stringify(value);
    } catch {
      return Object.prototype.toString.call(value);
    }
  }
  return String(value);
}
