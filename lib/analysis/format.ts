/** Number formatting for labels and advice: 3 significant digits, exponent outside [1e-3, 1e4). */
export function formatNumber(x: number): string {
  if (x === 0 || !Number.isFinite(x)) return String(x);
  return Math.abs(x) >= 1e-3 && Math.abs(x) < 1e4 ? String(+x.toPrecision(3)) : x.toExponential(1).replace(".0e", "e");
}

/** Whole numbers with thousands separators ("1,500"). */
export function formatInt(x: number): string {
  return Math.round(x).toLocaleString("en-US");
}

/** A metric value in a verdict: four decimals without trailing zeros, three significant digits below 0.01. */
export function formatScore(x: number): string {
  return Math.abs(x) >= 0.01 ? x.toFixed(4).replace(/0+$/, "").replace(/\.$/, "") : x.toPrecision(3);
}
