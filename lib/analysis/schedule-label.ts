import { formatInt as fmtInt, formatNumber as fmtNum } from "./format";
import type { ScheduleFit, ScheduleType } from "./types";

/** Human labels ("poly p=0.9, warmup 1,500 it") and the configured-vs-observed schedule check. */

/** "200 it (10 ep)" when epochs are known. */
function duration(params: ScheduleFit["params"], key: string): string {
  const it = params[key] as number;
  const ep = params[key + "Epochs"] as number | undefined;
  return ep !== undefined ? `${fmtNum(ep)} ep` : `${fmtInt(it)} it`;
}

export function scheduleLabel(fit: ScheduleFit): string {
  const p = fit.params;
  const base = labelCore(fit.type, p, fit);
  if (!fit.warmup) return base;
  const w = fit.warmup;
  if (w.ongoing) return `linear warmup, still rising at the last step (${fmtInt(w.steps)} it logged)`;
  return `${base}, ${w.type === "constant" ? "constant " : ""}warmup ${fmtInt(w.steps)} it`;
}

function labelCore(type: ScheduleType, p: ScheduleFit["params"], fit: ScheduleFit): string {
  switch (type) {
    case "constant":
      return `constant ${fmtNum(p.baseLr as number)}`;
    case "step":
      return `step ×${fmtNum(p.gamma as number)} every ${duration(p, "stepSize")}`;
    case "multistep": {
      const ms = (p.milestonesEpochs ?? p.milestones) as number[];
      return `multistep ×${fmtNum(p.gamma as number)} at ${ms.map(fmtNum).join(", ")} ${p.milestonesEpochs ? "ep" : "it"}`;
    }
    case "exponential":
      return `exp γ=${fmtNum(p.gamma as number)}/${fit.stepping === "epoch" ? "ep" : "it"}`;
    case "poly":
      return `poly p=${fmtNum(p.power as number)}${(p.minLr as number) > 1e-3 * (p.baseLr as number) ? `, min ${fmtNum(p.minLr as number)}` : ""}`;
    case "linear":
      return `linear decay over ${duration(p, "totalSteps")}`;
    case "cosine":
      return `cosine T=${duration(p, "totalSteps")}`;
    case "cosine_restarts":
      return `cosine restarts T0=${duration(p, "t0")}, Tmult=${fmtNum(p.tMult as number)}`;
    case "inverse_sqrt":
      return "inverse sqrt";
    case "onecycle":
      return `one-cycle max ${fmtNum(p.maxLr as number)}, pct ${fmtNum(p.pctStart as number)}`;
    case "plateau":
      return `plateau-driven ×${fmtNum(p.factor as number)} (${(p.milestones as number[]).length} drops)`;
    case "unknown":
      return "unknown";
  }
}

/** Configured names (PyTorch class names, MMSeg policies, common aliases) → schedule types. */
const ALIASES: [RegExp, ScheduleType][] = [
  [/restart|sgdr/i, "cosine_restarts"],
  [/one.?cycle|1cycle/i, "onecycle"],
  [/plateau/i, "plateau"],
  [/multi.?step/i, "multistep"],
  [/^step|steplr/i, "step"],
  [/cos/i, "cosine"],
  [/poly/i, "poly"],
  [/exp|range.?test/i, "exponential"],
  [/inverse.?sqrt|rsqrt|noam/i, "inverse_sqrt"],
  [/linear/i, "linear"],
  [/const|none|fixed|^$/i, "constant"],
];

/** Pairs that the LR alone cannot tell apart. */
const COMPATIBLE: Partial<Record<ScheduleType, ScheduleType[]>> = {
  linear: ["poly"],
  poly: ["linear"],
  step: ["multistep", "exponential"],
  multistep: ["step", "plateau"],
  exponential: ["step"],
  plateau: ["multistep", "constant"],
};

export function normalizeScheduleName(name: string): ScheduleType | null {
  const s = name.replace(/^(warmup[_-]?|linear[_-]?warmup[_-]?)/i, "").trim();
  for (const [re, type] of ALIASES) if (re.test(s)) return type;
  return null;
}

export function scheduleMismatch(configured: string | null | undefined, fit: ScheduleFit): { configured: string; observed: ScheduleType } | undefined {
  if (!configured || fit.type === "unknown") return undefined;
  const expected = normalizeScheduleName(configured);
  if (!expected) return undefined;
  const wantsWarmup = /warm/i.test(configured);
  const typeOk = expected === fit.type || (COMPATIBLE[expected] ?? []).includes(fit.type);
  if (typeOk && (!wantsWarmup || fit.warmup)) return undefined;
  return { configured, observed: fit.type };
}
