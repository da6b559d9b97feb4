/** Shapes shared by the analysis modules: its inputs here, its result from the response schemas. */
import type { z } from "zod";
import type {
  ZAdvice,
  ZAnalysisEvent,
  ZEventType,
  ZLrFinderResult,
  ZMode,
  ZParamGroupSchedule,
  ZPlateau,
  ZPlateauReduction,
  ZPlateauReplay,
  ZPlateauReplayParams,
  ZRunAnalysis,
  ZScheduleFit,
  ZScheduleParams,
  ZScheduleSegment,
  ZScheduleType,
  ZSeverity,
  ZWarmup,
} from "@/lib/schemas/analysis";

/** One logged series: `steps` ascending integers, `values` float64 (NaN/±Infinity allowed). */
export interface Series {
  steps: number[];
  values: number[];
}

/** A run's configuration as logged; every key is optional and may carry any JSON value. */
export type RunConfig = Record<string, unknown>;

export interface RunInput {
  series: Record<string, Series>;
  /** step → epoch (integer or fractional epochs). */
  epochs?: Series;
  config?: RunConfig;
}

// The result's shapes are defined once, as the response schemas in lib/schemas/analysis.ts (with
// their field comments); these are their domain side (numbers, NaN included, never wire strings).
export type Mode = z.output<typeof ZMode>;
export type Severity = z.output<typeof ZSeverity>;
export type PlateauReplayParams = z.output<typeof ZPlateauReplayParams>;
export type PlateauReduction = z.output<typeof ZPlateauReduction>;
export type PlateauReplay = z.output<typeof ZPlateauReplay>;
export type Plateau = z.output<typeof ZPlateau>;
export type ScheduleType = z.output<typeof ZScheduleType>;
export type Warmup = z.output<typeof ZWarmup>;
export type ScheduleSegment = z.output<typeof ZScheduleSegment>;
export type ScheduleParams = z.output<typeof ZScheduleParams>;
export type ParamGroupSchedule = z.output<typeof ZParamGroupSchedule>;
export type ScheduleFit = z.output<typeof ZScheduleFit>;
export type EventType = z.output<typeof ZEventType>;
export type AnalysisEvent = z.output<typeof ZAnalysisEvent>;
export type Advice = z.output<typeof ZAdvice>;
export type LrFinderResult = z.output<typeof ZLrFinderResult>;
export type RunAnalysis = z.output<typeof ZRunAnalysis>;
