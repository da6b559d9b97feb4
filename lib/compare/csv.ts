import type { RunSummary } from "./summary";

/** Text a spreadsheet reads as a number (or the API's spellings of NaN and ±Infinity): never a formula. */
const NUMERIC_TEXT = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$|^[-+]?Infinity$|^NaN$/;

/**
 * One CSV field per RFC 4180: quoted when it holds a comma, a quote, CR or LF (quotes doubled),
 * also when it has leading/trailing spaces, which some readers trim. Numbers print in full
 * precision; NaN and ±Infinity as `NaN`, `Infinity`, `-Infinity` (as the API spells them);
 * null/undefined as an empty field ("not logged").
 * Formula injection: text starting with `=`, `+`, `-`, `@`, tab or CR (a run name, a metric key,
 * a config value) would run as a formula in Excel or Sheets, so it gets a leading `'`. Numbers,
 * and text that is a number (`-0.5`, `-Infinity`), stay as they are.
 */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return "";
  let text = typeof value === "number" || typeof value === "boolean" ? String(value) : typeof value === "string" ? value : JSON.stringify(value);
  if (typeof value !== "number" && /^[=+\-@\t\r]/.test(text) && !NUMERIC_TEXT.test(text)) text = `'${text}`;
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A CSV document: header line, then rows; CRLF line breaks as RFC 4180 prescribes. */
export function toCsv(header: readonly string[], rows: Iterable<readonly unknown[]>): string {
  const lines = [header.map(csvField).join(",")];
  for (const row of rows) lines.push(row.map(csvField).join(","));
  return lines.join("\r\n") + "\r\n";
}

export interface CsvColumn {
  /** Header, e.g. `run-a/loss`. */
  name: string;
  x: ArrayLike<number>;
  y: ArrayLike<number>;
}

/** Compared series: one row per x (union of all columns, ascending), one column per run/key. */
export function seriesCsv(columns: readonly CsvColumn[], xName = "step"): string {
  const xs = new Set<number>();
  for (const c of columns) for (let i = 0; i < c.x.length; i++) xs.add(c.x[i]);
  const grid = [...xs].sort((a, b) => a - b);
  const rowOf = new Map(grid.map((x, i) => [x, i]));
  const rows: unknown[][] = grid.map((x) => [x, ...columns.map(() => null)]);
  columns.forEach((c, col) => {
    for (let i = 0; i < c.x.length; i++) rows[rowOf.get(c.x[i]) as number][col + 1] = c.y[i];
  });
  return toCsv([xName, ...columns.map((c) => c.name)], rows);
}

const SUMMARY_COLUMNS: ReadonlyArray<[string, keyof RunSummary]> = [
  ["best", "best"],
  ["best_step", "bestStep"],
  ["best_epoch", "bestEpoch"],
  ["final", "final"],
  ["steps_to_90", "stepsTo90"],
  ["steps_to_95", "stepsTo95"],
  ["time_to_90_s", "timeTo90"],
  ["time_to_95_s", "timeTo95"],
  ["auc", "auc"],
  ["lr_at_best", "lrAtBest"],
  ["diverged", "diverged"],
];

/** The summary table: one row per run, in the order given. */
export function summaryCsv(runs: ReadonlyArray<{ id: string; name: string }>, summaries: Record<string, RunSummary>): string {
  return toCsv(
    ["run", "run_id", ...SUMMARY_COLUMNS.map(([h]) => h)],
    runs.map((r) => [r.name, r.id, ...SUMMARY_COLUMNS.map(([, k]) => summaries[r.id]?.[k] ?? null)]),
  );
}
