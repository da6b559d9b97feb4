import { readFileSync } from "node:fs";
import path from "node:path";

/** A real run of fixtures/realtrain as the metric batches its training script would have sent, in order. */
export function realtrainBatches(name: string, stepsPerBatch = 20): { step: number[]; epoch: number[]; values: Record<string, (number | string | null)[]> }[] {
  const rows = readFileSync(path.join(import.meta.dirname, "../../fixtures/realtrain", `${name}.jsonl`), "utf8")
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, number | string>);
  const keys = ["lr", "loss", "mIoU", "val_loss", "aAcc"];
  const byStep = new Map<number, Record<string, number | string>>();
  for (const r of rows) byStep.set(r.step as number, { ...byStep.get(r.step as number), ...r });
  const steps = [...byStep.keys()].sort((a, b) => a - b);
  const out = [];
  for (let i = 0; i < steps.length; i += stepsPerBatch) {
    const chunk = steps.slice(i, i + stepsPerBatch);
    out.push({
      step: chunk,
      epoch: chunk.map((s) => byStep.get(s)!.epoch as number),
      values: Object.fromEntries(keys.map((k) => [k, chunk.map((s) => byStep.get(s)![k] ?? null)])),
    });
  }
  return out;
}

/** The run's configuration from meta.json. */
export function realtrainConfig(name: string): Record<string, unknown> {
  const meta = JSON.parse(readFileSync(path.join(import.meta.dirname, "../../fixtures/realtrain/meta.json"), "utf8"))[name];
  const { optimizer, lr, schedule, epochs, seed, batch_size } = meta;
  return { optimizer, lr, schedule, epochs, seed, batch_size };
}
