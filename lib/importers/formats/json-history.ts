import { BatchBuilder } from "../batch-builder";
import { mapConfig, withOriginal } from "../config/map-config";
import { ImportError } from "../errors";
import { checkStep } from "../steps";
import { isPlainObject, parseJsonLenient } from "../text/json";
import { numberFromJson } from "../text/numbers";
import type { Detection, FileSample, ImportFormat, PointBatch, XAxis } from "../types";
import { findHistory, type History } from "./find-history";
import { STEP_KEYS } from "./generic-jsonl";
import { readJsonValue } from "./json-document";
import { lrFromText, readLrSeries } from "./lr-range-test";
import { mainFile, noMatch, textGuard } from "./sniff";

const EPOCH_KEY = "epoch";
const LR_KEYS = ["lr", "learning_rate"];

/** Counts what a history held that is no point (strings, booleans, nested lists of objects), per key. */
type Skipped = Map<string, number>;

export const jsonHistory: ImportFormat = {
  id: "json-history",
  title: "JSON training history (Keras history dict, list of per-epoch records)",
  detection:
    "A JSON document holding a training history: a dict of equal-length lists (`json.dump(history.history)`), a list of per-epoch records, or either under a key of a larger document (`history`, `logs`, `metrics`, …). Per-record lists (per-class IoU) become `key/0…key/n`; other top-level values become the config. A dict whose `lr` sweeps up over the whole file is left to torch-lr-finder.",
  example: '{"loss": [0.92, 0.61, 0.48], "val_loss": [0.75, 0.58, 0.55], "lr": [0.001, 0.001, 0.0002], "val_mean_iou": [0.31, 0.44, 0.49]}',
  detect(files) {
    const guard = textGuard(files);
    if (guard) return guard;
    return detectHistory(files[0]);
  },
  async *parse(files) {
    const file = mainFile(files);
    const doc = await readJsonValue(file);
    const h = findHistory(doc);
    if (!h) {
      throw new ImportError({
        file: file.path,
        expected: "a training history: a dict of equal-length lists, or a list of per-epoch records (possibly under a key such as `history`)",
      });
    }
    const skipped: Skipped = new Map();
    const expanded = new Map<string, number>();
    const notes: string[] = [where(h)];
    const config: Record<string, unknown> = Object.keys(h.rest).length ? withOriginal(mapConfig(configSource(h.rest)), { document: h.rest }) : {};
    if (h.kind === "columns" && kerasHistoryNames(Object.keys(h.columns)) && config.framework === undefined) {
      config.framework = "keras";
      notes.push("Read as Keras's History (a `loss` list and Keras-style names): a plateau is read in Keras's ReduceLROnPlateau terms.");
    }
    const out = h.kind === "columns" ? columnBatches(h, skipped, expanded, file.path) : recordBatches(h, skipped, expanded, file.path, notes);
    let r = out.next();
    while (!r.done) {
      yield r.value;
      r = out.next();
    }
    const x = r.value;
    const lr = h.kind === "columns" ? lrOf(h.columns) : undefined;
    if (lr) notes.push(`Read as a training history, not an LR range test: ${readLrSeries(lr).reason}.`);
    for (const [key, n] of expanded) notes.push(`${key}: lists of ${n} values expanded as ${key}/0…${key}/${n - 1}.`);
    const warnings = skipped.size
      ? [
          `Skipped values that are not numbers: ${[...skipped]
            .slice(0, 8)
            .map(([k, n]) => `${k} (${n}×)`)
            .join(", ")}${skipped.size > 8 ? `, and ${skipped.size - 8} more keys` : ""}.`,
        ]
      : [];
    return { config, keys: { x }, warnings, notes };
  },
};

/**
 * Keras's History.history: `loss` (every compiled model logs it) and snake_case names, validation
 * ones `val_`-prefixed, the LR as `lr` (Keras 2) or `learning_rate` (Keras 3) — no `/` or `.` as
 * other frameworks' names have.
 */
function kerasHistoryNames(keys: string[]): boolean {
  return keys.includes("loss") && keys.every((k) => /^[a-z][a-z0-9_]*$/.test(k));
}

/** Where the history was found, for the preview. */
function where(h: History): string {
  const shape = h.kind === "columns" ? `a dict of ${Object.keys(h.columns).length} lists of ${h.length} values` : `a list of ${h.records.length} records`;
  return h.at === null ? `The document is ${shape}.` : `The history is ${shape} under "${h.at}"; the rest of the document is the config.`;
}

/** Config objects conventionally nested in such documents are lifted so their keys map onto Anneal's. */
function configSource(rest: Record<string, unknown>): Record<string, unknown> {
  const lifted: Record<string, unknown> = {};
  for (const k of ["config", "hparams", "hyperparameters", "args", "params"]) if (isPlainObject(rest[k])) Object.assign(lifted, rest[k]);
  return { ...rest, ...lifted };
}

/** Keras history: index i is epoch i (0-based, as Keras's CSVLogger writes it), unless an `epoch` list says otherwise. */
function* columnBatches(h: Extract<History, { kind: "columns" }>, skipped: Skipped, expanded: Map<string, number>, path: string): Generator<PointBatch, XAxis> {
  const epochs = h.columns[EPOCH_KEY];
  const epochSteps = epochs && isStrictlyIncreasingIntegers(epochs) ? epochs.map((e) => numberFromJson(e)!) : undefined;
  const builder = new BatchBuilder();
  const series = Object.entries(h.columns).filter(([k]) => k !== EPOCH_KEY);
  for (let i = 0; i < h.length; i++) {
    const step = epochSteps ? epochSteps[i] : i;
    const row = builder.row(checkStep(step, `${path} index ${i}`, undefined));
    builder.setEpoch(row, step);
    for (const [key, list] of series) putValue(builder, row, key, list[i], skipped, expanded);
    if (builder.full) yield builder.take()!;
  }
  const last = builder.take();
  if (last) yield last;
  return "epoch";
}

/**
 * Per-epoch records: the step is a step-like key every record has; else the epoch when it
 * increases from record to record; else the record's position (epochs repeating: several records
 * per epoch, which by epoch would fall on one another).
 */
function* recordBatches(
  h: Extract<History, { kind: "records" }>,
  skipped: Skipped,
  expanded: Map<string, number>,
  path: string,
  notes: string[],
): Generator<PointBatch, XAxis> {
  const recs = h.records;
  const stepKey = STEP_KEYS.find((k) => recs.every((r) => Number.isInteger(numberFromJson(r[k]))));
  const epochs = recs.map((r) => r[EPOCH_KEY]);
  const hasEpoch = epochs.every((e) => numberFromJson(e) !== undefined);
  const byEpoch = !stepKey && hasEpoch && isStrictlyIncreasingIntegers(epochs);
  if (stepKey) notes.push(`Each record's step is its "${stepKey}".`);
  else if (byEpoch) notes.push(`Each record is an epoch ("${EPOCH_KEY}" ${numberFromJson(epochs[0])}…${numberFromJson(epochs[epochs.length - 1])}).`);
  else if (hasEpoch) notes.push(`"${EPOCH_KEY}" repeats or is fractional (several records per epoch): each record is a step, its epoch kept.`);
  else notes.push("No step or epoch in the records: each record is an epoch, numbered from 0.");
  const axisKeys = new Set([EPOCH_KEY, ...(stepKey ? [stepKey] : [])]);
  const builder = new BatchBuilder();
  for (let i = 0; i < recs.length; i++) {
    const r = recs[i];
    const step = stepKey ? numberFromJson(r[stepKey])! : byEpoch ? numberFromJson(r[EPOCH_KEY])! : i;
    const row = builder.row(checkStep(step, `${path} record ${i}`, undefined));
    const epoch = hasEpoch ? numberFromJson(r[EPOCH_KEY]) : stepKey ? undefined : i;
    if (epoch !== undefined) builder.setEpoch(row, epoch);
    putRecord(builder, row, r, "", axisKeys, skipped, expanded);
    if (builder.full) yield builder.take()!;
  }
  const last = builder.take();
  if (last) yield last;
  return stepKey || (hasEpoch && !byEpoch) ? "step" : "epoch";
}

function putRecord(
  b: BatchBuilder,
  row: number,
  obj: Record<string, unknown>,
  prefix: string,
  axis: ReadonlySet<string>,
  skipped: Skipped,
  expanded: Map<string, number>,
) {
  for (const k in obj) {
    if (!prefix && axis.has(k)) continue;
    const key = prefix ? `${prefix}/${k}` : k;
    const v = obj[k];
    if (isPlainObject(v)) putRecord(b, row, v, key, axis, skipped, expanded);
    else putValue(b, row, key, v, skipped, expanded);
  }
}

function putValue(b: BatchBuilder, row: number, key: string, v: unknown, skipped: Skipped, expanded: Map<string, number>) {
  if (v === null || v === undefined) return; // not logged here
  const n = numberFromJson(v);
  if (n !== undefined) return b.set(row, key, n);
  if (Array.isArray(v) && v.length > 0 && v.every((x) => numberFromJson(x) !== undefined)) {
    v.forEach((x, j) => b.set(row, `${key}/${j}`, numberFromJson(x)!));
    expanded.set(key, Math.max(expanded.get(key) ?? 0, v.length));
    return;
  }
  skipped.set(key, (skipped.get(key) ?? 0) + 1);
}

function isStrictlyIncreasingIntegers(values: unknown[]): boolean {
  let prev = -1;
  for (const v of values) {
    const n = numberFromJson(v);
    if (n === undefined || !Number.isInteger(n) || n <= prev) return false;
    prev = n;
  }
  return true;
}

function numbers(list: unknown[]): number[] {
  return list.map((v) => numberFromJson(v) ?? NaN);
}

/** Detection from the first bytes: the whole document when it fits, else its opening shape. */
function detectHistory(sample: FileSample): Detection {
  const text = sample.text.trimStart();
  if (!text.startsWith("{") && !text.startsWith("[")) return noMatch("not a JSON document");
  if (sample.complete) {
    let doc: unknown;
    try {
      doc = parseJsonLenient(text);
    } catch {
      return noMatch("not one JSON document (JSON lines are another format)");
    }
    const h = findHistory(doc);
    if (!h) return noMatch("no dict of equal-length lists or list of records in the document");
    return { confidence: confidenceOf(h.at === null, h.kind === "columns" ? lrOf(h.columns) : undefined) };
  }
  const firstLine = text.slice(0, text.indexOf("\n") + 1 || undefined);
  try {
    if (isPlainObject(parseJsonLenient(firstLine))) return noMatch("one JSON object per line: JSON lines, not one document");
  } catch {
    // a document spanning lines: go on
  }
  if (/^\[\s*\{/.test(text)) return { confidence: 0.6 };
  if (/^\{\s*"[^"]*"\s*:\s*\[/.test(text)) return { confidence: confidenceOf(true, lrFromText(text)) * 0.75 };
  if (/"(history|train_history|training_history|logs?|metrics|records|epochs)"\s*:\s*[[{]/i.test(text)) return { confidence: 0.5 };
  return noMatch("no training history in the first bytes");
}

/** A dict whose lr sweeps up is torch-lr-finder's (0.9): this format then steps back. */
function confidenceOf(topLevel: boolean, lr: number[] | undefined): number {
  if (lr && readLrSeries(lr).rangeTest) return 0.4;
  return topLevel ? 0.85 : 0.7;
}

function lrOf(columns: Record<string, unknown[]>): number[] | undefined {
  const k = LR_KEYS.find((key) => key in columns);
  return k ? numbers(columns[k]) : undefined;
}
