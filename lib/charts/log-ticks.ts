/** A log axis gets a tick at every 1…9 × 10^k; labelling only 1, 2 and 5 keeps it readable. */
export function isMinorLogTick(value: number): boolean {
  return ![1, 2, 5].includes(mantissa(value));
}

/** Beyond this many decades only the powers of ten keep a tick: 1, 2 and 5 of each would crowd a chart's height. */
const DECADES_FOR_POWERS_ONLY = 4;

/**
 * The ticks worth their cost on a log axis spanning min…max: Chart.js makes one at every 1…9 ×
 * 10^k and then resolves options, formats and measures a label for each (the compare page's
 * LR chart spent most of its update there), and draws a grid line for each it keeps. Over more
 * than one decade only the labelled ones stay (1, 2, 5 × 10^k; only 10^k over more than
 * DECADES_FOR_POWERS_ONLY decades); both ends always stay, as they bound the axis.
 */
export function keptLogTicks<T extends { value: number }>(ticks: T[], min: number, max: number): T[] {
  const decades = Math.log10(max / min);
  if (!(decades > 1) || ticks.length < 3) return ticks;
  const keep = decades > DECADES_FOR_POWERS_ONLY ? (v: number) => mantissa(v) === 1 : (v: number) => !isMinorLogTick(v);
  return ticks.filter((t, i) => i === 0 || i === ticks.length - 1 || keep(t.value));
}

/** 3 for 3e-5, within float noise (0.30000000000000004); NaN for 1.5e-4 (Chart.js makes such ticks too). */
function mantissa(value: number): number {
  const m = value / 10 ** Math.floor(Math.log10(value) + 1e-9);
  const whole = Math.round(m);
  return Math.abs(m - whole) < 1e-6 ? whole : NaN;
}
