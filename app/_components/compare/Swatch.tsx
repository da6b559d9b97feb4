import type { RunSummary } from "../api-types";

/** A run's (or group's) colour dot: the same colour as its lines on the charts. */
export function Swatch({ color }: { color: string | undefined }) {
  return <span aria-hidden className="mr-1.5 inline-block size-2.5 rounded-full align-middle" style={{ background: color }} />;
}

/** Column headers of a table with one column per run, after a first header cell. */
export function RunColumnHeaders({ first, runs, colors }: { first: React.ReactNode; runs: RunSummary[]; colors: ReadonlyMap<string, string> }) {
  return (
    <thead className="bg-slate-50 text-xs text-slate-600 dark:bg-slate-900 dark:text-slate-400">
      <tr>
        {first}
        {runs.map((r) => (
          <th key={r.id} scope="col" className="px-2 py-2 text-left font-medium whitespace-nowrap">
            <Swatch color={colors.get(r.id)} />
            {r.name}
          </th>
        ))}
      </tr>
    </thead>
  );
}
