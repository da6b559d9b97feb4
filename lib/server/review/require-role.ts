import "server-only";
import type { Auth } from "@/lib/server/auth/auth";

/**
 * What the review features ask of a caller, in one place:
 * - read: see the project, its events, comments and comparisons;
 * - comment: write comments (viewers may);
 * - review: review status, tags, notes, saved comparisons, alerts (editors);
 * - write: log and change runs (editors and write keys);
 * - manage: anything, including others' comments (owners).
 * They map onto the project roles (lib/auth/roles.ts): read and comment need read access
 * (viewers), review and write need write access (editors, write keys), manage is the owners'.
 */
export type ProjectAction = "read" | "comment" | "review" | "write" | "manage";

export function requireProjectRole(auth: Auth, projectId: number, action: ProjectAction): void {
  auth.require(projectId, action === "read" || action === "comment" ? "read" : action === "manage" ? "manage" : "write");
}

/** Whether the caller may `action` (for shaping answers: e.g. which comments it may edit). */
export function mayProject(auth: Auth, projectId: number, action: ProjectAction): boolean {
  try {
    requireProjectRole(auth, projectId, action);
    return true;
  } catch {
    return false;
  }
}
