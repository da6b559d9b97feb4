import "server-only";
import { env } from "@/lib/server/env";
import type { Auth } from "./auth";

export interface SessionInfo {
  mode: "local" | "team";
  /** local | visitor | anonymous | user | key */
  identity: string;
  user: { id: string; email: string; name: string; admin: boolean } | null;
  /** Whether the caller may create projects (and load the demo). */
  canCreateProjects: boolean;
  oidc: { enabled: boolean; name: string };
}

/** What the UI needs to know about the caller: signed in or not, admin, which sign-in methods exist. */
export function currentSession(auth: Auth): SessionInfo {
  const e = env();
  const u = auth.user;
  const kind = auth.principal.kind;
  return {
    mode: e.ANNEAL_MODE,
    identity: kind,
    user: u ? { id: u.id, email: u.email, name: u.name, admin: u.isAdmin } : null,
    canCreateProjects: kind === "local" || kind === "user",
    oidc: { enabled: !!e.ANNEAL_OIDC_ISSUER, name: e.ANNEAL_OIDC_NAME },
  };
}
