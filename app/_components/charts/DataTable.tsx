import { tableRows, type TableSeries } from "@/lib/charts/data-table";

/** Screen-reader fallback of a chart: an evenly thinned table of the plotted points per series. */
export function DataTable({ title, series, formatX, xTitle }: { title: string; series: TableSeries[]; formatX: (x: number) => string; xTitle: string }) {
  return (
    <div className="sr-only">
      {series.map((s, i) => {
        const { stride, rows } = tableRows(s.n, series.length);
        return (
          <table key={i}>
            <caption>
              {title} — {s.label} ({s.n} points{stride > 1 ? `, every ${stride}th shown` : ""})
            </caption>
            <thead>
              <tr>
                <th scope="col">{xTitle}</th>
                <th scope="col">value</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((j) => (
                <tr key={j}>
                  <td>{formatX(s.x(j))}</td>
                  <td>{s.value(j)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        );
      })}
    </div>
  );
}
