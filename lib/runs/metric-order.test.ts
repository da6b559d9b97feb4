import { describe, expect, it } from "vitest";
import { orderMetricKeys } from "./metric-order";

describe("run page chart order", () => {
  it("puts learning rates first, then the main metric, loss-like keys, the rest, each A→Z", () => {
    expect(orderMetricKeys(["aAcc", "val_loss", "mIoU", "loss", "lr/pg1", "lr/pg0", "ppl"], "mIoU")).toEqual([
      "lr/pg0",
      "lr/pg1",
      "mIoU",
      "loss",
      "ppl",
      "val_loss",
      "aAcc",
    ]);
  });

  it("leaves its input alone", () => {
    const keys = ["b", "a"];
    orderMetricKeys(keys, "a");
    expect(keys).toEqual(["b", "a"]);
  });
});
