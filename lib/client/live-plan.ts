import { isKind, touchesProject, touchesRun, type QueryKind } from "./query-keys";

/**
 * What a burst of project events makes stale in the browser's query cache. Pure, so it is tested
 * without a browser: the live layer collects events for a moment, asks this, and invalidates.
 * Chart points are not here: charts fetch just the appended range themselves (metrics.appended);
 * only series reads off screen are marked stale (pointsTouch).
 */
export interface LivePlan {
  /** Everything of the project (a `reset`: the stream could not replay what was missed). */
  all: boolean;
  /** Runs whose detail and compare reads are stale (a new status; new points, at the slower pace). */
  runs: Set<string>;
  /**
   * Runs with new points: their compare series reads kept in the cache but not on screen (other
   * zoom levels, a compare view left) are marked stale, not refetched (pointsTouch). Charts on
   * screen read just the appended range themselves (a run page's, and a compare view's).
   */
  pointRuns: Set<string>;
  /** Runs whose analysis and diagnosis are stale: costly to recompute, so new points refresh them at a slower pace (see LiveProject). */
  analysisRuns: Set<string>;
  /** Runs whose comment threads changed. */
  runComments: Set<string>;
  comparisons: Set<string>;
  /** The runs table (a run appeared, went, changed status or logged). */
  runsTable: boolean;
  /**
   * The project's detail, its baseline run and the projects list (run counts, names): a run
   * appeared, went or changed; never new points, which change none of them. Every run page holds
   * the project's detail (its tabs) and every compare page the baseline, and 20 logging runs made
   * each page re-read them four times a second.
   */
  projectInfo: boolean;
  comparisonList: boolean;
  activity: boolean;
}

export function emptyPlan(): LivePlan {
  return {
    all: false,
    runs: new Set(),
    pointRuns: new Set(),
    analysisRuns: new Set(),
    runComments: new Set(),
    comparisons: new Set(),
    runsTable: false,
    projectInfo: false,
    comparisonList: false,
    activity: false,
  };
}

/** Whether the plan invalidates nothing (no event since it was emptied: every event marks something). */
export function isEmptyPlan(plan: LivePlan): boolean {
  return (
    !plan.all &&
    !plan.runsTable &&
    !plan.projectInfo &&
    !plan.comparisonList &&
    !plan.activity &&
    [plan.runs, plan.pointRuns, plan.analysisRuns, plan.runComments, plan.comparisons].every((s) => s.size === 0)
  );
}

export function addToPlan(plan: LivePlan, type: string, data: { runId?: string | null; comparisonId?: string | null }): LivePlan {
  if (type === "reset") plan.all = true;
  else if (type === "metrics.appended") {
    if (data.runId) plan.pointRuns.add(data.runId);
    plan.runsTable = true;
  } else if (type.startsWith("run.")) {
    if (data.runId) {
      plan.runs.add(data.runId);
      plan.analysisRuns.add(data.runId);
    }
    plan.runsTable = plan.projectInfo = plan.activity = true;
  } else if (type.startsWith("comment.")) {
    if (data.comparisonId) plan.comparisons.add(data.comparisonId);
    else if (data.runId) plan.runComments.add(data.runId);
    plan.activity = true;
  } else if (type.startsWith("comparison.")) {
    if (data.comparisonId) plan.comparisons.add(data.comparisonId);
    plan.comparisonList = plan.activity = true;
  } else plan.activity = true;
  return plan;
}

/** A run's reads by what makes them stale; its comments and chart points are not refetched for each other's events. */
const RUN_DATA_KINDS: QueryKind[] = ["detail", "compare"];
const ANALYSIS_KINDS: QueryKind[] = ["analysis", "diagnosis"];

/**
 * New points also make a run's detail, compare answer (summary, verdict) and analysis stale: costly
 * to recompute, and on a compare page of 20 logging runs 20 details and a verdict every moment, so
 * applied at the slower pace.
 */
export function addAnalysis(plan: LivePlan, runId: string): LivePlan {
  plan.runs.add(runId);
  plan.analysisRuns.add(runId);
  return plan;
}

/** Whether a cached query is stale under the plan (the predicate handed to invalidateQueries). */
export function planTouches(plan: LivePlan, slug: string, key: readonly unknown[]): boolean {
  if (plan.all) return touchesProject(key, slug) || key[0] === "run" || key[0] === "runs" || key[0] === "comparison";
  for (const id of plan.runs) if (touchesRun(key, id) && RUN_DATA_KINDS.some((k) => isKind(key, k))) return true;
  for (const id of plan.analysisRuns) if (touchesRun(key, id) && ANALYSIS_KINDS.some((k) => isKind(key, k))) return true;
  for (const id of plan.runComments) if (key[0] === "run" && key[1] === id && isKind(key, "comments")) return true;
  for (const id of plan.comparisons) if (key[0] === "comparison" && key[1] === id) return true;
  if (key[0] !== "project" || key[1] !== slug) return key[0] === "projects" && plan.projectInfo;
  if (plan.projectInfo && (isKind(key, "detail") || isKind(key, "baseline"))) return true;
  if (plan.runsTable && isKind(key, "runs")) return true;
  if (plan.comparisonList && isKind(key, "comparisons")) return true;
  return plan.activity && isKind(key, "activity");
}

/** Whether a cached series read holds points of a run that logged: to mark stale when off screen, never to refetch. */
export function pointsTouch(plan: LivePlan, key: readonly unknown[]): boolean {
  if (!isKind(key, "series")) return false;
  for (const id of plan.pointRuns) if (touchesRun(key, id)) return true;
  return false;
}
