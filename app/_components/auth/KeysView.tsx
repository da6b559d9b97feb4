"use client";

import { formText } from "./form-text";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { apiFetch } from "@/lib/client/api-fetch";
import { queryKeys } from "@/lib/client/query-keys";
import { ErrorNotice, SkeletonRows } from "../Notice";
import { RelativeTime } from "../RelativeTime";

interface KeyRow {
  id: number;
  name: string | null;
  scope: "read" | "write";
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/** A project's API keys (owners): create one (shown once), see when each was last used, revoke. */
export function KeysView({ slug }: { slug: string }) {
  const client = useQueryClient();
  const base = `/api/v1/projects/${encodeURIComponent(slug)}/keys`;
  const keys = useQuery({ queryKey: queryKeys.keys(slug), queryFn: ({ signal }) => apiFetch<{ keys: KeyRow[] }>(base, { signal }) });
  const refresh = () => client.invalidateQueries({ queryKey: queryKeys.keys(slug) });
  const [created, setCreated] = useState<{ key: string; scope: string } | null>(null);
  const create = useMutation({
    mutationFn: (b: { name?: string; scope: string }) =>
      apiFetch<{ key: string; scope: string }>(base, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(b) }),
    onSuccess: (k) => {
      setCreated(k);
      void refresh();
    },
  });
  const revoke = useMutation({ mutationFn: (id: number) => apiFetch(`${base}/${id}`, { method: "DELETE" }), onSuccess: refresh });
  if (keys.error) return <ErrorNotice message={keys.error.message} onRetry={() => void keys.refetch()} />;
  if (!keys.data) return <SkeletonRows rows={3} label="Loading keys" />;
  return (
    <div className="space-y-6">
      <form
        className="flex flex-wrap items-end gap-3"
        data-testid="create-key"
        onSubmit={(e) => {
          e.preventDefault();
          const form = new FormData(e.currentTarget);
          create.mutate({ name: formText(form, "name") || undefined, scope: formText(form, "scope") });
        }}
      >
        <label className="text-sm">
          Name
          <input name="name" placeholder="e.g. training cluster" maxLength={100} className="field mt-1 block w-64" />
        </label>
        <label className="text-sm">
          Scope
          <select name="scope" className="field mt-1 block" defaultValue="write">
            <option value="write">write — log runs to this project (and read it)</option>
            <option value="read">read — read this project only</option>
          </select>
        </label>
        <button type="submit" className="btn-primary" disabled={create.isPending}>
          Create key
        </button>
      </form>
      {created && (
        <div
          role="status"
          className="space-y-2 rounded-md border border-amber-300 bg-amber-50 p-4 text-sm dark:border-amber-700 dark:bg-amber-950"
          data-testid="new-key"
        >
          <p>
            Your new {created.scope} key. <b>Copy it now: it is shown only once.</b>
          </p>
          <code className="block break-all rounded bg-white p-2 font-mono dark:bg-slate-900" data-testid="new-key-value">
            {created.key}
          </code>
          <p className="text-slate-600 dark:text-slate-400">
            In your training script&apos;s environment: <code>export ANNEAL_API_KEY={created.key}</code> (or the header <code>Authorization: Bearer …</code>).
          </p>
        </div>
      )}
      <table className="w-full max-w-4xl text-sm" data-testid="keys">
        <thead className="text-left text-slate-500 dark:text-slate-400">
          <tr>
            <th className="py-2 font-medium">Name</th>
            <th className="py-2 font-medium">Key</th>
            <th className="py-2 font-medium">Scope</th>
            <th className="py-2 font-medium">Created</th>
            <th className="py-2 font-medium">Last used</th>
            <th className="py-2 font-medium">
              <span className="sr-only">Revoke</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {keys.data.keys.map((k) => (
            <tr key={k.id} className={`border-t border-slate-200 dark:border-slate-800 ${k.revokedAt ? "text-slate-400" : ""}`}>
              <td className="py-2">{k.name ?? <span className="text-slate-400">—</span>}</td>
              <td className="py-2 font-mono">{k.prefix}…</td>
              <td className="py-2">{k.scope}</td>
              <td className="py-2">
                <RelativeTime iso={k.createdAt} />
              </td>
              <td className="py-2">{k.lastUsedAt ? <RelativeTime iso={k.lastUsedAt} /> : "never"}</td>
              <td className="py-2 text-right">
                {k.revokedAt ? (
                  "revoked"
                ) : (
                  <button type="button" className="link" onClick={() => revoke.mutate(k.id)}>
                    Revoke
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {keys.data.keys.length === 0 && <p className="text-sm text-slate-500">No keys yet. Scripts log with a write key.</p>}
      {(create.error ?? revoke.error) && <ErrorNotice message={(create.error ?? revoke.error)!.message} />}
    </div>
  );
}
