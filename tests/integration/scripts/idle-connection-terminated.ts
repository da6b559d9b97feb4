// Run by faults.test.ts in its own process (an uncaughtException must be seen, not caught by Vitest):
// opens the database like the server does, leaves pooled connections idle, has PostgreSQL terminate
// them, then queries again. Prints "survived" and exits 0 when the fault was handled.
import { Client } from "pg";
import { openDatabase } from "@/lib/db/client";

const url = new URL(process.argv[2]);
const appName = `anneal-fault-${process.pid}`;
url.searchParams.set("application_name", appName);
process.on("uncaughtException", (err) => {
  console.error(`uncaughtException: ${err.message}`);
  process.exit(3);
});
const db = await openDatabase({ databaseUrl: url.toString(), migrate: false });
await Promise.all([1, 2, 3].map(() => db.sql.query("SELECT pg_sleep(0.05)")));
const admin = new Client({ connectionString: process.argv[2] });
await admin.connect();
const killed = await admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1", [appName]);
await admin.end();
await new Promise((r) => setTimeout(r, 500));
const rows = await db.sql.query<{ one: number }>("SELECT 1 AS one");
console.log(`terminated ${killed.rowCount}; survived ${rows[0].one}`);
await db.close();
