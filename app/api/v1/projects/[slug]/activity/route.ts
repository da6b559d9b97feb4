import { apiRoute } from "@/lib/server/api/route";
import { ZActivityQuery } from "@/lib/schemas/activity";
import { listActivity } from "@/lib/server/events/list-activity";

export const GET = apiRoute({ access: { need: "read", project: { param: "slug", is: "slug" } }, query: ZActivityQuery }, async ({ db, params, query, auth }) => listActivity(db, { slug: params.slug, ...query, auth }));
