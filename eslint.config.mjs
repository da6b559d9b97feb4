// ESLint: Next.js' rules (core web vitals, React hooks, a11y) plus typescript-eslint's type-aware rules.
import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";
import tseslint from "typescript-eslint";

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  {
    files: ["**/*.ts", "**/*.tsx"],
    extends: [tseslint.configs.recommendedTypeCheckedOnly],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // A leading underscore marks a binding that is there on purpose but unused: the rest of an
      // object without some keys (`const { a: _a, ...rest } = o`), a positional parameter.
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_", caughtErrorsIgnorePattern: "^_", ignoreRestSiblings: true },
      ],
    },
  },
  {
    // Server code (lib/server, the database in lib/db) never reaches the browser: components and the
    // framework-free lib/ modules may import its types, not its code. (The CLI is server code too.)
    files: ["app/_components/**/*.{ts,tsx}", "lib/**/*.{ts,tsx}"],
    ignores: ["lib/server/**", "lib/db/**", "lib/cli/**", "**/*.test.ts"],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["@/lib/server/*", "@/lib/db", "@/lib/db/*", "**/server/*"],
              allowTypeImports: true,
              message: "server code: import its types only (shared rules and shapes belong in lib/ outside lib/server, e.g. lib/auth, lib/schemas)",
            },
          ],
        },
      ],
    },
  },
  {
    // Tests read answers as untyped JSON (`await res.json()`, JSON fixtures) and check them with
    // `expect`, which fails on a wrong shape more precisely than a cast would; typing each answer
    // there would only restate what the assertion already says. So the no-unsafe-* rules (which
    // flag every use of such `any`) are off in test code only; every other rule still applies.
    // require-await too: test doubles are async to match the interface they stand in for.
    files: ["**/*.test.ts", "**/*.test.tsx", "tests/**", "e2e/**", "lib/**/testing/**", "lib/**/test-helpers/**"],
    rules: {
      "@typescript-eslint/no-unsafe-assignment": "off",
      "@typescript-eslint/no-unsafe-member-access": "off",
      "@typescript-eslint/no-unsafe-call": "off",
      "@typescript-eslint/no-unsafe-argument": "off",
      "@typescript-eslint/no-unsafe-return": "off",
      "@typescript-eslint/no-explicit-any": "off",
      "@typescript-eslint/require-await": "off",
    },
  },
  globalIgnores([".next/**", "lib/generated/**", "node_modules/**", ".anneal/**", "test-results/**", "playwright-report/**", "next-env.d.ts", "public/**"]),
]);
