/**
 * Hedged reads ("backup requests", Dean & Barroso, The Tail at Scale): when an idempotent,
 * unpinned call has not been answered after about the recent p95 of the cluster, a second copy
 * goes to another host; the first answer wins and the other attempt is cancelled. A token bucket
 * caps hedges at `budget` × calls (plus a small burst), so a cluster-wide slowdown can never
 * double the load. Pure decisions, tested alone; transport.ts sends and cancels.
 */
import { ArangoClientError } from '../errors.js';
import { describe } from './attempt-timeout.js';
import { MIN_SAMPLES } from './attempt-timeout.js';

/** The client option `hedge` as an object: how often and when an idempotent read is hedged. */
export interface HedgeOptions {
  /** Hedges per call at most, 0–1 (token bucket). Default 0.05. */
  budget?: number;
  /** Never hedge before this many ms. Default 10. */
  minDelay?: number;
}

/** The `hedge` option: true (default), false, or tuned. */
export type HedgeOption = boolean | HedgeOptions;

export type HedgePolicy = { readonly enabled: false } | { readonly enabled: true; readonly budget: number; readonly minDelay: number };

export const DEFAULT_HEDGE: HedgePolicy = { enabled: true, budget: 0.05, minDelay: 10 };
const OFF: HedgePolicy = { enabled: false };
/** Hedges the bucket holds at most (and starts with): the burst allowed above `budget`. */
export const HEDGE_BURST = 10;

export function parseHedge(option: unknown): HedgePolicy {
  if (option === undefined || option === true) return DEFAULT_HEDGE;
  if (option === false) return OFF;
  if (typeof option === 'object' && option !== null && !Array.isArray(option)) {
    const o = option as Record<string, unknown>;
    for (const key of Object.keys(o)) {
      if (key !== 'budget' && key !== 'minDelay') throw new ArangoClientError(`hedge: unknown option ${JSON.stringify(key)} (expected budget, minDelay)`);
    }
    const d = DEFAULT_HEDGE as Extract<HedgePolicy, { enabled: true }>;
    const budget = o.budget === undefined ? d.budget : o.budget;
    if (typeof budget !== 'number' || !(budget >= 0 && budget <= 1)) {
      throw new ArangoClientError(`hedge.budget must be a fraction of calls between 0 and 1, got ${describe(budget)}`);
    }
    const minDelay = o.minDelay === undefined ? d.minDelay : o.minDelay;
    if (typeof minDelay !== 'number' || !Number.isFinite(minDelay) || minDelay < 0) {
      throw new ArangoClientError(`hedge.minDelay must be a non-negative number of milliseconds, got ${describe(minDelay)}`);
    }
    return budget === 0 ? OFF : { enabled: true, budget, minDelay };
  }
  throw new ArangoClientError(`hedge must be true, false or { budget, minDelay }, got ${describe(option)}`);
}

/**
 * When to send the backup copy, in ms after the first attempt started, or undefined for never
 * (hedging off, or no latency known yet). The reference is the lower of the host's own p95 and
 * its peers' median p95: a host whose own tail is bad (stragglers) must not push its hedge late.
 */
export function hedgeDelayFor(policy: HedgePolicy, ownP95: number | undefined, ownSamples: number, peersP95: number | undefined): number | undefined {
  if (!policy.enabled) return undefined;
  const own = ownP95 !== undefined && ownSamples >= MIN_SAMPLES ? ownP95 : undefined;
  const ref = own === undefined ? peersP95 : peersP95 === undefined ? own : Math.min(own, peersP95);
  return ref === undefined ? undefined : Math.max(policy.minDelay, ref);
}

/** The token bucket: every call earns `ratio` of a hedge, a hedge spends one. */
export class HedgeBudget {
  #tokens: number;

  constructor(
    readonly ratio: number,
    readonly burst = HEDGE_BURST,
  ) {
    this.#tokens = burst;
  }

  get tokens(): number {
    return this.#tokens;
  }

  /** One call started. */
  deposit(): void {
    const t = this.#tokens + this.ratio;
    this.#tokens = t > this.burst ? this.burst : t;
  }

  /** Takes one hedge if the bucket allows it. */
  take(): boolean {
    if (this.#tokens < 1) return false;
    this.#tokens -= 1;
    return true;
  }
}
