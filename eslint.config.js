// Lint: typescript-eslint's recommended rules plus import zones that keep the layers apart (STYLE.md):
// shared/ is pure, renderer/ never reaches Node or electron/, only electron/main.ts imports electron.
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['node:*', 'fs', 'path', 'http', 'https', 'net', 'os', 'child_process', 'url', 'crypto', 'stream', 'events', 'worker_threads'];

export default tseslint.config(
  { ignores: ['dist/**', 'build/**', 'release/**', 'node_modules/**', 'test-output/**', '.tmp/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: nodeBuiltins, message: 'shared/ is pure: no Node APIs.' },
        { group: ['three', 'three/*', 'd3', 'd3-*', 'electron', 'ws', 'prom-client', '../electron/*', '../renderer/*', '**/electron/**', '**/renderer/**'], message: 'shared/ is pure: no DOM, Node, three.js or other layers.' },
      ] }],
      'no-restricted-globals': ['error', 'window', 'document', 'process', 'Buffer', 'require'],
    },
  },
  {
    files: ['renderer/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: nodeBuiltins, message: 'The renderer never gets Node.' },
        { group: ['electron', 'ws', 'prom-client', '**/electron/**'], message: 'The renderer talks to the hub over HTTP/WS only.' },
      ] }],
      'no-restricted-properties': ['error', { property: 'innerHTML', message: 'Labels are untrusted: use textContent.' }, { property: 'outerHTML', message: 'Labels are untrusted: use textContent.' }],
    },
  },
  {
    files: ['electron/**/*.ts'],
    ignores: ['electron/main.ts', 'electron/preload.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: ['electron'], message: 'Only electron/main.ts imports electron.' },
        { group: ['**/renderer/**'], message: 'The hub does not import renderer code.' },
      ] }],
    },
  },
);
