import { defineConfig } from "vitest/config";

// Unit tests sit next to the code; database integration tests live in tests/integration
// and are run by scripts/test-integration.ts once per backend (PGlite and PostgreSQL).
export default defineConfig({
  resolve: { alias: { "@": import.meta.dirname } },
  test: {
    include: ["lib/**/*.test.ts", "app/**/*.test.ts", "scripts/**/*.test.ts"],
    environment: "node",
    testTimeout: 20_000,
  },
});
