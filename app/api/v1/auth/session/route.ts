import { apiRoute } from "@/lib/server/api/route";
import { currentSession } from "@/lib/server/auth/current-session";

/** GET /api/v1/auth/session: the server's mode and who the caller is (the UI's user menu and sign-in redirect). */
export const GET = apiRoute("GET /api/v1/auth/session", ({ auth }) => currentSession(auth));
