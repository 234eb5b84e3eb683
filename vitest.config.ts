import { defineConfig } from 'vitest/config';

// CI writes vitest's own JSON result so .ci/run can print the plain "N passed, N failed" line.
const reporters: NonNullable<NonNullable<Parameters<typeof defineConfig>[0]['test']>['reporters']> = process.env.CI
  ? ['default', ['json', { outputFile: 'test-results.json' }]]
  : ['default'];

export default defineConfig({
  test: {
    include: ['test/**/*.test.{ts,tsx}'],
    reporters,
    testTimeout: 20_000,
    hookTimeout: 30_000,
    pool: 'forks',
  },
});
