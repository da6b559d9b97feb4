import { parseJsonlRun, numField, type RecordPlacer } from "../jsonl-run";
import type { ImportFormat } from "../types";
import { sampleRecords } from "./jsonl-sample";
import { mainFile } from "./sniff";

export const STEP_KEYS = ["step", "global_step", "_step", "iteration", "iter", "it"];
const EPOCH_KEY = "epoch";
const TIME_KEYS = ["timestamp", "wall_time", "_timestamp"];

function firstNumber(r: Record<string, unknown>, keys: readonly string[]): number | undefined {
  for (let i = 0; i < keys.length; i++) if (r[keys[i]] !== undefined) return numField(r, keys[i]);
  return undefined;
}

/**
 * Step from the first step-like key; else the epoch (x = epoch); else, while no record carried
 * either, the record's position. Records without a step once others had one are skipped.
 */
function genericPlacer(warnings: string[], path: string) {
  let sawAxis = false;
  let sawStep = false;
  let index = 0;
  let skipped = 0;
  const placer: RecordPlacer & { x: () => "step" | "epoch"; finish: () => void } = {
    skipKeys: new Set([...STEP_KEYS, ...TIME_KEYS, EPOCH_KEY]),
    place(r) {
      const epoch = numField(r, EPOCH_KEY);
      const t = firstNumber(r, TIME_KEYS);
      const time = t !== undefined && t > 1e9 ? (t > 1e12 ? t / 1000 : t) : undefined;
      const step = firstNumber(r, STEP_KEYS);
      if (step !== undefined) {
        sawAxis = sawStep = true;
        return { step, epoch, time };
      }
      if (epoch !== undefined && !sawStep) {
        sawAxis = true;
        return { step: epoch, epoch, time };
      }
      if (!sawAxis) return { step: index++, time };
      skipped++;
      return undefined;
    },
    x: () => (sawStep || !sawAxis ? "step" : "epoch"),
    finish: () => {
      if (skipped > 0) warnings.push(`${path}: ${skipped} records without a step skipped`);
    },
  };
  return placer;
}

export const genericJsonl: ImportFormat = {
  id: "generic-jsonl",
  title: "Generic JSON Lines",
  detection:
    'One JSON object per line. The step is the first of step, global_step, _step, iteration, iter, it; else epoch (x = epoch); else the line\'s position. Nested objects are flattened with `/`; numbers and the strings "NaN", "Infinity", "-Infinity" are values.',
  example: '{"step": 0, "lr": 0.01, "loss": 2.31}\n{"step": 100, "lr": 0.0098, "loss": 1.12, "val": {"mIoU": 0.41}}\n',
  detect(files) {
    const records = sampleRecords(files);
    if (!Array.isArray(records)) return records;
    return { confidence: 0.3 };
  },
  async *parse(files) {
    const warnings: string[] = [];
    const file = mainFile(files);
    const placer = genericPlacer(warnings, file.path);
    const res = yield* parseJsonlRun(file, placer);
    placer.finish();
    return { config: {}, keys: { x: placer.x() }, warnings: [...res.warnings, ...warnings] };
  },
};
