import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{worker,shared,extension,bench,scripts}/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20_000,
    // Type tests (`*.test-d.ts`, expectTypeOf and @ts-expect-error) run with `vitest run` too, checked
    // by tsc against the project's tsconfig (`npm run check` compiles them as well).
    typecheck: {
      enabled: true,
      include: ['{worker,shared,extension}/**/*.test-d.ts'],
      tsconfig: './tsconfig.json',
      // Errors outside the type tests are `npm run check`'s to report; here they would fail every run.
      ignoreSourceErrors: true,
    },
  },
});
