/**
 * Run colours. Each of the 20 has ≥ 3:1 contrast against white and against the dark theme's
 * #111827 (WCAG's figure for graphics), and any two differ by ΔE76 ≥ 16. Darker and lighter
 * tones alternate so that neighbouring slots also differ in lightness.
 */
export const RUN_PALETTE: readonly string[] = [
  "#db1212",
  "#1d98cc",
  "#60760a",
  "#ae72eb",
  "#0a7f39",
  "#e26b37",
  "#1367e5",
  "#9d8f16",
  "#b512de",
  "#17a178",
  "#9a610c",
  "#7a85ec",
  "#227f0a",
  "#e64dd6",
  "#0a7a7a",
  "#e85e88",
  "#7050f1",
  "#5b9f17",
  "#d01184",
  "#17a426",
];

/**
 * Colour per run for one view (charts, tables and legend all call this with the same runs).
 * A run's preferred slot comes from a hash of its id, so it keeps its colour when runs are added
 * to or removed from the selection unless two runs want the same slot; collisions are resolved
 * in id order, which makes the result independent of selection order.
 * Up to 20 runs get distinct colours. Beyond that, runs are coloured by `groupOf` (each group one
 * colour, distinct for up to 20 groups); without groups, runs keep their hashed slot (shared).
 */
export function assignRunColors(runIds: readonly string[], groupOf?: (runId: string) => string): Map<string, string> {
  const ids = [...new Set(runIds)];
  if (ids.length <= RUN_PALETTE.length) return assignDistinct(ids);
  if (groupOf) {
    const groupColors = assignDistinct([...new Set(ids.map(groupOf))]);
    return new Map(ids.map((id) => [id, groupColors.get(groupOf(id)) as string]));
  }
  return new Map(ids.map((id) => [id, RUN_PALETTE[preferredSlot(id)]]));
}

/** Distinct slots while they last (linear probing from the hashed slot), then hashed slots. */
function assignDistinct(keys: string[]): Map<string, string> {
  const taken = new Set<number>();
  const result = new Map<string, string>();
  for (const key of [...keys].sort()) {
    let slot = preferredSlot(key);
    if (taken.size < RUN_PALETTE.length) {
      while (taken.has(slot)) slot = (slot + 1) % RUN_PALETTE.length;
      taken.add(slot);
    }
    result.set(key, RUN_PALETTE[slot]);
  }
  return result;
}

/** FNV-1a: a cheap, stable string hash. */
function preferredSlot(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % RUN_PALETTE.length;
}

/** `#rrggbb` → `rgba(r, g, b, alpha)`, for faint raw lines and bands. */
export function withAlpha(hex: string, alpha: number): string {
  const n = parseInt(hex.slice(1, 7), 16);
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
}
