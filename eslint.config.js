// @ts-check
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import jsxA11y from 'eslint-plugin-jsx-a11y';
import globals from 'globals';

/** The renderer's imports from outside renderer/: the IPC contract, by its alias, and nothing else. */
const RENDERER_IMPORTS = {
  paths: [{ name: 'electron', message: 'The renderer has no Electron: it reaches the main process through window.desktop only.' }],
  patterns: [
    {
      // A relative path that climbs out of renderer/ into another process's code (the contract
      // included: by its alias only, so there is one way in to look for).
      regex: '^(\\.\\./)+(main|preload|contract)(/|$)',
      message: "The renderer imports nothing from main/, preload/ or contract/ but the IPC contract, as '#ipc-contract' (it re-exports the types that cross IPC).",
    },
    { regex: '^node:', message: 'The renderer runs sandboxed, without Node.' },
  ],
};

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'bench-results/**'] },
  // Type-aware rules: the project service finds each file's TypeScript project through
  // tsconfig.json's references, so every file is linted with the types its own project sees.
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: { ...globals.node },
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      // A promise nobody awaits loses its rejection, and one handed to something that expects
      // a plain function (an IPC handler, an event listener, onClick) has its rejection lost
      // or its result ignored: in the IPC and sign-in code these hide failures. Both are in
      // recommendedTypeChecked already; spelled out because they matter most here.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      // `async` without `await` is how this code makes every failure a rejection: an IPC
      // handler whose argument check throws, reopen() that refuses, a fake's method. Dropping
      // `async` there, as this rule asks, would turn those rejections into synchronous throws.
      '@typescript-eslint/require-await': 'off',
      // Passing on a caught value (`catch (error) { return Promise.reject(error); }`) is no more
      // a non-Error rejection than `throw error` in a catch, which only-throw-error allows.
      '@typescript-eslint/prefer-promise-reject-errors': ['error', { allowThrowingUnknown: true }],
      // The core is type-checked on its own with Node's types (tsconfig.node.json) and again,
      // through the tests, with Node's and the DOM's (tsconfig.test.json), which declare these
      // web types apart: an assertion to one of them bridges the two, needed on one side only.
      '@typescript-eslint/no-unnecessary-type-assertion': ['error', { typesToIgnore: ['CryptoKeyPair', 'RequestInit'] }],
      'no-console': ['error', { allow: ['warn', 'error'] }],
    },
  },
  {
    // Plain JavaScript (this file, scripts/test-all.mjs) belongs to no TypeScript project.
    files: ['**/*.{js,mjs,cjs}'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    // The sign-in core runs in plain Node: importing Electron there would try to download it.
    files: ['main/auth/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'electron', message: 'main/auth must not import electron (see docs/architecture.md).' }] }],
    },
  },
  {
    // The IPC contract is loaded by main, the preload and the renderer: it may import types
    // (the core's that cross IPC) and nothing that runs.
    files: ['contract/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ regex: '.', allowTypeImports: true, message: 'The IPC contract imports types only (import type): the renderer and the preload load it too.' }] },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks, 'jsx-a11y': jsxA11y },
    rules: {
      ...reactHooks.configs.recommended.rules,
      ...jsxA11y.flatConfigs.recommended.rules,
      // A scrollable region takes focus so that a keyboard can scroll it (the API's response body).
      'jsx-a11y/no-noninteractive-tabindex': ['error', { tags: [], roles: ['tabpanel', 'region'], allowExpressionValues: true }],
      'no-restricted-imports': ['error', RENDERER_IMPORTS],
    },
  },
  {
    files: ['scripts/**', 'test/**'],
    rules: { 'no-console': 'off' },
  },
  {
    // Vitest types its asymmetric matchers (expect.stringMatching, expect.any,
    // expect.objectContaining, ...) as returning `any`, so every `{ message: expect.stringMatching(...) }`
    // would be an "unsafe assignment". The other no-unsafe-* rules still apply to the tests.
    files: ['test/**'],
    rules: { '@typescript-eslint/no-unsafe-assignment': 'off' },
  },
);
