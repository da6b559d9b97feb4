import { setImmediate } from "node:timers/promises";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ImportError } from "./errors";
import { importFiles } from "./index";
import { fixtureDir, memFile, REPO } from "./test-helpers/sources";
import { encodeEvent, frameRecord } from "./test-helpers/tfevents-writer";
import type { SourceFile } from "./types";

/** mulberry32: a small seeded PRNG, so a failing input can be reproduced from its seed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TOKENS = ["NaN", "-inf", "\n", "\r\n", '"', ",", "{", "}", "[", ":", "\0", "\uFEFF", "1e309", "-1", "0.5", "step", "\u00e9", "\\"].map((t) =>
  new TextEncoder().encode(t),
);

function mutate(src: Uint8Array, rnd: () => number): Uint8Array {
  let b = Array.from(src);
  const n = 1 + Math.floor(rnd() * 4);
  for (let k = 0; k < n; k++) {
    const at = Math.floor(rnd() * (b.length + 1));
    const op = Math.floor(rnd() * 6);
    if (op === 0 && b.length) b[Math.min(at, b.length - 1)] = Math.floor(rnd() * 256);
    else if (op === 1) b.splice(at, 0, ...TOKENS[Math.floor(rnd() * TOKENS.length)]);
    else if (op === 2) b.splice(at, Math.floor(rnd() * 64));
    else if (op === 3) b = b.slice(0, at);
    else if (op === 4) b.splice(at, 0, ...b.slice(at, at + Math.floor(rnd() * 200)));
    else b.splice(at, 0, ...Array.from({ length: Math.floor(rnd() * 16) }, () => Math.floor(rnd() * 256)));
  }
  return Uint8Array.from(b);
}

async function readAll(files: SourceFile[], format?: string): Promise<void> {
  const plan = await importFiles(files, { format });
  for (const run of plan.runs) {
    const it = run.read();
    while (!(await it.next()).done);
  }
}

/** Every failure must be an ImportError; anything else (TypeError, RangeError…) is a bug. */
async function expectOnlyImportErrors(files: SourceFile[], format?: string): Promise<void> {
  // In-memory parsing only ever awaits microtasks: without a turn of the event loop per input, a long
  // loop starves the worker's messages to Vitest (whose "onTaskUpdate" reply then times out on a busy machine).
  await setImmediate();
  try {
    await readAll(files, format);
  } catch (e) {
    if (!(e instanceof ImportError)) throw new Error(`non-ImportError for ${files[0]?.path} (format ${format ?? "auto"}): ${(e as Error).stack}`);
  }
}

const CASES: { name: string; dir?: string; file?: string; format: string }[] = [
  { name: "keras", file: "fixtures/reallogs-mit/4hmetcakmak_brats2020_keras_csvlogger_training.log", format: "keras-csv" },
  { name: "lr-finder", file: "fixtures/reallogs-mit/phernst_conebeam_torch_lr_finder_history.json", format: "torch-lr-finder" },
  { name: "jsonl", file: "fixtures/realtrain/sgd-80-const-nan.jsonl", format: "generic-jsonl" },
  { name: "ultralytics", dir: "fixtures/importers/ultralytics-seg", format: "ultralytics" },
  { name: "lightning", dir: "fixtures/importers/lightning", format: "lightning-csv" },
  { name: "hf", dir: "fixtures/importers/hf-segformer", format: "hf-trainer-state" },
  { name: "mmcv", dir: "fixtures/importers/mmseg-0x", format: "mmcv-log-json" },
  { name: "mmengine", dir: "fixtures/importers/mmseg-1x", format: "mmengine-scalars" },
  { name: "detectron2", dir: "fixtures/importers/detectron2", format: "detectron2" },
  { name: "mlflow", dir: "fixtures/importers/mlflow", format: "mlflow" },
  { name: "tensorboard", dir: "fixtures/importers/tensorboard", format: "tensorboard" },
  { name: "wandb", dir: "fixtures/importers/wandb", format: "wandb-csv" },
  { name: "generic-csv", dir: "fixtures/importers/lightning", format: "generic-csv" },
];

const ROUNDS = 800;
/** Generous: the machine may be shared; a hang still fails the test. */
const TIMEOUT_MS = 120_000;

describe("fuzz: mutated inputs never crash a parser", () => {
  it("the harness fails on an error that is not an ImportError", async () => {
    const broken: SourceFile = {
      path: "x.csv",
      open: () => ({ [Symbol.asyncIterator]: () => ({ next: () => Promise.reject(new TypeError("boom")) }) }),
    };
    await expect(expectOnlyImportErrors([broken])).rejects.toThrow(/non-ImportError for x\.csv/);
  });

  for (const c of CASES) {
    it(
      `${c.name}: ${ROUNDS} mutations, each auto-detected and forced`,
      async () => {
        const base = c.dir ? fixtureDir(c.dir) : [memFile(c.file!, readFileSync(join(REPO, c.file!)), 4096)];
        const bytes = await Promise.all(
          base.map(async (f) => {
            const parts: number[] = [];
            for await (const ch of f.open()) parts.push(...ch);
            return Uint8Array.from(parts);
          }),
        );
        const rnd = prng(c.name.length * 7919);
        for (let i = 0; i < ROUNDS; i++) {
          // Mostly the main file (the group's first); sometimes a companion.
          const target = rnd() < 0.8 ? 0 : Math.floor(rnd() * base.length);
          const files = base.map((f, j) =>
            j === target ? memFile(f.path, mutate(bytes[j], rnd), 1 + Math.floor(rnd() * 300)) : memFile(f.path, bytes[j], 512),
          );
          await expectOnlyImportErrors(files);
          await expectOnlyImportErrors(files, c.format);
        }
      },
      TIMEOUT_MS,
    );
  }

  it(
    `tensorboard: ${ROUNDS * 3} well-framed records with mutated Event payloads`,
    async () => {
      const rnd = prng(42);
      const event = encodeEvent({
        wallTime: 1.5,
        step: 7,
        values: [
          { tag: "loss", simple: 0.5 },
          { tag: "acc", tensor: 0.25 },
          { tag: "h", vector: [1, 2] },
        ],
      });
      for (let i = 0; i < ROUNDS * 3; i++) {
        const bytes = frameRecord(mutate(event, rnd));
        await expectOnlyImportErrors([memFile("events.out.tfevents.1", bytes, 64)], "tensorboard");
      }
    },
    TIMEOUT_MS,
  );

  it(
    "all formats forced onto random bytes",
    async () => {
      const rnd = prng(7);
      const ids = CASES.map((c) => c.format);
      for (let i = 0; i < 200; i++) {
        const bytes = Uint8Array.from({ length: Math.floor(rnd() * 2000) }, () => Math.floor(rnd() * 256));
        for (const id of ids) await expectOnlyImportErrors([memFile(`r${i}.bin.csv`, bytes, 100)], id);
      }
    },
    TIMEOUT_MS,
  );
});
