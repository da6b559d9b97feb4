import { apiRoute } from "@/lib/server/api/route";
import { deleteComment, updateComment } from "@/lib/server/comments/change-comment";

export const PATCH = apiRoute("PATCH /api/v1/comments/[id]", async ({ db, params, body, auth }) => updateComment(db, { id: params.id, patch: body, auth }));

export const DELETE = apiRoute("DELETE /api/v1/comments/[id]", async ({ db, params, auth }) => {
  await deleteComment(db, { id: params.id, auth });
  return null;
});
