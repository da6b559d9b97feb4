import { apiRoute } from "@/lib/server/api/route";
import { changePassword, withCookies } from "@/lib/server/auth/sessions";

/** POST /api/v1/auth/password {currentPassword, newPassword}: the user's other sessions end. */
export const POST = apiRoute("POST /api/v1/auth/password", async ({ db, body, request, auth }) => {
  const { cookies } = await changePassword(db, { ...body, request, auth });
  return withCookies(new Response(null, { status: 204 }), cookies);
});
