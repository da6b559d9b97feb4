import { apiRoute } from "@/lib/server/api/route";
import { ZUpdateRun } from "@/lib/schemas/runs";
import { getRun } from "@/lib/server/runs/get-run";
import { updateRun } from "@/lib/server/runs/update-run";
import { deleteRun } from "@/lib/server/runs/delete-run";

const RUN = { param: "id", is: "run" } as const;

export const GET = apiRoute({ access: { need: "read", project: RUN } }, async ({ db, params }) => getRun(db, { id: params.id }));

export const PATCH = apiRoute({ access: { need: "write", project: RUN }, body: ZUpdateRun }, async ({ db, params, body, auth }) =>
  updateRun(db, { id: params.id, patch: body, auth }),
);

export const DELETE = apiRoute({ access: { need: "manage", project: RUN } }, async ({ db, params, auth }) => {
  await deleteRun(db, { id: params.id, auth });
  return null;
});
