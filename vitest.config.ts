import { defineConfig } from 'vitest/config';

// CI writes vitest's own JSON result so .ci/run can print the plain "N passed, N failed" line.
export default defineConfig({
  test: {
    include: ['test/**/*.test.{ts,tsx}'],
    reporters: process.env.CI ? ['default', ['json', { outputFile: 'test-results.json' }]] : ['default'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    pool: 'forks',
  },
});
