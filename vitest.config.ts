import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{worker,shared,extension,bench,scripts}/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20_000,
  },
});
