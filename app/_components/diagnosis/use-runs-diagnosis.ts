"use client";

import { useMemo } from "react";
import type { RunDiagnosis, RunDiagnosisList } from "../api-types";
import { useApi } from "../use-api";

const MAX_IDS = 500;

/**
 * Recognised schedule and live plateau per run, for the runs shown (the server caches each run's
 * diagnosis until it logs again, so polling along with the table is cheap).
 */
export function useRunsDiagnosis(ids: readonly string[], refreshMs?: number): ReadonlyMap<string, RunDiagnosis> {
  const key = ids.slice(0, MAX_IDS).join(",");
  const { data } = useApi<RunDiagnosisList>(key ? `/api/v1/runs/diagnosis?ids=${encodeURIComponent(key)}` : null, { refreshMs });
  return useMemo(() => new Map((data?.runs ?? []).map((d) => [d.id, d])), [data]);
}
