import "server-only";
import type { Auth } from "@/lib/server/auth/auth";
import type { Actor } from "@/lib/events/event-types";

/** Who is acting, as recorded on comments, comparisons, reviews and events. */
export function actorOf(auth: Auth): Actor {
  return auth.actor;
}

/** The server itself (the crash sweep, alert checks). */
export const SYSTEM_ACTOR: Actor = { id: "system", name: "Anneal" };
