"use client";

import { createContext, useContext, type ReactNode } from "react";
import type { SessionInfo } from "@/lib/server/auth/current-session";

const SessionContext = createContext<SessionInfo | null>(null);

/** The signed-in user and the server's mode, from the layout (rendered on the server), for every client component. */
export function SessionProvider({ session, children }: { session: SessionInfo; children: ReactNode }) {
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionInfo {
  const s = useContext(SessionContext);
  if (!s) throw new Error("useSession outside SessionProvider");
  return s;
}
