import { createRequire } from "node:module";
import path from "node:path";
import { defineConfig } from "vitest/config";

/**
 * Shared by both suites. Server modules `import "server-only"`, whose default export throws outside
 * a React Server Components build (Next aliases it to an empty module on the server); tests load
 * those modules in plain Node, so they get the package's own empty file, as Next's server does.
 */
export const resolve = {
  alias: [
    { find: "@", replacement: import.meta.dirname },
    { find: /^server-only$/, replacement: path.join(path.dirname(createRequire(import.meta.url).resolve("server-only")), "empty.js") },
  ],
};

// Unit tests sit next to the code; database integration tests live in tests/integration
// and are run by scripts/test-integration.ts once per backend (PGlite and PostgreSQL).
export default defineConfig({
  resolve,
  test: {
    include: ["lib/**/*.test.ts", "app/**/*.test.ts", "scripts/**/*.test.ts"],
    environment: "node",
    testTimeout: 20_000,
  },
});
