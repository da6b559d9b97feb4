"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { apiFetch } from "@/lib/client/api-fetch";
import { queryKeys } from "@/lib/client/query-keys";
import { ErrorNotice } from "../Notice";
import { useSession } from "../auth/session-context";

/** POST /api/v1/demo, then open the demo project. Disabled while loading so one click = one import. */
export function LoadDemoButton({ className = "btn-primary" }: { className?: string }) {
  const router = useRouter();
  const client = useQueryClient();
  const demo = useMutation({
    mutationFn: () => apiFetch<{ project: string; runs: number }>("/api/v1/demo", { method: "POST" }),
    onSuccess: (res) => {
      void client.invalidateQueries({ queryKey: queryKeys.projects() });
      router.push(`/projects/${encodeURIComponent(res.project)}`);
    },
  });
  const state = demo.isPending ? "loading" : demo.isSuccess ? "done" : "idle";
  // Loading creates (or adds to) the demo project: API keys and read-only visitors can't.
  if (!useSession().canCreateProjects) return null;

  return (
    <div className="space-y-2">
      <button
        type="button"
        className={className}
        onClick={() => demo.mutate()}
        disabled={state !== "idle"}
        aria-busy={state === "loading"}
        data-testid="load-demo"
        data-state={state}
      >
        {state === "loading" && <span aria-hidden className="size-3 animate-spin rounded-full border-2 border-current border-t-transparent" />}
        {state === "idle" ? "Load example runs" : state === "loading" ? "Loading example runs…" : "Opening…"}
      </button>
      {demo.error && <ErrorNotice message={demo.error.message} />}
    </div>
  );
}
