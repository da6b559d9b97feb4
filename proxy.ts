import { NextResponse, type NextRequest } from "next/server";
import { env } from "@/lib/server/env";
import { checkHost } from "@/lib/server/http/request-guard";
import { PUBLIC_PAGES } from "@/lib/server/auth/public-pages";
import { pageCsp } from "@/lib/server/http/page-csp";
import { SESSION_COOKIE } from "@/lib/server/auth/better-auth";

/**
 * Runs before every page (not the API: Next.js would buffer request bodies for it, and
 * apiRoute makes the same Host check itself): refuses foreign Host headers (DNS rebinding),
 * sends team-mode visitors without a session to the sign-in page, and sets the page CSP with a
 * per-request script nonce that the layout reads from `x-nonce`.
 */
export function proxy(request: NextRequest) {
  const refused = checkHost(request);
  if (refused) return new NextResponse(refused.message, { status: refused.status, headers: { "content-type": "text/plain; charset=utf-8" } });
  const { pathname, search } = request.nextUrl;
  if (env().ANNEAL_MODE === "team" && !PUBLIC_PAGES.test(pathname) && !request.cookies.has(SESSION_COOKIE)) {
    const to = new URL("/sign-in", request.url);
    to.searchParams.set("next", pathname + search);
    return NextResponse.redirect(to);
  }
  const nonce = Buffer.from(crypto.randomUUID()).toString("base64");
  const csp = pageCsp(nonce, process.env.NODE_ENV === "development");
  const headers = new Headers(request.headers);
  headers.set("x-nonce", nonce);
  headers.set("x-pathname", pathname + search);
  headers.set("content-security-policy", csp);
  const res = NextResponse.next({ request: { headers } });
  res.headers.set("content-security-policy", csp);
  return res;
}

export const config = {
  // Pages only: the API, Next's static assets and files in public/ don't pass through here.
  matcher: [{ source: "/((?!api/|_next/static|_next/image|favicon.ico|anneal.py).*)" }],
};
