import { apiRoute } from "@/lib/server/api/route";
import { ZCreateRunComment } from "@/lib/schemas/comments";
import { createComment } from "@/lib/server/comments/create-comment";
import { listComments } from "@/lib/server/comments/list-comments";

// Viewers may comment: both need read access to the run's project.
const RUN = { need: "read", project: { param: "id", is: "run" } } as const;

export const GET = apiRoute({ access: RUN }, async ({ db, params, auth }) => listComments(db, { subject: { runId: params.id }, auth }));

export const POST = apiRoute({ access: RUN, body: ZCreateRunComment, status: 201 }, async ({ db, params, body, auth }) =>
  createComment(db, { subject: { runId: params.id }, input: body, auth }),
);
