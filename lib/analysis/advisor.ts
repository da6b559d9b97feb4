import { formatNumber as fmt } from "./format";
import { optimizerFamily, readConfig } from "./run-config";
import type { Advice, AnalysisEvent, LrFinderResult, Plateau, RunConfig, ScheduleFit, Severity } from "./types";

/**
 * Checks a run's settings and dynamics against known-good practice for segmentation training.
 * Each rule stays silent when the run is within range.
 */

export interface AdvisorInput {
  config?: RunConfig;
  schedule: ScheduleFit;
  events: AnalysisEvent[];
  plateaus: Plateau[];
  lrFinder?: LrFinderResult;
  isRangeTest?: boolean;
  /** Steps covered by the run, to judge how long a plateau lasted. */
  runSteps?: number;
}

/** Typical initial LR at batch 16–32, from scratch. */
const LR_RANGES = {
  adamw: { lo: 1e-4, hi: 5e-4, typical: "1e-4 (up to 2e-4 for light backbones)", name: "AdamW" },
  adam: { lo: 1e-4, hi: 5e-4, typical: "1e-4", name: "Adam" },
  sgd: { lo: 1e-3, hi: 1e-2, typical: "5e-3 (heavy models may start at 1e-2 with decay)", name: "SGD+momentum" },
} as const;

const HARD_DATASET = /ade|coco|lvis|mapillary|objects365|pascal.?context/i;

export function advise(input: AdvisorInput): Advice[] {
  const facts = readConfig(input.config);
  const family = optimizerFamily(facts.optimizer);
  const out: Advice[] = [];
  const add = (rule: string, severity: Severity, message: string, evidence: Advice["evidence"], suggestion: string) =>
    out.push({ rule, severity, message, evidence, suggestion });

  const inferredLr = (input.schedule.params.baseLr ?? input.schedule.params.maxLr) as number | undefined;
  const lr = facts.lr ?? inferredLr ?? null;
  const lrSource = facts.lr !== null ? "config" : "logged LR";

  if (!input.isRangeTest && lr !== null && family && family in LR_RANGES) {
    const r = LR_RANGES[family as keyof typeof LR_RANGES];
    const batch = facts.batchSize;
    const scale = batch ? batch / Math.min(32, Math.max(16, batch)) : 1;
    const ft = facts.pretrained ? [1 / 100, 1 / 10] : [1, 1];
    const lo = r.lo * scale * ft[0],
      hi = r.hi * scale * ft[1];
    const off = lr > hi ? lr / hi : lr < lo ? lo / lr : 1;
    if (off > 1 + 1e-9) {
      const severity: Severity = off > 30 ? "error" : off > 2 + 1e-9 ? "warning" : "info";
      const where = lr > hi ? "above" : "below";
      const context = `${facts.pretrained ? "fine-tuning, " : ""}batch ${batch ?? "16–32"}`;
      add(
        "lr_range",
        severity,
        `${r.name} initial LR ${fmt(lr)} is ${fmt(off)}× ${where} the usual ${fmt(lo)}…${fmt(hi)} (${context}).`,
        { lr, lrSource, optimizer: facts.optimizer, batchSize: batch, low: lo, high: hi, factor: off },
        facts.pretrained
          ? `Fine-tune with an LR 10–100× smaller than from scratch (AdamW ~1e-5).`
          : `Start near ${r.typical}${scale !== 1 ? `, scaled ×${fmt(scale)} for batch ${batch}` : ""}.`,
      );
    }
  }

  if (
    (family === "adamw" || family === "adam") &&
    lr !== null &&
    lr > 1e-4 &&
    ((facts.dataset && HARD_DATASET.test(facts.dataset)) || (facts.numClasses ?? 0) >= 100)
  ) {
    add(
      "hard_dataset",
      "info",
      `Hard dataset (${facts.dataset ?? `${facts.numClasses} classes`}): many classes or small objects favour a smaller LR.`,
      { dataset: facts.dataset, numClasses: facts.numClasses, lr },
      "Try AdamW around 5e-5.",
    );
  }

  if (family === "sgd" && facts.momentum !== null && Math.abs(facts.momentum - 0.9) > 0.05) {
    add(
      "sgd_momentum",
      facts.momentum === 0 ? "warning" : "info",
      `SGD momentum ${facts.momentum} (0.9 is the standard).`,
      { momentum: facts.momentum },
      "Use momentum 0.9.",
    );
  }

  if (facts.weightDecay !== null && (family === "adamw" || family === "sgd")) {
    const [lo, hi, typical] = family === "adamw" ? [5e-5, 5e-2, "1e-4"] : [5e-5, 1e-3, "1e-4…5e-4"];
    if (facts.weightDecay < lo || facts.weightDecay > hi) {
      add(
        "weight_decay",
        "info",
        `Weight decay ${fmt(facts.weightDecay)} is unusual for ${facts.optimizer}.`,
        { weightDecay: facts.weightDecay, optimizer: facts.optimizer },
        `Use ${typical}.`,
      );
    }
  }

  if (family === "adam" && (facts.weightDecay ?? 0) > 0) {
    add(
      "adam_weight_decay",
      "warning",
      "Adam with weight_decay applies L2 through the adaptive update, which weakens it unevenly.",
      { optimizer: facts.optimizer, weightDecay: facts.weightDecay },
      "Use AdamW (decoupled weight decay) with the same value.",
    );
  }
  if (family === "adagrad" || family === "rmsprop") {
    add(
      "optimizer_choice",
      "warning",
      family === "adagrad" ? "Adagrad's effective LR only decays, so training tends to stop early." : "RMSprop is a poor first choice for segmentation.",
      { optimizer: facts.optimizer },
      "Start with AdamW (1e-4) or SGD+momentum 0.9 (5e-3) with poly or cosine decay.",
    );
  }
  if (family === "lamb" && (facts.batchSize ?? 0) < 1024) {
    add(
      "optimizer_choice",
      "info",
      "LAMB pays off only with very large batches.",
      { optimizer: facts.optimizer, batchSize: facts.batchSize },
      "Use AdamW at this batch size.",
    );
  }

  const sched = input.schedule;
  if (!input.isRangeTest && sched.type === "constant") {
    add(
      "no_schedule",
      "warning",
      "The LR stays constant: no decay schedule.",
      { schedule: facts.schedule, observed: sched.label },
      family === "sgd"
        ? "Use poly (power 0.9) or step decay; ReduceLROnPlateau when the decay timing is unknown."
        : "Use poly (power 0.9) or cosine decay; ReduceLROnPlateau when the decay timing is unknown.",
    );
  }
  if (sched.mismatch) {
    add(
      "schedule_mismatch",
      "warning",
      `Config says "${sched.mismatch.configured}" but the logged LR follows ${sched.label}.`,
      { configured: sched.mismatch.configured, observed: sched.type },
      "Check that the scheduler is created and stepped as configured.",
    );
  }

  const first = (type: AnalysisEvent["type"]) => input.events.find((e) => e.type === type);
  // A range test ends in divergence by design.
  const diverged = input.isRangeTest ? undefined : (first("nan") ?? first("divergence"));
  if (diverged) {
    add(
      "diverged",
      "error",
      `Training diverged (${diverged.type === "nan" ? `non-finite ${diverged.detail.key}` : "loss climbed and stayed up"}) at step ${diverged.step}.`,
      { step: diverged.step, event: diverged.type, lr },
      "Lower the LR (about 10×) and/or add a linear warmup; clip gradients.",
    );
  }
  const osc = first("oscillation");
  if (osc && !diverged) {
    add(
      "lr_too_high",
      "warning",
      "The loss oscillates strongly without trending down.",
      { step: osc.step, relativeNoise: osc.detail.relativeNoise, lr },
      "Lower the LR by 3–10×.",
    );
  }
  const stagnant = first("stagnation");
  if (stagnant) {
    add(
      "lr_too_low",
      "warning",
      `The loss barely moved (${fmt(100 * Math.abs(stagnant.detail.relativeDecrease as number))}% over the run).`,
      { firstLoss: stagnant.detail.firstLoss, lastLoss: stagnant.detail.lastLoss, lr },
      "Raise the LR about 10×, or run an LR range test.",
    );
  }
  const runSteps = input.runSteps ?? 0;
  const stalled = input.plateaus.find((p) => p.lrReducedAt === undefined && runSteps > 0 && p.end - p.start >= 0.2 * runSteps);
  // A log that ends inside its warmup has not reached the decay yet: no decay is not a finding there.
  const noDecay = (sched.type === "constant" || sched.type === "unknown") && !sched.warmup?.ongoing;
  if (stalled && noDecay && !input.isRangeTest && !diverged) {
    add(
      "plateau_without_decay",
      "warning",
      `The ${stalled.metric} stalled from step ${stalled.start} to ${stalled.end} and the LR was never reduced.`,
      { start: stalled.start, end: stalled.end, stepsStalled: stalled.stepsStalled },
      "Add a decay schedule, or ReduceLROnPlateau on the validation metric.",
    );
  }
  const overfit = first("overfitting");
  if (overfit) {
    add(
      "overfitting",
      "info",
      `Validation got worse after step ${overfit.step} while the training loss kept falling.`,
      { ...overfit.detail, step: overfit.step },
      "Keep the checkpoint at the validation optimum; add augmentation or weight decay.",
    );
  }
  if (input.lrFinder) {
    const f = input.lrFinder;
    add(
      "lr_finder",
      "info",
      `LR range test: loss falls fastest at ${fmt(f.steepestLr)}, minimum at ${fmt(f.minLossLr)}.`,
      { suggestedLr: f.suggestedLr, low: f.range[0], high: f.range[1], method: f.method, torchLrFinderLr: f.torchLrFinderLr },
      `Start training at about ${fmt(f.suggestedLr)}.`,
    );
  }
  return out;
}
