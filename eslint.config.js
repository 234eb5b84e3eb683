// Lint: the recommended JS and TypeScript rules; type-aware rules are left to tsc.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  // src/evidence/kernel is AssemblyScript (scripts/build-kernel.mjs compiles it), not TypeScript.
  { ignores: ['dist/**', 'dist.*/**', '.bench/**', 'node_modules/**', 'coverage/**', '**/*.d.ts', 'src/evidence/kernel/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', URL: 'readonly', Buffer: 'readonly', AbortController: 'readonly', AbortSignal: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', performance: 'readonly', TextDecoder: 'readonly', TextEncoder: 'readonly', structuredClone: 'readonly', queueMicrotask: 'readonly', setImmediate: 'readonly' },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-control-regex': 'off',
    },
  },
  {
    // Untrusted text reaches the wizard's screen only through src/ui/text.tsx, which makes it safe.
    files: ['src/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'ink', importNames: ['Text'], message: "Use Text from src/ui/text.tsx: it shows control characters in untrusted text as visible escapes." }] }],
    },
  },
);
