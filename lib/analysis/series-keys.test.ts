import { describe, expect, it } from "vitest";
import { findMetricKey } from "./series-keys";

describe("findMetricKey", () => {
  it("finds the metric by exact name, by path suffix, and as an evaluation prefix (HF Trainer's eval_<metric>)", () => {
    expect(findMetricKey(["mIoU", "val/mIoU"], "mIoU")).toBe("mIoU");
    expect(findMetricKey(["loss", "val/mIoU"], "mIoU")).toBe("val/mIoU");
    expect(findMetricKey(["eval_loss", "eval_mIoU"], "mIoU")).toBe("eval_mIoU");
    expect(findMetricKey(["val_miou"], "mIoU")).toBe("val_miou");
    expect(findMetricKey(["train_mIoU_ema"], "mIoU")).toBeNull();
    expect(findMetricKey(["best_mIoU"], "mIoU")).toBeNull();
  });
});
