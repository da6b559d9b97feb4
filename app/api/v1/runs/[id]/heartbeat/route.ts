import { apiRoute } from "@/lib/server/api/route";
import { heartbeatRun } from "@/lib/server/runs/heartbeat-run";

export const POST = apiRoute({ access: { need: "write", project: { param: "id", is: "run" } } }, async ({ db, params, auth }) => {
  await heartbeatRun(db, { id: params.id, auth });
  return null;
});
