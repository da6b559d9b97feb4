import http from "node:http";
import type { AddressInfo } from "node:net";
import Provider from "oidc-provider";

/** What the provider says about a person (the ID token / userinfo claims Anneal reads). */
export interface OidcPerson {
  email: string;
  email_verified: boolean;
  name?: string;
}

export interface OidcProviderOptions {
  port?: number;
  clientId: string;
  clientSecret: string;
  /** Where the provider may send the browser back (Anneal's /api/v1/auth/callback/oidc). */
  redirectUris: string[];
}

/**
 * A real OpenID Connect provider (the `oidc-provider` package, certified), in this process, for
 * the tests: authorization-code flow with PKCE, signed ID tokens, discovery, userinfo. Its
 * development sign-in form accepts any login and password: the login is the subject; the claims
 * are `people.get(login)` or, by default, that login as a verified email address.
 */
export async function startOidcProvider(opts: OidcProviderOptions) {
  const people = new Map<string, OidcPerson>();
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, "127.0.0.1", resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: opts.clientId,
        client_secret: opts.clientSecret,
        redirect_uris: opts.redirectUris,
        grant_types: ["authorization_code"],
        response_types: ["code"],
      },
    ],
    pkce: { required: () => true },
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"] },
    findAccount: (_ctx, sub) => ({
      accountId: sub,
      claims: () => ({ sub, ...(people.get(sub) ?? { email: sub, email_verified: true }) }),
    }),
    cookies: { keys: ["anneal-test-oidc-provider"] },
    features: { devInteractions: { enabled: true } },
  });
  const handle = provider.callback();
  server.on("request", (req: http.IncomingMessage, res: http.ServerResponse) => void handle(req, res));
  return {
    issuer,
    people,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
