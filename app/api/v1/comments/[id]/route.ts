import { apiRoute } from "@/lib/server/api/route";
import { ZUpdateComment } from "@/lib/schemas/comments";
import { deleteComment, updateComment } from "@/lib/server/comments/change-comment";

export const PATCH = apiRoute({ body: ZUpdateComment }, async ({ db, params, body, auth }) => updateComment(db, { id: params.id, patch: body, auth }));

export const DELETE = apiRoute({}, async ({ db, params, auth }) => {
  await deleteComment(db, { id: params.id, auth });
  return null;
});
