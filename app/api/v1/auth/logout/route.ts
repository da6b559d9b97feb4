import { apiRoute } from "@/lib/server/api/route";
import { signOut, withCookies } from "@/lib/server/auth/sessions";

/** POST /api/v1/auth/logout: ends this browser's session. */
export const POST = apiRoute("POST /api/v1/auth/logout", async ({ db, request, auth }) => {
  const { cookies } = await signOut(db, { request, auth });
  return withCookies(new Response(null, { status: 204 }), cookies);
});
