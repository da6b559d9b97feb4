// `prisma generate` without the native schema engine: Prisma 7's CLI insists on locating the engine
// binary (which cannot be downloaded here) but doesn't use it for generation, so any executable will do.
import { spawnSync } from "node:child_process";

const r = spawnSync("npx", ["prisma", "generate"], {
  stdio: "inherit",
  env: { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? process.execPath },
});
process.exit(r.status ?? 1);
