import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    setupFiles: ['tests/setup.ts'],
    // Type tests (*.test-d.ts): tsc checks their expectTypeOf and @ts-expect-error lines as part of the run.
    typecheck: { enabled: true, include: ['tests/**/*.test-d.ts'], tsconfig: './tests/types/tsconfig.json' },
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // The 2-core CI machine: keep concurrency modest so timing-sensitive process tests stay fair.
    maxWorkers: 2,
  },
});
