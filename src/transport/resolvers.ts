/**
 * Host resolvers choose the host for each attempt of a request.
 *
 * The transport does the health filtering, so every resolver honours down hosts for free: it
 * hands `pick` the candidates — the hosts that are up and not yet tried by this call (or, when
 * none is left, every host not yet tried, then every host) — and the resolver only chooses among
 * them. A resolver is a small object with a `pick` function, much like the mongodb driver's server
 * selectors; it may keep its own state (a counter, a sticky choice).
 */
import { ArangoClientError } from '../errors.js';
import type { HostInfo } from './host.js';
import { leastBusyIndex } from './least-busy.js';

/** What a resolver knows besides the candidates. */
export interface ResolveContext {
  /** Every host of the client in host-list order, whatever its state. */
  readonly all: readonly HostInfo[];
  /** 1 for a call's first attempt, 2 for its first retry, … */
  readonly attempt: number;
}

/**
 * A custom host-selection strategy.
 *
 * `candidates` is never empty and keeps host-list order; return the `id` of one of them. `pick`
 * must not throw; it should be cheap, as it runs for every attempt of every request.
 */
export interface HostResolver {
  /** Chooses the host for one attempt: the `id` of one of `candidates`. */
  pick(candidates: readonly HostInfo[], context: ResolveContext): string;
}

/** The built-in resolver names; the runtime check and the type come from this one list. */
export const HOST_RESOLVER_NAMES = ['roundrobin', 'random', 'single', 'fallback', 'periodic', 'leastbusy'] as const;
/** The built-in resolvers by name: `roundrobin` (default), `random`, `single`, `fallback`, `periodic`, `leastbusy`. */
export type HostResolverName = (typeof HOST_RESOLVER_NAMES)[number];

export interface ResolverOptions {
  /** `'periodic'`: requests sent to one host before moving to the next. Default 100 (as python-arango). */
  requestsPeriod?: number;
}

/** Each request goes to the next host in list order, skipping unavailable ones. */
export class RoundRobinResolver implements HostResolver {
  #next = 0;

  pick(candidates: readonly HostInfo[], { all }: ResolveContext): string {
    const n = all.length;
    for (let i = 0; i < n; i++) {
      const index = (this.#next + i) % n;
      const host = all[index] as HostInfo;
      if (candidates.length === n || candidates.includes(host)) {
        this.#next = (index + 1) % n;
        return host.id;
      }
    }
    return (candidates[0] as HostInfo).id;
  }
}

/** Each request goes to a uniformly random available host. */
export class RandomResolver implements HostResolver {
  pick(candidates: readonly HostInfo[]): string {
    return (candidates[Math.floor(Math.random() * candidates.length)] as HostInfo).id;
  }
}

/** The first host of the list; the next available one only while the first is down. */
export class SingleResolver implements HostResolver {
  pick(candidates: readonly HostInfo[]): string {
    return (candidates[0] as HostInfo).id;
  }
}

/**
 * Sticky: stays on one host and moves to the next available one (in list order, wrapping) when
 * the current one fails, then stays there — it does not go back when the first host recovers.
 */
export class FallbackResolver implements HostResolver {
  #current: string | undefined;

  pick(candidates: readonly HostInfo[], { all }: ResolveContext): string {
    const current = this.#current;
    if (current !== undefined && candidates.some((h) => h.id === current)) return current;
    const chosen = nextAfter(current, candidates, all);
    this.#current = chosen;
    return chosen;
  }
}

/** Stays on one host for `requestsPeriod` requests, then moves to the next; moves early on failure. */
export class PeriodicResolver implements HostResolver {
  #current: string | undefined;
  #count = 0;
  readonly period: number;

  constructor(period = 100) {
    if (!Number.isInteger(period) || period < 1) {
      throw new ArangoClientError(`requestsPeriod must be a positive integer, got ${String(period)}`);
    }
    this.period = period;
  }

  pick(candidates: readonly HostInfo[], { all }: ResolveContext): string {
    const current = this.#current;
    if (current !== undefined && this.#count < this.period && candidates.some((h) => h.id === current)) {
      this.#count++;
      return current;
    }
    const chosen = current === undefined ? (candidates[0] as HostInfo).id : nextAfter(current, candidates, all);
    this.#current = chosen;
    this.#count = 1;
    return chosen;
  }
}

/**
 * The available host with the fewest requests in flight, weighted by how soon it is expected to
 * answer; ties are broken round-robin so an idle client still spreads its load.
 *
 * A host's expected response time is the larger of its recent response time and how long it has
 * kept requests waiting without answering anything (least-busy.ts). Hosts expected within 2× of the fastest
 * plus 1 ms weigh 1 — among them this is plain "fewest in flight" — while a host k times beyond
 * that weighs k and is chosen only when the others are k times as busy. Waiting counts, so a host
 * that turns slow is avoided within milliseconds, not after its slow answers arrive (with few
 * calls in flight they would arrive too late to matter). A slow host's average fades while it
 * gets no traffic, so it is tried again now and then and rejoins as soon as it answers quickly.
 */
export class LeastBusyResolver implements HostResolver {
  #offset = 0;

  pick(candidates: readonly HostInfo[]): string {
    const start = this.#offset++ % candidates.length;
    if (this.#offset > 1_000_000_000) this.#offset = 0;
    return (candidates[leastBusyIndex(candidates, start)] as HostInfo).id;
  }
}

/** The first candidate after `current` in host-list order (wrapping), or the first candidate. */
function nextAfter(current: string | undefined, candidates: readonly HostInfo[], all: readonly HostInfo[]): string {
  const from = current === undefined ? -1 : all.findIndex((h) => h.id === current);
  if (from >= 0) {
    for (let i = 1; i <= all.length; i++) {
      const host = all[(from + i) % all.length] as HostInfo;
      if (candidates.includes(host)) return host.id;
    }
  }
  return (candidates[0] as HostInfo).id;
}

function isResolverName(value: string): value is HostResolverName {
  return (HOST_RESOLVER_NAMES as readonly string[]).includes(value);
}

/** Builds the resolver for the `hostResolver` option, refusing unknown names and malformed objects. */
export function createResolver(option: HostResolverName | HostResolver | undefined, options: ResolverOptions = {}): HostResolver {
  if (option === undefined) return new RoundRobinResolver();
  if (typeof option === 'object' && option !== null) {
    if (typeof (option as Partial<HostResolver>).pick !== 'function') {
      throw new ArangoClientError('hostResolver: a custom resolver must be an object with a pick(candidates, context) function');
    }
    return option;
  }
  if (typeof option !== 'string' || !isResolverName(option)) {
    throw new ArangoClientError(`hostResolver: unknown resolver ${JSON.stringify(option)}; expected one of ${HOST_RESOLVER_NAMES.join(', ')} or a HostResolver object`);
  }
  switch (option) {
    case 'roundrobin':
      return new RoundRobinResolver();
    case 'random':
      return new RandomResolver();
    case 'single':
      return new SingleResolver();
    case 'fallback':
      return new FallbackResolver();
    case 'periodic':
      return new PeriodicResolver(options.requestsPeriod);
    case 'leastbusy':
      return new LeastBusyResolver();
  }
}
