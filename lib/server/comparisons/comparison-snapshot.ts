import "server-only";
import type { Database } from "@/lib/db/client";
import type { BaselineVerdict } from "@/lib/analysis/baseline-verdict";
import type { Verdict } from "@/lib/analysis/verdict";
import type { CompareState } from "@/lib/compare/url-state";
import { compareRuns } from "@/lib/server/compare/compare-runs";

/** What a comparison showed: its verdict, and each run's state (to tell later whether the runs changed). */
export interface ComparisonSnapshot {
  at: string;
  metric: string;
  mode: "max" | "min";
  verdict: Verdict | null;
  vsBaseline: BaselineVerdict | null;
  runs: RunFingerprint[];
}

export interface RunFingerprint {
  id: string;
  name: string;
  status: string;
  lastStep: number | null;
  best: number | null;
}

/** The comparison's verdict over the runs that still exist (null when none does). */
export async function takeSnapshot(db: Database, state: CompareState): Promise<ComparisonSnapshot | null> {
  const existing = await db.sql.query<{ id: string }>(`SELECT id FROM runs WHERE id = ANY($1::text[])`, [state.runs]);
  const runs = state.runs.filter((id) => existing.some((r) => r.id === id));
  if (!runs.length) return null;
  const result = await compareRuns(db, {
    runs,
    metric: state.metric ?? undefined,
    mode: state.mode ?? undefined,
    groupBy: state.groupBy,
    baseline: state.baseline && runs.includes(state.baseline) ? state.baseline : undefined,
  });
  return {
    at: new Date().toISOString(),
    metric: result.metric,
    mode: result.mode,
    verdict: result.verdict ?? null,
    vsBaseline: result.vsBaseline ?? null,
    runs: result.runs.map((r) => ({ id: r.id, name: r.name, status: r.status, lastStep: r.lastStep, best: result.summary[r.id]?.best ?? null })),
  };
}

/** How each saved run differs now: logged further, changed status, or deleted. Empty = unchanged. */
export function runChanges(saved: RunFingerprint[], now: RunFingerprint[]): { runId: string; name: string; change: string }[] {
  const out: { runId: string; name: string; change: string }[] = [];
  for (const s of saved) {
    const n = now.find((r) => r.id === s.id);
    if (!n) out.push({ runId: s.id, name: s.name, change: "deleted" });
    else if (n.status !== s.status) out.push({ runId: s.id, name: n.name, change: `${s.status} → ${n.status}` });
    else if (n.lastStep !== s.lastStep) out.push({ runId: s.id, name: n.name, change: `logged up to step ${n.lastStep ?? 0} (was ${s.lastStep ?? 0})` });
  }
  return out;
}
