import type { Series } from "./types";

/** Values of two series logged at the same steps (both ascending), in step order. */
export function alignByStep(a: Series, b: Series): [number[], number[]] {
  const xs: number[] = [],
    ys: number[] = [];
  let j = 0;
  for (let i = 0; i < a.steps.length; i++) {
    while (j < b.steps.length && b.steps[j] < a.steps[i]) j++;
    if (j < b.steps.length && b.steps[j] === a.steps[i]) {
      xs.push(a.values[i]);
      ys.push(b.values[j]);
    }
  }
  return [xs, ys];
}
