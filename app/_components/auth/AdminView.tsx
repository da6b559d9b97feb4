"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { apiFetch } from "@/lib/client/api-fetch";
import { queryKeys } from "@/lib/client/query-keys";
import type { UserView } from "@/lib/server/users/users";
import type { InviteView } from "@/lib/server/invites/invites";
import { PROJECT_ROLES } from "@/lib/auth/roles";
import { ErrorNotice, SkeletonRows } from "../Notice";
import { RelativeTime } from "../RelativeTime";
import { FormActions } from "../FormParts";

interface AuditRow {
  id: string;
  at: string;
  action: string;
  actor: string;
  target: string | null;
}
const send = (url: string, method: string, body?: unknown) =>
  apiFetch<unknown>(url, { method, headers: { "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
const read =
  <T,>(url: string) =>
  ({ signal }: { signal: AbortSignal }) =>
    apiFetch<T>(url, { signal });

/** Admins: accounts (create, disable, admin rights, new password), invitation links, the audit log. */
export function AdminView() {
  const client = useQueryClient();
  const users = useQuery({ queryKey: queryKeys.admin("users"), queryFn: read<{ users: UserView[] }>("/api/v1/admin/users") });
  const invites = useQuery({ queryKey: queryKeys.admin("invites"), queryFn: read<{ invites: InviteView[] }>("/api/v1/admin/invites") });
  const audit = useQuery({ queryKey: queryKeys.admin("audit"), queryFn: read<{ events: AuditRow[] }>("/api/v1/admin/audit?limit=100") });
  const refresh = () => client.invalidateQueries({ queryKey: ["admin"] });
  const [link, setLink] = useState<string>();
  const create = useMutation({ mutationFn: (b: object) => send("/api/v1/admin/users", "POST", b), onSuccess: refresh });
  const update = useMutation({
    mutationFn: ({ id, ...b }: { id: string; admin?: boolean; disabled?: boolean; password?: string }) => send(`/api/v1/admin/users/${id}`, "PATCH", b),
    onSuccess: refresh,
  });
  const invite = useMutation({
    mutationFn: (b: object) => send("/api/v1/admin/invites", "POST", b) as Promise<{ url: string }>,
    onSuccess: (r) => {
      setLink(r.url);
      void refresh();
    },
  });
  const revoke = useMutation({ mutationFn: (id: number) => send(`/api/v1/admin/invites/${id}`, "DELETE"), onSuccess: refresh });
  const error = create.error ?? update.error ?? invite.error ?? revoke.error ?? users.error ?? invites.error ?? audit.error;
  const formValues = (e: React.FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    return new FormData(e.currentTarget);
  };
  return (
    <div className="space-y-10">
      {error && <ErrorNotice message={error.message} />}
      <section className="space-y-3">
        <h2 className="text-lg font-semibold">Accounts</h2>
        {!users.data ? (
          <SkeletonRows rows={3} label="Loading accounts" />
        ) : (
          <table className="w-full text-sm" data-testid="users">
            <thead className="text-left text-slate-500 dark:text-slate-400">
              <tr>
                <th className="py-2 font-medium">Name</th>
                <th className="py-2 font-medium">Email</th>
                <th className="py-2 font-medium">Last sign-in</th>
                <th className="py-2 font-medium">Admin</th>
                <th className="py-2 font-medium">State</th>
                <th className="py-2 font-medium">
                  <span className="sr-only">Password</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {users.data.users.map((u) => (
                <tr key={u.id} className="border-t border-slate-200 dark:border-slate-800" data-email={u.email}>
                  <td className="py-2">{u.name}</td>
                  <td className="py-2">{u.email}</td>
                  <td className="py-2">{u.lastSignInAt ? <RelativeTime iso={u.lastSignInAt} /> : "never"}</td>
                  <td className="py-2">
                    <input
                      type="checkbox"
                      aria-label={`${u.email} is an admin`}
                      checked={u.admin}
                      onChange={(e) => update.mutate({ id: u.id, admin: e.target.checked })}
                    />
                  </td>
                  <td className="py-2">
                    <button type="button" className="link" onClick={() => update.mutate({ id: u.id, disabled: !u.disabled })}>
                      {u.disabled ? "Disabled — enable" : "Active — disable"}
                    </button>
                  </td>
                  <td className="py-2 text-right">
                    <button
                      type="button"
                      className="link"
                      onClick={() => {
                        const password = window.prompt(`New password for ${u.email} (8 characters or more). Their sessions end.`);
                        if (password) update.mutate({ id: u.id, password });
                      }}
                    >
                      Set password
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <form
          className="flex flex-wrap items-end gap-3"
          data-testid="create-user"
          onSubmit={(e) => {
            const f = formValues(e);
            const el = e.currentTarget;
            create.mutate(
              { email: f.get("email"), name: f.get("name") || undefined, password: f.get("password"), admin: f.get("admin") === "on" },
              { onSuccess: () => el.reset() },
            );
          }}
        >
          <label className="text-sm">
            Email
            <input name="email" type="email" required className="field mt-1 block w-60" />
          </label>
          <label className="text-sm">
            Name
            <input name="name" className="field mt-1 block w-40" />
          </label>
          <label className="text-sm">
            Temporary password
            <input name="password" type="password" minLength={8} required autoComplete="new-password" className="field mt-1 block w-48" />
          </label>
          <label className="flex items-center gap-2 text-sm">
            <input name="admin" type="checkbox" /> admin
          </label>
          <FormActions submitLabel="Create account" disabled={create.isPending} />
        </form>
      </section>

      <section className="space-y-3">
        <h2 className="text-lg font-semibold">Invitation links</h2>
        <form
          className="flex flex-wrap items-end gap-3"
          data-testid="create-invite"
          onSubmit={(e) => {
            const f = formValues(e);
            invite.mutate({ email: f.get("email") || undefined, project: f.get("project") || undefined, role: f.get("role"), admin: f.get("admin") === "on" });
          }}
        >
          <label className="text-sm">
            Email (optional)
            <input name="email" type="email" className="field mt-1 block w-60" />
          </label>
          <label className="text-sm">
            Project (optional)
            <input name="project" placeholder="slug" className="field mt-1 block w-40" />
          </label>
          <label className="text-sm">
            Role there
            <select name="role" className="field mt-1 block" defaultValue="viewer">
              {PROJECT_ROLES.map((r) => (
                <option key={r}>{r}</option>
              ))}
            </select>
          </label>
          <label className="flex items-center gap-2 text-sm">
            <input name="admin" type="checkbox" /> admin
          </label>
          <FormActions submitLabel="Create link" disabled={invite.isPending} />
        </form>
        {link && (
          <p role="status" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm dark:border-amber-700 dark:bg-amber-950">
            Send this link (shown once, works once, for 7 days):{" "}
            <code className="break-all font-mono" data-testid="invite-link">
              {link}
            </code>
          </p>
        )}
        {invites.data && invites.data.invites.length > 0 && (
          <ul className="space-y-1 text-sm">
            {invites.data.invites.map((i) => (
              <li key={i.id}>
                {i.email ?? "anyone with the link"}
                {i.project ? ` → ${i.project} (${i.role})` : ""}
                {i.admin ? ", admin" : ""} · {i.state}
                {i.state === "open" && (
                  <button type="button" className="link ml-2" onClick={() => revoke.mutate(i.id)}>
                    Revoke
                  </button>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="space-y-3">
        <h2 className="text-lg font-semibold">Audit log</h2>
        {audit.data && (
          <table className="w-full text-sm" data-testid="audit">
            <tbody>
              {audit.data.events.map((a) => (
                <tr key={a.id} className="border-t border-slate-200 dark:border-slate-800">
                  <td className="py-1 pr-4 whitespace-nowrap">
                    <RelativeTime iso={a.at} />
                  </td>
                  <td className="py-1 pr-4 font-mono text-xs">{a.action}</td>
                  <td className="py-1 pr-4">{a.actor}</td>
                  <td className="py-1">{a.target}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
