/**
 * Benchmark (not a test): full analyzeRun on a synthetic 1,000,000-step run (lr + loss every step,
 * mIoU every 1,000 steps). Target ≤ 200 ms. Run with `npm run bench:analysis`.
 */
import { analyzeRun } from "../lib/analysis/analyze-run";
import type { RunInput } from "../lib/analysis/types";

const STEPS = 1_000_000;
const WARMUP = 1_500;

function syntheticRun(): RunInput {
  let seed = 42;
  const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31 - 0.5;
  const steps = new Array<number>(STEPS),
    lr = new Array<number>(STEPS),
    loss = new Array<number>(STEPS);
  for (let s = 0; s < STEPS; s++) {
    steps[s] = s;
    // Linear warmup, then MMSeg poly (power 0.9) decay.
    lr[s] = s < WARMUP ? 0.01 * (1e-3 + (1 - 1e-3) * (s / WARMUP)) : 0.01 * (1 - (s - WARMUP) / (STEPS - WARMUP)) ** 0.9;
    loss[s] = (0.2 + 1.2 * Math.exp(-s / 80_000)) * (1 + 0.3 * rnd());
  }
  loss[400_000] = 9; // one spike
  const mSteps: number[] = [],
    mIoU: number[] = [];
  for (let s = 999; s < STEPS; s += 1000) {
    mSteps.push(s);
    mIoU.push(0.75 - 0.45 * Math.exp(-s / 150_000) + 0.005 * rnd());
  }
  const epochs = { steps: [] as number[], values: [] as number[] };
  for (let s = 0; s < STEPS; s += 100) {
    epochs.steps.push(s);
    epochs.values.push(s / 10_000);
  }
  return {
    series: { lr: { steps, values: lr }, loss: { steps, values: loss }, mIoU: { steps: mSteps, values: mIoU } },
    epochs,
    config: { optimizer: "SGD", lr: 0.01, momentum: 0.9, weight_decay: 5e-4, schedule: "poly", batch_size: 16 },
  };
}

const input = syntheticRun();
const times: number[] = [];
const cpu: number[] = [];
let result = analyzeRun(input);
for (let i = 0; i < 7; i++) {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  result = analyzeRun(input);
  times.push(performance.now() - t0);
  const c = process.cpuUsage(c0);
  cpu.push((c.user + c.system) / 1000);
}
cpu.sort((a, b) => a - b);
const fresh = syntheticRun();
const t0 = performance.now();
analyzeRun(fresh);
const coldish = performance.now() - t0;
times.sort((a, b) => a - b);
console.log(
  `analyzeRun, ${STEPS.toLocaleString("en-US")} steps: median ${times[3].toFixed(1)} ms, min ${times[0].toFixed(1)} ms, max ${times[6].toFixed(1)} ms (target ≤ 200 ms)`,
);
console.log(`  CPU time (all threads, incl. GC): median ${cpu[3].toFixed(1)} ms — wall time above is inflated on a loaded machine`);
console.log(`  (on freshly built input arrays: ${coldish.toFixed(1)} ms)`);
console.log(
  `  schedule: ${result.schedule.label} (fitError ${result.schedule.fitError.toExponential(1)}), plateaus ${result.plateaus.length}, events ${result.events.length}, advice ${result.advice.map((a) => a.rule).join(", ") || "none"}`,
);
