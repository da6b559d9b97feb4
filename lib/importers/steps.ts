import { ImportError } from "./errors";

/** Largest step accepted: steps are stored as integers and must stay exact. */
const MAX_STEP = Number.MAX_SAFE_INTEGER;

/** Validates a step value read from a file: a non-negative integer. */
export function checkStep(value: number, file: string, line: number | undefined, what = "step"): number {
  if (Number.isInteger(value) && value >= 0 && value <= MAX_STEP) return value;
  throw new ImportError({ file, line, expected: `a non-negative integer ${what}`, found: String(value) });
}
