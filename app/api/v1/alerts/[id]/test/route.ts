import { apiRoute } from "@/lib/server/api/route";
import { sendTestAlert } from "@/lib/server/alerts/manage-alerts";

export const POST = apiRoute({ access: { need: "write", project: { param: "id", is: "alert" } }, status: 202 }, async ({ db, params, auth }) => sendTestAlert(db, { id: params.id, auth }));
