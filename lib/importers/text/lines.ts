import { Buffer, isAscii } from "node:buffer";
import { ImportError } from "../errors";
import type { SourceFile } from "../types";

/** Longest line accepted; longer ones would hold the whole file in memory. */
export const MAX_LINE_CHARS = 16 * 1024 * 1024;

const SLICE_BYTES = 64 * 1024;

export interface LineChunk {
  lines: string[];
  /** 1-based line number of `lines[0]`. */
  firstLine: number;
  /** Set on the chunk holding the file's last line when that line has no trailing newline. */
  unterminatedLast: boolean;
}

/**
 * Splits a file's bytes into lines, a chunk of lines at a time: UTF-8 (invalid bytes become
 * U+FFFD), BOM stripped, CRLF or LF, a last line without newline kept and flagged.
 */
export async function* readLines(file: SourceFile, maxLineChars: number = MAX_LINE_CHARS): AsyncGenerator<LineChunk> {
  const decoder = new TextDecoder("utf-8");
  let carry = "";
  let lineNo = 1;
  // An ASCII slice (most logs) reads as latin1, several times faster than the streaming decoder,
  // unless the slice before had other bytes: a character cut there must be completed by the decoder.
  let asciiBefore = true;
  const tooLong = () => new ImportError({ file: file.path, line: lineNo, expected: `lines shorter than ${maxLineChars} characters`, found: "a longer line" });
  for await (const input of file.open()) {
    // Small slices keep each chunk's lines short-lived (young-generation garbage, cheap to collect).
    for (let off = 0; off < input.length; off += SLICE_BYTES) {
      const slice = input.subarray(off, off + SLICE_BYTES);
      const ascii = isAscii(slice);
      const text =
        ascii && asciiBefore ? Buffer.from(slice.buffer, slice.byteOffset, slice.byteLength).toString("latin1") : decoder.decode(slice, { stream: true });
      asciiBefore = ascii;
      // Split only the new text, so a long line costs linear time however it is chunked.
      if (text.indexOf("\n") === -1) {
        carry += text;
        if (carry.length > maxLineChars) throw tooLong();
        continue;
      }
      const parts = text.split("\n");
      parts[0] = carry + parts[0];
      carry = parts.pop() as string;
      for (let i = 0; i < parts.length; i++) {
        const p = parts[i];
        if (p.length > maxLineChars) {
          lineNo += i;
          throw tooLong();
        }
        if (p.charCodeAt(p.length - 1) === 13) parts[i] = p.slice(0, -1);
      }
      if (carry.length > maxLineChars) {
        lineNo += parts.length;
        throw tooLong();
      }
      yield { lines: parts, firstLine: lineNo, unterminatedLast: false };
      lineNo += parts.length;
    }
  }
  carry += decoder.decode();
  if (carry.length > maxLineChars) throw tooLong();
  if (carry.length > 0) {
    if (carry.charCodeAt(carry.length - 1) === 13) carry = carry.slice(0, -1);
    yield { lines: [carry], firstLine: lineNo, unterminatedLast: true };
  }
}
