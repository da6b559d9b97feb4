import { describe, expect, it } from "vitest";
import { LIVE_EVENT_TYPES } from "@/lib/events/event-types";
import { addAnalysis, addToPlan, emptyPlan, isEmptyPlan, planTouches, pointsTouch } from "./live-plan";
import { queryKeys } from "./query-keys";

const touched = (events: [string, object][], key: readonly unknown[]) => {
  const plan = emptyPlan();
  for (const [t, d] of events) addToPlan(plan, t, d);
  return planTouches(plan, "seg", key);
};

describe("live plan", () => {
  it("new points: the runs table at once — not the charts' points (run page and compare view read the new range themselves) nor comments", () => {
    const ev: [string, object][] = [["metrics.appended", { runId: "r1", keys: ["loss"], lastStep: 10 }]];
    expect(touched(ev, queryKeys.series(["r1", "r2"], "u"))).toBe(false);
    // Detail, compare answer and analysis: at the slower pace (addAnalysis), not with every batch.
    expect(touched(ev, queryKeys.run("r1"))).toBe(false);
    expect(touched(ev, queryKeys.runAnalysis("r1", "u"))).toBe(false);
    expect(touched(ev, queryKeys.compare(["r1", "r2"], "u"))).toBe(false);
    expect(touched(ev, queryKeys.projectRuns("seg", "u"))).toBe(true);
    // Points change neither a project's detail (run count, name), its baseline run, nor the projects list.
    expect(touched(ev, queryKeys.project("seg"))).toBe(false);
    expect(touched(ev, queryKeys.projectBaseline("seg", "u"))).toBe(false);
    expect(touched(ev, queryKeys.projects())).toBe(false);
    expect(touched(ev, queryKeys.runMetrics("r1", "u"))).toBe(false);
    expect(touched(ev, queryKeys.runComments("r1"))).toBe(false);
    expect(touched(ev, queryKeys.run("r2"))).toBe(false);
    expect(touched(ev, queryKeys.projectRuns("other", "u"))).toBe(false);
    expect(touched(ev, queryKeys.activity("seg"))).toBe(false);
  });

  it("new points mark the series reads holding the run stale (applied to those off screen only), nothing else", () => {
    const plan = addToPlan(emptyPlan(), "metrics.appended", { runId: "r1" });
    expect(pointsTouch(plan, queryKeys.series(["r1", "r2"], "u"))).toBe(true);
    expect(pointsTouch(plan, queryKeys.series(["r2"], "u"))).toBe(false);
    expect(pointsTouch(plan, queryKeys.runMetrics("r1", "u"))).toBe(false);
    expect(pointsTouch(plan, queryKeys.compare(["r1"], "u"))).toBe(false);
    expect(pointsTouch(addToPlan(emptyPlan(), "run.updated", { runId: "r1" }), queryKeys.series(["r1"], "u"))).toBe(false);
  });

  it("new points, at the slower pace: the run's detail, compare answer, analysis and diagnosis — not the series", () => {
    const slow = addAnalysis(emptyPlan(), "r1");
    for (const key of [queryKeys.run("r1"), queryKeys.compare(["r1", "r2"], "u"), queryKeys.runAnalysis("r1", "u"), queryKeys.runsDiagnosis(["r1"], "u")])
      expect(planTouches(slow, "seg", key)).toBe(true);
    expect(planTouches(slow, "seg", queryKeys.series(["r1"], "u"))).toBe(false);
    expect(planTouches(slow, "seg", queryKeys.run("r2"))).toBe(false);
  });

  it("a run appearing, going or changing refreshes the runs table, the project's detail and baseline, and the projects list", () => {
    for (const type of ["run.created", "run.deleted", "run.updated"])
      for (const key of [queryKeys.projectRuns("seg", "u"), queryKeys.project("seg"), queryKeys.projectBaseline("seg", "u"), queryKeys.projects()])
        expect(touched([[type, { runId: "r1" }]], key)).toBe(true);
    expect(touched([["run.created", { runId: "r1" }]], queryKeys.project("other"))).toBe(false);
  });

  it("status changes refresh the analysis at once", () => {
    expect(touched([["run.updated", { runId: "r1", changes: { status: "finished" } }]], queryKeys.runAnalysis("r1", "u"))).toBe(true);
    expect(touched([["run.updated", { runId: "r1", changes: { status: "finished" } }]], queryKeys.runsDiagnosis(["r1"], "u"))).toBe(true);
  });

  it("comments refresh their thread and the feed; comparisons their page and list", () => {
    expect(touched([["comment.created", { runId: "r1", comparisonId: null }]], queryKeys.runComments("r1"))).toBe(true);
    expect(touched([["comment.created", { runId: "r1", comparisonId: null }]], queryKeys.activity("seg"))).toBe(true);
    expect(touched([["comment.created", { runId: null, comparisonId: "c1" }]], queryKeys.comparisonComments("c1"))).toBe(true);
    expect(touched([["comparison.saved", { comparisonId: "c1" }]], queryKeys.comparisons("seg"))).toBe(true);
    expect(touched([["comparison.saved", { comparisonId: "c1" }]], queryKeys.comparison("c1"))).toBe(true);
    expect(touched([["comparison.saved", { comparisonId: "c1" }]], queryKeys.run("r1"))).toBe(false);
  });

  it("a reset refreshes everything of the project", () => {
    expect(touched([["reset", {}]], queryKeys.runMetrics("r9", "u"))).toBe(true);
    expect(touched([["reset", {}]], queryKeys.alerts("seg"))).toBe(true);
    expect(touched([["reset", {}]], queryKeys.projectBaseline("seg", "u"))).toBe(true);
  });

  it("is empty only until an event: every event, with or without ids, and addAnalysis leave work (LiveProject's next round is a non-empty plan)", () => {
    expect(isEmptyPlan(emptyPlan())).toBe(true);
    for (const type of [...LIVE_EVENT_TYPES, "reset", "some.future-event"]) {
      expect(isEmptyPlan(addToPlan(emptyPlan(), type, { runId: "r1", comparisonId: "c1" })), type).toBe(false);
      expect(isEmptyPlan(addToPlan(emptyPlan(), type, {})), type).toBe(false);
    }
    expect(isEmptyPlan(addAnalysis(emptyPlan(), "r1"))).toBe(false);
  });
});
