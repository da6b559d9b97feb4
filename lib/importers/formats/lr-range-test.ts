import { numberFromJson } from "../text/numbers";

/**
 * torch-lr-finder's history and a Keras `history.history` are both a dict of lists with `lr` and
 * `loss`: they differ by what the LR does. A range test sweeps the LR up over the whole file
 * (exponentially by default, linearly with step_mode="linear"); a training run holds it constant
 * or decays it (after at most a short warmup).
 */
export interface LrReading {
  rangeTest: boolean;
  /** Why, in words the import preview shows. */
  reason: string;
}

/** Share of consecutive steps that must raise the LR, and how far it must rise, for a range test. */
const RISING_SHARE = 0.9;
const MIN_RISE = 10;
const MIN_POINTS = 10;

export function readLrSeries(lrs: readonly number[]): LrReading {
  const v = lrs.filter((x) => Number.isFinite(x) && x > 0);
  if (v.length < 2) return { rangeTest: false, reason: `only ${v.length} positive lr value${v.length === 1 ? "" : "s"}` };
  let rising = 0;
  for (let i = 1; i < v.length; i++) if (v[i] > v[i - 1]) rising++;
  const share = rising / (v.length - 1);
  const first = v[0];
  const last = v[v.length - 1];
  const rise = last / first;
  const span = `lr ${fmt(first)} → ${fmt(last)} over ${v.length} points, rising at ${rising} of ${v.length - 1} steps`;
  if (v.length >= MIN_POINTS && share >= RISING_SHARE && rise >= MIN_RISE) {
    return { rangeTest: true, reason: `${span} (×${fmt(rise)}): an LR range test sweeps the LR up over the whole run` };
  }
  const what =
    rising === 0
      ? last === first
        ? "constant"
        : "decaying"
      : last < first
        ? "mostly decaying"
        : share < RISING_SHARE
          ? "not rising steadily"
          : "rising too little";
  return { rangeTest: false, reason: `${span} (${what}): a training history, not an LR range test` };
}

function fmt(x: number): string {
  return Number(x.toPrecision(3)).toString();
}

/** The numbers of the `"lr": [...]` list in a sample cut short (as many as it holds). */
export function lrFromText(text: string): number[] | undefined {
  const m = /"(?:lr|learning_rate)"\s*:\s*\[([^\]]*)(\]?)/.exec(text);
  if (!m) return undefined;
  const items = m[1].split(",").map((s) => s.trim());
  if (!m[2]) items.pop(); // the list runs past the sample: its last number may be cut
  return items.filter((s) => s !== "").map((s) => numberFromJson(/^-?[\d.]/.test(s) ? Number(s) : s.replace(/"/g, "")) ?? NaN);
}
