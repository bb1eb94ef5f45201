import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.{ts,tsx}'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Tests share one machine with 2 cores and a real Chromium: keep parallelism modest.
    maxWorkers: 2,
    server: { deps: { inline: ['electron-store'] } },
  },
});
