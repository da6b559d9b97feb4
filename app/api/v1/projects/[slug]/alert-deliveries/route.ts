import { apiRoute } from "@/lib/server/api/route";
import { ZDeliveriesQuery } from "@/lib/schemas/alerts";
import { listDeliveries } from "@/lib/server/alerts/list-deliveries";

export const GET = apiRoute({ access: { need: "read", project: { param: "slug", is: "slug" } }, query: ZDeliveriesQuery }, async ({ db, params, query, auth }) =>
  listDeliveries(db, { slug: params.slug, limit: query.limit, auth }),
);
