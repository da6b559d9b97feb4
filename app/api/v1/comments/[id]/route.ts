import { apiRoute } from "@/lib/server/api/route";
import { ZUpdateComment } from "@/lib/schemas/comments";
import { deleteComment, updateComment } from "@/lib/server/comments/change-comment";

// Reading the project is enough to get here; editing someone else's comment takes its author or an owner (checked inside).
const COMMENT = { need: "read", project: { param: "id", is: "comment" } } as const;

export const PATCH = apiRoute({ access: COMMENT, body: ZUpdateComment }, async ({ db, params, body, auth }) =>
  updateComment(db, { id: params.id, patch: body, auth }),
);

export const DELETE = apiRoute({ access: COMMENT }, async ({ db, params, auth }) => {
  await deleteComment(db, { id: params.id, auth });
  return null;
});
