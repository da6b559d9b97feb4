"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useMemo } from "react";
import type { RunAnalysisResponse } from "../api-types";
import { runAnalysisQuery } from "../query/queries";
import { analysisQuery, readReplayParams, replayBase, writeReplayParams, type ReplayParams } from "@/lib/diagnosis/replay-params";
import { useUrlDraft } from "../use-url-draft";

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
  const [draft, setDraft, pending] = useUrlDraft(
    committed,
    (params) => {
      const next = writeReplayParams(new URLSearchParams(searchText), params, base).toString();
      router.replace(`${pathname}${next ? `?${next}` : ""}`, { scroll: false });
    },
    { delayMs: EDIT_DEBOUNCE_MS, same: (a, b) => analysisQuery(a) === analysisQuery(b) },
  );

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
