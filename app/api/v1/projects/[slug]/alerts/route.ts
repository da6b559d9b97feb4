import { apiRoute } from "@/lib/server/api/route";
import { ZCreateAlert } from "@/lib/schemas/alerts";
import { createAlert, listAlerts } from "@/lib/server/alerts/manage-alerts";

export const GET = apiRoute({ access: { need: "read", project: { param: "slug", is: "slug" } } }, async ({ db, params, auth }) => listAlerts(db, { slug: params.slug, auth }));

export const POST = apiRoute({ access: { need: "write", project: { param: "slug", is: "slug" } }, body: ZCreateAlert, status: 201 }, async ({ db, params, body, auth }) =>
  createAlert(db, { slug: params.slug, input: body, auth }),
);
