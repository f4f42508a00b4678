// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * Issue 17: capabilities depend on each other one way, from the top of this list to the bottom; a
 * capability may import those below it and never those above or beside it (docs/architecture.md draws
 * it). `app` wires everything (boot, the HTTP app, the schema index) and `cli` runs it.
 */
const LAYERS = [
  ['cli'],
  ['app'],
  ['followup'],
  ['governance'],
  ['operations'],
  ['sites'],
  ['billing'],
  ['agreements'],
  ['assets'],
  ['orders'],
  ['mail'],
  ['surveys'],
  ['tickets'],
  ['catalogue'],
  ['calendar'],
  ['org'],
  ['mission'],
  ['platform'],
];
const RANK = new Map(LAYERS.flatMap((names, i) => names.map((n) => [n, i])));

/** Pure modules of the platform that rules may import (no I/O): the access model, mail header text. */
const PURE_PLATFORM = ['access.ts', 'mail/header.ts'];

/**
 * One `no-restricted-imports` block per capability and folder depth: imports of a capability above or
 * beside it are refused, and rules (rules.ts, *-rules.ts) stay pure — no I/O, database or platform
 * imports but the pure ones (STYLE.md habit 1). ESLint keeps only the last setting of a rule per file,
 * so each block carries both lists.
 */
export function layering() {
  const blocks = [];
  for (const [cap, rank] of RANK) {
    const forbidden = [...RANK].filter(([other, r]) => other !== cap && r <= rank).map(([other]) => other);
    for (const depth of [1, 2]) {
      const up = '\\.\\./'.repeat(depth);
      const dir = `src/${cap}/${'*/'.repeat(depth - 1)}`;
      const layer =
        forbidden.length === 0
          ? []
          : [
              {
                regex: `^${up}(${forbidden.join('|')})/`,
                message: `${cap} may not import ${forbidden.join(', ')}: capabilities depend one way (eslint.config.js LAYERS, docs/architecture.md).`,
              },
            ];
      const purity = {
        regex: `^(node:.*|pg|drizzle-orm(/.*)?|@electric-sql/.*|hono(/.*)?|(\\.\\./)+platform/(?!(${PURE_PLATFORM.map((f) => f.replaceAll('.', '\\.')).join('|')})$).*)$`,
        message: 'rules.ts must be pure: no I/O, database or platform imports (but the pure platform modules).',
      };
      blocks.push({
        files: [`${dir}*.ts`],
        ignores: [`${dir}rules.ts`, `${dir}*-rules.ts`, '**/*.test.ts'],
        rules: layer.length ? { 'no-restricted-imports': ['error', { patterns: layer }] } : {},
      });
      blocks.push({ files: [`${dir}rules.ts`, `${dir}*-rules.ts`], rules: { 'no-restricted-imports': ['error', { patterns: [...layer, purity] }] } });
    }
  }
  return blocks;
}

/**
 * Issue 17: SQL lives in stores. Outside `store.ts` / `*-store.ts`, the table definitions (schema.ts)
 * and the database layer itself (platform/db), no file may import drizzle-orm's query building (type
 * imports stay allowed) nor call the database handle (`db`, `tx`, `deps.db` …) to build a statement.
 */
const STORES = ['**/store.ts', '**/*-store.ts', '**/schema.ts', 'src/platform/db/**', '**/*.test.ts'];
const DB_HANDLE = '/^(db|tx|trx|database)$/';
const DB_CALL = '/^(select|selectDistinct|selectDistinctOn|insert|update|delete|execute|query|\\$count)$/';
const SQL_MESSAGE = 'SQL lives in store.ts (or *-store.ts): call a store function instead (issue 17, docs/architecture.md).';
export function sqlInStores() {
  return {
    files: ['src/**/*.ts'],
    ignores: STORES,
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { patterns: [{ regex: '^drizzle-orm(/.*)?$', allowTypeImports: true, message: SQL_MESSAGE }] }],
      'no-restricted-syntax': [
        'error',
        {
          selector: `CallExpression[callee.type='MemberExpression'][callee.property.name=${DB_CALL}][callee.object.type='Identifier'][callee.object.name=${DB_HANDLE}]`,
          message: SQL_MESSAGE,
        },
        {
          selector: `CallExpression[callee.type='MemberExpression'][callee.property.name=${DB_CALL}][callee.object.type='MemberExpression'][callee.object.property.name=${DB_HANDLE}]`,
          message: SQL_MESSAGE,
        },
      ],
    },
  };
}

/**
 * Issue 17, decision 0010: the web app takes the server's answer shapes from the capabilities'
 * contracts, by type import only (no server code in the bundle), and may run the server's pure rules
 * (so a button follows the server's rule) and its pure platform modules. Nothing else of src/.
 */
const WEB_VALUE_IMPORTS = '(.*/rules\\.ts|.*-rules\\.ts|platform/access\\.ts|platform/audit/present\\.ts)';
const WEB_TYPE_IMPORTS = '(.*/contract\\.ts|app/permissions\\.ts|mission/document\\.ts)';
export function webImportsServer() {
  return {
    files: ['web/src/**/*.ts', 'web/src/**/*.tsx'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: `^(\\.\\./)+src/(?!${WEB_VALUE_IMPORTS}$)(?!${WEB_TYPE_IMPORTS}$)`,
              message: 'The web app imports only the server’s contracts (types) and pure rules (decision 0010).',
            },
            {
              regex: `^(\\.\\./)+src/${WEB_TYPE_IMPORTS}$`,
              allowTypeImports: true,
              message: 'A contract is imported for its types only (`import type`): no server code in the bundle (decision 0010).',
            },
          ],
        },
      ],
    },
  };
}

export default tseslint.config(
  { ignores: ['node_modules/**', 'web/dist/**', 'data/**', 'drizzle/**', 'bin/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': [
        'error',
        // node:test's describe/test return promises the runner itself awaits.
        { allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['test', 'describe', 'it', 'suite'] }] },
      ],
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always'],
      curly: ['error', 'multi-line'],
    },
  },
  ...layering(),
  sqlInStores(),
  webImportsServer(),
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: { ...tseslint.configs.disableTypeChecked.languageOptions, globals: { process: 'readonly', console: 'readonly' } },
  },
);
