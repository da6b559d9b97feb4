import { apiRoute } from "@/lib/server/api/route";
import { heartbeatRun } from "@/lib/server/runs/heartbeat-run";

export const POST = apiRoute("POST /api/v1/runs/[id]/heartbeat", async ({ db, params, auth }) => {
  await heartbeatRun(db, { id: params.id, auth });
  return null;
});
