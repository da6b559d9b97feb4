import "server-only";
import fs from "node:fs";
import path from "node:path";
import type { Sql } from "./sql";

// Any constant works; it only has to be the same for every Anneal process sharing a database.
const MIGRATION_LOCK_KEY = 0x616e6e65;

export interface MigrationFile {
  name: string;
  sql: string;
}

export function readMigrations(dir = path.join(/* turbopackIgnore: true */ process.cwd(), "prisma", "migrations")): MigrationFile[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort()
    .map((name) => ({ name, sql: fs.readFileSync(path.join(dir, name, "migration.sql"), "utf8") }));
}

/**
 * Applies pending migrations in one transaction under an advisory lock, so concurrent starts
 * (two app instances, a CLI beside the server) apply each migration once. Returns the names applied.
 */
export async function migrate(sql: Sql, migrations: MigrationFile[] = readMigrations()): Promise<string[]> {
  return sql.transaction(async (tx) => {
    await tx.query("SELECT pg_advisory_xact_lock($1)", [MIGRATION_LOCK_KEY]);
    await tx.exec(`CREATE TABLE IF NOT EXISTS "_anneal_migrations" (name TEXT PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())`);
    const applied = new Set((await tx.query<{ name: string }>(`SELECT name FROM "_anneal_migrations"`)).map((r) => r.name));
    const pending = migrations.filter((m) => !applied.has(m.name));
    for (const m of pending) {
      await tx.exec(m.sql);
      await tx.query(`INSERT INTO "_anneal_migrations" (name) VALUES ($1)`, [m.name]);
    }
    return pending.map((m) => m.name);
  });
}
