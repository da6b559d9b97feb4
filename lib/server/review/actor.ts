import type { Auth } from "@/lib/server/api/auth";
import type { Actor } from "@/lib/events/event-types";

/** Who is acting, as recorded on comments, comparisons, reviews and events. */
export function actorOf(auth: Auth): Actor {
  if (auth.key) return { id: `key:${auth.key.id}`, name: `API key #${auth.key.id}` };
  return { id: "local", name: "local user" };
}

/** The server itself (the crash sweep, alert checks). */
export const SYSTEM_ACTOR: Actor = { id: "system", name: "Anneal" };
