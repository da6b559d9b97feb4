import { apiRoute } from "@/lib/server/api/route";
import { sendTestAlert } from "@/lib/server/alerts/manage-alerts";

export const POST = apiRoute("POST /api/v1/alerts/[id]/test", async ({ db, params, auth }) => sendTestAlert(db, { id: params.id, auth }));
