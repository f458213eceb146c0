// The workshop walk (tests/walk/README.md): one long run through a whole workshop in Chromium, with
// screenshots to look at; not part of the browser tests (it takes about a minute). Uses the browser tests'
// harness and their CSP check.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/walk/**/*.walk.ts'],
    setupFiles: ['tests/browser/setup.ts'],
    environment: 'node',
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 60_000,
  },
});
