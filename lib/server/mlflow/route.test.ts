import { describe, expect, it } from "vitest";
import { matchPath } from "./route";

describe("matchPath (MLflow endpoint paths)", () => {
  it("matches fixed paths exactly", () => {
    expect(matchPath("runs/log-batch", "runs/log-batch")).toEqual({});
    expect(matchPath("runs/log-batch", "runs/log-batch/x")).toBeNull();
    expect(matchPath("", "")).toEqual({});
  });

  it("takes one segment per {param}, never an empty one", () => {
    expect(matchPath("logged-models/{model_id}", "logged-models/m-1")).toEqual({ model_id: "m-1" });
    expect(matchPath("logged-models/{model_id}/tags/{tag_key}", "logged-models/m-1/tags/stage")).toEqual({ model_id: "m-1", tag_key: "stage" });
    expect(matchPath("logged-models/{model_id}", "logged-models/m-1/tags")).toBeNull();
    expect(matchPath("logged-models/{model_id}", "logged-models/")).toBeNull();
    expect(matchPath("logged-models/{model_id}/tags", "logged-models/m-1/params")).toBeNull();
  });

  it("'*' is any non-empty path (an artifact's)", () => {
    expect(matchPath("*", "1/abc/artifacts/a.png")).toEqual({});
    expect(matchPath("*", "")).toBeNull();
  });
});
