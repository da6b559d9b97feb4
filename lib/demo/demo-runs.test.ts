import { describe, expect, it } from "vitest";
import { demoRuns } from "./demo-runs";

describe("example runs", () => {
  it("lists the 24 shipped runs an hour apart, each with an idempotency key", () => {
    const runs = demoRuns();
    expect(runs).toHaveLength(24);
    expect(new Set(runs.map((r) => r.externalId)).size).toBe(24);
    expect(runs[1].startedAt.getTime() - runs[0].startedAt.getTime()).toBe(3_600_000);
  });

  it("maps a run's metadata to the config and tags a training script would log", () => {
    const [run] = demoRuns(["sgd-2e-2-plateau"]);
    expect(run.config).toMatchObject({
      optimizer: "SGD",
      lr: 0.02,
      schedule: "plateau",
      schedule_params: { factor: 0.5, patience: 2 },
      epochs: 40,
      max_steps: 800,
    });
    expect(run.tags).toEqual(["sgd", "plateau"]);
    expect(demoRuns(["adamw-1e-3-cosine-s1"])[0].tags).toEqual(["adamw", "cosine", "seeds"]);
  });

  it("merges train and val lines into one batch: a val line's step keeps the next epoch's train epoch", () => {
    const batch = demoRuns(["sgd-2e-2-plateau"])[0].batch();
    // Steps 0…799 trained, and the last epoch's val line at step 800.
    expect(batch.step).toHaveLength(801);
    const at20 = batch.step.indexOf(20);
    expect(batch.values.mIoU[at20]).toBeCloseTo(0.2908, 4);
    expect(batch.values.lr[at20]).toBe(0.02);
    expect(batch.epoch?.[at20]).toBe(1);
    // mIoU only where a val line was logged (once per epoch): a gap elsewhere.
    expect(batch.values.mIoU.filter((v) => v !== null)).toHaveLength(40);
  });
});
