import "server-only";
import { env } from "@/lib/server/env";
import { openDatabase, type Database } from "./client";

const globalForDb = globalThis as unknown as { annealDb?: Promise<Database> };

/** The process-wide database, opened (and migrated) on first use from the environment. */
export function getDatabase(): Promise<Database> {
  if (!globalForDb.annealDb) {
    const e = env();
    globalForDb.annealDb = openDatabase({
      databaseUrl: e.DATABASE_URL,
      // ":memory:" keeps the embedded database in memory (tests, throwaway demos).
      dataDir: e.ANNEAL_DATA_DIR === ":memory:" ? undefined : e.ANNEAL_DATA_DIR,
    });
    globalForDb.annealDb.catch(() => {
      globalForDb.annealDb = undefined;
    });
  }
  return globalForDb.annealDb;
}
