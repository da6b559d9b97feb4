import { apiRoute } from "@/lib/server/api/route";
import { startOidcSignIn } from "@/lib/server/auth/oidc";

/** GET /api/v1/auth/oidc?next=/path: redirects to the OpenID Connect provider (ANNEAL_OIDC_*). */
export const GET = apiRoute("GET /api/v1/auth/oidc", async ({ db, request }) => startOidcSignIn(db, request));
