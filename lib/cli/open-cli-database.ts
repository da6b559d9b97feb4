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
