/**
 * Readmission after an attempt-timeout ejection: which evidence about a host still counts once
 * the host changed state. Pure decisions, tested alone; the host pool applies them.
 *
 * An attempt tells about the host as it was when the attempt was sent. A straggling coordinator
 * (a tenth of its answers late) showed why that matters: under a sticky resolver (`single`,
 * `fallback`) every call waits on one of its stragglers within a few hundred ms, three attempt
 * timeouts in a row take it out, and then
 *  - the late answers to the very attempts that timed out brought it straight back,
 *  - so did the probe sent at once (nine probes in ten answer in a millisecond),
 *  - and the remaining timeouts of that same burst took it out again,
 * down and up every few ms. So:
 *  - a host out for timeouts comes back through its probe, or through an answer to an attempt sent
 *    after it was taken out that came within that attempt's timeout; a late answer, or one to an
 *    attempt from before, describes the fault, not the host now;
 *  - an attempt timeout counts toward taking a host out only for an attempt sent since the host
 *    last came back into rotation;
 *  - the first timeout ejection of a streak is probed at once (a host busy with a few long
 *    requests is back within a round trip), and each further one in close succession waits the
 *    host back-off, growing, so a straggler that keeps failing leaves rotation for longer each time.
 * A host out for slowness comes back through its probe only (outlier.ts, `readmissionLimit`); one
 * out because it refused or 503ed comes back on any answer, as an answer is all it lacked.
 */
import type { HostDownReason } from './host.js';
import { hostDownFor } from './retry.js';

/** A host that stayed in rotation this long starts its timeout-ejection streak afresh (ms). */
export const TIMEOUT_STREAK_RESET_MS = 30_000;

/** One answered attempt, as readmission needs it. */
export interface AnsweredAttempt {
  /** The attempt was sent after its host was taken out of rotation. */
  readonly sentAfterDown: boolean;
  /** The answer came within the attempt's timeout. */
  readonly inTime: boolean;
}

/** Whether an answer brings a host that is out of rotation (for `reason`) back into it. */
export function answerReadmits(reason: HostDownReason | undefined, attempt: AnsweredAttempt): boolean {
  switch (reason) {
    case 'slow':
      return false;
    case 'timeout':
      return attempt.sentAfterDown && attempt.inTime;
    default:
      return true;
  }
}

/**
 * Whether an attempt timeout counts toward taking its host out: only for an attempt sent at or
 * after `readmittedAt`, when the host last came back into rotation (both performance.now()).
 */
export function timeoutCounts(attemptStarted: number, readmittedAt: number): boolean {
  return attemptStarted >= readmittedAt;
}

/**
 * The timeout-ejection streak a new ejection makes: `previous` ejections in close succession, the
 * host in rotation for `upForMs` since the last one.
 */
export function nextTimeoutStreak(previous: number, upForMs: number): number {
  return previous <= 0 || upForMs > TIMEOUT_STREAK_RESET_MS ? 1 : previous + 1;
}

/**
 * How long (ms) after the `streak`-th timeout ejection in a row the first probe waits: at once
 * for the first, then the host back-off (`initial`, doubling, at most `max`).
 */
export function timeoutProbeDelay(streak: number, initial: number, max: number): number {
  return streak <= 1 ? 0 : hostDownFor(streak - 1, initial, max);
}
