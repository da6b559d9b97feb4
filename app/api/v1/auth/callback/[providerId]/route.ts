import { apiRoute } from "@/lib/server/api/route";
import { finishOidcSignIn } from "@/lib/server/auth/oidc";

/** GET /api/v1/auth/callback/oidc: where the provider sends the browser back (Better Auth checks state, PKCE and the tokens). */
export const GET = apiRoute("GET /api/v1/auth/callback/[providerId]", async ({ db, request }) => finishOidcSignIn(db, request));
