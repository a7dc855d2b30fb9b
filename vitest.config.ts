import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.{ts,tsx}'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Ink renders only its last frame when it believes it runs in CI; the UI tests read every frame.
    env: { CI: 'false' },
  },
});
