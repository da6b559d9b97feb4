import { isPlainObject, parseJsonLenient } from "../text/json";
import type { Detection, FileSample } from "../types";
import { noMatch, sampleLines, textGuard } from "./sniff";

/**
 * The first records of a JSON-lines sample, or why it is not JSON lines. Only the first line must
 * parse: a later bad line is the parser's to report, with its line number.
 */
export function sampleRecords(files: FileSample[]): Record<string, unknown>[] | Detection {
  const guard = textGuard(files);
  if (guard) return guard;
  const lines = sampleLines(files[0], 30);
  if (lines.length === 0) return noMatch("no complete line in the first bytes");
  const records: Record<string, unknown>[] = [];
  for (const line of lines) {
    let v: unknown;
    try {
      v = parseJsonLenient(line);
    } catch {
      if (records.length > 0) break;
      return noMatch("the first line is not JSON");
    }
    if (!isPlainObject(v)) {
      if (records.length > 0) break;
      return noMatch("the first line is not a JSON object");
    }
    records.push(v);
  }
  return records;
}
