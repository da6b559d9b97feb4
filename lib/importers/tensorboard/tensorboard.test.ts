import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ImportError } from "../errors";
import { collectOne, ends } from "../test-helpers/collect";
import { fixtureDir, memFile, REPO } from "../test-helpers/sources";
import { frameRecord, sampleEventFile, writeEventFile } from "../test-helpers/tfevents-writer";
import { crc32c, maskedCrc32c } from "./crc32c";
import { readTfRecords } from "./tfrecord";

const FIXTURE = "fixtures/importers/tensorboard/run1/events.out.tfevents.1700000000.anneal.1.0";

describe("CRC-32C", () => {
  it("matches the standard check values", () => {
    expect(crc32c(new TextEncoder().encode("123456789"))).toBe(0xe3069283);
    expect(crc32c(new Uint8Array(32))).toBe(0x8a9136aa);
    // Masking: rotate right by 15, add 0xa282ead8 (TensorFlow's crc32c::Mask).
    const c = crc32c(new TextEncoder().encode("123456789"));
    expect(maskedCrc32c(new TextEncoder().encode("123456789"))).toBe((((c >>> 15) | (c << 17)) + 0xa282ead8) >>> 0);
  });
});

describe("TensorBoard event files", () => {
  it("the committed fixture is exactly what the test writer produces", () => {
    expect(Buffer.from(readFileSync(join(REPO, FIXTURE))).equals(Buffer.from(sampleEventFile()))).toBe(true);
  });

  it("reads simple_value and TF2 scalar tensors, skips images and non-scalar tensors, keeps wall time", async () => {
    const r = await collectOne(fixtureDir("fixtures/importers/tensorboard"));
    expect(r.format).toBe("tensorboard");
    expect(Object.keys(r.series).sort()).toEqual(["lr-SGD", "train/loss", "val/aAcc", "val/best_mIoU", "val/mIoU"]);
    // Float32 values, as SummaryWriter stores them; step 3's loss replaced by a later NaN.
    expect(r.series["train/loss"]).toEqual([
      [0, 2],
      [1, 1.75],
      [2, 1.5],
      [3, NaN],
      [4, 1],
    ]);
    expect(ends(r, "lr-SGD")).toEqual({ count: 5, first: [0, Math.fround(0.1)], last: [4, Math.fround(0.1 * 0.5 ** 4)] });
    expect(ends(r, "val/mIoU")).toEqual({ count: 3, first: [0, 0.25], last: [4, Math.fround(0.45)] });
    expect(ends(r, "val/aAcc")).toEqual({ count: 3, first: [0, 0.5], last: [4, 0.9] });
    expect(r.series["val/best_mIoU"]).toEqual([[4, Math.fround(0.45)]]);
    expect(r.times.get(1)).toBe(1_700_000_002);
    expect(r.run.keys).toEqual({ x: "step", lr: "lr-SGD", mainMetric: "val/mIoU" });
    expect(r.run.config).toMatchObject({ optimizer: "SGD", lr: 0.1, batch_size: 32, epochs: 5 });
  });

  it("several event files of one folder are one run (a resume), later values winning", async () => {
    const a = writeEventFile([
      { wallTime: 1, step: 0, values: [{ tag: "loss", simple: 1 }] },
      { wallTime: 2, step: 1, values: [{ tag: "loss", simple: 2 }] },
    ]);
    const b = writeEventFile([{ wallTime: 3, step: 1, values: [{ tag: "loss", simple: 3 }] }]);
    const r = await collectOne([memFile("run/events.out.tfevents.1.host", a), memFile("run/events.out.tfevents.2.host", b)]);
    expect(r.series.loss).toEqual([
      [0, 1],
      [1, 3],
    ]);
  });

  it("a data CRC mismatch is an ImportError naming file and record", async () => {
    const bytes = sampleEventFile().slice();
    bytes[bytes.length - 10] ^= 0xff;
    const e = await collectOne([memFile("events.out.tfevents.x", bytes)]).catch((err: unknown) => err);
    expect(e).toBeInstanceOf(ImportError);
    expect((e as ImportError).message).toMatch(/^events\.out\.tfevents\.x record \d+: expected a valid data CRC/);
  });

  it("a truncated file is an ImportError", async () => {
    const bytes = sampleEventFile().subarray(0, 200);
    const e = await collectOne([memFile("events.out.tfevents.x", bytes)]).catch((err: unknown) => err);
    expect((e as ImportError).message).toMatch(/truncated file/);
  });

  it("frames records as TFRecord does: length, masked CRC of length, data, masked CRC of data", async () => {
    const rec = frameRecord(new Uint8Array([1, 2, 3]));
    expect(rec.length).toBe(19);
    const out = [];
    for await (const r of readTfRecords(memFile("f", rec, 1))) out.push([...r.data]);
    expect(out).toEqual([[1, 2, 3]]);
  });
});
