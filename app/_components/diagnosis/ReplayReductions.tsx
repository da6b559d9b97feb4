import { fromWire, type PlateauReductionWire } from "../api-types";
import { formatInt, formatLr, formatMetric } from "@/lib/format/format-values";
import { HeaderRow } from "./table-parts";

/** Where the replayed scheduler would have cut the LR. */
export function ReplayReductions({ reductions }: { reductions: PlateauReductionWire[] }) {
  if (reductions.length === 0) {
    return (
      <p className="text-sm text-slate-600 dark:text-slate-400" data-testid="replay-reductions" data-count={0}>
        With these parameters the LR would never have been reduced.
      </p>
    );
  }
  return (
    <table className="text-sm" data-testid="replay-reductions" data-count={reductions.length}>
      <caption className="text-left text-xs text-slate-600 dark:text-slate-400">{reductions.length} replayed reductions</caption>
      <HeaderRow
        columns={[
          ["Epoch", "right"],
          ["Step", "right"],
          ["LR", "left"],
        ]}
      />
      <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
        {reductions.map((r) => (
          <tr key={r.evaluation} data-testid="replay-reduction">
            <td className="px-2 py-1 text-right tabular-nums">{r.epoch === null ? "—" : formatMetric(r.epoch)}</td>
            <td className="px-2 py-1 text-right tabular-nums">{formatInt(fromWire(r.step))}</td>
            <td className="px-2 py-1 tabular-nums">
              {formatLr(fromWire(r.fromLr))} → {formatLr(fromWire(r.toLr))}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
