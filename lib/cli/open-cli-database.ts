import { openDatabase, type Database } from "@/lib/db/client";
import { env } from "@/lib/server/env";

/** The database for an operator command; a locked or unreachable one ends the process with its reason, not a stack trace. */
export async function openCliDatabase(): Promise<Database> {
  try {
    const e = env();
    return await openDatabase({ databaseUrl: e.DATABASE_URL, dataDir: e.ANNEAL_DATA_DIR });
  } catch (err) {
    console.error((err as Error).message);
    process.exit(1);
  }
}

/**
 * Runs an operator command on the database and closes it: a failure (a missing project, a
 * duplicate email) prints its message and sets the exit code, not a stack trace.
 */
export async function withCliDatabase(run: (db: Database) => Promise<void>): Promise<void> {
  const db = await openCliDatabase();
  try {
    await run(db);
  } catch (err) {
    console.error((err as Error).message);
    process.exitCode = 1;
  } finally {
    await db.close();
  }
}
