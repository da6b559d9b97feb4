import { findColumn, parseCsvRun } from "../csv-run";
import type { ImportFormat } from "../types";
import { sniffTable } from "./generic-csv";
import { mainFile, noMatch } from "./sniff";

/** W&B panel export columns: `<run name> - <metric>`, plus `__MIN`/`__MAX` band columns. */
const RUN_COLUMN = /^(.+?) - (.+?)(__MIN|__MAX)?$/;
const EPOCH_AXIS = ["epoch", "epochs"];

export const wandbCsv: ImportFormat = {
  id: "wandb-csv",
  title: "Weights & Biases panel export (CSV)",
  detection:
    "CSV whose first column is the chart's x axis (`Step`, or a logged key such as `epoch` when the chart was drawn against it) and whose other columns are `<run> - <metric>` (W&B's panel “Export CSV”); `__MIN`/`__MAX` band columns are dropped. An x axis other than `Step` needs the band columns to be recognised. With a single run, its name becomes the run name and the prefix is removed from keys.",
  example: '"Step","sgd-baseline - loss","sgd-baseline - loss__MIN","sgd-baseline - loss__MAX"\n"0","2.31","2.31","2.31"\n',
  detect(files) {
    const t = sniffTable(files);
    if (!("header" in t)) return t;
    const [axis, ...rest] = t.header;
    if (rest.length === 0 || !rest.every((h) => RUN_COLUMN.test(h))) return noMatch("columns are not `<run> - <metric>`");
    if (axis === "Step") return { confidence: 0.9 };
    // Another x axis: only W&B writes `__MIN`/`__MAX` band columns beside `<run> - <metric>`.
    if (RUN_COLUMN.test(axis) || !rest.some((h) => RUN_COLUMN.exec(h)?.[3]))
      return noMatch("the first column is not `Step` and there are no `__MIN`/`__MAX` band columns");
    return { confidence: 0.85 };
  },
  async *parse(files) {
    let name: string | undefined;
    let x: "step" | "epoch" = "step";
    const notes: string[] = [];
    const res = yield* parseCsvRun(mainFile(files), (header) => {
      const parsed = header.map((h) => RUN_COLUMN.exec(h));
      const runs = new Set(parsed.flatMap((m) => (m ? [m[1]] : [])));
      const bands = parsed.flatMap((m, i) => (m?.[3] ? [i] : []));
      // One run: name it and drop the prefix; several: keep `<run> - <metric>` keys apart.
      if (runs.size === 1) [name] = runs;
      const keyOf = name ? (h: string) => RUN_COLUMN.exec(h)?.[2] ?? h : undefined;
      const step = findColumn(header, ["step"]);
      if (step !== undefined) return { step, skip: bands, keyOf };
      const epoch = findColumn(header, EPOCH_AXIS);
      if (epoch !== undefined) {
        x = "epoch";
        notes.push(`The chart was exported against \`${header[epoch]}\`: its values are the steps (x = epoch).`);
        return { step: epoch, epoch, skip: bands, keyOf };
      }
      notes.push(`The chart was exported against \`${header[0]}\`, which is not a step: rows are numbered and \`${header[0]}\` is kept as a metric.`);
      return { skip: bands, keyOf };
    });
    return { name, config: {}, keys: { x }, warnings: res.warnings, notes };
  },
};
