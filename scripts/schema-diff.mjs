// Generates migration SQL from prisma/schema.prisma with Prisma's WASM schema engine (the CLI's
// native engine cannot be downloaded here), and checks that prisma/migrations matches the schema.
//   node --experimental-wasm-modules scripts/schema-diff.mjs           → SQL from empty to the schema
//   node --experimental-wasm-modules scripts/schema-diff.mjs --check   → exit 1 unless migrations == schema
// An in-memory PGlite serves as the shadow database the engine replays the migrations on.
import fs from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import { SchemaEngine } from "@prisma/schema-engine-wasm";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const schemaPath = path.join(root, "prisma/schema.prisma");
const migrationsDir = path.join(root, "prisma/migrations");
const schema = { files: [{ path: schemaPath, content: fs.readFileSync(schemaPath, "utf8") }] };

function migrationList() {
  const dirs = fs
    .readdirSync(migrationsDir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
  return {
    baseDir: migrationsDir,
    lockfile: { path: path.join(migrationsDir, "migration_lock.toml"), content: fs.readFileSync(path.join(migrationsDir, "migration_lock.toml"), "utf8") },
    shadowDbInitScript: "",
    migrationDirectories: dirs.map((name) => {
      const file = path.join(migrationsDir, name, "migration.sql");
      return { path: path.join(migrationsDir, name), migrationFile: { path: file, content: { tag: "ok", value: fs.readFileSync(file, "utf8") } } };
    }),
  };
}

const check = process.argv.includes("--check");
const adapter = bindMigrationAwareSqlAdapterFactory(new PrismaPGlite(new PGlite()));
const engine = await SchemaEngine.new({ datamodels: [[schemaPath, schema.files[0].content]] }, () => {}, adapter);
const from = check ? { tag: "migrations", ...migrationList() } : { tag: "empty" };
const result = await engine.diff({
  from,
  to: { tag: "schemaDatamodel", ...schema },
  script: true,
  exitCode: true,
  shadowDatabaseUrl: null,
  filters: { externalTables: [], externalEnums: [] },
});
const sql = (result.stdout ?? "").trim();
if (check) {
  const empty = sql === "" || /^-- This is an empty migration\.?$/.test(sql);
  if (!empty) {
    console.error("prisma/migrations does not match prisma/schema.prisma. Missing SQL:\n" + sql);
    process.exit(1);
  }
  console.log("migrations match schema.prisma");
} else {
  process.stdout.write(sql + "\n");
}
