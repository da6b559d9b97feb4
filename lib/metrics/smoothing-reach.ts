import { GAUSSIAN_CUTOFF_SIGMAS, MAX_EMA_WEIGHT, type Smoothing } from "@/lib/charts/smoothing";

/**
 * Causal EMAs weigh all history, geometrically less with distance. Smoothing a range reads history
 * only back to where the neglected weight is at most this share of the total: the smoothed value then
 * differs from the full-history one by at most WARMUP_EPSILON × (max − min of the history), since
 * both are weighted means and the cut one drops a weight share ≤ WARMUP_EPSILON.
 */
export const WARMUP_EPSILON = 1e-12;

/** How far outside a range the smoothed values inside it look, in points or in x units. */
export interface SmoothingReach {
  unit: "points" | "x";
  before: number;
  after: number;
}

export function smoothingReach(s: Smoothing): SmoothingReach {
  switch (s.kind) {
    case "none":
      return { unit: "points", before: 0, after: 0 };
    case "ema":
      return { unit: "points", before: emaWarmupPoints(s.weight), after: 0 };
    case "time-ema":
      // Influence halves every halfLife x units: 2^(−d/halfLife) ≤ ε beyond d = halfLife·log2(1/ε).
      return { unit: "x", before: s.halfLife * Math.log2(1 / WARMUP_EPSILON), after: 0 };
    case "gaussian":
      return { unit: "x", before: GAUSSIAN_CUTOFF_SIGMAS * s.sigma, after: GAUSSIAN_CUTOFF_SIGMAS * s.sigma };
    case "running": {
      const half = Math.floor(s.window / 2);
      return { unit: "points", before: half, after: half };
    }
  }
}

/**
 * Points of history an EMA of this weight needs: m with w^m ≤ ε. The points dropped beyond them
 * carry weight ≤ (1−w)·Σ_{k≥m} w^k = w^m of a total ≥ 1 − w^(m+1), i.e. a share ≤ ε/(1−ε).
 */
export function emaWarmupPoints(weight: number): number {
  const w = Math.min(Math.max(weight, 0), MAX_EMA_WEIGHT);
  return w === 0 ? 0 : Math.ceil(Math.log(WARMUP_EPSILON) / Math.log(w));
}
