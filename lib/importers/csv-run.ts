import { BatchBuilder } from "./batch-builder";
import { ImportError } from "./errors";
import { checkStep } from "./steps";
import { opensQuote, sniffDelimiter, splitCsvLine } from "./text/csv";
import { MAX_LINE_CHARS, readLines } from "./text/lines";
import { parseDecimal, parseNumber } from "./text/numbers";
import type { Cell, PointBatch, SourceFile } from "./types";

/** Which columns of a CSV header carry the step, epoch and time; every other column is a metric. */
export interface CsvColumns {
  step?: number;
  epoch?: number;
  time?: number;
  /** Columns that are neither metrics nor axes. */
  skip?: number[];
  /** The metric key of a column header, when not the header itself. */
  keyOf?: (header: string) => string;
}

export interface CsvRunResult {
  header: string[];
  keys: string[];
  warnings: string[];
}

/** Header cells of a CSV line, trimmed (Ultralytics pads them with spaces). */
export function csvHeader(line: string, path: string): string[] {
  return splitCsvLine(line, sniffDelimiter(line, path)).map((h) => h.trim());
}

/**
 * Streams a CSV/TSV with a header row into batches. `pick` chooses the axis columns from the
 * header; without a step column the row index is the step. Empty and non-numeric cells are gaps.
 */
export async function* parseCsvRun(file: SourceFile, pick: (header: string[]) => CsvColumns): AsyncGenerator<PointBatch, CsvRunResult> {
  const builder = new BatchBuilder();
  const warnings: string[] = [];
  let header: string[] | undefined;
  let headerLine = "";
  let delim = ",";
  let cols: CsvColumns = {};
  let metricCols: number[] = [];
  let metricKeys: string[] = [];
  /** The current batch's column array per metric column, fetched on first value. */
  let batchColumns: (Cell[] | undefined)[] = [];
  let rowIndex = 0;
  let skippedNoStep = 0;
  let pending = "";
  let pendingLine = 0;

  const take = (): PointBatch => {
    batchColumns = [];
    return builder.take()!;
  };

  const onRecord = (text: string, lineNo: number) => {
    if (header === undefined) {
      if (text.trim() === "") return;
      delim = sniffDelimiter(text, file.path);
      header = splitCsvLine(text, delim).map((h) => h.trim());
      headerLine = text;
      cols = pick(header);
      const skip = new Set([cols.step, cols.epoch, cols.time, ...(cols.skip ?? [])]);
      metricCols = header.map((_, i) => i).filter((i) => !skip.has(i) && header![i] !== "");
      metricKeys = metricCols.map((i) => (cols.keyOf ? cols.keyOf(header![i]) : header![i]));
      return;
    }
    if (text.length === 0 || text === headerLine) return; // a header repeated after a resume
    parseCells(text);
    let step: number;
    if (cols.step === undefined) step = rowIndex;
    else {
      const v = nums[cols.step];
      if (v === null || v === undefined) {
        skippedNoStep++;
        return;
      }
      step = checkStep(v, file.path, lineNo, header[cols.step]);
    }
    rowIndex++;
    const row = builder.row(step);
    if (cols.epoch !== undefined) {
      const e = nums[cols.epoch];
      if (typeof e === "number") builder.setEpoch(row, e);
    }
    if (cols.time !== undefined) {
      const t = nums[cols.time];
      if (typeof t === "number") builder.setTime(row, t > 1e12 ? t / 1000 : t);
    }
    for (let k = 0; k < metricCols.length; k++) {
      const v = nums[metricCols[k]];
      if (typeof v !== "number") continue;
      // A row at a step another row holds goes through set(), which counts values it replaces.
      if (builder.revisited) builder.set(row, metricKeys[k], v);
      else (batchColumns[k] ??= builder.column(metricKeys[k]))[row] = v;
    }
  };

  /** Parses a record's cells into `nums` (reused: no array per row on the unquoted fast path). */
  const nums: (number | null | undefined)[] = [];
  const parseCells = (text: string) => {
    const n = header!.length;
    if (text.indexOf('"') !== -1) {
      const cells = splitCsvLine(text, delim);
      for (let i = 0; i < n; i++) nums[i] = i < cells.length ? parseNumber(cells[i]) : undefined;
      return;
    }
    let start = 0;
    for (let i = 0; i < n; i++) {
      if (start > text.length) {
        nums[i] = undefined;
        continue;
      }
      let end = text.indexOf(delim, start);
      if (end === -1) end = text.length;
      nums[i] = end === start ? null : (parseDecimal(text, start, end) ?? parseNumber(text.slice(start, end)));
      start = end + 1;
    }
  };

  for await (const chunk of readLines(file)) {
    for (let i = 0; i < chunk.lines.length; i++) {
      const line = chunk.lines[i];
      const lineNo = chunk.firstLine + i;
      // A quoted field may span lines: join until its quote closes.
      if (pending) {
        pending += "\n" + line;
        if (pending.length > MAX_LINE_CHARS) {
          throw new ImportError({ file: file.path, line: pendingLine, expected: "a closing quote", found: "an unterminated quoted field" });
        }
        // An odd number of quotes on the continuation closes the open field.
        if (opensQuote(line)) {
          onRecord(pending, pendingLine);
          pending = "";
          if (builder.full) yield take();
        }
        continue;
      }
      if (line.indexOf('"') !== -1 && opensQuote(line)) {
        pending = line;
        pendingLine = lineNo;
        continue;
      }
      onRecord(line, lineNo);
      if (builder.full) yield take();
    }
  }
  if (pending) throw new ImportError({ file: file.path, line: pendingLine, expected: "a closing quote", found: "the end of the file" });
  const last = builder.take();
  if (last) yield last;
  if (header === undefined) throw new ImportError({ file: file.path, line: 1, expected: "a header row", found: "an empty file" });
  if (skippedNoStep > 0) warnings.push(`${file.path}: ${skippedNoStep} rows without a ${header[cols.step!]} value skipped`);
  return { header, keys: [...builder.keys], warnings };
}

/** Index of the first header cell whose lower-cased name is in `names` (in `names` order). */
export function findColumn(header: string[], names: readonly string[]): number | undefined {
  const lower = header.map((h) => h.toLowerCase());
  for (const n of names) {
    const i = lower.indexOf(n);
    if (i !== -1) return i;
  }
  return undefined;
}
