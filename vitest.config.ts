import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    setupFiles: ['tests/setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // The 2-core CI machine: keep concurrency modest so timing-sensitive process tests stay fair.
    maxWorkers: 2,
  },
});
