/** Non-finite numbers on the wire, without zod: the browser imports this (fromWire) too. */

export const NONFINITE_SPELLINGS = ["NaN", "Infinity", "-Infinity"] as const;
export type NonFiniteSpelling = (typeof NONFINITE_SPELLINGS)[number];
export type WireNumber = number | NonFiniteSpelling;

export function toWire(v: number): WireNumber {
  if (Number.isFinite(v)) return v;
  return Number.isNaN(v) ? "NaN" : v > 0 ? "Infinity" : "-Infinity";
}

/** "NaN" / "±Infinity" wire strings → numbers (null stays a gap: NaN). */
export function fromWire(v: WireNumber | null): number {
  if (v === null) return NaN;
  if (typeof v === "number") return v;
  return v === "Infinity" ? Infinity : v === "-Infinity" ? -Infinity : NaN;
}
