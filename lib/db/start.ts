import type { Database } from "./client";
import { getDatabase } from "./index";

/** Server start: open and migrate the database, or exit with the reason. */
export async function openDatabaseAtStart(): Promise<Database> {
  try {
    const db = await getDatabase();
    console.log(`[anneal] database ready (${db.kind})`);
    return db;
  } catch (err) {
    console.error(`[anneal] ${(err as Error).message}`);
    process.exit(1);
  }
}
