import { csvHeader, findColumn, parseCsvRun } from "../csv-run";
import { sniffDelimiter, splitCsvLine } from "../text/csv";
import { parseNumber } from "../text/numbers";
import type { Detection, FileSample, ImportFormat } from "../types";
import { mainFile, noMatch, sampleLines, textGuard } from "./sniff";

const STEP_NAMES = ["step", "global_step", "_step", "trainer/global_step", "iteration", "iter", "it", "steps"];
const EPOCH_NAMES = ["epoch", "epochs"];
const TIME_NAMES = ["timestamp", "wall_time", "walltime", "_timestamp"];

/** Header and first data rows of a delimited text sample, or why it is not a table. */
export function sniffTable(files: FileSample[]): { header: string[]; rows: string[][] } | Detection {
  const guard = textGuard(files);
  if (guard) return guard;
  const lines = sampleLines(files[0], 20);
  if (lines.length === 0) return noMatch("no complete line in the first bytes");
  const delim = sniffDelimiter(lines[0], files[0].path);
  const header = csvHeader(lines[0], files[0].path);
  if (header.length < 2) return noMatch("the first line has no comma, tab or semicolon separated header");
  const rows = lines.slice(1).map((l) => splitCsvLine(l, delim));
  if (!rows.some((r) => r.some((c) => typeof parseNumber(c) === "number"))) {
    return noMatch("no numeric cell in the first data rows");
  }
  return { header, rows };
}

export const genericCsv: ImportFormat = {
  id: "generic-csv",
  title: "Generic CSV/TSV",
  detection:
    "Text with a header row separated by commas, tabs or semicolons and numeric data rows. The step is the first column named step, global_step, iteration, iter or it; else epoch (x = epoch); else the row number. Every other numeric column is a metric.",
  example: "step,lr,loss,val/mIoU\n0,0.01,2.31,\n100,0.0098,1.12,0.41\n",
  detect(files) {
    const t = sniffTable(files);
    if (!("header" in t)) return t;
    return { confidence: /\.(csv|tsv)$/i.test(files[0].path) ? 0.4 : 0.3 };
  },
  async *parse(files) {
    let x: "step" | "epoch" = "step";
    const res = yield* parseCsvRun(mainFile(files), (header) => {
      const step = findColumn(header, STEP_NAMES);
      const epoch = findColumn(header, EPOCH_NAMES);
      if (step === undefined && epoch !== undefined) x = "epoch";
      return { step: step ?? epoch, epoch, time: findColumn(header, TIME_NAMES) };
    });
    return { config: {}, keys: { x }, warnings: res.warnings };
  },
};
