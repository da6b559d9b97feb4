/** The runs-table view state as it lives in the URL, so a link reproduces the view. */

export const STATUS_OPTIONS = ["running", "finished", "failed", "killed", "crashed"] as const;
export const PAGE_SIZE = 50;

export interface RunsQuery {
  status: string;
  /** A review status, "none", or "" for any. */
  review: string;
  tag: string;
  q: string;
  sort: string;
  order: "asc" | "desc";
  cursor: string;
}

export const DEFAULT_QUERY: RunsQuery = { status: "", review: "", tag: "", q: "", sort: "startedAt", order: "desc", cursor: "" };

export function readRunsQuery(params: URLSearchParams): RunsQuery {
  const get = (k: keyof RunsQuery) => params.get(k) ?? DEFAULT_QUERY[k];
  return {
    status: get("status"),
    review: get("review"),
    tag: get("tag"),
    q: get("q"),
    sort: get("sort"),
    order: params.get("order") === "asc" ? "asc" : params.get("order") === "desc" ? "desc" : DEFAULT_QUERY.order,
    cursor: get("cursor"),
  };
}

/** Page URL search string: only non-default values, so shared links stay short. */
export function pageSearch(query: RunsQuery): string {
  const params = new URLSearchParams();
  for (const key of Object.keys(DEFAULT_QUERY) as (keyof RunsQuery)[]) {
    if (query[key] !== DEFAULT_QUERY[key]) params.set(key, query[key]);
  }
  const s = params.toString();
  return s ? `?${s}` : "";
}

/** The API request for one page of the table. */
export function runsApiUrl(project: string, query: RunsQuery): string {
  const params = new URLSearchParams({ project, sort: query.sort, order: query.order, limit: String(PAGE_SIZE) });
  for (const key of ["status", "review", "tag", "q", "cursor"] as const) if (query[key]) params.set(key, query[key]);
  return `/api/v1/runs?${params}`;
}

/** Numbers read best-first when descending; text columns start A→Z. */
const DESC_FIRST = new Set(["startedAt", "lastStep", "duration", "config.lr", "config.batch_size"]);

/** Next sort after a header click; "best" starts with the best runs, whatever the main metric's mode. */
export function nextSort(query: RunsQuery, sort: string, mainMetricMode: "max" | "min" = "max"): Pick<RunsQuery, "sort" | "order"> {
  if (query.sort === sort) return { sort, order: query.order === "asc" ? "desc" : "asc" };
  if (sort === "best") return { sort, order: mainMetricMode === "min" ? "asc" : "desc" };
  return { sort, order: DESC_FIRST.has(sort) ? "desc" : "asc" };
}
