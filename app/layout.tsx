import type { Metadata } from "next";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { PUBLIC_PAGES } from "@/lib/server/auth/public-pages";
import { pageSession } from "@/lib/server/auth/page-session";
import { PageLink } from "./_components/PageLink";
import { SessionProvider } from "./_components/auth/session-context";
import { UserMenu } from "./_components/auth/UserMenu";
import { QueryProvider } from "./_components/query/QueryProvider";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Anneal", template: "%s · Anneal" },
  description: "Which optimizer, which learning rate, which schedule? Experiment tracking for deep-learning training.",
};

const THEME_SCRIPT = `if (matchMedia("(prefers-color-scheme: dark)").matches) document.documentElement.classList.add("dark")`;

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const h = await headers();
  // The CSP allows inline scripts only with this request's nonce (proxy.ts).
  const nonce = h.get("x-nonce") ?? undefined;
  const session = await pageSession();
  const path = h.get("x-pathname") ?? "/";
  // The proxy saw a session cookie, but it may have expired or been revoked.
  if (session.mode === "team" && !session.user && !PUBLIC_PAGES.test(path)) redirect(`/sign-in?next=${encodeURIComponent(path)}`);
  return (
    // The dark variant is class-based (globals.css); follow the OS setting until there is a toggle.
    // The script runs before paint, so there is no light flash; it changes the class, hence the warning opt-out.
    <html lang="en" suppressHydrationWarning>
      <head>
        <script nonce={nonce} dangerouslySetInnerHTML={{ __html: THEME_SCRIPT }} />
      </head>
      <body className="min-h-screen bg-white text-slate-900 antialiased dark:bg-slate-950 dark:text-slate-100">
        <a
          href="#main"
          className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2 focus:text-slate-900"
        >
          Skip to content
        </a>
        <nav aria-label="Main" className="border-b border-slate-200 dark:border-slate-800">
          <div className="mx-auto flex max-w-7xl items-center gap-6 px-4 py-3">
            <PageLink href="/" className="text-lg font-semibold tracking-tight">
              Anneal
            </PageLink>
            <PageLink href="/" className="text-sm text-slate-600 hover:text-slate-900 dark:text-slate-400 dark:hover:text-white">
              Projects
            </PageLink>
            <a href="/api/v1/openapi.json" className="text-sm text-slate-600 hover:text-slate-900 dark:text-slate-400 dark:hover:text-white">
              API
            </a>
            <SessionProvider session={session}>
              <UserMenu />
            </SessionProvider>
          </div>
        </nav>
        <main id="main" className="mx-auto max-w-7xl px-4 py-6">
          <SessionProvider session={session}>
            <QueryProvider>{children}</QueryProvider>
          </SessionProvider>
        </main>
      </body>
    </html>
  );
}
