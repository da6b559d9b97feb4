import "server-only";
import type { Database } from "@/lib/db/client";
import { mentionHandles } from "@/lib/review/mentions";

/** Someone who can be @mentioned in a project: `handle` is what follows the `@`. */
export interface Member {
  id: string;
  handle: string;
  name: string;
}

/**
 * The project's members, for resolving @mentions. A local server has one implicit user and no
 * one to mention; with accounts (issue 10) this reads the project's members.
 */
export function listProjectMembers(_db: Database, _projectId: number): Promise<Member[]> {
  return Promise.resolve([]);
}

/** The ids of the members a Markdown body @mentions. */
export async function resolveMentions(db: Database, projectId: number, body: string): Promise<string[]> {
  const handles = new Set(mentionHandles(body));
  if (!handles.size) return [];
  const members = await listProjectMembers(db, projectId);
  return members.filter((m) => handles.has(m.handle.toLowerCase())).map((m) => m.id);
}
