/**
 * The README's "Use the emulator in your own tests": runs vitest on examples/vitest/ (its global
 * setup starts an emulator cluster, its test file reads the URLs through inject()) in a child
 * process, as a user's `npx vitest run` would.
 */
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const vitest = join(dirname(createRequire(import.meta.url).resolve('vitest/package.json')), 'vitest.mjs');

it('a vitest globalSetup starts an emulator cluster and its tests reach it through inject()', async () => {
  const { stdout } = await promisify(execFile)(process.execPath, [vitest, 'run', '--config', 'examples/vitest/vitest.repo.config.ts'], {
    cwd: root,
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
  });
  expect(stdout).toMatch(/Tests\s+2 passed \(2\)/);
}, 120_000);
