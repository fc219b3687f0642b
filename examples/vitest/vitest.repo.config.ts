/**
 * The README's vitest.config.ts as this repository runs it (examples/vitest-setup.test.ts):
 * rooted here, with `arangots` / `arangots-emulator` resolved to the sources instead of
 * installed packages.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig, mergeConfig } from 'vitest/config';
import readmeConfig from './vitest.config.js';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

export default mergeConfig(
  readmeConfig,
  defineConfig({
    root: here('.'),
    resolve: {
      alias: {
        'arangots-emulator': here('../../emulator/src/index.ts'),
        arangots: here('../../src/index.ts'),
      },
    },
  }),
);
