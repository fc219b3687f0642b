/**
 * `npm run docs` builds the API reference with TypeDoc; its own validation (typedoc.json:
 * notDocumented, notExported, invalidLink, rewrittenLink, treatWarningsAsErrors,
 * treatValidationWarningsAsErrors) makes any warning fail: every public export of both entry
 * points must carry a doc comment and every {@link} must resolve. There is no allow-list.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const typedoc = join(dirname(createRequire(import.meta.url).resolve('typedoc/package.json')), 'bin', 'typedoc');

it('TypeDoc validates the public API without a warning', async () => {
  const config = JSON.parse(readFileSync(join(root, 'typedoc.json'), 'utf8')) as Record<string, unknown>;
  // The rule is the config: no allow-list of undocumented names, warnings fail the run.
  expect(config.intentionallyNotDocumented).toBeUndefined();
  expect(config.extends).toBeUndefined();
  expect(config.treatWarningsAsErrors).toBe(true);
  expect(config.treatValidationWarningsAsErrors).toBe(true);
  expect(config.validation).toMatchObject({ notDocumented: true, invalidLink: true, notExported: true });
  const result = await promisify(execFile)(process.execPath, [typedoc, '--emit', 'none'], { cwd: root, env: { ...process.env, NO_COLOR: '1' } }).catch(
    (e: { stdout?: string; stderr?: string }) => ({ stdout: e.stdout ?? '', stderr: e.stderr ?? '', failed: true }),
  );
  expect(`${result.stdout}${result.stderr}`).not.toMatch(/warning|error/i); // NO_COLOR: plain text
  expect('failed' in result).toBe(false);
}, 180_000);
