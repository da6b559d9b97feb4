import type { XRange } from "./chart-types";

/** Keyboard zoom factor per key press, and pan step as a share of the half-width shown. */
export const KEY_ZOOM = 2;
export const KEY_PAN = 0.5;

/** Keys a focused chart answers, as announced in its `aria-keyshortcuts`. */
export const ZOOM_KEYS = "+ - ArrowLeft ArrowRight Escape";

/**
 * The x range a key press asks for, given the range shown: + / = zoom in around the middle, −
 * zooms out, ← / → pan, Escape or 0 reset (null). Undefined when the key is not a zoom key.
 */
export function keyboardZoom(key: string, shown: XRange): XRange | null | undefined {
  const mid = (shown.min + shown.max) / 2;
  const half = (shown.max - shown.min) / 2;
  switch (key) {
    case "+":
    case "=":
      return { min: mid - half / KEY_ZOOM, max: mid + half / KEY_ZOOM };
    case "-":
      return { min: mid - half * KEY_ZOOM, max: mid + half * KEY_ZOOM };
    case "ArrowLeft":
      return { min: shown.min - half * KEY_PAN, max: shown.max - half * KEY_PAN };
    case "ArrowRight":
      return { min: shown.min + half * KEY_PAN, max: shown.max + half * KEY_PAN };
    case "Escape":
    case "0":
      return null;
    default:
      return undefined;
  }
}

/** A drag between two x values as a zoom range (either direction). */
export function dragRange(from: number, to: number): XRange {
  return { min: Math.min(from, to), max: Math.max(from, to) };
}
