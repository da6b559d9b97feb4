/**
 * Every key the browser caches an API answer under (TanStack Query), in one place: a live update
 * (an event saying "run r logged", "project p has a new run") finds what to refetch with
 * `touchesRun` / `touchesProject` rather than knowing every screen's queries.
 *
 * Layout: [scope, subject, what?, url?]. Scopes are "projects" (the list), "project" (one
 * project: its detail, its runs table), "run" (one run: detail, metrics, analysis) and "runs"
 * (reads over several runs: subject is their id list). The URL ends keys that vary by query
 * parameters, so a key always names exactly what was fetched.
 */
export const queryKeys = {
  projects: () => ["projects"] as const,
  project: (slug: string) => ["project", slug] as const,
  projectRuns: (slug: string, url: string) => ["project", slug, "runs", url] as const,
  /** The project's baseline run (a runs read filtered by review): changed by runs' events, never by their points. */
  projectBaseline: (slug: string, url: string) => ["project", slug, "baseline", url] as const,
  run: (id: string) => ["run", id] as const,
  runMetrics: (id: string, url: string) => ["run", id, "metrics", url] as const,
  runAnalysis: (id: string, url: string) => ["run", id, "analysis", url] as const,
  runArtifacts: (id: string) => ["run", id, "artifacts"] as const,
  runsDiagnosis: (ids: readonly string[], url: string) => ["runs", ids, "diagnosis", url] as const,
  compare: (ids: readonly string[], url: string) => ["runs", ids, "compare", url] as const,
  series: (ids: readonly string[], url: string) => ["runs", ids, "series", url] as const,
  importFormats: () => ["import-formats"] as const,
  members: (slug: string) => ["project", slug, "members"] as const,
  keys: (slug: string) => ["project", slug, "keys"] as const,
  admin: (what: "users" | "invites" | "audit") => ["admin", what] as const,
  runComments: (id: string) => ["run", id, "comments"] as const,
  comparisons: (slug: string) => ["project", slug, "comparisons"] as const,
  comparison: (id: string) => ["comparison", id] as const,
  comparisonComments: (id: string) => ["comparison", id, "comments"] as const,
  activity: (slug: string) => ["project", slug, "activity"] as const,
  alerts: (slug: string) => ["project", slug, "alerts"] as const,
  alertDeliveries: (slug: string) => ["project", slug, "alert-deliveries"] as const,
};

/** Whether a cached answer depends on this run's data (its detail, points, analysis, or a read over runs including it). */
export function touchesRun(key: readonly unknown[], runId: string): boolean {
  if (key[0] === "run") return key[1] === runId;
  return key[0] === "runs" && Array.isArray(key[1]) && key[1].includes(runId);
}

/** Whether a cached answer lists or describes this project (the projects list, its detail, its runs table). */
export function touchesProject(key: readonly unknown[], slug: string): boolean {
  return key[0] === "projects" || (key[0] === "project" && key[1] === slug);
}

/** Whether a cached answer is of this kind ("detail" for a run's or project's own answer). */
export type QueryKind =
  | "detail"
  | "runs"
  | "baseline"
  | "metrics"
  | "analysis"
  | "diagnosis"
  | "compare"
  | "series"
  | "comments"
  | "comparisons"
  | "activity"
  | "alerts"
  | "alert-deliveries";

export function isKind(key: readonly unknown[], kind: QueryKind): boolean {
  if (key[0] === "run" || key[0] === "project" || key[0] === "comparison") return kind === "detail" ? key.length === 2 : key[2] === kind;
  return key[0] === "runs" && key[2] === kind;
}
