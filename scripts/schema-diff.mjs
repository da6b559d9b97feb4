// Generates migration SQL from prisma/schema.prisma with Prisma's WASM schema engine (the CLI's
// native engine cannot be downloaded here), and checks that prisma/migrations matches the schema.
//   node --experimental-wasm-modules scripts/schema-diff.mjs           → SQL from empty to the schema
//   node --experimental-wasm-modules scripts/schema-diff.mjs --check   → exit 1 unless migrations == schema
//   node --experimental-wasm-modules scripts/schema-diff.mjs --create add_users
//     → writes prisma/migrations/<UTC timestamp>_add_users/migration.sql: the SQL from the existing
//       migrations to the schema (a deployed database only ever gets new migrations)
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
const createAt = process.argv.indexOf("--create");
const createName = createAt >= 0 ? process.argv[createAt + 1] : undefined;
if (createAt >= 0 && !/^[a-z0-9_]+$/.test(createName ?? "")) {
  console.error("--create needs a name of lowercase letters, digits and _");
  process.exit(2);
}
const adapter = bindMigrationAwareSqlAdapterFactory(new PrismaPGlite(new PGlite()));
const engine = await SchemaEngine.new({ datamodels: [[schemaPath, schema.files[0].content]] }, () => {}, adapter);
const from = check || createName ? { tag: "migrations", ...migrationList() } : { tag: "empty" };
const result = await engine.diff({
  from,
  to: { tag: "schemaDatamodel", ...schema },
  script: true,
  exitCode: true,
  shadowDatabaseUrl: null,
  filters: { externalTables: [], externalEnums: [] },
});
const sql = (result.stdout ?? "").trim();
if (createName) {
  if (sql === "" || /^-- This is an empty migration\.?$/.test(sql)) {
    console.error("prisma/migrations already matches prisma/schema.prisma: nothing to create");
    process.exit(1);
  }
  const stamp = new Date().toISOString().replace(/[-:T]/g, "").slice(0, 14);
  const dir = path.join(migrationsDir, `${stamp}_${createName}`);
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, "migration.sql"), sql + "\n");
  console.log(`wrote ${path.relative(root, dir)}/migration.sql`);
} else if (check) {
  const empty = sql === "" || /^-- This is an empty migration\.?$/.test(sql);
  if (!empty) {
    console.error("prisma/migrations does not match prisma/schema.prisma. Missing SQL:\n" + sql);
    process.exit(1);
  }
  console.log("migrations match schema.prisma");
} else {
  process.stdout.write(sql + "\n");
}
