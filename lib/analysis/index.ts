/** Training-dynamics analysis: pure functions over plain arrays. */
export { analyzeRun, type AnalyzeOptions } from "./analyze-run";
export { advise, type AdvisorInput } from "./advisor";
export { detectEvents, type EventInput } from "./events";
export { analyzeLrRange, isLrRangeTest } from "./lr-finder";
export { alignByStep } from "./series-align";
export { formatInt, formatNumber } from "./format";
export { currentPlateau, detectPlateaus, type CurrentPlateau, type PlateauOptions } from "./plateau-intervals";
export { DEFAULT_PLATEAU_PARAMS, isBetter, replayReduceLROnPlateau, type ReplayInput } from "./replay-plateau";
export { optimizerFamily, readConfig, type ConfigFacts } from "./run-config";
export { normalizeScheduleName, scheduleLabel, scheduleMismatch } from "./schedule-label";
export { recognizeSchedule, type RecognizeOptions } from "./schedule-recognition";
export { epochScale, findLossKey, findLrKeys, findMetricKey, findValLossKey, type EpochScale } from "./series-keys";
export { compareVerdict, differingKeys, stepsToFraction, type CompareGroup, type Verdict, type VerdictInput, type VerdictRun } from "./verdict";
export type * from "./types";
