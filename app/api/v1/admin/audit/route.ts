import { apiRoute } from "@/lib/server/api/route";
import { listAudit } from "@/lib/server/auth/audit";

/** GET /api/v1/admin/audit?limit=&before=: sign-ins, keys, roles and accounts, newest first. */
export const GET = apiRoute("GET /api/v1/admin/audit", async ({ db, query }) => ({ events: await listAudit(db, query) }));
