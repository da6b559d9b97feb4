import { apiRoute } from "@/lib/server/api/route";
import { ZAuditQuery } from "@/lib/schemas/auth";
import { listAudit } from "@/lib/server/auth/audit";

/** GET /api/v1/admin/audit?limit=&before=: sign-ins, keys, roles and accounts, newest first. */
export const GET = apiRoute({ access: "admin", query: ZAuditQuery }, async ({ db, query }) => ({ events: await listAudit(db, query) }));
