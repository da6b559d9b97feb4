/** Column headers for the panel's compact tables (events, replayed reductions). */
export function HeaderRow({ columns }: { columns: [label: string, align: "left" | "right"][] }) {
  return (
    <thead className="text-xs text-slate-600 dark:text-slate-400">
      <tr>
        {columns.map(([label, align]) => (
          <th key={label} scope="col" className={`px-2 py-1 font-medium ${align === "right" ? "text-right" : "text-left"}`}>
            {label}
          </th>
        ))}
      </tr>
    </thead>
  );
}
