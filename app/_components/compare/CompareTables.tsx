"use client";

import { memo } from "react";
import type { RunAnalysisResponse, RunSummary } from "../api-types";
import { ConfigDiffTable } from "./ConfigDiffTable";
import { DiagnosisTable } from "./Diagnosis";
import { GroupGrid, GroupSummary } from "./GroupTables";
import { SummaryTable } from "./SummaryTable";
import type { CompareResponse } from "./types";
import type { CompareState } from "@/lib/compare/url-state";

export function Section({ id, title, children }: { id: string; title: string; children: React.ReactNode }) {
  return (
    <section aria-labelledby={id} className="space-y-2 break-inside-avoid">
      <h2 id={id} className="text-base font-semibold">
        {title}
      </h2>
      {children}
    </section>
  );
}

interface Props {
  cmp: CompareResponse;
  /** The group-by keys, comma-separated (a string, so an unchanged grouping compares equal). */
  groupBy: string;
  showAllConfig: boolean;
  update: (patch: Partial<CompareState>) => void;
  runs: RunSummary[];
  colors: ReadonlyMap<string, string>;
  groupColors: ReadonlyMap<string, string>;
  grouping: boolean;
  analyses: ReadonlyMap<string, RunAnalysisResponse>;
  onMark: (runId: string, step: number) => void;
}

/** Everything below the charts that comes from the compare API: groups, summary, config diff, diagnosis. */
// Memoised: a zoom or a hover re-renders the view, and these tables don't change with them.
export const CompareTables = memo(function CompareTables({
  cmp,
  groupBy,
  showAllConfig,
  update,
  runs,
  colors,
  groupColors,
  grouping,
  analyses,
  onMark,
}: Props) {
  return (
    <>
      {grouping && (
        <Section id="groups-h" title={`Groups by ${groupBy.replaceAll(",", " × ")}`}>
          <GroupSummary groups={cmp.groups} metric={cmp.metric} colors={groupColors} />
          {cmp.grid && (
            <GroupGrid
              grid={cmp.grid}
              mode={cmp.mode}
              runs={runs}
              onShowRuns={(ids) => update({ groupBy: [], hidden: runs.map((r) => r.id).filter((id) => !ids.includes(id)) })}
            />
          )}
        </Section>
      )}

      <Section id="summary-h" title={`Summary of ${cmp.metric}`}>
        <SummaryTable metric={cmp.metric} mode={cmp.mode} runs={runs} summary={cmp.summary} colors={colors} onMark={onMark} />
      </Section>

      <Section id="config-h" title="Config diff">
        <ConfigDiffTable
          runs={runs}
          diff={cmp.configDiff}
          all={cmp.configAll}
          showAll={showAllConfig}
          onShowAll={(on) => update({ showAllConfig: on })}
          colors={colors}
        />
      </Section>

      <Section id="diagnosis-h" title="Diagnosis">
        <DiagnosisTable runs={runs} analyses={analyses} colors={colors} />
      </Section>
    </>
  );
});
