"use client";

import type { ReactNode } from "react";
import { fromWire, type RunAnalysisResponse, type RunSummary } from "../api-types";
import { MismatchFlag } from "../diagnosis/ScheduleCell";
import { SeverityPill } from "../diagnosis/Severity";
import { RunColumnHeaders } from "./Swatch";
import type { Verdict as VerdictData } from "./types";

/** The controlled-comparison verdict: the one paragraph this screen exists for. */
export function Verdict({ verdict }: { verdict: VerdictData }) {
  const confounded = verdict.confounders.length > 0;
  return (
    <section
      data-testid="verdict"
      data-better={verdict.better ?? ""}
      aria-labelledby="verdict-h"
      className={`rounded-lg border-l-4 p-4 ${confounded ? "border-amber-500 bg-amber-50 dark:bg-amber-950/40" : "border-indigo-500 bg-indigo-50 dark:bg-indigo-950/40"}`}
    >
      <h2 id="verdict-h" className="mb-1 text-sm font-semibold tracking-wide text-slate-700 uppercase dark:text-slate-300">
        Verdict{" "}
        {verdict.better && (
          <span className="normal-case">
            — {verdict.better} wins on {verdict.metric}
          </span>
        )}
      </h2>
      <p className="text-base leading-relaxed">{verdict.text}</p>
      {confounded && <p className="mt-1 text-sm text-amber-900 dark:text-amber-200">Confounded by: {verdict.confounders.join(", ")}</p>}
    </section>
  );
}

/**
 * The verdict's place while the compare answer is on its way (it is asked once the charts are
 * drawn): about its height (a heading and two lines), so the charts below don't jump down when
 * the verdict arrives above them.
 */
export function VerdictPending() {
  return (
    <div role="status" aria-label="Loading verdict" className="rounded-lg border-l-4 border-slate-200 p-4 dark:border-slate-800">
      <div className="mb-2 h-4 w-48 animate-loading rounded bg-slate-100 dark:bg-slate-800" />
      <div className="h-[3.25rem] animate-loading rounded bg-slate-100 dark:bg-slate-800" />
    </div>
  );
}

const SEVERITY_RANK = { info: 0, warning: 1, error: 2 } as const;

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <tr className="border-t border-slate-100 align-top dark:border-slate-800">
      <th scope="row" className="px-2 py-1.5 text-left text-xs font-medium text-slate-600 dark:text-slate-400">
        {label}
      </th>
      {children}
    </tr>
  );
}

interface Props {
  runs: RunSummary[];
  analyses: ReadonlyMap<string, RunAnalysisResponse>;
  colors: ReadonlyMap<string, string>;
}

/** Per-run diagnosis side by side: recognised schedule, plateaus, events, advice. */
export function DiagnosisTable({ runs, analyses, colors }: Props) {
  const cell = (id: string, render: (a: RunAnalysisResponse) => ReactNode) => {
    const a = analyses.get(id);
    return (
      <td key={id} className="px-2 py-1.5 text-sm">
        {a ? render(a) : <span className="text-slate-400">…</span>}
      </td>
    );
  };
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 dark:border-slate-800">
      <table data-testid="compare-diagnosis" className="w-full">
        <caption className="sr-only">Diagnosis per run</caption>
        <RunColumnHeaders first={<td />} runs={runs} colors={colors} />
        <tbody>
          <Row label="schedule">
            {runs.map((r) =>
              cell(r.id, (a) => (
                <>
                  {a.schedule?.label ?? "—"}{" "}
                  {a.schedule?.mismatch && (
                    <MismatchFlag configured={a.schedule.mismatch.configured} observed={a.schedule.mismatch.observed} testId="compare-schedule-mismatch" />
                  )}
                </>
              )),
            )}
          </Row>
          <Row label="plateaus">
            {runs.map((r) =>
              cell(r.id, (a) =>
                a.plateaus.length === 0 ? "none" : `${a.plateaus.length} (${a.plateaus.reduce((n, p) => n + fromWire(p.stepsStalled), 0)} steps stalled)`,
              ),
            )}
          </Row>
          <Row label="events">
            {runs.map((r) =>
              cell(r.id, (a) => {
                const counts = new Map<string, number>();
                for (const e of a.events) counts.set(e.type, (counts.get(e.type) ?? 0) + 1);
                return counts.size === 0 ? "none" : [...counts].map(([t, c]) => `${t.replace(/_/g, " ")} ×${c}`).join(", ");
              }),
            )}
          </Row>
          <Row label="advice">
            {runs.map((r) =>
              cell(r.id, (a) => {
                const worst = a.advice.reduce<keyof typeof SEVERITY_RANK | null>(
                  (w, x) => (w === null || SEVERITY_RANK[x.severity] > SEVERITY_RANK[w] ? x.severity : w),
                  null,
                );
                return worst === null ? (
                  "none"
                ) : (
                  <span title={a.advice.map((x) => `${x.severity}: ${x.message}`).join("\n")}>
                    {a.advice.length} <SeverityPill severity={worst} />
                    {a.advice[0] && <span className="block text-xs text-slate-600 dark:text-slate-400">{a.advice[0].message}</span>}
                  </span>
                );
              }),
            )}
          </Row>
        </tbody>
      </table>
    </div>
  );
}
