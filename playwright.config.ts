import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: 'e2e',
  testMatch: '**/*.spec.ts',
  // Each test launches its own browser profile with the extension; two cores do not go further.
  workers: 1,
  fullyParallel: false,
  timeout: 90_000,
  expect: { timeout: 10_000 },
  retries: 0,
  // A stray test.only must not silently shrink the CI run.
  forbidOnly: !!process.env.CI,
  reporter: [['list']],
  outputDir: 'test-results',
  // A failing test leaves a trace (DOM snapshots, console, network) in test-results/ to open with
  // `npx playwright show-trace`.
  use: { viewport: { width: 1280, height: 800 }, trace: 'retain-on-failure' },
});
