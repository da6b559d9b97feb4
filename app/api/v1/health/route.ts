import { apiRoute } from "@/lib/server/api/route";
import { env } from "@/lib/server/env";

/** GET /api/v1/health: for load balancers and uptime checks; answers only when the database does. */
export const GET = apiRoute("GET /api/v1/health", async ({ db }) => {
  await db.sql.query("SELECT 1");
  return { status: "ok", mode: env().ANNEAL_MODE };
});
