import { apiRoute } from "@/lib/server/api/route";
import { acceptInvite, readInvite } from "@/lib/server/invites/invites";
import { signIn, withCookies } from "@/lib/server/auth/sessions";

/** GET /api/v1/invites/{token}: what the invitation is for (the link is the credential). */
export const GET = apiRoute("GET /api/v1/invites/[token]", async ({ db, params }) => readInvite(db, params.token));

/** POST /api/v1/invites/{token} {password, name?, email?}: creates the account and signs it in. */
export const POST = apiRoute("POST /api/v1/invites/[token]", async ({ db, params, body, request }) => {
  const user = await acceptInvite(db, { token: params.token, ...body });
  const { cookies } = await signIn(db, { email: user.email, password: body.password, request });
  return withCookies(Response.json({ user }, { status: 201 }), cookies);
});
