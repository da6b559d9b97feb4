import { apiRoute } from "@/lib/server/api/route";
import { revokeAllSessions, withCookies } from "@/lib/server/auth/sessions";

/** DELETE /api/v1/auth/sessions: sign out everywhere (every session of the user, this one included). */
export const DELETE = apiRoute("DELETE /api/v1/auth/sessions", async ({ db, request, auth }) => {
  const { revoked, cookies } = await revokeAllSessions(db, { request, auth });
  return withCookies(Response.json({ revoked }), cookies);
});
