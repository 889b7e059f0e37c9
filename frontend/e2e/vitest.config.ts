// End-to-end tests: the real bin/roster (ROSTER_BIN) on a fresh SQLite file,
// a real SMTP server in the test process, Debian's Chromium through
// playwright-core. Run from the repo root: `npm run test:e2e`.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  test: {
    include: ['specs/**/*.e2e.ts'],
    environment: 'node',
    globalSetup: ['./harness/globalSetup.ts'],
    testTimeout: 120_000,
    hookTimeout: 60_000,
    // Two cores: one spec file (one server, one browser) at a time.
    fileParallelism: false,
    pool: 'forks',
    maxWorkers: 1,
    sequence: { concurrent: false },
    reporters: ['default'],
  },
});
