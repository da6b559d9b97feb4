import { describe, expect, it } from "vitest";
import { recognizeSchedule } from "./schedule-recognition";
import { epochScale } from "./series-keys";
import { loadRealRun, realRunNames } from "./testing/realtrain";
import * as S from "./testing/schedulers";
import type { ScheduleFit } from "./types";

const within = (actual: unknown, expected: number, rel = 0.01) => {
  expect(typeof actual).toBe("number");
  expect(Math.abs((actual as number) - expected)).toBeLessThanOrEqual(rel * Math.abs(expected) + 1e-12);
};

describe("schedule recognition on the real PyTorch runs", () => {
  for (const name of realRunNames()) {
    it(name, () => {
      const run = loadRealRun(name);
      const m = run.meta as Record<string, any>;
      const fit = recognizeSchedule(run.input.series.lr, { epochs: epochScale(run.input.epochs), configured: m.schedule });
      const p = fit.params;
      const total = m.total_iters as number;
      expect(fit.mismatch).toBeUndefined();
      switch (m.schedule) {
        case "cosine":
          expect(fit.type).toBe("cosine");
          within(p.baseLr, m.lr);
          within(p.totalSteps, total);
          within(p.totalStepsEpochs, m.epochs);
          expect(p.etaMin).toBe(0);
          break;
        case "poly":
          expect(fit.type).toBe("poly");
          within(p.baseLr, m.lr);
          within(p.power, m.power);
          within(p.totalSteps, total);
          break;
        case "step":
          expect(fit.type).toBe("step");
          expect(p.stepSizeEpochs).toBe(m.step_size);
          expect(p.stepSize).toBe(m.step_size * m.iters_per_epoch);
          within(p.gamma, m.gamma);
          expect(fit.stepping).toBe("epoch");
          break;
        case "multistep":
          expect(fit.type).toBe("multistep");
          expect(p.milestonesEpochs).toEqual(m.milestones);
          within(p.gamma, m.gamma);
          break;
        case "exponential":
          expect(fit.type).toBe("exponential");
          within(p.gamma, m.gamma);
          expect(fit.stepping).toBe("epoch");
          break;
        case "plateau":
          expect(fit.type).toBe("plateau");
          expect(p.milestones).toEqual(m.plateau_reductions.map((r: { step: number }) => r.step));
          within(p.factor, m.factor);
          break;
        case "warmup_cosine":
        case "warmup_poly":
          expect(fit.type).toBe(m.schedule === "warmup_cosine" ? "cosine" : "poly");
          expect(fit.warmup).toMatchObject({ type: "linear", steps: m.warmup_iters });
          within(fit.warmup!.startFactor, 0.01);
          within(p.totalSteps, total - m.warmup_iters);
          if (m.power) within(p.power, m.power);
          break;
        case "onecycle":
          expect(fit.type).toBe("onecycle");
          within(p.maxLr, m.lr);
          within(p.totalSteps, total);
          within(p.pctStart, 0.3);
          within(p.divFactor, 25);
          within(p.finalDivFactor, 1e4);
          break;
        case "cosine_restarts":
          expect(fit.type).toBe("cosine_restarts");
          expect(p.t0Epochs).toBe(m.T_0);
          expect(p.tMult).toBe(m.T_mult);
          within(p.baseLr, m.lr);
          break;
        case "constant":
          expect(fit.type).toBe("constant");
          within(p.baseLr, m.lr);
          break;
        case "lr_range_test":
          expect(fit.type).toBe("exponential");
          within(p.gamma, (m.max_lr / m.lr) ** (1 / (total - 1)));
          within(p.baseLr, m.lr);
          break;
        default:
          throw new Error("schedule without expectation: " + m.schedule);
      }
    });
  }

  it("labels and warmup read as in the run table", () => {
    const run = loadRealRun("sgd-1e-2-warmup-poly");
    const fit = recognizeSchedule(run.input.series.lr, { epochs: epochScale(run.input.epochs) });
    expect(fit.label).toBe("poly p=1, warmup 64 it");
    expect(fit.segments.map((s) => s.type)).toEqual(["warmup", "poly"]);
  });

  it("flags a config that disagrees with the logged LR", () => {
    const run = loadRealRun("sgd-2e-2-multistep");
    const fit = recognizeSchedule(run.input.series.lr, { epochs: epochScale(run.input.epochs), configured: "cosine" });
    expect(fit.mismatch).toEqual({ configured: "cosine", observed: "multistep" });
  });
});

/** Synthetic runs: 600 iterations of 20 per epoch, like the real ones. */
const ITERS = 600;
const EPOCHS = S.epochSeries(ITERS);
const LOGGINGS = [
  { name: "every iteration", logEvery: 1 },
  { name: "every 7 iterations", logEvery: 7 },
  { name: "once per epoch", logEvery: 20 },
];

interface Case {
  name: string;
  lr: S.LrAt;
  perEpoch?: boolean;
  configured?: string;
  check(fit: ScheduleFit): void;
  /** Largest fit error accepted (default 1e-3). */
  maxError?: number;
  /** Loggings where the case is not identifiable (e.g. per-epoch logging of an iteration-level warmup). */
  skip?: string[];
}

const CASES: Case[] = [
  {
    name: "constant",
    lr: S.constant(0.01),
    check: (f) => {
      expect(f.type).toBe("constant");
      within(f.params.baseLr, 0.01);
    },
  },
  {
    name: "StepLR per iteration",
    lr: S.stepLR(0.1, 150, 0.5),
    check: (f) => {
      expect(f.type).toBe("step");
      expect(f.params.stepSize).toBe(150);
      within(f.params.gamma, 0.5);
    },
  },
  {
    name: "StepLR per epoch",
    lr: S.stepLR(0.1, 8, 0.1),
    perEpoch: true,
    check: (f) => {
      expect(f.type).toBe("step");
      expect(f.params.stepSizeEpochs).toBe(8);
      within(f.params.gamma, 0.1);
    },
  },
  {
    name: "MultiStepLR per epoch",
    lr: S.multiStepLR(0.02, [12, 21], 0.1),
    perEpoch: true,
    check: (f) => {
      expect(f.type).toBe("multistep");
      expect(f.params.milestonesEpochs).toEqual([12, 21]);
      within(f.params.gamma, 0.1);
    },
  },
  {
    name: "ExponentialLR per iteration",
    lr: S.exponentialLR(0.05, 0.995),
    check: (f) => {
      expect(f.type).toBe("exponential");
      within(f.params.gamma, 0.995);
      within(f.params.baseLr, 0.05);
    },
  },
  {
    name: "ExponentialLR per epoch",
    lr: S.exponentialLR(0.05, 0.8),
    perEpoch: true,
    skip: ["once per epoch"],
    check: (f) => {
      expect(f.type).toBe("exponential");
      within(f.params.gamma, 0.8);
      expect(f.stepping).toBe("epoch");
    },
  },
  {
    name: "PolynomialLR p=0.9",
    lr: S.polynomialLR(0.01, ITERS, 0.9),
    check: (f) => {
      expect(f.type).toBe("poly");
      within(f.params.power, 0.9);
      within(f.params.totalSteps, ITERS);
      within(f.params.baseLr, 0.01);
    },
  },
  {
    name: "PolynomialLR p=2 per epoch",
    lr: S.polynomialLR(0.01, 30, 2),
    perEpoch: true,
    check: (f) => {
      expect(f.type).toBe("poly");
      within(f.params.power, 2);
      within(f.params.totalStepsEpochs, 30);
    },
  },
  {
    name: "MMSeg poly with min_lr",
    lr: S.mmsegPoly(0.01, ITERS, 0.9, 1e-4),
    check: (f) => {
      expect(f.type).toBe("poly");
      within(f.params.power, 0.9);
      within(f.params.minLr, 1e-4);
      within(f.params.totalSteps, ITERS);
    },
  },
  {
    name: "CosineAnnealingLR with eta_min",
    lr: S.cosineLR(0.001, ITERS, 1e-5),
    check: (f) => {
      expect(f.type).toBe("cosine");
      within(f.params.etaMin, 1e-5);
      within(f.params.totalSteps, ITERS);
      within(f.params.baseLr, 0.001);
    },
  },
  {
    name: "CosineAnnealingLR per epoch",
    lr: S.cosineLR(0.001, 30),
    perEpoch: true,
    check: (f) => {
      expect(f.type).toBe("cosine");
      within(f.params.totalStepsEpochs, 30);
    },
  },
  {
    name: "CosineAnnealingWarmRestarts T_mult=2",
    lr: S.cosineWarmRestarts(0.02, 100, 2),
    skip: ["once per epoch"],
    check: (f) => {
      expect(f.type).toBe("cosine_restarts");
      expect(f.params.t0).toBe(100);
      expect(f.params.tMult).toBe(2);
      within(f.params.baseLr, 0.02);
    },
  },
  {
    name: "LinearLR decay",
    lr: S.linearDecay(0.01, 0.1, 400),
    configured: "linear",
    check: (f) => {
      expect(f.type).toBe("linear");
      within(f.params.totalSteps, 400);
      within(f.params.minLr, 0.001);
    },
  },
  {
    name: "inverse sqrt with warmup",
    lr: S.withWarmup((e) => S.inverseSqrt(0.001, 50)(e + 50), 0.001, 50, 0.1),
    skip: ["once per epoch"],
    check: (f) => {
      expect(f.type).toBe("inverse_sqrt");
      within(f.params.timescale, 50);
      expect(f.warmup?.steps).toBe(50);
    },
  },
  {
    name: "OneCycleLR",
    lr: S.oneCycle(0.003, ITERS),
    maxError: 1e-2,
    check: (f) => {
      expect(f.type).toBe("onecycle");
      within(f.params.maxLr, 0.003, 0.02);
      within(f.params.pctStart, 0.3, 0.05);
      within(f.params.totalSteps, ITERS, 0.02);
    },
  },
  {
    name: "linear warmup 100 it + cosine",
    lr: S.withWarmup(S.cosineLR(5e-4, 500), 5e-4, 100, 0.01),
    check: (f) => {
      expect(f.type).toBe("cosine");
      expect(f.warmup).toMatchObject({ type: "linear", steps: 100 });
      within(f.params.totalSteps, 500);
    },
  },
  {
    name: "constant warmup 60 it + poly",
    lr: S.withWarmup(S.polynomialLR(0.01, 540, 0.9), 0.01, 60, 1 / 3, "constant"),
    check: (f) => {
      expect(f.type).toBe("poly");
      expect(f.warmup).toMatchObject({ type: "constant", steps: 60 });
      within(f.warmup!.startFactor, 1 / 3);
      within(f.params.power, 0.9);
    },
  },
  {
    name: "warmup + step decay",
    lr: S.withWarmup(S.stepLR(0.01, 200, 0.1), 0.01, 40, 0.001),
    skip: ["once per epoch"],
    check: (f) => {
      expect(f.type).toBe("step");
      expect(f.warmup?.steps).toBe(40);
      expect(f.params.stepSize).toBe(200);
    },
  },
];

describe("schedule recognition on closed forms of every scheduler", () => {
  for (const c of CASES) {
    for (const log of LOGGINGS) {
      if (c.skip?.includes(log.name)) continue;
      it(`${c.name}, logged ${log.name}`, () => {
        const lr = S.logLr(c.lr, ITERS, { logEvery: log.logEvery, perEpoch: c.perEpoch });
        const fit = recognizeSchedule(lr, { epochs: epochScale(EPOCHS), configured: c.configured });
        c.check(fit);
        expect(fit.fitError).toBeLessThan(c.maxError ?? 1e-3);
      });
    }
  }

  it("recognises LRs stored as float32 (TensorBoard scalars)", () => {
    for (const c of CASES.filter((x) => !x.configured)) {
      const lr = S.logLr(c.lr, ITERS, { perEpoch: c.perEpoch });
      const f32 = { steps: lr.steps, values: lr.values.map(Math.fround) };
      c.check(recognizeSchedule(f32, { epochs: epochScale(EPOCHS) }));
    }
  });

  it("recognises without epoch information, snapping milestones to round steps", () => {
    const lr = S.logLr(S.multiStepLR(0.1, [300, 500], 0.1), ITERS, { logEvery: 7 });
    const fit = recognizeSchedule(lr);
    expect(fit.type).toBe("multistep");
    expect(fit.params.milestones).toEqual([300, 500]);
    expect(fit.params.milestonesEpochs).toBeUndefined();
  });

  it("counts a decay from step 0 when the log starts later (Lightning logs at 9, 19, …; HF Trainer at 10, 20, …)", () => {
    for (const first of [9, 10]) {
      const cos = S.cosineLR(1e-3, 160);
      const steps = Array.from({ length: 16 }, (_, k) => first + 10 * k);
      const lr = { steps, values: steps.map(cos) };
      const fit = recognizeSchedule(lr);
      expect(fit.type).toBe("cosine");
      within(fit.params.totalSteps, 160);
      within(fit.params.baseLr, 1e-3);
      expect(fit.params.etaMin).toBe(0);
      expect(fit.fitError).toBeLessThan(1e-9);
    }
    // A staircase keeps its milestones on the step axis.
    const ms = S.multiStepLR(0.1, [300, 500], 0.1);
    const steps = Array.from({ length: 11 }, (_, k) => 49 + 50 * k);
    expect(recognizeSchedule({ steps, values: steps.map(ms) }).params.milestones).toEqual([300, 500]);
  });

  it("reads a log that ends inside its linear warmup as that warmup, not as a decay fitted backwards", () => {
    // Warmup 0.001 → 0.02 over 1,000 iterations (Detectron2's WarmupMultiStepLR form), logged every 20, cut at 480.
    for (const every of [1, 20]) {
      const lr = S.logLr(S.withWarmup(S.multiStepLR(0.02, [5000], 0.1), 0.02, 1000, 0.001), 481, { logEvery: every });
      const fit = recognizeSchedule(lr, { epochs: epochScale(EPOCHS) });
      expect(fit.type).toBe("unknown");
      expect(fit.warmup).toMatchObject({ type: "linear", steps: 480, ongoing: true });
      within(fit.warmup!.startFactor, 0.001 / (0.001 + (0.999 * 480) / 1000));
      expect(fit.segments).toEqual([{ type: "warmup", start: 0, end: 480 }]);
      expect(fit.label).toBe("linear warmup, still rising at the last step (480 it logged)");
      expect(fit.fitError).toBeLessThan(1e-9);
    }
    // A rise that is not a straight line (one-cycle's cosine ramp, cut before its peak) is not read as a linear warmup.
    const ramp = S.logLr(S.oneCycle(0.003, 1000), 250);
    expect(recognizeSchedule(ramp).warmup?.ongoing).toBeUndefined();
  });

  it("reports unknown for an LR that follows no schedule", () => {
    const values = Array.from({ length: 300 }, (_, i) => 0.01 * (1.5 + Math.sin(i / 7) * Math.cos(i / 23)));
    const fit = recognizeSchedule({ steps: values.map((_, i) => i), values });
    expect(fit.type).toBe("unknown");
  });
});
