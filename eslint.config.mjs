// ESLint 9 flat config: typescript-eslint's recommended rules, the Office add-in rules of
// eslint-plugin-office-addins, Prettier's "turn off what Prettier owns", and the boundary that
// keeps src/core free of Office, Node, the DOM and adapter code.
//
// eslint-plugin-office-addins 4 exposes flat configs as `configs.recommended` (an array), but
// that array brings its own copy of @typescript-eslint (8.8, nested in its node_modules) and
// eslint-plugin-prettier. Using it whole would define the "@typescript-eslint" plugin twice
// (ESLint refuses) and run Prettier inside ESLint, which `npm run lint` already runs as
// `prettier --check`. So this takes the plugin's own rules with the severities its recommended
// config sets, and nothing else from it.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import officeAddins from 'eslint-plugin-office-addins';
// eslint-config-prettier is a dependency of eslint-plugin-office-addins (hoisted to the root
// node_modules), not of this package; it is the same module the plugin's recommended uses.
import prettierConfig from 'eslint-config-prettier';
import globals from 'globals';

/**
 * The rules of the plugin's own block in its recommended config (the block that registers
 * office-addins; the other blocks are @eslint/js and eslint-config-prettier, used here directly).
 */
const officeRecommendedRules = officeAddins.configs.recommended
  .filter((config) => config.plugins?.['office-addins'])
  .flatMap((config) => Object.entries(config.rules ?? {}));
/** Its office-addins/* rules (load/sync discipline of Office.js). */
const officeAddinsRules = Object.fromEntries(
  officeRecommendedRules.filter(([name]) => name.startsWith('office-addins/')),
);
/**
 * Its plain ESLint rules (no-eval, no-octal, …), for every file. Left out: prettier/prettier
 * (Prettier runs on its own) and the unused-variable rules (typescript-eslint's, below).
 */
const officeCoreRules = Object.fromEntries(
  officeRecommendedRules.filter(([name]) => !name.includes('/') && name !== 'no-unused-vars'),
);

const NODE_BUILTINS = [
  'fs',
  'fs/promises',
  'path',
  'os',
  'child_process',
  'crypto',
  'stream',
  'url',
  'util',
  'worker_threads',
  'http',
  'https',
  'net',
  'zlib',
  'buffer',
  'events',
  'process',
  'module',
];

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'out/**',
      'node_modules/**',
      'coverage/**',
      'bench/data/**',
      'examples/*.xlsx',
      'test/e2e/.tmp/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      ...officeCoreRules,
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' },
      ],
    },
  },
  // Node scripts and configs (CommonJS webpack config, .mjs scripts, the bin).
  {
    files: ['**/*.{js,mjs,cjs}', 'scripts/**', 'bin/**', 'bench/**', '*.config.{ts,mjs,js}'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ['webpack.config.js', 'bin/**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  // Code that runs against Office.js: the task pane, the command function file and the Excel
  // adapter. The office-addins rules apply here only: elsewhere (tests of the strict
  // simulator, exceljs cells in the file adapter's tests) reading an unloaded property is
  // either the point of the test or not Office.js at all.
  {
    files: ['src/taskpane/**', 'src/commands/**', 'src/excel/**'],
    plugins: { 'office-addins': officeAddins },
    languageOptions: { globals: { ...globals.browser, Office: 'readonly', Excel: 'readonly' } },
    rules: officeAddinsRules,
  },
  {
    files: ['test/**'],
    languageOptions: { globals: { ...globals.node } },
  },
  // No function in src/ over 120 lines (issue 15): a longer one is cut into named steps. Tests
  // are not held to it (a test's table of cases may be long).
  {
    files: ['src/**/*.ts'],
    rules: { 'max-lines-per-function': ['error', { max: 120 }] },
  },
  // The engine boundary: src/core runs in the task pane, in Node and in tests alike, so it may
  // not reach for Office, Node, the DOM, file/CSV libraries, or the adapters and UI.
  {
    files: ['src/core/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            ...NODE_BUILTINS.map((name) => ({
              name,
              message:
                'src/core must not use Node: pass data in through the ports (src/core/ports.ts).',
            })),
            ...[
              'exceljs',
              'papaparse',
              'playwright',
              'playwright-core',
              'office-js',
              '@microsoft/office-js',
            ].map((name) => ({
              name,
              message: `src/core must not import ${name}: file and Office access belong to src/files and src/excel.`,
            })),
          ],
          patterns: [
            {
              group: ['node:*'],
              message:
                'src/core must not use Node: pass data in through the ports (src/core/ports.ts).',
            },
            {
              group: [
                'exceljs/*',
                'papaparse/*',
                'playwright*',
                '@microsoft/office-js*',
                '@types/office-js*',
              ],
              message: 'src/core must not import file, browser or Office libraries.',
            },
            {
              group: [
                '**/excel',
                '**/excel/**',
                '**/files',
                '**/files/**',
                '**/taskpane',
                '**/taskpane/**',
                '**/cli',
                '**/cli/**',
                '**/commands',
                '**/commands/**',
              ],
              message:
                'src/core must not import the adapters, the task pane or the command line: they depend on core, never the reverse.',
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        ...[
          'Office',
          'Excel',
          'OfficeExtension',
          'document',
          'window',
          'navigator',
          'localStorage',
          'fetch',
          'XMLHttpRequest',
          'process',
          'require',
          'Buffer',
          '__dirname',
          '__filename',
        ].map((name) => ({
          name,
          message: `src/core must not use ${name}: it runs in the task pane, in Node and in tests alike; pass what it needs in.`,
        })),
      ],
    },
  },
  prettierConfig,
);
