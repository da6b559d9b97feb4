import "server-only";
import { getDatabase } from "@/lib/db";
import { pageAuth } from "@/lib/server/auth/page-session";
import { parseState } from "@/lib/compare/url-state";
import { CHART_PX_COOKIE, DEFAULT_CHART_PX, viewMetric, viewReads } from "@/lib/compare/view-reads";
import { getRuns, type RunDetailView } from "@/lib/server/runs/get-run";

/**
 * A compare page's first view, on the server: the runs' details (rendered with the page, where
 * the browser would otherwise ask for each run once the page is interactive) and the URL of each
 * series read the browser will make, computed exactly as it will (lib/compare/view-reads.ts) for
 * the chart width it reported last time (a cookie): the page preloads them, so the points travel
 * while its JavaScript loads. `widthPx`: that width, which the browser keeps reading at
 * (readWidth). Runs that don't exist, or that the caller may not read, are left out (as the API
 * would refuse them); the view reports them from its own reads.
 */
export async function compareFirstView(
  query: URLSearchParams,
  cookies: { get(name: string): { value: string } | undefined },
): Promise<{ details: RunDetailView[]; widthPx: number; seriesUrls: string[] }> {
  const state = parseState(query);
  const widthPx = Number(cookies.get(CHART_PX_COOKIE)?.value) || DEFAULT_CHART_PX;
  if (!state.runs.length) return { details: [], widthPx, seriesUrls: [] };
  const [db, auth] = await Promise.all([getDatabase(), pageAuth()]);
  const details = await getRuns(db, state.runs, (projectId) => auth.can(projectId, "read"));
  const byId = new Map(details.map((d) => [d.id, d]));
  const { requests } = viewReads(state, byId, { widthPx, metricName: viewMetric(state, byId) });
  return { details, widthPx, seriesUrls: requests.map((r) => r.url) };
}
