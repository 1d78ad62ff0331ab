import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const electronOnlyInShell = {
  name: 'electron',
  message: "Only src-main/electron/ may import 'electron'; domain code must run in plain Node.",
};

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'native/**', '.tmp/**', 'node_modules/**', 'test-results/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      'no-console': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-imports': ['error', { paths: [electronOnlyInShell] }],
    },
  },
  {
    files: ['src-main/electron/**'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['src-renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          paths: [electronOnlyInShell],
          patterns: [
            { group: ['**/src-main/**', '**/src-server/**', 'node:*'], message: 'The renderer talks to the main process only through lib/rpc.' },
          ],
        },
      ],
    },
  },
  {
    // Vite's configuration runs in Node at build time, not in the renderer.
    files: ['src-renderer/vite.config.ts'],
    languageOptions: { globals: { ...globals.node } },
    rules: { 'no-restricted-imports': ['error', { paths: [electronOnlyInShell] }] },
  },
  {
    files: ['src-shared/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [electronOnlyInShell],
          patterns: [
            { group: ['**/src-main/**', '**/src-renderer/**', '**/src-server/**', 'node:*', 'react', 'react-dom'], message: 'src-shared uses neither Node nor the DOM.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src-main/start.ts', 'src-main/cli/**', 'scripts/**'],
    rules: { 'no-console': 'off' },
  },
);
