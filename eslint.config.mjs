// Lint for every TypeScript and ES module source: typescript-eslint's recommended rules, plus the
// house rules of docs/ARCHITECTURE.md — the engine stays pure, the webview never writes HTML from
// strings, and no failure is swallowed by an empty catch. Formatting is Prettier's (.prettierrc.json).
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'media/**',
      'test-results/**',
      'bench-results/**',
      '.profile-*/**',
      'node_modules/**',
      '.vscode-test/**',
      '.vscode-test-web/**',
      'out/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser, ...globals.mocha } },
    rules: {
      'no-empty': ['error', { allowEmptyCatch: false }],
      // Prettier wraps code at 120 columns but cannot break a string: long messages are allowed,
      // long code and comments are not.
      'max-len': [
        'error',
        { code: 120, ignoreStrings: true, ignoreTemplateLiterals: true, ignoreRegExpLiterals: true, ignoreUrls: true },
      ],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false },
      ],
      'no-restricted-syntax': [
        'error',
        { selector: 'ExportDefaultDeclaration', message: 'Named exports only (docs/ARCHITECTURE.md).' },
      ],
    },
  },
  {
    // Tool configuration files export their config as the tool expects.
    files: ['eslint.config.mjs'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    // The engine runs in the desktop host, the web host, workers and the CLI: no vscode, no Node.
    files: ['src/engine/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                'vscode',
                'node:*',
                'fs',
                'path',
                'os',
                'child_process',
                'worker_threads',
                '**/host/**',
                '**/cli/**',
              ],
              message: 'The engine is pure (docs/ARCHITECTURE.md).',
            },
          ],
        },
      ],
    },
  },
  {
    // The webview renders untrusted strings: text nodes only, never HTML parsing sinks.
    files: ['webview/**/*.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        { property: 'innerHTML', message: 'Use textContent or DOM nodes.' },
        { property: 'outerHTML', message: 'Use textContent or DOM nodes.' },
        { property: 'insertAdjacentHTML', message: 'Use DOM nodes.' },
      ],
    },
  },
  {
    // Plain ES module scripts and tests: `require` of built bundles and loose test doubles are fine.
    files: ['**/*.mjs', 'test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
);
