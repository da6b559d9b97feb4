import { isPlainObject } from "../text/json";
import { numberFromJson } from "../text/numbers";

/**
 * Where a JSON document keeps a training history: a dict of equal-length lists (Keras's
 * `history.history`), a list of per-epoch records, or either under a key of a larger document
 * (`{"config": {…}, "history": […]}`). Everything else in the document is `rest` (the config).
 */
export type History =
  | { kind: "columns"; at: string | null; columns: Record<string, unknown[]>; length: number; rest: Record<string, unknown> }
  | { kind: "records"; at: string | null; records: Record<string, unknown>[]; rest: Record<string, unknown> };

/** Keys a nested history is looked for under first. */
const HISTORY_KEY = /^(history|train_history|training_history|logs?|metrics|records|epochs|results|stats)$/i;
/** A lone list is a history only under a metric-like name (a lone `milestones: [30, 60]` is config). */
const METRIC_NAME = /loss|acc|lr|learning_rate|iou|dice|f1|map|auc|err|precision|recall|score|psnr|ssim/i;

export function findHistory(doc: unknown): History | undefined {
  if (Array.isArray(doc)) return isRecords(doc) ? { kind: "records", at: null, records: doc, rest: {} } : undefined;
  if (!isPlainObject(doc)) return undefined;
  const top = columnsOf(doc);
  if (top) return { kind: "columns", at: null, ...top };
  const keys = Object.keys(doc).sort((a, b) => Number(HISTORY_KEY.test(b)) - Number(HISTORY_KEY.test(a)));
  for (const k of keys) {
    const v = doc[k];
    const { [k]: _, ...rest } = doc;
    if (Array.isArray(v) && isRecords(v)) return { kind: "records", at: k, records: v, rest };
    if (isPlainObject(v)) {
      const inner = columnsOf(v);
      if (inner) return { kind: "columns", at: k, columns: inner.columns, length: inner.length, rest: { ...rest, ...inner.rest } };
    }
  }
  return undefined;
}

/** A value that becomes points: a number (or NaN/Infinity spelling), or a list of them (per-class values). */
export function isPointValue(v: unknown): boolean {
  return numberFromJson(v) !== undefined || (Array.isArray(v) && v.length > 0 && v.every((x) => numberFromJson(x) !== undefined));
}

function isRecords(arr: unknown[]): arr is Record<string, unknown>[] {
  return arr.length > 0 && arr.every(isPlainObject) && arr.some((r) => Object.values(r).some(isPointValue));
}

/** The object's lists of point values that share the most common length, or undefined if they don't make a history. */
function columnsOf(obj: Record<string, unknown>): { columns: Record<string, unknown[]>; length: number; rest: Record<string, unknown> } | undefined {
  const lists = Object.entries(obj).filter((e): e is [string, unknown[]] => Array.isArray(e[1]) && e[1].length > 0 && e[1].some(isPointValue));
  if (!lists.length) return undefined;
  const byLength = new Map<number, number>();
  for (const [, l] of lists) byLength.set(l.length, (byLength.get(l.length) ?? 0) + 1);
  const length = [...byLength.entries()].sort((a, b) => b[1] - a[1] || b[0] - a[0])[0][0];
  const columns = Object.fromEntries(lists.filter(([, l]) => l.length === length));
  const names = Object.keys(columns);
  if (names.length === 1 && !METRIC_NAME.test(names[0])) return undefined;
  const rest = Object.fromEntries(Object.entries(obj).filter(([k]) => !(k in columns)));
  return { columns, length, rest };
}
