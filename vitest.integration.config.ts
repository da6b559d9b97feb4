import { defineConfig } from "vitest/config";
import { resolve } from "./vitest.config";

// The API integration suite: route handlers called with real Requests against a real database.
// ANNEAL_TEST_BACKEND=pglite|postgres picks the backend (scripts/test.sh runs both).
export default defineConfig({
  resolve,
  test: {
    include: ["tests/integration/**/*.test.ts"],
    environment: "node",
    globalSetup: ["tests/integration/global-setup.ts"],
    setupFiles: ["tests/integration/setup-env.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
