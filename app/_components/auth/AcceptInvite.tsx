"use client";

import { fullPageLoad } from "./full-page-load";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { apiFetch } from "@/lib/client/api-fetch";
import { ErrorNotice, SkeletonRows } from "../Notice";

interface Invite {
  email: string | null;
  admin: boolean;
  project: string | null;
  role: string | null;
  expiresAt: string;
}

/** An invitation link: pick a name and a password, get the account, signed in. */
export function AcceptInvite({ token }: { token: string }) {
  const invite = useQuery({
    queryKey: ["invite", token],
    queryFn: ({ signal }) => apiFetch<Invite>(`/api/v1/invites/${encodeURIComponent(token)}`, { signal }),
  });
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  if (invite.error) return <ErrorNotice message={invite.error.message} />;
  if (!invite.data) return <SkeletonRows rows={3} label="Loading the invitation" />;
  const inv = invite.data;
  const submit = async (e: React.FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    if (form.get("password") !== form.get("confirm")) return setError("The two passwords differ.");
    setBusy(true);
    setError(undefined);
    try {
      await apiFetch(`/api/v1/invites/${encodeURIComponent(token)}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ name: form.get("name") || undefined, password: form.get("password"), email: inv.email ? undefined : form.get("email") }),
      });
      fullPageLoad(inv.project ? `/projects/${encodeURIComponent(inv.project)}` : "/");
    } catch (err) {
      setError((err as Error).message);
      setBusy(false);
    }
  };
  return (
    <form onSubmit={(e) => void submit(e)} className="space-y-3">
      <p className="text-sm text-slate-600 dark:text-slate-400">
        {inv.project ? (
          <>
            You are invited to <b>{inv.project}</b> as {inv.role}
            {inv.admin ? ", with admin rights" : ""}.
          </>
        ) : (
          <>You are invited to this Anneal server{inv.admin ? " as an admin" : ""}.</>
        )}{" "}
        The link works once, until {new Date(inv.expiresAt).toLocaleDateString()}.
      </p>
      <label className="block text-sm">
        Email
        {inv.email ? (
          <input value={inv.email} readOnly className="field mt-1 block w-full opacity-70" />
        ) : (
          <input name="email" type="email" autoComplete="username" required className="field mt-1 block w-full" />
        )}
      </label>
      <label className="block text-sm">
        Your name
        <input name="name" autoComplete="name" className="field mt-1 block w-full" />
      </label>
      <label className="block text-sm">
        Password (8 characters or more)
        <input name="password" type="password" autoComplete="new-password" minLength={8} required className="field mt-1 block w-full" />
      </label>
      <label className="block text-sm">
        Password again
        <input name="confirm" type="password" autoComplete="new-password" minLength={8} required className="field mt-1 block w-full" />
      </label>
      <button type="submit" className="btn-primary" disabled={busy} aria-busy={busy}>
        {busy ? "Creating your account…" : "Create my account"}
      </button>
      {error && <ErrorNotice message={error} />}
    </form>
  );
}
