import { apiRoute } from "@/lib/server/api/route";
import { createAlert, listAlerts } from "@/lib/server/alerts/manage-alerts";

export const GET = apiRoute("GET /api/v1/projects/[slug]/alerts", async ({ db, params, auth }) => listAlerts(db, { slug: params.slug, auth }));

export const POST = apiRoute("POST /api/v1/projects/[slug]/alerts", async ({ db, params, body, auth }) =>
  createAlert(db, { slug: params.slug, input: body, auth }),
);
