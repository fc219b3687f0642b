/**
 * `client.stats()`: a thin view over the per-host statistics the transport keeps for its
 * gray-failure decisions (host-stats.ts, shown in `client.hosts()`), plus counters of whole calls
 * (a call may take several attempts). One source of truth: attempts, retries, hedges, ejections
 * and attempt latencies are read from the hosts, never counted twice.
 */
import { LatencyWindow, type LatencySummary } from './host-stats.js';
import type { HostHealth, HostInfo } from './host.js';

/** One host as `client.stats()` shows it. */
export interface HostCallStats {
  readonly id: string;
  readonly state: HostHealth;
  /** Attempts of this client on the wire to this host now. */
  readonly inFlight: number;
  /** Attempts sent (first tries, retries and hedges). */
  readonly attempts: number;
  /** Attempts answered with any HTTP status. */
  readonly answers: number;
  /** Attempts that ended without an answer, by kind. */
  readonly failures: { readonly network: number; readonly timeout: number };
  readonly retries: number;
  readonly hedges: number;
  readonly hedgesWon: number;
  /** Times the host was taken out of rotation. */
  readonly ejections: number;
  /** Attempt response times over the host's recent window (ms). */
  readonly latency: LatencySummary;
}

/** Whole calls of the client, over every host. */
export interface TotalCallStats {
  /** Calls made (each public call is one, whatever its attempts). */
  readonly calls: number;
  /** Calls running now. */
  readonly inFlight: number;
  /** Calls that failed, by the error's `code` (`ARANGO_SERVER_ERROR`, `ARANGO_TIMEOUT`, `ARANGO_NETWORK_ERROR`, …). */
  readonly failures: Readonly<Record<string, number>>;
  readonly attempts: number;
  readonly retries: number;
  readonly hedges: number;
  readonly hedgesWon: number;
  readonly ejections: number;
  /** Call durations (retries included) over the recent window (ms). */
  readonly latency: LatencySummary;
}

/** What `client.stats()` returns: the client's whole calls in total, and each host's attempts. */
export interface ClientStats {
  readonly total: TotalCallStats;
  readonly hosts: readonly HostCallStats[];
}

/** Counters of whole calls, updated by the transport at the start and end of each. */
export class CallStats {
  calls = 0;
  inFlight = 0;
  readonly failures = new Map<string, number>();
  readonly window = new LatencyWindow();

  /** A call starts; returns its start time for `finished`. */
  started(): number {
    this.calls++;
    this.inFlight++;
    return performance.now();
  }

  failed(err: unknown): void {
    const code = (err as { code?: unknown } | null)?.code;
    const kind = typeof code === 'string' ? code : err instanceof Error ? err.name : 'unknown';
    this.failures.set(kind, (this.failures.get(kind) ?? 0) + 1);
  }

  finished(startedAt: number): void {
    this.inFlight--;
    this.window.record(performance.now() - startedAt);
  }

  /** The view, combined with the hosts' own statistics. */
  view(hosts: readonly HostInfo[]): ClientStats {
    const rows = hosts.map(
      (h): HostCallStats => ({
        id: h.id,
        state: h.state,
        inFlight: h.inFlight,
        attempts: h.stats.requests,
        answers: h.stats.answers,
        failures: { network: h.stats.networkErrors, timeout: h.stats.timeouts },
        retries: h.stats.retries,
        hedges: h.stats.hedges,
        hedgesWon: h.stats.hedgesWon,
        ejections: h.stats.ejections,
        latency: h.stats.recent,
      }),
    );
    const sum = (pick: (h: HostCallStats) => number): number => rows.reduce((n, h) => n + pick(h), 0);
    return {
      total: {
        calls: this.calls,
        inFlight: this.inFlight,
        failures: Object.fromEntries(this.failures),
        attempts: sum((h) => h.attempts),
        retries: sum((h) => h.retries),
        hedges: sum((h) => h.hedges),
        hedgesWon: sum((h) => h.hedgesWon),
        ejections: sum((h) => h.ejections),
        latency: this.window.summary(Infinity),
      },
      hosts: rows,
    };
  }
}
