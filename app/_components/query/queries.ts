import { queryOptions } from "@tanstack/react-query";
import { apiFetch } from "@/lib/client/api-fetch";
import { queryKeys } from "@/lib/client/query-keys";
import type { SeriesRequest } from "@/lib/compare/series-requests";
import { decodeSeriesBatch, type DecodedSeries, type SeriesBatch } from "@/lib/metrics/series-binary";
import { DEFAULT_QUERY, runsApiUrl, type RunsQuery } from "@/lib/runs/run-query";
import type { MetricsResponse, Project, RunAnalysisResponse, RunArtifacts, RunDetail, RunDiagnosisList, RunList } from "../api-types";
import type { CompareResponse } from "../compare/types";
import type { ActivityPage, AlertList, CommentList, ComparisonDetail, ComparisonList, DeliveryList } from "../review/review-types";

/**
 * Every API read of the UI as a TanStack Query definition: its key (lib/client/query-keys.ts),
 * URL and answer type. Screens add how often to refresh and whether to keep the previous answer
 * on screen while a new one loads.
 */

const runUrl = (id: string) => `/api/v1/runs/${encodeURIComponent(id)}`;
/** Runs a read now, or when a slot frees up (see createLimit); the signal drops it from the queue. */
export type Slot = <T>(read: () => Promise<T>, signal: AbortSignal) => Promise<T>;
const now: Slot = (read) => read();

const get =
  <T>(url: string, slot = now) =>
  ({ signal }: { signal: AbortSignal }) =>
    slot(() => apiFetch<T>(url, { signal }), signal);

export const projectsQuery = () => queryOptions({ queryKey: queryKeys.projects(), queryFn: get<{ projects: Project[] }>("/api/v1/projects") });

export const projectQuery = (slug: string) =>
  queryOptions({ queryKey: queryKeys.project(slug), queryFn: get<Project>(`/api/v1/projects/${encodeURIComponent(slug)}`) });

export function projectRunsQuery(slug: string, query: RunsQuery) {
  const url = runsApiUrl(slug, query);
  return queryOptions({ queryKey: queryKeys.projectRuns(slug, url), queryFn: get<RunList>(url) });
}

/** The project's baseline run: the runs read of `review=baseline` (its first run), refreshed by runs' events only (lib/client/live-plan.ts). */
export function projectBaselineQuery(slug: string) {
  const url = runsApiUrl(slug, { ...DEFAULT_QUERY, review: "baseline" });
  return queryOptions({ queryKey: queryKeys.projectBaseline(slug, url), queryFn: get<RunList>(url) });
}

export const runQuery = (id: string) => queryOptions({ queryKey: queryKeys.run(id), queryFn: get<RunDetail>(runUrl(id)) });

export const runArtifactsQuery = (id: string) => queryOptions({ queryKey: queryKeys.runArtifacts(id), queryFn: get<RunArtifacts>(`${runUrl(id)}/artifacts`) });

/** One run's points (GET /runs/{id}/metrics) for these query parameters. */
export function runMetricsQuery(id: string, params: URLSearchParams) {
  const url = `${runUrl(id)}/metrics?${params}`;
  return queryOptions({ queryKey: queryKeys.runMetrics(id, url), queryFn: get<MetricsResponse>(url) });
}

/** One run's analysis; `query` carries the ranked metric or the replay parameters. */
export function runAnalysisQuery(id: string, query: string, slot?: Slot) {
  const url = `${runUrl(id)}/analysis?${query}`;
  return queryOptions({ queryKey: queryKeys.runAnalysis(id, url), queryFn: get<RunAnalysisResponse>(url, slot) });
}

export function runsDiagnosisQuery(ids: readonly string[]) {
  const url = `/api/v1/runs/diagnosis?ids=${encodeURIComponent(ids.join(","))}`;
  return queryOptions({ queryKey: queryKeys.runsDiagnosis(ids, url), queryFn: get<RunDiagnosisList>(url) });
}

export function compareQuery(runs: readonly string[], params: URLSearchParams) {
  const url = `/api/v1/compare?${params}`;
  return queryOptions({ queryKey: queryKeys.compare(runs, url), queryFn: get<CompareResponse>(url) });
}

/** The compact float64 form of a series read: a fraction of the JSON's bytes and no number parsing. */
export const readBinary = async (res: Response) => decodeSeriesBatch(await res.arrayBuffer());

/** Zoom levels left behind are kept this long: zooming back out is instant, memory stays bounded. */
const SERIES_KEPT_MS = 30_000;

export const seriesQuery = (request: SeriesRequest) =>
  queryOptions({
    queryKey: queryKeys.series(request.runs, request.url),
    queryFn: ({ signal }): Promise<SeriesBatch<DecodedSeries>> => apiFetch(request.url, { signal }, readBinary),
    gcTime: SERIES_KEPT_MS,
    // A read changes only when its runs log, and then it is invalidated (the project's live events,
    // the compare poll). Stale at once (TanStack's default), every zoom reset refetched the whole
    // first view, and the next zoom's read queued behind it on the server.
    staleTime: Infinity,
  });

export const importFormatsQuery = () =>
  queryOptions({ queryKey: queryKeys.importFormats(), queryFn: get<{ formats: { id: string; title: string }[] }>("/api/v1/import/formats") });

/**
 * A `refetchInterval`: every `ms` (undefined: never), and with `live` only while the last answer
 * says so (e.g. while a run is running). TanStack pauses it while the tab is hidden.
 */
export function pollWhile<T>(ms: number | undefined, live?: (data: T) => boolean) {
  return (query: { state: { data: T | undefined } }): number | false => {
    if (ms === undefined) return false;
    if (!live) return ms;
    return query.state.data !== undefined && live(query.state.data) ? ms : false;
  };
}

/** The comments of a run or of a saved comparison. */
export function commentsQuery(subject: { kind: "run" | "comparison"; id: string }) {
  const run = subject.kind === "run";
  return queryOptions({
    queryKey: run ? queryKeys.runComments(subject.id) : queryKeys.comparisonComments(subject.id),
    queryFn: get<CommentList>(run ? `${runUrl(subject.id)}/comments` : `/api/v1/comparisons/${encodeURIComponent(subject.id)}/comments`),
  });
}

export const comparisonsQuery = (slug: string) =>
  queryOptions({ queryKey: queryKeys.comparisons(slug), queryFn: get<ComparisonList>(`/api/v1/projects/${encodeURIComponent(slug)}/comparisons`) });

export const comparisonQuery = (id: string) =>
  queryOptions({ queryKey: queryKeys.comparison(id), queryFn: get<ComparisonDetail>(`/api/v1/comparisons/${encodeURIComponent(id)}`) });

export const activityQuery = (slug: string) =>
  queryOptions({ queryKey: queryKeys.activity(slug), queryFn: get<ActivityPage>(`/api/v1/projects/${encodeURIComponent(slug)}/activity?limit=50`) });

export const alertsQuery = (slug: string) =>
  queryOptions({ queryKey: queryKeys.alerts(slug), queryFn: get<AlertList>(`/api/v1/projects/${encodeURIComponent(slug)}/alerts`) });

export const alertDeliveriesQuery = (slug: string) =>
  queryOptions({
    queryKey: queryKeys.alertDeliveries(slug),
    queryFn: get<DeliveryList>(`/api/v1/projects/${encodeURIComponent(slug)}/alert-deliveries?limit=50`),
  });
