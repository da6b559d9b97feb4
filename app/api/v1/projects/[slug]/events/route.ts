import { z } from "zod";
import { apiRoute } from "@/lib/server/api/route";
import { env } from "@/lib/server/env";
import { openEventStream } from "@/lib/server/events/event-stream";
import { findProject } from "@/lib/server/projects/find-project";

export const dynamic = "force-dynamic";

// EventSource can't send headers: ?lastEventId= is for clients that resume by hand (curl, scripts).
const ZEventsQuery = z.object({ lastEventId: z.string().max(20).optional() });

export const GET = apiRoute(
  { access: { need: "read", project: { param: "slug", is: "slug" } }, query: ZEventsQuery },
  async ({ db, params, query, auth, request }) => {
    const project = await findProject(db, params.slug);
    auth.require(project.id, "read");
    return openEventStream(db, {
      projectId: project.id,
      lastEventId: request.headers.get("last-event-id") ?? query.lastEventId ?? null,
      signal: request.signal,
      maxStreams: env().ANNEAL_MAX_EVENT_STREAMS,
    });
  },
);
