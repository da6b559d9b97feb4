"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import type { RunDiagnosis } from "../api-types";
import { runsDiagnosisQuery } from "../query/queries";

const MAX_IDS = 500;

/**
 * Recognised schedule and live plateau per run, for the runs shown (the server caches each run's
 * diagnosis until it logs again, so polling along with the table is cheap).
 */
export function useRunsDiagnosis(ids: readonly string[], refreshMs?: number): ReadonlyMap<string, RunDiagnosis> {
  const shown = ids.slice(0, MAX_IDS);
  const { data } = useQuery({
    ...runsDiagnosisQuery(shown),
    enabled: shown.length > 0,
    placeholderData: keepPreviousData,
    refetchInterval: refreshMs ?? false,
  });
  return useMemo(() => new Map((data?.runs ?? []).map((d) => [d.id, d])), [data]);
}
