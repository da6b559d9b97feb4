import { apiRoute } from "@/lib/server/api/route";
import { listDeliveries } from "@/lib/server/alerts/list-deliveries";

export const GET = apiRoute("GET /api/v1/projects/[slug]/alert-deliveries", async ({ db, params, query, auth }) =>
  listDeliveries(db, { slug: params.slug, limit: query.limit, auth }),
);
