// Unit tests of the client logic (no server, no browser): tests/unit/**.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: { include: ['tests/unit/**/*.test.ts'], environment: 'happy-dom' },
});
