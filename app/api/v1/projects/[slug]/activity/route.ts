import { apiRoute } from "@/lib/server/api/route";
import { listActivity } from "@/lib/server/events/list-activity";

export const GET = apiRoute("GET /api/v1/projects/[slug]/activity", async ({ db, params, query, auth }) =>
  listActivity(db, { slug: params.slug, ...query, auth }),
);
