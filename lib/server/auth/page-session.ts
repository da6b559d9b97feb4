import { headers } from "next/headers";
import { getDatabase } from "@/lib/db";
import { publicUrl } from "@/lib/server/env";
import { authenticate } from "./authenticate";
import { currentSession, type SessionInfo } from "./current-session";

/** The session of the browser rendering a page (the layout's user menu, the sign-in redirect). */
export async function pageSession(): Promise<SessionInfo> {
  const h = await headers();
  const db = await getDatabase();
  const request = new Request(publicUrl(), { headers: { cookie: h.get("cookie") ?? "", host: h.get("host") ?? "" } });
  try {
    return currentSession(await authenticate(db, request));
  } catch {
    // A stale or foreign cookie is no session: the sign-in page takes it from there.
    return currentSession(await authenticate(db, new Request(publicUrl())));
  }
}
