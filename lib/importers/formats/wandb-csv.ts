import { findColumn, parseCsvRun } from "../csv-run";
import type { ImportFormat } from "../types";
import { sniffTable } from "./generic-csv";
import { mainFile, noMatch } from "./sniff";

/** W&B panel export columns: `<run name> - <metric>`, plus `__MIN`/`__MAX` band columns. */
const RUN_COLUMN = /^(.+?) - (.+?)(__MIN|__MAX)?$/;

export const wandbCsv: ImportFormat = {
  id: "wandb-csv",
  title: "Weights & Biases panel export (CSV)",
  detection:
    "CSV with a `Step` column and `<run> - <metric>` columns (W&B's panel “Export CSV”); `__MIN`/`__MAX` band columns are dropped. With a single run, its name becomes the run name and the prefix is removed from keys.",
  example: '"Step","sgd-baseline - loss","sgd-baseline - loss__MIN","sgd-baseline - loss__MAX"\n"0","2.31","2.31","2.31"\n',
  detect(files) {
    const t = sniffTable(files);
    if (!("header" in t)) return t;
    if (t.header[0] !== "Step") return noMatch("the first column is not `Step`");
    if (!t.header.slice(1).every((h) => RUN_COLUMN.test(h))) return noMatch("columns are not `<run> - <metric>`");
    return { confidence: 0.9 };
  },
  async *parse(files) {
    let name: string | undefined;
    const res = yield* parseCsvRun(mainFile(files), (header) => {
      const parsed = header.map((h) => RUN_COLUMN.exec(h));
      const runs = new Set(parsed.flatMap((m) => (m ? [m[1]] : [])));
      const bands = parsed.flatMap((m, i) => (m?.[3] ? [i] : []));
      // One run: name it and drop the prefix; several: keep `<run> - <metric>` keys apart.
      if (runs.size === 1) [name] = runs;
      const keyOf = name ? (h: string) => RUN_COLUMN.exec(h)?.[2] ?? h : undefined;
      return { step: findColumn(header, ["step"]), skip: bands, keyOf };
    });
    return { name, config: {}, keys: { x: "step" }, warnings: res.warnings };
  },
};
