import { BatchBuilder } from "../batch-builder";
import { mlflowParamsConfig } from "../config/mlflow-params";
import { ImportError } from "../errors";
import { checkStep } from "../steps";
import { readLines } from "../text/lines";
import { parseNumber } from "../text/numbers";
import { readAllText } from "../text/read-all";
import type { ImportFormat } from "../types";
import { readYamlMapping } from "../config/yaml-config";
import { noMatch, sampleLines, textGuard } from "./sniff";

/** `<run>/metrics/<key>` (keys may contain `/`), `<run>/params/<key>`, `<run>/tags/<key>`. */
const PART = /(?:^|\/)(metrics|params|tags)\/(.+)$/;
const METRIC_LINE = /^\d+ \S+( \d+)?$/;

export const mlflow: ImportFormat = {
  id: "mlflow",
  title: "MLflow run directory (mlruns/<exp>/<run>/)",
  detection:
    "Files under `metrics/` whose lines are `<timestamp ms> <value> <step>`, with `params/` (one value per file), `tags/` and `meta.yaml` beside them. Metric file path → key; a metric named `epoch` (Lightning's MLFlowLogger and HF's MLflowCallback log one) is the epoch axis, not a series; `mlflow.runName` → name; params → config.",
  example: "metrics/train/loss:\n1700000000000 2.31 0\n1700000001000 1.12 100\n",
  detect(files) {
    const metric = files.find((f) => PART.exec(f.path)?.[1] === "metrics");
    if (!metric) return noMatch("no file under a `metrics/` folder");
    const guard = textGuard([metric]);
    if (guard) return guard;
    const lines = sampleLines(metric, 5);
    if (lines.length === 0 || !lines.every((l) => METRIC_LINE.test(l))) return noMatch("metrics files are not `<timestamp> <value> <step>` lines");
    return { confidence: 0.95 };
  },
  async *parse(files) {
    const builder = new BatchBuilder();
    const warnings: string[] = [];
    const params: Record<string, string> = {};
    const tags: Record<string, string> = {};
    let meta: Record<string, unknown> | undefined;
    for (const file of files) {
      const m = PART.exec(file.path);
      if (!m) {
        if (/(^|\/)meta\.yaml$/.test(file.path)) {
          meta = await readYamlMapping(file, warnings);
        }
        continue;
      }
      const [, kind, key] = m;
      if (kind === "params") {
        params[key] = (await readAllText(file)).trim();
        continue;
      }
      if (kind === "tags") {
        tags[key] = (await readAllText(file)).trim();
        continue;
      }
      for await (const chunk of readLines(file)) {
        for (let i = 0; i < chunk.lines.length; i++) {
          const line = chunk.lines[i];
          if (line === "") continue;
          const lineNo = chunk.firstLine + i;
          const [ts, val, st] = line.split(" ");
          const value = parseNumber(val ?? "");
          const time = parseNumber(ts ?? "");
          const step = st === undefined ? 0 : parseNumber(st);
          if (typeof value !== "number" || typeof time !== "number" || typeof step !== "number") {
            throw new ImportError({ file: file.path, line: lineNo, expected: "`<timestamp ms> <value> <step>`", found: JSON.stringify(line.slice(0, 60)) });
          }
          const row = builder.row(checkStep(step, file.path, lineNo));
          builder.setTime(row, time / 1000);
          if (key === "epoch") builder.setEpoch(row, value);
          else builder.set(row, key, value);
          if (builder.full) yield builder.take()!;
        }
      }
    }
    const last = builder.take();
    if (last) yield last;
    const name = tags["mlflow.runName"] ?? (typeof meta?.run_name === "string" ? meta.run_name : undefined);
    const userTags = Object.entries(tags)
      .filter(([k]) => !k.startsWith("mlflow."))
      .map(([k, v]) => `${k}:${v}`);
    return {
      name,
      config: mlflowParamsConfig(params, { tags }),
      ...(userTags.length ? { tags: userTags } : {}),
      keys: { x: "step" },
      warnings,
    };
  },
};
