import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Tests import the sources, not dist/, so a test run never depends on a stale build.
export default defineConfig({
  resolve: {
    alias: {
      'arangots-emulator': fileURLToPath(new URL('./emulator/src/index.ts', import.meta.url)),
      // Before 'arangots': an alias also matches its subpaths, and the first match wins.
      'arangots/opentelemetry': fileURLToPath(new URL('./src/opentelemetry/index.ts', import.meta.url)),
      arangots: fileURLToPath(new URL('./src/index.ts', import.meta.url)),
    },
  },
  test: {
    include: ['test/**/*.test.ts', 'emulator/test/**/*.test.ts', 'examples/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // Against a real server with ARANGO_DESTRUCTIVE=1 (see test/helpers/server.ts), a file that
    // restores a backup or sets read-only mode must not run beside another one.
    fileParallelism: !(process.env.ARANGO_URL && process.env.ARANGO_DESTRUCTIVE === '1'),
  },
});
