// `npm run db:migrate`: applies pending SQL migrations to DATABASE_URL (or the embedded database).
import { openDatabase } from "@/lib/db/client";
import { migrate } from "@/lib/db/migrate";
import { env } from "@/lib/server/env";

const e = env();
const db = await openDatabase({ databaseUrl: e.DATABASE_URL, dataDir: e.ANNEAL_DATA_DIR, migrate: false });
try {
  const applied = await migrate(db.sql);
  console.log(applied.length ? `applied: ${applied.join(", ")}` : "database is up to date");
} finally {
  await db.close();
}
