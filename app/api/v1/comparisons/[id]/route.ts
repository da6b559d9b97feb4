import { apiRoute } from "@/lib/server/api/route";
import { ZUpdateComparison } from "@/lib/schemas/comparisons";
import { getComparison } from "@/lib/server/comparisons/get-comparison";
import { deleteComparison, updateComparison } from "@/lib/server/comparisons/save-comparison";

// Deleting another's comparison takes an owner (checked inside).
const COMPARISON = { param: "id", is: "comparison" } as const;

export const GET = apiRoute({ access: { need: "read", project: COMPARISON } }, async ({ db, params, auth }) => getComparison(db, { id: params.id, auth }));

export const PATCH = apiRoute({ access: { need: "write", project: COMPARISON }, body: ZUpdateComparison }, async ({ db, params, body, auth }) => updateComparison(db, { id: params.id, patch: body, auth }));

export const DELETE = apiRoute({ access: { need: "write", project: COMPARISON } }, async ({ db, params, auth }) => {
  await deleteComparison(db, { id: params.id, auth });
  return null;
});
