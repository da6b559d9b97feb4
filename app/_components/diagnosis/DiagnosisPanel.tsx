"use client";

import { ErrorNotice, SkeletonRows } from "../Notice";
import { AdviceList } from "./AdviceList";
import { EventList } from "./EventList";
import { LrFinderChart } from "./LrFinderChart";
import { PlateauList } from "./PlateauList";
import { ReplayEditor } from "./ReplayEditor";
import { ReplayReductions } from "./ReplayReductions";
import { ScheduleSummary } from "./ScheduleSummary";
import type { RunAnalysisState } from "./use-run-analysis";

/**
 * The run's training-dynamics diagnosis: recognised schedule, plateaus, events, advice, the LR
 * range test when the run is one, and the ReduceLROnPlateau "what if" replay. `data-state` is
 * "loading" while an edit or refresh is on its way (the previous result stays on screen).
 */
export function DiagnosisPanel({ analysis, configuredSchedule }: { analysis: RunAnalysisState; configuredSchedule: string | null }) {
  const { data, error, loading, updating } = analysis;
  const state = error && !data ? "error" : loading || !data || updating ? "loading" : "ready";
  return (
    <section
      aria-labelledby="diagnosis-h"
      aria-busy={state === "loading"}
      data-testid="diagnosis"
      data-state={state}
      className="space-y-5 rounded-lg border border-slate-200 p-4 dark:border-slate-800"
    >
      <h2 id="diagnosis-h" className="text-base font-semibold">
        Diagnosis
      </h2>
      {error && <ErrorNotice message={error.message} onRetry={analysis.reload} />}
      {!data && !error && <SkeletonRows rows={4} label="Analysing run" />}
      {data && (
        <div className={`space-y-6 transition-opacity ${updating ? "opacity-80" : ""}`}>
          <ScheduleSummary schedule={data.schedule} configured={configuredSchedule} />
          <AdviceList advice={data.advice} />
          <div className="grid gap-6 lg:grid-cols-2">
            <PlateauList plateaus={data.plateaus} metric={data.metric} />
            <EventList events={data.events} />
          </div>
          {data.lrFinder && <LrFinderChart finder={data.lrFinder} />}
          {/* A range test sweeps the LR on purpose: a ReduceLROnPlateau replay means nothing there. */}
          {!data.lrFinder && (
            <div className="space-y-3 border-t border-slate-200 pt-4 dark:border-slate-800">
              <ReplayEditor params={analysis.draft} base={analysis.base} onChange={analysis.setDraft} metric={data.metric} mode={data.mode} />
              <ReplayReductions reductions={data.plateauReplay.reductions} />
            </div>
          )}
        </div>
      )}
    </section>
  );
}
