import { apiRoute } from "@/lib/server/api/route";
import { ZCreateRunComment } from "@/lib/schemas/comments";
import { createComment } from "@/lib/server/comments/create-comment";
import { listComments } from "@/lib/server/comments/list-comments";

export const GET = apiRoute({}, async ({ db, params, auth }) => listComments(db, { subject: { runId: params.id }, auth }));

export const POST = apiRoute({ body: ZCreateRunComment, status: 201 }, async ({ db, params, body, auth }) =>
  createComment(db, { subject: { runId: params.id }, input: body, auth }),
);
