/** Readmission after an attempt-timeout ejection, alone (no server): which evidence still counts. */
import { describe, expect, it } from 'vitest';
import { answerReadmits, nextTimeoutStreak, TIMEOUT_STREAK_RESET_MS, timeoutCounts, timeoutProbeDelay } from '../src/transport/readmission.js';

describe('readmission', () => {
  it('a host out for timeouts comes back only on an in-time answer to an attempt sent after it was taken out', () => {
    expect(answerReadmits('timeout', { sentAfterDown: true, inTime: true })).toBe(true);
    // the late answers of the burst that took it out
    expect(answerReadmits('timeout', { sentAfterDown: false, inTime: false })).toBe(false);
    // an attempt from before, answered in time: it was sent to the host as it was then
    expect(answerReadmits('timeout', { sentAfterDown: false, inTime: true })).toBe(false);
    // sent since (a pinned follow-up, or every host down), but a straggler itself
    expect(answerReadmits('timeout', { sentAfterDown: true, inTime: false })).toBe(false);
  });

  it('a host out for slowness comes back through its probe only; one that refused or 503ed on any answer', () => {
    for (const attempt of [
      { sentAfterDown: true, inTime: true },
      { sentAfterDown: false, inTime: false },
    ]) {
      expect(answerReadmits('slow', attempt)).toBe(false);
      expect(answerReadmits('unreachable', attempt)).toBe(true);
      expect(answerReadmits('unavailable', attempt)).toBe(true);
    }
  });

  it('an attempt timeout counts only for an attempt sent since the host last came back', () => {
    expect(timeoutCounts(100, -Infinity)).toBe(true);
    expect(timeoutCounts(100, 100)).toBe(true);
    expect(timeoutCounts(99.5, 100)).toBe(false);
  });

  it('the first timeout ejection of a streak is probed at once, later ones after a growing, capped back-off', () => {
    expect(timeoutProbeDelay(1, 250, 5_000)).toBe(0);
    // then the host back-off: its initial delay, doubling, at most its maximum
    expect(timeoutProbeDelay(2, 250, 5_000)).toBe(250);
    expect(timeoutProbeDelay(3, 250, 5_000)).toBe(500);
    expect(timeoutProbeDelay(5, 250, 5_000)).toBe(2_000);
    expect(timeoutProbeDelay(50, 250, 5_000)).toBe(5_000);
  });

  it('the streak grows with ejections in close succession and starts afresh after a long stay in rotation', () => {
    expect(nextTimeoutStreak(0, 10)).toBe(1);
    expect(nextTimeoutStreak(1, 600)).toBe(2);
    expect(nextTimeoutStreak(4, TIMEOUT_STREAK_RESET_MS - 1)).toBe(5);
    expect(nextTimeoutStreak(4, TIMEOUT_STREAK_RESET_MS + 1)).toBe(1);
  });
});
