import { concatArrays } from "@/lib/typed-arrays";
import { ImportError } from "../errors";
import type { SourceFile } from "../types";

/** Whole-document formats (one JSON object) are read into memory up to this size. */
export const MAX_DOCUMENT_BYTES = 64 * 1024 * 1024;

export async function readAllBytes(file: SourceFile, maxBytes: number = MAX_DOCUMENT_BYTES): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of file.open()) {
    total += chunk.length;
    if (total > maxBytes) {
      throw new ImportError({ file: file.path, expected: `a document of at most ${maxBytes} bytes for this format` });
    }
    parts.push(chunk);
  }
  return concatArrays(Uint8Array, parts);
}

export async function readAllText(file: SourceFile, maxBytes?: number): Promise<string> {
  return new TextDecoder("utf-8").decode(await readAllBytes(file, maxBytes));
}

/** The first `maxBytes` of a file, stopping the read early. */
export async function readHead(file: SourceFile, maxBytes: number): Promise<{ head: Uint8Array; complete: boolean }> {
  const parts: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of file.open()) {
    parts.push(chunk);
    total += chunk.length;
    if (total > maxBytes) {
      return { head: concatArrays(Uint8Array, parts).subarray(0, maxBytes), complete: false };
    }
  }
  return { head: concatArrays(Uint8Array, parts), complete: true };
}
