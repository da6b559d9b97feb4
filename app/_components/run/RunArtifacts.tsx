"use client";

import { useQuery } from "@tanstack/react-query";
import { formatBytes } from "@/lib/format/format-values";
import { ErrorNotice } from "../Notice";
import { runArtifactsQuery } from "../query/queries";

/**
 * The run's artifact files (logged with mlflow.log_artifact and friends): each downloadable,
 * images shown inline. Nothing is shown for a run without artifacts. Paths are user text:
 * rendered as text, and files are served by the artifact proxy with nosniff and a sandbox CSP.
 */
export function RunArtifacts({ runId }: { runId: string }) {
  const { data, error, refetch } = useQuery(runArtifactsQuery(runId));
  if (error) return <ErrorNotice message={`Artifacts: ${error.message}`} onRetry={() => void refetch()} />;
  if (!data || data.files.length === 0) return null;
  const images = data.files.filter((f) => f.image);
  return (
    <section aria-labelledby="artifacts-h" className="space-y-3" data-testid="artifacts">
      <h2 id="artifacts-h" className="text-base font-semibold">
        Artifacts{" "}
        <span className="text-sm font-normal text-slate-500 dark:text-slate-400">
          ({data.files.length}
          {data.truncated ? "+" : ""})
        </span>
      </h2>
      {images.length > 0 && (
        <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3" aria-label="Images">
          {images.map((f) => (
            <li key={f.path} className="space-y-1">
              <a href={f.url} aria-label={`Open ${f.path}`} className="block rounded-md border border-slate-200 p-1 dark:border-slate-700">
                {/* eslint-disable-next-line @next/next/no-img-element -- artifacts are arbitrary files of the run, not optimisable static images */}
                <img src={f.url} alt={f.path} loading="lazy" className="max-h-72 w-full object-contain" data-testid="artifact-image" />
              </a>
              <p className="break-all font-mono text-xs text-slate-600 dark:text-slate-400">{f.path}</p>
            </li>
          ))}
        </ul>
      )}
      <table className="w-full text-sm" data-testid="artifact-table">
        <thead className="text-left text-xs text-slate-500 dark:text-slate-400">
          <tr>
            <th scope="col" className="py-1 pr-3 font-medium">
              File
            </th>
            <th scope="col" className="py-1 text-right font-medium">
              Size
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
          {data.files.map((f) => (
            <tr key={f.path}>
              <td className="break-all py-1 pr-3 font-mono text-xs">
                <a href={f.url} download className="text-indigo-700 underline-offset-2 hover:underline dark:text-indigo-300">
                  {f.path}
                </a>
              </td>
              <td className="py-1 text-right tabular-nums text-xs">{formatBytes(f.size)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {data.truncated && <p className="text-xs text-slate-500">Only the first {data.files.length} files are listed.</p>}
    </section>
  );
}
