import { concatArrays } from "@/lib/typed-arrays";
import { maskedCrc32c } from "../tensorboard/crc32c";

/**
 * Writes TensorBoard event files the way its EventFileWriter does (tensorboard/summary/writer/
 * record_writer.py + event.proto), for fixtures: proto3 encoding (zero-valued scalars omitted,
 * oneof members always written), TFRecord framing with masked CRC-32C.
 */
class Proto {
  private parts: number[] = [];

  varint(field: number, v: number | bigint): this {
    if (typeof v === "number" && v === 0) return this;
    this.tag(field, 0);
    this.rawVarint(BigInt.asUintN(64, BigInt(v)));
    return this;
  }

  double(field: number, v: number): this {
    this.tag(field, 1);
    const b = new Uint8Array(8);
    new DataView(b.buffer).setFloat64(0, v, true);
    this.parts.push(...b);
    return this;
  }

  /** A oneof float member: written even when 0. */
  float(field: number, v: number): this {
    this.tag(field, 5);
    const b = new Uint8Array(4);
    new DataView(b.buffer).setFloat32(0, v, true);
    this.parts.push(...b);
    return this;
  }

  bytes(field: number, v: Uint8Array | string): this {
    const b = typeof v === "string" ? new TextEncoder().encode(v) : v;
    this.tag(field, 2);
    this.rawVarint(BigInt(b.length));
    this.parts.push(...b);
    return this;
  }

  packedFloats(field: number, vs: number[]): this {
    const b = new Uint8Array(4 * vs.length);
    vs.forEach((v, i) => new DataView(b.buffer).setFloat32(4 * i, v, true));
    return this.bytes(field, b);
  }

  done(): Uint8Array {
    return Uint8Array.from(this.parts);
  }

  private tag(field: number, wt: number): void {
    this.rawVarint(BigInt(field * 8 + wt));
  }

  private rawVarint(v: bigint): void {
    do {
      let b = Number(v & 0x7fn);
      v >>= 7n;
      if (v > 0n) b |= 0x80;
      this.parts.push(b);
    } while (v > 0n);
  }
}

export type SummaryValue =
  | { tag: string; simple: number }
  /** TF2 `tf.summary.scalar`: a DT_FLOAT (1) or DT_DOUBLE (2) scalar tensor in tensor_content. */
  | { tag: string; tensor: number; dtype?: 1 | 2; asFloatVal?: boolean }
  /** A non-scalar record to be skipped: an image of `bytes` size or a [n] float tensor. */
  | { tag: string; image: number }
  | { tag: string; vector: number[] };

function encodeValue(v: SummaryValue): Uint8Array {
  const p = new Proto().bytes(1, v.tag);
  if ("simple" in v) p.float(2, v.simple);
  else if ("image" in v) {
    const img = new Proto().varint(1, 64).varint(2, 64).varint(3, 3).bytes(4, new Uint8Array(v.image).fill(137)).done();
    p.bytes(4, img);
  } else if ("vector" in v) {
    const shape = new Proto().bytes(2, new Proto().varint(1, v.vector.length).done()).done();
    p.bytes(8, new Proto().varint(1, 1).bytes(2, shape).packedFloats(5, v.vector).done());
  } else {
    const dtype = v.dtype ?? 1;
    const t = new Proto().varint(1, dtype).bytes(2, new Uint8Array(0));
    if (v.asFloatVal) t.packedFloats(5, [v.tensor]);
    else {
      const b = new Uint8Array(dtype === 1 ? 4 : 8);
      const dv = new DataView(b.buffer);
      if (dtype === 1) dv.setFloat32(0, v.tensor, true);
      else dv.setFloat64(0, v.tensor, true);
      t.bytes(4, b);
    }
    const metadata = new Proto().bytes(1, new Proto().bytes(1, "scalars").done()).done();
    p.bytes(8, t.done()).bytes(9, metadata);
  }
  return p.done();
}

export interface EventSpec {
  wallTime: number;
  step: number;
  values?: SummaryValue[];
  fileVersion?: string;
}

export function encodeEvent(e: EventSpec): Uint8Array {
  const p = new Proto().double(1, e.wallTime).varint(2, e.step);
  if (e.fileVersion) p.bytes(3, e.fileVersion);
  if (e.values) {
    const s = new Proto();
    for (const v of e.values) s.bytes(1, encodeValue(v));
    p.bytes(5, s.done());
  }
  return p.done();
}

export function frameRecord(data: Uint8Array): Uint8Array {
  const out = new Uint8Array(data.length + 16);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, data.length, true);
  dv.setUint32(4, 0, true);
  dv.setUint32(8, maskedCrc32c(out.subarray(0, 8)), true);
  out.set(data, 12);
  dv.setUint32(12 + data.length, maskedCrc32c(data), true);
  return out;
}

/** A whole event file: the `brain.Event:2` version record, then the events. */
export function writeEventFile(events: EventSpec[], startTime = 1_700_000_000): Uint8Array {
  const records = [encodeEvent({ wallTime: startTime, step: 0, fileVersion: "brain.Event:2" }), ...events.map(encodeEvent)].map(frameRecord);
  return concatArrays(Uint8Array, records);
}

/** The committed TensorBoard fixture's content: PyTorch-style simple values, TF2 tensors, an image, a histogram-like vector. */
export function sampleEventFile(): Uint8Array {
  const events: EventSpec[] = [];
  for (let step = 0; step < 5; step++) {
    const t = 1_700_000_001 + step;
    events.push({
      wallTime: t,
      step,
      values: [
        { tag: "train/loss", simple: 2 - step * 0.25 },
        { tag: "lr-SGD", simple: 0.1 * 0.5 ** step },
      ],
    });
    if (step % 2 === 0)
      events.push({
        wallTime: t + 0.5,
        step,
        values: [
          { tag: "val/mIoU", tensor: 0.25 + step * 0.05 },
          { tag: "val/aAcc", tensor: 0.5 + step / 10, dtype: 2 },
        ],
      });
  }
  events.push({
    wallTime: 1_700_000_010,
    step: 4,
    values: [
      { tag: "samples/image", image: 4096 },
      { tag: "weights/hist", vector: [1, 2, 3] },
      { tag: "val/best_mIoU", tensor: 0.45, asFloatVal: true },
    ],
  });
  events.push({ wallTime: 1_700_000_011, step: 3, values: [{ tag: "train/loss", simple: NaN }] });
  return writeEventFile(events);
}
