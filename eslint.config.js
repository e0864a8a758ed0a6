// The lint of `npm run lint` (README, "Development"): typescript-eslint with its type-aware rules, chosen over Biome
// because its findings come from the type checker (floating promises, assertions that assert nothing, `any` flowing
// into typed code), which is what keeps the engine's types flowing from the machine to the caller.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: ['dist/**', 'coverage/**', 'reports/**', '.stryker-tmp/**', '.tmp/**', '**/*.js', '**/*.mjs', '**/*.cjs'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // An async function without await is how a synchronous implementation keeps a Promise-returning contract.
      '@typescript-eslint/require-await': 'off',
      // xstate's Any* types are `any` inside (AnyMachineSnapshot is MachineSnapshot<any, any, ...>), so these rules
      // flag every read of an untyped snapshot's value or context in the engine (about 60 on this tree), not a
      // mistake; typed code is kept typed by `tsc --strict` and the type tests (tests/types) instead.
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
    },
  },
  {
    // The examples import the built package ('phasegate'), as an application would: their own project.
    files: ['examples/**/*.ts'],
    languageOptions: { parserOptions: { projectService: false, project: './tsconfig.examples.json' } },
  },
  {
    // Tests hand methods to expect/expectTypeOf, which never call them unbound.
    files: ['tests/**/*.ts', 'bench/**/*.ts'],
    rules: { '@typescript-eslint/unbound-method': 'off' },
  },
);
