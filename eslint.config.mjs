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
  },
  globalIgnores([".next/**", "lib/generated/**", "node_modules/**", ".anneal/**", "test-results/**", "playwright-report/**", "next-env.d.ts", "public/**"]),
]);
