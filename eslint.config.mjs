// ESLint (flat config) with typescript-eslint's recommended rules. Formatting is Prettier's job,
// so no style rules here; the rules below are the ones that catch mistakes in this code base.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', 'test-artifacts/', '.data/', 'templates/', 'docs/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node }, ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      // Nest's DI and the tests use empty classes, `any` at library edges and unused catch bindings.
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-extraneous-class': 'off',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true },
      ],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      // Validators refuse control characters on purpose, by matching them.
      'no-control-regex': 'off',
      // `let x = fallback; try { x = … } catch { … }`: TypeScript's definite-assignment check wants it.
      'no-useless-assignment': 'off',
      // Prettier breaks long call chains before `[method](…)`; its layout is the rule here.
      'no-unexpected-multiline': 'off',
      'no-console': ['error', { allow: ['warn', 'error'] }],
    },
  },
  {
    // Tests, benches and command-line scripts print their figures.
    files: ['test/**', 'bench/**', 'src/**/*.cli.ts', 'src/**/cli-*.ts', 'migrations/**', '*.js', '*.ts'],
    rules: { 'no-console': 'off', '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  {
    files: ['**/*.js'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // One way to run SQL: src/database/sql.ts (typed rows, one row-count rule, transactions, prepared).
    // Every module is on it (docs/data-layer.md); only src/database, where the helper lives, calls `query`.
    files: ['src/**/*.ts'],
    ignores: ['src/database/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.type='MemberExpression'][callee.property.name='query']",
          message:
            'Run SQL through src/database/sql.ts (rows/one/only/count/exec), not .query(): see docs/data-layer.md.',
        },
      ],
    },
  },
  {
    // Queries live in the module's repository (docs/data-layer.md): only `*.repository.ts` and
    // `*.store.ts` files import the SQL helper to run statements; services, controllers and the
    // rest may import its types (`sql.Db`, to pass a transaction on), nothing else.
    files: ['src/**/*.ts'],
    ignores: ['src/database/**', 'src/**/*.repository.ts', 'src/**/*.store.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/database/sql'],
              allowTypeImports: true,
              message:
                "SQL lives in the module's *.repository.ts (docs/data-layer.md); import only types from database/sql here.",
            },
          ],
        },
      ],
    },
  },
);
