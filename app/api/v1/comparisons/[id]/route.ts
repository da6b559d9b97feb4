import { apiRoute } from "@/lib/server/api/route";
import { getComparison } from "@/lib/server/comparisons/get-comparison";
import { deleteComparison, updateComparison } from "@/lib/server/comparisons/save-comparison";

export const GET = apiRoute("GET /api/v1/comparisons/[id]", async ({ db, params, auth }) => getComparison(db, { id: params.id, auth }));

export const PATCH = apiRoute("PATCH /api/v1/comparisons/[id]", async ({ db, params, body, auth }) =>
  updateComparison(db, { id: params.id, patch: body, auth }),
);

export const DELETE = apiRoute("DELETE /api/v1/comparisons/[id]", async ({ db, params, auth }) => {
  await deleteComparison(db, { id: params.id, auth });
  return null;
});
