import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    pool: 'forks',
    testTimeout: 90_000,
    hookTimeout: 60_000,
    // Integration tests open their own database each; two at a time fits a 2-core machine. The fault
    // test (test/fault.int.test.ts) is heavy: npm test runs it on its own after the rest, and the
    // browser tests (test/e2e, a Chromium each) after the integration tests, whose one-second board
    // time limits a browser beside them on a loaded machine made miss.
    maxWorkers: 2,
  },
});
