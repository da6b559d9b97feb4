/** A log axis gets a tick at every 1…9 × 10^k; labelling only 1, 2 and 5 keeps it readable. */
export function isMinorLogTick(value: number): boolean {
  return ![1, 2, 5].includes(Math.round(value / 10 ** Math.floor(Math.log10(value) + 1e-9)));
}
