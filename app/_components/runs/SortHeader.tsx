import type { RunsQuery } from "@/lib/runs/run-query";

/** A column header that sorts the table: a real button inside the th (keyboard + aria-sort for free). */
export function SortHeader({
  label,
  sort,
  query,
  onSort,
  align = "left",
}: {
  label: string;
  sort: string;
  query: RunsQuery;
  onSort: (sort: string) => void;
  align?: "left" | "right";
}) {
  const active = query.sort === sort;
  const ariaSort = active ? (query.order === "asc" ? "ascending" : "descending") : "none";
  return (
    <th scope="col" aria-sort={ariaSort} className={`px-2 py-2 font-medium whitespace-nowrap ${align === "right" ? "text-right" : "text-left"}`}>
      <button
        type="button"
        data-testid={`sort-${sort}`}
        onClick={() => onSort(sort)}
        className={`inline-flex items-center gap-1 rounded-sm hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-indigo-500 dark:hover:text-white ${active ? "text-slate-900 dark:text-white" : ""}`}
      >
        {label}
        <span aria-hidden className={active ? "" : "opacity-30"}>
          {active && query.order === "asc" ? "▲" : "▼"}
        </span>
      </button>
    </th>
  );
}
