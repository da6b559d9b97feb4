import { apiRoute } from "@/lib/server/api/route";
import { signIn, withCookies } from "@/lib/server/auth/sessions";
import { ApiError } from "@/lib/server/api/errors";
import { env } from "@/lib/server/env";

/** POST /api/v1/auth/login {email, password} → 200 {user} + the session cookie; 401 wrong email or password; 429 too many failures. */
export const POST = apiRoute("POST /api/v1/auth/login", async ({ db, body, request }) => {
  if (env().ANNEAL_MODE !== "team") throw new ApiError("invalid_argument", "This server runs in local mode: there is nothing to sign in to");
  const { user, cookies } = await signIn(db, { email: body.email, password: body.password, request });
  return withCookies(Response.json({ user }), cookies);
});
