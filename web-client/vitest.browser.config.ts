// Browser tests: playwright-core drives Debian's Chromium against a real scsa-server (tests/browser/**).
// One file at a time: each starts its own server and browser. setup.ts fails a test on any CSP violation.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/browser/**/*.test.ts'],
    setupFiles: ['tests/browser/setup.ts'],
    environment: 'node',
    fileParallelism: false,
    testTimeout: 90_000,
    hookTimeout: 60_000,
  },
});
