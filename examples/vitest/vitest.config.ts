/** README: "Use the emulator in your own tests" — the config (this repository runs it through vitest.repo.config.ts). */
// #region readme
// vitest.config.ts
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    globalSetup: ['./test/global-setup.ts'],
  },
});
// #endregion readme
