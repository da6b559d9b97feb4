"use client";

import { formText } from "./form-text";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "@/lib/client/api-fetch";
import { queryKeys } from "@/lib/client/query-keys";
import type { MemberView } from "@/lib/server/members/members";
import { PROJECT_ROLES } from "@/lib/auth/roles";
import { projectQuery } from "../query/queries";
import { ErrorNotice, SkeletonRows } from "../Notice";

const ROLE_HELP: Record<string, string> = { owner: "members, keys, settings, deletions", editor: "log, import, edit runs", viewer: "read and comment" };
const json = (method: string, body?: unknown): RequestInit => ({
  method,
  headers: { "content-type": "application/json" },
  body: body === undefined ? undefined : JSON.stringify(body),
});

/** A project's members: everyone who may read sees the list; owners add, change and remove. */
export function MembersView({ slug }: { slug: string }) {
  const client = useQueryClient();
  const project = useQuery(projectQuery(slug));
  const base = `/api/v1/projects/${encodeURIComponent(slug)}/members`;
  const members = useQuery({ queryKey: queryKeys.members(slug), queryFn: ({ signal }) => apiFetch<{ members: MemberView[] }>(base, { signal }) });
  const refresh = () => client.invalidateQueries({ queryKey: queryKeys.members(slug) });
  const add = useMutation({ mutationFn: (b: { email: string; role: string }) => apiFetch(base, json("POST", b)), onSuccess: refresh });
  const change = useMutation({
    mutationFn: (m: { userId: string; role: string }) => apiFetch(`${base}/${m.userId}`, json("PATCH", { role: m.role })),
    onSuccess: refresh,
  });
  const remove = useMutation({ mutationFn: (userId: string) => apiFetch(`${base}/${userId}`, json("DELETE")), onSuccess: refresh });
  const canManage = project.data?.role === "owner";
  if (members.error) return <ErrorNotice message={members.error.message} onRetry={() => void members.refetch()} />;
  if (!members.data) return <SkeletonRows rows={4} label="Loading members" />;
  const error = add.error ?? change.error ?? remove.error;
  return (
    <div className="space-y-6">
      <table className="w-full max-w-3xl text-sm" data-testid="members">
        <thead className="text-left text-slate-500 dark:text-slate-400">
          <tr>
            <th className="py-2 font-medium">Name</th>
            <th className="py-2 font-medium">Email</th>
            <th className="py-2 font-medium">Role</th>
            {canManage && (
              <th className="py-2 font-medium">
                <span className="sr-only">Remove</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {members.data.members.map((m) => (
            <tr key={m.userId} className="border-t border-slate-200 dark:border-slate-800" data-email={m.email}>
              <td className="py-2">
                {m.name}
                {m.disabled && <span className="ml-2 text-xs text-slate-500">(disabled)</span>}
              </td>
              <td className="py-2">{m.email}</td>
              <td className="py-2">
                {canManage ? (
                  <select
                    aria-label={`Role of ${m.email}`}
                    className="field"
                    value={m.role}
                    onChange={(e) => change.mutate({ userId: m.userId, role: e.target.value })}
                  >
                    {PROJECT_ROLES.map((r) => (
                      <option key={r} value={r}>
                        {r}
                      </option>
                    ))}
                  </select>
                ) : (
                  m.role
                )}
              </td>
              {canManage && (
                <td className="py-2 text-right">
                  <button type="button" className="link" onClick={() => remove.mutate(m.userId)}>
                    Remove
                  </button>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      {members.data.members.length === 0 && <p className="text-sm text-slate-500">No members yet: admins see every project.</p>}
      {canManage && (
        <form
          className="flex flex-wrap items-end gap-3"
          data-testid="add-member"
          onSubmit={(e) => {
            e.preventDefault();
            const form = new FormData(e.currentTarget);
            add.mutate({ email: formText(form, "email"), role: formText(form, "role") }, { onSuccess: () => e.target.reset() });
          }}
        >
          <label className="text-sm">
            Add by email
            <input name="email" type="email" required className="field mt-1 block w-72" />
          </label>
          <label className="text-sm">
            Role
            <select name="role" className="field mt-1 block" defaultValue="viewer">
              {PROJECT_ROLES.map((r) => (
                <option key={r} value={r}>
                  {r} — {ROLE_HELP[r]}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" className="btn-primary" disabled={add.isPending}>
            Add member
          </button>
        </form>
      )}
      {error && <ErrorNotice message={error.message} />}
    </div>
  );
}
