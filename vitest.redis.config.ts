import { defineConfig } from 'vitest/config';

/**
 * The Redis pass: the headless end-to-end tests, every CLI they start on a real redis-server
 * (AGORAS_STORE=redis://127.0.0.1:<port>/<db of its own>) instead of the config file. The files
 * left out test the file store itself (its modes, a full or read-only disk, a corrupt file) or a
 * terminal (tmux), which the store does not change.
 */
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.test.ts'],
    exclude: ['test/e2e/wizard-tmux.test.ts', 'test/e2e/prompt-tmux.test.ts'],
    globalSetup: ['test/redis-pass/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    env: { CI: 'false' },
  },
});
