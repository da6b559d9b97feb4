import { describe, expect, it } from "vitest";
import { isKind, queryKeys as k, touchesProject, touchesRun } from "./query-keys";

const all = [
  k.projects(),
  k.project("p"),
  k.projectRuns("p", "/api/v1/runs?project=p"),
  k.run("r1"),
  k.runMetrics("r1", "/m"),
  k.runAnalysis("r1", "/a"),
  k.run("r2"),
  k.runsDiagnosis(["r1", "r3"], "/d"),
  k.compare(["r2", "r3"], "/c"),
  k.series(["r1"], "/s"),
  k.importFormats(),
];

describe("query keys", () => {
  it("find every answer that depends on a run", () => {
    expect(all.filter((key) => touchesRun(key, "r1"))).toEqual([
      k.run("r1"),
      k.runMetrics("r1", "/m"),
      k.runAnalysis("r1", "/a"),
      k.runsDiagnosis(["r1", "r3"], "/d"),
      k.series(["r1"], "/s"),
    ]);
    expect(all.filter((key) => touchesRun(key, "r3")).map((key) => key[2])).toEqual(["diagnosis", "compare"]);
  });

  it("find every answer that lists or describes a project", () => {
    expect(all.filter((key) => touchesProject(key, "p"))).toEqual([k.projects(), k.project("p"), k.projectRuns("p", "/api/v1/runs?project=p")]);
    expect(all.filter((key) => touchesProject(key, "other"))).toEqual([k.projects()]);
  });

  it("tell the kinds apart", () => {
    expect(all.filter((key) => isKind(key, "detail"))).toEqual([k.project("p"), k.run("r1"), k.run("r2")]);
    expect(all.filter((key) => isKind(key, "compare"))).toEqual([k.compare(["r2", "r3"], "/c")]);
    expect(all.filter((key) => isKind(key, "runs"))).toEqual([k.projectRuns("p", "/api/v1/runs?project=p")]);
  });
});
