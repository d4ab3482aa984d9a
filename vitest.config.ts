import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'packages/*/src/**/*.test.ts',
      'packages/*/test/**/*.test.ts',
      'apps/*/src/**/*.test.ts',
      'apps/*/test/**/*.test.ts',
      'apps/*/e2e/**/*.test.ts',
      'scripts/**/*.test.ts',
    ],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // A poll waits for what a page or the server does next, not for a deadline: on a loaded machine a
    // browser round trip can take seconds, so the default second is too short to mean anything.
    expect: { poll: { timeout: 15_000 } },
    reporters: ['default', './scripts/vitest-summary-reporter.ts'],
  },
});
