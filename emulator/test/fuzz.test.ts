import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
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

  it('its command line refuses a mistyped option with the usage and exit 64, not a stack trace', () => {
    const cli = fileURLToPath(new URL('../fuzz/cli.ts', import.meta.url));
    const run = (...args: string[]) =>
      spawnSync(process.execPath, ['--import', 'tsx', cli, ...args], { encoding: 'utf8', timeout: 60_000 });
    const bogus = run('--bogus');
    expect(bogus.status).toBe(64);
    expect(bogus.stderr).toContain("Unknown option '--bogus'");
    expect(bogus.stderr).toContain('Usage: npm run fuzz');
    expect(bogus.stderr).not.toMatch(/\n\s+at /);
    const seed = run('--seed', 'x');
    expect(seed.status).toBe(64);
    expect(seed.stderr).toContain("--seed must be a non-negative integer, got 'x'");
    const help = run('--help');
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('--requests N');
  }, 120_000);
});
