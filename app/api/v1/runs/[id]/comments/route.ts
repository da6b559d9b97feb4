import { apiRoute } from "@/lib/server/api/route";
import { createComment } from "@/lib/server/comments/create-comment";
import { listComments } from "@/lib/server/comments/list-comments";

export const GET = apiRoute("GET /api/v1/runs/[id]/comments", async ({ db, params, auth }) => listComments(db, { subject: { runId: params.id }, auth }));

export const POST = apiRoute("POST /api/v1/runs/[id]/comments", async ({ db, params, body, auth }) =>
  createComment(db, { subject: { runId: params.id }, input: body, auth }),
);
