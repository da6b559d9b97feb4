"use client";

import { fullPageLoad } from "./full-page-load";
import { useState } from "react";
import { apiFetch } from "@/lib/client/api-fetch";
import { ErrorNotice } from "../Notice";
import { useSession } from "./session-context";

/** The signed-in user's own settings: change the password, sign out everywhere. */
export function AccountView() {
  const session = useSession();
  const [message, setMessage] = useState<string>();
  const [error, setError] = useState<string>();
  if (!session.user) return <p className="text-sm text-slate-600 dark:text-slate-400">Local mode has no accounts.</p>;
  const changePassword = async (e: React.FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const el = e.currentTarget;
    const form = new FormData(el);
    setError(undefined);
    setMessage(undefined);
    if (form.get("newPassword") !== form.get("confirm")) return setError("The two new passwords differ.");
    try {
      await apiFetch("/api/v1/auth/password", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ currentPassword: form.get("currentPassword"), newPassword: form.get("newPassword") }),
      });
      el.reset();
      setMessage("Password changed. Your other sessions are signed out.");
    } catch (err) {
      setError((err as Error).message);
    }
  };
  const signOutEverywhere = async () => {
    try {
      await apiFetch("/api/v1/auth/sessions", { method: "DELETE" });
      fullPageLoad("/sign-in");
    } catch (err) {
      setError((err as Error).message);
    }
  };
  return (
    <div className="max-w-md space-y-8">
      <p className="text-sm">
        Signed in as <b>{session.user.name}</b> ({session.user.email}){session.user.admin ? ", admin" : ""}.
      </p>
      <form onSubmit={(e) => void changePassword(e)} className="space-y-3">
        <h2 className="text-lg font-semibold">Change password</h2>
        <label className="block text-sm">
          Current password
          <input name="currentPassword" type="password" autoComplete="current-password" required className="field mt-1 block w-full" />
        </label>
        <label className="block text-sm">
          New password (8 characters or more)
          <input name="newPassword" type="password" autoComplete="new-password" minLength={8} required className="field mt-1 block w-full" />
        </label>
        <label className="block text-sm">
          New password again
          <input name="confirm" type="password" autoComplete="new-password" minLength={8} required className="field mt-1 block w-full" />
        </label>
        <button type="submit" className="btn-primary">
          Change password
        </button>
      </form>
      <section className="space-y-2">
        <h2 className="text-lg font-semibold">Sessions</h2>
        <p className="text-sm text-slate-600 dark:text-slate-400">Lost a laptop? End every session of your account, this one included.</p>
        <button type="button" className="btn-secondary" onClick={() => void signOutEverywhere()} data-testid="sign-out-everywhere">
          Sign out everywhere
        </button>
      </section>
      {message && (
        <p role="status" className="text-sm text-emerald-700 dark:text-emerald-300">
          {message}
        </p>
      )}
      {error && <ErrorNotice message={error} />}
    </div>
  );
}
