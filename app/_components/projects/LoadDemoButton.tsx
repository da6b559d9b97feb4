"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { ErrorNotice } from "../Notice";
import { apiFetch, ApiFailure } from "../use-api";

/** POST /api/v1/demo, then open the demo project. Disabled while loading so one click = one import. */
export function LoadDemoButton({ className = "btn-primary" }: { className?: string }) {
  const router = useRouter();
  const [state, setState] = useState<"idle" | "loading" | "done">("idle");
  const [error, setError] = useState<string>();

  async function load() {
    setState("loading");
    setError(undefined);
    try {
      const res = await apiFetch<{ project: string; runs: number }>("/api/v1/demo", { method: "POST" });
      setState("done");
      router.push(`/projects/${encodeURIComponent(res.project)}`);
    } catch (err) {
      setState("idle");
      setError(err instanceof ApiFailure ? err.message : String(err));
    }
  }

  return (
    <div className="space-y-2">
      <button
        type="button"
        className={className}
        onClick={load}
        disabled={state !== "idle"}
        aria-busy={state === "loading"}
        data-testid="load-demo"
        data-state={state}
      >
        {state === "loading" && <span aria-hidden className="size-3 animate-spin rounded-full border-2 border-current border-t-transparent" />}
        {state === "idle" ? "Load example runs" : state === "loading" ? "Loading example runs…" : "Opening…"}
      </button>
      {error && <ErrorNotice message={error} />}
    </div>
  );
}
