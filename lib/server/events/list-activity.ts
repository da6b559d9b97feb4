import "server-only";
import type { Database } from "@/lib/db/client";
import type { Auth } from "@/lib/server/auth/auth";
import { findProject } from "@/lib/server/projects/find-project";
import { requireProjectRole } from "@/lib/server/review/require-role";
import { readActivity } from "./read-events";

/** GET /api/v1/projects/{slug}/activity: the feed, newest first, paged by event id. */
export async function listActivity(db: Database, opts: { slug: string; before?: string; limit: number; auth: Auth }) {
  const project = await findProject(db, opts.slug);
  requireProjectRole(opts.auth, project.id, "read");
  const events = await readActivity(db.sql, { projectId: project.id, beforeId: opts.before ?? null, limit: opts.limit });
  return { events, nextBefore: events.length === opts.limit ? events[events.length - 1].id : null };
}
