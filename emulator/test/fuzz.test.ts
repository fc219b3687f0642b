import { describe, expect, it } from 'vitest';
import { BOUNDED_CATEGORIES } from '../fuzz/generate.js';
import { clean, runFuzz } from '../fuzz/run.js';

/**
 * A short run of the fuzzer (emulator/fuzz): a few thousand malformed and adversarial requests
 * against a fresh cluster in a child process. `npm run fuzz -- --requests 100000 --seed N` runs
 * the long version. The heavy AQL queries (resource exhaustion) run here with a maxRuntime of
 * 2 s (`aql-heavy-bounded`): unbounded, some legitimately run past the fuzzer's 20 s timeout on
 * a busy machine; bounded, a timeout means a request was starved by them (all coordinators share
 * one event loop, and even one expression over millions of elements yields now).
 */
describe('fuzzer', () => {
  it('finds no crash, hang, envelope-less error, leak or sentinel change', async () => {
    const report = await runFuzz({
      seed: 20261201,
      requests: 2500,
      timeLimitMs: 40_000,
      batchSize: 250,
      categories: BOUNDED_CATEGORIES,
    });
    const summary = report.findings.map((f) => `[${f.kind}] ${f.detail.slice(0, 300)}`).join('\n');
    expect(clean(report), summary).toBe(true);
    // the time limit bounds the run on a busy machine; it must still have done real work
    expect(report.sent).toBeGreaterThanOrEqual(500);
    expect(Object.keys(report.statuses).length).toBeGreaterThan(5);
  }, 120_000);
});
