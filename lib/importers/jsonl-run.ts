import { BatchBuilder } from "./batch-builder";
import { ImportError } from "./errors";
import { checkStep } from "./steps";
import { isPlainObject, parseJsonLenient } from "./text/json";
import { readLines } from "./text/lines";
import { numberFromJson } from "./text/numbers";
import type { PointBatch, SourceFile } from "./types";

/** Where a JSON-lines record goes: its step (validated by the caller of `checkStep`), epoch, time. */
export interface Placement {
  step: number;
  epoch?: number;
  time?: number;
  /** Keys of this record to leave out (e.g. a val line's timing, which would overwrite train's). */
  skip?: ReadonlySet<string>;
}

/**
 * Decides, per record, where its values go (undefined: the record holds no points, e.g. a
 * config line) and which of its keys are not metrics. Stateful placers see records in order.
 */
export interface RecordPlacer {
  place(record: Record<string, unknown>, line: number): Placement | undefined;
  /** Keys that are axes or labels, not metrics. */
  skipKeys: ReadonlySet<string>;
}

export interface JsonlRunResult {
  /** The first record, for formats whose first line carries the config. */
  first?: Record<string, unknown>;
  keys: string[];
  warnings: string[];
}

/**
 * Streams JSON Lines (one object per line; Python's bare NaN/Infinity accepted) into batches.
 * Nested objects are flattened with `/`; numbers and numeric strings are values, the rest ignored.
 * A truncated last line (no newline, invalid JSON) is dropped with a warning.
 */
export async function* parseJsonlRun(file: SourceFile, placer: RecordPlacer): AsyncGenerator<PointBatch, JsonlRunResult> {
  const builder = new BatchBuilder();
  const warnings: string[] = [];
  let first: Record<string, unknown> | undefined;
  for await (const chunk of readLines(file)) {
    for (let i = 0; i < chunk.lines.length; i++) {
      const text = chunk.lines[i];
      const lineNo = chunk.firstLine + i;
      if (text.trim() === "") continue;
      let record: unknown;
      try {
        record = parseJsonLenient(text);
      } catch {
        if (chunk.unterminatedLast && i === chunk.lines.length - 1) {
          warnings.push(`${file.path}:${lineNo}: truncated last line dropped`);
          continue;
        }
        throw new ImportError({ file: file.path, line: lineNo, expected: "one JSON object per line", found: describe(text) });
      }
      if (!isPlainObject(record)) {
        throw new ImportError({ file: file.path, line: lineNo, expected: "one JSON object per line", found: describe(text) });
      }
      first ??= record;
      const at = placer.place(record, lineNo);
      if (at === undefined) continue;
      const row = builder.row(checkStep(at.step, file.path, lineNo));
      if (at.epoch !== undefined) builder.setEpoch(row, at.epoch);
      if (at.time !== undefined) builder.setTime(row, at.time);
      putValues(builder, row, record, "", placer.skipKeys, at.skip);
      if (builder.full) yield builder.take()!;
    }
  }
  const last = builder.take();
  if (last) yield last;
  return { first, keys: [...builder.keys], warnings };
}

function putValues(
  b: BatchBuilder,
  row: number,
  obj: Record<string, unknown>,
  prefix: string,
  skip: ReadonlySet<string>,
  skipHere?: ReadonlySet<string>,
): void {
  for (const k in obj) {
    const key = prefix ? `${prefix}/${k}` : k;
    if (skip.has(key) || skipHere?.has(key)) continue;
    const v = obj[k];
    if (isPlainObject(v)) putValues(b, row, v, key, skip, skipHere);
    else {
      const n = numberFromJson(v);
      if (n !== undefined) b.set(row, key, n);
    }
  }
}

function describe(text: string): string {
  return JSON.stringify(text.length > 60 ? `${text.slice(0, 60)}…` : text);
}

/** Reads a record field as a number (NaN spellings included), or undefined. */
export function numField(record: Record<string, unknown>, key: string): number | undefined {
  return numberFromJson(record[key]);
}
