"use client";

import { fullPageLoad } from "./full-page-load";
import { useState } from "react";
import { apiFetch } from "@/lib/client/api-fetch";
import { ErrorNotice } from "../Notice";
import { useSession } from "./session-context";

/** Only same-site paths after sign-in (an open redirect otherwise). */
const safeNext = (next: string | null) => (next && /^\/(?![/\\])/.test(next) ? next : "/");

export function SignInForm({ next, error: initialError }: { next: string | null; error?: string }) {
  const session = useSession();
  const [error, setError] = useState(initialError === "oidc" ? "Single sign-on did not complete. Try again, or sign in with your password." : undefined);
  const [busy, setBusy] = useState(false);
  if (session.mode !== "team")
    return (
      <p className="text-sm text-slate-600 dark:text-slate-400">
        This server runs in local mode: there is nothing to sign in to. Everything is open to this machine.
      </p>
    );
  const submit = async (e: React.FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setBusy(true);
    setError(undefined);
    try {
      await apiFetch("/api/v1/auth/login", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email: form.get("email"), password: form.get("password") }),
      });
      fullPageLoad(safeNext(next));
    } catch (err) {
      setError((err as Error).message);
      setBusy(false);
    }
  };
  return (
    <div className="space-y-4">
      <form onSubmit={(e) => void submit(e)} className="space-y-3" data-testid="sign-in">
        <label className="block text-sm">
          Email
          <input name="email" type="email" autoComplete="username" required autoFocus className="field mt-1 block w-full" />
        </label>
        <label className="block text-sm">
          Password
          <input name="password" type="password" autoComplete="current-password" required className="field mt-1 block w-full" />
        </label>
        <button type="submit" className="btn-primary w-full justify-center" disabled={busy} aria-busy={busy}>
          {busy ? "Signing in…" : "Sign in"}
        </button>
      </form>
      {session.oidc.enabled && (
        <a className="btn-secondary w-full justify-center" href={`/api/v1/auth/oidc?next=${encodeURIComponent(safeNext(next))}`} data-testid="oidc">
          Sign in with {session.oidc.name}
        </a>
      )}
      {error && <ErrorNotice message={error} />}
      <p className="text-xs text-slate-500 dark:text-slate-400">
        No account? Ask an Anneal admin for an invitation link. Forgot your password? An admin can set a new one.
      </p>
    </div>
  );
}
