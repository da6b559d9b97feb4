// A real OpenID Connect provider for the e2e suite's team server (playwright.config.ts starts it):
// OIDC_PORT, OIDC_REDIRECT_URI. Its sign-in form takes any login (used as a verified email) and password.
import { startOidcProvider } from "./provider";

const provider = await startOidcProvider({
  port: Number(process.env.OIDC_PORT),
  clientId: process.env.OIDC_CLIENT_ID ?? "anneal-e2e",
  clientSecret: process.env.OIDC_CLIENT_SECRET ?? "anneal-e2e-secret",
  redirectUris: [process.env.OIDC_REDIRECT_URI!],
});
console.log(`OpenID Connect provider at ${provider.issuer}`);
