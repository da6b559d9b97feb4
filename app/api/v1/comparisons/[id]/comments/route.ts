import { apiRoute } from "@/lib/server/api/route";
import { createComment } from "@/lib/server/comments/create-comment";
import { listComments } from "@/lib/server/comments/list-comments";

export const GET = apiRoute("GET /api/v1/comparisons/[id]/comments", async ({ db, params, auth }) =>
  listComments(db, { subject: { comparisonId: params.id }, auth }),
);

export const POST = apiRoute("POST /api/v1/comparisons/[id]/comments", async ({ db, params, body, auth }) =>
  createComment(db, { subject: { comparisonId: params.id }, input: body, auth }),
);
