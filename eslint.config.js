// Flat config: typescript-eslint's type-aware rules over every room, plus the room boundaries
// from the brief (src/truid imports nothing of ours; src/emulator nothing of the server; src/web no Node).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

/** @param {{ group: string[]; message: string }[]} patterns */
const restrict = (patterns) => ({
  'no-restricted-imports': ['error', { patterns }],
});

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', 'test-artifacts/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  { files: ['eslint.config.js'], ...tseslint.configs.disableTypeChecked },
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['eslint.config.js'] },
        tsconfigRootDir: import.meta.dirname,
      },
      globals: { ...globals.node },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-syntax': [
        'error',
        { selector: "MemberExpression[property.name='innerHTML']", message: 'Use textContent: user-visible text never goes in as HTML.' },
        { selector: "MemberExpression[property.name='outerHTML']", message: 'Use textContent: user-visible text never goes in as HTML.' },
        { selector: "CallExpression[callee.property.name='insertAdjacentHTML']", message: 'Use textContent: user-visible text never goes in as HTML.' },
        { selector: "CallExpression[callee.property.name=/^write(ln)?$/][callee.object.name='document']", message: 'No document.write.' },
      ],
    },
  },
  {
    // Tests may start the emulator to prove the client against it; production code may not.
    files: ['src/truid/**/*.ts'],
    ignores: ['src/truid/**/*.test.ts'],
    rules: restrict([
      { group: ['**/emulator/**', '**/server/**', '**/web/**', '../*'], message: 'src/truid imports nothing else of ours.' },
    ]),
  },
  {
    files: ['src/emulator/**/*.ts'],
    ignores: ['src/emulator/**/*.test.ts'],
    rules: restrict([
      { group: ['**/server/**', '**/web/**', '**/truid/**'], message: 'src/emulator imports nothing of the server or the client.' },
    ]),
  },
  {
    files: ['src/web/**/*.ts'],
    languageOptions: { globals: { ...globals.browser } },
    rules: restrict([
      { group: ['node:*', 'fs', 'path', 'os', 'crypto', 'http', 'https', 'child_process'], message: 'src/web runs in the browser: no Node imports.' },
      { group: ['**/server/**', '**/emulator/**', '**/truid/**'], message: 'src/web talks to the server over HTTP only.' },
    ]),
  },
  {
    // The example stands for someone else's application: it knows Simpass only by its issuer URL.
    files: ['examples/**/*.ts'],
    rules: restrict([{ group: ['**/src/**'], message: 'examples/ use Simpass over OpenID Connect only, never its code.' }]),
  },
  {
    files: ['**/*.test.ts', 'test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
);
