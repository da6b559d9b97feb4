/**
 * Wire shapes of the compare and analysis APIs as the compare view reads them. The domain types
 * come from lib (one definition); only the wire differences are spelled out here: non-finite
 * numbers arrive as the strings "NaN" / "Infinity" / "-Infinity".
 */
import type { GroupGrid, RunGroup } from "@/lib/compare/groups";
import type { RunSummary as MetricSummary } from "@/lib/compare/summary";
import type { RunSummary, WireNumber } from "../api-types";

/** Values may be non-finite on the wire; steps never are. */
type WireValueKey = "best" | "bestEpoch" | "final" | "timeTo90" | "timeTo95" | "auc" | "lrAtBest";
export type WireRunSummary = Omit<MetricSummary, WireValueKey> & { [K in WireValueKey]: WireNumber | null };

export interface WireGroup extends Omit<RunGroup, "best" | "stepsTo95"> {
  best: { mean: WireNumber | null; std: WireNumber | null; min: WireNumber | null; max: WireNumber | null };
  stepsTo95: { mean: WireNumber | null; std: WireNumber | null };
  /** Keys constant within the group that define the arm besides the group-by keys. */
  definition?: Record<string, unknown>;
}

export interface Verdict {
  metric: string;
  mode: "max" | "min";
  arms: string[];
  better: string | null;
  difference: WireNumber | null;
  exceedsSeedNoise: boolean | null;
  fasterToConverge: string | null;
  moreStable: string | null;
  confounders: string[];
  text: string;
}

export interface CompareResponse {
  metric: string;
  mode: "max" | "min";
  runs: RunSummary[];
  configDiff: Record<string, Record<string, unknown>>;
  configAll: Record<string, Record<string, unknown>>;
  summary: Record<string, WireRunSummary>;
  groups: WireGroup[];
  grid?: GroupGrid;
  verdict?: Verdict;
  /** With a pinned baseline: every run (and arm) vs it. */
  vsBaseline?: import("@/lib/analysis/baseline-verdict").BaselineVerdict;
}
