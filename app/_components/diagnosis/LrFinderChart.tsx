"use client";

import { useMemo, useState } from "react";
import { fromWire, type RunAnalysisResponse } from "../api-types";
import type { AnyDataset, ChartAnnotation, XRange } from "@/lib/charts/chart-types";
import { LineChart } from "../charts/LineChart";
import { formatLr, formatMetric } from "@/lib/format/format-values";
import { SEVERITY_COLOR } from "@/lib/diagnosis/overlays";

type LrFinder = NonNullable<RunAnalysisResponse["lrFinder"]>;

const CURVE_COLOR = "#4f46e5";
const RANGE_BAND = "rgba(16, 185, 129, 0.15)";
const METHOD: Record<LrFinder["method"], string> = { steepest: "steepest descent", min_loss_div10: "minimum loss / 10" };

/** LR range test: smoothed loss against LR on a log x axis, the usable range shaded and the suggested LR marked. */
export function LrFinderChart({ finder }: { finder: LrFinder }) {
  const [zoom, setZoom] = useState<XRange | null>(null);
  const suggested = fromWire(finder.suggestedLr);
  const [lo, hi] = finder.range.map(fromWire);
  const datasets = useMemo<AnyDataset[]>(() => {
    const points = finder.curve.lr.map((lr, i) => ({ x: fromWire(lr), y: fromWire(finder.curve.loss[i]) })).filter((p) => p.x > 0 && Number.isFinite(p.y));
    return [{ label: "smoothed loss", data: points, borderColor: CURVE_COLOR, backgroundColor: CURVE_COLOR, borderWidth: 1.5, pointRadius: 0 }];
  }, [finder]);
  const annotations = useMemo<ChartAnnotation[]>(
    () => [
      { kind: "band", from: lo, to: hi, color: RANGE_BAND },
      { kind: "line", at: suggested, color: SEVERITY_COLOR.error, dashed: true },
    ],
    [lo, hi, suggested],
  );
  return (
    <section aria-labelledby="diag-finder-h" className="space-y-2" data-testid="lr-finder">
      <h3 id="diag-finder-h" className="text-sm font-semibold">
        LR range test
      </h3>
      <p className="text-sm">
        Suggested initial LR <strong data-testid="lr-finder-suggested">{formatLr(suggested)}</strong> ({METHOD[finder.method]}); usable range {formatLr(lo)} –{" "}
        {formatLr(hi)}. Steepest descent at {formatLr(finder.steepestLr)}, minimum loss {formatMetric(finder.minLoss)} at {formatLr(finder.minLossLr)}.
      </p>
      {finder.torchLrFinderLr !== null && (
        <p className="text-xs text-slate-600 dark:text-slate-400" data-testid="lr-finder-torch">
          torch-lr-finder&apos;s plot() suggests <span className="tabular-nums">{formatLr(fromWire(finder.torchLrFinderLr))}</span> on this test: the steepest
          drop of the loss as its range_test records it (smoothed by 0.05, stopped at 5× the best), first 10 and last 5 points left out. Anneal smooths with a
          centred window and looks only below the minimum, so on a noisy test the two can differ.
        </p>
      )}
      <LineChart
        testId="chart-lr-finder"
        title="loss vs LR"
        summary={`${datasets[0].data.length} points; suggested LR ${formatLr(suggested)}, range ${formatLr(lo)} to ${formatLr(hi)} (shaded), suggestion as a dashed red line`}
        state={datasets[0].data.length > 0 ? "ready" : "empty"}
        datasets={datasets}
        xTitle="learning rate (log)"
        formatX={formatLr}
        formatY={formatMetric}
        logX
        annotations={annotations}
        xRange={zoom}
        onZoom={setZoom}
      />
    </section>
  );
}
