import { ImportError } from "../errors";
import type { SourceFile } from "../types";
import { maskedCrc32c } from "./crc32c";

/** Refuse records larger than this: a corrupt length would otherwise ask for gigabytes. */
const MAX_RECORD_BYTES = 256 * 1024 * 1024;

/** Accumulates stream chunks and hands out exact byte ranges. */
class ByteQueue {
  private chunks: Uint8Array[] = [];
  private head = 0;
  available = 0;

  push(c: Uint8Array): void {
    if (c.length === 0) return;
    this.chunks.push(c);
    this.available += c.length;
  }

  take(n: number): Uint8Array {
    this.available -= n;
    const first = this.chunks[0];
    if (first.length - this.head >= n) {
      const out = first.subarray(this.head, this.head + n);
      this.head += n;
      if (this.head === first.length) {
        this.chunks.shift();
        this.head = 0;
      }
      return out;
    }
    const out = new Uint8Array(n);
    let off = 0;
    while (off < n) {
      const c = this.chunks[0];
      const k = Math.min(c.length - this.head, n - off);
      out.set(c.subarray(this.head, this.head + k), off);
      off += k;
      this.head += k;
      if (this.head === c.length) {
        this.chunks.shift();
        this.head = 0;
      }
    }
    return out;
  }
}

export interface TfRecord {
  data: Uint8Array;
  /** Byte offset of the record in the file. */
  offset: number;
  index: number;
}

/**
 * Reads TFRecord framing: uint64 LE length, masked CRC-32C of those 8 bytes, the data, masked
 * CRC-32C of the data. Every CRC is checked; a mismatch or a cut record is an ImportError.
 */
export async function* readTfRecords(file: SourceFile): AsyncGenerator<TfRecord> {
  const q = new ByteQueue();
  const it = file.open()[Symbol.asyncIterator]();
  let done = false;
  const fill = async (n: number): Promise<boolean> => {
    while (q.available < n && !done) {
      const r = await it.next();
      if (r.done) done = true;
      else q.push(r.value);
    }
    return q.available >= n;
  };
  let offset = 0;
  for (let index = 0; ; index++) {
    if (!(await fill(12))) {
      if (q.available === 0) return;
      throw new ImportError({ file: file.path, record: index, expected: "a 12-byte record header", found: `${q.available} bytes at the end (truncated file)` });
    }
    const header = q.take(12);
    const dv = new DataView(header.buffer, header.byteOffset, 12);
    if (maskedCrc32c(header.subarray(0, 8)) !== dv.getUint32(8, true)) {
      throw new ImportError({
        file: file.path,
        record: index,
        expected: `a valid length CRC at byte ${offset}`,
        found: "a mismatch (corrupt or not a TFRecord file)",
      });
    }
    const len = dv.getUint32(0, true) + dv.getUint32(4, true) * 2 ** 32;
    if (len > MAX_RECORD_BYTES) {
      throw new ImportError({ file: file.path, record: index, expected: `a record under ${MAX_RECORD_BYTES} bytes`, found: `${len} bytes` });
    }
    if (!(await fill(len + 4))) {
      throw new ImportError({ file: file.path, record: index, expected: `${len + 4} more bytes`, found: `${q.available} (truncated file)` });
    }
    const data = q.take(len);
    const crcBytes = q.take(4);
    const crc = new DataView(crcBytes.buffer, crcBytes.byteOffset, 4).getUint32(0, true);
    if (maskedCrc32c(data) !== crc) {
      throw new ImportError({
        file: file.path,
        record: index,
        expected: `a valid data CRC at byte ${offset + 12 + len}`,
        found: "a mismatch (corrupt record)",
      });
    }
    yield { data, offset, index };
    offset += len + 16;
  }
}
