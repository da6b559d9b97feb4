import { advise } from "./advisor";
import { detectEvents } from "./events";
import { analyzeLrRange, isLrRangeTest } from "./lr-finder";
import { detectPlateaus } from "./plateau-intervals";
import { DEFAULT_PLATEAU_PARAMS, replayReduceLROnPlateau } from "./replay-plateau";
import { configuredPlateauParams, isKerasRun, readConfig } from "./run-config";
import { recognizeSchedule } from "./schedule-recognition";
import { readStaircase, type MonitoredMetric } from "./staircase-reading";
import { alignByStep } from "./series-align";
import { epochScale, findLossKey, findLrKeys, findMetricKey, findValLossKey } from "./series-keys";
import type { Mode, ParamGroupSchedule, PlateauReplayParams, RunAnalysis, RunInput, Series } from "./types";

/** Full diagnosis of one run: the body of GET /api/v1/runs/{id}/analysis. */

export interface AnalyzeOptions {
  metric?: string;
  mode?: Mode;
  /** ReduceLROnPlateau replay parameters (PyTorch names and defaults; `mode` defaults to `mode`). */
  replay?: Partial<PlateauReplayParams>;
  /** Force (true) or forbid (false) the LR-range-test analysis instead of detecting it. */
  isRangeTest?: boolean;
  /** The loss is a torch-lr-finder history (already smoothed by its range_test). */
  torchLrFinderHistory?: boolean;
}

export function analyzeRun(input: RunInput, options: AnalyzeOptions = {}): RunAnalysis {
  const series = input.series;
  const keys = Object.keys(series);
  const lrKeys = findLrKeys(keys);
  const lrKey = lrKeys[0] ?? null;
  const lr = lrKey ? series[lrKey] : undefined;
  const lossKey = findLossKey(keys);
  const loss = lossKey ? series[lossKey] : undefined;
  const valLossKey = findValLossKey(keys);
  const valLoss = valLossKey ? series[valLossKey] : undefined;
  const epochs = epochScale(input.epochs);
  const facts = readConfig(input.config);

  // The main metric, else the validation loss (min), for plateaus and the replay.
  const metricName = options.metric ?? "mIoU";
  const metricKey = findMetricKey(keys, metricName);
  const target = metricKey
    ? { key: metricKey, series: series[metricKey], mode: options.mode ?? "max" }
    : valLossKey
      ? { key: valLossKey, series: series[valLossKey], mode: "min" as Mode }
      : null;

  // What a ReduceLROnPlateau could have monitored, most likely first: tells a plateau-driven staircase from a multistep one.
  const monitored: MonitoredMetric[] = [];
  if (target) monitored.push(target);
  if (valLossKey && valLossKey !== target?.key) monitored.push({ key: valLossKey, series: series[valLossKey], mode: "min" });
  if (lossKey && loss) monitored.push({ key: lossKey, series: loss, mode: "min" });
  const schedule = lr
    ? readStaircase(
        recognizeSchedule(lr, { epochs, configured: facts.schedule, lrKey }),
        lr,
        monitored,
        epochs,
        facts.schedule,
        configuredPlateauParams(input.config),
        isKerasRun(input.config),
      )
    : recognizeSchedule({ steps: [], values: [] }, { epochs, configured: null, lrKey: null });
  if (lr && lrKeys.length > 1) schedule.groups = lrKeys.map((k) => groupSchedule(k, series[k], lr));

  // The run's own ReduceLROnPlateau parameters (config) unless the request names others.
  const own = configuredPlateauParams(input.config);
  const replayParams = { ...DEFAULT_PLATEAU_PARAMS, mode: target?.mode ?? "max", ...own, ...options.replay };
  const startLr = lr?.values.find((v) => Number.isFinite(v)) ?? facts.lr ?? 1;
  const plateauReplay = target
    ? replayReduceLROnPlateau(
        {
          values: target.series.values,
          steps: target.series.steps,
          epochs: epochs ? target.series.steps.map((s) => epochs.epochBefore(s)) : undefined,
          startLr,
        },
        replayParams,
      )
    : { reductions: [], params: replayParams };

  const plateaus = target ? detectPlateaus(target.series, { metric: target.key, mode: target.mode, lr, epochs }) : [];

  const others: Record<string, Series> = {};
  for (const k of keys) if (!lrKeys.includes(k)) others[k] = series[k];
  const events = detectEvents({ loss, all: others, valLoss, metric: target?.series, metricKey: target?.key, metricMode: target?.mode, lr });

  const rangeTest = options.isRangeTest ?? (!!lr && !!loss && isLrRangeTest(lr));
  const pairs = rangeTest && lr && loss ? alignByStep(lr, loss) : null;
  const lrFinder = pairs ? (analyzeLrRange(pairs[0], pairs[1], { torchLrFinderHistory: options.torchLrFinderHistory }) ?? undefined) : undefined;

  const allSteps = keys.flatMap((k) => (series[k].steps.length ? [series[k].steps[0], series[k].steps[series[k].steps.length - 1]] : []));
  const runSteps = allSteps.length ? Math.max(...allSteps) - Math.min(...allSteps) : 0;
  const advice = advise({ config: input.config, schedule, events, plateaus, lrFinder, isRangeTest: rangeTest, runSteps });

  const result: RunAnalysis = { schedule, plateaus, plateauReplay, events, advice };
  if (lrFinder) result.lrFinder = lrFinder;
  return result;
}

/** Another parameter group's LR: its base LR and its constant ratio to the main group, if any. */
function groupSchedule(key: string, s: Series, main: Series): ParamGroupSchedule {
  const [group, ref] = alignByStep(s, main);
  let ratio: number | null = null;
  for (let i = 0; i < group.length; i++) {
    if (!(ref[i] > 0)) continue;
    const r = group[i] / ref[i];
    if (ratio === null) ratio = r;
    else if (Math.abs(r - ratio) > 1e-6 * Math.abs(ratio)) return { key, baseLr: s.values[0], ratio: null };
  }
  return { key, baseLr: s.values[0], ratio };
}
