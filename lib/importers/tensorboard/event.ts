import { ProtoReader } from "./protobuf";

export interface ScalarEvent {
  wallTime?: number;
  step: number;
  scalars: { tag: string; value: number }[];
}

// tensorflow/core/framework/types.proto
const DT_FLOAT = 1,
  DT_DOUBLE = 2,
  DT_INT32 = 3,
  DT_INT64 = 9,
  DT_BFLOAT16 = 14,
  DT_HALF = 19;

/**
 * Decodes an `Event` (wall_time = 1 double, step = 2 int64, summary = 5) keeping only scalar
 * summary values: `simple_value` (PyTorch SummaryWriter, tensorboardX) and numeric scalar
 * `tensor`s (TF2). Images, histograms, audio and non-scalar tensors are skipped unread.
 * Throws RangeError on malformed protobuf.
 */
export function decodeEvent(buf: Uint8Array): ScalarEvent {
  const r = new ProtoReader(buf);
  const ev: ScalarEvent = { step: 0, scalars: [] };
  while (!r.done) {
    const [field, wt] = r.tag();
    if (field === 1 && wt === 1) ev.wallTime = r.double();
    else if (field === 2 && wt === 0) ev.step = r.int64();
    else if (field === 5 && wt === 2) {
      const [s, e] = r.bytes();
      decodeSummary(new ProtoReader(buf, s, e), ev.scalars);
    } else r.skip(wt);
  }
  return ev;
}

function decodeSummary(r: ProtoReader, out: ScalarEvent["scalars"]): void {
  while (!r.done) {
    const [field, wt] = r.tag();
    if (field === 1 && wt === 2) {
      const [s, e] = r.bytes();
      const v = decodeValue(new ProtoReader(r.buf, s, e));
      if (v) out.push(v);
    } else r.skip(wt);
  }
}

function decodeValue(r: ProtoReader): { tag: string; value: number } | undefined {
  let tag: string | undefined;
  let value: number | undefined;
  while (!r.done) {
    const [field, wt] = r.tag();
    if (field === 1 && wt === 2) tag = r.string();
    else if (field === 2 && wt === 5) value = r.float();
    else if (field === 8 && wt === 2) {
      const [s, e] = r.bytes();
      value = decodeScalarTensor(new ProtoReader(r.buf, s, e));
    } else r.skip(wt);
  }
  return tag !== undefined && value !== undefined ? { tag, value } : undefined;
}

/** A TensorProto's value when it is a numeric scalar (no dims, or one element), else undefined. */
function decodeScalarTensor(r: ProtoReader): number | undefined {
  let dtype = 0;
  let elements = 1;
  const vals: number[] = [];
  let content: [number, number] | undefined;
  while (!r.done) {
    const [field, wt] = r.tag();
    if (field === 1 && wt === 0) dtype = r.varint();
    else if (field === 2 && wt === 2) {
      const [s, e] = r.bytes();
      elements = shapeElements(new ProtoReader(r.buf, s, e));
    } else if (field === 4 && wt === 2) content = r.bytes();
    else if (field === 5) readRepeated(r, wt, 5, () => r.float(), vals);
    else if (field === 6) readRepeated(r, wt, 1, () => r.double(), vals);
    else if (field === 7 || field === 10) readRepeated(r, wt, 0, () => r.int64(), vals);
    else if (field === 13) readRepeated(r, wt, 0, () => r.varint(), vals);
    else r.skip(wt);
  }
  if (elements !== 1) return undefined;
  if (vals.length > 0) {
    if (dtype === DT_HALF) return halfToNumber(vals[0]);
    if (dtype === DT_BFLOAT16) return bf16ToNumber(vals[0]);
    return vals[0];
  }
  if (!content) return undefined;
  const dv = new DataView(r.buf.buffer, r.buf.byteOffset + content[0], content[1] - content[0]);
  const size = content[1] - content[0];
  if (dtype === DT_FLOAT && size >= 4) return dv.getFloat32(0, true);
  if (dtype === DT_DOUBLE && size >= 8) return dv.getFloat64(0, true);
  if (dtype === DT_INT32 && size >= 4) return dv.getInt32(0, true);
  if (dtype === DT_INT64 && size >= 8) return Number(dv.getBigInt64(0, true));
  if (dtype === DT_HALF && size >= 2) return halfToNumber(dv.getUint16(0, true));
  if (dtype === DT_BFLOAT16 && size >= 2) return bf16ToNumber(dv.getUint16(0, true));
  return undefined;
}

/** Repeated numeric field, packed (wire type 2) or not. */
function readRepeated(r: ProtoReader, wt: number, scalarWt: number, read: () => number, out: number[]): void {
  if (wt === scalarWt) {
    out.push(read());
    return;
  }
  if (wt !== 2) {
    r.skip(wt);
    return;
  }
  const [s, e] = r.bytes();
  const saved = r.pos;
  r.pos = s;
  // One value is all a scalar needs; a longer list is a non-scalar anyway.
  if (s < e) out.push(read());
  r.pos = saved;
}

function shapeElements(r: ProtoReader): number {
  let n = 1;
  while (!r.done) {
    const [field, wt] = r.tag();
    if (field === 2 && wt === 2) {
      const [s, e] = r.bytes();
      const d = new ProtoReader(r.buf, s, e);
      let size = 0;
      while (!d.done) {
        const [f, w] = d.tag();
        if (f === 1 && w === 0) size = d.int64();
        else d.skip(w);
      }
      n *= size;
    } else r.skip(wt);
  }
  return n;
}

function halfToNumber(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * 2 ** -14 * (frac / 1024);
  if (exp === 0x1f) return frac ? NaN : sign * Infinity;
  return sign * 2 ** (exp - 15) * (1 + frac / 1024);
}

function bf16ToNumber(b: number): number {
  const dv = new DataView(new ArrayBuffer(4));
  dv.setUint32(0, b << 16);
  return dv.getFloat32(0);
}
