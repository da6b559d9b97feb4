import "server-only";
import { env } from "@/lib/server/env";
import { bindRefusal, prepareTeamMode } from "@/lib/server/start/check-start";
import type { Database } from "./client";
import { getDatabase } from "./index";

/** Server start: check the configuration, open and migrate the database, or exit with the reason. */
export async function openDatabaseAtStart(): Promise<Database> {
  try {
    const e = env();
    const refusal = bindRefusal(e);
    if (refusal) throw new Error(refusal);
    const db = await getDatabase();
    await prepareTeamMode(db, e);
    console.log(`[anneal] database ready (${db.kind}), ${e.ANNEAL_MODE} mode`);
    return db;
  } catch (err) {
    console.error(`[anneal] ${(err as Error).message}`);
    process.exit(1);
  }
}
