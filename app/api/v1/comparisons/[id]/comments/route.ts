import { apiRoute } from "@/lib/server/api/route";
import { ZCreateComparisonComment } from "@/lib/schemas/comments";
import { createComment } from "@/lib/server/comments/create-comment";
import { listComments } from "@/lib/server/comments/list-comments";

// Viewers may comment: both need read access to the comparison's project.
const COMPARISON = { need: "read", project: { param: "id", is: "comparison" } } as const;

export const GET = apiRoute({ access: COMPARISON }, async ({ db, params, auth }) => listComments(db, { subject: { comparisonId: params.id }, auth }));

export const POST = apiRoute({ access: COMPARISON, body: ZCreateComparisonComment, status: 201 }, async ({ db, params, body, auth }) =>
  createComment(db, { subject: { comparisonId: params.id }, input: body, auth }),
);
