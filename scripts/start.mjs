// `npm start` (and `npm run dev`): builds once if there is no build yet, then serves Anneal on HOST:PORT
// (default 127.0.0.1:3000 — never every interface unless HOST says so; local mode refuses a
// network address at start, see lib/server/start/check-start.ts).
// The embedded database (or DATABASE_URL) is opened and migrated at server start (instrumentation.ts).
import { spawnSync, spawn } from "node:child_process";
import fs from "node:fs";

const dev = process.argv[2] === "dev";
const host = process.env.HOST || "127.0.0.1";
const port = process.env.PORT || "3000";
if (!dev && !fs.existsSync(".next/BUILD_ID")) {
  console.log("[anneal] first start: building the dashboard (a few minutes on a small machine)…");
  const b = spawnSync("npx", ["next", "build"], { stdio: "inherit" });
  if (b.status !== 0) process.exit(b.status ?? 1);
}
const where = process.env.DATABASE_URL ? "PostgreSQL (DATABASE_URL)" : `embedded PostgreSQL in ${process.env.ANNEAL_DATA_DIR || ".anneal"}/`;
console.log(`[anneal] starting on http://${host.includes(":") ? `[${host}]` : host}:${port} with ${where}`);
const child = spawn("npx", ["next", dev ? "dev" : "start", "-H", host, "-p", port], { stdio: "inherit", env: { ...process.env, HOST: host, PORT: port } });
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => child.kill(sig));
child.on("exit", (code) => process.exit(code ?? 0));
