import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { RunInput, Series } from "../types";

/** Test helper: loads the real PyTorch runs in fixtures/realtrain as analysis inputs. */

export const REALTRAIN_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../fixtures/realtrain");

export interface RealRun {
  name: string;
  input: RunInput;
  meta: Record<string, unknown> & {
    lr: number;
    schedule: string;
    plateau_reductions: { after_epoch: number; step: number; from: number; to: number }[];
  };
  /** Step of the first non-finite training loss, or null. */
  firstNonFiniteLossStep: number | null;
}

const num = (v: unknown): number => (typeof v === "number" ? v : v === "NaN" ? NaN : v === "Infinity" ? Infinity : v === "-Infinity" ? -Infinity : NaN);

function push(series: Record<string, Series>, key: string, step: number, value: number) {
  series[key] ??= { steps: [], values: [] };
  series[key].steps.push(step);
  series[key].values.push(value);
}

export function loadRealRun(name: string): RealRun {
  const metaAll = JSON.parse(readFileSync(path.join(REALTRAIN_DIR, "meta.json"), "utf8"));
  const meta = metaAll[name];
  const series: Record<string, Series> = {};
  const epochs: Series = { steps: [], values: [] };
  let firstNonFinite: number | null = null;
  for (const line of readFileSync(path.join(REALTRAIN_DIR, name + ".jsonl"), "utf8").split("\n")) {
    if (!line.trim()) continue;
    const row = JSON.parse(line);
    if (row.type === "train") {
      push(series, "lr", row.step, num(row.lr));
      const loss = num(row.loss);
      push(series, "loss", row.step, loss);
      if (!Number.isFinite(loss) && firstNonFinite === null) firstNonFinite = row.step;
      epochs.steps.push(row.step);
      epochs.values.push(row.epoch);
    } else if (row.type === "val") {
      push(series, "mIoU", row.step, num(row.mIoU));
      push(series, "val_loss", row.step, num(row.val_loss));
      push(series, "aAcc", row.step, num(row.aAcc));
    }
  }
  const { name: _n, torch: _t, steps_logged: _s, plateau_reductions: _p, diverged: _d, best_mIoU: _b, iters_per_epoch: _i, total_iters: _ti, ...config } = meta;
  return { name, input: { series, epochs, config }, meta, firstNonFiniteLossStep: firstNonFinite };
}

export function realRunNames(): string[] {
  return readdirSync(REALTRAIN_DIR)
    .filter((f) => f.endsWith(".jsonl"))
    .map((f) => f.replace(/\.jsonl$/, ""))
    .sort();
}

/** Validation-metric evaluations of a run with the epoch of each (from its val lines). */
export function valEvaluations(name: string, key = "mIoU"): { steps: number[]; values: number[]; epochs: number[] } {
  const out = { steps: [] as number[], values: [] as number[], epochs: [] as number[] };
  for (const line of readFileSync(path.join(REALTRAIN_DIR, name + ".jsonl"), "utf8").split("\n")) {
    if (!line.includes('"val"')) continue;
    const row = JSON.parse(line);
    out.steps.push(row.step);
    out.values.push(num(row[key]));
    out.epochs.push(row.epoch);
  }
  return out;
}
