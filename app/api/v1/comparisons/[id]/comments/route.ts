import { apiRoute } from "@/lib/server/api/route";
import { ZCreateComparisonComment } from "@/lib/schemas/comments";
import { createComment } from "@/lib/server/comments/create-comment";
import { listComments } from "@/lib/server/comments/list-comments";

export const GET = apiRoute({}, async ({ db, params, auth }) => listComments(db, { subject: { comparisonId: params.id }, auth }));

export const POST = apiRoute({ body: ZCreateComparisonComment, status: 201 }, async ({ db, params, body, auth }) =>
  createComment(db, { subject: { comparisonId: params.id }, input: body, auth }),
);
