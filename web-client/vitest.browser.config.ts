// Browser tests: playwright-core drives Debian's Chromium against a real scsa-server (tests/browser/**).
// One file at a time: each starts its own server and browser.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/browser/**/*.test.ts'],
    environment: 'node',
    fileParallelism: false,
    testTimeout: 90_000,
    hookTimeout: 60_000,
  },
});
