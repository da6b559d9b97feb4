import "server-only";
import { headers } from "next/headers";
import { cache } from "react";
import { getDatabase } from "@/lib/db";
import { publicUrl } from "@/lib/server/env";
import type { Auth } from "./auth";
import { authenticate } from "./authenticate";
import { currentSession, type SessionInfo } from "./current-session";
import type { ProjectAction } from "@/lib/auth/roles";

/**
 * Who is rendering a page: the browser's session cookie, authenticated as an API request would be
 * (once per request: the layout and the page both ask).
 */
export const pageAuth = cache(async function pageAuth(): Promise<Auth> {
  const h = await headers();
  const db = await getDatabase();
  const request = new Request(publicUrl(), { headers: { cookie: h.get("cookie") ?? "", host: h.get("host") ?? "" } });
  try {
    return await authenticate(db, request);
  } catch {
    // A stale or foreign cookie is no session: the sign-in page takes it from there.
    return authenticate(db, new Request(publicUrl()));
  }
});

/** The session of the browser rendering a page (the layout's user menu, the sign-in redirect). */
export async function pageSession(): Promise<SessionInfo> {
  return currentSession(await pageAuth());
}

/**
 * Whether the page's caller may take `action` in a project, decided on the server so the page's
 * form is in its first HTML. A project that doesn't exist yet is "yes": nobody holds a role in it,
 * and the write that would create it is authorized by its route.
 */
export async function pageCan(slug: string, action: ProjectAction): Promise<boolean> {
  const [auth, db] = await Promise.all([pageAuth(), getDatabase()]);
  const project = await db.prisma.project.findUnique({ where: { slug }, select: { id: true } });
  if (!project) return true;
  return auth.can(project.id, action);
}
