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
    // Generous for a loaded machine (a full run took 760 s instead of 300 s at load 12 on 2 cores,
    // where the slowest test without its own bound took 9 s): a hung test still fails, only later.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Against a real server with ARANGO_DESTRUCTIVE=1 (see test/helpers/server.ts), a file that
    // restores a backup or sets read-only mode must not run beside another one.
    fileParallelism: !(process.env.ARANGO_URL && process.env.ARANGO_DESTRUCTIVE === '1'),
  },
});
