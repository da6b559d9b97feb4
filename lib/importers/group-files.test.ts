import { describe, expect, it } from "vitest";
import { groupFiles } from "./group-files";

describe("groupFiles", () => {
  it("groups run folders and ignores checkpoints and binaries", () => {
    const { groups, ignored } = groupFiles([
      "runs/segment/train/results.csv",
      "runs/segment/train/args.yaml",
      "runs/segment/train/weights/best.pt",
      "runs/segment/train/results.png",
      "lightning_logs/version_0/metrics.csv",
      "lightning_logs/version_0/hparams.yaml",
      "lightning_logs/version_1/events.out.tfevents.1.host.1.0",
      "lightning_logs/version_1/events.out.tfevents.2.host.1.0",
      "lightning_logs/version_1/hparams.yaml",
      "out/checkpoint-20/trainer_state.json",
      "out/checkpoint-40/trainer_state.json",
      "out/checkpoint-40/config.json",
      "out/checkpoint-40/training_args.bin",
      "out/checkpoint-40/model.safetensors",
      "mlruns/0/abc/metrics/loss",
      "mlruns/0/abc/metrics/val/mIoU",
      "mlruns/0/abc/params/lr",
      "mlruns/0/abc/tags/mlflow.runName",
      "mlruns/0/abc/meta.yaml",
      "work_dirs/segf/20240101_120000/vis_data/scalars.json",
      "work_dirs/segf/20240101_120000/vis_data/20240101_120000.json",
      "work_dirs/segf/20240101_120000/vis_data/config.py",
      "work_dirs/segf/20240101_120000/20240101_120000.log",
      "work_dirs/fcn/20230101_000000.log.json",
      "work_dirs/fcn/20230101_000000.log",
      "work_dirs/fcn/fcn.py",
      "d2/metrics.json",
      "d2/config.yaml",
      "keras/training.log",
      "exp-a.jsonl",
    ]);
    const byName = Object.fromEntries(groups.map((g) => [g.name, g.files]));
    expect(byName).toEqual({
      abc: [
        "mlruns/0/abc/metrics/loss",
        "mlruns/0/abc/metrics/val/mIoU",
        "mlruns/0/abc/params/lr",
        "mlruns/0/abc/tags/mlflow.runName",
        "mlruns/0/abc/meta.yaml",
      ],
      out: ["out/checkpoint-40/trainer_state.json", "out/checkpoint-40/config.json"],
      train: ["runs/segment/train/results.csv", "runs/segment/train/args.yaml"],
      version_0: ["lightning_logs/version_0/metrics.csv", "lightning_logs/version_0/hparams.yaml"],
      version_1: [
        "lightning_logs/version_1/events.out.tfevents.1.host.1.0",
        "lightning_logs/version_1/events.out.tfevents.2.host.1.0",
        "lightning_logs/version_1/hparams.yaml",
      ],
      d2: ["d2/metrics.json", "d2/config.yaml"],
      fcn: ["work_dirs/fcn/20230101_000000.log.json", "work_dirs/fcn/20230101_000000.log"],
      segf: [
        "work_dirs/segf/20240101_120000/vis_data/scalars.json",
        "work_dirs/segf/20240101_120000/vis_data/config.py",
        "work_dirs/segf/20240101_120000/20240101_120000.log",
      ],
      keras: ["keras/training.log"],
      "exp-a": ["exp-a.jsonl"],
    });
    expect(ignored.sort()).toEqual(
      [
        "out/checkpoint-20/trainer_state.json",
        "out/checkpoint-40/model.safetensors",
        "out/checkpoint-40/training_args.bin",
        "runs/segment/train/results.png",
        "runs/segment/train/weights/best.pt",
        "work_dirs/fcn/fcn.py",
        "work_dirs/segf/20240101_120000/vis_data/20240101_120000.json",
      ].sort(),
    );
  });

  it("groups files given without folders and normalises Windows separators", () => {
    const { groups } = groupFiles(["results.csv", "args.yaml", "logs\\a.csv"]);
    expect(groups.map((g) => g.files)).toEqual([["results.csv", "args.yaml"], ["logs/a.csv"]]);
  });
});
