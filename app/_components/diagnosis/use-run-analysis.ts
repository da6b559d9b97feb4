"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useEffect, useMemo, useState } from "react";
import type { RunAnalysisResponse } from "../api-types";
import { runAnalysisQuery } from "../query/queries";
import { analysisQuery, readReplayParams, replayBase, writeReplayParams, type ReplayParams } from "@/lib/diagnosis/replay-params";

const LIVE_REFRESH_MS = 5_000;
/** Typing "0.05" shouldn't fire a request per key; a quarter second still feels instant. */
const EDIT_DEBOUNCE_MS = 250;

export interface RunAnalysisState {
  data: RunAnalysisResponse | undefined;
  error: Error | undefined;
  /** Nothing to show yet. */
  loading: boolean;
  /** An edit or refetch is on its way; the previous result stays drawn meanwhile. */
  updating: boolean;
  reload: () => void;
  /** What the editor shows (applied to the URL and the query after the debounce). */
  draft: ReplayParams;
  setDraft: (params: ReplayParams) => void;
  /** Where the editor starts: the run's own ReduceLROnPlateau parameters (config), PyTorch's defaults for the rest. */
  base: ReplayParams;
}

/**
 * The run's analysis for the ReduceLROnPlateau parameters in the page URL (so a link reproduces
 * the replay). Edits are debounced into the URL as differences from the run's own parameters; the
 * analysis refreshes with the run while it runs.
 */
export function useRunAnalysis(runId: string, live: boolean, config: Record<string, unknown> | undefined): RunAnalysisState {
  const router = useRouter();
  const pathname = usePathname();
  const search = useSearchParams();
  const searchText = search.toString();
  const baseKey = JSON.stringify(replayBase(config));
  const base = useMemo(() => JSON.parse(baseKey) as ReplayParams, [baseKey]);
  const committed = useMemo(() => readReplayParams(new URLSearchParams(searchText), base), [searchText, base]);
  const [draft, setDraft] = useState(committed);
  // The parameters this hook last wrote into the URL: their arrival is no reason to reset the draft,
  // which may already hold the next edit (typed while the URL was updating).
  const [written, setWritten] = useState<string | null>(null);
  // Follow the URL when it changes from elsewhere (back button, a shared link).
  const [followed, setFollowed] = useState(committed);
  if (followed !== committed) {
    setFollowed(committed);
    if (analysisQuery(committed) !== written) setDraft(committed);
  }
  const pending = analysisQuery(draft) !== analysisQuery(committed);
  useEffect(() => {
    if (!pending) return;
    const t = window.setTimeout(() => {
      const next = writeReplayParams(new URLSearchParams(searchText), draft, base).toString();
      setWritten(analysisQuery(draft));
      router.replace(`${pathname}${next ? `?${next}` : ""}`, { scroll: false });
    }, EDIT_DEBOUNCE_MS);
    return () => window.clearTimeout(t);
  }, [pending, draft, base, searchText, pathname, router]);

  const api = useQuery({
    ...runAnalysisQuery(runId, analysisQuery(committed)),
    placeholderData: keepPreviousData,
    refetchInterval: live ? LIVE_REFRESH_MS : false,
  });
  return {
    data: api.data,
    error: api.error ?? undefined,
    loading: api.isPending,
    updating: pending || api.isPlaceholderData,
    reload: () => void api.refetch(),
    draft,
    setDraft,
    base,
  };
}
