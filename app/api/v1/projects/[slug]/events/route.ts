import { apiRoute } from "@/lib/server/api/route";
import { env } from "@/lib/server/env";
import { openEventStream } from "@/lib/server/events/event-stream";
import { findProject } from "@/lib/server/projects/find-project";

export const dynamic = "force-dynamic";

export const GET = apiRoute("GET /api/v1/projects/[slug]/events", async ({ db, params, query, auth, request }) => {
  const project = await findProject(db, params.slug);
  auth.require(project.id, "read");
  return openEventStream(db, {
    projectId: project.id,
    lastEventId: request.headers.get("last-event-id") ?? query.lastEventId ?? null,
    signal: request.signal,
    maxStreams: env().ANNEAL_MAX_EVENT_STREAMS,
  });
});
